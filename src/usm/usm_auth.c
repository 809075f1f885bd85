/* USM message authentication: HMAC (RFC 2104) over a message whose
 * msgAuthenticationParameters are taken as zeros, truncated as RFC 3414 6/7
 * and RFC 7860 4.2 say. */
#include "usm_crypto.h"

/* HMAC of the concatenation of |msg| pieces into |out| (digest length),
 * with a key prepared for this call only. */
static int hmac_iov(snmpx_usm_auth a, const uint8_t *key, size_t key_len,
                    const snmpx__usm_iov *msg, size_t n, uint8_t *out)
{
  snmpx__usm_hmac h;
  int rv = snmpx__usm_hmac_prepare(&h, a, key, key_len);
  if (rv == 0)
    rv = snmpx__usm_hmac_run(&h, msg, n, out);
  snmpx__usm_cleanse(&h, sizeof(h));
  return rv;
}

int snmpx_usm_hmac(snmpx_usm_auth a, const uint8_t *key, size_t key_len,
                   const uint8_t *data, size_t len, uint8_t *out,
                   size_t out_cap, size_t *out_len)
{
  if ((key == NULL && key_len > 0) || (data == NULL && len > 0) ||
      out == NULL || out_len == NULL)
    return SNMPX_EINVAL;
  size_t dlen = snmpx_usm_auth_digest_len(a);
  if (dlen == 0)
    return SNMPX_EUSM_UNKNOWN_PROTOCOL;
  if (out_cap < dlen)
    return SNMPX_ENOSPACE;
  snmpx__usm_iov iov = {data, len};
  int rv = hmac_iov(a, key, key_len, &iov, 1, out);
  if (rv == 0)
    *out_len = dlen;
  return rv;
}

/* Checks shared by sign and verify; the MAC length on success. */
static int check_auth_args(snmpx_usm_auth a, const uint8_t *msg, size_t len,
                           size_t auth_off)
{
  if (msg == NULL)
    return SNMPX_EINVAL;
  size_t mac_len = snmpx_usm_auth_mac_len(a);
  if (mac_len == 0)
    return SNMPX_EUSM_UNKNOWN_PROTOCOL;
  if (auth_off > len || len - auth_off < mac_len)
    return SNMPX_EUSM_AUTH_PARAMS;
  return (int)mac_len;
}

/* The HMAC of |msg| with the |mac_len| octets at |auth_off| as zeros. */
static int mac_of(const snmpx__usm_hmac *h, const uint8_t *msg, size_t len,
                  size_t auth_off, size_t mac_len, uint8_t *out)
{
  static const uint8_t zeros[SNMPX_USM_MAX_DIGEST];
  const snmpx__usm_iov iov[3] = {
      {msg, auth_off},
      {zeros, mac_len},
      {msg + auth_off + mac_len, len - auth_off - mac_len}};
  return snmpx__usm_hmac_run(h, iov, 3, out);
}

int snmpx__usm_auth_sign_with(const snmpx__usm_hmac *h, uint8_t *msg,
                              size_t len, size_t auth_off)
{
  int rv = check_auth_args(h->auth, msg, len, auth_off);
  if (rv < 0)
    return rv;
  size_t mac_len = (size_t)rv;
  uint8_t mac[SNMPX_USM_MAX_DIGEST];
  /* RFC 3414 6.3.1 step 1: the field is zeros while the MAC is computed. */
  rv = mac_of(h, msg, len, auth_off, mac_len, mac);
  if (rv == 0)
    memcpy(msg + auth_off, mac, mac_len); /* step 3: first mac_len octets */
  snmpx__usm_cleanse(mac, sizeof(mac));
  return rv;
}

int snmpx__usm_auth_verify_with(const snmpx__usm_hmac *h, const uint8_t *msg,
                                size_t len, size_t auth_off)
{
  int rv = check_auth_args(h->auth, msg, len, auth_off);
  if (rv < 0)
    return rv;
  size_t mac_len = (size_t)rv;
  uint8_t mac[SNMPX_USM_MAX_DIGEST];
  rv = mac_of(h, msg, len, auth_off, mac_len, mac);
  /* RFC 3414 6.3.2 step 4: compare the received and computed MACs. */
  if (rv == 0 && !snmpx__usm_equal(mac, msg + auth_off, mac_len))
    rv = SNMPX_EUSM_WRONG_DIGEST;
  snmpx__usm_cleanse(mac, sizeof(mac));
  return rv;
}

/* The public sign and verify: check the key, prepare it for this one
 * message, and run the prepared path. */
static int prepare_checked(snmpx__usm_hmac *h, snmpx_usm_auth a,
                           const uint8_t *key, size_t key_len,
                           const uint8_t *msg, size_t len, size_t auth_off)
{
  if (key == NULL || msg == NULL)
    return SNMPX_EINVAL;
  if (snmpx_usm_auth_mac_len(a) == 0)
    return SNMPX_EUSM_UNKNOWN_PROTOCOL;
  if (key_len != snmpx_usm_auth_digest_len(a))
    return SNMPX_EUSM_KEY_LENGTH;
  int rv = check_auth_args(a, msg, len, auth_off);
  return rv < 0 ? rv : snmpx__usm_hmac_prepare(h, a, key, key_len);
}

int snmpx_usm_auth_sign(snmpx_usm_auth a, const uint8_t *key, size_t key_len,
                        uint8_t *msg, size_t len, size_t auth_off)
{
  snmpx__usm_hmac h;
  int rv = prepare_checked(&h, a, key, key_len, msg, len, auth_off);
  if (rv == 0)
    rv = snmpx__usm_auth_sign_with(&h, msg, len, auth_off);
  snmpx__usm_cleanse(&h, sizeof(h));
  return rv;
}

int snmpx_usm_auth_verify(snmpx_usm_auth a, const uint8_t *key, size_t key_len,
                          const uint8_t *msg, size_t len, size_t auth_off)
{
  snmpx__usm_hmac h;
  int rv = prepare_checked(&h, a, key, key_len, msg, len, auth_off);
  if (rv == 0)
    rv = snmpx__usm_auth_verify_with(&h, msg, len, auth_off);
  snmpx__usm_cleanse(&h, sizeof(h));
  return rv;
}
