/* snmpx agent: an SNMP agent (v1, v2c, v3 with USM and VACM) serving the
 * standard objects and recorded .snmprec data.  Foreground with logs, or
 * a daemon with a pid file; as snmpd: SIGHUP reads the configuration
 * again (the old one stays when the new one does not load), SIGTERM or
 * SIGINT stop, -L says where logs go, -u/-g give up root once bound. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "agent_conf.h"
#include "agent_state.h"
#include "cli.h"
#include "commands.h"
#include "daemon.h"
#include "tls_conf.h"

typedef struct agent_opts {
  bool daemon;
  const char *pid_file;
  bool quiet;
  const char *user, *group; /* -u, -g */
} agent_opts;

static daemon_log logs = {.ident = "snmpx agent", .stamp = true};

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
  char msg[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  daemon_logf(&logs, LOG_NOTICE, "%s", msg);
}

static void log_line(const char *msg)
{
  logf_("%s", msg);
}

static void host_log(void *ud, const char *msg)
{
  (void)ud;
  logf_("%s", msg);
}

/* The host MIBs in the default context, when served; the extend and
 * exec programs whenever configured, and with the host MIBs even when
 * none is (snmpd serves nsExtendNumEntries.0 = 0). */
static int add_host(agent_conf *c)
{
  bool host = agent_conf_host_data(c);
  if (!host && agent_extend_count(c->extend) == 0)
    return 0;
  snmpx_mib *m = snmpx_agent_context(c->agent, NULL, 0, true);
  if (m != NULL && agent_extend_attach(c->extend, m) < 0)
    m = NULL;
  int rv = m == NULL ? SNMPX_ENOMEM
           : host    ? snmpx_host_attach(c->host, c->agent, m)
                     : 0;
  if (rv < 0) {
    fprintf(stderr, "snmpx agent: host objects: %s\n", snmpx_strerror(rv));
    return -1;
  }
  return 0;
}

static void usage(FILE *out)
{
  fprintf(out,
          "usage: snmpx agent [OPTIONS] [LISTEN_ADDR...]\n\n"
          "Serve SNMP v1, v2c and v3 on LISTEN_ADDR (default udp:161; "
          "udp:127.0.0.1:1161,\n"
          "udp6:[::1]:1161...; a port alone, udp:PORT or udp6:PORT, is every "
          "address).\n"
          "SNMPv3 over TLS (tlstcp:PORT, tls:) and DTLS (dtlsudp:PORT, dtls:) "
          "uses the\n"
          "certificates under tls/ of each directory of $SNMPCONFPATH "
          "(default\n"
          "/etc/snmp:/usr/share/snmp:/usr/lib/x86_64-linux-gnu/snmp:"
          "~/.snmp),\n"
          "presenting the one named snmpd unless localCert says another.\n\n"
          "  -C FILE        read configuration directives from FILE "
          "(repeatable)\n"
          "  -X 'LINE'      one configuration directive (repeatable)\n"
          "  -c COMMUNITY   read-only community (rocommunity COMMUNITY)\n"
          "  -w COMMUNITY   read-write community (rwcommunity COMMUNITY)\n"
          "  -D FILE        serve a .snmprec file (data FILE)\n"
          "  -S FILE        keep engine ID and boots in FILE (stateFile "
          "FILE)\n"
          "  -f             stay in the foreground (the default)\n"
          "  -d             run as a daemon\n"
          "  -p FILE        write the process id to FILE\n"
          "  -Le, -Lo       log to stderr, stdout (default: stderr in the "
          "foreground,\n"
          "                 none as a daemon)\n"
          "  -Lf FILE       log to FILE (appended to; reopened on SIGHUP)\n"
          "  -Ls FACILITY   log to syslog: d (daemon), u (user), 0-7 "
          "(local0-7)\n"
          "  -LE PRI, -LO PRI, -LF PRI FILE, -LS PRI FACILITY\n"
          "                 the same for priority PRI (0-7, emerg..debug) "
          "and above,\n"
          "                 or a range PRI1-PRI2\n"
          "  -Ln, -q        do not log\n"
          "  -u USER        run as USER once listening (a name or a number; "
          "a name\n"
          "                 also gives its group), as agentuser\n"
          "  -g GROUP       run as GROUP once listening, as agentgroup\n"
          "  -h             this help\n\n%s\n"
          "Signals: SIGHUP reads the configuration again (a configuration "
          "that does\n"
          "not load leaves the running one, and the log says why) and "
          "reopens the log\n"
          "file; SIGTERM and SIGINT stop.\n\n"
          "Example:\n"
          "  snmpx agent -c public -D device.snmprec udp:127.0.0.1:1161\n",
          agent_conf_help);
}

