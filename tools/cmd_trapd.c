/* snmpx trapd: a notification receiver in the manner of Net-SNMP's
 * snmptrapd.
 *
 *   snmpx trapd [-f] [-n] [-C] [-c FILE] [-Lo|-Le|-Lf FILE] [-O OPTS]
 *               [-p PIDFILE] [--json] [--exec CMD] [--queue N]
 *               [--community C] [ADDRESS]...
 *
 * Listens on every ADDRESS (default udp:162), prints each notification as
 * snmptrapd prints it by default (or as a JSON line), and optionally runs
 * a command per notification through a bounded queue that never blocks the
 * receiver.  Runs in the foreground until SIGINT or SIGTERM, then prints
 * its counters on stderr. */
#include <arpa/inet.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "daemon.h"
#include "format.h"
#include "trapd_conf.h"
#include "tls_conf.h"
#include "trapd_exec.h"
#include "trapd_format.h"

typedef struct trapd {
  trapd_fmt fmt;
  bool json;
  FILE *out;
  trapd_exec *exec;
  uint64_t exec_nomem; /* not passed to the command: out of memory */
  snmpx_receiver *receiver;
} trapd;

static const char usage_text[] =
    "USAGE: snmpx trapd [OPTIONS] [LISTENING ADDRESSES]\n"
    "\n"
    "  Receives SNMP notifications (v1, v2c, v3 traps and informs) and\n"
    "  prints them as Net-SNMP's snmptrapd does.  Default address:\n"
    "  udp:162.  Addresses: udp:[HOST:]PORT, udp6:[ADDR]:PORT, PORT,\n"
    "  tcp:, tcp6:, unix:PATH, and SNMPv3 over TLS (tlstcp:PORT, tls:) and\n"
    "  DTLS (dtlsudp:PORT, dtls:) with the certificates under tls/ of each\n"
    "  directory of $SNMPCONFPATH (default /etc/snmp:/usr/share/snmp:\n"
    "  /usr/lib/x86_64-linux-gnu/snmp:~/.snmp), presenting the one named\n"
    "  snmptrapd unless localCert says another; certSecName, trustCert,\n"
    "  tsmUseTransportPrefix, [snmp] localCert... and authUser -s tsm\n"
    "  in the configuration, as snmptrapd.conf's.\n"
    "\n"
    "OPTIONS:\n"
    "  -h, --help\t\tdisplay this help message\n"
    "  -c FILE[,FILE]\t\tread snmptrapd.conf directives from FILE\n"
    "  -C\t\t\tread no default configuration (snmpx never does)\n"
    "  -f\t\t\tstay in the foreground (snmpx always does)\n"
    "  -n\t\t\tprint addresses, do not look up host names\n"
    "  -L o|e|f FILE\t\tprint to stdout (default), stderr or FILE\n"
    "\t\t\t(SIGHUP reopens FILE; SIGTERM, SIGINT stop)\n"
    "  -O OUTOPTS\t\tvalue and OID output options, as snmpget's\n"
    "  -p FILE\t\twrite the process id to FILE\n"
    "  --json\t\tone JSON object per notification instead\n"
    "  --exec COMMAND\t\trun COMMAND per notification (sh -c), the\n"
    "\t\t\tnotification on its stdin (as snmptrapd's traphandle)\n"
    "  --queue N\t\tnotifications waiting for COMMAND at most (1000);\n"
    "\t\t\tbeyond, they are not passed to it and this is said\n"
    "  --community C\t\taccept v1/v2c notifications with community C\n"
    "\t\t\t(as 'authCommunity log C')\n";

/* What the command gets: the JSON line with --json, else snmptrapd's
 * traphandle text.  @return a malloc'd buffer, or NULL (out of memory). */
static char *command_input(trapd *d, const snmpx_notification *n,
                           int64_t ms_now, size_t *len)
{
  char *buf = NULL;
  FILE *ms = open_memstream(&buf, len);
  if (ms == NULL)
    return NULL;
  if (d->json)
    trapd_print_json(ms, &d->fmt, n, ms_now);
  else
    trapd_print_handler(ms, &d->fmt, n);
  fclose(ms);
  return buf;
}

