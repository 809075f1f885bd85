/* The USM layer's only contact with OpenSSL's libcrypto: hashes, the DES,
 * 3DES and AES-CFB ciphers, cleansing and constant-time comparison.
 *
 * Hashing uses libcrypto's low-level digest functions (SHA1_Update...),
 * deprecated in OpenSSL 3 in favour of EVP but still part of its ABI: an
 * EVP digest goes through the provider layer (an algorithm lookup, a lock,
 * a context allocation), which made an HMAC of a 100-octet SNMP message
 * cost several times the hashing itself.  The low-level functions use the
 * CPU's SHA extensions all the same, and their contexts are plain structs,
 * so an HMAC key's inner and outer states are computed once
 * (snmpx__usm_hmac_prepare) and copied for each message.
 *
 * AES is the other way round: libcrypto's low-level AES_* functions never
 * use AES-NI, its EVP ciphers do.  So a key used for many messages gets an
 * EVP context keyed once (snmpx__usm_cipher_new, from its EVP_AFTER-th
 * message on: a one-shot process never pays for loading the providers):
 * an ECB one, the CFB feedback done here (run_evp), so that a message sets
 * up nothing in OpenSSL; one-off calls
 * (snmpx__usm_cipher_run, the public snmpx_usm_encrypt) keep the
 * low-level functions.  DES and 3DES live only in OpenSSL 3's legacy
 * provider, so they
 * stay on the low-level DES_* functions, their key schedules made once per
 * context.  Should any of these go away, only this file changes. */
#define OPENSSL_API_COMPAT 0x10100000L
#define OPENSSL_SUPPRESS_DEPRECATED

#include <openssl/aes.h>
#include <openssl/crypto.h>
#include <openssl/des.h>
#include <openssl/evp.h>
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

_Static_assert(sizeof(hash_ctx) <= SNMPX__USM_HASH_STATE,
               "SNMPX__USM_HASH_STATE too small for OpenSSL's contexts");

/* The part of a hash_ctx that algorithm |a| uses. */
static size_t state_len(snmpx_usm_auth a)
{
  switch (a) {
  case SNMPX_USM_AUTH_MD5:
    return sizeof(MD5_CTX);
  case SNMPX_USM_AUTH_SHA:
    return sizeof(SHA_CTX);
  case SNMPX_USM_AUTH_SHA224:
  case SNMPX_USM_AUTH_SHA256:
    return sizeof(SHA256_CTX);
  case SNMPX_USM_AUTH_SHA384:
  case SNMPX_USM_AUTH_SHA512:
    return sizeof(SHA512_CTX);
  default:
    return 0;
  }
}

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

/* RFC 2104 2: a hash state after absorbing the key, zero-padded to the
 * block length, XORed with |pad|.  |k0| holds the block-length key. */
static int absorb_pad(snmpx_usm_auth a, const uint8_t *k0, size_t block,
                      uint8_t pad, hash_ctx *h)
{
  uint8_t x[128];
  for (size_t i = 0; i < block; i++)
    x[i] = k0[i] ^ pad;
  int ok = hash_init(a, h) && hash_update(a, h, x, block);
  OPENSSL_cleanse(x, sizeof(x));
  return ok;
}

int snmpx__usm_hmac_prepare(snmpx__usm_hmac *h, snmpx_usm_auth a,
                            const uint8_t *key, size_t key_len)
{
  size_t block = snmpx__usm_block_len(a);
  h->auth = SNMPX_USM_AUTH_NONE;
  if (block == 0 || block > 128)
    return SNMPX_EUSM_UNKNOWN_PROTOCOL;
  uint8_t k0[128] = {0};
  int rv = 0;
  if (key_len > block) { /* RFC 2104 2: a long key is hashed first */
    snmpx__usm_iov iov = {key, key_len};
    rv = snmpx__usm_digest(a, &iov, 1, k0);
  } else if (key_len > 0) {
    memcpy(k0, key, key_len);
  }
  hash_ctx in, out;
  if (rv == 0 && !(absorb_pad(a, k0, block, 0x36, &in) &&
                   absorb_pad(a, k0, block, 0x5c, &out)))
    rv = SNMPX_EUSM_CRYPTO;
  if (rv == 0) {
    memcpy(h->inner, &in, state_len(a));
    memcpy(h->outer, &out, state_len(a));
    h->auth = a;
  }
  OPENSSL_cleanse(k0, sizeof(k0));
  OPENSSL_cleanse(&in, sizeof(in));
  OPENSSL_cleanse(&out, sizeof(out));
  return rv;
}

