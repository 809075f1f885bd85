/* snmpx: the User-based Security Model's cryptography (RFC 3414, RFC 7860,
 * RFC 3826, draft-blumenthal-aes-usm-04, draft-reeder-snmpv3-usm-3desede).
 *
 * This header covers the protocol registry (names, OIDs, lengths), key
 * derivation (password to key, localization, priv key extension), a key
 * cache, message authentication and privacy.  Message processing (the
 * securityParameters, timeliness, discovery) is built on top of it.
 *
 * Keys are byte strings the caller owns; the library never logs them and
 * wipes its own copies when it frees them. */
#ifndef SNMPX_USM_H
#define SNMPX_USM_H

#include "common.h"
#include "mem.h"
#include "oid.h"

/** Longest digest of any auth protocol (SHA-512). */
#define SNMPX_USM_MAX_DIGEST 64
/** Longest key any protocol uses (a SHA-512 localized key). */
#define SNMPX_USM_MAX_KEY 64
/** Length of msgPrivacyParameters for every priv protocol. */
#define SNMPX_USM_PRIV_PARAMS_LEN 8
/** Longest snmpEngineID (RFC 3411 SnmpEngineID: 5..32 octets). */
#define SNMPX_USM_MAX_ENGINE_ID 32

/** Authentication protocols (RFC 3414, RFC 7860). */
typedef enum snmpx_usm_auth {
  SNMPX_USM_AUTH_NONE = 0,  /**< usmNoAuthProtocol */
  SNMPX_USM_AUTH_MD5 = 1,   /**< usmHMACMD5AuthProtocol, 12-octet MAC */
  SNMPX_USM_AUTH_SHA = 2,   /**< usmHMACSHAAuthProtocol, 12-octet MAC */
  SNMPX_USM_AUTH_SHA224 = 3, /**< usmHMAC128SHA224AuthProtocol, 16 */
  SNMPX_USM_AUTH_SHA256 = 4, /**< usmHMAC192SHA256AuthProtocol, 24 */
  SNMPX_USM_AUTH_SHA384 = 5, /**< usmHMAC256SHA384AuthProtocol, 32 */
  SNMPX_USM_AUTH_SHA512 = 6  /**< usmHMAC384SHA512AuthProtocol, 48 */
} snmpx_usm_auth;

/** Number of snmpx_usm_auth values (for iteration). */
#define SNMPX_USM_AUTH_COUNT 7

/** Privacy protocols.  AES-192/256 come with two key extensions: Blumenthal
 *  (draft-blumenthal-aes-usm-04, Net-SNMP "AES-192"/"AES-256") and Reeder
 *  (draft-reeder-snmpv3-usm-3desede, Net-SNMP "AES-192-C"/"AES-256-C",
 *  Cisco, pysnmp usmAesCfb192Protocol/usmAesCfb256Protocol). */
typedef enum snmpx_usm_priv {
  SNMPX_USM_PRIV_NONE = 0,      /**< usmNoPrivProtocol */
  SNMPX_USM_PRIV_DES = 1,       /**< usmDESPrivProtocol, CBC-DES */
  SNMPX_USM_PRIV_3DES = 2,      /**< usm3DESEDEPrivProtocol */
  SNMPX_USM_PRIV_AES128 = 3,    /**< usmAesCfb128Protocol (RFC 3826) */
  SNMPX_USM_PRIV_AES192 = 4,    /**< AES-192-CFB, Blumenthal extension */
  SNMPX_USM_PRIV_AES256 = 5,    /**< AES-256-CFB, Blumenthal extension */
  SNMPX_USM_PRIV_AES192_C = 6,  /**< AES-192-CFB, Reeder extension */
  SNMPX_USM_PRIV_AES256_C = 7   /**< AES-256-CFB, Reeder extension */
} snmpx_usm_priv;

/** Number of snmpx_usm_priv values (for iteration). */
#define SNMPX_USM_PRIV_COUNT 8

/* ---- Registry ------------------------------------------------------- */

