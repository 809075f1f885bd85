/* The sender of bench/run_notify.sh: SNMPv2c or SNMPv3 authPriv
 * (SHA/AES) traps, each one distinct (its own request-id and counter
 * varbind), built by libsnmpx and sent in batches with sendmmsg for a
 * number of seconds, as fast as one CPU allows.  Prints how many went out.
 *
 *   bench_notify_send v2c|v3 HOST PORT SECONDS
 *
 * v3 uses user "bench", SHA "benchauth1" / AES "benchpriv1", sending
 * engine 0x8000000001bbbbbb01 (the receivers' createUser -e). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <snmpx/snmpx.h>

#define BATCH 64
#define MAXLEN 512

static const uint8_t bench_engine[] = {0x80, 0x00, 0x00, 0x00, 0x01,
                                       0xbb, 0xbb, 0xbb, 0x01};

typedef struct batch {
  int fd;
  struct sockaddr_in to;
  uint8_t buf[BATCH][MAXLEN];
  struct iovec iov[BATCH];
  struct mmsghdr msgs[BATCH];
  int n;
  uint64_t sent;
} batch;

static void flush(batch *b)
{
  int off = 0;
  while (off < b->n) {
    int k = sendmmsg(b->fd, b->msgs + off, (unsigned)(b->n - off), 0);
    if (k <= 0)
      break; /* a full socket buffer: count what went, go on */
    off += k;
  }
  b->sent += (uint64_t)off;
  b->n = 0;
}

static void queue(void *ud, const uint8_t *data, size_t len,
                  const snmpx_addr *to)
{
  batch *b = ud;
  (void)to;
  if (len > MAXLEN)
    return;
  memcpy(b->buf[b->n], data, len);
  b->iov[b->n].iov_len = len;
  if (++b->n == BATCH)
    flush(b);
}

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int setup_v3(snmpx_engine *e, snmpx_target *t)
{
  snmpx_local_engine local;
  memset(&local, 0, sizeof(local));
  local.engine_id = bench_engine;
  local.engine_id_len = sizeof(bench_engine);
  snmpx_user u;
  memset(&u, 0, sizeof(u));
  u.name = (const uint8_t *)"bench";
  u.name_len = 5;
  u.auth = SNMPX_USM_AUTH_SHA;
  u.auth_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_PASSWORD,
                                     (const uint8_t *)"benchauth1", 10};
  u.priv = SNMPX_USM_PRIV_AES128;
  u.priv_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_PASSWORD,
                                     (const uint8_t *)"benchpriv1", 10};
  if (snmpx_engine_set_local(e, &local) != 0 ||
      snmpx_engine_add_user(e, &u) != 0)
    return -1;
  t->version = SNMPX_VERSION_3;
  t->user = u.name;
  t->user_len = u.name_len;
  t->level = SNMPX_SECLEVEL_AUTHPRIV;
  return 0;
}

int main(int argc, char **argv)
{
  if (argc != 5) {
    fprintf(stderr, "usage: bench_notify_send v2c|v3 HOST PORT SECONDS\n");
    return 2;
  }
  bool v3 = strcmp(argv[1], "v3") == 0;
  double secs = atof(argv[4]);
  static batch b;
  b.fd = socket(AF_INET, SOCK_DGRAM, 0);
  int sndbuf = 4 << 20;
  setsockopt(b.fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
  b.to.sin_family = AF_INET;
  b.to.sin_port = htons((uint16_t)atoi(argv[3]));
  inet_pton(AF_INET, argv[2], &b.to.sin_addr);
  for (int i = 0; i < BATCH; i++) {
    b.iov[i].iov_base = b.buf[i];
    b.msgs[i].msg_hdr.msg_iov = &b.iov[i];
    b.msgs[i].msg_hdr.msg_iovlen = 1;
    b.msgs[i].msg_hdr.msg_name = &b.to;
    b.msgs[i].msg_hdr.msg_namelen = sizeof(b.to);
  }
  snmpx_engine_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.send = queue;
  cfg.send_ud = &b;
  snmpx_engine *e = snmpx_engine_new(&cfg);
  snmpx_target t;
  memset(&t, 0, sizeof(t));
  snmpx_addr_parse(&t.addr, argv[2], 162);
  t.version = SNMPX_VERSION_2C;
  t.community = (const uint8_t *)"public";
  t.community_len = 6;
  if (e == NULL || (v3 && setup_v3(e, &t) != 0)) {
    fprintf(stderr, "bench_notify_send: setup failed\n");
    return 1;
  }
  static const uint32_t trap_oid[] = {1, 3, 6, 1, 4, 1, 8072, 2, 3, 0, 1};
  static const uint32_t seq_oid[] = {1, 3, 6, 1, 4, 1, 8072, 2, 3, 2, 1};
  static const uint32_t text_oid[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
  snmpx_varbind extra[2] = {
      {SNMPX_OIDV(seq_oid), snmpx_value_int(SNMPX_TYPE_INTEGER, 0)},
      {SNMPX_OIDV(text_oid),
       snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "link 7 went down", 16)}};
  snmpx_varbind vbs[4];
  snmpx_pdu pdu;
  double start = now_s(), end = start + secs;
  uint64_t n = 0;
  while ((n & 255) != 0 || now_s() < end) {
    extra[0].value.v.i = (int64_t)n;
    snmpx_notify_build_v2(&pdu, SNMPX_PDU_TRAP_V2, (uint32_t)n,
                          SNMPX_OIDV(trap_oid), extra, 2, vbs, 4);
    pdu.request_id = (int32_t)(n + 1);
    if (snmpx_notify_send_trap(e, &t, &pdu) != 0) {
      fprintf(stderr, "bench_notify_send: send failed\n");
      return 1;
    }
    n++;
  }
  flush(&b);
  double el = now_s() - start;
  printf("sent %llu %s traps in %.2f s (%.0f/s)\n", (unsigned long long)b.sent,
         argv[1], el, (double)b.sent / el);
  snmpx_engine_free(e);
  close(b.fd);
  return 0;
}
