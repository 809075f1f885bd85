/* The USM layer's only contact with OpenSSL's libcrypto: hashes, the DES,
 * 3DES and AES-CFB ciphers, cleansing and constant-time comparison. */
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "usm_crypto.h"

static const EVP_MD *md_of(snmpx_usm_auth a)
{
  switch (a) {
  case SNMPX_USM_AUTH_MD5:
    return EVP_md5();
  case SNMPX_USM_AUTH_SHA:
    return EVP_sha1();
  case SNMPX_USM_AUTH_SHA224:
    return EVP_sha224();
  case SNMPX_USM_AUTH_SHA256:
    return EVP_sha256();
  case SNMPX_USM_AUTH_SHA384:
    return EVP_sha384();
  case SNMPX_USM_AUTH_SHA512:
    return EVP_sha512();
  default:
    return NULL;
  }
}

size_t snmpx__usm_block_len(snmpx_usm_auth a)
{
  const EVP_MD *md = md_of(a);
  return md == NULL ? 0 : (size_t)EVP_MD_block_size(md);
}

int snmpx__usm_digest(snmpx_usm_auth a, const snmpx__usm_iov *iov, size_t n,
                      uint8_t *out)
{
  const EVP_MD *md = md_of(a);
  if (md == NULL)
    return SNMPX_EUSM_UNKNOWN_PROTOCOL;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  if (ctx == NULL)
    return SNMPX_EUSM_CRYPTO;
  int ok = EVP_DigestInit_ex(ctx, md, NULL);
  for (size_t i = 0; ok && i < n; i++)
    if (iov[i].len > 0)
      ok = EVP_DigestUpdate(ctx, iov[i].p, iov[i].len);
  unsigned int dlen = 0;
  if (ok)
    ok = EVP_DigestFinal_ex(ctx, out, &dlen);
  EVP_MD_CTX_free(ctx);
  return ok ? 0 : SNMPX_EUSM_CRYPTO;
}

static const EVP_CIPHER *cipher_of(snmpx__usm_cipher c, size_t key_len)
{
  switch (c) {
  case SNMPX__USM_DES_CBC:
    return key_len == 8 ? EVP_des_ede3_cbc() : NULL;
  case SNMPX__USM_DES_EDE3_CBC:
    return key_len == 24 ? EVP_des_ede3_cbc() : NULL;
  case SNMPX__USM_AES_CFB128:
    if (key_len == 16)
      return EVP_aes_128_cfb128();
    if (key_len == 24)
      return EVP_aes_192_cfb128();
    if (key_len == 32)
      return EVP_aes_256_cfb128();
    return NULL;
  }
  return NULL;
}

/* Single DES is in OpenSSL 3's legacy provider only; EDE3 with three equal
 * keys computes E(K, D(K, E(K, x))) = E(K, x), single DES itself. */
static void des_as_ede3(const uint8_t *key, uint8_t ede3[24])
{
  for (size_t i = 0; i < 3; i++)
    memcpy(ede3 + 8 * i, key, 8);
}

int snmpx__usm_cipher_run(snmpx__usm_cipher c, bool enc, const uint8_t *key,
                          size_t key_len, const uint8_t *iv, const uint8_t *in,
                          size_t len, uint8_t *out)
{
  const EVP_CIPHER *cipher = cipher_of(c, key_len);
  if (cipher == NULL || len > (size_t)INT32_MAX)
    return SNMPX_EINVAL;
  uint8_t ede3[24];
  if (c == SNMPX__USM_DES_CBC) {
    des_as_ede3(key, ede3);
    key = ede3;
  }
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  int ok = ctx != NULL &&
           EVP_CipherInit_ex(ctx, cipher, NULL, key, iv, enc ? 1 : 0) &&
           EVP_CIPHER_CTX_set_padding(ctx, 0);
  int n1 = 0, n2 = 0;
  if (ok && len > 0)
    ok = EVP_CipherUpdate(ctx, out, &n1, in, (int)len);
  if (ok)
    ok = EVP_CipherFinal_ex(ctx, out + n1, &n2);
  EVP_CIPHER_CTX_free(ctx);
  OPENSSL_cleanse(ede3, sizeof(ede3));
  return ok && (size_t)(n1 + n2) == len ? 0 : SNMPX_EUSM_CRYPTO;
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
