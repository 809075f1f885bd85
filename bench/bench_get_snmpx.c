/* N GETs of sysUpTime.0 with libsnmpx, blocking or BENCH_WINDOW in flight,
 * after one untimed warm-up GET; prints client CPU and wall time per
 * request.  The same workload as bench_get_netsnmp.c.
 *   bench_get_snmpx AGENT N v2c COMMUNITY
 *   bench_get_snmpx AGENT N v3 USER AUTH AUTHPASS PRIV PRIVPASS */
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

int main(int argc, char **argv)
{
  if (argc < 5) {
    fprintf(stderr, "usage: %s AGENT N v2c COMMUNITY | "
                    "AGENT N v3 USER AUTH AUTHPASS PRIV PRIVPASS\n",
            argv[0]);
    return 2;
  }
  long n = atol(argv[2]);
  snmpx_engine *e = snmpx_engine_new(NULL);
  snmpx_io *io = snmpx_io_new(e, NULL);
  snmpx_target t;
  memset(&t, 0, sizeof(t));
  if (snmpx_addr_parse(&t.addr, argv[1], 161) != 0)
    return 2;
  t.retries = 1;
  if (strcmp(argv[3], "v3") == 0 && argc >= 9) {
    snmpx_user u;
    memset(&u, 0, sizeof(u));
    u.name = (const uint8_t *)argv[4];
    u.name_len = strlen(argv[4]);
    if (snmpx_usm_auth_from_name(argv[5], &u.auth) != 0 ||
        snmpx_usm_priv_from_name(argv[7], &u.priv) != 0)
      return 2;
    u.auth_secret = pass(argv[6]);
    u.priv_secret = pass(argv[8]);
    if (snmpx_engine_add_user(e, &u) != 0)
      return 2;
    t.version = SNMPX_VERSION_3;
    t.user = u.name;
    t.user_len = u.name_len;
    t.level = SNMPX_SECLEVEL_AUTHPRIV;
  } else {
    t.version = SNMPX_VERSION_2C;
    t.community = (const uint8_t *)argv[4];
    t.community_len = strlen(argv[4]);
  }
  snmpx_manager *m = snmpx_manager_new(e, &t);
  static const uint32_t uptime[] = {1, 3, 6, 1, 2, 1, 1, 3, 0};
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
