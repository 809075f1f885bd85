/* snmpx agent: programs whose output is served as snmpd 5.9 serves them:
 * `extend` (NET-SNMP-EXTEND-MIB's nsExtendConfigTable,
 * nsExtendOutput1Table, nsExtendOutput2Table) and `exec` (the same, and
 * UCD-SNMP-MIB's extTable).  A program runs when its output is asked for
 * and the last run is older than its cache time (nsExtendCacheTime, 5 s),
 * as snmpd's cache does, but never blocks the agent: the request waits as
 * a deferred handler answer (snmpx_mib_req_defer) while the program's
 * pipe is watched by the agent's loop, and other requests are served
 * meanwhile. */
#ifndef SNMPX_TOOLS_AGENT_EXTEND_H
#define SNMPX_TOOLS_AGENT_EXTEND_H

#include <stddef.h>

#include <snmpx/snmpx.h>

#include "agent_pass.h"

typedef struct agent_extend agent_extend;

/** A set of programs for |agent| whose pipes |io| watches (both borrowed;
 *  free this first).  |log| may be NULL.  @return NULL on no memory. */
agent_extend *agent_extend_new(snmpx_agent *agent, snmpx_io *io,
                               agent_pass_log log);

/** Stop every running program (SIGTERM, then reaped) and free.  NULL:
 *  no-op. */
void agent_extend_free(agent_extend *x);

/** One snmpd.conf directive: `extend [-cacheTime S] [-execType exec|sh]
 *  [.OID] NAME PROG [ARGS]`, `extend-sh ...` (run by /bin/sh), `exec
 *  NAME PROG [ARGS]` and `sh NAME PROG [ARGS]` (also in extTable),
 *  `extendfix NAME PROG [ARGS]` and `execFix NAME PROG [ARGS]` (the
 *  entry NAMEFix, run-on-set as snmpd shows it; execFix also gives exec
 *  NAME's extErrFixCmd).
 *  |word| in any case, as snmpd takes it; |args| the rest of the line.
 *  @return 1 taken; 0 not an extend word; -1 refused (why in |err|, |cap|
 *  bytes, without the file:line). */
int agent_extend_conf(agent_extend *x, const char *word, const char *args,
                      char *err, size_t cap);

/** Number of programs configured (0 for NULL). */
int agent_extend_count(const agent_extend *x);

/** Register the tables in |mib| (snmpd serves them even with no entry:
 *  nsExtendNumEntries.0 is 0).  A subtree already served (recorded data)
 *  is left out.  @return 0; -1 on no memory. */
int agent_extend_attach(agent_extend *x, snmpx_mib *mib);

/** Reap programs that closed their output without exiting yet (where the
 *  kernel offers no pidfd to watch).  Call now and then (each second). */
void agent_extend_tick(agent_extend *x);

/** Split |output| (a program's, |len| bytes) as snmpd does: one trailing
 *  newline dropped, then lines at each newline.  Fills |starts| with the
 *  offsets of up to |cap| lines.  @return the number of lines (>= 1),
 *  which may exceed |cap|; *|kept| the length after the drop.  A test and
 *  fuzzing entry point. */
size_t agent_extend_split(const char *output, size_t len, size_t *kept,
                          size_t *starts, size_t cap);

/** Split a command line into words as snmpd's tokenize_exec_command
 *  (blanks separate; '...' and "..." quote) into |argv| (|cap| entries,
 *  NULL-terminated, pointing into |buf|, a writable copy of the line).
 *  @return the number of words. */
int agent_extend_words(char *buf, char **argv, int cap);

#endif
