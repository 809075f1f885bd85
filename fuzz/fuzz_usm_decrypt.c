/* Fuzz target: USM decryption of arbitrary input with fixed keys for every
 * priv protocol.  Input layout: octet 0 picks the protocol, octet 1 the
 * msgPrivacyParameters length (mod 16), then those parameters, then the
 * ciphertext.  Whatever decrypts must encrypt back to the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <snmpx/snmpx.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t get32(const uint8_t *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         p[3];
}

/* Re-encrypt |pt| with the salt the parameters carry and compare. */
static void check_round_trip(snmpx_usm_priv p, const uint8_t *key,
                             size_t key_len, const uint8_t *params,
                             const uint8_t *pt, const uint8_t *ct, size_t len)
{
  bool cbc = p == SNMPX_USM_PRIV_DES || p == SNMPX_USM_PRIV_3DES;
  uint32_t boots = cbc ? get32(params) : 7;
  uint64_t salt = cbc ? get32(params + 4)
                      : (uint64_t)get32(params) << 32 | get32(params + 4);
  uint8_t *back = malloc(len);
  uint8_t pp[SNMPX_USM_PRIV_PARAMS_LEN];
  size_t n = 0;
  if (back == NULL)
    return;
  if (snmpx_usm_encrypt(p, key, key_len, boots, 1234, salt, pt, len, back,
                        len, &n, pp) != 0 ||
      n != len || memcmp(back, ct, len) != 0 || memcmp(pp, params, 8) != 0)
    abort();
  free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const uint8_t key[32] = {
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a,
    0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25,
    0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f};
  if (size < 2)
    return 0;
  snmpx_usm_priv p = (snmpx_usm_priv)(data[0] % SNMPX_USM_PRIV_COUNT);
  size_t pp_len = data[1] % 16;
  if (size - 2 < pp_len)
    return 0;
  const uint8_t *params = data + 2;
  const uint8_t *ct = params + pp_len;
  size_t len = size - 2 - pp_len;
  size_t key_len = snmpx_usm_priv_key_len(p);
  uint8_t *out = malloc(len + 1);
  size_t n = 0;
  if (out == NULL)
    return 0;
  int rv = snmpx_usm_decrypt(p, key, key_len ? key_len : 16, 7, 1234, params,
                             pp_len, ct, len, out, len, &n);
  if (rv == 0) {
    if (n != len)
      abort();
    check_round_trip(p, key, key_len, params, out, ct, len);
  }
  free(out);
  return 0;
}
