/* Writes seed inputs for fuzz_tls_session (fuzz/corpus/tls_session/) and
 * fuzz_tsm_recv (fuzz/corpus/tsm_recv/): real ClientHellos of snmpx's TLS
 * and DTLS clients in the first target's record format, and TSM messages
 * (requests, a trap, answers to the request fuzz_tsm_recv has in flight,
 * bad ones) under each transport state.  Files are named gen_*.
 *   cc -Iinclude -Isrc fuzz/gen_tls_seeds.c build/libsnmpx.a -lssl -lcrypto \
 *      -lm -o /tmp/gen && /tmp/gen fuzz/corpus */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "msg/msg_v3.h"
#include "transport/tls_session.h"

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

static void identity(const char *cert, const char *key)
{
  EVP_PKEY *k = EVP_EC_gen("P-256");
  X509 *x = X509_new();
  FILE *f;

  ASN1_INTEGER_set(X509_get_serialNumber(x), 7);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600L * 24 * 3650);
  X509_set_pubkey(x, k);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC,
                             (const unsigned char *)"seed", -1, -1, 0);
  X509_set_issuer_name(x, X509_get_subject_name(x));
  X509_sign(x, k, EVP_sha256());
  f = fopen(cert, "w");
  PEM_write_X509(f, x);
  fclose(f);
  f = fopen(key, "w");
  PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL);
  fclose(f);
  X509_free(x);
  EVP_PKEY_free(k);
}

/* octet 0 = |dtls|, then one record: the client's first flight. */
static void hello(const char *dir, const char *name, bool dtls,
                  const char *cert, const char *key, const uint8_t *tail,
                  size_t tail_len)
{
  snmpx__tls_config cfg = {0};
  snmpx__tls_ctx *ctx;
  snmpx__tls_session *s;
  uint8_t buf[8192], out[8300];
  int n;

  cfg.dtls = dtls;
  cfg.cert_file = cert;
  cfg.key_file = key;
  ctx = snmpx__tls_ctx_new(&cfg, NULL, 0);
  s = snmpx__tls_session_new(ctx, "seed", 4);
  n = snmpx__tls_session_take(s, buf, sizeof(buf));
  out[0] = dtls;
  out[1] = (uint8_t)(n >> 8);
  out[2] = (uint8_t)n;
  memcpy(out + 3, buf, (size_t)n);
  if (tail_len)
    memcpy(out + 3 + n, tail, tail_len);
  write_seed(dir, name, out, 3 + (size_t)n + tail_len);
  snmpx__tls_session_free(s);
  snmpx__tls_ctx_free(ctx);
}

/* A TSM message (security model |model|, msgSecurityParameters |sp|) of
 * PDU |type|, behind the two octets of fuzz_tsm_recv's transport state. */