static void on_notification(void *ud, const snmpx_notification *n)
{
  trapd *d = ud;
  struct timeval tv;
  gettimeofday(&tv, NULL);
  int64_t ms_now = (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
  size_t len = 0;
  char *buf = d->exec != NULL ? command_input(d, n, ms_now, &len) : NULL;
  if (d->json && buf != NULL)
    fwrite(buf, 1, len, d->out); /* formatted once for both */
  else if (d->json)
    trapd_print_json(d->out, &d->fmt, n, ms_now);
  else
    trapd_print_text(d->out, &d->fmt, n, tv.tv_sec);
  if (d->exec == NULL)
    return;
  /* Drops are said on the 1st, 2nd, 4th, 8th...: visible, never a flood. */
  if (buf == NULL) {
    uint64_t nomem = ++d->exec_nomem;
    if ((nomem & (nomem - 1)) == 0)
      fprintf(stderr,
              "snmpx trapd: out of memory: notification not passed to the "
              "command (%" PRIu64 " so far)\n",
              nomem);
    return;
  }
  uint64_t dropped = trapd_exec_push(d->exec, buf, len);
  if (dropped != 0 && (dropped & (dropped - 1)) == 0)
    fprintf(stderr,
            "snmpx trapd: command queue full: notification not passed "
            "to the command (%" PRIu64 " so far)\n",
            dropped);
}

static int listen_on(snmpx_io *io, trapd *d, const char *spec)
{
  snmpx_addr a;
  if (snmpx_addr_parse_listen(&a, spec, 162) != 0) {
    fprintf(stderr, "snmpx trapd: cannot parse address '%s'\n", spec);
    return -1;
  }
  int idx = snmpx_io_listen(io, &a);
  if (idx < 0) {
    /* A TLS/DTLS listener without a usable certificate says which. */
    const char *why = snmpx_io_tls_error(io);
    bool tls = idx != SNMPX_ESOCKET && why[0] != '\0';
    fprintf(stderr, "snmpx trapd: cannot listen on %s: %s%s%s\n", spec,
            idx == SNMPX_ESOCKET ? strerror(snmpx_io_last_error(io))
                                 : snmpx_strerror(idx),
            tls ? ": " : "", tls ? why : "");
    return -1;
  }
  snmpx_addr bound;
  if (!d->fmt.have_local4 && snmpx_io_listen_addr(io, idx, &bound) == 0 &&
      bound.domain == SNMPX_DOMAIN_UDP && bound.u.sa.sa_family == AF_INET) {
    d->fmt.local4 = bound;
    d->fmt.have_local4 = true;
  }
  return 0;
}

typedef struct trapd_opts {
  const char *config;
  const char *pidfile;
  const char *logfile;
  bool log_stderr;
  const char *exec;
  size_t queue;
  const char **communities;
  size_t n_communities;
  const char *mibs, *mibdirs; /* -m, -M */
} trapd_opts;

/* @return -1 to go on, or an exit status. */
static int parse_options(int argc, char **argv, trapd *d, trapd_opts *o)
{
  enum { OPT_JSON = 256, OPT_EXEC, OPT_QUEUE, OPT_COMMUNITY };
  static const struct option longopts[] = {
      {"help", no_argument, NULL, 'h'},
      {"json", no_argument, NULL, OPT_JSON},
      {"exec", required_argument, NULL, OPT_EXEC},
      {"queue", required_argument, NULL, OPT_QUEUE},
      {"community", required_argument, NULL, OPT_COMMUNITY},
      {NULL, 0, NULL, 0}};
  int ch;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "hfnCc:L:O:p:m:M:", longopts, NULL)) !=
         -1) {
    switch (ch) {
    case 'h':
      fputs(usage_text, stdout);
      return 0;
    case 'f':
    case 'C':
      break;
    case 'm':
      o->mibs = optarg;
      break;
    case 'M':
      o->mibdirs = optarg;
      break;
    case 'n':
      d->fmt.numeric_hosts = true;
      break;
    case 'c':
      o->config = optarg;
      break;
    case 'p':
      o->pidfile = optarg;
      break;
    case 'L':
      if (optarg[0] == 'o' && optarg[1] == '\0') {
        o->log_stderr = false;
      } else if (optarg[0] == 'e' && optarg[1] == '\0') {
        o->log_stderr = true;
      } else if (optarg[0] == 'f') {
        o->logfile = optarg[1] ? optarg + 1 : argv[optind++];
        if (o->logfile == NULL) {
          fprintf(stderr, "snmpx trapd: -Lf needs a file\n");
          return 1;
        }
      } else {
        fprintf(stderr, "snmpx trapd: unsupported -L%s\n", optarg);
        return 1;
      }
      break;
    case 'O': {
      int bad = fmt_opts_parse(&d->fmt.fmt, optarg);
      if (bad != 0) {
        fprintf(stderr, "Unknown output option passed to -O: %c.\n", bad);
        return 1;
      }
      break;
    }
    case OPT_JSON:
      d->json = true;
      break;
    case OPT_EXEC:
      o->exec = optarg;
      break;
    case OPT_QUEUE: {
      char *end;
      unsigned long q = strtoul(optarg, &end, 10);
      if (*optarg == '\0' || *end != '\0' || q == 0 || q > 1000000) {
        fprintf(stderr, "snmpx trapd: --queue takes 1..1000000\n");
        return 1;
      }
      o->queue = q;
      break;
    }
    case OPT_COMMUNITY: {
      const char **grown =
          realloc(o->communities, (o->n_communities + 1) * sizeof(char *));
      if (grown == NULL)
        return 1;
      o->communities = grown;
      o->communities[o->n_communities++] = optarg;
      break;
    }
    default:
      fputs(usage_text, stderr);
      return 1;
    }
  }
  return -1;
}