/* ---- State file: engine ID and boots (RFC 3414 2.2.2) --------------- */

/* The local engine: configured or persisted ID, boots one more than last
 * time (reset to 1 when the configured ID differs from the saved one).
 * A state file that cannot be read stops the agent before anything is
 * written over it: a guess would lose the engine ID or move boots back. */
static int setup_engine(agent_conf *c)
{
  agent_state saved;
  char err[512];
  memset(&saved, 0, sizeof(saved));
  if (c->state_file != NULL &&
      agent_state_read(c->state_file, &saved, err, sizeof(err)) < 0) {
    fprintf(stderr, "snmpx agent: %s\n", err);
    fprintf(stderr, "snmpx agent: state file '%s' unreadable: not "
                    "starting (fix or remove it)\n",
            c->state_file);
    return -1;
  }
  uint32_t boots = saved.boots;
  snmpx_local_engine local;
  memset(&local, 0, sizeof(local));
  if (c->engine_id_len > 0) {
    local.engine_id = c->engine_id;
    local.engine_id_len = c->engine_id_len;
    if (saved.present && (saved.engine_id_len != c->engine_id_len ||
                          memcmp(saved.engine_id, c->engine_id,
                                 saved.engine_id_len) != 0)) {
      logf_("engineID differs from the one in '%s': boots start at 1",
            c->state_file);
      boots = 0;
    }
  } else if (saved.present) {
    local.engine_id = saved.engine_id;
    local.engine_id_len = saved.engine_id_len;
  }
  /* RFC 3414 2.2.2: at 2147483647 boots stays there (the engine ID
   * should then be reconfigured). */
  if (boots >= 0x7fffffff)
    logf_("warning: snmpEngineBoots at its maximum 2147483647: configure "
          "a new engineID");
  local.boots = boots >= 0x7fffffff ? 0x7fffffff : boots + 1;
  int rv = snmpx_engine_set_local(c->engine, &local);
  if (rv < 0) {
    fprintf(stderr, "snmpx agent: engine: %s\n", snmpx_strerror(rv));
    return -1;
  }
  return 0;
}

/* Record the engine ID and boots in use, once the agent listens: a start
 * that fails (a port taken, say) does not use up a boot. */
static int save_engine_state(agent_conf *c)
{
  const uint8_t *id;
  size_t id_len;
  uint32_t b, t;
  char err[512];
  snmpx_engine_get_local(c->engine, &id, &id_len, &b, &t);
  if (c->state_file != NULL) {
    agent_state now;
    memset(&now, 0, sizeof(now));
    now.engine_id_len = id_len <= sizeof(now.engine_id) ? id_len : 0;
    memcpy(now.engine_id, id, now.engine_id_len);
    now.boots = b;
    if (agent_state_write(c->state_file, &now, err, sizeof(err)) < 0) {
      fprintf(stderr, "snmpx agent: cannot write state file: %s\n", err);
      return -1;
    }
  }
  char hex[80] = "";
  for (size_t i = 0; i < id_len && i < 32; i++)
    snprintf(hex + 2 * i, 3, "%02x", id[i]);
  logf_("engine ID 0x%s, boots %lu", hex, (unsigned long)b);
  return 0;
}

/* ---- Options ---------------------------------------------------------- */

/* The directive |word| with |arg| as one quoted word: -c, -w, -D and -S
 * take any text, of any length, quotes and backslashes included. */
static int add_quick(agent_conf *c, const char *word, const char *arg)
{
  size_t cap = strlen(word) + 2 * strlen(arg) + 4;
  char *line = malloc(cap);
  if (line == NULL) {
    fprintf(stderr, "snmpx agent: out of memory\n");
    return -1;
  }
  size_t n = (size_t)snprintf(line, cap, "%s \"", word);
  for (const char *p = arg; *p != '\0'; p++) {
    if (*p == '"' || *p == '\\')
      line[n++] = '\\';
    line[n++] = *p;
  }
  line[n++] = '"';
  line[n] = '\0';
  int rv = agent_conf_line(c, line);
  free(line);
  return rv;
}

