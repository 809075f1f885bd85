/* libFuzzer target: a stream connection's reading (src/transport/
 * stream.c) as an agent's io runs it, over a UNIX socketpair.  Input:
 * octet 0 picks the message size limit (its low bits) and, with bit 7
 * set, TLS (RFC 6353, stream_tls.c): the connection is a TLS listener's,
 * with a self-signed server certificate made at first use, and the bytes
 * are the client's side of a handshake; then chunks, each an octet n and
 * the n octets after it, written by the peer one chunk at a time, the io
 * reading after each (so messages span reads and reads hold several);
 * a chunk of length 0 closes the peer's end (mid-message or not).  The
 * engine answers what it can (an agent with no MIB: v1/v2c requests get
 * their errors, the answers go back on the connection and are drained).
 * Invariants, abort() on any failure:
 *  - TLS: nothing reaches the engine unless a session was accepted (no
 *    certSecName is configured, so none can be); at most one failure is
 *    counted, and the io frees cleanly after a failed handshake;
 *  - plaintext: the engine is handed exactly the messages the framer (fed the whole
 *    stream) finds before the first framing error or the close;
 *  - plaintext: a framing error closes the connection and is counted
 *    once; a close with a message cut short is counted as a failure. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "transport/io_impl.h"
#include "transport/stream_frame.h"

#include "fuzz_tls_identity.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok, const char *what)
{
  if (!ok) {
    fprintf(stderr, "fuzz_stream_conn: %s\n", what);
    abort();
  }
}

static const size_t limits[] = {0, 2, 7, 64, 300, 1500};

/* The framer over the whole stream: messages before the first error, and
 * whether an error or an unfinished message ends it. */
static size_t expected(const uint8_t *s, size_t n, size_t limit, bool *bad,
                       bool *partial)
{
  snmpx__stream_frame f;
  check(snmpx__stream_frame_init(&f, NULL, limit) == 0, "init");
  size_t msgs = 0, pos = 0;
  *bad = *partial = false;
  while (pos < n) {
    size_t used, mlen;
    const uint8_t *m;
    int rv = snmpx__stream_frame_feed(&f, s + pos, n - pos, &used, &m, &mlen);
    pos += used;
    if (rv < 0) {
      *bad = true;
      break;
    }
    msgs += (size_t)rv;
  }
  *partial = !*bad && f.have > 0;
  snmpx__stream_frame_clear(&f);
  return msgs;
}

static void drain(int fd)
{
  uint8_t b[4096];
  while (recv(fd, b, sizeof(b), MSG_DONTWAIT) > 0)
    ;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size < 1)
    return 0;
  size_t limit =
      limits[(data[0] & 0x7f) % (sizeof(limits) / sizeof(limits[0]))];
  bool tls = data[0] & 0x80;
  static bool have_identity, identity_ok;
  if (tls && !have_identity) {
    have_identity = true;
    identity_ok = make_identity();
  }
  if (tls && !identity_ok)
    return 0;
  /* The stream as the peer writes it, up to a close. */
  uint8_t *stream = malloc(size);
  size_t slen = 0;
  int sv[2];
  if (stream == NULL ||
      socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
                 sv) != 0) {
    free(stream);
    return 0;
  }
  int big = 1 << 20;
  setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &big, sizeof(big));
  setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
  snmpx_engine *e = snmpx_engine_new(NULL);
  snmpx_io *io = e ? snmpx_io_new(e, NULL) : NULL;
  check(io != NULL, "new");
  snmpx_io_stream_opts o = {0};
  o.max_msg = limit;
  check(snmpx_io_set_stream_opts(io, &o) == 0, "opts");
  if (tls) {
    char err[256];
    check(snmpx_io_tls_conf_line(io, "localCert", cert_path, NULL, 0, err,
                                 sizeof(err)) == 1,
          "localCert");
  }
  check(snmpx__stream_adopt(io, sv[0],
                            tls ? SNMPX_DOMAIN_TLS : SNMPX_DOMAIN_UNIX) == 0,
        "adopt");
  bool closed = false;
  size_t pos = 1;
  while (pos < size && !closed) {
    size_t n = data[pos++];
    if (n > size - pos)
      n = size - pos;
    if (n == 0) {
      shutdown(sv[1], SHUT_WR);
      closed = true;
    } else {
      if (send(sv[1], data + pos, n, MSG_NOSIGNAL) != (ssize_t)n)
        break; /* the io closed its end (a framing error) */
      memcpy(stream + slen, data + pos, n);
      slen += n;
      pos += n;
    }
    /* Bounded: each turn reads what is there. */
    for (int turn = 0; turn < 64; turn++) {
      snmpx_io_on_readable(io, sv[0]);
      int queued = 0;
      if (ioctl(sv[0], FIONREAD, &queued) != 0 || queued == 0)
        break;
    }
    drain(sv[1]);
  }
  snmpx_engine_stats es;
  snmpx_io_stats st;
  snmpx_engine_get_stats(e, &es);
  snmpx_io_get_stats(io, &st);
  if (tls) {
    snmpx_tlstm_stats ts;
    snmpx_io_get_tlstm_stats(io, &ts);
    check(ts.session_accepts == 0, "a session accepted without certSecName");
    check(es.in_pkts == 0, "plaintext without a session");
    check(st.stream_failed + st.stream_closed + st.stream_bad_frame <= 1,
          "one connection, one end");
  } else {
    bool bad, partial;
    size_t want = expected(stream, slen, limit, &bad, &partial);
    check(es.in_pkts == want, "messages handed to the engine");
    check(st.stream_bad_frame == (bad ? 1u : 0u), "framing errors counted");
    check(st.stream_failed == (closed && partial ? 1u : 0u),
          "a close mid-message counted");
  }
  snmpx_io_free(io);
  snmpx_engine_free(e);
  close(sv[1]);
  free(stream);
  return 0;
}
