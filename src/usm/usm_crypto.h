/* Internal API of the USM layer (src/usm).  crypto_openssl.c is the only
 * file that talks to libcrypto; the rest of the layer uses these wrappers. */
#ifndef SNMPX_USM_CRYPTO_H
#define SNMPX_USM_CRYPTO_H

#include "internal.h"

/* One piece of a message to hash; gathered so that HMAC can run over a
 * message with its MAC field replaced by zeros without copying it. */
typedef struct snmpx__usm_iov {
  const uint8_t *p;
  size_t len;
} snmpx__usm_iov;

/** H(iov[0] || ... || iov[n-1]) with |a|'s hash into |out| (the digest
 *  length of |a|).  @return 0; SNMPX_EUSM_UNKNOWN_PROTOCOL or
 *  SNMPX_EUSM_CRYPTO. */
int snmpx__usm_digest(snmpx_usm_auth a, const snmpx__usm_iov *iov, size_t n,
                      uint8_t *out);

/** Block size of |a|'s hash (64 or 128); 0 for NONE. */
size_t snmpx__usm_block_len(snmpx_usm_auth a);

/* Ciphers the layer needs, all without padding. */
typedef enum snmpx__usm_cipher {
  SNMPX__USM_DES_CBC,  /* 8-octet key, run as EDE3 with K1 = K2 = K3 */
  SNMPX__USM_DES_EDE3_CBC,
  SNMPX__USM_AES_CFB128 /* key length selects AES-128/192/256 */
} snmpx__usm_cipher;

/** Encrypt (|enc|) or decrypt |len| octets of |in| into |out| (same
 *  length) with |key| and a 16- or 8-octet |iv|.  For the CBC ciphers |len|
 *  must be a multiple of 8.  @return 0; SNMPX_EINVAL or SNMPX_EUSM_CRYPTO. */
int snmpx__usm_cipher_run(snmpx__usm_cipher c, bool enc, const uint8_t *key,
                          size_t key_len, const uint8_t *iv, const uint8_t *in,
                          size_t len, uint8_t *out);

/* ---- Prepared keys: the per-key work done once (crypto_openssl.c) ---- */

/** Room for one hash state of any of the six algorithms (checked in
 *  crypto_openssl.c against OpenSSL's context sizes). */
#define SNMPX__USM_HASH_STATE 224

/** An HMAC key made ready (RFC 2104 2): the hash states after absorbing
 *  K XOR ipad and K XOR opad, so each MAC hashes only the message and
 *  the inner digest.  These states are as secret as the key. */
typedef struct snmpx__usm_hmac {
  snmpx_usm_auth auth; /* NONE: not prepared */
  _Alignas(16) uint8_t inner[SNMPX__USM_HASH_STATE];
  _Alignas(16) uint8_t outer[SNMPX__USM_HASH_STATE];
} snmpx__usm_hmac;

/** Prepare |h| for |a| with |key| (any length; one longer than the block
 *  is hashed first).  @return 0; SNMPX_EUSM_UNKNOWN_PROTOCOL or
 *  SNMPX_EUSM_CRYPTO. */
int snmpx__usm_hmac_prepare(snmpx__usm_hmac *h, snmpx_usm_auth a,
                            const uint8_t *key, size_t key_len);

/** HMAC of the concatenation of |msg|[0..n) into |out| (digest length),
 *  from a prepared key.  @return 0; SNMPX_EUSM_UNKNOWN_PROTOCOL (not
 *  prepared) or SNMPX_EUSM_CRYPTO. */
int snmpx__usm_hmac_run(const snmpx__usm_hmac *h, const snmpx__usm_iov *msg,
                        size_t n, uint8_t *out);

/** A cipher keyed once: AES through OpenSSL's EVP interface (AES-NI where
 *  the CPU has it), DES and 3DES with their key schedules made.  Its
 *  memory comes from libcrypto's allocator, not an snmpx_mem. */
