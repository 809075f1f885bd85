/* Sizes of encoded varbinds, so a GETBULK answer stops growing before it
 * exceeds what the manager accepts (RFC 3416 4.2.3) instead of being
 * built, encoded and thrown away. */
#include "agent_priv.h"

static size_t len_of_len(size_t n)
{
  size_t k = 1;
  if (n >= 0x80)
    for (size_t v = n; v > 0; v >>= 8)
      k++;
  return k;
}

static size_t tlv(size_t content)
{
  return 1 + len_of_len(content) + content;
}

static size_t base128(uint64_t v)
{
  size_t n = 1;
  while (v >>= 7)
    n++;
  return n;
}

static size_t oid_content(snmpx_oidv o)
{
  if (o.len == 0)
    return 1;
  uint64_t first = 40 * (uint64_t)o.arcs[0] + (o.len > 1 ? o.arcs[1] : 0);
  size_t n = base128(first);
  for (size_t i = 2; i < o.len; i++)
    n += base128(o.arcs[i]);
  return n;
}

static size_t int_content(int64_t v)
{
  size_t n = 1;
  while (n < 8 &&
         (v < -(INT64_C(1) << (8 * n - 1)) || v >= (INT64_C(1) << (8 * n - 1))))
    n++;
  return n;
}

static size_t uint_content(uint64_t v)
{
  size_t n = 1;
  while (n < 9 && v >= (UINT64_C(1) << (8 * n - 1)))
    n++;
  return n;
}

static size_t value_size(const snmpx_value *v)
{
  switch (v->type) {
  case SNMPX_TYPE_INTEGER:
    return tlv(int_content(v->v.i));
  case SNMPX_TYPE_COUNTER32:
  case SNMPX_TYPE_GAUGE32:
  case SNMPX_TYPE_TIMETICKS:
  case SNMPX_TYPE_UINTEGER32:
  case SNMPX_TYPE_COUNTER64:
    return tlv(uint_content(v->v.u));
  case SNMPX_TYPE_OCTET_STRING:
  case SNMPX_TYPE_IPADDRESS:
  case SNMPX_TYPE_OPAQUE:
  case SNMPX_TYPE_BIT_STRING:
  case SNMPX_TYPE_NSAPADDRESS:
    return tlv(v->v.bytes.len);
  case SNMPX_TYPE_OID:
    return tlv(oid_content(v->v.oid));
  case SNMPX_TYPE_NULL:
  case SNMPX_TYPE_NOSUCHOBJECT:
  case SNMPX_TYPE_NOSUCHINSTANCE:
  case SNMPX_TYPE_ENDOFMIBVIEW:
    return 2;
  default: /* Net-SNMP's Opaque-wrapped numbers: at most 9 + 4 + 2 */
    return 16;
  }
}

size_t snmpx__varbind_size(const snmpx_varbind *vb)
{
  return tlv(tlv(oid_content(vb->name)) + value_size(&vb->value));
}

/* PDU tag and length, request-id, error-status, error-index (each at most
 * 6 octets), the varbind list's tag and length. */
size_t snmpx__pdu_overhead(void)
{
  return 6 + 3 * 6 + 6;
}

/* v1/v2c: SEQUENCE, version, community.  v3: the header (msgID,
 * msgMaxSize, flags, model: about 30), USM parameters (engine ID, boots,
 * time, user, up to 48 octets of digest, 8 of salt: 80 plus the
 * strings), the scoped PDU (context engine ID and name) and the
 * encryption's padding and OCTET STRING wrapping (16 + 6). */
size_t snmpx__msg_overhead(const snmpx_incoming *in)
{
  const snmpx_msg *m = &in->msg;
  if (m->version != SNMPX_VERSION_3)
    return 6 + 3 + tlv(m->community_len);
  return 6 + 30 + 80 + in->engine_id_len + m->security_name_len + 12 +
         m->context_engine_id_len + m->context_name_len + 22;
}
