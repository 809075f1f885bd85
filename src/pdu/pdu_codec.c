/* PDU encoding and decoding: RFC 3416 3 (PDUs), RFC 1157 4.1.6 (the SNMPv1
 * Trap-PDU).  Decoding fills caller storage and never allocates. */
#include "internal.h"

static bool is_pdu_type(uint8_t tag)
{
  return tag >= SNMPX_PDU_GET && tag <= SNMPX_PDU_REPORT;
}

/* Every varbind is a SEQUENCE { name OID, value } whose OID has at least
 * one content octet (an empty OID is a decode error) and whose value is at
 * least a tag and a length: 2 + 3 + 2 = 7 octets, disjoint from all other
 * varbinds, so a message of |len| octets holds at most len / 7 of them.
 * An OID TLV of s octets (s >= 3) has s - 2 content octets, which decode
 * into at most s - 1 arcs (the first octet gives two arcs, every later
 * sub-identifier needs at least one octet), and OID TLVs never overlap,
 * so all the arcs of a message (names, OID values, a v1 enterprise) are
 * fewer than |len|. */
void snmpx_pdu_decode_bounds(size_t len, size_t *max_varbinds,
                             size_t *max_arcs)
{
  if (max_varbinds != NULL)
    *max_varbinds = len / 7;
  if (max_arcs != NULL)
    *max_arcs = len;
}

/* An INTEGER field that must fit int32 (request-id, error-status...). */
static int read_int32(snmpx_ber_reader *r, int32_t *out)
{
  int64_t v;
  int rv = snmpx_ber_read_int(r, SNMPX_TYPE_INTEGER, &v);
  if (rv < 0)
    return rv;
  if (v < INT32_MIN || v > INT32_MAX)
    return SNMPX_EBER_RANGE;
  *out = (int32_t)v;
  return 0;
}

/* Where the next OID's arcs go. */
typedef struct arc_space {
  uint32_t *arcs;
  size_t cap;
  size_t used;
} arc_space;

static int read_oid(snmpx_ber_reader *r, arc_space *as, snmpx_oidv *out)
{
  uint8_t tag;
  snmpx_ber_view c;
  int rv = snmpx_ber_read_tlv(r, &tag, &c);
  if (rv < 0)
    return rv;
  if (tag != SNMPX_TYPE_OID)
    return SNMPX_EBER_TAG;
  uint32_t *dst = as->arcs ? as->arcs + as->used : NULL;
  rv = snmpx_ber_decode_oid(c, dst, as->cap - as->used);
  if (rv < 0)
    return rv;
  out->arcs = dst;
  out->len = (size_t)rv;
  as->used += (size_t)rv;
  return 0;
}

/* RFC 1157 4.1.6: enterprise, agent-addr, generic-trap, specific-trap,
 * time-stamp. */
static int read_trap_header(snmpx_ber_reader *r, arc_space *as,
                            snmpx_pdu *out)
{
  int rv = read_oid(r, as, &out->enterprise);
  if (rv < 0)
    return rv;
  uint8_t tag;
  snmpx_ber_view c;
  rv = snmpx_ber_read_tlv(r, &tag, &c);
  if (rv < 0)
    return rv;
  if (tag != SNMPX_TYPE_IPADDRESS)
    return SNMPX_EBER_TAG;
  /* NetworkAddress is a 4-octet IpAddress.  Like Net-SNMP, a shorter one
   * is taken and zero-filled; a longer one is an error. */
  if (c.len > 4)
    return SNMPX_EBER_LENGTH;
  if (c.len > 0)
    memcpy(out->agent_addr, c.ptr, c.len);
  if ((rv = read_int32(r, &out->generic_trap)) < 0 ||
      (rv = read_int32(r, &out->specific_trap)) < 0)
    return rv;
  uint64_t ts;
  rv = snmpx_ber_read_uint(r, SNMPX_TYPE_TIMETICKS, &ts);
  if (rv < 0)
    return rv;
  out->time_stamp = (uint32_t)(ts & UINT32_MAX); /* as for any TimeTicks */
  return 0;
}

static int read_varbind(snmpx_ber_reader *list, arc_space *as,
                        snmpx_varbind *vb)
{
  snmpx_ber_reader r;
  int rv = snmpx_ber_enter(list, 0x30, &r);
  if (rv < 0)
    return rv;
  rv = read_oid(&r, as, &vb->name);
  if (rv < 0)
    return rv;
  uint32_t *dst = as->arcs ? as->arcs + as->used : NULL;
  rv = snmpx_ber_read_value(&r, &vb->value, dst, as->cap - as->used,
                            &as->used);
  if (rv < 0)
    return rv;
  return snmpx_ber_reader_done(&r) ? 0 : SNMPX_EBER_TRAILING;
}

