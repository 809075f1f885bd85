/* The Transport Security Model (RFC 5591) and the certificate side of the
 * TLS Transport Model (RFC 6353), without sockets.
 *
 * Two halves:
 *  - message processing (tsm_process.c, no OpenSSL): the transport prefixes
 *    of snmpTsmConfigurationUsePrefix, the securityLevel check, and the
 *    snmpTsmStats counters, RFC 5591 4.2 and 5.2;
 *  - certificates (tsm_cert.c, tsm_conf.c): Net-SNMP's certificate
 *    directories and configuration words, fingerprints, the certSecName
 *    table (snmpTlstmCertToTSNTable) giving tmSecurityName, peer checks, and
 *    the snmpTlstmSessionStats counters.
 *
 * The transport (src/transport) builds its TLS contexts from a
 * snmpx__tsm (snmpx__tsm_tls_config), checks each finished handshake with
 * snmpx__tsm_check_server (client) or snmpx__tsm_accept_client (server),
 * and hands the engine an snmpx_tm_state with the tmSecurityName.
 * Internal. */
#ifndef SNMPX_TSM_H
#define SNMPX_TSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <snmpx/io.h>

#include "transport/tls_session.h"

#include "tsm/tsm_process.h"

/* ---- Fingerprints (RFC 6353 SnmpTLSFingerprint) --------------------- */

/** Hash algorithms, numbered as TLS's HashAlgorithm registry, which
 *  SnmpTLSFingerprint's first octet uses (RFC 6353 10, RFC 5246 7.4.1.4.1). */
enum {
  SNMPX__TSM_HASH_MD5 = 1,
  SNMPX__TSM_HASH_SHA1 = 2,
  SNMPX__TSM_HASH_SHA224 = 3,
  SNMPX__TSM_HASH_SHA256 = 4,
  SNMPX__TSM_HASH_SHA384 = 5,
  SNMPX__TSM_HASH_SHA512 = 6
};

/** The hash Net-SNMP's certSecName flag names: "sha1", "sha224",
 *  "sha256", "sha384", "sha512" (the word after "--").  md5 is refused, as
 *  Net-SNMP does ("hash type md5 not yet supported").
 *  @return a SNMPX__TSM_HASH_*; SNMPX_EINVAL. */
int snmpx__tsm_hash_parse(const char *name);

/** The length of |hash|'s digest.  @return it; SNMPX_EINVAL. */
int snmpx__tsm_hash_len(int hash);

/** The fingerprint of a DER certificate with |hash| into out[0..cap).
 *  @return its length; SNMPX_EINVAL; SNMPX_ENOSPACE; SNMPX_ETLS_CERT (not
 *  a certificate). */
int snmpx__tsm_fingerprint(const uint8_t *der, size_t len, int hash,
                           uint8_t *out, size_t cap);

/** Net-SNMP's spelling of a fingerprint: lowercase hex, no colons
 *  ("5e5a...").  @return the length written (NUL not counted);
 *  SNMPX_ENOSPACE. */
int snmpx__tsm_fp_format(const uint8_t *fp, size_t len, char *out,
                         size_t cap);

/** Read a fingerprint as Net-SNMP accepts it: hex digits of either case,
 *  with or without ':' between octets ("5E:5A:..", "5e5a..").
 *  @return its length in octets; SNMPX_EINVAL (not such a string);
 *  SNMPX_ENOSPACE. */
int snmpx__tsm_fp_parse(const char *text, uint8_t *out, size_t cap);

/* ---- Certificates, configuration, sessions -------------------------- */

/** certSecName map types (RFC 6353 snmpTlstmCertToTSNMapType). */
typedef enum snmpx__tsm_map_type {
  SNMPX__TSM_MAP_SPECIFIED = 1, /* --sn NAME: tlstmCertSpecified */
  SNMPX__TSM_MAP_RFC822,        /* --rfc822: tlstmCertSANRFC822Name */
  SNMPX__TSM_MAP_DNS,           /* --dns: tlstmCertSANDNSName */
  SNMPX__TSM_MAP_IP,            /* --ip: tlstmCertSANIpAddress */
  SNMPX__TSM_MAP_ANY,           /* --any: tlstmCertSANAny */
  SNMPX__TSM_MAP_CN             /* --cn: tlstmCertCommonName */
} snmpx__tsm_map_type;

/** RFC 6353 snmpTlstmSessionStats, as the transport reports to
 *  snmpx__tsm_note_* and the checks below count them: the public
 *  snmpx_tlstm_stats of the io. */
typedef snmpx_tlstm_stats snmpx__tlstm_counters;

typedef struct snmpx__tsm snmpx__tsm;

/** A TSM configuration with no words read and no directory indexed.
 *  @return it, or NULL (out of memory). */
snmpx__tsm *snmpx__tsm_new(void);

/** Free |t|.  NULL is a no-op. */
void snmpx__tsm_free(snmpx__tsm *t);