/** Look up an auth protocol by name, case-insensitively.  Accepts the
 *  Net-SNMP (MD5, SHA, SHA-224..SHA-512), gosnmp (SHA224..SHA512),
 *  pysnmp (usmHMACMD5AuthProtocol...) and python-snmp (HmacSha256...)
 *  spellings, plus "none"/"usmNoAuthProtocol".
 *  @param name borrowed NUL-terminated name.
 *  @param out  receives the protocol.
 *  @return 0; SNMPX_EINVAL (NULL argument) or SNMPX_EUSM_UNKNOWN_PROTOCOL. */
SNMPX_EXTERN int snmpx_usm_auth_from_name(const char *name,
                                          snmpx_usm_auth *out);

/** Look up a priv protocol by name, case-insensitively.  Net-SNMP's
 *  AES-192/AES-256 and pysnmp's usmAesBlumenthalCfb192Protocol are the
 *  Blumenthal extension; Net-SNMP's AES-192-C/AES-256-C, gosnmp's
 *  AES192C/AES256C and pysnmp's usmAesCfb192Protocol/usmAesCfb256Protocol
 *  are the Reeder one.  "AES" and "AES-128" are AES-128.
 *  @param name borrowed NUL-terminated name.
 *  @param out  receives the protocol.
 *  @return 0; SNMPX_EINVAL (NULL argument) or SNMPX_EUSM_UNKNOWN_PROTOCOL. */
SNMPX_EXTERN int snmpx_usm_priv_from_name(const char *name,
                                          snmpx_usm_priv *out);

/** Net-SNMP's name of |a| ("SHA-256"); "?" when |a| is out of range.
 *  @return a static string, never NULL. */
SNMPX_EXTERN const char *snmpx_usm_auth_name(snmpx_usm_auth a);

/** Net-SNMP's name of |p| ("AES-192-C"); "?" when |p| is out of range.
 *  @return a static string, never NULL. */
SNMPX_EXTERN const char *snmpx_usm_priv_name(snmpx_usm_priv p);

/** The usmUserAuthProtocol OID of |a| (1.3.6.1.6.3.10.1.1.x).
 *  @param out receives a view of static arcs.
 *  @return 0; SNMPX_EINVAL or SNMPX_EUSM_UNKNOWN_PROTOCOL. */
SNMPX_EXTERN int snmpx_usm_auth_oid(snmpx_usm_auth a, snmpx_oidv *out);

/** The usmUserPrivProtocol OID of |p|: 1.3.6.1.6.3.10.1.2.{1,2,3,4} for
 *  none, DES, 3DES, AES-128; 1.3.6.1.4.1.14832.1.{3,4} for the Blumenthal
 *  AES-192/256 (as Net-SNMP); 1.3.6.1.4.1.9.12.6.1.{1,2} for the Reeder
 *  ones (Cisco's cusmAESCfb192/256PrivProtocol, as Net-SNMP and pysnmp).
 *  @param out receives a view of static arcs.
 *  @return 0; SNMPX_EINVAL or SNMPX_EUSM_UNKNOWN_PROTOCOL. */
SNMPX_EXTERN int snmpx_usm_priv_oid(snmpx_usm_priv p, snmpx_oidv *out);

/** The auth protocol whose OID is |oid|.
 *  @return 0; SNMPX_EINVAL or SNMPX_EUSM_UNKNOWN_PROTOCOL. */
SNMPX_EXTERN int snmpx_usm_auth_from_oid(snmpx_oidv oid,
                                         snmpx_usm_auth *out);

/** The priv protocol whose OID is |oid| (see snmpx_usm_priv_oid).
 *  @return 0; SNMPX_EINVAL or SNMPX_EUSM_UNKNOWN_PROTOCOL. */
SNMPX_EXTERN int snmpx_usm_priv_from_oid(snmpx_oidv oid,
                                         snmpx_usm_priv *out);

/** Digest length of |a|'s hash, which is also the length of its Ku and Kul
 *  (16, 20, 28, 32, 48, 64); 0 for NONE or out of range. */
SNMPX_EXTERN size_t snmpx_usm_auth_digest_len(snmpx_usm_auth a);

/** Length of the truncated MAC in msgAuthenticationParameters (12, 12, 16,
 *  24, 32, 48); 0 for NONE or out of range. */
SNMPX_EXTERN size_t snmpx_usm_auth_mac_len(snmpx_usm_auth a);

