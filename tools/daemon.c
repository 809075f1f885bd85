/* Logging, signals, privileges and the pid file of snmpx agent and snmpx
 * trapd, as snmpd and snmptrapd have them (see daemon.h). */
#include "daemon.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <snmpx/snmpx.h>

/* ---- Logging ------------------------------------------------------------ */

static const char *const pri_names[] = {"emerg",   "alert",  "crit", "err",
                                        "warning", "notice", "info", "debug"};

int daemon_parse_priority(const char *s)
{
  if (s[0] >= '0' && s[0] <= '7' && s[1] == '\0')
    return s[0] - '0';
  for (int i = 0; i < 8; i++)
    if (strcmp(s, pri_names[i]) == 0)
      return i;
  /* Net-SNMP also takes the first letter; "e" is emerg (err is "3"). */
  static const char letters[] = "eacwnid";
  static const int letter_pri[] = {0, 1, 2, 4, 5, 6, 7};
  if (s[0] != '\0' && s[1] == '\0')
    for (int i = 0; letters[i] != '\0'; i++)
      if (s[0] == letters[i])
        return letter_pri[i];
  return -1;
}

/* "PRI" or "PRI1-PRI2" into the range a sink takes. */
static int parse_range(const char *s, int *lo, int *hi)
{
  const char *dash = strchr(s, '-');
  if (dash == NULL) {
    int p = daemon_parse_priority(s);
    *lo = 0;
    *hi = p;
    return p < 0 ? -1 : 0;
  }
  char a[16], b[16];
  size_t la = (size_t)(dash - s);
  if (la == 0 || la >= sizeof(a) || strlen(dash + 1) >= sizeof(b))
    return -1;
  memcpy(a, s, la);
  a[la] = '\0';
  strcpy(b, dash + 1);
  int p1 = daemon_parse_priority(a), p2 = daemon_parse_priority(b);
  if (p1 < 0 || p2 < 0)
    return -1;
  *lo = p1 < p2 ? p1 : p2;
  *hi = p1 < p2 ? p2 : p1;
  return 0;
}

static int parse_facility(const char *s)
{
  static const int locals[] = {LOG_LOCAL0, LOG_LOCAL1, LOG_LOCAL2,
                               LOG_LOCAL3, LOG_LOCAL4, LOG_LOCAL5,
                               LOG_LOCAL6, LOG_LOCAL7};
  if (strcmp(s, "d") == 0 || strcmp(s, "daemon") == 0)
    return LOG_DAEMON;
  if (strcmp(s, "u") == 0 || strcmp(s, "user") == 0)
    return LOG_USER;
  if (strncmp(s, "local", 5) == 0)
    s += 5;
  if (s[0] >= '0' && s[0] <= '7' && s[1] == '\0')
    return locals[s[0] - '0'];
  return -1;
}

static daemon_sink *new_sink(daemon_log *l, daemon_sink_kind kind)
{
  if (l->n >= DAEMON_LOG_MAX_SINKS)
    return NULL;
  daemon_sink *s = &l->sinks[l->n++];
  memset(s, 0, sizeof(*s));
  s->kind = kind;
  s->pri_min = 0;
  s->pri_max = LOG_DEBUG;
  return s;
}

int daemon_log_add(daemon_log *l, daemon_sink_kind kind, const char *path)
{
  daemon_sink *s = new_sink(l, kind);
  if (s == NULL)
    return -1;
  if (path != NULL && (s->path = strdup(path)) == NULL) {
    l->n--;
    return -1;
  }
  s->facility = LOG_DAEMON;
  return 0;
}

/* The word attached after the letter(s), else the next argument. */
static const char *word(const char *attached, int argc, char *const *argv,
                        int *optind)
{
  if (attached != NULL && attached[0] != '\0')
    return attached;
  if (*optind < argc)
    return argv[(*optind)++];
  return NULL;
}

static int option_error(const daemon_log *l, const char *arg, const char *why)
{
  fprintf(stderr, "%s: -L%s: %s\n", l->ident, arg, why);
  return -1;
}

