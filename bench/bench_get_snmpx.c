/* N GETs of sysUpTime.0 with libsnmpx, blocking or BENCH_WINDOW in flight,
 * after one untimed warm-up GET; prints client CPU and wall time per
 * request.  The same workload as bench_get_netsnmp.c.
 *   bench_get_snmpx AGENT N v2c COMMUNITY
 *   bench_get_snmpx AGENT N v3 USER AUTH AUTHPASS PRIV PRIVPASS
 *   bench_get_snmpx AGENT N tsm SECNAME      (AGENT tls:HOST:PORT or
 *                                             dtls:HOST:PORT) 
 * tsm reads certificates as Net-SNMP's client does: the tls/ directories
 * and the TLS words of snmp.conf in each directory of SNMPCONFPATH.
 * BENCH_RECONNECT=1 makes each GET on a new engine and io (a new
 * connection and a full handshake, as a one-shot tool pays): with tsm it
 * measures handshakes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_clock.h"

#include <snmpx/snmpx.h>

static snmpx_usm_secret pass(const char *p)
{
  return (snmpx_usm_secret){SNMPX_USM_SECRET_PASSWORD, (const uint8_t *)p,
                            strlen(p)};
}

/* The requests of a windowed run. */
typedef struct run {
  snmpx_manager *m;
  const snmpx_oidv *oid;
  long total, submitted, done, ok;
  bool all_done;
} run;

static void send_next(run *r);

static void on_response(snmpx_engine *e, int64_t handle, int status,
                        const snmpx_msg *resp, void *user_data)
{
  run *r = user_data;
  (void)e;
  (void)handle;
  r->ok += status == 0 && resp->pdu.n_varbinds == 1;
  r->all_done = ++r->done == r->total;
  if (r->submitted < r->total)
    send_next(r);
}

static void send_next(run *r)
{
  r->submitted++;
  if (snmpx_manager_get(r->m, r->oid, 1, on_response, r) < 0)
    r->all_done = ++r->done == r->total;
}

/* The TLS words of DIR/snmp.conf (localCert, peerCert, trustCert...). */
static int read_tls_conf(snmpx_io *io, const char *dir)
{
  char path[4096], line[4096], err[512];
  snprintf(path, sizeof(path), "%s/snmp.conf", dir);
  FILE *f = fopen(path, "r");
  if (f == NULL)
    return 0;
  unsigned no = 0;
  int rv = 0;
  while (rv >= 0 && fgets(line, sizeof(line), f) != NULL) {
    no++;
    char *word = strtok(line, " \t\r\n");
    char *args = strtok(NULL, "\r\n");
    if (word != NULL && word[0] != '#' &&
        (rv = snmpx_io_tls_conf_line(io, word, args ? args : "", path, no,
                                     err, sizeof(err))) < 0)
      fprintf(stderr, "%s\n", err);
  }
  fclose(f);
  return rv < 0 ? rv : 0;
}

/* Certificates from each directory of SNMPCONFPATH, as Net-SNMP. */
static int setup_tls(snmpx_io *io)
{
  const char *path = getenv("SNMPCONFPATH");
  char dirs[4096];
  snprintf(dirs, sizeof(dirs), "%s", path ? path : "/etc/snmp");
  for (char *d = strtok(dirs, ":"); d != NULL; d = strtok(NULL, ":"))
    if (snmpx_io_tls_add_confdir(io, d) < 0 || read_tls_conf(io, d) < 0)
      return -1;
  return 0;
}

/* The engine, io and target of |argv|'s mode.  @return 0, or -1. */
static int setup(char **argv, int argc, snmpx_engine **pe, snmpx_io **pio,
                 snmpx_target *t)
{
  snmpx_engine *e = *pe = snmpx_engine_new(NULL);
  snmpx_io *io = *pio = snmpx_io_new(e, NULL);
  if (e == NULL || io == NULL)
    return -1;
  memset(t, 0, sizeof(*t));
  if (snmpx_addr_parse(&t->addr, argv[1], 161) != 0)
    return -1;
  t->retries = 1;
  if (strcmp(argv[3], "tsm") == 0) {
    /* RFC 6353 5.3.1: the server's certificate must name the host of
     * "tls:HOST:PORT", as the tools check it. */
    char host[256];
    const char *h = strchr(argv[1], ':'), *end = strrchr(argv[1], ':');
    snprintf(host, sizeof(host), "%.*s", (int)(end - h - 1), h + 1);
    if (setup_tls(io) != 0 || snmpx_io_tls_peer(io, &t->addr, NULL, host))
      return -1;
    t->version = SNMPX_VERSION_3;
    t->security_model = SNMPX_SECMODEL_TSM;
    t->transport_prefix =
        t->addr.domain == SNMPX_DOMAIN_DTLS ? "dtls" : "tls";
    t->user = (const uint8_t *)argv[4];
    t->user_len = strlen(argv[4]);
    t->level = SNMPX_SECLEVEL_AUTHPRIV;
  } else if (strcmp(argv[3], "v3") == 0 && argc >= 9) {
    snmpx_user u;
    memset(&u, 0, sizeof(u));
    u.name = (const uint8_t *)argv[4];
    u.name_len = strlen(argv[4]);
    if (snmpx_usm_auth_from_name(argv[5], &u.auth) != 0 ||
        snmpx_usm_priv_from_name(argv[7], &u.priv) != 0)
      return -1;
    u.auth_secret = pass(argv[6]);
    u.priv_secret = pass(argv[8]);
    if (snmpx_engine_add_user(e, &u) != 0)
      return -1;
    t->version = SNMPX_VERSION_3;
    t->user = u.name;
    t->user_len = u.name_len;
    t->level = SNMPX_SECLEVEL_AUTHPRIV;
  } else {
    t->version = SNMPX_VERSION_2C;
    t->community = (const uint8_t *)argv[4];
    t->community_len = strlen(argv[4]);
  }
  return 0;
}