/** Length of the localized priv key |p| needs: 16 for DES (key and
 *  pre-IV), 32 for 3DES (key and pre-IV), 16/24/32 for AES; 0 for NONE or
 *  out of range. */
SNMPX_EXTERN size_t snmpx_usm_priv_key_len(snmpx_usm_priv p);

/** Length of msgPrivacyParameters for |p|: 8, or 0 for NONE. */
SNMPX_EXTERN size_t snmpx_usm_priv_params_len(snmpx_usm_priv p);

/** Length of the ciphertext for |len| octets of plaintext (DES and 3DES
 *  pad to a multiple of 8; AES-CFB does not pad); 0 for NONE. */
SNMPX_EXTERN size_t snmpx_usm_priv_encrypted_len(snmpx_usm_priv p,
                                                 size_t len);

/* ---- Keys ----------------------------------------------------------- */

/** RFC 3414 A.2 (and RFC 7860 4.2.2): the master key Ku of |password|,
 *  hashing 1 MiB of the repeated password with |a|'s hash.
 *  @param password borrowed, at least 1 octet.
 *  @param ku       receives snmpx_usm_auth_digest_len(a) octets.
 *  @param ku_len   receives that length.
 *  @return 0; SNMPX_EINVAL (NULL, empty password), SNMPX_ENOMEM,
 *          SNMPX_ENOSPACE, SNMPX_EUSM_UNKNOWN_PROTOCOL or
 *          SNMPX_EUSM_CRYPTO. */
SNMPX_EXTERN int snmpx_usm_password_to_key(snmpx_usm_auth a,
                                           const uint8_t *password,
                                           size_t password_len, uint8_t *ku,
                                           size_t ku_cap, size_t *ku_len);

/** RFC 3414 2.6: Kul = H(Ku || engineID || Ku).
 *  @param ku        borrowed master key of snmpx_usm_auth_digest_len(a).
 *  @param engine_id borrowed, 1..32 octets.
 *  @return 0; SNMPX_EINVAL, SNMPX_ENOSPACE, SNMPX_EUSM_KEY_LENGTH,
 *          SNMPX_EUSM_ENGINE_ID, SNMPX_EUSM_UNKNOWN_PROTOCOL or
 *          SNMPX_EUSM_CRYPTO. */
SNMPX_EXTERN int snmpx_usm_localize_key(snmpx_usm_auth a, const uint8_t *ku,
                                        size_t ku_len,
                                        const uint8_t *engine_id,
                                        size_t engine_id_len, uint8_t *kul,
                                        size_t kul_cap, size_t *kul_len);

/** The priv key of |p| from a localized key |kul| made with |a|'s hash.
 *  When |kul| is shorter than snmpx_usm_priv_key_len(p) it is extended:
 *  3DES, AES192_C and AES256_C by the Reeder method (append
 *  localize(password_to_key(key so far), engineID)); AES192 and AES256 by
 *  the Blumenthal method (append H(key so far)).  The result is truncated
 *  to snmpx_usm_priv_key_len(p).
 *  @param kul       borrowed, at least 1 octet.
 *  @param engine_id borrowed, 1..32 octets (used by the Reeder method).
 *  @return 0; SNMPX_EINVAL, SNMPX_ENOMEM (Reeder scratch buffer),
 *          SNMPX_ENOSPACE, SNMPX_EUSM_KEY_LENGTH,
 *          SNMPX_EUSM_ENGINE_ID, SNMPX_EUSM_UNKNOWN_PROTOCOL or
 *          SNMPX_EUSM_CRYPTO. */
SNMPX_EXTERN int snmpx_usm_priv_key(snmpx_usm_auth a, snmpx_usm_priv p,
                                    const uint8_t *kul, size_t kul_len,
                                    const uint8_t *engine_id,
                                    size_t engine_id_len, uint8_t *key,
                                    size_t key_cap, size_t *key_len);

/** What a user's secret is. */
typedef enum snmpx_usm_secret_kind {
  SNMPX_USM_SECRET_PASSWORD = 0, /**< a passphrase (Net-SNMP -A/-X) */
  SNMPX_USM_SECRET_MASTER = 1,   /**< a master key Ku (-3m/-3M) */
  SNMPX_USM_SECRET_LOCALIZED = 2 /**< a localized key Kul (-3k/-3K) */
} snmpx_usm_secret_kind;