int daemon_log_option(daemon_log *l, const char *arg, int argc,
                      char *const *argv, int *optind)
{
  char letter = arg[0];
  const char *rest = letter != '\0' ? arg + 1 : arg;
  if (letter == 'n' || letter == 'e' || letter == 'o') {
    /* "-L FILE" of old is no file name: snmpd would take its first
     * letter; refused rather than guessed. */
    if (rest[0] != '\0')
      return option_error(l, arg, "unknown log option (-Lf FILE logs to a "
                                  "file)");
    if (letter == 'n') {
      l->none = true;
      return 0;
    }
  }
  if (strchr("eoEOfFsS", letter) == NULL || letter == '\0')
    return option_error(l, arg, "unknown log option (-Le, -Lo, -Lf FILE, "
                                "-Ls FACILITY, -Ln, or -LE, -LO, -LF, -LS "
                                "with a priority first)");
  int lo = 0, hi = LOG_DEBUG;
  if (letter == 'E' || letter == 'O' || letter == 'F' || letter == 'S') {
    const char *p = word(rest, argc, argv, optind);
    if (p == NULL || parse_range(p, &lo, &hi) < 0)
      return option_error(l, arg, "needs a priority (0-7, emerg...debug, or "
                                  "PRI1-PRI2)");
    rest = NULL;
  }
  const char *target = NULL;
  if (letter == 'f' || letter == 'F' || letter == 's' || letter == 'S') {
    target = word(rest, argc, argv, optind);
    if (target == NULL)
      return option_error(l, arg, letter == 'f' || letter == 'F'
                                      ? "needs a file name"
                                      : "needs a facility");
  }
  daemon_sink_kind kind =
      letter == 'e' || letter == 'E'   ? DAEMON_SINK_STDERR
      : letter == 'o' || letter == 'O' ? DAEMON_SINK_STDOUT
      : letter == 'f' || letter == 'F' ? DAEMON_SINK_FILE
                                       : DAEMON_SINK_SYSLOG;
  int facility = LOG_DAEMON;
  if (kind == DAEMON_SINK_SYSLOG && (facility = parse_facility(target)) < 0)
    return option_error(l, arg, "unknown facility (d, u, 0-7)");
  if (daemon_log_add(l, kind, kind == DAEMON_SINK_FILE ? target : NULL) < 0)
    return option_error(l, arg, "too many log destinations");
  daemon_sink *s = &l->sinks[l->n - 1];
  s->pri_min = lo;
  s->pri_max = hi;
  s->facility = facility;
  return 0;
}

bool daemon_log_given(const daemon_log *l)
{
  return l->n > 0;
}

int daemon_log_open(daemon_log *l)
{
  bool syslog_open = false;
  for (int i = 0; i < l->n; i++) {
    daemon_sink *s = &l->sinks[i];
    if (s->kind == DAEMON_SINK_FILE && s->f == NULL &&
        (s->f = fopen(s->path, "a")) == NULL) {
      fprintf(stderr, "%s: cannot open log file '%s': %s\n", l->ident,
              s->path, strerror(errno));
      return -1;
    }
    if (s->kind == DAEMON_SINK_SYSLOG && !syslog_open) {
      /* The first syslog destination names the facility of messages
       * that do not say one (each message says its own below). */
      openlog(l->ident, LOG_PID | LOG_NDELAY, s->facility);
      syslog_open = true;
    }
  }
  return 0;
}

void daemon_log_reopen(daemon_log *l)
{
  for (int i = 0; i < l->n; i++) {
    daemon_sink *s = &l->sinks[i];
    if (s->kind != DAEMON_SINK_FILE || s->f == NULL)
      continue;
    FILE *f = fopen(s->path, "a");
    if (f == NULL) {
      daemon_logf(l, LOG_ERR, "cannot reopen log file '%s': %s (going on "
                              "with the one open)",
                  s->path, strerror(errno));
      continue;
    }
    fclose(s->f);
    s->f = f;
  }
}