static int parse_args(int argc, char **argv, agent_conf *c, agent_opts *o,
                      daemon_log *l)
{
  static const struct option longopts[] = {{"help", no_argument, NULL, 'h'},
                                           {NULL, 0, NULL, 0}};
  int ch;
  optind = 1;
  opterr = 1;
  c->where = "command line";
  while ((ch = getopt_long(argc, argv, "C:X:c:w:D:S:fdp:L:u:g:qh", longopts,
                           NULL)) != -1) {
    int rv = 0;
    switch (ch) {
    case 'C':
      rv = agent_conf_file(c, optarg);
      break;
    case 'X':
      rv = agent_conf_line(c, optarg);
      break;
    case 'c':
      rv = add_quick(c, "rocommunity", optarg);
      break;
    case 'w':
      rv = add_quick(c, "rwcommunity", optarg);
      break;
    case 'D':
      rv = add_quick(c, "data", optarg);
      break;
    case 'S':
      rv = add_quick(c, "stateFile", optarg);
      break;
    case 'f':
      o->daemon = false;
      break;
    case 'd':
      o->daemon = true;
      break;
    case 'p':
      o->pid_file = optarg;
      break;
    case 'L':
      rv = daemon_log_option(l, optarg, argc, argv, &optind);
      break;
    case 'u':
      o->user = optarg;
      break;
    case 'g':
      o->group = optarg;
      break;
    case 'q':
      o->quiet = true;
      break;
    case 'h':
      usage(stdout);
      return 0;
    default:
      usage(stderr);
      return 1;
    }
    if (rv < 0)
      return 1;
  }
  for (int i = optind; i < argc; i++)
    if (add_quick(c, "agentAddress", argv[i]) < 0)
      return 1;
  if (c->n_listen == 0 && agent_conf_line(c, "agentAddress udp:161") < 0)
    return 1;
  return -1;
}

static int add_standard(agent_conf *c)
{
  snmpx_agent_system sys;
  memset(&sys, 0, sizeof(sys));
  sys.descr = c->sys_strings[0];
  sys.contact = c->sys_strings[1];
  sys.name = c->sys_strings[2];
  sys.location = c->sys_strings[3];
  sys.object_id = snmpx_oid_view(&c->sys_object_id);
  sys.services = c->sys_services;
  sys.writable = true;
  int rv = snmpx_agent_add_standard(c->agent, &sys);
  if (rv < 0) {
    fprintf(stderr, "snmpx agent: %s\n", snmpx_strerror(rv));
    return -1;
  }
  static const uint32_t v2_cap[] = {1, 3, 6, 1, 6, 3, 1};
  static const uint32_t fw_cap[] = {1, 3, 6, 1, 6, 3, 10, 3, 1, 1};
  static const uint32_t mpd_cap[] = {1, 3, 6, 1, 6, 3, 11, 3, 1, 1};
  static const uint32_t usm_cap[] = {1, 3, 6, 1, 6, 3, 15, 2, 1, 1};
  static const uint32_t vacm_cap[] = {1, 3, 6, 1, 6, 3, 16, 2, 2, 1};
  /* In snmpd's order (its sysORIndex numbers). */
  snmpx_agent_add_sysor(c->agent, SNMPX_OIDV(fw_cap),
                        "The SNMP Management Architecture MIB.");
  snmpx_agent_add_sysor(c->agent, SNMPX_OIDV(mpd_cap),
                        "The MIB for Message Processing and Dispatching.");
  snmpx_agent_add_sysor(c->agent, SNMPX_OIDV(usm_cap),
                        "The management information definitions for the "
                        "SNMP User-based Security Model.");
  snmpx_agent_add_sysor(c->agent, SNMPX_OIDV(v2_cap),
                        "The MIB module for SNMP entities");
  snmpx_agent_add_sysor(c->agent, SNMPX_OIDV(vacm_cap),
                        "View-based Access Control Model for SNMP.");
  return 0;
}

/* ---- Configurations ---------------------------------------------------- */

