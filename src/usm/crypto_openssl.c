/* The USM layer's only contact with OpenSSL's libcrypto: hashes, the DES,
 * 3DES and AES-CFB ciphers, cleansing and constant-time comparison.
 *
 * This file uses libcrypto's low-level digest and cipher functions
 * (SHA256_Update, AES_cfb128_encrypt, DES_ede3_cbc_encrypt...), deprecated
 * in OpenSSL 3 in favour of EVP but still part of its ABI.  The reason is
 * cost: an EVP call goes through the provider layer (an algorithm lookup,
 * a lock, a context allocation), which made an HMAC of a 100-octet SNMP
 * message cost several times the hashing itself, and the first EVP use
 * loads the OpenSSL configuration and providers, about a millisecond that a
 * one-shot `snmpx get -v3` would spend before its first packet.  USM needs
 * exactly these fixed algorithms with no engine or provider choice, so the
 * direct functions are the better fit.  Should they go away, only this file
 * changes. */
#define OPENSSL_API_COMPAT 0x10100000L
#define OPENSSL_SUPPRESS_DEPRECATED

#include <openssl/aes.h>
#include <openssl/crypto.h>
#include <openssl/des.h>
#include <openssl/md5.h>
#include <openssl/sha.h>

#include "usm_crypto.h"

size_t snmpx__usm_block_len(snmpx_usm_auth a)
{
  switch (a) {
  case SNMPX_USM_AUTH_MD5:
  case SNMPX_USM_AUTH_SHA:
  case SNMPX_USM_AUTH_SHA224:
  case SNMPX_USM_AUTH_SHA256:
    return 64;
  case SNMPX_USM_AUTH_SHA384:
  case SNMPX_USM_AUTH_SHA512:
    return 128;
  default:
    return 0;
  }
}

/* One streaming hash of any of the six algorithms. */
typedef union hash_ctx {
  MD5_CTX md5;
  SHA_CTX sha1;
  SHA256_CTX sha256; /* also SHA-224 */
  SHA512_CTX sha512; /* also SHA-384 */
} hash_ctx;

static int hash_init(snmpx_usm_auth a, hash_ctx *h)
{
  switch (a) {
  case SNMPX_USM_AUTH_MD5:
    return MD5_Init(&h->md5);
  case SNMPX_USM_AUTH_SHA:
    return SHA1_Init(&h->sha1);
  case SNMPX_USM_AUTH_SHA224:
    return SHA224_Init(&h->sha256);
  case SNMPX_USM_AUTH_SHA256:
    return SHA256_Init(&h->sha256);
  case SNMPX_USM_AUTH_SHA384:
    return SHA384_Init(&h->sha512);
  case SNMPX_USM_AUTH_SHA512:
    return SHA512_Init(&h->sha512);
  default:
    return 0;
  }
}

static int hash_update(snmpx_usm_auth a, hash_ctx *h, const void *p,
                       size_t len)
{
  switch (a) {
  case SNMPX_USM_AUTH_MD5:
    return MD5_Update(&h->md5, p, len);
  case SNMPX_USM_AUTH_SHA:
    return SHA1_Update(&h->sha1, p, len);
  case SNMPX_USM_AUTH_SHA224:
    return SHA224_Update(&h->sha256, p, len);
  case SNMPX_USM_AUTH_SHA256:
    return SHA256_Update(&h->sha256, p, len);
  case SNMPX_USM_AUTH_SHA384:
    return SHA384_Update(&h->sha512, p, len);
  case SNMPX_USM_AUTH_SHA512:
    return SHA512_Update(&h->sha512, p, len);
  default:
    return 0;
  }
}

static int hash_final(snmpx_usm_auth a, hash_ctx *h, uint8_t *out)
{
  switch (a) {
  case SNMPX_USM_AUTH_MD5:
    return MD5_Final(out, &h->md5);
  case SNMPX_USM_AUTH_SHA:
    return SHA1_Final(out, &h->sha1);
  case SNMPX_USM_AUTH_SHA224:
    return SHA224_Final(out, &h->sha256);
  case SNMPX_USM_AUTH_SHA256:
    return SHA256_Final(out, &h->sha256);
  case SNMPX_USM_AUTH_SHA384:
    return SHA384_Final(out, &h->sha512);
  case SNMPX_USM_AUTH_SHA512:
    return SHA512_Final(out, &h->sha512);
  default:
    return 0;
  }
}

