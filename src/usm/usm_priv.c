/* USM privacy: CBC-DES (RFC 3414 8), 3DES-EDE-CBC
 * (draft-reeder-snmpv3-usm-3desede 5) and AES-CFB128 (RFC 3826 3) for
 * 128-, 192- and 256-bit keys. */
#include "usm_crypto.h"

static void put32(uint8_t *p, uint32_t v)
{
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

static bool is_cbc(snmpx_usm_priv p)
{
  return p == SNMPX_USM_PRIV_DES || p == SNMPX_USM_PRIV_3DES;
}

int snmpx__usm_priv_cipher(snmpx_usm_priv p, snmpx__usm_cipher *c,
                           size_t *cipher_key_len)
{
  size_t klen = snmpx_usm_priv_key_len(p);
  if (klen == 0)
    return SNMPX_EUSM_UNKNOWN_PROTOCOL;
  if (is_cbc(p)) {
    *c = p == SNMPX_USM_PRIV_DES ? SNMPX__USM_DES_CBC : SNMPX__USM_DES_EDE3_CBC;
    *cipher_key_len = p == SNMPX_USM_PRIV_DES ? 8 : 24;
  } else {
    *c = SNMPX__USM_AES_CFB128;
    *cipher_key_len = klen;
  }
  return 0;
}

/* Cipher, cipher key length and IV for |p| from its localized priv key.
 * RFC 3414 8.1.1.1: the DES key is the first 8 octets, the pre-IV the last
 * 8 of 16; the Reeder draft: the 3DES key is the first 24 octets, the
 * pre-IV the last 8 of 32; RFC 3826 3.1.2.1: the AES key is the whole key
 * and the IV is boots || time || salt. */
static void setup(snmpx_usm_priv p, const uint8_t *key, const uint8_t params[8],
                  uint32_t boots, uint32_t time, snmpx__usm_cipher *c,
                  size_t *cipher_key_len, uint8_t *iv)
{
  *c = SNMPX__USM_AES_CFB128;
  *cipher_key_len = 0;
  snmpx__usm_priv_cipher(p, c, cipher_key_len); /* |p| checked before */
  if (is_cbc(p)) {
    /* RFC 3414 8.1.1.1.2: IV = pre-IV XOR salt (= msgPrivacyParameters). */
    for (size_t i = 0; i < 8; i++)
      iv[i] = key[*cipher_key_len + i] ^ params[i];
    return;
  }
  put32(iv, boots);
  put32(iv + 4, time);
  memcpy(iv + 8, params, 8);
}

/* One run of the cipher: through the keyed |ctx|, or keyed for this call. */
static int run(snmpx__usm_cipher_ctx *ctx, snmpx__usm_cipher c, bool enc,
               const uint8_t *key, size_t key_len, const uint8_t *iv,
               const uint8_t *in, size_t len, uint8_t *out)
{
  if (ctx != NULL)
    return snmpx__usm_cipher_ctx_run(ctx, enc, iv, in, len, out);
  return snmpx__usm_cipher_run(c, enc, key, key_len, iv, in, len, out);
}

static int check_priv_args(snmpx_usm_priv p, const uint8_t *key,
                           size_t key_len, const uint8_t *in, size_t len,
                           const uint8_t *out, const size_t *out_len)
{
  if (key == NULL || (in == NULL && len > 0) || out == NULL ||
      out_len == NULL)
    return SNMPX_EINVAL;
  size_t need = snmpx_usm_priv_key_len(p);
  if (need == 0)
    return SNMPX_EUSM_UNKNOWN_PROTOCOL;
  if (key_len != need)
    return SNMPX_EUSM_KEY_LENGTH;
  return 0;
}

/* Encrypt the whole blocks of |in|, then the zero-padded tail (DES/3DES);
 * AES-CFB takes any length in one call. */
static int encrypt_padded(snmpx__usm_cipher_ctx *ctx, snmpx__usm_cipher c,
                          const uint8_t *key, size_t key_len, const uint8_t *iv,
                          const uint8_t *in, size_t len, uint8_t *out,
                          size_t out_len)
{
  if (out_len == len)
    return run(ctx, c, true, key, key_len, iv, in, len, out);
  /* RFC 3414 8.1.1.2: pad to a multiple of 8; the pad's value does not
   * matter, zeros are used. */
  memset(out, 0, out_len);
  if (len > 0)
    memcpy(out, in, len);
  return run(ctx, c, true, key, key_len, iv, out, out_len, out);
}

int snmpx_usm_encrypt(snmpx_usm_priv p, const uint8_t *key, size_t key_len,
                      uint32_t boots, uint32_t time, uint64_t salt,
                      const uint8_t *in, size_t len, uint8_t *out,
                      size_t out_cap, size_t *out_len, uint8_t *priv_params)
{
  return snmpx__usm_encrypt_with(NULL, p, key, key_len, boots, time, salt, in,
                                 len, out, out_cap, out_len, priv_params);
}

int snmpx__usm_encrypt_with(snmpx__usm_cipher_ctx *ctx, snmpx_usm_priv p,
                            const uint8_t *key, size_t key_len, uint32_t boots,
                            uint32_t time, uint64_t salt, const uint8_t *in,
                            size_t len, uint8_t *out, size_t out_cap,
                            size_t *out_len, uint8_t *priv_params)
{
  int rv = check_priv_args(p, key, key_len, in, len, out, out_len);
  if (rv < 0)
    return rv;
  if (priv_params == NULL)
    return SNMPX_EINVAL;
  size_t n = snmpx_usm_priv_encrypted_len(p, len);
  if (n < len)
    return SNMPX_EINVAL;
  if (out_cap < n)
    return SNMPX_ENOSPACE;
  /* RFC 3414 8.1.1.1.2: salt = engineBoots || local 32-bit integer;
   * RFC 3826 3.1.2.1: salt = a local 64-bit integer. */
  if (is_cbc(p)) {
    put32(priv_params, boots);
    put32(priv_params + 4, (uint32_t)salt);
  } else {
    put32(priv_params, (uint32_t)(salt >> 32));
    put32(priv_params + 4, (uint32_t)salt);
  }
  snmpx__usm_cipher c;
  size_t ck_len;
  uint8_t iv[16];
  setup(p, key, priv_params, boots, time, &c, &ck_len, iv);
  rv = encrypt_padded(ctx, c, key, ck_len, iv, in, len, out, n);
  if (rv == 0)
    *out_len = n;
  return rv;
}

int snmpx_usm_decrypt(snmpx_usm_priv p, const uint8_t *key, size_t key_len,
                      uint32_t boots, uint32_t time,
                      const uint8_t *priv_params, size_t priv_params_len,
                      const uint8_t *in, size_t len, uint8_t *out,
                      size_t out_cap, size_t *out_len)
{
  return snmpx__usm_decrypt_with(NULL, p, key, key_len, boots, time,
                                 priv_params, priv_params_len, in, len, out,
                                 out_cap, out_len);
}

int snmpx__usm_decrypt_with(snmpx__usm_cipher_ctx *ctx, snmpx_usm_priv p,
                            const uint8_t *key, size_t key_len, uint32_t boots,
                            uint32_t time, const uint8_t *priv_params,
                            size_t priv_params_len, const uint8_t *in,
                            size_t len, uint8_t *out, size_t out_cap,
                            size_t *out_len)
{
  int rv = check_priv_args(p, key, key_len, in, len, out, out_len);
  if (rv < 0)
    return rv;
  if (priv_params == NULL && priv_params_len > 0)
    return SNMPX_EINVAL;
  /* RFC 3414 8.3.2 step 1, RFC 3826 3.3.2 step 1. */
  if (priv_params_len != SNMPX_USM_PRIV_PARAMS_LEN)
    return SNMPX_EUSM_PRIV_PARAMS;
  /* RFC 3414 8.3.2 step 2: DES ciphertext is whole 8-octet blocks. */
  if (len == 0 || (is_cbc(p) && len % 8 != 0))
    return SNMPX_EUSM_CIPHER_LENGTH;
  if (out_cap < len)
    return SNMPX_ENOSPACE;
  snmpx__usm_cipher c;
  size_t ck_len;
  uint8_t iv[16];
  setup(p, key, priv_params, boots, time, &c, &ck_len, iv);
  rv = run(ctx, c, false, key, ck_len, iv, in, len, out);
  if (rv == 0)
    *out_len = len;
  return rv;
}