/* Everything one reading of the configuration makes: the agent and its
 * VACM, pass_persist programs and host objects (an agent_conf holds
 * them).  A reload makes a new one aside and swaps it in; the old one
 * lives on until the requests it deferred are answered. */
typedef struct agent_run {
  int argc;
  char **argv;
  snmpx_engine *engine;
  snmpx_io *io;
  agent_conf *cur;
  agent_conf *retiring[8];
  int n_retiring;
  char *opened[2 * AGENT_CONF_MAX_LISTEN]; /* listener specs open */
  int n_opened;
  char cwd[4096]; /* where relative -C paths are read from ("" unknown) */
  bool daemon;    /* works from "/" between reloads */
  bool serving;   /* errors go to the log; before, to stderr */
} agent_run;

/* snmpd logs a v3 message failing authentication ("Authentication failed
 * for USER"); snmpx also logs the other USM refusals and bad
 * communities, with where they came from. */
static void on_auth_failure(void *ud, const snmpx_incoming *in, int reason)
{
  (void)ud;
  (void)reason;
  char from[160];
  snmpx_addr_format_spec(&in->from, from, sizeof(from));
  daemon_logf(&logs, LOG_WARNING,
              "Authentication failure (incorrect community name) from %s",
              from);
}

static void on_drop(void *ud, int reason, const uint8_t *data, size_t len,
                    const snmpx_addr *from)
{
  (void)ud;
  if (reason != SNMPX_EUSM_WRONG_DIGEST && reason != SNMPX_EUSM_UNKNOWN_USER &&
      reason != SNMPX_EUSM_UNSUPPORTED_SECLEVEL &&
      reason != SNMPX_EUSM_DECRYPTION_ERROR)
    return;
  char user[40], where[160];
  daemon_usm_user(data, len, user, sizeof(user));
  snmpx_addr_format_spec(from, where, sizeof(where));
  if (reason == SNMPX_EUSM_WRONG_DIGEST)
    daemon_logf(&logs, LOG_WARNING, "Authentication failed for %s (from %s)",
                user, where);
  else
    daemon_logf(&logs, LOG_WARNING, "%s: %s (from %s)",
                snmpx_strerror(reason), user, where);
}

static void free_conf(agent_conf *c)
{
  if (c == NULL)
    return;
  /* Waiting requests end with the agent; then the programs stop. */
  snmpx_agent_free(c->agent);
  snmpx_host_free(c->host);
  agent_pass_free(c->pass);
  agent_extend_free(c->extend);
  snmpx_vacm_free(c->vacm);
  agent_conf_clear(c);
  free(c);
}

/* A configuration's objects, empty: read into with parse_args. */
static agent_conf *new_conf(agent_run *r)
{
  agent_conf *c = calloc(1, sizeof(*c));
  if (c == NULL)
    return NULL;
  c->vacm = snmpx_vacm_new(NULL);
  snmpx_agent_config ac;
  memset(&ac, 0, sizeof(ac));
  ac.vacm = c->vacm;
  ac.on_auth_failure = on_auth_failure;
  c->agent = c->vacm ? snmpx_agent_new(&ac) : NULL;
  c->pass = c->agent ? agent_pass_new(c->agent, r->io, log_line) : NULL;
  c->extend = c->agent ? agent_extend_new(c->agent, r->io, log_line) : NULL;
  snmpx_host_config hc;
  memset(&hc, 0, sizeof(hc));
  hc.log = host_log;
  hc.notify = agent_notify_host_cb; /* linkUp, linkDown: to the sinks */
  hc.notify_ud = &c->notify;
  c->host = snmpx_host_new(&hc);
  c->engine = r->engine;
  c->io = r->io;
  if (c->pass == NULL || c->extend == NULL || c->host == NULL) {
    free_conf(c);
    return NULL;
  }
  return c;
}

/* Read the command line (and the files it names) into |c|.
 * @return -1 to go on, or an exit status (-h, a bad option or line). */
static int read_conf(agent_run *r, agent_conf *c, agent_opts *o,
                     daemon_log *l)
{
  int status = parse_args(r->argc, r->argv, c, o, l);
  if (status >= 0)
    return status;
  if (agent_conf_engine_id(c) < 0 ||
      agent_conf_persist_start(c, log_line) < 0 || add_standard(c) < 0 ||
      add_host(c) < 0)
    return 1;
  return -1;
}