/** A user's secret: borrowed bytes and their kind. */
typedef struct snmpx_usm_secret {
  snmpx_usm_secret_kind kind;
  const uint8_t *data;
  size_t len;
} snmpx_usm_secret;

/** A bounded cache of derived keys: each (protocol, password) is hashed
 *  once into Ku, each (Ku, engineID, protocol) localized once.  Cached
 *  passwords and keys are wiped when evicted and when the cache is freed.
 *  Thread-compatible. */
typedef struct snmpx_usm_keycache snmpx_usm_keycache;

/** A new cache holding at most |max_entries| master keys and as many
 *  localized keys (0 means 64).
 *  @param mem borrowed allocator (NULL: libc); must outlive the cache.
 *  @return the cache, or NULL when out of memory. */
SNMPX_EXTERN snmpx_usm_keycache *snmpx_usm_keycache_new(const snmpx_mem *mem,
                                                        size_t max_entries);

/** Free |kc| and wipe every key it holds; NULL is a no-op. */
SNMPX_EXTERN void snmpx_usm_keycache_free(snmpx_usm_keycache *kc);

/** The localized key for |secret| at |engine_id|, derived or from the
 *  cache: with |p| == SNMPX_USM_PRIV_NONE the auth key (digest length of
 *  |a|), otherwise the priv key of |p| (snmpx_usm_priv_key_len(p), see
 *  snmpx_usm_priv_key).  A LOCALIZED secret is used as given: an auth key
 *  must have the digest length; a priv key at least the priv key length
 *  is truncated, a shorter one is extended.
 *  @param kc     the cache, or NULL to derive without caching.
 *  @param secret borrowed; copied into the cache when it is a password.
 *  @return 0; SNMPX_EINVAL, SNMPX_ENOMEM, SNMPX_ENOSPACE,
 *          SNMPX_EUSM_KEY_LENGTH, SNMPX_EUSM_ENGINE_ID,
 *          SNMPX_EUSM_UNKNOWN_PROTOCOL or SNMPX_EUSM_CRYPTO. */
SNMPX_EXTERN int snmpx_usm_keycache_get(snmpx_usm_keycache *kc,
                                        snmpx_usm_auth a, snmpx_usm_priv p,
                                        const snmpx_usm_secret *secret,
                                        const uint8_t *engine_id,
                                        size_t engine_id_len, uint8_t *key,
                                        size_t key_cap, size_t *key_len);

/** Counters of the expensive work |kc| has done since it was made. */
typedef struct snmpx_usm_keycache_stats {
  uint64_t password_hashes; /**< 1 MiB password-to-key expansions */
  uint64_t localizations;   /**< keys localized (and extended) */
  uint64_t hits;            /**< master or localized keys found cached */
  uint64_t evictions;       /**< entries dropped to stay bounded */
} snmpx_usm_keycache_stats;

/** Copy |kc|'s counters into |out|.
 *  @return 0; SNMPX_EINVAL. */
SNMPX_EXTERN int snmpx_usm_keycache_get_stats(const snmpx_usm_keycache *kc,
                                              snmpx_usm_keycache_stats *out);

/* ---- Authentication -------------------------------------------------- */

/** Full (untruncated) HMAC of |data| with |a|'s hash (RFC 2104).
 *  @param out receives snmpx_usm_auth_digest_len(a) octets.
 *  @return 0; SNMPX_EINVAL, SNMPX_ENOSPACE, SNMPX_EUSM_UNKNOWN_PROTOCOL or
 *          SNMPX_EUSM_CRYPTO. */
SNMPX_EXTERN int snmpx_usm_hmac(snmpx_usm_auth a, const uint8_t *key,
                                size_t key_len, const uint8_t *data,
                                size_t len, uint8_t *out, size_t out_cap,
                                size_t *out_len);