/** Index Net-SNMP's certificate directories under the configuration
 *  directory |confdir| (one entry of SNMPCONFPATH): |confdir|/tls/certs,
 *  |confdir|/tls/ca-certs and |confdir|/tls/private (keys).  Certificate
 *  files end in .pem, .crt, .cer, .cert or .der; keys in .key, .private or
 *  .pem.  A missing directory is not an error; an unreadable certificate
 *  is skipped.  @return the number of certificates indexed; SNMPX_ENOMEM. */
int snmpx__tsm_add_confdir(snmpx__tsm *t, const char *confdir);

/** Read one configuration line of snmp.conf/snmpd.conf: |word| and the
 *  rest of the line |args|.  The words: localCert SPEC, peerCert SPEC,
 *  trustCert SPEC (repeatable), certSecName PRIORITY [--shaNN] FP-or-SPEC
 *  (--sn NAME | --rfc822 | --dns | --ip | --any | --cn),
 *  tsmUseTransportPrefix (yes|no|true|false|1|0), and the deprecated
 *  serverCert / clientCert.  A SPEC names a certificate as Net-SNMP
 *  does: its SHA-1 fingerprint, else its file name in the indexed
 *  directories with or without the extension, else (snmpx) a path.
 *  Index directories (snmpx__tsm_add_confdir) before reading certSecName
 *  and trustCert lines that name files.  On error err[0..cap) says
 *  "FILE:LINE: WORD: why" (|file| may be NULL).
 *  @return 1 (a TSM word, taken); 0 (not a TSM word); SNMPX_EINVAL (a bad
 *  line: see |err|); SNMPX_ENOMEM. */
int snmpx__tsm_conf_line(snmpx__tsm *t, const char *word, const char *args,
                         const char *file, unsigned line, char *err,
                         size_t cap);

/** snmpTsmConfigurationUsePrefix (tsmUseTransportPrefix). */
bool snmpx__tsm_use_prefix(const snmpx__tsm *t);

/** The TLS context configuration of one role: the local certificate
 *  (|local_spec|, else localCert, else serverCert (server) or clientCert
 *  (client), else the file named |default_name| as Net-SNMP falls back to
 *  its application's name), its key (the file of the same name under
 *  tls/private, or beside the certificate), the trusted CAs (trustCert),
 *  and the known-fingerprint check (snmpx__tsm_is_known).  *|cfg| borrows
 *  strings from |t|: valid until |t| is freed or read again.
 *  @return 0; SNMPX_ENOTFOUND (no such certificate or no key for it; |err|
 *  says which); SNMPX_ETLS_CONFIG (a trustCert that names nothing). */
int snmpx__tsm_tls_config(snmpx__tsm *t, bool server, bool dtls,
                          const char *local_spec, const char *default_name,
                          snmpx__tls_config *cfg, char *err, size_t cap);

/** Is this leaf certificate (DER) known by fingerprint: indexed in the
 *  certificate directories, peerCert, or a certSecName fingerprint?  The
 *  snmpx__tls_known_cb of contexts made by snmpx__tsm_tls_config. */
bool snmpx__tsm_is_known(void *tsm, const uint8_t *der, size_t len);

/** Client, after the handshake (RFC 6353 5.3.1 step 2): is the server the
 *  one meant?  |target_spec| (the target's peerCert, else peerCert or
 *  serverCert) names its certificate or fingerprint: the leaf |der| must
 *  match.
 *  Without one, |hostname| (the target's host, may be NULL) must match a
 *  dNSName/ipAddress of the certificate or its CN.
 *  @return 0; SNMPX_ETLS_CERT (a mismatch, or nothing to check against:
 *  counted in unknown_server_certificate; the caller closes the session). */
int snmpx__tsm_check_server(snmpx__tsm *t, const char *target_spec,
                            const char *hostname, const uint8_t *der,
                            size_t len);

/** Server, after the handshake (RFC 6353 5.3.2, 5.1.2 and the
 *  snmpTlstmCertToTSNTable): the tmSecurityName of the client whose
 *  presented certificates are ders[0..n) (leaf first), into name[0..cap)
 *  NUL-terminated.  The chain is completed from the trusted CAs; the
 *  certSecName entries are tried in priority order, each whose
 *  fingerprint is of a certificate of the chain; the first that yields a
 *  name of 1..32 octets wins.
 *  @return the name's length; SNMPX_ETSM_NO_SECNAME (none: counted in
 *  invalid_client_certificates; the caller closes the session);
 *  SNMPX_EINVAL; SNMPX_ENOMEM. */
int snmpx__tsm_accept_client(snmpx__tsm *t, const uint8_t *const *ders,
                             const size_t *lens, size_t n, char *name,
                             size_t cap);

/** The snmpTlstmSessionStats counters, for the transport to count opens,
 *  closes, accepts and open errors in, and for the agent's MIB. */
snmpx__tlstm_counters *snmpx__tsm_tlstm(snmpx__tsm *t);

#endif
