/* The client of bench/run_agent.sh: N GETs of one OID, or N GETBULKs
 * (max-repetitions R) from one OID, with W requests in flight, against any
 * agent; prints the varbinds received.  The agent's CPU is measured by the
 * script, from outside.
 *   bench_agent_client AGENT N W get|bulkR OID v2c COMMUNITY
 *   bench_agent_client AGENT N W get|bulkR OID v3 USER AUTH PASS PRIV PASS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <snmpx/snmpx.h>

static snmpx_usm_secret pass(const char *p)
{
  return (snmpx_usm_secret){SNMPX_USM_SECRET_PASSWORD, (const uint8_t *)p,
                            strlen(p)};
}

static int make_target(snmpx_engine *e, char **argv, int argc, snmpx_target *t)
{
  memset(t, 0, sizeof(*t));
  if (snmpx_addr_parse(&t->addr, argv[1], 161) != 0)
    return -1;
  t->timeout_ms = 2000;
  t->retries = 2;
  if (strcmp(argv[6], "v3") == 0 && argc >= 12) {
    snmpx_user u;
    memset(&u, 0, sizeof(u));
    u.name = (const uint8_t *)argv[7];
    u.name_len = strlen(argv[7]);
    if (snmpx_usm_auth_from_name(argv[8], &u.auth) != 0 ||
        snmpx_usm_priv_from_name(argv[10], &u.priv) != 0)
      return -1;
    u.auth_secret = pass(argv[9]);
    u.priv_secret = pass(argv[11]);
    if (snmpx_engine_add_user(e, &u) != 0)
      return -1;
    t->version = SNMPX_VERSION_3;
    t->user = u.name;
    t->user_len = u.name_len;
    t->level = SNMPX_SECLEVEL_AUTHPRIV;
    return 0;
  }
  t->version = SNMPX_VERSION_2C;
  t->community = (const uint8_t *)argv[7];
  t->community_len = strlen(argv[7]);
  return 0;
}

static int64_t submit(snmpx_manager *m, int reps, const snmpx_oidv *oid)
{
  return reps > 0 ? snmpx_manager_getbulk(m, 0, reps, oid, 1, NULL, NULL)
                  : snmpx_manager_get(m, oid, 1, NULL, NULL);
}

int main(int argc, char **argv)
{
  if (argc < 8) {
    fprintf(stderr,
            "usage: %s AGENT N W get|bulkR OID v2c COMMUNITY | "
            "... v3 USER AUTH PASS PRIV PASS\n",
            argv[0]);
    return 2;
  }
  long n = atol(argv[2]), window = atol(argv[3]);
  int reps = strncmp(argv[4], "bulk", 4) == 0 ? atoi(argv[4] + 4) : 0;
  snmpx_oid oid;
  snmpx_engine *e = snmpx_engine_new(NULL);
  snmpx_io *io = snmpx_io_new(e, NULL);
  snmpx_target t;
  if (window < 1 || snmpx_oid_parse(&oid, argv[5]) != 0 ||
      make_target(e, argv, argc, &t) != 0) {
    fprintf(stderr, "%s: bad arguments\n", argv[0]);
    return 2;
  }
  snmpx_manager *m = snmpx_manager_new(e, &t);
  snmpx_oidv ov = snmpx_oid_view(&oid);
  int64_t *h = calloc((size_t)window, sizeof(*h));
  long sent = 0, done = 0, varbinds = 0, failed = 0;
  for (; sent < window && sent < n; sent++)
    h[sent] = submit(m, reps, &ov);
  while (done < n) {
    size_t k;
    if (snmpx_io_wait_any(io, h, (size_t)window, &k) != 0)
      break;
    snmpx_pdu *resp = NULL;
    if (snmpx_engine_take_result(e, h[k], &resp) == 0)
      varbinds += (long)resp->n_varbinds;
    else
      failed++;
    snmpx_pdu_free(resp, NULL);
    done++;
    h[k] = sent < n ? (sent++, submit(m, reps, &ov)) : 0;
  }
  free(h);
  printf("%ld %ld %ld\n", done, failed, varbinds);
  snmpx_manager_free(m);
  snmpx_io_free(io);
  snmpx_engine_free(e);
  return failed == 0 ? 0 : 1;
}
