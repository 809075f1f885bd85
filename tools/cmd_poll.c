/* snmpx poll: GET the same or different OIDs from many agents at once.
 *
 *   snmpx poll [-o text|json] [-w WINDOW] [-q] [-O OUTOPTS] TARGETS_FILE
 *
 * TARGETS_FILE (or - for stdin) has one agent a line, in the syntax of the
 * other commands: options, the agent, then the OIDs to GET, e.g.
 *
 *   -v2c -c public 127.0.0.1:1161 1.3.6.1.2.1.1.5.0 1.3.6.1.2.1.1.3.0
 *   -v3 -l authPriv -u admin -a SHA -A secret12 -x AES -X secret34 \
 *       10.0.0.2 1.3.6.1.2.1.1.5.0
 *
 * (a backslash at the end of a line continues it; words are split as in
 * snmpd.conf, by cli_split_words: quotes group, a backslash makes the next
 * character plain, a word starting with # begins a comment).
 * Every target shares one engine and one socket per address family; at most
 * WINDOW requests are in flight; answers count only from the address asked.
 * Results go to stdout as they arrive, one line per varbind (text) or one
 * JSON object per target (json); a summary goes to stderr, with a progress
 * line while stderr is a terminal.  Text lines print as the line's own -O,
 * -m and -M say; poll's -O OUTOPTS comes before every line's options.  Exit
 * status: 0 when every target answered without error, 2 otherwise, 1 for
 * usage and file errors. */
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "poll.h"
#include "tls_conf.h"

#define POLL_MAX_OFLAGS 16
#define POLL_MAX_WORDS 126

struct poll_run;

typedef struct poll_target {
  struct poll_run *run;
  snmpx_manager *m;
  char *agent;  /* as written in the file */
  fmt_opts fmt; /* the line's -O, and its MIBs (kept until exit) */
  snmpx_oidv *oids;
  snmpx_oid *oid_store;
  size_t n;
  int status;   /* < 0: the line is good but the agent could not be
                   resolved (SNMPX_EADDR): reported when its turn comes */
  uint64_t started_ms;
} poll_target;

struct poll_run {
  poll_target *targets;
  size_t count, cap;
  size_t next;      /* next target to submit */
  size_t inflight;
  size_t window;
  bool json;
  bool quiet;       /* no progress line */
  /* poll's own -O arguments, given to every line before its options */
  const char *oflags[POLL_MAX_OFLAGS];
  int n_oflags;
  snmpx_engine *engine;
  snmpx_io *io;
  bool tls_ready;         /* the certificates are read (first TLS line) */
  char *tls_local;        /* that line's -T localCert (NULL: none) */
  size_t answered, timeouts, errors;
  uint64_t started_ms, last_progress_ms;
};

static const cli_app poll_app = {"snmpx poll", "TARGETS_FILE", NULL, NULL,
                                 NULL, "Error in packet", "", false};

/* ---- the targets file ------------------------------------------------ */

static void clear_target(poll_target *pt)
{
  snmpx_manager_free(pt->m);
  free(pt->agent);
  free(pt->oids);
  free(pt->oid_store);
  memset(pt, 0, sizeof(*pt));
}

