/* snmpx agent: an SNMP agent (v1, v2c, v3 with USM and VACM) serving the
 * standard objects and recorded .snmprec data.  Foreground with logs, or
 * a daemon with a pid file; stops cleanly on SIGTERM or SIGINT. */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent_conf.h"
#include "agent_state.h"
#include "cli.h"
#include "commands.h"
#include "tls_conf.h"

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
  stop_signal = sig;
}

typedef struct agent_opts {
  bool daemon;
  const char *pid_file;
  const char *log_file;
  bool quiet;
} agent_opts;

static FILE *log_out;

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
  if (log_out == NULL)
    return;
  char stamp[32];
  time_t now = time(NULL);
  struct tm tm;
  strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", localtime_r(&now, &tm));
  fprintf(log_out, "%s snmpx agent: ", stamp);
  va_list ap;
  va_start(ap, fmt);
  vfprintf(log_out, fmt, ap);
  va_end(ap);
  fputc('\n', log_out);
  fflush(log_out);
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
          "  -L FILE        log to FILE (default: stderr in the foreground, "
          "none as\n"
          "                 a daemon)\n"
          "  -q             do not log\n"
          "  -h             this help\n\n%s\n"
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

static int parse_args(int argc, char **argv, agent_conf *c, agent_opts *o)
{
  static const struct option longopts[] = {{"help", no_argument, NULL, 'h'},
                                           {NULL, 0, NULL, 0}};
  int ch;
  optind = 1;
  opterr = 1;
  c->where = "command line";
  while ((ch = getopt_long(argc, argv, "C:X:c:w:D:S:fdp:L:qh", longopts,
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
      o->log_file = optarg;
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

/* ---- Running ---------------------------------------------------------- */

static int open_listeners(agent_conf *c, snmpx_io *io)
{
  for (int i = 0; i < c->n_listen; i++) {
    snmpx_addr a;
    if (snmpx_addr_parse_listen(&a, c->listen[i], 161) < 0) {
      fprintf(stderr, "snmpx agent: bad address '%s'\n", c->listen[i]);
      return -1;
    }
    int idx = snmpx_io_listen(io, &a);
    if (idx < 0) {
      /* A TLS/DTLS listener without a usable certificate says which. */
      const char *why = snmpx_io_tls_error(io);
      fprintf(stderr, "snmpx agent: cannot listen on '%s': %s%s%s\n",
              c->listen[i],
              idx == SNMPX_ESOCKET ? strerror(snmpx_io_last_error(io))
                                   : snmpx_strerror(idx),
              why[0] != '\0' && idx != SNMPX_ESOCKET ? ": " : "",
              idx != SNMPX_ESOCKET ? why : "");
      return -1;
    }
    char shown[160];
    snmpx_addr bound;
    snmpx_io_listen_addr(io, idx, &bound);
    /* UDP as before ("0.0.0.0:161"); other domains by name. */
    if (bound.domain == SNMPX_DOMAIN_UDP)
      snmpx_addr_format(&bound, shown, sizeof(shown));
    else
      snmpx_addr_format_spec(&bound, shown, sizeof(shown));
    logf_("listening on %s", shown);
  }
  return 0;
}

static int write_pid(const char *path)
{
  FILE *f = fopen(path, "w");
  if (f == NULL)
    return -1;
  fprintf(f, "%ld\n", (long)getpid());
  return fclose(f);
}

/* A daemon works from "/": a relative pid file path is made absolute
 * first, into |buf|. */
static const char *absolute(const char *path, char *buf, size_t cap)
{
  char cwd[4096];
  if (path == NULL || path[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
    return path;
  snprintf(buf, cap, "%s/%s", cwd, path);
  return buf;
}

static int serve(agent_conf *c, snmpx_io *io, agent_opts *o)
{
  char pid_path[8192];
  o->pid_file = absolute(o->pid_file, pid_path, sizeof(pid_path));
  if (o->daemon && daemon(0, 0) < 0) {
    fprintf(stderr, "snmpx agent: daemon: %s\n", strerror(errno));
    return 1;
  }
  if (o->pid_file != NULL && write_pid(o->pid_file) < 0) {
    logf_("cannot write pid file '%s'", o->pid_file);
    return 1;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
  logf_("ready (%d access entries)", c->n_access);
  while (!stop_signal) {
    /* Wake up for the engine (inside run_once), for the signals (at
     * least each second), and for handlers' deadlines. */
    int wait = 1000;
    int64_t dl = snmpx_agent_next_deadline(c->agent);
    if (dl >= 0) {
      int64_t left = dl - (int64_t)snmpx_engine_now(c->engine);
      wait = left <= 0 ? 0 : left < wait ? (int)left : wait;
    }
    int64_t ht = snmpx_host_next_tick(c->host);
    if (ht >= 0) {
      int64_t left = ht - (int64_t)snmpx_host_now(c->host);
      wait = left <= 0 ? 0 : left < wait ? (int)left : wait;
    }
    if (snmpx_io_run_once(io, wait) < 0) {
      logf_("poll failed: %s", strerror(errno));
      break;
    }
    snmpx_agent_tick(c->agent);
    snmpx_host_tick(c->host);
    agent_extend_tick(c->extend);
    agent_notify_poll_auth(c->notify);
    agent_persist_poll(&c->persist, snmpx_agent_context(c->agent, NULL, 0,
                                                        false),
                       c->notify, log_line);
  }
  agent_notify_shutdown(c->notify);
  snmpx_agent_stats st;
  snmpx_agent_get_stats(c->agent, &st);
  logf_("stopping on signal %d after %llu requests", (int)stop_signal,
        (unsigned long long)st.in_requests);
  if (o->pid_file != NULL && !c->leave_pidfile)
    unlink(o->pid_file);
  return stop_signal ? 0 : 1;
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

int cmd_agent(int argc, char **argv)
{
  agent_conf c;
  agent_opts o;
  memset(&c, 0, sizeof(c));
  memset(&o, 0, sizeof(o));
  c.engine = snmpx_engine_new(NULL);
  c.vacm = snmpx_vacm_new(NULL);
  snmpx_agent_config ac;
  memset(&ac, 0, sizeof(ac));
  ac.vacm = c.vacm;
  c.agent = c.vacm ? snmpx_agent_new(&ac) : NULL;
  snmpx_io *io = c.engine ? snmpx_io_new(c.engine, NULL) : NULL;
  c.pass = io && c.agent ? agent_pass_new(c.agent, io, log_line) : NULL;
  c.extend = io && c.agent ? agent_extend_new(c.agent, io, log_line) : NULL;
  snmpx_host_config hc;
  memset(&hc, 0, sizeof(hc));
  hc.log = host_log;
  hc.notify = agent_notify_host_cb; /* linkUp, linkDown: to the sinks */
  hc.notify_ud = &c.notify;
  c.host = snmpx_host_new(&hc);
  int status = 1;
  if (c.pass == NULL || c.extend == NULL || c.host == NULL) {
    fprintf(stderr, "snmpx agent: out of memory\n");
    goto out;
  }
  /* snmpd's certificates: indexed before the lines that name them; the
   * one it presents by default is named after it. */
  c.io = io;
  snmpx_io_tls_opts tls_opts = {NULL, "snmpd"};
  if (tls_conf_index(io, "snmpx agent: ") != 0 ||
      snmpx_io_set_tls_opts(io, &tls_opts) != 0)
    goto out;
  /* Logs go to stderr until parsing says otherwise. */
  log_out = stderr;
  status = parse_args(argc, argv, &c, &o);
  if (status >= 0)
    goto out;
  status = 1;
  if (o.quiet)
    log_out = NULL;
  else if (o.log_file != NULL && (log_out = fopen(o.log_file, "a")) == NULL) {
    fprintf(stderr, "snmpx agent: cannot open log '%s'\n", o.log_file);
    goto out;
  } else if (o.log_file == NULL && o.daemon)
    log_out = NULL;
  if (c.n_access == 0)
    logf_("warning: no community and no user has access: every request "
          "will be refused");
  if (agent_conf_engine_id(&c) < 0 ||
      agent_conf_persist_start(&c, log_line) < 0 || add_standard(&c) < 0 ||
      add_host(&c) < 0 || setup_engine(&c) < 0 ||
      snmpx_agent_attach(c.agent, c.engine) < 0 ||
      open_listeners(&c, io) < 0 || save_engine_state(&c) < 0 ||
      agent_notify_start(c.notify, c.engine, c.agent,
                         snmpx_oid_view(&c.sys_object_id), log_line) < 0)
    goto out;
  agent_persist_baseline(&c.persist,
                         snmpx_agent_context(c.agent, NULL, 0, false));
  agent_notify_cold_start(c.notify); /* as snmpd, once it serves */
  status = serve(&c, io, &o);
out:
  if (log_out != NULL && log_out != stderr)
    fclose(log_out);
  log_out = NULL;
  /* Waiting requests end with the agent; then the programs stop. */
  snmpx_agent_free(c.agent);
  snmpx_host_free(c.host);
  agent_pass_free(c.pass);
  agent_extend_free(c.extend);
  snmpx_io_free(io);
  snmpx_engine_free(c.engine);
  snmpx_vacm_free(c.vacm);
  agent_conf_clear(&c);
  return status;
}
