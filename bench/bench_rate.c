/* GET round trips per second against a range of agents (the test fleet),
 * three ways in one program so they share everything but the client:
 *
 *   raw     a plain UDP client: one pre-encoded GET, wait for any reply,
 *           repeat (the loopback's physical limit for this server)
 *   snmpx1  libsnmpx, one request in flight (submit, wait, repeat)
 *   snmpxN  libsnmpx, WINDOW requests in flight over all agents
 *
 *   bench_rate MODE HOST BASE_PORT AGENTS N [WINDOW]
 *
 * prints "MODE  N req  R req/s  C us CPU/req (user U)". */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <snmpx/snmpx.h>

#include "bench_clock.h"

static const uint32_t sysname[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};

static void report(const char *mode, long n, double wall, double cpu,
                   double user)
{
  printf("%-8s %7ld req  %9.0f req/s  %7.2f us CPU/req (user %.2f)\n", mode,
         n, n / (wall / 1e6), cpu / n, user / n);
}

static int run_raw(const char *host, int base, int agents, long n)
{
  snmpx_varbind vb = {SNMPX_OIDV(sysname), snmpx_value_null()};
  snmpx_msg m;
  memset(&m, 0, sizeof(m));
  m.version = SNMPX_VERSION_2C;
  m.community = (const uint8_t *)"public";
  m.community_len = 6;
  m.pdu.type = SNMPX_PDU_GET;
  m.pdu.request_id = 1;
  m.pdu.varbinds = &vb;
  m.pdu.n_varbinds = 1;
  uint8_t pkt[256], buf[2048];
  size_t len;
  if (snmpx_msg_encode(&m, pkt, sizeof(pkt), &len) != 0)
    return 1;
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in to = {.sin_family = AF_INET};
  inet_pton(AF_INET, host, &to.sin_addr);
  double w0 = wall_us(), c0 = cpu_us(), u0 = user_us();
  long ok = 0;
  for (long i = 0; i < n; i++) {
    to.sin_port = htons((uint16_t)(base + i % agents));
    sendto(fd, pkt, len, 0, (struct sockaddr *)&to, sizeof(to));
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, 1000) == 1 && recv(fd, buf, sizeof(buf), 0) > 0)
      ok++;
  }
  report("raw", ok, wall_us() - w0, cpu_us() - c0, user_us() - u0);
  close(fd);
  return ok == n ? 0 : 1;
}

typedef struct state {
  snmpx_manager **m;
  int agents;
  long n, submitted, done, ok;
} state;

static void on_done(snmpx_engine *e, int64_t h, int status,
                    const snmpx_msg *resp, void *ud);

static void submit(state *s)
{
  snmpx_oidv oid = SNMPX_OIDV(sysname);
  snmpx_manager *m = s->m[s->submitted % s->agents];
  s->submitted++;
  if (snmpx_manager_get(m, &oid, 1, on_done, s) < 0)
    s->done++;
}

static void on_done(snmpx_engine *e, int64_t h, int status,
                    const snmpx_msg *resp, void *ud)
{
  state *s = ud;
  (void)e;
  (void)h;
  s->done++;
  if (status == 0 && resp->pdu.error_status == 0)
    s->ok++;
  if (s->submitted < s->n)
    submit(s);
}

static int run_snmpx(const char *host, int base, int agents, long n,
                     long window)
{
  snmpx_engine *e = snmpx_engine_new(NULL);
  snmpx_io *io = snmpx_io_new(e, NULL);
  state s = {calloc((size_t)agents, sizeof(snmpx_manager *)), agents, n, 0,
             0, 0};
  for (int i = 0; i < agents; i++) {
    char a[300];
    snprintf(a, sizeof(a), "%s:%d", host, base + i);
    snmpx_target t;
    memset(&t, 0, sizeof(t));
    snmpx_addr_parse(&t.addr, a, 161);
    t.version = SNMPX_VERSION_2C;
    t.community = (const uint8_t *)"public";
    t.community_len = 6;
    t.retries = 2;
    s.m[i] = snmpx_manager_new(e, &t);
  }
  double w0 = wall_us(), c0 = cpu_us(), u0 = user_us();
  for (long i = 0; i < window && s.submitted < n; i++)
    submit(&s);
  while (s.done < n)
    snmpx_io_run_once(io, 1000);
  report(window == 1 ? "snmpx1" : "snmpxN", s.ok, wall_us() - w0,
         cpu_us() - c0, user_us() - u0);
  for (int i = 0; i < agents; i++)
    snmpx_manager_free(s.m[i]);
  free(s.m);
  snmpx_io_free(io);
  snmpx_engine_free(e);
  return s.ok == n ? 0 : 1;
}

int main(int argc, char **argv)
{
  if (argc < 6) {
    fprintf(stderr,
            "usage: %s raw|snmpx1|snmpxN HOST BASE_PORT AGENTS N [WINDOW]\n",
            argv[0]);
    return 2;
  }
  int base = atoi(argv[3]), agents = atoi(argv[4]);
  long n = atol(argv[5]);
  long window = argc > 6 ? atol(argv[6]) : 256;
  if (strcmp(argv[1], "raw") == 0)
    return run_raw(argv[2], base, agents, n);
  return run_snmpx(argv[2], base, agents, n,
                   strcmp(argv[1], "snmpx1") == 0 ? 1 : window);
}
