/* RFC 5591 message processing of the Transport Security Model: what the
 * engine needs (src/engine/engine_tsm.c), without certificates or OpenSSL.
 * Internal. */
#ifndef SNMPX_TSM_PROCESS_H
#define SNMPX_TSM_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <snmpx/engine.h>

/* ---- Message processing (RFC 5591) ---------------------------------- */

/** RFC 5591 snmpTsmStats. */
typedef struct snmpx__tsm_counters {
  uint64_t invalid_caches;             /* snmpTsmInvalidCaches */
  uint64_t inadequate_security_levels; /* snmpTsmInadequateSecurityLevels */
  uint64_t unknown_prefixes;           /* snmpTsmUnknownPrefixes */
  uint64_t invalid_prefixes;           /* snmpTsmInvalidPrefixes */
} snmpx__tsm_counters;

/** Longest securityName TSM hands on: SnmpAdminString (SIZE(0..32)) of
 *  RFC 3411, plus a prefix of up to 4 characters and ':'. */
#define SNMPX__TSM_NAME_MAX (32 + 5)

/** The prefix of a transport domain (RFC 5591 5.2 step 3, RFC 6353 10):
 *  "tls" for snmpTLSTCPDomain, "dtls" for snmpDTLSUDPDomain, "ssh" for
 *  snmpSSHDomain.  |prefix| is what the transport names its domain by.
 *  @return true when it is one of those. */
bool snmpx__tsm_prefix_is_known(const char *prefix);

/** RFC 5591 4.2 (outgoing message): the tmSecurityName for a message sent
 *  with |name| over the transport of |prefix|.  Without |use_prefix| it is
 *  |name|.  With it, |name| must start with "<prefix>:" and the prefix is
 *  removed.  *|out| points into |name|.
 *  @return 0; SNMPX_ETSM_UNKNOWN_PREFIX (|prefix| is not known: counted in
 *  unknown_prefixes); SNMPX_ETSM_INVALID_PREFIX (|name| lacks the prefix,
 *  or has another, or the prefix is not 1..4 characters: counted in
 *  invalid_prefixes). */
int snmpx__tsm_outgoing_name(snmpx__tsm_counters *c, bool use_prefix,
                             const char *prefix, const uint8_t *name,
                             size_t len, const uint8_t **out,
                             size_t *out_len);

/** RFC 5591 5.2 (incoming message) steps 2-4: check the transport's state
 *  |tm| and derive the securityName of a message that asks for |level|,
 *  into name[0..cap) (not NUL-terminated), *|name_len| its length.
 *  @return 0; SNMPX_ETSM_INVALID_CACHE (no |tm|, or no tmSecurityName:
 *  invalid_caches); SNMPX_ETSM_UNKNOWN_PREFIX (use_prefix and the domain's
 *  prefix is not known: unknown_prefixes); SNMPX_ETSM_INADEQUATE_LEVEL
 *  (|level| above tm->level: inadequate_security_levels; the caller sends
 *  the Report, RFC 5591 5.2 step 4); SNMPX_ENOSPACE. */
int snmpx__tsm_incoming_name(snmpx__tsm_counters *c, bool use_prefix,
                             const snmpx_tm_state *tm, snmpx_seclevel level,
                             uint8_t *name, size_t cap, size_t *name_len);

#endif