/* RFC 3416 3: VarBindList ::= SEQUENCE (SIZE (0..max-bindings)) OF
 * VarBind.  One bad varbind fails the whole list: never truncate. */
static int read_varbinds(snmpx_ber_reader *r, arc_space *as,
                         snmpx_decode_space *space, snmpx_pdu *out)
{
  snmpx_ber_reader list;
  int rv = snmpx_ber_enter(r, 0x30, &list);
  if (rv < 0)
    return rv;
  out->varbinds = space->varbinds;
  while (!snmpx_ber_reader_done(&list)) {
    if (out->n_varbinds >= space->varbinds_cap || space->varbinds == NULL)
      return SNMPX_EMSG_TOO_MANY_VARBINDS;
    rv = read_varbind(&list, as, &space->varbinds[out->n_varbinds]);
    if (rv < 0)
      return rv;
    out->n_varbinds++;
  }
  return 0;
}

int snmpx_pdu_decode(snmpx_ber_reader *r, snmpx_pdu *out,
                     snmpx_decode_space *space)
{
  if (r == NULL || out == NULL || space == NULL)
    return SNMPX_EINVAL;
  memset(out, 0, sizeof(*out));
  if (r->pos >= r->len)
    return SNMPX_EBER_TRUNCATED;
  uint8_t tag = r->p[r->pos];
  if (!is_pdu_type(tag))
    return SNMPX_EMSG_PDU_TYPE;
  snmpx_ber_reader in;
  int rv = snmpx_ber_enter(r, tag, &in);
  if (rv < 0)
    return rv;
  out->type = (snmpx_pdu_type)tag;
  arc_space as = {space->arcs, space->arcs ? space->arcs_cap : 0, 0};
  if (tag == SNMPX_PDU_TRAP_V1)
    rv = read_trap_header(&in, &as, out);
  else if ((rv = read_int32(&in, &out->request_id)) == 0 &&
           (rv = read_int32(&in, &out->error_status)) == 0)
    rv = read_int32(&in, &out->error_index);
  if (rv == 0)
    rv = read_varbinds(&in, &as, space, out);
  if (rv == 0 && !snmpx_ber_reader_done(&in))
    rv = SNMPX_EBER_TRAILING;
  return rv;
}

/* RFC 1157 4 / RFC 1901 3: Message ::= SEQUENCE { version INTEGER,
 * community OCTET STRING, data PDUs }. */
/* Enter the message SEQUENCE (|top| over buf, |m| inside it) and read
 * msgVersion, the first field of every SNMP message. */
static int read_version(const uint8_t *buf, size_t len, snmpx_ber_reader *top,
                        snmpx_ber_reader *m, int64_t *version)
{
  snmpx_ber_reader_init(top, buf, len);
  int rv = snmpx_ber_enter(top, 0x30, m);
  if (rv < 0)
    return rv;
  return snmpx_ber_read_int(m, SNMPX_TYPE_INTEGER, version);
}

int snmpx_msg_decode(const uint8_t *buf, size_t len, snmpx_msg *out,
                     snmpx_decode_space *space)
{
  if (buf == NULL || out == NULL || space == NULL)
    return SNMPX_EINVAL;
  memset(out, 0, sizeof(*out));
  snmpx_ber_reader top, m;
  int64_t version;
  int rv = read_version(buf, len, &top, &m, &version);
  if (rv < 0)
    return rv;
  if (version != SNMPX_VERSION_1 && version != SNMPX_VERSION_2C)
    return SNMPX_EMSG_VERSION;
  out->version = (snmpx_version)version;
  uint8_t tag;
  snmpx_ber_view c;
  rv = snmpx_ber_read_tlv(&m, &tag, &c);
  if (rv < 0)
    return rv;
  if (tag != SNMPX_TYPE_OCTET_STRING)
    return SNMPX_EBER_TAG;
  out->community = c.ptr;
  out->community_len = c.len;
  rv = snmpx_pdu_decode(&m, &out->pdu, space);
  if (rv < 0)
    return rv;
  if (!snmpx_ber_reader_done(&m) || !snmpx_ber_reader_done(&top))
    return SNMPX_EBER_TRAILING;
  return 0;
}

int snmpx_msg_peek_version(const uint8_t *buf, size_t len)
{
  if (buf == NULL)
    return SNMPX_EINVAL;
  snmpx_ber_reader top, m;
  int64_t version;
  int rv = read_version(buf, len, &top, &m, &version);
  if (rv < 0)
    return rv;
  /* A negative or huge version would read as an error code. */
  return version < 0 || version > INT32_MAX ? SNMPX_EBER_RANGE
                                            : (int)version;
}

