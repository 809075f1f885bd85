/* SNMPv3 message framing: RFC 3412 6 (SNMPv3Message, HeaderData,
 * ScopedPDU) and RFC 3414 2.4 (UsmSecurityParameters). */
#include "msg_v3.h"

static int read_octets(snmpx_ber_reader *r, snmpx_ber_view *out)
{
  uint8_t tag;
  int rv = snmpx_ber_read_tlv(r, &tag, out);
  if (rv < 0)
    return rv;
  return tag == SNMPX_TYPE_OCTET_STRING ? 0 : SNMPX_EBER_TAG;
}

/* An INTEGER (0..2^31-1), as msgID, msgMaxSize, boots and time are. */
static int read_nonneg32(snmpx_ber_reader *r, int32_t *out)
{
  int64_t v;
  int rv = snmpx_ber_read_int(r, SNMPX_TYPE_INTEGER, &v);
  if (rv < 0)
    return rv;
  if (v < 0 || v > INT32_MAX)
    return SNMPX_EBER_RANGE;
  *out = (int32_t)v;
  return 0;
}

/* RFC 3412 6: HeaderData ::= SEQUENCE { msgID, msgMaxSize, msgFlags,
 * msgSecurityModel }. */
static int read_header(snmpx_ber_reader *m, snmpx__v3_msg *out)
{
  snmpx_ber_reader h;
  snmpx_ber_view flags;
  int rv = snmpx_ber_enter(m, 0x30, &h);
  if (rv == 0)
    rv = read_nonneg32(&h, &out->msg_id);
  if (rv == 0)
    rv = read_nonneg32(&h, &out->max_size);
  if (rv == 0 && out->max_size < SNMPX__V3_MIN_MAX_SIZE)
    rv = SNMPX_EBER_RANGE;
  if (rv == 0)
    rv = read_octets(&h, &flags);
  if (rv == 0 && flags.len != 1)
    rv = SNMPX_EBER_LENGTH;
  if (rv == 0) {
    out->flags = flags.ptr[0];
    rv = read_nonneg32(&h, &out->security_model);
  }
  if (rv == 0 && !snmpx_ber_reader_done(&h))
    rv = SNMPX_EBER_TRAILING;
  return rv;
}

/* RFC 3414 2.4: UsmSecurityParameters, inside the msgSecurityParameters
 * OCTET STRING. */
static int read_usm(snmpx_ber_view sp, snmpx__v3_msg *out)
{
  snmpx_ber_reader outer, u;
  snmpx_ber_reader_init(&outer, sp.ptr, sp.len);
  int rv = snmpx_ber_enter(&outer, 0x30, &u);
  if (rv == 0)
    rv = read_octets(&u, &out->engine_id);
  if (rv == 0)
    rv = read_nonneg32(&u, &out->boots);
  if (rv == 0)
    rv = read_nonneg32(&u, &out->time);
  if (rv == 0)
    rv = read_octets(&u, &out->user);
  if (rv == 0)
    rv = read_octets(&u, &out->auth_params);
  if (rv == 0)
    rv = read_octets(&u, &out->priv_params);
  if (rv == 0 && (!snmpx_ber_reader_done(&u) ||
                  !snmpx_ber_reader_done(&outer)))
    rv = SNMPX_EBER_TRAILING;
  return rv;
}

/* msgData: a plaintext ScopedPDU (a SEQUENCE, kept whole) or an
 * encryptedPDU OCTET STRING. */
static int read_data(snmpx_ber_reader *m, snmpx__v3_msg *out)
{
  size_t start = m->pos;
  uint8_t tag;
  snmpx_ber_view c;
  int rv = snmpx_ber_read_tlv(m, &tag, &c);
  if (rv < 0)
    return rv;
  if (tag == SNMPX_TYPE_OCTET_STRING) {
    out->encrypted = true;
    out->data = c;
  } else if (tag == 0x30) {
    out->encrypted = false;
    out->data.ptr = m->p + start;
    out->data.len = m->pos - start;
  } else {
    return SNMPX_EBER_TAG;
  }
  return 0;
}

int snmpx__v3_decode(const uint8_t *buf, size_t len, snmpx__v3_msg *out)
{
  if (buf == NULL || out == NULL)
    return SNMPX_EINVAL;
  memset(out, 0, sizeof(*out));
  snmpx_ber_reader top, m;
  snmpx_ber_reader_init(&top, buf, len);
  int rv = snmpx_ber_enter(&top, 0x30, &m);
  if (rv < 0)
    return rv;
  int64_t version;
  rv = snmpx_ber_read_int(&m, SNMPX_TYPE_INTEGER, &version);
  if (rv < 0)
    return rv;
  if (version != SNMPX_VERSION_3)
    return SNMPX_EMSG_VERSION;
  rv = read_header(&m, out);
  if (rv < 0)
    return rv;
  if (out->security_model != SNMPX__SECMODEL_USM &&
      out->security_model != SNMPX__SECMODEL_TSM)
    return SNMPX_EMSG_SECMODEL;
  snmpx_ber_view sp;
  rv = read_octets(&m, &sp);
  if (rv == 0 && out->security_model == SNMPX__SECMODEL_USM)
    rv = read_usm(sp, out);
  else if (rv == 0 && sp.len != 0) /* RFC 5591 4.2 step 3: '0400' */
    rv = SNMPX_EBER_LENGTH;
  if (rv == 0)
    rv = read_data(&m, out);
  if (rv == 0 && (!snmpx_ber_reader_done(&m) ||
                  !snmpx_ber_reader_done(&top)))
    rv = SNMPX_EBER_TRAILING;
  return rv;
}