static int load_configs(trapd_conf *conf, const char *list, snmpx_engine *e)
{
  if (list == NULL)
    return 0;
  char *copy = strdup(list), *save = NULL;
  int rv = copy ? 0 : -1;
  for (char *f = copy ? strtok_r(copy, ",", &save) : NULL; f && rv == 0;
       f = strtok_r(NULL, ",", &save))
    rv = trapd_conf_load(conf, f, e);
  free(copy);
  return rv;
}

static void print_stats(const trapd *d, snmpx_engine *e, const snmpx_io *io)
{
  snmpx_receiver_stats rs;
  snmpx_engine_stats es;
  snmpx_io_stats ios;
  snmpx_receiver_get_stats(d->receiver, &rs);
  snmpx_engine_get_stats(e, &es);
  snmpx_io_get_stats(io, &ios);
  /* "lost": what the kernel dropped because the socket buffer was full
   * (a stalled or slow reader), never seen by trapd. */
  fprintf(stderr,
          "snmpx trapd: %" PRIu64 " notifications (%" PRIu64
          " informs); dropped: %" PRIu64 " duplicates, %" PRIu64
          " bad community, %" PRIu64 " bad user, %" PRIu64
          " malformed, %" PRIu64 " failed USM, %" PRIu64 " undecodable, %"
          PRIu64 " lost (receive buffer full)\n",
          rs.delivered, rs.informs, rs.duplicates, rs.bad_community,
          rs.bad_user, rs.malformed,
          /* usmStatsUnknownEngineIDs counts discovery probes too: not
           * failures. */
          es.usm_unknown_user_names + es.usm_wrong_digests +
              es.usm_decryption_errors + es.usm_not_in_time_windows +
              es.usm_unsupported_sec_levels,
          es.in_asn_parse_errs, ios.kernel_drops);
}

/* SIGHUP: the output file reopened (logrotate moved it away); the
 * configuration is not read again yet (a restart does that). */