int snmpx__usm_hmac_run(const snmpx__usm_hmac *h, const snmpx__usm_iov *msg,
                        size_t n, uint8_t *out)
{
  snmpx_usm_auth a = h->auth;
  size_t sl = state_len(a), dlen = snmpx_usm_auth_digest_len(a);
  if (sl == 0)
    return SNMPX_EUSM_UNKNOWN_PROTOCOL;
  hash_ctx c;
  uint8_t inner[SNMPX_USM_MAX_DIGEST];
  memcpy(&c, h->inner, sl);
  int ok = 1;
  for (size_t i = 0; ok && i < n; i++)
    if (msg[i].len > 0)
      ok = hash_update(a, &c, msg[i].p, msg[i].len);
  ok = ok && hash_final(a, &c, inner);
  if (ok) {
    memcpy(&c, h->outer, sl);
    ok = hash_update(a, &c, inner, dlen) && hash_final(a, &c, out);
  }
  OPENSSL_cleanse(&c, sl);
  OPENSSL_cleanse(inner, dlen);
  return ok ? 0 : SNMPX_EUSM_CRYPTO;
}

/* Messages an AES key serves through the low-level functions before it
 * gets its EVP context.  The first EVP cipher in a process loads
 * OpenSSL's configuration and providers (about a millisecond, more than a
 * one-shot `snmpx get -v3` spends on everything else after key
 * derivation); a key used for more messages than this pays that once and
 * then runs with AES-NI. */
#define EVP_AFTER 8

struct snmpx__usm_cipher_ctx {
  snmpx__usm_cipher c;
  uint32_t uses;
  bool evp_failed;     /* EVP would not initialise: stay low-level */
  EVP_CIPHER_CTX *evp; /* AES, keyed once used EVP_AFTER times */
  AES_KEY aes;         /* AES until then (or for good) */
  uint8_t key[32];     /* AES: to key the EVP context */
  size_t key_len;
  DES_key_schedule ks[3]; /* DES (three times the same key), 3DES */
};

/* The EVP context runs AES itself (ECB, one block or many per call) and
 * the CFB feedback is done here (RFC 3826 3.1.3 and 3.1.4: C_i = P_i XOR
 * E(K, C_{i-1}), C_0's input the IV): setting an EVP CFB context's IV for
 * each message (EVP_CipherInit_ex) cost more than the message's AES. */
static const EVP_CIPHER *aes_ecb(size_t key_len)
{
  switch (key_len) {
  case 16:
    return EVP_aes_128_ecb();
  case 24:
    return EVP_aes_192_ecb();
  case 32:
    return EVP_aes_256_ecb();
  default:
    return NULL;
  }
}

/* The low-level key schedule now; the EVP context later (use_evp). */
static int aes_ctx_init(snmpx__usm_cipher_ctx *x, const uint8_t *key,
                        size_t key_len)
{
  if (aes_ecb(key_len) == NULL)
    return SNMPX_EINVAL;
  memcpy(x->key, key, key_len);
  x->key_len = key_len;
  /* CFB uses the forward cipher in both directions. */
  return AES_set_encrypt_key(key, (int)(key_len * 8), &x->aes) == 0
             ? 0
             : SNMPX_EUSM_CRYPTO;
}

/* True when |x| runs through its EVP context, keying it on the
 * EVP_AFTER-th use.  Without a usable EVP AES (a provider set-up without
 * it) the low-level functions go on, only without AES-NI. */
