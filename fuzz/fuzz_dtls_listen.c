/* libFuzzer target: a DTLS listener of an io (src/transport/dtls.c) fed
 * datagrams from four peers, as anyone on the network can send them: the
 * demultiplexing by peer, the cookie exchange of peers without a session,
 * the ClientHello check of peers with an established session (a client
 * starting again, RFC 6347 4.2.8), feeding established sessions, and the
 * messages they carry to an engine that answers them.  fuzz_tls_session
 * covers one session's handling of its bytes; this covers what dtls.c
 * reads and decides around the sessions.
 *
 * Nothing leaves the loopback sink: the peers are 127.0.0.1 to 127.0.0.4
 * at the port of a socket of this target's own, which receives (and, for
 * peer 0, reads) what the listener sends back.
 *
 * Input: octet 0, bit 0: first make a real session for peer 0 (a client
 * session of tls_session.c shakes hands with the listener through the
 * sink); then records of one octet (bits 0-1: the peer; bit 2: for peer
 * 0 with a session, have its client encrypt the record as a message;
 * bit 3: run the io's timers), a 2-octet big-endian length and that many
 * octets.
 * Invariants, abort() on any failure: snmpx__dtls_input takes every
 * datagram; no more server sessions than peers; a session exists only
 * for a peer that completed a cookie exchange. */
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "internal.h"
#include "transport/io_impl.h"
#include "transport/tls_session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok, const char *what)
{
  if (!ok) {
    fprintf(stderr, "fuzz_dtls_listen: %s\n", what);
    abort();
  }
}

static char dir[64];
static char srv_cert[128], srv_key[128], cli_cert[128], cli_key[128];

static void cleanup(void)
{
  unlink(srv_cert);
  unlink(srv_key);
  unlink(cli_cert);
  unlink(cli_key);
  rmdir(dir);
}

/* A self-signed P-256 certificate |cn| into |cert| and |key|. */
static bool make_identity(const char *cn, const char *cert, const char *key)
{
  EVP_PKEY *k = EVP_EC_gen("P-256");
  X509 *x = X509_new();
  FILE *f;
  bool ok = false;

  if (!k || !x)
    goto out;
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600L * 24 * 365);
  X509_set_pubkey(x, k);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC,
                             (const unsigned char *)cn, -1, -1, 0);
  X509_set_issuer_name(x, X509_get_subject_name(x));
  if (!X509_sign(x, k, EVP_sha256()))
    goto out;
  if ((f = fopen(cert, "w")) == NULL)
    goto out;
  ok = PEM_write_X509(f, x) == 1;
  fclose(f);
  if (ok && (f = fopen(key, "w")) != NULL) {
    ok = PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL) == 1;
    fclose(f);
  }
out:
  X509_free(x);
  EVP_PKEY_free(k);
  return ok;
}

static bool known_all(void *ud, const uint8_t *der, size_t len)
{
  (void)ud;
  (void)der;
  return len > 0;
}

static int sink = -1;
static uint16_t sink_port;
static snmpx__tls_ctx *client_ctx;

static bool setup(void)
{
  static bool done, ok;
  if (done)
    return ok;
  done = true;
  snprintf(dir, sizeof(dir), "/tmp/snmpx-fuzz-dtls-XXXXXX");
  if (!mkdtemp(dir))
    return false;
  snprintf(srv_cert, sizeof(srv_cert), "%s/srv.pem", dir);
  snprintf(srv_key, sizeof(srv_key), "%s/srv.key", dir);
  snprintf(cli_cert, sizeof(cli_cert), "%s/cli.pem", dir);
  snprintf(cli_key, sizeof(cli_key), "%s/cli.key", dir);
  atexit(cleanup);
  if (!make_identity("srv", srv_cert, srv_key) ||
      !make_identity("cli", cli_cert, cli_key))
    return false;
  snmpx__tls_config cfg = {.server = false,
                           .dtls = true,
                           .cert_file = cli_cert,
                           .key_file = cli_key,
                           .known = known_all};
  client_ctx = snmpx__tls_ctx_new(&cfg, NULL, 0);
  /* The sink: every peer's address is 127.0.0.x at its port. */
  sink = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  struct sockaddr_in sin = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_ANY)};
  socklen_t len = sizeof(sin);
  if (client_ctx == NULL || sink < 0 ||
      bind(sink, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
      getsockname(sink, (struct sockaddr *)&sin, &len) != 0)
    return false;
  sink_port = sin.sin_port;
  ok = true;
  return true;
}

static snmpx_addr peer_addr(int i)
{
  snmpx_addr a;
  memset(&a, 0, sizeof(a));
  a.u.in4.sin_family = AF_INET;
  a.u.in4.sin_port = sink_port;
  a.u.in4.sin_addr.s_addr = htonl(INADDR_LOOPBACK + (uint32_t)i);
  a.len = sizeof(a.u.in4);
  a.domain = SNMPX_DOMAIN_DTLS;
  return a;
}

