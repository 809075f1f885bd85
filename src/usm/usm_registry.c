/* USM protocol registry: names in the spellings users bring from other
 * tools, usmUser protocol OIDs, and the lengths each protocol uses. */
#include <strings.h>

#include "usm_crypto.h"

typedef struct auth_info {
  const char *name;        /* Net-SNMP's spelling */
  size_t digest_len;
  size_t mac_len;          /* RFC 3414 6, 7; RFC 7860 4.2.1 */
  const char *aliases[5];  /* gosnmp, pysnmp, python-snmp, others */
} auth_info;

static const auth_info AUTHS[SNMPX_USM_AUTH_COUNT] = {
  {"none", 0, 0, {"usmNoAuthProtocol", "NoAuth", "noauth", NULL}},
  {"MD5", 16, 12, {"usmHMACMD5AuthProtocol", "HmacMd5", "HMAC-MD5-96",
                   "HMAC-MD5", NULL}},
  {"SHA", 20, 12, {"usmHMACSHAAuthProtocol", "HmacSha", "SHA1", "SHA-1",
                   "HMAC-SHA-96"}},
  {"SHA-224", 28, 16, {"SHA224", "usmHMAC128SHA224AuthProtocol",
                       "HmacSha224", "HMAC-SHA-224", NULL}},
  {"SHA-256", 32, 24, {"SHA256", "usmHMAC192SHA256AuthProtocol",
                       "HmacSha256", "HMAC-SHA-256", NULL}},
  {"SHA-384", 48, 32, {"SHA384", "usmHMAC256SHA384AuthProtocol",
                       "HmacSha384", "HMAC-SHA-384", NULL}},
  {"SHA-512", 64, 48, {"SHA512", "usmHMAC384SHA512AuthProtocol",
                       "HmacSha512", "HMAC-SHA-512", NULL}},
};

typedef struct priv_info {
  const char *name;        /* Net-SNMP's spelling */
  size_t key_len;
  const char *aliases[6];
} priv_info;

/* pysnmp's usmAesCfb192Protocol and usmAesCfb256Protocol are the Reeder
 * (Cisco) key extension, its usmAesBlumenthalCfb*Protocol the Blumenthal
 * one, which Net-SNMP calls plain AES-192/AES-256 (see PEERS.md).  The
 * python-snmp style names Aes192Cfb/Aes256Cfb follow Net-SNMP. */
static const priv_info PRIVS[SNMPX_USM_PRIV_COUNT] = {
  {"none", 0, {"usmNoPrivProtocol", "NoPriv", NULL}},
  {"DES", 16, {"usmDESPrivProtocol", "DesCbc", "DES-CBC", "CBC-DES", NULL}},
  {"3DES", 32, {"usm3DESEDEPrivProtocol", "DesEde", "3DES-EDE", "3DESEDE",
                "TripleDes", "DesEdeCbc"}},
  {"AES", 16, {"AES-128", "AES128", "usmAesCfb128Protocol", "Aes128Cfb",
               "AES-128-CFB", "AesCfb128"}},
  {"AES-192", 24, {"AES192", "usmAesBlumenthalCfb192Protocol", "Aes192Cfb",
                   "AES-192-CFB", NULL}},
  {"AES-256", 32, {"AES256", "usmAesBlumenthalCfb256Protocol", "Aes256Cfb",
                   "AES-256-CFB", NULL}},
  {"AES-192-C", 24, {"AES192C", "usmAesCfb192Protocol", "Aes192CfbCisco",
                     "AES-192-Cisco", NULL}},
  {"AES-256-C", 32, {"AES256C", "usmAesCfb256Protocol", "Aes256CfbCisco",
                     "AES-256-Cisco", NULL}},
};

/* RFC 3414 5 (usmNoAuthProtocol...), RFC 7860 4.3 (SHA-2). */
static const uint32_t AUTH_OIDS[SNMPX_USM_AUTH_COUNT][10] = {
  {1, 3, 6, 1, 6, 3, 10, 1, 1, 1}, {1, 3, 6, 1, 6, 3, 10, 1, 1, 2},
  {1, 3, 6, 1, 6, 3, 10, 1, 1, 3}, {1, 3, 6, 1, 6, 3, 10, 1, 1, 4},
  {1, 3, 6, 1, 6, 3, 10, 1, 1, 5}, {1, 3, 6, 1, 6, 3, 10, 1, 1, 6},
  {1, 3, 6, 1, 6, 3, 10, 1, 1, 7},
};

/* RFC 3414 (none, DES), draft-reeder 3DES (.3), RFC 3826 (.4).  AES-192/256
 * have no IETF OID.  Net-SNMP registers the Blumenthal ones under its
 * enterprise arc as draft-blumenthal-aes-usm-04 proposed
 * (usmAES192PrivProtocol 1.3.6.1.4.1.14832.1.3, usmAES256PrivProtocol .4)
 * and the Reeder ones under Cisco's (cusmAESCfb192PrivProtocol
 * 1.3.6.1.4.1.9.12.6.1.1, cusmAESCfb256PrivProtocol .2); pysnmp uses the
 * same two Cisco OIDs for its Reeder classes.  We follow them so that
 * usmUserPrivProtocol values read from such agents map back. */
static const uint32_t PRIV_OIDS[SNMPX_USM_PRIV_COUNT][11] = {
  {1, 3, 6, 1, 6, 3, 10, 1, 2, 1},   {1, 3, 6, 1, 6, 3, 10, 1, 2, 2},
  {1, 3, 6, 1, 6, 3, 10, 1, 2, 3},   {1, 3, 6, 1, 6, 3, 10, 1, 2, 4},
  {1, 3, 6, 1, 4, 1, 14832, 1, 3},   {1, 3, 6, 1, 4, 1, 14832, 1, 4},
  {1, 3, 6, 1, 4, 1, 9, 12, 6, 1, 1}, {1, 3, 6, 1, 4, 1, 9, 12, 6, 1, 2},
};
static const size_t PRIV_OID_LENS[SNMPX_USM_PRIV_COUNT] = {10, 10, 10, 10,
                                                           9,  9,  11, 11};