static bool use_evp(snmpx__usm_cipher_ctx *x)
{
  if (x->evp != NULL)
    return true;
  if (x->evp_failed || x->key_len == 0 || ++x->uses < EVP_AFTER)
    return false;
  x->evp = EVP_CIPHER_CTX_new();
  if (x->evp != NULL &&
      EVP_EncryptInit_ex(x->evp, aes_ecb(x->key_len), NULL, x->key, NULL) ==
          1 &&
      EVP_CIPHER_CTX_set_padding(x->evp, 0) == 1)
    return true;
  EVP_CIPHER_CTX_free(x->evp);
  x->evp = NULL;
  x->evp_failed = true;
  return false;
}

static int des_ctx_init(snmpx__usm_cipher_ctx *x, bool ede3, const uint8_t *key,
                        size_t key_len)
{
  if (key_len != (ede3 ? 24u : 8u))
    return SNMPX_EINVAL;
  for (int i = 0; i < 3; i++) {
    DES_cblock k;
    memcpy(k, key + (ede3 ? 8 * i : 0), 8);
    DES_set_key_unchecked(&k, &x->ks[i]);
    OPENSSL_cleanse(k, sizeof(k));
  }
  return 0;
}

int snmpx__usm_cipher_new(snmpx__usm_cipher c, const uint8_t *key,
                          size_t key_len, snmpx__usm_cipher_ctx **out)
{
  snmpx__usm_cipher_ctx *x = OPENSSL_zalloc(sizeof(*x));
  if (x == NULL)
    return SNMPX_ENOMEM;
  x->c = c;
  int rv = SNMPX_EINVAL;
  if (c == SNMPX__USM_AES_CFB128)
    rv = aes_ctx_init(x, key, key_len);
  else if (c == SNMPX__USM_DES_CBC || c == SNMPX__USM_DES_EDE3_CBC)
    rv = des_ctx_init(x, c == SNMPX__USM_DES_EDE3_CBC, key, key_len);
  if (rv != 0) {
    snmpx__usm_cipher_free(x);
    return rv;
  }
  *out = x;
  return 0;
}

/* E(K, |in|) of |n| whole blocks through the keyed ECB context. */
static int ecb_blocks(EVP_CIPHER_CTX *evp, const uint8_t *in, size_t n,
                      uint8_t *out)
{
  int got = 0;
  if (EVP_EncryptUpdate(evp, out, &got, in, (int)(n * 16)) != 1 ||
      (size_t)got != n * 16)
    return SNMPX_EUSM_CRYPTO;
  return 0;
}

/* CFB128 encryption: each block's keystream is E(K, the ciphertext
 * before it), so one block at a time. */
static int cfb_encrypt(EVP_CIPHER_CTX *evp, const uint8_t *iv,
                       const uint8_t *in, size_t len, uint8_t *out)
{
  uint8_t reg[16], ks[16];
  memcpy(reg, iv, sizeof(reg));
  int rv = 0;
  for (size_t off = 0; off < len && rv == 0; off += 16) {
    size_t m = len - off < 16 ? len - off : 16;
    rv = ecb_blocks(evp, reg, 1, ks);
    for (size_t i = 0; i < m; i++)
      reg[i] = out[off + i] = in[off + i] ^ ks[i];
  }
  OPENSSL_cleanse(ks, sizeof(ks));
  return rv;
}

/* CFB128 decryption: the ciphertext is known, so the keystream of up to
 * CFB_BATCH blocks is made by one call: E(K, IV || C_1 .. C_{n-1}). */
