/* RFC 5591 elements of procedure that need no certificate: transport
 * prefixes, the securityLevel check, the snmpTsmStats counters. */
#include <string.h>

#include "internal.h"
#include "tsm/tsm_process.h"

/* RFC 5591 3.1.1 and the prefixes registered for the transport domains
 * (RFC 5592 ssh, RFC 6353 tls and dtls). */
static const char *const known_prefixes[] = {"tls", "dtls", "ssh"};

bool snmpx__tsm_prefix_is_known(const char *prefix)
{
  if (!prefix)
    return false;
  for (size_t i = 0; i < sizeof(known_prefixes) / sizeof(*known_prefixes);
       i++)
    if (strcmp(prefix, known_prefixes[i]) == 0)
      return true;
  return false;
}

int snmpx__tsm_outgoing_name(snmpx__tsm_counters *c, bool use_prefix,
                             const char *prefix, const uint8_t *name,
                             size_t len, const uint8_t **out,
                             size_t *out_len)
{
  size_t plen;

  if (!c || (!name && len) || !out || !out_len)
    return SNMPX_EINVAL;
  /* RFC 5591 4.2 step 2: without the prefix option, tmSecurityName is the
   * securityName. */
  if (!use_prefix) {
    *out = name;
    *out_len = len;
    return 0;
  }
  /* "If the prefix lookup fails for any reason, then the
   * snmpTsmUnknownPrefixes counter is incremented". */
  if (!snmpx__tsm_prefix_is_known(prefix)) {
    c->unknown_prefixes++;
    return SNMPX_ETSM_UNKNOWN_PREFIX;
  }
  /* "If the lookup succeeds, but there is no prefix in the securityName,
   * or the prefix returned does not match the prefix in the securityName,
   * or the length of the prefix is less than 1 or greater than 4 US-ASCII
   * alpha-numeric characters, then the snmpTsmInvalidPrefixes counter is
   * incremented". */
  plen = strlen(prefix);
  if (plen < 1 || plen > 4 || len <= plen || name[plen] != ':' ||
      memcmp(name, prefix, plen) != 0) {
    c->invalid_prefixes++;
    return SNMPX_ETSM_INVALID_PREFIX;
  }
  /* "Strip the transport-specific prefix and trailing ':' character". */
  *out = name + plen + 1;
  *out_len = len - plen - 1;
  return 0;
}

int snmpx__tsm_incoming_name(snmpx__tsm_counters *c, bool use_prefix,
                             const snmpx_tm_state *tm, snmpx_seclevel level,
                             uint8_t *name, size_t cap, size_t *name_len)
{
  size_t need, plen = 0;

  if (!c || !name || !name_len)
    return SNMPX_EINVAL;
  /* RFC 5591 5.2 step 2: a tmStateReference without the transport's
   * values (here: no state, or no tmSecurityName). */
  if (!tm || !tm->security_name || tm->security_name_len == 0) {
    c->invalid_caches++;
    return SNMPX_ETSM_INVALID_CACHE;
  }
  /* Step 3: the securityName, with the prefix when configured. */
  if (use_prefix) {
    if (!snmpx__tsm_prefix_is_known(tm->transport_prefix)) {
      c->unknown_prefixes++;
      return SNMPX_ETSM_UNKNOWN_PREFIX;
    }
    plen = strlen(tm->transport_prefix);
    if (plen < 1 || plen > 4) { /* cannot happen with the known ones */
      c->invalid_prefixes++;
      return SNMPX_ETSM_INVALID_PREFIX;
    }
  }
  need = (plen ? plen + 1 : 0) + tm->security_name_len;
  if (need > cap)
    return SNMPX_ENOSPACE;
  /* Step 4: "If securityLevel specifies privacy (Priv) and
   * tmTransportSecurityLevel specifies no privacy (noPriv), or if
   * securityLevel specifies authentication (auth) and
   * tmTransportSecurityLevel specifies no authentication (noAuth) ... the
   * snmpTsmInadequateSecurityLevels counter is incremented". */
  if ((int)level > (tm->level ? (int)tm->level : SNMPX_SECLEVEL_NOAUTH)) {
    c->inadequate_security_levels++;
    return SNMPX_ETSM_INADEQUATE_LEVEL;
  }
  if (plen) {
    memcpy(name, tm->transport_prefix, plen);
    name[plen] = ':';
    plen++;
  }
  memcpy(name + plen, tm->security_name, tm->security_name_len);
  *name_len = need;
  return 0;
}