typedef struct snmpx__usm_cipher_ctx snmpx__usm_cipher_ctx;

/** Key |c| with |key| (the cipher key only: 8, 24, or 16/24/32 octets).
 *  @return 0; SNMPX_EINVAL (key length), SNMPX_ENOMEM or
 *  SNMPX_EUSM_CRYPTO. */
int snmpx__usm_cipher_new(snmpx__usm_cipher c, const uint8_t *key,
                          size_t key_len, snmpx__usm_cipher_ctx **out);

/** As snmpx__usm_cipher_run, with the key of |ctx|. */
int snmpx__usm_cipher_ctx_run(snmpx__usm_cipher_ctx *ctx, bool enc,
                              const uint8_t *iv, const uint8_t *in, size_t len,
                              uint8_t *out);

/** Wipe and free |ctx|; NULL is a no-op. */
void snmpx__usm_cipher_free(snmpx__usm_cipher_ctx *ctx);

/** Wipe |len| octets at |p| in a way the compiler keeps. */
void snmpx__usm_cleanse(void *p, size_t len);

/** Constant-time equality of two |len|-octet buffers. */
bool snmpx__usm_equal(const void *a, const void *b, size_t len);

/* ---- Keys (usm_keys.c) ---------------------------------------------- */

/** Is |s| a secret of a kind and length the key cache can use for |a|
 *  (and |p|; SNMPX_USM_PRIV_NONE for the auth secret)?  @return 0;
 *  SNMPX_EINVAL (NULL, empty, unknown kind); SNMPX_EUSM_UNKNOWN_PROTOCOL;
 *  SNMPX_EUSM_KEY_LENGTH (a master or localized auth key that is not a
 *  digest long). */
int snmpx__usm_check_secret(snmpx_usm_auth a, snmpx_usm_priv p,
                            const snmpx_usm_secret *s);

/** RFC 3414 A.2: Ku of a non-empty password into |ku| (digest length),
 *  with a scratch buffer from |mem| (NULL: libc).
 *  @return 0; SNMPX_ENOMEM, SNMPX_EUSM_UNKNOWN_PROTOCOL or
 *  SNMPX_EUSM_CRYPTO. */
int snmpx__usm_ku(const snmpx_mem *mem, snmpx_usm_auth a, const uint8_t *pw,
                  size_t pw_len, uint8_t *ku);

/** RFC 3414 2.6: H(ku || engine_id || ku) into |kul| (digest length);
 *  |ku_len| may differ from the digest length (the Reeder extension uses
 *  it on keys of any length).  @return as snmpx__usm_digest. */
int snmpx__usm_kul(snmpx_usm_auth a, const uint8_t *ku, size_t ku_len,
                   const uint8_t *engine_id, size_t engine_id_len,
                   uint8_t *kul);

/** Extend or truncate |kul| to the priv key of |p| (priv key length) into
 *  |key|.  @return 0; SNMPX_ENOMEM, SNMPX_EUSM_KEY_LENGTH,
 *  SNMPX_EUSM_UNKNOWN_PROTOCOL or SNMPX_EUSM_CRYPTO. */
int snmpx__usm_extend(const snmpx_mem *mem, snmpx_usm_auth a,
                      snmpx_usm_priv p, const uint8_t *kul, size_t kul_len,
                      const uint8_t *engine_id, size_t engine_id_len,
                      uint8_t *key);

/* ---- Prepared keys in use (usm_auth.c, usm_priv.c) ------------------ */

/** snmpx_usm_auth_sign / snmpx_usm_auth_verify with a prepared key.
 *  @return as those. */
int snmpx__usm_auth_sign_with(const snmpx__usm_hmac *h, uint8_t *msg,
                              size_t len, size_t auth_off);
int snmpx__usm_auth_verify_with(const snmpx__usm_hmac *h, const uint8_t *msg,
                                size_t len, size_t auth_off);

/** snmpx_usm_encrypt / snmpx_usm_decrypt with |ctx|, the cipher keyed with
 *  |key| (NULL: key it for this call only).  @return as those. */