/* Once |c| answers on the engine: its notification sinks, and what a SET
 * changes from now on is kept (snmpd's persistent file). */
static int start_conf(agent_run *r, agent_conf *c)
{
  if (agent_notify_start(c->notify, r->engine, c->agent,
                         snmpx_oid_view(&c->sys_object_id), log_line) < 0)
    return -1;
  agent_persist_baseline(&c->persist,
                         snmpx_agent_context(c->agent, NULL, 0, false));
  return 0;
}

/* ---- Listeners ----------------------------------------------------------- */

static bool is_open(const agent_run *r, const char *spec)
{
  for (int i = 0; i < r->n_opened; i++)
    if (strcmp(r->opened[i], spec) == 0)
      return true;
  return false;
}

/* An error at start goes to stderr (the command fails), one on a reload
 * to the log (the agent goes on). */
static void listen_error(const agent_run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void listen_error(const agent_run *r, const char *fmt, ...)
{
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  if (r->serving)
    daemon_logf(&logs, LOG_ERR, "%s", msg);
  else
    fprintf(stderr, "snmpx agent: %s\n", msg);
}

static int open_one(agent_run *r, const char *spec)
{
  snmpx_addr a;
  if (snmpx_addr_parse_listen(&a, spec, 161) < 0) {
    listen_error(r, "bad address '%s'", spec);
    return -1;
  }
  int idx = snmpx_io_listen(r->io, &a);
  if (idx < 0) {
    /* A TLS/DTLS listener without a usable certificate says which. */
    const char *why = snmpx_io_tls_error(r->io);
    listen_error(r, "cannot listen on '%s': %s%s%s", spec,
                idx == SNMPX_ESOCKET ? strerror(snmpx_io_last_error(r->io))
                                     : snmpx_strerror(idx),
                why[0] != '\0' && idx != SNMPX_ESOCKET ? ": " : "",
                idx != SNMPX_ESOCKET ? why : "");
    return -1;
  }
  if (r->n_opened < (int)(sizeof(r->opened) / sizeof(r->opened[0])))
    r->opened[r->n_opened++] = strdup(spec);
  char shown[160];
  snmpx_addr bound;
  snmpx_io_listen_addr(r->io, idx, &bound);
  /* UDP as before ("0.0.0.0:161"); other domains by name. */
  if (bound.domain == SNMPX_DOMAIN_UDP)
    snmpx_addr_format(&bound, shown, sizeof(shown));
  else
    snmpx_addr_format_spec(&bound, shown, sizeof(shown));
  logf_("listening on %s", shown);
  return 0;
}

static int open_listeners(agent_run *r, agent_conf *c)
{
  for (int i = 0; i < c->n_listen; i++)
    if (!is_open(r, c->listen[i]) && open_one(r, c->listen[i]) < 0)
      return -1;
  return 0;
}

/* snmpd opens its transports again on a reload; here the ones open stay
 * (requests on them are never lost), new ones open, and one no longer
 * configured is said to stay open until a restart (the io cannot close
 * a listener alone).  One that cannot open is logged; the others serve. */
static void reopen_listeners(agent_run *r, agent_conf *c)
{
  for (int i = 0; i < c->n_listen; i++)
    if (!is_open(r, c->listen[i]))
      (void)open_one(r, c->listen[i]);
  for (int i = 0; i < r->n_opened; i++) {
    bool kept = false;
    for (int j = 0; j < c->n_listen && !kept; j++)
      kept = strcmp(r->opened[i], c->listen[j]) == 0;
    if (!kept)
      daemon_logf(&logs, LOG_WARNING,
                  "'%s' is no longer configured: still listening there "
                  "until a restart",
                  r->opened[i]);
  }
}

/* ---- Reload (SIGHUP) ----------------------------------------------------- */

/* Messages the configuration readers print on stderr, caught in a file
 * while a reload reads (a daemon's stderr goes nowhere), then logged. */
typedef struct capture {
  FILE *tmp;
  int saved_fd;
} capture;

static void capture_begin(capture *cap)
{
  fflush(stderr);
  cap->tmp = tmpfile();
  cap->saved_fd = cap->tmp != NULL ? dup(2) : -1;
  if (cap->saved_fd >= 0)
    dup2(fileno(cap->tmp), 2);
}

static void capture_end(capture *cap)
{
  if (cap->saved_fd < 0) {
    if (cap->tmp != NULL)
      fclose(cap->tmp);
    return;
  }
  fflush(stderr);
  dup2(cap->saved_fd, 2);
  close(cap->saved_fd);
  rewind(cap->tmp);
  char line[2048];
  static const char prefix[] = "snmpx agent: ";
  while (fgets(line, sizeof(line), cap->tmp) != NULL) {
    line[strcspn(line, "\n")] = '\0';
    const char *msg = line;
    if (strncmp(msg, prefix, sizeof(prefix) - 1) == 0)
      msg += sizeof(prefix) - 1;
    if (msg[0] != '\0')
      daemon_logf(&logs, LOG_ERR, "%s", msg);
  }
  fclose(cap->tmp);
}

/* The new configuration |c| takes over from r->cur between two requests:
 * its users replace the engine's, its agent answers from now on, with
 * the old one's sysUpTime; the old agent keeps its deferred requests
 * until they are answered. */
static void swap_in(agent_run *r, agent_conf *c, snmpx_engine *scratch)
{
  agent_conf *old = r->cur;
  if (snmpx_engine_replace_users(r->engine, scratch) < 0)
    daemon_logf(&logs, LOG_ERR, "out of memory replacing USM users: some "
                                "may be the old ones");
  uint64_t start = snmpx_agent_start(old->agent);
  snmpx_agent_attach(c->agent, r->engine);
  snmpx_agent_set_start(c->agent, start);
  c->engine = r->engine;
  c->io = r->io;
  r->cur = c;
  const uint8_t *id;
  size_t id_len;
  snmpx_engine_get_local(r->engine, &id, &id_len, NULL, NULL);
  if (c->engine_id_len > 0 &&
      (c->engine_id_len != id_len || memcmp(c->engine_id, id, id_len) != 0))
    daemon_logf(&logs, LOG_WARNING,
                "engineID changed in the configuration: the running one "
                "stays until a restart");
  reopen_listeners(r, c);
  if (snmpx_agent_waiting(old->agent) == 0) {
    free_conf(old);
    return;
  }
  /* Too many reloads with slow programs: the oldest goes, its waiting
   * requests unanswered (their managers retry). */
  if (r->n_retiring == (int)(sizeof(r->retiring) / sizeof(r->retiring[0]))) {
    free_conf(r->retiring[0]);
    memmove(r->retiring, r->retiring + 1,
            (size_t)(r->n_retiring - 1) * sizeof(r->retiring[0]));
    r->n_retiring--;
  }
  r->retiring[r->n_retiring++] = old;
}

static void reload(agent_run *r)
{
  logf_("Reconfiguring daemon");
  daemon_log_reopen(&logs);
  /* Users and TLS words are read into a scratch engine and io: nothing
   * live changes unless the whole configuration loads. */
  snmpx_engine *scratch = snmpx_engine_new(NULL);
  snmpx_io *sio = scratch != NULL ? snmpx_io_new(scratch, NULL) : NULL;
  agent_conf *c = sio != NULL ? new_conf(r) : NULL;
  int status = 1;
  if (c != NULL) {
    c->engine = scratch;
    c->io = sio;
    agent_opts o;
    memset(&o, 0, sizeof(o));
    daemon_log l = {.ident = "snmpx agent"};
    capture cap;
    capture_begin(&cap);
    /* Relative file names read as at start, not from a daemon's "/". */
    if (r->cwd[0] != '\0' && chdir(r->cwd) < 0)
      fprintf(stderr, "snmpx agent: cannot go back to '%s': %s\n", r->cwd,
              strerror(errno));
    snmpx_io_tls_opts tls_opts = {NULL, "snmpd"};
    if (tls_conf_index(sio, "snmpx agent: ") == 0 &&
        snmpx_io_set_tls_opts(sio, &tls_opts) == 0)
      status = read_conf(r, c, &o, &l);
    if (r->daemon && chdir("/") < 0)
      fprintf(stderr, "snmpx agent: chdir /: %s\n", strerror(errno));
    capture_end(&cap);
    daemon_log_close(&l);
  }
  if (status == -1) {
    swap_in(r, c, scratch);
    if (start_conf(r, c) < 0)
      daemon_logf(&logs, LOG_ERR, "notification sinks of the new "
                                  "configuration not started");
    logf_("snmpx %s restarted (configuration read again, %d access "
          "entries)",
          SNMPX_VERSION_STRING, c->n_access);
    agent_notify_restart(c->notify); /* nsNotifyRestart, as snmpd */
  } else {
    if (c == NULL)
      daemon_logf(&logs, LOG_ERR, "out of memory");
    daemon_logf(&logs, LOG_ERR, "configuration not reloaded: going on with "
                                "the running one");
    free_conf(c);
  }
  snmpx_io_free(sio);
  snmpx_engine_free(scratch);
}

/* ---- Running ------------------------------------------------------------- */

static int64_t min_wait(int64_t wait, int64_t deadline, int64_t now)
{
  if (deadline < 0)
    return wait;
  int64_t left = deadline - now;
  return left <= 0 ? 0 : left < wait ? left : wait;
}

/* Tick the configurations replaced by a reload; free those with nothing
 * left waiting. */
static void tick_retiring(agent_run *r)
{
  int kept = 0;
  for (int i = 0; i < r->n_retiring; i++) {
    agent_conf *c = r->retiring[i];
    snmpx_agent_tick(c->agent);
    snmpx_host_tick(c->host);
    if (snmpx_agent_waiting(c->agent) == 0)
      free_conf(c);
    else
      r->retiring[kept++] = c;
  }
  r->n_retiring = kept;
}

static int serve(agent_run *r, agent_opts *o)
{
  daemon_signals_install();
  r->serving = true;
  logf_("ready (%d access entries)", r->cur->n_access);
  int failed = 0;
  while (!daemon_stop_signal()) {
    if (daemon_take_hup())
      reload(r);
    agent_conf *c = r->cur;
    /* Wake up for the engine (inside run_once), for the signals (at
     * least each second), and for handlers' deadlines. */
    int64_t wait = 1000;
    int64_t now = (int64_t)snmpx_engine_now(r->engine);
    wait = min_wait(wait, snmpx_agent_next_deadline(c->agent), now);
    for (int i = 0; i < r->n_retiring; i++)
      wait = min_wait(wait, snmpx_agent_next_deadline(r->retiring[i]->agent),
                      now);
    wait = min_wait(wait, snmpx_host_next_tick(c->host),
                    (int64_t)snmpx_host_now(c->host));
    if (snmpx_io_run_once(r->io, (int)wait) < 0) {
      daemon_logf(&logs, LOG_ERR, "poll failed: %s", strerror(errno));
      failed = 1;
      break;
    }
    snmpx_agent_tick(c->agent);
    snmpx_host_tick(c->host);
    agent_extend_tick(c->extend);
    agent_notify_poll_auth(c->notify);
    agent_persist_poll(&c->persist, snmpx_agent_context(c->agent, NULL, 0,
                                                        false),
                       c->notify, log_line);
    if (r->n_retiring > 0)
      tick_retiring(r);
  }
  agent_notify_shutdown(r->cur->notify);
  snmpx_agent_stats st;
  snmpx_agent_get_stats(r->cur->agent, &st);
  if (daemon_stop_signal())
    daemon_logf(&logs, LOG_NOTICE,
                "Received TERM or STOP signal...  shutting down "
                "(stopping on signal %d after %llu requests since the last "
                "configuration)",
                daemon_stop_signal(), (unsigned long long)st.in_requests);
  if (o->pid_file != NULL && !r->cur->leave_pidfile &&
      unlink(o->pid_file) < 0)
    daemon_logf(&logs, LOG_WARNING, "cannot remove pid file '%s': %s",
                o->pid_file, strerror(errno));
  return failed;
}

/* -u/-g, else agentuser/agentgroup.  @return 0 or -1 (printed). */
static int resolve_ids(const agent_conf *c, const agent_opts *o,
                       daemon_ids *ids)
{
  memset(ids, 0, sizeof(*ids));
  const char *group = o->group != NULL ? o->group : c->agent_group;
  const char *user = o->user != NULL ? o->user : c->agent_user;
  if (group != NULL && daemon_ids_group(ids, "snmpx agent", group) < 0)
    return -1;
  if (user != NULL && daemon_ids_user(ids, "snmpx agent", user) < 0)
    return -1;
  return 0;
}

/* The state file is written once at start (before giving up root); a
 * later write (a restart as the same user reads it first) needs it
 * readable: say so now rather than at the next start. */
static void check_state_access(const agent_conf *c)
{
  if (c->state_file != NULL && access(c->state_file, R_OK | W_OK) != 0)
    daemon_logf(&logs, LOG_WARNING,
                "state file '%s' is not readable and writable as uid %lu: "
                "%s",
                c->state_file, (unsigned long)getuid(), strerror(errno));
}

/* Daemon, pid file, then root given up, in that order: the pid file of a
 * daemon in /run is written as root, as snmpd writes it. */
static int become_daemon(agent_run *r, agent_opts *o, const daemon_ids *ids)
{
  static char pid_path[8192];
  o->pid_file = daemon_absolute(o->pid_file, pid_path, sizeof(pid_path));
  if (o->daemon && daemon(0, 0) < 0) {
    daemon_logf(&logs, LOG_ERR, "daemon: %s", strerror(errno));
    return -1;
  }
  if (daemon_write_pid(o->pid_file) < 0) {
    daemon_logf(&logs, LOG_ERR, "cannot write pid file '%s': %s", o->pid_file,
                strerror(errno));
    return -1;
  }
  if (daemon_drop_privileges(ids, &logs) < 0) {
    if (o->pid_file != NULL)
      unlink(o->pid_file);
    return -1;
  }
  if (ids->have_uid || ids->have_gid)
    check_state_access(r->cur);
  return 0;
}

int cmd_agent(int argc, char **argv)
{
  agent_run r;
  agent_opts o;
  memset(&r, 0, sizeof(r));
  memset(&o, 0, sizeof(o));
  r.argc = argc;
  r.argv = argv;
  r.engine = snmpx_engine_new(NULL);
  r.io = r.engine ? snmpx_io_new(r.engine, NULL) : NULL;
  r.cur = r.io ? new_conf(&r) : NULL;
  int status = 1;
  if (r.cur == NULL) {
    fprintf(stderr, "snmpx agent: out of memory\n");
    goto out;
  }
  agent_conf *c = r.cur;
  /* snmpd's certificates: indexed before the lines that name them; the
   * one it presents by default is named after it. */
  snmpx_io_tls_opts tls_opts = {NULL, "snmpd"};
  if (tls_conf_index(r.io, "snmpx agent: ") != 0 ||
      snmpx_io_set_tls_opts(r.io, &tls_opts) != 0)
    goto out;
  status = read_conf(&r, c, &o, &logs);
  if (status >= 0)
    goto out;
  status = 1;
  /* Logs: as -L says; else stderr in the foreground, none as a daemon
   * (-q: none). */
  if (o.quiet || logs.none)
    daemon_log_close(&logs);
  else if (!daemon_log_given(&logs) && !o.daemon)
    daemon_log_add(&logs, DAEMON_SINK_STDERR, NULL);
  daemon_ids ids;
  if (daemon_log_open(&logs) < 0 || resolve_ids(c, &o, &ids) < 0)
    goto out;
  snmpx_engine_set_drop_cb(r.engine, on_drop, NULL);
  r.daemon = o.daemon;
  if (getcwd(r.cwd, sizeof(r.cwd)) == NULL)
    r.cwd[0] = '\0';
  if (c->n_access == 0)
    logf_("warning: no community and no user has access: every request "
          "will be refused");
  if (setup_engine(c) < 0 || snmpx_agent_attach(c->agent, r.engine) < 0 ||
      open_listeners(&r, c) < 0 || save_engine_state(c) < 0 ||
      start_conf(&r, c) < 0 || become_daemon(&r, &o, &ids) < 0)
    goto out;
  agent_notify_cold_start(c->notify); /* as snmpd, once it serves */
  status = serve(&r, &o);
out:
  for (int i = 0; i < r.n_retiring; i++)
    free_conf(r.retiring[i]);
  free_conf(r.cur);
  for (int i = 0; i < r.n_opened; i++)
    free(r.opened[i]);
  snmpx_io_free(r.io);
  snmpx_engine_free(r.engine);
  daemon_log_close(&logs);
  return status;
}