static bool auth_valid(snmpx_usm_auth a)
{
  return (unsigned)a < SNMPX_USM_AUTH_COUNT;
}

static bool priv_valid(snmpx_usm_priv p)
{
  return (unsigned)p < SNMPX_USM_PRIV_COUNT;
}

static bool name_matches(const char *name, const char *primary,
                         const char *const *aliases, size_t n_aliases)
{
  if (strcasecmp(name, primary) == 0)
    return true;
  for (size_t i = 0; i < n_aliases && aliases[i] != NULL; i++)
    if (strcasecmp(name, aliases[i]) == 0)
      return true;
  return false;
}

int snmpx_usm_auth_from_name(const char *name, snmpx_usm_auth *out)
{
  if (name == NULL || out == NULL)
    return SNMPX_EINVAL;
  for (size_t i = 0; i < SNMPX_USM_AUTH_COUNT; i++) {
    const auth_info *ai = &AUTHS[i];
    if (name_matches(name, ai->name, ai->aliases, 5)) {
      *out = (snmpx_usm_auth)i;
      return 0;
    }
  }
  return SNMPX_EUSM_UNKNOWN_PROTOCOL;
}

int snmpx_usm_priv_from_name(const char *name, snmpx_usm_priv *out)
{
  if (name == NULL || out == NULL)
    return SNMPX_EINVAL;
  for (size_t i = 0; i < SNMPX_USM_PRIV_COUNT; i++) {
    const priv_info *pi = &PRIVS[i];
    if (name_matches(name, pi->name, pi->aliases, 6)) {
      *out = (snmpx_usm_priv)i;
      return 0;
    }
  }
  return SNMPX_EUSM_UNKNOWN_PROTOCOL;
}

const char *snmpx_usm_auth_name(snmpx_usm_auth a)
{
  return auth_valid(a) ? AUTHS[a].name : "?";
}

const char *snmpx_usm_priv_name(snmpx_usm_priv p)
{
  return priv_valid(p) ? PRIVS[p].name : "?";
}

int snmpx_usm_auth_oid(snmpx_usm_auth a, snmpx_oidv *out)
{
  if (out == NULL)
    return SNMPX_EINVAL;
  if (!auth_valid(a))
    return SNMPX_EUSM_UNKNOWN_PROTOCOL;
  out->arcs = AUTH_OIDS[a];
  out->len = 10;
  return 0;
}

int snmpx_usm_priv_oid(snmpx_usm_priv p, snmpx_oidv *out)
{
  if (out == NULL)
    return SNMPX_EINVAL;
  if (!priv_valid(p))
    return SNMPX_EUSM_UNKNOWN_PROTOCOL;
  out->arcs = PRIV_OIDS[p];
  out->len = PRIV_OID_LENS[p];
  return 0;
}

static bool arcs_equal(snmpx_oidv o, const uint32_t *arcs, size_t len)
{
  return o.len == len && memcmp(o.arcs, arcs, len * sizeof(*arcs)) == 0;
}

int snmpx_usm_auth_from_oid(snmpx_oidv oid, snmpx_usm_auth *out)
{
  if (out == NULL || (oid.arcs == NULL && oid.len > 0))
    return SNMPX_EINVAL;
  for (size_t i = 0; i < SNMPX_USM_AUTH_COUNT; i++) {
    if (arcs_equal(oid, AUTH_OIDS[i], 10)) {
      *out = (snmpx_usm_auth)i;
      return 0;
    }
  }
  return SNMPX_EUSM_UNKNOWN_PROTOCOL;
}

int snmpx_usm_priv_from_oid(snmpx_oidv oid, snmpx_usm_priv *out)
{
  if (out == NULL || (oid.arcs == NULL && oid.len > 0))
    return SNMPX_EINVAL;
  for (size_t i = 0; i < SNMPX_USM_PRIV_COUNT; i++) {
    if (arcs_equal(oid, PRIV_OIDS[i], PRIV_OID_LENS[i])) {
      *out = (snmpx_usm_priv)i;
      return 0;
    }
  }
  return SNMPX_EUSM_UNKNOWN_PROTOCOL;
}

size_t snmpx_usm_auth_digest_len(snmpx_usm_auth a)
{
  return auth_valid(a) ? AUTHS[a].digest_len : 0;
}

size_t snmpx_usm_auth_mac_len(snmpx_usm_auth a)
{
  return auth_valid(a) ? AUTHS[a].mac_len : 0;
}

size_t snmpx_usm_priv_key_len(snmpx_usm_priv p)
{
  return priv_valid(p) ? PRIVS[p].key_len : 0;
}

size_t snmpx_usm_priv_params_len(snmpx_usm_priv p)
{
  return priv_valid(p) && p != SNMPX_USM_PRIV_NONE ? SNMPX_USM_PRIV_PARAMS_LEN
                                                   : 0;
}

size_t snmpx_usm_priv_encrypted_len(snmpx_usm_priv p, size_t len)
{
  switch (p) {
  case SNMPX_USM_PRIV_DES:
  case SNMPX_USM_PRIV_3DES:
    /* RFC 3414 8.1.1.2: pad to a multiple of the 8-octet block. */
    return len > SIZE_MAX - 7 ? 0 : (len + 7) / 8 * 8;
  case SNMPX_USM_PRIV_NONE:
    return 0;
  default:
    return priv_valid(p) ? len : 0;
  }
}