int snmpx__v3_decode_scoped(const uint8_t *buf, size_t len,
                            snmpx_ber_view *context_engine_id,
                            snmpx_ber_view *context_name, snmpx_pdu *pdu,
                            snmpx_decode_space *space)
{
  snmpx_ber_reader top, s;
  snmpx_ber_reader_init(&top, buf, len);
  /* Only the SEQUENCE counts: decrypted data may carry padding after it
   * (RFC 3414 8.1.1.3, 8.3.2). */
  int rv = snmpx_ber_enter(&top, 0x30, &s);
  if (rv == 0)
    rv = read_octets(&s, context_engine_id);
  if (rv == 0)
    rv = read_octets(&s, context_name);
  if (rv == 0)
    rv = snmpx_pdu_decode(&s, pdu, space);
  if (rv == 0 && !snmpx_ber_reader_done(&s))
    rv = SNMPX_EBER_TRAILING;
  return rv;
}

/* Move the encoding a backwards writer produced to the start of its
 * buffer. */
static int finish(snmpx_ber_writer *w, uint8_t *buf, size_t *out_len)
{
  if (w->err != 0)
    return w->err;
  memmove(buf, snmpx_ber_writer_data(w), w->used);
  *out_len = w->used;
  return 0;
}

int snmpx__v3_encode_scoped(const uint8_t *context_engine_id,
                            size_t context_engine_id_len,
                            const uint8_t *context_name,
                            size_t context_name_len, const uint8_t *pdu_tlv,
                            size_t pdu_len, uint8_t *buf, size_t cap,
                            size_t *out_len)
{
  snmpx_ber_writer w;
  snmpx_ber_writer_init(&w, buf, cap);
  snmpx_ber_write_raw(&w, pdu_tlv, pdu_len);
  snmpx_ber_write_bytes(&w, SNMPX_TYPE_OCTET_STRING, context_name,
                        context_name_len);
  snmpx_ber_write_bytes(&w, SNMPX_TYPE_OCTET_STRING, context_engine_id,
                        context_engine_id_len);
  snmpx_ber_write_header(&w, 0x30, w.used);
  return finish(&w, buf, out_len);
}

/* Prepend UsmSecurityParameters wrapped in its OCTET STRING; note where
 * msgAuthenticationParameters' content ends (in bytes from the end). */
static void write_usm(snmpx_ber_writer *w, const snmpx__v3_msg *m,
                      size_t *auth_end)
{
  size_t mark = w->used;
  snmpx_ber_write_bytes(w, SNMPX_TYPE_OCTET_STRING, m->priv_params.ptr,
                        m->priv_params.len);
  snmpx_ber_write_raw(w, m->auth_params.ptr, m->auth_params.len);
  *auth_end = w->used;
  snmpx_ber_write_header(w, SNMPX_TYPE_OCTET_STRING, m->auth_params.len);
  snmpx_ber_write_bytes(w, SNMPX_TYPE_OCTET_STRING, m->user.ptr, m->user.len);
  snmpx_ber_write_int(w, SNMPX_TYPE_INTEGER, m->time);
  snmpx_ber_write_int(w, SNMPX_TYPE_INTEGER, m->boots);
  snmpx_ber_write_bytes(w, SNMPX_TYPE_OCTET_STRING, m->engine_id.ptr,
                        m->engine_id.len);
  snmpx_ber_write_header(w, 0x30, w->used - mark);
  snmpx_ber_write_header(w, SNMPX_TYPE_OCTET_STRING, w->used - mark);
}

int snmpx__v3_encode(const snmpx__v3_msg *m, uint8_t *buf, size_t cap,
                     size_t *out_len, size_t *auth_offset)
{
  snmpx_ber_writer w;
  snmpx_ber_writer_init(&w, buf, cap);
  if (m->encrypted)
    snmpx_ber_write_bytes(&w, SNMPX_TYPE_OCTET_STRING, m->data.ptr,
                          m->data.len);
  else
    snmpx_ber_write_raw(&w, m->data.ptr, m->data.len);
  size_t auth_end = 0;
  if (m->security_model == SNMPX__SECMODEL_TSM)
    snmpx_ber_write_header(&w, SNMPX_TYPE_OCTET_STRING, 0);
  else
    write_usm(&w, m, &auth_end);
  size_t mark = w.used;
  uint8_t flags = m->flags;
  snmpx_ber_write_int(&w, SNMPX_TYPE_INTEGER, m->security_model);
  snmpx_ber_write_bytes(&w, SNMPX_TYPE_OCTET_STRING, &flags, 1);
  snmpx_ber_write_int(&w, SNMPX_TYPE_INTEGER, m->max_size);
  snmpx_ber_write_int(&w, SNMPX_TYPE_INTEGER, m->msg_id);
  snmpx_ber_write_header(&w, 0x30, w.used - mark);
  snmpx_ber_write_int(&w, SNMPX_TYPE_INTEGER, SNMPX_VERSION_3);
  snmpx_ber_write_header(&w, 0x30, w.used);
  int rv = finish(&w, buf, out_len);
  if (rv == 0 && auth_offset != NULL)
    *auth_offset = *out_len - auth_end;
  return rv;
}