static size_t tsm_msg(uint8_t *out, uint8_t opts, const char *name,
                      int32_t msg_id, uint8_t flags, snmpx_pdu_type type,
                      int32_t reqid)
{
  static const uint32_t sysname[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
  static const uint8_t eid[] = {0x80, 0, 0, 0, 4};
  uint8_t pdu_buf[256], scoped[512];
  snmpx_ber_writer w;
  snmpx_varbind vb;
  snmpx_pdu pdu;
  snmpx__v3_msg m;
  size_t scoped_len, len, nlen = strlen(name);

  memset(&pdu, 0, sizeof(pdu));
  pdu.type = type;
  pdu.request_id = reqid;
  vb.name.arcs = sysname;
  vb.name.len = 9;
  vb.value = snmpx_value_null();
  pdu.varbinds = &vb;
  pdu.n_varbinds = 1;
  snmpx_ber_writer_init(&w, pdu_buf, sizeof(pdu_buf));
  snmpx_pdu_encode(&w, &pdu);
  snmpx__v3_encode_scoped(eid, sizeof(eid), NULL, 0,
                          snmpx_ber_writer_data(&w), w.used, scoped,
                          sizeof(scoped), &scoped_len);
  memset(&m, 0, sizeof(m));
  m.msg_id = msg_id;
  m.max_size = 65507;
  m.flags = flags;
  m.security_model = SNMPX__SECMODEL_TSM;
  m.data.ptr = scoped;
  m.data.len = scoped_len;
  out[0] = opts;
  out[1] = (uint8_t)nlen;
  memcpy(out + 2, name, nlen);
  snmpx__v3_encode(&m, out + 2 + nlen, 2048, &len, NULL);
  return 2 + nlen + len;
}

int main(int argc, char **argv)
{
  char tmp[] = "/tmp/snmpx-seeds-XXXXXX", cert[128], key[128], dir[512];
  uint8_t buf[4096];
  size_t n;
  static const uint8_t junk[] = {0, 5, 0x16, 3, 3, 0, 9};

  if (argc != 2 || !mkdtemp(tmp))
    return 2;
  snprintf(cert, sizeof(cert), "%s/c.pem", tmp);
  snprintf(key, sizeof(key), "%s/c.key", tmp);
  identity(cert, key);
  snprintf(dir, sizeof(dir), "%s/tls_session", argv[1]);
  hello(dir, "tls_hello", false, cert, key, NULL, 0);
  hello(dir, "dtls_hello", true, cert, key, NULL, 0);
  hello(dir, "tls_hello_junk", false, cert, key, junk, sizeof(junk));
  hello(dir, "dtls_hello_twice", true, cert, key, junk, sizeof(junk));
  unlink(cert);
  unlink(key);
  rmdir(tmp);

  snprintf(dir, sizeof(dir), "%s/tsm_recv", argv[1]);
  /* opts: bit 0 prefix, bits 1-2 level, 3-4 prefix choice, 5 hold, 6 answer */
  n = tsm_msg(buf, 3 << 1 | 0x40, "bob", 42, 0x07, SNMPX_PDU_GET, 7);
  write_seed(dir, "get_authpriv", buf, n);
  n = tsm_msg(buf, 3 << 1 | 1 | 1 << 3 | 0x40, "bob", 42, 0x07,
              SNMPX_PDU_GETNEXT, 7);
  write_seed(dir, "getnext_dtls_prefix", buf, n);
  n = tsm_msg(buf, 2 << 1 | 0x40, "bob", 42, 0x07, SNMPX_PDU_GET, 7);
  write_seed(dir, "get_inadequate", buf, n);
  n = tsm_msg(buf, 0, "bob", 42, 0x07, SNMPX_PDU_GET, 7);
  write_seed(dir, "get_no_cache", buf, n);
  n = tsm_msg(buf, 3 << 1 | 0x60, "bob", 42, 0x07, SNMPX_PDU_SET, 7);
  write_seed(dir, "set_held", buf, n);
  n = tsm_msg(buf, 3 << 1 | 1 | 3 << 3, "bob", 42, 0x07, SNMPX_PDU_GET, 7);
  write_seed(dir, "get_unknown_prefix", buf, n);
  n = tsm_msg(buf, 3 << 1, "agent", 42, 0x03, SNMPX_PDU_TRAP_V2, 9);
  write_seed(dir, "trap", buf, n);
  n = tsm_msg(buf, 3 << 1 | 0x40, "bob", 42, 0x07, SNMPX_PDU_INFORM, 9);
  write_seed(dir, "inform", buf, n);
  n = tsm_msg(buf, 3 << 1, "agent", 0x01010101, 0x03, SNMPX_PDU_RESPONSE,
              0x01010101);
  write_seed(dir, "response", buf, n);
  n = tsm_msg(buf, 3 << 1, "agent", 0x01010101, 0x00, SNMPX_PDU_REPORT,
              0x01010101);
  write_seed(dir, "report", buf, n);
  return 0;
}