/* Two optional strings are the same (NULL only equals NULL). */
static bool same_opt(const char *a, const char *b)
{
  return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

/* The certificates of the run, read at the first TLS/DTLS line: the tls/
 * directories and snmp.conf's TSM words of the configuration path (as
 * each tool reads them), then that line's --WORD=VALUE words and -T
 * localCert, which serve every line (one io, one local certificate).
 * @return 0, or -1 after printing why. */
static int poll_tls_setup(poll_run *r, const cli *c)
{
  int model = 0;
  if (tls_conf_index(r->io, "snmpx poll: ") != 0 ||
      tls_conf_read_snmp_conf(r->io, &model, "snmpx poll: ") != 0)
    return -1;
  for (int i = 0; i < c->n_long; i++)
    if (tls_conf_word(c->long_words[i], false) != NULL &&
        tls_conf_feed(r->io, c->long_words[i], c->long_values[i], NULL, 0,
                      "snmpx poll: ") != 0)
      return -1;
  snmpx_io_tls_opts o = {c->tls_local_cert, "snmp"};
  if ((c->tls_local_cert != NULL &&
       (r->tls_local = strdup(c->tls_local_cert)) == NULL) ||
      snmpx_io_set_tls_opts(r->io, &o) != 0) {
    fprintf(stderr, "snmpx poll: out of memory\n");
    return -1;
  }
  r->tls_ready = true;
  return 0;
}

/* A line's agent over TLS or DTLS (RFC 6353 5.3.1 step 2): the server it
 * must be, by its -T peerCert, else -T their_hostname, else the host as
 * written; its -T trust_cert is trusted too.  -T on another transport is
 * refused as the tools refuse it.  @return 0, or -1 after printing why. */
static int poll_tls_target(poll_run *r, const cli *c, const snmpx_addr *a)
{
  if (a->domain != SNMPX_DOMAIN_TLS && a->domain != SNMPX_DOMAIN_DTLS) {
    if (!c->tls_t_given)
      return 0;
    fprintf(stderr, "Configuration data found but the transport can't be "
                    "configured\n");
    return -1;
  }
  if (!r->tls_ready && poll_tls_setup(r, c) != 0)
    return -1;
  if (!same_opt(c->tls_local_cert, r->tls_local)) {
    fprintf(stderr, "-T localCert: one local certificate serves every "
                    "line of a run (the first TLS line's: %s)\n",
            r->tls_local ? r->tls_local : "the configured one");
    return -1;
  }
  if (c->tls_trust_cert != NULL &&
      tls_conf_feed(r->io, "trustCert", c->tls_trust_cert, NULL, 0,
                    "-T trust_cert: ") != 0)
    return -1;
  char host[256];
  tls_conf_host(c->peername, host, sizeof(host));
  if (snmpx_io_tls_peer(r->io, a, c->tls_peer_cert,
                        c->tls_hostname ? c->tls_hostname : host) != 0) {
    fprintf(stderr, "snmpx poll: out of memory\n");
    return -1;
  }
  return 0;
}

/* The target of a parsed line into r->targets[r->count].  An agent that
 * does not resolve is no reason to drop the others: it is kept, marked,
 * and reported as that target's error when its turn comes.  @return 0,
 * or -1 after printing why (the caller names the line). */
static int fill_target(poll_run *r, poll_target *pt, cli *c, int lineno)
{
  pt->n = (size_t)c->nargs;
  pt->oid_store = calloc(pt->n, sizeof(*pt->oid_store));
  pt->oids = calloc(pt->n, sizeof(*pt->oids));
  pt->agent = strdup(c->peername);
  if (pt->oid_store == NULL || pt->oids == NULL || pt->agent == NULL) {
    fprintf(stderr, "snmpx poll: out of memory\n");
    return -1;
  }
  for (size_t i = 0; i < pt->n; i++) {
    if (cli_parse_oid(c, c->args[i], &pt->oid_store[i]) != 0)
      return -1;
    pt->oids[i] = snmpx_oid_view(&pt->oid_store[i]);
  }
  /* After the OIDs: a MODULE::name among them may have loaded MIBs. */
  pt->fmt = c->fmt;
  snmpx_addr addr;
  memset(&addr, 0, sizeof(addr));
  pt->status = cli_resolve(c, &addr);
  /* Users live in the engine by (namespace, name): a namespace per line
   * keeps two agents' same-named users apart. */
  char ns[32];
  snprintf(ns, sizeof(ns), "line %d", lineno);
  snmpx_target t;
  c->engine_keys = true; /* one password hash for all lines that share it */
  /* The rest of the line is checked even when the agent did not resolve:
   * a bad line is a bad line whatever its host. */
  if (cli_make_target_at(c, r->engine, ns, &addr, &t) != 0)
    return -1;
  if (pt->status != 0)
    return 0;
  if (poll_tls_target(r, c, &addr) != 0)
    return -1;
  /* Thousands of agents behind one socket: take answers only from the
   * address asked (a stray or spoofed reply must not stand for another
   * agent's), unlike the one-agent tools. */
  t.strict_source = true;
  pt->m = snmpx_manager_new(r->engine, &t);
  if (pt->m == NULL) {
    fprintf(stderr, "snmpx poll: out of memory\n");
    return -1;
  }
  return 0;
}

static int add_target(poll_run *r, cli *c, int lineno)
{
  if (c->nargs < 1) {
    fprintf(stderr, "no OID to GET\n");
    return -1;
  }
  if (r->count == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 256;
    poll_target *t = realloc(r->targets, cap * sizeof(*t));
    if (t == NULL) {
      fprintf(stderr, "snmpx poll: out of memory\n");
      return -1;
    }
    r->targets = t;
    r->cap = cap;
  }
  poll_target *pt = &r->targets[r->count];
  memset(pt, 0, sizeof(*pt));
  if (fill_target(r, pt, c, lineno) != 0) {
    clear_target(pt);
    return -1;
  }
  r->count++;
  return 0;
}

/* One (continued) line of the file into a target.  @return 0, or -1 after
 * naming the line (FILE:LINE). */
static int parse_line(poll_run *r, char *line, const char *fname, int lineno)
{
  char *argv[1 + 2 * POLL_MAX_OFLAGS + POLL_MAX_WORDS + 1];
  int argc = 0;
  argv[argc++] = "poll";
  for (int i = 0; i < r->n_oflags; i++) {
    argv[argc++] = "-O";
    argv[argc++] = (char *)r->oflags[i];
  }
  int words = cli_split_words(line, argv + argc, POLL_MAX_WORDS);
  if (words < 0) {
    fprintf(stderr, "%s:%d: more than %d words\n", fname, lineno,
            POLL_MAX_WORDS);
    return -1;
  }
  if (words == 0)
    return 0; /* blank or comment */
  argc += words;
  argv[argc] = NULL;
  cli c;
  /* The line's own errors print as the tools print them, and then the
   * line: no usage text for every bad line. */
  bool was_quiet = cli_set_quiet_usage(true);
  int rv = cli_init(&c, &poll_app, argc, argv);
  if (rv < 0)
    rv = add_target(r, &c, lineno);
  else
    rv = -1; /* -h, -V, a usage or option error: not a target */
  cli_set_quiet_usage(was_quiet);
  if (rv != 0) {
    fprintf(stderr, "%s:%d: bad target\n", fname, lineno);
    return -1;
  }
  return 0;
}

int poll_read_targets(poll_run *r, FILE *f, const char *fname)
{
  char *line = NULL, *acc = NULL;
  size_t cap = 0, acc_len = 0;
  int lineno = 0, start = 0, rv = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, f)) >= 0) {
    lineno++;
    if (acc_len == 0)
      start = lineno;
    if (memchr(line, '\0', (size_t)n) != NULL) {
      /* The words would end at the NUL and the rest go unread. */
      fprintf(stderr, "%s:%d: NUL byte in line\n", fname, lineno);
      rv = -1;
      acc_len = 0;
      continue;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
      line[--n] = '\0';
    /* A backslash at the end continues the line; it stands for a space,
     * so the last word of one line and the first of the next stay two. */
    bool more = n > 0 && line[n - 1] == '\\';
    if (more)
      line[n - 1] = ' ';
    char *grown = realloc(acc, acc_len + (size_t)n + 1);
    if (grown == NULL) {
      fprintf(stderr, "snmpx poll: out of memory\n");
      rv = -1;
      break;
    }
    acc = grown;
    memcpy(acc + acc_len, line, (size_t)n);
    acc_len += (size_t)n;
    acc[acc_len] = '\0';
    if (!more) {
      if (parse_line(r, acc, fname, start) != 0)
        rv = -1;
      acc_len = 0;
    }
  }
  /* The last line ended in a backslash: what was gathered is a line. */
  if (acc_len > 0 && parse_line(r, acc, fname, start) != 0)
    rv = -1;
  free(line);
  free(acc);
  return rv;
}