static const uint32_t uptime[] = {1, 3, 6, 1, 2, 1, 1, 3, 0};

/* One GET on its own engine and io.  @return true when answered. */
static bool one_fresh_get(char **argv, int argc)
{
  snmpx_engine *e;
  snmpx_io *io;
  snmpx_target t;
  bool ok = false;
  snmpx_oidv oid = SNMPX_OIDV(uptime);
  if (setup(argv, argc, &e, &io, &t) == 0) {
    snmpx_manager *m = snmpx_manager_new(e, &t);
    snmpx_pdu *resp = NULL;
    int64_t h = snmpx_manager_get(m, &oid, 1, NULL, NULL);
    ok = snmpx_io_wait_result(io, h, &resp) == 0 && resp->n_varbinds == 1;
    snmpx_pdu_free(resp, NULL);
    snmpx_manager_free(m);
  }
  snmpx_io_free(io);
  snmpx_engine_free(e);
  return ok;
}

/* BENCH_RECONNECT: |n| GETs each on a new engine and io. */
static int run_fresh(char **argv, int argc, long n)
{
  long ok = 0;
  double c0 = cpu_us(), u0 = user_us(), w0 = wall_us();
  for (long i = 0; i < n; i++)
    ok += one_fresh_get(argv, argc);
  double cpu = cpu_us() - c0, user = user_us() - u0, wall = wall_us() - w0;
  printf("snmpx   %-4s %ld/%ld ok  %8.2f us CPU/req (user %.2f)  %8.2f us "
         "wall/req  new connection each  %.0f/s\n",
         argv[3], ok, n, cpu / n, user / n, wall / n, n * 1e6 / wall);
  return ok == n ? 0 : 1;
}

int main(int argc, char **argv)
{
  if (argc < 5) {
    fprintf(stderr, "usage: %s AGENT N v2c COMMUNITY | "
                    "AGENT N v3 USER AUTH AUTHPASS PRIV PRIVPASS | "
                    "AGENT N tsm SECNAME\n",
            argv[0]);
    return 2;
  }
  long n = atol(argv[2]);
  const char *renv = getenv("BENCH_RECONNECT");
  if (renv != NULL && atoi(renv) != 0)
    return run_fresh(argv, argc, n);
  snmpx_engine *e;
  snmpx_io *io;
  snmpx_target t;
  if (setup(argv, argc, &e, &io, &t) != 0) {
    fprintf(stderr, "set-up failed: %s\n", snmpx_io_tls_error(io));
    return 2;
  }
  snmpx_manager *m = snmpx_manager_new(e, &t);
  snmpx_oidv oid = SNMPX_OIDV(uptime);
  /* BENCH_WINDOW=W keeps W requests in flight, each completion callback
   * submitting the next (as bench_get_netsnmp.c does with
   * snmp_async_send), instead of one blocking request at a time. */
  const char *wenv = getenv("BENCH_WINDOW");
  long window = wenv ? atol(wenv) : 1;
  if (window < 1)
    window = 1;
  /* One GET before the timer starts: it carries v3 discovery, password
   * hashing and key localization, which Net-SNMP's client does before its
   * timer (generate_Ku, snmp_open).  bench_get_netsnmp.c sends the same
   * warm-up GET. */
  snmpx_pdu *first = NULL;
  int64_t fh = snmpx_manager_get(m, &oid, 1, NULL, NULL);
  if (snmpx_io_wait_result(io, fh, &first) != 0) {
    fprintf(stderr, "warm-up GET failed\n");
    return 1;
  }
  snmpx_pdu_free(first, NULL);
  run r = {m, &oid, n, 0, 0, 0, false};
  double c0 = cpu_us(), u0 = user_us(), w0 = wall_us();
  if (window == 1) {
    for (; r.submitted < n; r.submitted++) {
      snmpx_pdu *resp = NULL;
      int64_t h = snmpx_manager_get(m, &oid, 1, NULL, NULL);
      if (snmpx_io_wait_result(io, h, &resp) == 0)
        r.ok += resp->n_varbinds == 1;
      snmpx_pdu_free(resp, NULL);
    }
  } else {
    for (long i = 0; i < window && r.submitted < n; i++)
      send_next(&r);
    snmpx_io_wait(io, &r.all_done);
  }
  long ok = r.ok;
  double cpu = cpu_us() - c0, user = user_us() - u0, wall = wall_us() - w0;
  printf("snmpx   %-4s %ld/%ld ok  %8.2f us CPU/req (user %.2f)  %8.2f us "
         "wall/req  window %ld\n",
         argv[3], ok, n, cpu / n, user / n, wall / n, window);
  snmpx_manager_free(m);
  snmpx_io_free(io);
  snmpx_engine_free(e);
  return ok == n ? 0 : 1;
}
