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

/** Wipe |len| octets at |p| in a way the compiler keeps. */
void snmpx__usm_cleanse(void *p, size_t len);

/** Constant-time equality of two |len|-octet buffers. */
bool snmpx__usm_equal(const void *a, const void *b, size_t len);

/* ---- Keys (usm_keys.c) ---------------------------------------------- */

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

/** Check an engine ID: SNMPX_EINVAL (NULL), SNMPX_EUSM_ENGINE_ID (length
 *  not 1..32) or 0. */
int snmpx__usm_check_engine_id(const uint8_t *engine_id, size_t len);

#endif