/* ---- results --------------------------------------------------------- */

/* One object per target (docs/json.md); numbers other than values are at
 * most 32 bits, values follow fmt_json_value's rules. */
static void print_json(poll_run *r, const poll_target *t, int status,
                       const snmpx_pdu *resp, double ms)
{
  FILE *out = stdout;
  fputs("{\"agent\":", out);
  fmt_json_string(out, (const uint8_t *)t->agent, strlen(t->agent));
  const char *what = status == SNMPX_ETIMEDOUT ||
                             status == SNMPX_EUSM_DISCOVERY_TIMEOUT
                         ? "timeout"
                     : status != 0 || resp->error_status != 0 ? "error"
                                                              : "ok";
  fprintf(out, ",\"status\":\"%s\",\"elapsed_ms\":%.0f", what, ms);
  if (status != 0) {
    fputs(",\"error\":", out);
    const char *e = snmpx_strerror(status);
    fmt_json_string(out, (const uint8_t *)e, strlen(e));
  } else if (resp->error_status != 0) {
    fprintf(out, ",\"error\":\"%s\",\"error_index\":%d",
            snmpx_errstat_name(resp->error_status), (int)resp->error_index);
  }
  if (status == 0) {
    fputs(",\"varbinds\":[", out);
    for (size_t i = 0; i < resp->n_varbinds; i++) {
      const snmpx_varbind *vb = &resp->varbinds[i];
      fputs(i ? ",{\"oid\":\"" : "{\"oid\":\"", out);
      fmt_print_oid_numeric(out, vb->name);
      fprintf(out, "\",\"type\":\"%s\",\"value\":",
              snmpx_type_name(vb->value.type));
      fmt_json_value(out, &vb->value);
      fputc('}', out);
    }
    fputc(']', out);
  }
  fputs("}\n", out);
  (void)r;
}

