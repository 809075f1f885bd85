/* USM key derivation: RFC 3414 A.2 password to key, 2.6 localization, and
 * the priv key extensions of draft-blumenthal-aes-usm-04 3.1.2.1 and
 * draft-reeder-snmpv3-usm-3desede 2.1. */
#include "usm_crypto.h"

/* RFC 3414 A.2.1: the password is repeated to fill 1 MiB (2^20 octets). */
#define EXPANSION_LEN (1024u * 1024u)
#define CHUNK_LEN 16384u
#define N_CHUNKS (EXPANSION_LEN / CHUNK_LEN)

int snmpx__usm_check_engine_id(const uint8_t *engine_id, size_t len)
{
  if (engine_id == NULL)
    return SNMPX_EINVAL;
  if (len < 1 || len > SNMPX_USM_MAX_ENGINE_ID)
    return SNMPX_EUSM_ENGINE_ID;
  return 0;
}

/* The 1 MiB stream is the password repeated.  A buffer holding the password
 * repeated over |pw_len| + CHUNK_LEN octets contains every CHUNK_LEN-octet
 * window of that stream, starting at the stream offset modulo |pw_len|, so
 * the hash is fed N_CHUNKS views into one small buffer. */
int snmpx__usm_ku(const snmpx_mem *mem, snmpx_usm_auth a, const uint8_t *pw,
                  size_t pw_len, uint8_t *ku)
{
  if (pw_len == 0 || pw_len > SIZE_MAX - CHUNK_LEN)
    return SNMPX_EINVAL;
  size_t buf_len = pw_len + CHUNK_LEN;
  uint8_t *buf = snmpx__malloc(mem, buf_len);
  snmpx__usm_iov *iov = snmpx__malloc(mem, N_CHUNKS * sizeof(*iov));
  int rv = SNMPX_ENOMEM;
  if (buf != NULL && iov != NULL) {
    for (size_t i = 0; i < buf_len; i++)
      buf[i] = pw[i % pw_len];
    for (size_t k = 0; k < N_CHUNKS; k++) {
      iov[k].p = buf + (size_t)k * CHUNK_LEN % pw_len;
      iov[k].len = CHUNK_LEN;
    }
    rv = snmpx__usm_digest(a, iov, N_CHUNKS, ku);
  }
  if (buf != NULL)
    snmpx__usm_cleanse(buf, buf_len);
  snmpx__free(mem, buf);
  snmpx__free(mem, iov);
  return rv;
}

int snmpx__usm_kul(snmpx_usm_auth a, const uint8_t *ku, size_t ku_len,
                   const uint8_t *engine_id, size_t engine_id_len,
                   uint8_t *kul)
{
  const snmpx__usm_iov iov[3] = {
    {ku, ku_len}, {engine_id, engine_id_len}, {ku, ku_len}};
  return snmpx__usm_digest(a, iov, 3, kul);
}

/* draft-blumenthal-aes-usm-04 3.1.2.1: Kul' = Kul || H(Kul), repeated on
 * the whole key so far until it is long enough. */
static int extend_blumenthal(snmpx_usm_auth a, uint8_t *key, size_t *len,
                             size_t need)
{
  size_t dlen = snmpx_usm_auth_digest_len(a);
  while (*len < need) {
    uint8_t h[SNMPX_USM_MAX_DIGEST];
    snmpx__usm_iov iov = {key, *len};
    int rv = snmpx__usm_digest(a, &iov, 1, h);
    if (rv < 0)
      return rv;
    memcpy(key + *len, h, dlen);
    *len += dlen;
    snmpx__usm_cleanse(h, sizeof(h));
  }
  return 0;
}

/* draft-reeder-snmpv3-usm-3desede 2.1 (used for 3DES and, as Net-SNMP's
 * AES-192-C/AES-256-C and Cisco do, for AES): the key so far is taken as a
 * passphrase, turned into a master key and localized again; the result is
 * appended: K = K1 || localize(password_to_key(K1), engineID). */
static int extend_reeder(const snmpx_mem *mem, snmpx_usm_auth a,
                         uint8_t *key, size_t *len, size_t need,
                         const uint8_t *engine_id, size_t engine_id_len)
{
  size_t dlen = snmpx_usm_auth_digest_len(a);
  while (*len < need) {
    uint8_t ku[SNMPX_USM_MAX_DIGEST];
    int rv = snmpx__usm_ku(mem, a, key, *len, ku);
    if (rv == 0)
      rv = snmpx__usm_kul(a, ku, dlen, engine_id, engine_id_len,
                          key + *len);
    snmpx__usm_cleanse(ku, sizeof(ku));
    if (rv < 0)
      return rv;
    *len += dlen;
  }
  return 0;
}