static void on_hup(trapd *d, const char *logfile)
{
  fprintf(stderr, "snmpx trapd: SIGHUP: %s\n",
          logfile != NULL ? "reopening the output file; the configuration "
                            "is read again only on a restart"
                          : "the configuration is read again only on a "
                            "restart");
  if (logfile == NULL)
    return;
  fflush(d->out);
  FILE *f = fopen(logfile, "a");
  if (f == NULL) {
    fprintf(stderr, "snmpx trapd: cannot reopen %s: going on with the one "
                    "open\n",
            logfile);
    return;
  }
  fclose(d->out);
  d->out = f;
}

static int serve(trapd *d, snmpx_io *io, snmpx_engine *e, const char *logfile)
{
  daemon_signals_install();
  while (!daemon_stop_signal()) {
    if (daemon_take_hup())
      on_hup(d, logfile);
    snmpx_io_run_once(io, 250);
    fflush(d->out); /* once per batch of datagrams, not per line */
  }
  if (d->exec != NULL) {
    trapd_exec_stats xs;
    trapd_exec_free(d->exec, 2000, &xs);
    d->exec = NULL;
    fprintf(stderr,
            "snmpx trapd: command: %" PRIu64 " run, %" PRIu64
            " failed, %" PRIu64 " not passed (queue full), %" PRIu64
            " not run (still queued at exit), %" PRIu64
            " not passed (out of memory)\n",
            xs.run, xs.failed, xs.dropped, xs.abandoned, d->exec_nomem);
  }
  print_stats(d, e, io);
  return 0;
}

/* RFC 5343 4: a notification originator over the TSM learns the
 * receiver's snmpEngineID with a GET under the contextEngineID
 * localEngineID before its first inform (snmpinform's "rfc5343
 * contextEngineID probing"), which snmptrapd answers as the agent it also
 * is.  snmpx trapd answers that GET (snmpEngineID.0, RFC 3411) from TSM
 * senders only; any other object is noSuchObject, and other requests are
 * dropped as before. */
static void on_request(snmpx_engine *e, const snmpx_incoming *in, void *ud)
{
  (void)ud;
  static const uint32_t engine_id_oid[] = {1, 3, 6, 1, 6, 3, 10, 2, 1, 1, 0};
  const snmpx_pdu *req = &in->msg.pdu;
  if (req->type != SNMPX_PDU_GET ||
      in->security_model != SNMPX_SECMODEL_TSM || req->n_varbinds == 0 ||
      req->n_varbinds > 16)
    return;
  const uint8_t *id;
  size_t id_len;
  snmpx_engine_get_local(e, &id, &id_len, NULL, NULL);
  snmpx_varbind vbs[16];
  for (size_t i = 0; i < req->n_varbinds; i++) {
    vbs[i].name = req->varbinds[i].name;
    memset(&vbs[i].value, 0, sizeof(vbs[i].value));
    if (snmpx_oidv_compare(req->varbinds[i].name,
                           SNMPX_OIDV(engine_id_oid)) == 0) {
      vbs[i].value.type = SNMPX_TYPE_OCTET_STRING;
      vbs[i].value.v.bytes.ptr = id;
      vbs[i].value.v.bytes.len = id_len;
    } else {
      vbs[i].value.type = SNMPX_TYPE_NOSUCHOBJECT;
    }
  }
  snmpx_pdu resp;
  memset(&resp, 0, sizeof(resp));
  resp.type = SNMPX_PDU_RESPONSE;
  resp.request_id = req->request_id;
  resp.varbinds = vbs;
  resp.n_varbinds = req->n_varbinds;
  snmpx_engine_respond(e, in, &resp);
}

