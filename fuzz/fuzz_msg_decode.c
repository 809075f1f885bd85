/* libFuzzer target: decode an SNMPv1/v2c message.  Whatever decodes must
 * round-trip: encode(decode(x)) decodes to an equal message, and encoding
 * that again gives the same bytes.  abort() on any mismatch. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok, const char *what)
{
  if (!ok) {
    fprintf(stderr, "fuzz_msg_decode: %s\n", what);
    abort();
  }
}

/* Decode with space sized by snmpx_pdu_decode_bounds; the bound is
 * trusted, so TOO_MANY_VARBINDS or TOOLONG from lack of space would be a
 * bug (the second is still legitimate for an OID over 128 arcs). */
static int decode(const uint8_t *buf, size_t len, snmpx_msg *m,
                  snmpx_decode_space *s)
{
  size_t maxvb, maxarcs;
  snmpx_pdu_decode_bounds(len, &maxvb, &maxarcs);
  s->varbinds = malloc((maxvb ? maxvb : 1) * sizeof(snmpx_varbind));
  s->arcs = malloc((maxarcs ? maxarcs : 1) * sizeof(uint32_t));
  check(s->varbinds != NULL && s->arcs != NULL, "out of memory");
  s->varbinds_cap = maxvb;
  s->arcs_cap = maxarcs;
  int rv = snmpx_msg_decode(buf, len, m, s);
  check(rv != SNMPX_EMSG_TOO_MANY_VARBINDS, "decode bound too small");
  return rv;
}

static void release(snmpx_decode_space *s)
{
  free(s->varbinds);
  free(s->arcs);
}

static bool msg_equal(const snmpx_msg *a, const snmpx_msg *b)
{
  return a->version == b->version && a->community_len == b->community_len &&
         (a->community_len == 0 ||
          memcmp(a->community, b->community, a->community_len) == 0) &&
         snmpx__pdu_equal(&a->pdu, &b->pdu);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  snmpx_decode_space s1, s2;
  snmpx_msg m1, m2;
  int peek = snmpx_msg_peek_version(data, size);
  int rv = decode(data, size, &m1, &s1);
  if (rv < 0) {
    release(&s1);
    return 0;
  }
  check(peek == (int)m1.version, "peek_version disagrees with decode");

  snmpx_pdu *copy = snmpx_pdu_dup(&m1.pdu, NULL);
  check(copy != NULL && snmpx__pdu_equal(copy, &m1.pdu), "pdu_dup");
  snmpx_pdu_free(copy, NULL);

  /* Re-encoding can grow a value: 41 01 ff reads as 255 and goes out as
   * 41 02 00 ff; a short agent-addr is padded to 4. */
  size_t cap = 16 * size + 256, len1, len2;
  uint8_t *e1 = malloc(cap), *e2 = malloc(cap);
  check(e1 != NULL && e2 != NULL, "out of memory");
  rv = snmpx_msg_encode(&m1, e1, cap, &len1);
  if (rv == SNMPX_EMSG_PDU_TYPE || rv == SNMPX_EMSG_VALUE_TYPE) {
    /* Decoding is tolerant, encoding enforces the version rules (v1 has
     * no GetBulk or Counter64; v2c has no v1 Trap). */
    goto out;
  }
  check(rv == 0, "encode of a decoded message failed");
  rv = decode(e1, len1, &m2, &s2);
  check(rv == 0, "re-decode failed");
  check(msg_equal(&m1, &m2), "round trip changed the message");
  check(snmpx_msg_encode(&m2, e2, cap, &len2) == 0, "second encode failed");
  check(len1 == len2 && memcmp(e1, e2, len1) == 0, "encoding not stable");
  release(&s2);
out:
  free(e1);
  free(e2);
  release(&s1);
  return 0;
}