static void print_text(const poll_target *t, int status, const snmpx_pdu *resp)
{
  if (status == SNMPX_ETIMEDOUT || status == SNMPX_EUSM_DISCOVERY_TIMEOUT) {
    printf("%s Timeout: No Response\n", t->agent);
  } else if (status != 0) {
    printf("%s Error: %s\n", t->agent, snmpx_strerror(status));
  } else if (resp->error_status != 0) {
    printf("%s Error in packet: %s", t->agent,
           snmpx_errstat_name(resp->error_status));
    if (resp->error_index > 0 &&
        (size_t)resp->error_index <= resp->n_varbinds) {
      printf(" at ");
      fmt_print_oid(stdout, &t->fmt,
                    resp->varbinds[resp->error_index - 1].name);
    }
    printf("\n");
  } else {
    for (size_t i = 0; i < resp->n_varbinds; i++) {
      printf("%s ", t->agent);
      fmt_print_varbind(stdout, &t->fmt, &resp->varbinds[i]);
    }
  }
}

static void progress(poll_run *r, bool final)
{
  if (r->quiet)
    return;
  uint64_t now = snmpx_engine_now(r->engine);
  if (!final && now - r->last_progress_ms < 200)
    return;
  r->last_progress_ms = now;
  fprintf(stderr, "\r%zu/%zu done: %zu answered, %zu timed out, %zu errors%s",
          r->answered + r->timeouts + r->errors, r->count, r->answered,
          r->timeouts, r->errors, final ? "\r\033[K" : "");
}

static void submit_next(poll_run *r);

static void on_result(snmpx_engine *e, int64_t handle, int status,
                      const snmpx_msg *resp, void *ud)
{
  poll_target *t = ud;
  poll_run *r = t->run;
  (void)handle;
  double ms = (double)(snmpx_engine_now(e) - t->started_ms);
  const snmpx_pdu *pdu = status == 0 ? &resp->pdu : NULL;
  if (r->json)
    print_json(r, t, status, pdu, ms);
  else
    print_text(t, status, pdu);
  if (status == SNMPX_ETIMEDOUT || status == SNMPX_EUSM_DISCOVERY_TIMEOUT)
    r->timeouts++;
  else if (status != 0 || pdu->error_status != 0)
    r->errors++;
  else
    r->answered++;
  r->inflight--;
  progress(r, false);
  submit_next(r);
}

/* Keep the window full: submit targets until WINDOW are in flight. */
static void submit_next(poll_run *r)
{
  while (r->inflight < r->window && r->next < r->count) {
    poll_target *t = &r->targets[r->next++];
    t->run = r;
    t->started_ms = snmpx_engine_now(r->engine);
    /* An agent that did not resolve fails here, as a submit would. */
    int64_t h = t->status != 0 ? t->status
                               : snmpx_manager_get(t->m, t->oids, t->n,
                                                   on_result, t);
    if (h < 0) {
      if (r->json)
        print_json(r, t, (int)h, NULL, 0);
      else
        print_text(t, (int)h, NULL);
      r->errors++;
      continue;
    }
    r->inflight++;
  }
}

static void free_run(poll_run *r)
{
  for (size_t i = 0; i < r->count; i++)
    clear_target(&r->targets[i]);
  free(r->targets);
  free(r->tls_local);
  snmpx_io_free(r->io);
  snmpx_engine_free(r->engine);
}

poll_run *poll_run_new(void)
{
  poll_run *r = calloc(1, sizeof(*r));
  if (r == NULL)
    return NULL;
  r->window = 1000;
  r->engine = snmpx_engine_new(NULL);
  r->io = r->engine ? snmpx_io_new(r->engine, NULL) : NULL;
  if (r->io == NULL) {
    poll_run_free(r);
    return NULL;
  }
  return r;
}

size_t poll_target_count(const poll_run *r)
{
  return r->count;
}