void daemon_log_close(daemon_log *l)
{
  bool had_syslog = false;
  for (int i = 0; i < l->n; i++) {
    daemon_sink *s = &l->sinks[i];
    if (s->f != NULL)
      fclose(s->f);
    if (s->kind == DAEMON_SINK_SYSLOG)
      had_syslog = true;
    free(s->path);
  }
  if (had_syslog)
    closelog();
  l->n = 0;
}

static FILE *sink_stream(const daemon_sink *s)
{
  return s->kind == DAEMON_SINK_STDERR   ? stderr
         : s->kind == DAEMON_SINK_STDOUT ? stdout
                                         : s->f;
}

static bool takes(const daemon_sink *s, int pri)
{
  return pri >= s->pri_min && pri <= s->pri_max;
}

void daemon_log_text(daemon_log *l, int pri, const char *text, size_t len)
{
  for (int i = 0; i < l->n; i++) {
    daemon_sink *s = &l->sinks[i];
    if (!takes(s, pri))
      continue;
    if (s->kind == DAEMON_SINK_SYSLOG) {
      int n = len > 0 && text[len - 1] == '\n' ? (int)len - 1 : (int)len;
      syslog(s->facility | pri, "%.*s", n, text);
      continue;
    }
    FILE *f = sink_stream(s);
    if (f != NULL)
      fwrite(text, 1, len, f);
  }
}

void daemon_logf(daemon_log *l, int pri, const char *fmt, ...)
{
  char msg[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  char stamp[32] = "";
  if (l->stamp) {
    time_t now = time(NULL);
    struct tm tm;
    strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S ",
             localtime_r(&now, &tm));
  }
  for (int i = 0; i < l->n; i++) {
    daemon_sink *s = &l->sinks[i];
    if (!takes(s, pri))
      continue;
    if (s->kind == DAEMON_SINK_SYSLOG) {
      syslog(s->facility | pri, "%s", msg);
      continue;
    }
    FILE *f = sink_stream(s);
    if (f == NULL)
      continue;
    fprintf(f, "%s%s: %s\n", stamp, l->ident, msg);
    fflush(f);
  }
}

FILE *daemon_log_stream(const daemon_log *l, int pri)
{
  FILE *only = NULL;
  for (int i = 0; i < l->n; i++) {
    const daemon_sink *s = &l->sinks[i];
    if (!takes(s, pri))
      continue;
    if (only != NULL || s->kind == DAEMON_SINK_SYSLOG)
      return NULL;
    only = sink_stream(s);
  }
  return only;
}

/* ---- Signals ------------------------------------------------------------ */

static volatile sig_atomic_t stop_sig;
static volatile sig_atomic_t hup_seen;

static void on_signal(int sig)
{
  if (sig == SIGHUP)
    hup_seen = 1;
  else
    stop_sig = sig;
}

void daemon_signals_install(void)
{
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
}

int daemon_stop_signal(void)
{
  return stop_sig;
}

bool daemon_take_hup(void)
{
  if (!hup_seen)
    return false;
  hup_seen = 0;
  return true;
}

/* ---- Privileges --------------------------------------------------------- */

/* A whole decimal number (a uid or gid), or -1. */
static long number(const char *s)
{
  if (s[0] < '0' || s[0] > '9')
    return -1;
  char *end;
  errno = 0;
  unsigned long v = strtoul(s, &end, 10);
  if (*end != '\0' || errno != 0 || v >= 0x7fffffffUL)
    return -1;
  return (long)v;
}

int daemon_ids_user(daemon_ids *ids, const char *ident, const char *user)
{
  snprintf(ids->user, sizeof(ids->user), "%s", user);
  long n = number(user);
  struct passwd *pw = n >= 0 ? getpwuid((uid_t)n) : getpwnam(user);
  if (n < 0 && pw == NULL) {
    fprintf(stderr, "%s: unknown user '%s'\n", ident, user);
    return -1;
  }
  ids->uid = n >= 0 ? (uid_t)n : pw->pw_uid;
  ids->have_uid = true;
  /* snmpd's -u NAME: that user's group too, unless -g says another. */
  if (!ids->have_gid && pw != NULL && n < 0) {
    ids->gid = pw->pw_gid;
    ids->have_gid = true;
  }
  return 0;
}

