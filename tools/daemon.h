/* What snmpx agent and snmpx trapd share as daemons, the way snmpd and
 * snmptrapd do it:
 *
 *  - logging as Net-SNMP's -L flags (snmpcmd(1) "LOGGING OPTIONS"):
 *      -Le / -LE PRI      standard error
 *      -Lo / -LO PRI      standard output
 *      -Lf FILE / -LF PRI FILE   FILE, appended to (reopened on SIGHUP)
 *      -Ls FAC / -LS PRI FAC     syslog(3), facility d (daemon), u (user)
 *                                or 0-7 (local0-local7)
 *      -Ln                no logging
 *    PRI is 0-7 or a name (emerg alert crit err warning notice info
 *    debug, or their first letter), or a range PRI1-PRI2: messages of
 *    that priority or a more urgent one go there.  Several -L options add
 *    several destinations;
 *  - SIGHUP, SIGTERM and SIGINT as flags the main loop reads;
 *  - giving up root after the sockets are bound (-u USER, -g GROUP);
 *  - the pid file. */
#ifndef SNMPX_TOOLS_DAEMON_H
#define SNMPX_TOOLS_DAEMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define DAEMON_LOG_MAX_SINKS 8

typedef enum daemon_sink_kind {
  DAEMON_SINK_STDERR,
  DAEMON_SINK_STDOUT,
  DAEMON_SINK_FILE,
  DAEMON_SINK_SYSLOG
} daemon_sink_kind;

typedef struct daemon_sink {
  daemon_sink_kind kind;
  int pri_max; /* messages of priority <= this (LOG_EMERG 0 .. LOG_DEBUG 7) */
  int pri_min; /* and >= this (a range -LE 1-4) */
  char *path;  /* FILE: owned */
  FILE *f;     /* FILE: open stream */
  int facility; /* SYSLOG */
} daemon_sink;

typedef struct daemon_log {
  daemon_sink sinks[DAEMON_LOG_MAX_SINKS];
  int n;
  bool none;         /* -Ln given */
  const char *ident; /* "snmpx agent": prefixes lines, names syslog's */
  bool stamp;        /* files and streams: a "YYYY-MM-DD HH:MM:SS" first */
} daemon_log;

/** Read one -L option: |arg| is what follows "-L" (getopt's optarg),
 *  |argv|/|*optind| the rest of the command line, from which -Lf, -LF,
 *  -Ls and -LS take their next word when it is not attached.  Files are
 *  not opened yet (daemon_log_open).
 *  @return 0, or -1 after printing "IDENT: -L...: why" to stderr (an
 *  unknown letter, a bad priority or facility, a missing file name, text
 *  after -Le, -Lo or -Ln: "-L FILE" is not a file name). */
int daemon_log_option(daemon_log *l, const char *arg, int argc,
                      char *const *argv, int *optind);

/** Whether a -L option (other than -Ln) named a destination. */
bool daemon_log_given(const daemon_log *l);

/** Add a destination as -L|letter| would, every priority (the defaults:
 *  DAEMON_SINK_STDERR...).  @return 0; -1 when full. */
int daemon_log_add(daemon_log *l, daemon_sink_kind kind, const char *path);

/** Open the files (append) and syslog.  @return 0, or -1 after printing
 *  which file could not be opened and why. */
int daemon_log_open(daemon_log *l);

/** Close every file and reopen it (logrotate moved it away): a file that
 *  cannot be reopened keeps its old stream, and that is logged. */
void daemon_log_reopen(daemon_log *l);

/** Close everything and free what |l| holds. */
void daemon_log_close(daemon_log *l);

/** One message at |pri| (LOG_ERR...), to every destination taking that
 *  priority: "IDENT: " (after a time stamp when l->stamp) and the text
 *  and a newline on streams and files, the text alone to syslog. */
void daemon_logf(daemon_log *l, int pri, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/** |len| bytes of preformatted text (one or more lines, no prefix added)
 *  at |pri| to every destination taking it; syslog gets it as one
 *  message, its last newline dropped. */
void daemon_log_text(daemon_log *l, int pri, const char *text, size_t len);

/** The one stream every message of |pri| goes to when that is all there
 *  is (a single stream or file destination taking |pri|), else NULL: a
 *  fast path for output written by the line (snmpx trapd's). */
FILE *daemon_log_stream(const daemon_log *l, int pri);

/** Parse a priority (0-7 or a name or its first letter).  @return it, or
 *  -1. */
int daemon_parse_priority(const char *s);

/* ---- Signals ----------------------------------------------------------- */

/** Catch SIGHUP, SIGTERM and SIGINT into flags (no SA_RESTART: a blocked
 *  poll returns), ignore SIGPIPE. */
void daemon_signals_install(void);

/** The signal that asked to stop (SIGTERM, SIGINT), or 0. */
int daemon_stop_signal(void);

/** Whether a SIGHUP came since the last call (then cleared). */
bool daemon_take_hup(void);

/* ---- Privileges -------------------------------------------------------- */

typedef struct daemon_ids {
  bool have_uid, have_gid;
  uid_t uid;
  gid_t gid;
  char user[64]; /* as given, for messages */
} daemon_ids;

/** Resolve -u USER (a name or a number; a name also gives its primary
 *  group, as snmpd's -u does, unless |ids| has a group already) into
 *  |ids|.  @return 0, or -1 after printing "IDENT: unknown user 'X'". */
int daemon_ids_user(daemon_ids *ids, const char *ident, const char *user);

/** Resolve -g GROUP (a name or a number) into |ids|.
 *  @return 0, or -1 after printing why. */
int daemon_ids_group(daemon_ids *ids, const char *ident, const char *group);

/** Become |ids|: supplementary groups cleared, then the group, then the
 *  user (each only when given).  Nothing given: nothing done.
 *  @return 0, or -1 after logging why to |l| (the process may not go on
 *  as root when asked not to). */
int daemon_drop_privileges(const daemon_ids *ids, daemon_log *l);

/* ---- Authentication failures ------------------------------------------ */

/** The msgUserName of an SNMPv3 message (RFC 3412 6, RFC 3414 2.4) at
 *  data[0..len) as printable text into out[0..cap) (other bytes as '?'),
 *  for the log line of a message that failed authentication.
 *  @return 0, or -1 (not a USM message: *out is ""). */
int daemon_usm_user(const uint8_t *data, size_t len, char *out, size_t cap);

/* ---- Pid file ---------------------------------------------------------- */

/** Write the process id to |path| (NULL: nothing).  @return 0 or -1. */
int daemon_write_pid(const char *path);

/** |path| made absolute against the working directory, into |buf| (a
 *  daemon works from "/"); NULL and absolute paths as they are. */
const char *daemon_absolute(const char *path, char *buf, size_t cap);

#endif