enum { CFB_BATCH = 32 };
static int cfb_decrypt(EVP_CIPHER_CTX *evp, const uint8_t *iv,
                       const uint8_t *in, size_t len, uint8_t *out)
{
  uint8_t src[CFB_BATCH * 16], ks[CFB_BATCH * 16], prev[16];
  memcpy(prev, iv, sizeof(prev)); /* the block before this batch */
  int rv = 0;
  for (size_t off = 0; off < len && rv == 0;) {
    size_t left = len - off, blocks = (left + 15) / 16;
    if (blocks > CFB_BATCH)
      blocks = CFB_BATCH;
    memcpy(src, prev, 16);
    memcpy(src + 16, in + off, (blocks - 1) * 16);
    rv = ecb_blocks(evp, src, blocks, ks);
    size_t m = left < blocks * 16 ? left : blocks * 16;
    if (m == blocks * 16) /* before |out| overwrites it (in place) */
      memcpy(prev, in + off + m - 16, 16);
    for (size_t i = 0; i < m; i++)
      out[off + i] = in[off + i] ^ ks[i];
    off += m;
  }
  OPENSSL_cleanse(ks, sizeof(ks));
  return rv;
}

/* One message through the keyed EVP context: no key schedule, no IV
 * set-up. */
static int run_evp(EVP_CIPHER_CTX *evp, bool enc, const uint8_t *iv,
                   const uint8_t *in, size_t len, uint8_t *out)
{
  return enc ? cfb_encrypt(evp, iv, in, len, out)
             : cfb_decrypt(evp, iv, in, len, out);
}

int snmpx__usm_cipher_ctx_run(snmpx__usm_cipher_ctx *x, bool enc,
                              const uint8_t *iv, const uint8_t *in, size_t len,
                              uint8_t *out)
{
  if (len > (size_t)INT32_MAX)
    return SNMPX_EINVAL;
  if (x->c == SNMPX__USM_AES_CFB128) {
    if (use_evp(x))
      return run_evp(x->evp, enc, iv, in, len, out);
    uint8_t ivec[16];
    memcpy(ivec, iv, sizeof(ivec));
    int num = 0;
    AES_cfb128_encrypt(in, out, len, &x->aes, ivec, &num,
                       enc ? AES_ENCRYPT : AES_DECRYPT);
    OPENSSL_cleanse(ivec, sizeof(ivec));
    return 0;
  }
  if (len % 8 != 0)
    return SNMPX_EINVAL;
  DES_cblock ivec;
  memcpy(ivec, iv, sizeof(ivec));
  if (len > 0)
    DES_ede3_cbc_encrypt(in, out, (long)len, &x->ks[0], &x->ks[1], &x->ks[2],
                         &ivec, enc ? DES_ENCRYPT : DES_DECRYPT);
  OPENSSL_cleanse(ivec, sizeof(ivec));
  return 0;
}

void snmpx__usm_cipher_free(snmpx__usm_cipher_ctx *x)
{
  if (x == NULL)
    return;
  EVP_CIPHER_CTX_free(x->evp); /* wipes the key schedule */
  OPENSSL_clear_free(x, sizeof(*x));
}

/* RFC 3826 3.1.3 (AES in 128-bit CFB mode, no padding), RFC 3414 8.1.1
 * (DES) and draft-reeder-snmpv3-usm-3desede 5.1 (3DES: CBC over whole
 * 8-octet blocks; single DES is EDE3 with three equal keys, as
 * E(K, D(K, E(K, x))) = E(K, x)).  A one-off call: the key schedule lives
 * on the stack, with no EVP context to set up. */
int snmpx__usm_cipher_run(snmpx__usm_cipher c, bool enc, const uint8_t *key,
                          size_t key_len, const uint8_t *iv, const uint8_t *in,
                          size_t len, uint8_t *out)
{
  snmpx__usm_cipher_ctx x;
  memset(&x, 0, sizeof(x));
  x.c = c;
  int rv = SNMPX_EINVAL;
  if (c == SNMPX__USM_AES_CFB128) {
    rv = aes_ctx_init(&x, key, key_len);
    x.evp_failed = true; /* one message: no EVP context */
  } else if (c == SNMPX__USM_DES_CBC || c == SNMPX__USM_DES_EDE3_CBC) {
    rv = des_ctx_init(&x, c == SNMPX__USM_DES_EDE3_CBC, key, key_len);
  }
  if (rv == 0)
    rv = snmpx__usm_cipher_ctx_run(&x, enc, iv, in, len, out);
  OPENSSL_cleanse(&x, sizeof(x));
  return rv;
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