static void write_varbinds(snmpx_ber_writer *w, const snmpx_pdu *pdu)
{
  size_t list_mark = w->used;
  if (pdu->varbinds == NULL && pdu->n_varbinds > 0) {
    snmpx__ber_set_err(w, SNMPX_EINVAL);
    return;
  }
  for (size_t i = pdu->n_varbinds; i > 0 && w->err == 0; i--) {
    const snmpx_varbind *vb = &pdu->varbinds[i - 1];
    size_t mark = w->used;
    snmpx_ber_write_value(w, &vb->value);
    snmpx_ber_write_oid(w, vb->name);
    snmpx_ber_write_header(w, 0x30, w->used - mark);
  }
  snmpx_ber_write_header(w, 0x30, w->used - list_mark);
}

void snmpx_pdu_encode(snmpx_ber_writer *w, const snmpx_pdu *pdu)
{
  if (pdu == NULL) {
    snmpx__ber_set_err(w, SNMPX_EINVAL);
    return;
  }
  if (!is_pdu_type((uint8_t)pdu->type) || pdu->type > 0xff) {
    snmpx__ber_set_err(w, SNMPX_EMSG_PDU_TYPE);
    return;
  }
  size_t mark = w->used;
  write_varbinds(w, pdu);
  if (pdu->type == SNMPX_PDU_TRAP_V1) { /* RFC 1157 4.1.6 */
    snmpx_ber_write_uint(w, SNMPX_TYPE_TIMETICKS, pdu->time_stamp);
    snmpx_ber_write_int(w, SNMPX_TYPE_INTEGER, pdu->specific_trap);
    snmpx_ber_write_int(w, SNMPX_TYPE_INTEGER, pdu->generic_trap);
    snmpx_ber_write_bytes(w, SNMPX_TYPE_IPADDRESS, pdu->agent_addr, 4);
    snmpx_ber_write_oid(w, pdu->enterprise);
  } else { /* RFC 3416 3: request-id, error-status, error-index */
    snmpx_ber_write_int(w, SNMPX_TYPE_INTEGER, pdu->error_index);
    snmpx_ber_write_int(w, SNMPX_TYPE_INTEGER, pdu->error_status);
    snmpx_ber_write_int(w, SNMPX_TYPE_INTEGER, pdu->request_id);
  }
  snmpx_ber_write_header(w, (uint8_t)pdu->type, w->used - mark);
}

/* RFC 3584 2.1 and 4.1: SNMPv1 has no GetBulk, Inform, SNMPv2-Trap or
 * Report and no Counter64; SNMPv2c (RFC 1901) has no v1 Trap-PDU. */
static int check_version_rules(const snmpx_msg *m)
{
  snmpx_pdu_type t = m->pdu.type;
  if (m->version == SNMPX_VERSION_2C)
    return t == SNMPX_PDU_TRAP_V1 ? SNMPX_EMSG_PDU_TYPE : 0;
  if (m->version != SNMPX_VERSION_1)
    return SNMPX_EMSG_VERSION;
  if (t == SNMPX_PDU_GETBULK || t == SNMPX_PDU_INFORM ||
      t == SNMPX_PDU_TRAP_V2 || t == SNMPX_PDU_REPORT)
    return SNMPX_EMSG_PDU_TYPE;
  for (size_t i = 0; m->pdu.varbinds != NULL && i < m->pdu.n_varbinds; i++)
    if (m->pdu.varbinds[i].value.type == SNMPX_TYPE_COUNTER64)
      return SNMPX_EMSG_VALUE_TYPE;
  return 0;
}

int snmpx_msg_encode(const snmpx_msg *m, uint8_t *buf, size_t cap,
                     size_t *out_len)
{
  if (m == NULL || out_len == NULL || (buf == NULL && cap > 0) ||
      (m->community == NULL && m->community_len > 0))
    return SNMPX_EINVAL;
  int rv = check_version_rules(m);
  if (rv < 0)
    return rv;
  snmpx_ber_writer w;
  snmpx_ber_writer_init(&w, buf, cap);
  snmpx_pdu_encode(&w, &m->pdu);
  snmpx_ber_write_bytes(&w, SNMPX_TYPE_OCTET_STRING, m->community,
                        m->community_len);
  snmpx_ber_write_int(&w, SNMPX_TYPE_INTEGER, m->version);
  snmpx_ber_write_header(&w, 0x30, w.used);
  if (w.err != 0)
    return w.err;
  memmove(buf, snmpx_ber_writer_data(&w), w.used);
  *out_len = w.used;
  return 0;
}
