/* bench_v3_responder: a fast SNMP agent for the GET benchmarks, built on
 * libsnmpx's inbound API (snmpx_engine_set_responder, snmpx_io_listen).
 * It answers every GetRequest varbind with a fixed TimeTicks value, so the
 * clients are measured against an agent that does next to nothing besides
 * message processing and USM (Net-SNMP's snmpd spends ~40 us on each).
 *
 *   bench_v3_responder PORT [LIFETIME_SEC [USER AUTH AUTHPASS PRIV PRIVPASS]]
 *
 * Listens on 127.0.0.1:PORT (0: a free port).  Serves v2c with community
 * "public" and SNMPv3 as the authoritative engine 0x80001f8880aabbccdd0011
 * 2244 with one user (default u_sha_aes SHA authpass123 AES privpass123, as
 * tests/interop/lib.sh's snmpd; authPriv, authNoPriv or noAuthNoPriv all
 * accepted).  Prints "ready PORT" on stdout once bound; exits after
 * LIFETIME_SEC (default 300, at most 86400) or on SIGTERM/SIGINT, printing
 * its counters on stderr. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include <snmpx/snmpx.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
  (void)sig;
  stop = 1;
}

static const uint8_t engine_id[] = {0x80, 0x00, 0x1f, 0x88, 0x80, 0xaa, 0xbb,
                                    0xcc, 0xdd, 0x00, 0x11, 0x22, 0x44};

/* At most this many varbinds are answered; more get tooBig. */
#define MAX_VB 64

typedef struct server {
  uint64_t requests;
  uint64_t respond_errors;
} server;

/* Every Get/GetNext/GetBulk varbind gets TimeTicks 4242 under its own
 * name: a fixed answer, no MIB.  SetRequests are answered notWritable. */
static void on_request(snmpx_engine *e, const snmpx_incoming *in, void *ud)
{
  server *s = ud;
  s->requests++;
  if (in->msg.version != SNMPX_VERSION_3 &&
      (in->msg.community_len != 6 ||
       memcmp(in->msg.community, "public", 6) != 0))
    return; /* a wrong community gets silence, as snmpd */
  const snmpx_pdu *req = &in->msg.pdu;
  snmpx_varbind vb[MAX_VB];
  snmpx_pdu resp;
  memset(&resp, 0, sizeof(resp));
  resp.type = SNMPX_PDU_RESPONSE;
  resp.request_id = req->request_id;
  size_t n = req->n_varbinds;
  if (n > MAX_VB) {
    resp.error_status = SNMPX_ERRSTAT_TOO_BIG;
    n = 0;
  }
  for (size_t i = 0; i < n; i++) {
    vb[i].name = req->varbinds[i].name;
    vb[i].value.type = SNMPX_TYPE_TIMETICKS;
    vb[i].value.v.u = 4242;
  }
  if (req->type == SNMPX_PDU_SET && n > 0) {
    resp.error_status = SNMPX_ERRSTAT_NOT_WRITABLE;
    resp.error_index = 1;
    for (size_t i = 0; i < n; i++)
      vb[i].value = req->varbinds[i].value;
  }
  resp.varbinds = vb;
  resp.n_varbinds = n;
  if (snmpx_engine_respond(e, in, &resp) != 0)
    s->respond_errors++;
}

static snmpx_usm_secret pass(const char *p)
{
  return (snmpx_usm_secret){SNMPX_USM_SECRET_PASSWORD, (const uint8_t *)p,
                            strlen(p)};
}

static int add_user(snmpx_engine *e, char **a)
{
  snmpx_user u;
  memset(&u, 0, sizeof(u));
  u.name = (const uint8_t *)a[0];
  u.name_len = strlen(a[0]);
  if (snmpx_usm_auth_from_name(a[1], &u.auth) != 0 ||
      snmpx_usm_priv_from_name(a[3], &u.priv) != 0) {
    fprintf(stderr, "unknown protocol %s or %s\n", a[1], a[3]);
    return -1;
  }
  u.auth_secret = pass(a[2]);
  u.priv_secret = pass(a[4]);
  int rv = snmpx_engine_add_user(e, &u);
  if (rv != 0)
    fprintf(stderr, "user %s: %s\n", a[0], snmpx_strerror(rv));
  return rv;
}

static int listen_on(snmpx_io *io, long port)
{
  snmpx_addr a;
  memset(&a, 0, sizeof(a));
  a.u.in4.sin_family = AF_INET;
  a.u.in4.sin_port = htons((uint16_t)port);
  a.u.in4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.len = sizeof(a.u.in4);
  int idx = snmpx_io_listen(io, &a);
  if (idx < 0 || snmpx_io_listen_addr(io, idx, &a) != 0) {
    fprintf(stderr, "cannot listen on 127.0.0.1:%ld: %s\n", port,
            snmpx_strerror(idx < 0 ? idx : SNMPX_ESOCKET));
    return -1;
  }
  printf("ready %u\n", ntohs(a.u.in4.sin_port));
  fflush(stdout);
  return 0;
}

int main(int argc, char **argv)
{
  if (argc < 2 || argc > 8 || argc == 4 || (argc > 3 && argc != 8)) {
    fprintf(stderr,
            "usage: %s PORT [LIFETIME_SEC [USER AUTH AUTHPASS PRIV "
            "PRIVPASS]]\n",
            argv[0]);
    return 2;
  }
  long port = atol(argv[1]);
  long lifetime = argc > 2 ? atol(argv[2]) : 300;
  if (port < 0 || port > 65535 || lifetime < 1 || lifetime > 86400) {
    fprintf(stderr, "bad port or lifetime\n");
    return 2;
  }
  char *def[] = {"u_sha_aes", "SHA", "authpass123", "AES", "privpass123"};
  snmpx_engine *e = snmpx_engine_new(NULL);
  snmpx_io *io = e ? snmpx_io_new(e, NULL) : NULL;
  if (io == NULL)
    return 1;
  snmpx_local_engine local = {.engine_id = engine_id,
                              .engine_id_len = sizeof(engine_id)};
  server s = {0};
  if (snmpx_engine_set_local(e, &local) != 0 ||
      add_user(e, argc == 8 ? argv + 3 : def) != 0 || listen_on(io, port))
    return 1;
  snmpx_engine_set_responder(e, on_request, &s);
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  uint64_t end = snmpx_engine_now(e) + (uint64_t)lifetime * 1000;
  while (!stop && snmpx_engine_now(e) < end)
    if (snmpx_io_run_once(io, 200) != 0)
      break;
  snmpx_engine_stats st;
  snmpx_engine_get_stats(e, &st);
  fprintf(stderr,
          "responder: requests=%llu responses=%llu reports=%llu "
          "wrong_digests=%llu decryption_errors=%llu not_in_time=%llu "
          "respond_errors=%llu\n",
          (unsigned long long)s.requests, (unsigned long long)st.out_responses,
          (unsigned long long)st.out_reports,
          (unsigned long long)st.usm_wrong_digests,
          (unsigned long long)st.usm_decryption_errors,
          (unsigned long long)st.usm_not_in_time_windows,
          (unsigned long long)s.respond_errors);
  snmpx_io_free(io);
  snmpx_engine_free(e);
  return 0;
}