int snmpx__usm_encrypt_with(snmpx__usm_cipher_ctx *ctx, snmpx_usm_priv p,
                            const uint8_t *key, size_t key_len, uint32_t boots,
                            uint32_t time, uint64_t salt, const uint8_t *in,
                            size_t len, uint8_t *out, size_t out_cap,
                            size_t *out_len, uint8_t *priv_params);
int snmpx__usm_decrypt_with(snmpx__usm_cipher_ctx *ctx, snmpx_usm_priv p,
                            const uint8_t *key, size_t key_len, uint32_t boots,
                            uint32_t time, const uint8_t *priv_params,
                            size_t priv_params_len, const uint8_t *in,
                            size_t len, uint8_t *out, size_t out_cap,
                            size_t *out_len);

/** The cipher and cipher key length |p| uses (the rest of a DES or 3DES
 *  priv key is its pre-IV).  @return 0; SNMPX_EUSM_UNKNOWN_PROTOCOL. */
int snmpx__usm_priv_cipher(snmpx_usm_priv p, snmpx__usm_cipher *c,
                           size_t *cipher_key_len);

/* ---- The key cache's ready keys (usm_keycache.c) --------------------- */

/** A localized key as the cache keeps it, ready for use. */
typedef struct snmpx__usm_key {
  snmpx_usm_auth auth;
  snmpx_usm_priv priv; /* NONE: an auth key */
  uint8_t key[SNMPX_USM_MAX_KEY];
  size_t key_len;
  snmpx__usm_hmac hmac;          /* an auth key's HMAC states */
  snmpx__usm_cipher_ctx *cipher; /* a priv key's keyed cipher */
} snmpx__usm_key;

/** Names a cached key for as long as it is not evicted. */
typedef struct snmpx__usm_keyref {
  size_t slot;
  uint64_t stamp; /* 0: names nothing */
} snmpx__usm_keyref;

/** As snmpx_usm_keycache_get, but *|out| points at the cache's own ready
 *  key (valid until the next call on |kc| that may evict it: hold on to
 *  *|ref| instead), and a LOCALIZED secret is cached too.  |kc| must not
 *  be NULL.  @return as snmpx_usm_keycache_get. */
int snmpx__usm_keycache_key(snmpx_usm_keycache *kc, snmpx_usm_auth a,
                            snmpx_usm_priv p, const snmpx_usm_secret *secret,
                            const uint8_t *engine_id, size_t engine_id_len,
                            const snmpx__usm_key **out, snmpx__usm_keyref *ref);

/** The ready key for |secret| at |engine_id| made in |out|, storage the
 *  caller keeps (and wipes with snmpx__usm_key_clear): the master key of
 *  a password comes from |kc|, but the localized key is not cached there.
 *  *|out| is cleared first, and stays clear on failure.
 *  @return as snmpx_usm_keycache_get (not SNMPX_ENOSPACE; SNMPX_EINVAL
 *  for a NULL |kc| too). */
int snmpx__usm_keycache_make(snmpx_usm_keycache *kc, snmpx_usm_auth a,
                             snmpx_usm_priv p, const snmpx_usm_secret *secret,
                             const uint8_t *engine_id, size_t engine_id_len,
                             snmpx__usm_key *out);

/** Wipe |k| and free its cipher; key_len 0 after (a zeroed key is clear
 *  already). */
void snmpx__usm_key_clear(snmpx__usm_key *k);

/** The key |ref| names, or NULL when it was evicted since. */
const snmpx__usm_key *snmpx__usm_keycache_deref(const snmpx_usm_keycache *kc,
                                                snmpx__usm_keyref ref);

/** Check an engine ID: SNMPX_EINVAL (NULL), SNMPX_EUSM_ENGINE_ID (length
 *  not 1..32) or 0. */
int snmpx__usm_check_engine_id(const uint8_t *engine_id, size_t len);

#endif
