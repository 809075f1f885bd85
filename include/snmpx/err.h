/* snmpx: library error codes.  Every function that can fail returns an int:
 * >= 0 on success, a negative SNMPX_E* code on failure.  SNMP protocol errors
 * from an agent (noSuchName, tooBig...) are data in a PDU, never these. */
#ifndef SNMPX_ERR_H
#define SNMPX_ERR_H

#include "common.h"

/* Ranges: -1..-99 generic, -100 BER, -200 message/PDU, -300 USM,
 * -400 transport, -500 MIB, -600 OID, -700 manager, -800 agent/VACM,
 * -850 notifications.  -900 and below are fatal.
 * Once released, a code's value and meaning never change. */
#define SNMPX_ERR_MAP(X)                                                      \
  X(SNMPX_EINVAL, -1, "invalid argument")                                     \
  X(SNMPX_ENOMEM, -2, "out of memory")                                        \
  X(SNMPX_EAGAIN, -3, "would block; retry later")                             \
  X(SNMPX_ENOSPACE, -4, "output buffer too small")                            \
  X(SNMPX_ETIMEDOUT, -5, "timeout: no response")                              \
  X(SNMPX_ECANCELED, -6, "request canceled")                                  \
  X(SNMPX_ENOTFOUND, -7, "not found")                                         \
  X(SNMPX_ETOOMANY, -8, "too many outstanding requests")                      \
  X(SNMPX_EBER_TRUNCATED, -100, "BER value runs past end of input")           \
  X(SNMPX_EBER_NONMINIMAL, -101, "non-minimal BER encoding")                  \
  X(SNMPX_EBER_TAG, -102, "unexpected BER tag")                               \
  X(SNMPX_EBER_LENGTH, -103, "bad BER length")                                \
  X(SNMPX_EBER_INDEFINITE, -104, "indefinite BER length not allowed")         \
  X(SNMPX_EBER_RANGE, -105, "BER integer out of range")                       \
  X(SNMPX_EBER_DEPTH, -106, "BER nesting too deep")                           \
  X(SNMPX_EBER_TRAILING, -107, "trailing bytes after BER value")              \
  X(SNMPX_EBER_OID, -108, "malformed BER object identifier")                  \
  X(SNMPX_EMSG_VERSION, -200, "unsupported SNMP message version")             \
  X(SNMPX_EMSG_PDU_TYPE, -201, "unknown or misplaced PDU type")               \
  X(SNMPX_EMSG_TOOBIG, -202, "message too big for buffer or msgMaxSize")      \
  X(SNMPX_EMSG_TOO_MANY_VARBINDS, -203, "too many varbinds")                  \
  X(SNMPX_EMSG_VALUE_TYPE, -204, "value type not allowed here")               \
  X(SNMPX_EMSG_SECMODEL, -205, "unsupported security model")                  \
  X(SNMPX_EUSM_UNKNOWN_PROTOCOL, -300, "unsupported USM protocol")            \
  X(SNMPX_EUSM_KEY_LENGTH, -301, "USM key has the wrong length")              \
  X(SNMPX_EUSM_PRIV_PARAMS, -302, "bad msgPrivacyParameters length")         \
  X(SNMPX_EUSM_WRONG_DIGEST, -303, "USM authentication failed")               \
  X(SNMPX_EUSM_CIPHER_LENGTH, -304, "encrypted data length is not valid")     \
  X(SNMPX_EUSM_AUTH_PARAMS, -305, "msgAuthenticationParameters out of place") \
  X(SNMPX_EUSM_CRYPTO, -306, "cryptographic library failure")                 \
  X(SNMPX_EUSM_ENGINE_ID, -307, "snmpEngineID length not 1..32 octets")       \
  X(SNMPX_EUSM_UNKNOWN_ENGINE_ID, -310, "Unknown engine ID")                  \
  X(SNMPX_EUSM_UNKNOWN_USER, -311, "Unknown user name")                       \
  X(SNMPX_EUSM_UNSUPPORTED_SECLEVEL, -312, "Unsupported security level")      \
  X(SNMPX_EUSM_NOT_IN_TIME_WINDOW, -313, "Not in time window")                \
  X(SNMPX_EUSM_DECRYPTION_ERROR, -314, "Decryption error")                    \
  X(SNMPX_EREPORT, -315, "Report PDU received")                               \
  X(SNMPX_EUSM_DISCOVERY_TIMEOUT, -316, "no answer to engine ID discovery")    \
  X(SNMPX_EUSM_ANSWER_AUTH, -317, "answer failed USM authentication")         \
  X(SNMPX_ETRANSPORT, -400, "transport error")                                \
  X(SNMPX_EADDR, -401, "cannot parse or resolve transport address")           \
  X(SNMPX_ESOCKET, -402, "socket error")                                      \
  X(SNMPX_ENODOMAIN, -403, "transport domain not available")                  \
  X(SNMPX_ETLS, -420, "TLS/DTLS protocol failure")                            \
  X(SNMPX_ETLS_CERT, -421, "peer certificate refused")                        \
  X(SNMPX_ETLS_CLOSED, -422, "TLS/DTLS session closed by the peer")           \
  X(SNMPX_ETLS_CONFIG, -423, "certificate, key or TLS setting unusable")      \
  X(SNMPX_ETSM_INVALID_CACHE, -430, "TSM: no transport security state")       \
  X(SNMPX_ETSM_UNKNOWN_PREFIX, -431, "TSM: unknown transport prefix")         \
  X(SNMPX_ETSM_INVALID_PREFIX, -432, "TSM: securityName prefix invalid")      \
  X(SNMPX_ETSM_INADEQUATE_LEVEL, -433,                                        \
    "TSM: transport cannot give the securityLevel")                           \
  X(SNMPX_ETSM_NO_SECNAME, -434, "TSM: no certSecName maps the certificate")  \
  X(SNMPX_ETSM_NAME_MISMATCH, -435,                                           \
    "TSM: answer came on another securityName's session")                     \
  X(SNMPX_EMIB_NOMODULE, -500, "MIB module not found")                    \
  X(SNMPX_EMIB_SYNTAX, -501, "MIB module has syntax errors")                \
  X(SNMPX_EMIB_IO, -502, "cannot read MIB file")                            \
  X(SNMPX_EMIB_UNKNOWN, -503, "unknown object identifier name")             \
  X(SNMPX_EMIB_CACHE, -504, "MIB cache missing, stale or corrupt")          \
  X(SNMPX_EMIB_BADTYPE, -505, "value of another type than the MIB object's") \
  X(SNMPX_EMIB_RANGE, -506, "value outside the MIB object's range or size")  \
  X(SNMPX_EOID_SYNTAX, -600, "malformed object identifier")                   \
  X(SNMPX_EOID_TOOLONG, -601, "object identifier has too many sub-ids")       \
  X(SNMPX_EOID_BADPREFIX, -602, "object identifier is not under the prefix")  \
  X(SNMPX_EOID_BADINDEX, -603, "table index does not decode")                 \
  X(SNMPX_EOID_ARC_RANGE, -604, "sub-identifier out of range")                \
  X(SNMPX_EWALK_NOT_INCREASING, -700, "OID not increasing")                   \
  X(SNMPX_EAGENT_ERROR, -701, "agent returned an error-status")               \
  X(SNMPX_EMIB_OVERLAP, -800, "MIB registration overlaps an existing one")    \
  X(SNMPX_EAGENT_BAD_COMMUNITY, -801, "unknown community: request dropped")   \
  X(SNMPX_EAGENT_UNKNOWN_CONTEXT, -802, "unknown context: request dropped")   \
  X(SNMPX_EAGENT_PDU_TYPE, -803, "not a request PDU: dropped")                \
  X(SNMPX_EAGENT_NO_ANSWER, -804, "no answer fits: request dropped")          \
  X(SNMPX_EAGENT_DUPLICATE, -805,                                             \
    "retransmission of a request still being answered: dropped")              \
  X(SNMPX_EVACM_MASK, -810, "view mask longer than 16 octets")                \
  X(SNMPX_ESNMPREC_SYNTAX, -820, "malformed .snmprec line")                   \
  X(SNMPX_ESNMPREC_TYPE, -821, "unknown .snmprec type tag")                   \
  X(SNMPX_ESNMPREC_VALUE, -822, "bad .snmprec value for its type")            \
  X(SNMPX_ENOTIFY_FORMAT, -850,                                               \
    "notification lacks sysUpTime.0 and snmpTrapOID.0 first")                 \
  X(SNMPX_ENOTIFY_COUNTER64, -851,                                            \
    "Counter64 cannot be carried by an SNMPv1 trap")                          \
  X(SNMPX_ENOTIFY_GENERIC, -852, "generic-trap not in 0..6")                  \
  X(SNMPX_ENOTIFY_NOT_TRAP, -853, "PDU is not a notification")                \
  X(SNMPX_EFATAL, -900, "object unusable; free it")

typedef enum snmpx_err {
#define SNMPX_ERR_ENUM_(name, value, text) name = value,
  SNMPX_ERR_MAP(SNMPX_ERR_ENUM_)
#undef SNMPX_ERR_ENUM_
  SNMPX_OK = 0
} snmpx_err;

/** Human-readable text for |code|; "unknown error" for codes not in the map.
 *  @return a static string, never NULL. */
SNMPX_EXTERN const char *snmpx_strerror(int code);

/** The symbolic name of |code| ("SNMPX_EINVAL"); "SNMPX_OK" for 0 and
 *  "SNMPX_E?" for unknown codes.  @return a static string, never NULL. */
SNMPX_EXTERN const char *snmpx_errname(int code);

/** True when |code| leaves the object unusable (it may only be freed). */
SNMPX_EXTERN bool snmpx_err_is_fatal(int code);

#endif