int daemon_ids_group(daemon_ids *ids, const char *ident, const char *group)
{
  long n = number(group);
  struct group *gr = n >= 0 ? NULL : getgrnam(group);
  if (n < 0 && gr == NULL) {
    fprintf(stderr, "%s: unknown group '%s'\n", ident, group);
    return -1;
  }
  ids->gid = n >= 0 ? (gid_t)n : gr->gr_gid;
  ids->have_gid = true;
  return 0;
}

int daemon_drop_privileges(const daemon_ids *ids, daemon_log *l)
{
  if (!ids->have_uid && !ids->have_gid)
    return 0;
  /* The groups first: once the user is not root, they cannot change. */
  if (geteuid() == 0 && setgroups(0, NULL) < 0) {
    daemon_logf(l, LOG_ERR, "cannot clear supplementary groups: %s",
                strerror(errno));
    return -1;
  }
  if (ids->have_gid && setgid(ids->gid) < 0) {
    daemon_logf(l, LOG_ERR, "cannot change to group %lu: %s",
                (unsigned long)ids->gid, strerror(errno));
    return -1;
  }
  if (ids->have_uid && setuid(ids->uid) < 0) {
    daemon_logf(l, LOG_ERR, "cannot change to user %s (%lu): %s", ids->user,
                (unsigned long)ids->uid, strerror(errno));
    return -1;
  }
  daemon_logf(l, LOG_INFO, "running as uid %lu, gid %lu",
              (unsigned long)getuid(), (unsigned long)getgid());
  return 0;
}

/* ---- Pid file ----------------------------------------------------------- */

int daemon_write_pid(const char *path)
{
  if (path == NULL)
    return 0;
  FILE *f = fopen(path, "w");
  if (f == NULL)
    return -1;
  fprintf(f, "%ld\n", (long)getpid());
  return fclose(f);
}

const char *daemon_absolute(const char *path, char *buf, size_t cap)
{
  char cwd[4096];
  if (path == NULL || path[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
    return path;
  snprintf(buf, cap, "%s/%s", cwd, path);
  return buf;
}

/* ---- Authentication failures --------------------------------------------- */

int daemon_usm_user(const uint8_t *data, size_t len, char *out, size_t cap)
{
  if (cap == 0)
    return -1;
  out[0] = '\0';
  /* RFC 3412 6: SEQUENCE { msgVersion, msgGlobalData, OCTET STRING
   * msgSecurityParameters, ... }; RFC 3414 2.4: the parameters are
   * SEQUENCE { engineID, boots, time, OCTET STRING msgUserName, ... }. */
  snmpx_ber_reader r, msg, params;
  snmpx_ber_reader_init(&r, data, len);
  if (snmpx_ber_enter(&r, 0x30, &msg) != 0)
    return -1;
  uint8_t tag;
  snmpx_ber_view v;
  for (int i = 0; i < 2; i++)
    if (snmpx_ber_read_tlv(&msg, &tag, &v) != 0)
      return -1;
  if (snmpx_ber_read_tlv(&msg, &tag, &v) != 0 || tag != 0x04)
    return -1;
  snmpx_ber_reader sp;
  snmpx_ber_reader_init(&sp, v.ptr, v.len);
  if (snmpx_ber_enter(&sp, 0x30, &params) != 0)
    return -1;
  for (int i = 0; i < 3; i++)
    if (snmpx_ber_read_tlv(&params, &tag, &v) != 0)
      return -1;
  if (snmpx_ber_read_tlv(&params, &tag, &v) != 0 || tag != 0x04 ||
      v.len > 32)
    return -1;
  /* Printed as text: anything else is shown as '?'. */
  size_t n = 0;
  for (size_t i = 0; i < v.len && n + 1 < cap; i++)
    out[n++] = v.ptr[i] >= 0x20 && v.ptr[i] < 0x7f ? (char)v.ptr[i] : '?';
  out[n] = '\0';
  return 0;
}
