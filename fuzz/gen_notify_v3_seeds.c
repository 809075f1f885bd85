/* Writes the seed inputs for fuzz_notify_recv that Net-SNMP's tools cannot
 * send, into fuzz/corpus/notify_recv/ (named gen_*; gen_notify_seeds.sh
 * makes the others): an authPriv InformRequest, not reportable, from the
 * trap user with the trap sender's engine ID as authoritative.  It passes
 * the digest and decrypts (the keys of fuzz_notify_keys.h), and is then
 * dropped: the receiver is the authoritative engine of an inform (RFC
 * 3412 7.2 step 13a).  Encrypted and signed, it is out of a mutating
 * fuzzer's reach.
 *   cc -Iinclude -Isrc -Ifuzz fuzz/gen_notify_v3_seeds.c build/libsnmpx.a \
 *      -lcrypto -o /tmp/gen && /tmp/gen fuzz/corpus/notify_recv */
#include <stdio.h>

#include "msg/msg_v3.h"
#include "fuzz_notify_keys.h"

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

/* An authPriv |type| from "trapuser" for the engine |eid|. */
static size_t build(snmpx_pdu_type type, uint8_t flags, const uint8_t *eid,
                    size_t eid_len, uint8_t *out)
{
  static const uint32_t uptime[] = {1, 3, 6, 1, 2, 1, 1, 3, 0};
  static const uint32_t trap_oid[] = {1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0};
  static const uint32_t cold_start[] = {1, 3, 6, 1, 6, 3, 1, 1, 5, 1};
  snmpx_varbind vb[2];
  vb[0].name = SNMPX_OIDV(uptime);
  vb[0].value = snmpx_value_uint(SNMPX_TYPE_TIMETICKS, 4200);
  vb[1].name = SNMPX_OIDV(trap_oid);
  vb[1].value.type = SNMPX_TYPE_OID;
  vb[1].value.v.oid = SNMPX_OIDV(cold_start);
  snmpx_pdu pdu = {0};
  pdu.type = type;
  pdu.request_id = 77;
  pdu.varbinds = vb;
  pdu.n_varbinds = 2;
  uint8_t ptlv[256], scoped[512], cipher[600], pp[8];
  snmpx_ber_writer w;
  snmpx_ber_writer_init(&w, ptlv, sizeof(ptlv));
  snmpx_pdu_encode(&w, &pdu);
  size_t scoped_len, clen, len, off;
  snmpx__v3_encode_scoped(eid, eid_len, NULL, 0, snmpx_ber_writer_data(&w),
                          w.used, scoped, sizeof(scoped), &scoped_len);
  snmpx_usm_encrypt(SNMPX_USM_PRIV_AES128, notify_priv_key, 16, 5, 1000, 42,
                    scoped, scoped_len, cipher, sizeof(cipher), &clen, pp);
  static const uint8_t zeros[12];
  snmpx__v3_msg m = {0};
  m.msg_id = 77;
  m.max_size = 65507;
  m.flags = flags;
  m.security_model = 3;
  m.engine_id = (snmpx_ber_view){eid, eid_len};
  m.boots = 5;
  m.time = 1000;
  m.user = (snmpx_ber_view){(const uint8_t *)"trapuser", 8};
  m.auth_params = (snmpx_ber_view){zeros, 12};
  m.encrypted = true;
  m.data = (snmpx_ber_view){cipher, clen};
  m.priv_params = (snmpx_ber_view){pp, 8};
  snmpx__v3_encode(&m, out, 2048, &len, &off);
  snmpx_usm_auth_sign(SNMPX_USM_AUTH_SHA, notify_auth_key, 20, out, len, off);
  return len;
}

int main(int argc, char **argv)
{
  const char *dir = argc > 1 ? argv[1] : ".";
  uint8_t buf[2048];
  const uint8_t ap = SNMPX__V3_FLAG_AUTH | SNMPX__V3_FLAG_PRIV;
  size_t n = build(SNMPX_PDU_INFORM, ap, notify_sender_engine,
                   sizeof(notify_sender_engine), buf);
  write_seed(dir, "v3_inform_other_engine", buf, n);
  return 0;
}