/* The next datagram the listener sent (0 when none).  Only peer 0's
 * handshake reads the sink, before any other peer sends; what the
 * listener sends the others is dropped before each run. */
static int sink_read(uint8_t *buf, size_t cap)
{
  ssize_t n = recv(sink, buf, cap, 0);
  return n < 0 ? 0 : (int)n;
}

static void sink_drain(void)
{
  uint8_t buf[2048];
  while (recv(sink, buf, sizeof(buf), 0) >= 0)
    ;
}

/* Peer 0 shakes hands with the listener for real.  @return its client
 * session, established, or NULL. */
static snmpx__tls_session *handshake(snmpx_io *io, int li)
{
  static uint8_t dg[65536];
  snmpx_addr p0 = peer_addr(0);
  snmpx__tls_session *c = snmpx__tls_session_new(client_ctx, "p0", 2);
  for (int round = 0; c != NULL && round < 16; round++) {
    int n;
    while ((n = snmpx__tls_session_take(c, dg, sizeof(dg))) > 0)
      check(snmpx__dtls_input(io, li, &p0, dg, (size_t)n) == 0,
            "a datagram refused");
    if (snmpx__tls_session_is_ready(c))
      return c;
    struct pollfd p = {sink, POLLIN, 0};
    if (poll(&p, 1, 1000) != 1)
      break;
    while ((n = sink_read(dg, sizeof(dg))) > 0)
      if (snmpx__tls_session_feed(c, dg, (size_t)n) != 0)
        break;
  }
  snmpx__tls_session_free(c);
  return NULL;
}

/* The engine answers every request (the answer goes out on its
 * session, or is counted as without one). */
static void on_request(snmpx_engine *e, const snmpx_incoming *in, void *ud)
{
  (void)ud;
  snmpx_pdu resp = in->msg.pdu;
  resp.type = SNMPX_PDU_RESPONSE;
  snmpx_engine_respond(e, in, &resp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size < 1 || !setup())
    return 0;
  sink_drain();
  snmpx_engine *e = snmpx_engine_new(NULL);
  snmpx_io *io = e != NULL ? snmpx_io_new(e, NULL) : NULL;
  char line[300];
  snmpx_addr a;
  int li = -1;
  if (io != NULL) {
    snmpx_engine_set_responder(e, on_request, NULL);
    snmpx_io_tls_conf_line(io, "localCert", srv_cert, NULL, 0, NULL, 0);
    snprintf(line, sizeof(line), "10 %s --sn fuzz", cli_cert);
    snmpx_io_tls_conf_line(io, "certSecName", line, NULL, 0, NULL, 0);
    if (snmpx_addr_parse_listen(&a, "dtlsudp:127.0.0.1:0", 0) == 0)
      li = snmpx_io_listen(io, &a);
  }
  if (li < 0) {
    snmpx_io_free(io);
    snmpx_engine_free(e);
    return 0;
  }
  snmpx__tls_session *c = (data[0] & 1) ? handshake(io, li) : NULL;
  bool cookie_seen[4] = {c != NULL, false, false, false};
  static uint8_t dg[65536];
  size_t pos = 1;
  while (pos + 3 <= size) {
    int peer = data[pos] & 3;
    bool wrap = data[pos] & 4, tick = data[pos] & 8;
    size_t len = (size_t)data[pos + 1] << 8 | data[pos + 2];
    pos += 3;
    if (len > size - pos)
      len = size - pos;
    snmpx_addr from = peer_addr(peer);
    snmpx__dtls_stats before;
    snmpx__dtls_get_stats(io, &before);
    if (wrap && peer == 0 && c != NULL) {
      /* A message in a real record of peer 0's session. */
      if (snmpx__tls_session_write(c, data + pos, len) == 0) {
        int n;
        while ((n = snmpx__tls_session_take(c, dg, sizeof(dg))) > 0)
          check(snmpx__dtls_input(io, li, &from, dg, (size_t)n) == 0,
                "a datagram refused");
      }
    } else {
      check(snmpx__dtls_input(io, li, &from, data + pos, len) == 0,
            "a datagram refused");
    }
    snmpx__dtls_stats after;
    snmpx__dtls_get_stats(io, &after);
    if (after.hello_verify > before.hello_verify)
      cookie_seen[peer] = true;
    check(after.server_sessions <= 4, "more sessions than peers");
    check(after.server_sessions <= before.server_sessions || cookie_seen[peer],
          "a session without a cookie exchange");
    if (tick)
      snmpx_io_on_timeout(io);
    pos += len;
  }
  snmpx__tls_session_free(c);
  snmpx_io_free(io);
  snmpx_engine_free(e);
  return 0;
}
