/* libFuzzer target: a TLS or DTLS server session (src/transport/
 * tls_session.c) fed arbitrary ciphertext, as a listener is by anyone who
 * connects.  The server's certificate and key are made once, at first
 * use, in a temporary directory.
 * Input: octet 0 picks TLS (even) or DTLS (odd); then records of a 2-octet
 * big-endian length and that many octets: TLS stream chunks, or DTLS
 * datagrams (the first through snmpx__tls_dtls_accept, as a transport
 * does for a peer without a session).
 * Invariants, abort() on any failure:
 *  - no read returns more than asked, nor a write or take more than fits;
 *  - once feed fails, the session stays failed with the same error;
 *  - snmpx__tls_dtls_accept makes a session exactly when it says so. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "internal.h"
#include "transport/tls_session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok, const char *what)
{
  if (!ok) {
    fprintf(stderr, "fuzz_tls_session: %s\n", what);
    abort();
  }
}

#include "fuzz_tls_identity.h"

static bool known_all(void *ud, const uint8_t *der, size_t len)
{
  (void)ud;
  (void)der;
  return len > 0;
}

static snmpx__tls_ctx *server_ctx(bool dtls)
{
  static snmpx__tls_ctx *ctx[2];
  static bool ready;
  snmpx__tls_config cfg = {0};

  if (!ready) {
    ready = true;
    if (!make_identity())
      return NULL;
  }
  if (!ctx[dtls]) {
    cfg.server = true;
    cfg.dtls = dtls;
    cfg.cert_file = cert_path;
    cfg.key_file = key_path;
    cfg.known = known_all; /* get as far as a client certificate can */
    ctx[dtls] = snmpx__tls_ctx_new(&cfg, NULL, 0);
  }
  return ctx[dtls];
}

/* Take everything the session wants to send, checking the sizes. */
static void drain(snmpx__tls_session *s)
{
  static uint8_t out[20000];
  int n;

  for (int i = 0; i < 64; i++) {
    n = snmpx__tls_session_take(s, out, sizeof(out));
    check(n <= (int)sizeof(out), "take beyond its buffer");
    if (n <= 0)
      return;
  }
}

static void read_all(snmpx__tls_session *s, int sticky)
{
  uint8_t buf[512];
  int n;

  for (int i = 0; i < 64; i++) {
    n = snmpx__tls_session_read(s, buf, sizeof(buf));
    check(n <= (int)sizeof(buf), "read beyond its buffer");
    if (sticky)
      check(n == sticky, "a failed session came back");
    if (n <= 0)
      return;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  bool dtls;
  snmpx__tls_ctx *ctx;
  snmpx__tls_session *s = NULL;
  size_t pos = 1;
  int err = 0;

  if (size < 1)
    return 0;
  dtls = data[0] & 1;
  if ((ctx = server_ctx(dtls)) == NULL)
    return 0;
  if (!dtls)
    s = snmpx__tls_session_new(ctx, "peer", 4);
  while (pos + 2 <= size) {
    size_t len = (size_t)data[pos] << 8 | data[pos + 1];
    pos += 2;
    if (len > size - pos)
      len = size - pos;
    if (dtls && s == NULL) {
      uint8_t reply[2048];
      size_t rlen;
      int rv = snmpx__tls_dtls_accept(ctx, "peer", 4, data + pos, len, reply,
                                      sizeof(reply), &rlen, &s);
      check(rlen <= sizeof(reply), "reply beyond its buffer");
      check(rv != 1 || s != NULL, "accepted without a session");
    } else if (s != NULL) {
      int rv = snmpx__tls_session_feed(s, data + pos, len);
      if (err)
        check(rv == err, "feed after a failure gave another result");
      else if (rv < 0)
        err = rv;
      read_all(s, err);
      if (snmpx__tls_session_is_ready(s))
        snmpx__tls_session_write(s, (const uint8_t *)"\x30\x00", 2);
      drain(s);
      if (dtls && snmpx__tls_session_timer_ms(s) == 0)
        snmpx__tls_session_on_timer(s);
    }
    pos += len;
  }
  snmpx__tls_session_free(s);
  return 0;
}
