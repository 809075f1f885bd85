/* Writes seed inputs for fuzz_v3_recv into fuzz/corpus/v3_recv/: answers
 * to the requests that target has in flight (msgID 1 probe; 2 authPriv AES;
 * 3 authPriv DES; 4 authNoPriv), signed and encrypted with its fixed keys,
 * so the fuzzer starts from inputs that pass the USM checks.  Its files are
 * named gen_*; the others in that folder are datagrams captured from
 * Net-SNMP (docs/netsnmp-v3-behaviour.md).
 *   cc -Iinclude -Isrc -Ifuzz fuzz/gen_v3_seeds.c build/libsnmpx.a -lcrypto \
 *      -o /tmp/gen && /tmp/gen fuzz/corpus/v3_recv */
#include <stdio.h>

#include "msg/msg_v3.h"
#include "fuzz_v3_keys.h"

static void write_seed(const char *dir, const char *name, const uint8_t *p,
                       size_t len)
{
  char path[512];
  snprintf(path, sizeof(path), "%s/gen_%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (f == NULL || fwrite(p, 1, len, f) != len)
    perror(path);
  if (f != NULL)
    fclose(f);
}

static size_t build(int32_t id, snmpx_pdu_type type, uint32_t report_arc,
                    uint8_t flags, snmpx_usm_priv priv, uint8_t *out)
{
  static const uint32_t sysname[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
  uint32_t rname[] = {1, 3, 6, 1, 6, 3, 15, 1, 1, report_arc, 0};
  snmpx_varbind vb;
  if (type == SNMPX_PDU_REPORT) {
    vb.name = SNMPX_OIDV(rname);
    vb.value = snmpx_value_uint(SNMPX_TYPE_COUNTER32, 7);
  } else {
    vb.name = SNMPX_OIDV(sysname);
    vb.value = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "router-7", 8);
  }
  snmpx_pdu pdu = {0};
  pdu.type = type;
  pdu.request_id = id;
  pdu.varbinds = &vb;
  pdu.n_varbinds = 1;
  uint8_t ptlv[256], scoped[512], cipher[600], pp[8];
  snmpx_ber_writer w;
  snmpx_ber_writer_init(&w, ptlv, sizeof(ptlv));
  snmpx_pdu_encode(&w, &pdu);
  size_t scoped_len, clen, len, off;
  snmpx__v3_encode_scoped(engine_id, sizeof(engine_id), NULL, 0,
                          snmpx_ber_writer_data(&w), w.used, scoped,
                          sizeof(scoped), &scoped_len);
  static const uint8_t zeros[12];
  snmpx__v3_msg m = {0};
  m.msg_id = id;
  m.max_size = 65507;
  m.flags = flags;
  m.security_model = 3;
  m.engine_id = (snmpx_ber_view){engine_id, sizeof(engine_id)};
  m.boots = 3;
  m.time = 1000;
  m.user = (snmpx_ber_view){(const uint8_t *)"fuzz", 4};
  m.data = (snmpx_ber_view){scoped, scoped_len};
  if (flags & SNMPX__V3_FLAG_AUTH)
    m.auth_params = (snmpx_ber_view){zeros, 12};
  if (flags & SNMPX__V3_FLAG_PRIV) {
    snmpx_usm_encrypt(priv, priv_key, 16, 3, 1000, 42, scoped, scoped_len,
                      cipher, sizeof(cipher), &clen, pp);
    m.encrypted = true;
    m.data = (snmpx_ber_view){cipher, clen};
    m.priv_params = (snmpx_ber_view){pp, 8};
  }
  snmpx__v3_encode(&m, out, 2048, &len, &off);
  if (flags & SNMPX__V3_FLAG_AUTH)
    snmpx_usm_auth_sign(SNMPX_USM_AUTH_SHA, auth_key, 20, out, len, off);
  return len;
}

int main(int argc, char **argv)
{
  const char *dir = argc > 1 ? argv[1] : ".";
  uint8_t buf[2048];
  const uint8_t ap = SNMPX__V3_FLAG_AUTH | SNMPX__V3_FLAG_PRIV;
  size_t n = build(1, SNMPX_PDU_REPORT, 4, 0, SNMPX_USM_PRIV_NONE, buf);
  write_seed(dir, "probe_report", buf, n);
  n = build(2, SNMPX_PDU_RESPONSE, 0, ap, SNMPX_USM_PRIV_AES128, buf);
  write_seed(dir, "response_authpriv_aes", buf, n);
  n = build(3, SNMPX_PDU_RESPONSE, 0, ap, SNMPX_USM_PRIV_DES, buf);
  write_seed(dir, "response_authpriv_des", buf, n);
  n = build(4, SNMPX_PDU_RESPONSE, 0, SNMPX__V3_FLAG_AUTH,
            SNMPX_USM_PRIV_NONE, buf);
  write_seed(dir, "response_authnopriv", buf, n);
  n = build(4, SNMPX_PDU_REPORT, 2, SNMPX__V3_FLAG_AUTH, SNMPX_USM_PRIV_NONE,
            buf);
  write_seed(dir, "report_not_in_time", buf, n);
  n = build(2, SNMPX_PDU_REPORT, 5, 0, SNMPX_USM_PRIV_NONE, buf);
  write_seed(dir, "report_wrong_digest", buf, n);
  return 0;
}