void poll_run_free(poll_run *r)
{
  if (r == NULL)
    return;
  free_run(r);
  free(r);
}

static void poll_usage(FILE *out)
{
  fprintf(out,
          "USAGE: snmpx poll [-o text|json] [-w WINDOW] [-q] [-O OUTOPTS] "
          "TARGETS_FILE\n"
          "\n"
          "  TARGETS_FILE  one agent a line: [OPTIONS] AGENT OID [OID]...\n"
          "                with the options of snmpx get (-v -c -r -t -u -l\n"
          "                -a -A -x -X -e -n -O -m -M ...); - reads stdin\n"
          "  -o FORMAT     text (default: AGENT and a Net-SNMP varbind line\n"
          "                per value, as the line's -O, -m and -M say) or\n"
          "                json (one object per agent, OIDs numeric)\n"
          "  -w WINDOW     requests in flight at most (default 1000)\n"
          "  -q            no progress line\n"
          "  -O OUTOPTS    output options (as snmpget's -O) for every line,\n"
          "                before the line's own (repeatable)\n"
          "  -h, --help    this text\n"
          "\n"
          "A bad line is reported as FILE:LINE and nothing is polled; an\n"
          "agent whose name does not resolve is reported as that target's\n"
          "error, and the others are polled.\n");
}

int cmd_poll(int argc, char **argv)
{
  poll_run r;
  memset(&r, 0, sizeof(r));
  r.window = 1000;
  r.quiet = !isatty(STDERR_FILENO);
  int ch;
  static const struct option longopts[] = {
    {"help", no_argument, NULL, 'H'},
    {NULL, 0, NULL, 0}};
  optind = 0; /* glibc: start afresh */
  while ((ch = getopt_long(argc, argv, "+ho:w:qO:", longopts, NULL)) != -1) {
    switch (ch) {
    case 'o':
      if (strcmp(optarg, "json") == 0)
        r.json = true;
      else if (strcmp(optarg, "text") != 0) {
        fprintf(stderr, "snmpx poll: unknown output format: %s\n", optarg);
        return 1;
      }
      break;
    case 'w': {
      long w;
      char *end;
      w = strtol(optarg, &end, 10);
      r.window = *optarg >= '0' && *optarg <= '9' && *end == '\0' && w > 0
                     ? (size_t)w
                     : 0;
      if (r.window == 0) {
        fprintf(stderr, "snmpx poll: bad window: %s\n", optarg);
        return 1;
      }
      break;
    }
    case 'q':
      r.quiet = true;
      break;
    case 'O': {
      fmt_opts check;
      fmt_opts_init(&check);
      if (fmt_opts_parse(&check, optarg) != 0) {
        fprintf(stderr, "snmpx poll: bad -O flags: %s\n", optarg);
        return 1;
      }
      if (r.n_oflags == POLL_MAX_OFLAGS) {
        fprintf(stderr, "snmpx poll: at most %d -O options\n", POLL_MAX_OFLAGS);
        return 1;
      }
      r.oflags[r.n_oflags++] = optarg;
      break;
    }
    case 'h': /* as the other commands: -h on stderr */
      poll_usage(stderr);
      return 0;
    case 'H':
      poll_usage(stdout);
      return 0;
    default:
      poll_usage(stderr);
      return 1;
    }
  }
  if (optind != argc - 1) {
    poll_usage(stderr);
    return 1;
  }
  const char *path = argv[optind];
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
  if (f == NULL) {
    perror(path);
    return 1;
  }
  r.engine = snmpx_engine_new(NULL);
  r.io = r.engine ? snmpx_io_new(r.engine, NULL) : NULL;
  int rv = r.io ? poll_read_targets(&r, f, f == stdin ? "(stdin)" : path)
                : -1;
  if (f != stdin)
    fclose(f);
  if (rv != 0) {
    free_run(&r);
    return 1;
  }
  r.started_ms = snmpx_engine_now(r.engine);
  submit_next(&r);
  while (r.inflight > 0)
    if (snmpx_io_run_once(r.io, 200) != 0)
      break;
  progress(&r, true);
  double secs = (double)(snmpx_engine_now(r.engine) - r.started_ms) / 1000.0;
  fprintf(stderr,
          "%zu targets: %zu answered, %zu timed out, %zu errors in %.3f s\n",
          r.count, r.answered, r.timeouts, r.errors, secs);
  rv = r.answered == r.count ? 0 : 2;
  free_run(&r);
  return rv;
}
