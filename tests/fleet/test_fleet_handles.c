/* Handles at scale: detached GETs to COUNT fleet agents (10% dropping),
 * a third of them cancelled mid-flight, the rest collected with
 * snmpx_io_wait_any and checked against each agent's role; then
 * snmpx_io_wait_all on a second round.  A cancelled handle must never
 * produce a result, an answered one must carry its own agent's name, a
 * dropping one must end in a timeout, and each exactly once.
 *
 *   test_fleet_handles PORTS_FILE SEED DROP_PCT
 * (the fleet runs with --seed SEED --drop DROP_PCT; PORTS_FILE is its
 * --ports-file, "PORT ROLE" per agent, at most FLEET_MAX agents). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <snmpx/snmpx.h>

#include "fleet_roles.h"

#define FLEET_MAX 10000

static int failures;

#define CHECK(cond, ...)                                                      \
  do {                                                                        \
    if (!(cond)) {                                                            \
      failures++;                                                             \
      if (failures < 10) {                                                    \
        printf("FAIL: " __VA_ARGS__);                                         \
        printf("\n");                                                         \
      }                                                                       \
    }                                                                         \
  } while (0)

/* Check one result against its agent's role: a dropping agent ends in a
 * timeout, any other answers with its own name.  @return 1 if it was
 * answered, else 0. */
static int check_result(uint64_t seed, unsigned drop, int port, int st,
                        const snmpx_pdu *resp, const char *round)
{
  fleet_role role = fleet_role_of(seed, (unsigned)port, drop, 0, 0);
  if (role == FLEET_ROLE_DROP) {
    CHECK(st == SNMPX_ETIMEDOUT, "%s: port %d (drop): %s", round, port,
          snmpx_strerror(st));
    return 0;
  }
  char want[32];
  snprintf(want, sizeof(want), "agent-%d", port);
  CHECK(st == 0 && resp != NULL && resp->n_varbinds == 1 &&
            resp->varbinds[0].value.v.bytes.len == strlen(want) &&
            memcmp(resp->varbinds[0].value.v.bytes.ptr, want,
                   strlen(want)) == 0,
        "%s: port %d: wrong answer (%s)", round, port, snmpx_strerror(st));
  return 1;
}

/* Read the agents' ports from the fleet's --ports-file into |ports|.
 * @return how many, or -1 after printing why. */
static int read_ports(const char *path, int *ports, int cap)
{
  FILE *f = fopen(path, "r");
  char role[16];
  int n = 0, port;

  if (f == NULL) {
    perror(path);
    return -1;
  }
  while (n < cap && fscanf(f, "%d %15s", &port, role) == 2)
    ports[n++] = port;
  fclose(f);
  if (n == 0)
    fprintf(stderr, "%s: no ports\n", path);
  return n > 0 ? n : -1;
}

int main(int argc, char **argv)
{
  static int ports[FLEET_MAX];
  if (argc < 4)
    return 2;
  int count = read_ports(argv[1], ports, FLEET_MAX);
  if (count < 0)
    return 2;
  uint64_t seed = strtoull(argv[2], NULL, 10);
  unsigned drop = (unsigned)atoi(argv[3]);
  snmpx_engine *e = snmpx_engine_new(NULL);
  snmpx_io *io = snmpx_io_new(e, NULL);
  snmpx_manager **m = calloc((size_t)count, sizeof(*m));
  int64_t *h = calloc((size_t)count, sizeof(*h));
  int *seen = calloc((size_t)count, sizeof(*seen));
  static const uint32_t sysname[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
  snmpx_oidv oid = SNMPX_OIDV(sysname);
  for (int i = 0; i < count; i++) {
    char a[64];
    snprintf(a, sizeof(a), "127.0.0.1:%d", ports[i]);
    snmpx_target t;
    memset(&t, 0, sizeof(t));
    snmpx_addr_parse(&t.addr, a, 161);
    t.version = SNMPX_VERSION_2C;
    t.community = (const uint8_t *)"public";
    t.community_len = 6;
    t.timeout_ms = 300;
    t.retries = 1;
    t.strict_source = true;
    m[i] = snmpx_manager_new(e, &t);
    h[i] = snmpx_manager_get(m[i], &oid, 1, NULL, NULL);
    CHECK(h[i] > 0, "submit %d: %s", i, snmpx_strerror((int)h[i]));
  }
  /* Cancel every third handle before any answer is read. */
  int cancelled = 0;
  for (int i = 0; i < count; i += 3) {
    CHECK(snmpx_engine_cancel(e, h[i]) == 0, "cancel %d", i);
    cancelled++;
  }
  int answered = 0, timeouts = 0;
  size_t k;
  while (snmpx_io_wait_any(io, h, (size_t)count, &k) == 0) {
    int port = ports[k];
    snmpx_pdu *resp = NULL;
    int st = snmpx_engine_take_result(e, h[k], &resp);
    CHECK(k % 3 != 0, "cancelled handle %zu produced a result", k);
    seen[k]++;
    if (check_result(seed, drop, port, st, resp, "wait_any"))
      answered++;
    else
      timeouts++;
    snmpx_pdu_free(resp, NULL);
    CHECK(snmpx_engine_take_result(e, h[k], NULL) == SNMPX_ENOTFOUND,
          "result %zu taken twice", k);
    h[k] = 0;
  }
  for (int i = 0; i < count; i++)
    CHECK(seen[i] == (i % 3 == 0 ? 0 : 1), "handle %d seen %d times", i,
          seen[i]);
  printf("wait_any: %d answered, %d timed out, %d cancelled, of %d\n",
         answered, timeouts, cancelled, count);

  /* Second round: wait for all, then take every result, each checked
   * against its agent's role as in the first round. */
  for (int i = 0; i < count; i++) {
    h[i] = snmpx_manager_get(m[i], &oid, 1, NULL, NULL);
    CHECK(h[i] > 0, "submit %d: %s", i, snmpx_strerror((int)h[i]));
  }
  CHECK(snmpx_io_wait_all(io, h, (size_t)count) == 0, "wait_all");
  answered = timeouts = 0;
  for (int i = 0; i < count; i++) {
    CHECK(!snmpx_engine_is_pending(e, h[i]), "%d still pending", i);
    snmpx_pdu *resp = NULL;
    int st = snmpx_engine_take_result(e, h[i], &resp);
    if (check_result(seed, drop, ports[i], st, resp, "wait_all"))
      answered++;
    else
      timeouts++;
    snmpx_pdu_free(resp, NULL);
    CHECK(snmpx_engine_take_result(e, h[i], NULL) == SNMPX_ENOTFOUND,
          "result %d taken twice", i);
  }
  printf("wait_all: %d answered, %d timed out, of %d\n", answered, timeouts,
         count);
  for (int i = 0; i < count; i++)
    snmpx_manager_free(m[i]);
  free(m);
  free(h);
  free(seen);
  snmpx_io_free(io);
  snmpx_engine_free(e);
  printf("%s\n", failures ? "FAIL" : "PASS");
  return failures ? 1 : 0;
}