int snmpx__usm_digest(snmpx_usm_auth a, const snmpx__usm_iov *iov, size_t n,
                      uint8_t *out)
{
  if (snmpx__usm_block_len(a) == 0)
    return SNMPX_EUSM_UNKNOWN_PROTOCOL;
  hash_ctx h;
  int ok = hash_init(a, &h);
  for (size_t i = 0; ok && i < n; i++)
    if (iov[i].len > 0)
      ok = hash_update(a, &h, iov[i].p, iov[i].len);
  if (ok)
    ok = hash_final(a, &h, out);
  OPENSSL_cleanse(&h, sizeof(h));
  return ok ? 0 : SNMPX_EUSM_CRYPTO;
}

/* RFC 3826 3.1.3: AES in 128-bit CFB mode, no padding. */
static int run_aes_cfb(bool enc, const uint8_t *key, size_t key_len,
                       const uint8_t *iv, const uint8_t *in, size_t len,
                       uint8_t *out)
{
  if (key_len != 16 && key_len != 24 && key_len != 32)
    return SNMPX_EINVAL;
  AES_KEY k;
  /* CFB uses the forward cipher in both directions. */
  if (AES_set_encrypt_key(key, (int)(key_len * 8), &k) != 0)
    return SNMPX_EUSM_CRYPTO;
  uint8_t ivec[16];
  memcpy(ivec, iv, sizeof(ivec));
  int num = 0;
  AES_cfb128_encrypt(in, out, len, &k, ivec, &num, enc ? AES_ENCRYPT
                                                       : AES_DECRYPT);
  OPENSSL_cleanse(&k, sizeof(k));
  OPENSSL_cleanse(ivec, sizeof(ivec));
  return 0;
}

/* RFC 3414 8.1.1 (DES) and draft-reeder-snmpv3-usm-3desede 5.1 (3DES):
 * CBC over whole 8-octet blocks.  Single DES is EDE3 with three equal keys:
 * E(K, D(K, E(K, x))) = E(K, x). */
static int run_des_cbc(bool ede3, bool enc, const uint8_t *key,
                       size_t key_len, const uint8_t *iv, const uint8_t *in,
                       size_t len, uint8_t *out)
{
  if (key_len != (ede3 ? 24u : 8u) || len % 8 != 0)
    return SNMPX_EINVAL;
  DES_key_schedule ks[3];
  for (int i = 0; i < 3; i++) {
    DES_cblock k;
    memcpy(k, key + (ede3 ? 8 * i : 0), 8);
    DES_set_key_unchecked(&k, &ks[i]);
    OPENSSL_cleanse(k, sizeof(k));
  }
  DES_cblock ivec;
  memcpy(ivec, iv, sizeof(ivec));
  if (len > 0)
    DES_ede3_cbc_encrypt(in, out, (long)len, &ks[0], &ks[1], &ks[2], &ivec,
                         enc ? DES_ENCRYPT : DES_DECRYPT);
  OPENSSL_cleanse(ks, sizeof(ks));
  OPENSSL_cleanse(ivec, sizeof(ivec));
  return 0;
}

int snmpx__usm_cipher_run(snmpx__usm_cipher c, bool enc, const uint8_t *key,
                          size_t key_len, const uint8_t *iv, const uint8_t *in,
                          size_t len, uint8_t *out)
{
  if (len > (size_t)INT32_MAX)
    return SNMPX_EINVAL;
  switch (c) {
  case SNMPX__USM_DES_CBC:
    return run_des_cbc(false, enc, key, key_len, iv, in, len, out);
  case SNMPX__USM_DES_EDE3_CBC:
    return run_des_cbc(true, enc, key, key_len, iv, in, len, out);
  case SNMPX__USM_AES_CFB128:
    return run_aes_cfb(enc, key, key_len, iv, in, len, out);
  }
  return SNMPX_EINVAL;
}

void snmpx__usm_cleanse(void *p, size_t len)
{
  if (p != NULL && len > 0)
    OPENSSL_cleanse(p, len);
}

bool snmpx__usm_equal(const void *a, const void *b, size_t len)
{
  return CRYPTO_memcmp(a, b, len) == 0;
}