/** RFC 3414 6.3.1 / RFC 7860 4.2.1: authenticate a whole message in place.
 *  The snmpx_usm_auth_mac_len(a) octets at |auth_off| (the contents of
 *  msgAuthenticationParameters) are zeroed, the HMAC of the message is
 *  computed and its truncation is written there.
 *  @param key borrowed localized auth key of the digest length.
 *  @return 0; SNMPX_EINVAL, SNMPX_EUSM_KEY_LENGTH, SNMPX_EUSM_AUTH_PARAMS
 *          (field out of the message), SNMPX_EUSM_UNKNOWN_PROTOCOL or
 *          SNMPX_EUSM_CRYPTO. */
SNMPX_EXTERN int snmpx_usm_auth_sign(snmpx_usm_auth a, const uint8_t *key,
                                     size_t key_len, uint8_t *msg, size_t len,
                                     size_t auth_off);

/** RFC 3414 6.3.2 / RFC 7860 4.2.2: check the MAC at |auth_off| of a
 *  received message, computing the HMAC as if the field were zero (the
 *  message is not modified) and comparing in constant time.
 *  @return 0; SNMPX_EUSM_WRONG_DIGEST, SNMPX_EINVAL,
 *          SNMPX_EUSM_KEY_LENGTH, SNMPX_EUSM_AUTH_PARAMS,
 *          SNMPX_EUSM_UNKNOWN_PROTOCOL or SNMPX_EUSM_CRYPTO. */
SNMPX_EXTERN int snmpx_usm_auth_verify(snmpx_usm_auth a, const uint8_t *key,
                                       size_t key_len, const uint8_t *msg,
                                       size_t len, size_t auth_off);

/* ---- Privacy --------------------------------------------------------- */

/** Encrypt a scopedPDU.  DES and 3DES (RFC 3414 8.1.1.1): the salt and
 *  msgPrivacyParameters are |boots| || the low 32 bits of |salt|, the IV is
 *  the pre-IV XOR that, the plaintext is zero-padded to a multiple of 8.
 *  AES (RFC 3826 3.1.2.1): msgPrivacyParameters is |salt| (64-bit, big
 *  endian), the IV is |boots| || |time| || |salt|, no padding.
 *  @param key    borrowed priv key of snmpx_usm_priv_key_len(p) octets.
 *  @param out    receives snmpx_usm_priv_encrypted_len(p, len) octets;
 *                may not overlap |in|.
 *  @param priv_params receives SNMPX_USM_PRIV_PARAMS_LEN octets.
 *  @return 0; SNMPX_EINVAL, SNMPX_ENOSPACE, SNMPX_EUSM_KEY_LENGTH,
 *          SNMPX_EUSM_UNKNOWN_PROTOCOL or SNMPX_EUSM_CRYPTO. */
SNMPX_EXTERN int snmpx_usm_encrypt(snmpx_usm_priv p, const uint8_t *key,
                                   size_t key_len, uint32_t boots,
                                   uint32_t time, uint64_t salt,
                                   const uint8_t *in, size_t len,
                                   uint8_t *out, size_t out_cap,
                                   size_t *out_len, uint8_t *priv_params);

/** Decrypt an encryptedPDU.  |boots| and |time| are the message's
 *  msgAuthoritativeEngineBoots/Time (used by AES only).  The output has
 *  the ciphertext's length (DES padding is left for the BER decoder).
 *  @param priv_params borrowed msgPrivacyParameters.
 *  @param out may not overlap |in|.
 *  @return 0; SNMPX_EINVAL, SNMPX_ENOSPACE, SNMPX_EUSM_KEY_LENGTH,
 *          SNMPX_EUSM_PRIV_PARAMS (not 8 octets), SNMPX_EUSM_CIPHER_LENGTH
 *          (empty, or not a multiple of 8 for DES/3DES),
 *          SNMPX_EUSM_UNKNOWN_PROTOCOL or SNMPX_EUSM_CRYPTO. */
SNMPX_EXTERN int snmpx_usm_decrypt(snmpx_usm_priv p, const uint8_t *key,
                                   size_t key_len, uint32_t boots,
                                   uint32_t time, const uint8_t *priv_params,
                                   size_t priv_params_len, const uint8_t *in,
                                   size_t len, uint8_t *out, size_t out_cap,
                                   size_t *out_len);

#endif