int snmpx__usm_extend(const snmpx_mem *mem, snmpx_usm_auth a,
                      snmpx_usm_priv p, const uint8_t *kul, size_t kul_len,
                      const uint8_t *engine_id, size_t engine_id_len,
                      uint8_t *key)
{
  size_t need = snmpx_usm_priv_key_len(p);
  size_t dlen = snmpx_usm_auth_digest_len(a);
  if (need == 0 || dlen == 0)
    return SNMPX_EUSM_UNKNOWN_PROTOCOL;
  if (kul_len == 0)
    return SNMPX_EUSM_KEY_LENGTH;
  /* Room for the key plus one more digest, the most an extension step
   * overshoots by. */
  uint8_t buf[SNMPX_USM_MAX_KEY + SNMPX_USM_MAX_DIGEST];
  size_t len = kul_len < need ? kul_len : need;
  memcpy(buf, kul, len);
  int rv = 0;
  if (len < need) {
    if (p == SNMPX_USM_PRIV_AES192 || p == SNMPX_USM_PRIV_AES256)
      rv = extend_blumenthal(a, buf, &len, need);
    else if (p == SNMPX_USM_PRIV_3DES || p == SNMPX_USM_PRIV_AES192_C ||
             p == SNMPX_USM_PRIV_AES256_C)
      rv = extend_reeder(mem, a, buf, &len, need, engine_id,
                         engine_id_len);
    else
      rv = SNMPX_EUSM_KEY_LENGTH; /* DES and AES-128 never extend */
  }
  if (rv == 0)
    memcpy(key, buf, need);
  snmpx__usm_cleanse(buf, sizeof(buf));
  return rv;
}

int snmpx_usm_password_to_key(snmpx_usm_auth a, const uint8_t *password,
                              size_t password_len, uint8_t *ku,
                              size_t ku_cap, size_t *ku_len)
{
  if (password == NULL || password_len == 0 || ku == NULL || ku_len == NULL)
    return SNMPX_EINVAL;
  size_t dlen = snmpx_usm_auth_digest_len(a);
  if (dlen == 0)
    return SNMPX_EUSM_UNKNOWN_PROTOCOL;
  if (ku_cap < dlen)
    return SNMPX_ENOSPACE;
  int rv = snmpx__usm_ku(NULL, a, password, password_len, ku);
  if (rv == 0)
    *ku_len = dlen;
  return rv;
}

int snmpx_usm_localize_key(snmpx_usm_auth a, const uint8_t *ku,
                           size_t ku_len, const uint8_t *engine_id,
                           size_t engine_id_len, uint8_t *kul,
                           size_t kul_cap, size_t *kul_len)
{
  if (ku == NULL || kul == NULL || kul_len == NULL)
    return SNMPX_EINVAL;
  int rv = snmpx__usm_check_engine_id(engine_id, engine_id_len);
  if (rv < 0)
    return rv;
  size_t dlen = snmpx_usm_auth_digest_len(a);
  if (dlen == 0)
    return SNMPX_EUSM_UNKNOWN_PROTOCOL;
  if (ku_len != dlen)
    return SNMPX_EUSM_KEY_LENGTH;
  if (kul_cap < dlen)
    return SNMPX_ENOSPACE;
  rv = snmpx__usm_kul(a, ku, ku_len, engine_id, engine_id_len, kul);
  if (rv == 0)
    *kul_len = dlen;
  return rv;
}

int snmpx_usm_priv_key(snmpx_usm_auth a, snmpx_usm_priv p,
                       const uint8_t *kul, size_t kul_len,
                       const uint8_t *engine_id, size_t engine_id_len,
                       uint8_t *key, size_t key_cap, size_t *key_len)
{
  if (kul == NULL || key == NULL || key_len == NULL)
    return SNMPX_EINVAL;
  int rv = snmpx__usm_check_engine_id(engine_id, engine_id_len);
  if (rv < 0)
    return rv;
  size_t need = snmpx_usm_priv_key_len(p);
  if (need == 0 || snmpx_usm_auth_digest_len(a) == 0)
    return SNMPX_EUSM_UNKNOWN_PROTOCOL;
  if (key_cap < need)
    return SNMPX_ENOSPACE;
  rv = snmpx__usm_extend(NULL, a, p, kul, kul_len, engine_id, engine_id_len,
                         key);
  if (rv == 0)
    *key_len = need;
  return rv;
}