static int setup(trapd *d, trapd_opts *o, trapd_conf *conf, snmpx_engine *e,
                 snmpx_io *io, int nargs, char **args)
{
  snmpx_engine_set_responder(e, on_request, NULL);
  /* snmptrapd's certificates: indexed before the lines that name them;
   * the one it presents by default is named after it. */
  snmpx_io_tls_opts tls_opts = {NULL, "snmptrapd"};
  conf->io = io;
  if (tls_conf_index(io, "snmpx trapd: ") != 0 ||
      snmpx_io_set_tls_opts(io, &tls_opts) != 0)
    return 1;
  if (load_configs(conf, o->config, e) != 0)
    return 1;
  snmpx_receiver_config rc;
  memset(&rc, 0, sizeof(rc));
  rc.cb = on_notification;
  rc.user_data = d;
  rc.authorize_all = conf->disable_auth;
  /* A v1 trap reaches the command as snmptrapd's traphandle gets it:
   * with snmpTrapAddress.0, snmpTrapCommunity.0, snmpTrapEnterprise.0. */
  rc.translate_flags = SNMPX_V1V2_PROXY;
  d->receiver = snmpx_receiver_new(e, &rc);
  if (d->receiver == NULL || trapd_conf_apply(conf, d->receiver) != 0)
    return 1;
  for (size_t i = 0; i < o->n_communities; i++)
    if (snmpx_receiver_allow_community(d->receiver, o->communities[i], NULL) !=
        0)
      return 1;
  const char *cmd = o->exec ? o->exec : conf->exec;
  if (cmd != NULL &&
      (d->exec = trapd_exec_new(cmd, o->queue ? o->queue : 1000)) == NULL) {
    fprintf(stderr, "snmpx trapd: cannot start the command worker\n");
    return 1;
  }
  for (int i = 0; i < nargs; i++)
    if (listen_on(io, d, args[i]) != 0)
      return 1;
  for (size_t i = 0; i < conf->n_listen; i++)
    if (listen_on(io, d, conf->listen[i]) != 0)
      return 1;
  if (nargs == 0 && conf->n_listen == 0 && listen_on(io, d, "udp:162") != 0)
    return 1;
  if (o->pidfile != NULL) {
    FILE *p = fopen(o->pidfile, "w");
    if (p == NULL) {
      fprintf(stderr, "snmpx trapd: cannot write %s\n", o->pidfile);
      return 1;
    }
    fprintf(p, "%ld\n", (long)getpid());
    fclose(p);
  }
  return 0;
}

int cmd_trapd(int argc, char **argv)
{
  trapd d;
  trapd_opts o;
  trapd_conf conf;
  memset(&d, 0, sizeof(d));
  memset(&o, 0, sizeof(o));
  memset(&conf, 0, sizeof(conf));
  trapd_fmt_init(&d.fmt);
  int rv = parse_options(argc, argv, &d, &o);
  if (rv >= 0) {
    free(o.communities);
    return rv;
  }
  d.out = o.log_stderr ? stderr : stdout;
  if (o.logfile != NULL && (d.out = fopen(o.logfile, "a")) == NULL) {
    fprintf(stderr, "snmpx trapd: cannot open %s\n", o.logfile);
    free(o.communities);
    return 1;
  }
  /* Flushed once per batch of datagrams (serve): a large buffer turns a
   * burst into one write. */
  /* Names as snmptrapd prints them with the MIBs it would load. */
  snmpx_mibdb *mib = cli_load_mib(o.mibs, o.mibdirs);
  if (mib != NULL && snmpx_mibdb_module_count(mib))
    d.fmt.fmt.mib = mib;
  static char outbuf[1 << 18];
  setvbuf(d.out, outbuf, _IOFBF, sizeof(outbuf));
  snmpx_engine *e = snmpx_engine_new(NULL);
  snmpx_io *io = e ? snmpx_io_new(e, NULL) : NULL;
  rv = io == NULL ? 1
                  : setup(&d, &o, &conf, e, io, argc - optind, argv + optind);
  if (rv == 0) {
    fprintf(stderr, "snmpx trapd %s: listening\n", SNMPX_VERSION_STRING);
    rv = serve(&d, io, e, o.logfile);
    if (o.pidfile != NULL)
      unlink(o.pidfile);
  }
  trapd_exec_free(d.exec, 0, NULL);
  snmpx_receiver_free(d.receiver);
  snmpx_io_free(io);
  snmpx_engine_free(e);
  trapd_conf_clear(&conf);
  free(o.communities);
  snmpx_mibdb_free(mib);
  if (d.out != stdout && d.out != stderr)
    fclose(d.out);
  return rv;
}
