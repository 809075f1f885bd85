/* What tsm_cert.c and tsm_conf.c share: the certificate index and the
 * configuration read.  Internal to src/tsm. */
#ifndef SNMPX_TSM_PRIV_H
#define SNMPX_TSM_PRIV_H

#include <openssl/x509.h>

#include "tsm/tsm.h"

#define TSM_FP_MAX 64 /* SHA-512 */

/* One certificate file of the indexed directories (or named by path).
 * Indexing keeps its DER and hashes it (a fingerprint is a digest of the
 * DER); the X509 is decoded only when something needs it (OpenSSL 3
 * spends over a million instructions decoding one RSA certificate, and a
 * one-shot tool indexes every file of its directories). */
typedef struct tsm_cert {
  char *path;
  char *name;        /* file name without directory */
  uint8_t *der;
  size_t der_len;
  X509 *x;           /* NULL until snmpx__tsm_cert_x509 */
  uint8_t sha1[20];  /* Net-SNMP's index key */
  signed char is_ca; /* -1 not known yet; snmpx__tsm_cert_is_ca */
  char *key_path;    /* tls/private/NAME.key beside it; NULL: none found */
} tsm_cert;

/* |c|'s X509, decoded on first use.  NULL: not a certificate after all. */
X509 *snmpx__tsm_cert_x509(tsm_cert *c);
/* X509_check_ca of |c|: may be a trustCert by file name. */
bool snmpx__tsm_cert_is_ca(tsm_cert *c);

/* One certSecName line (an snmpTlstmCertToTSNEntry). */
typedef struct tsm_map {
  uint32_t priority;
  int hash;                 /* SNMPX__TSM_HASH_* */
  uint8_t fp[TSM_FP_MAX];
  size_t fp_len;
  snmpx__tsm_map_type type;
  char name[33];            /* --sn NAME */
} tsm_map;

struct snmpx__tsm {
  tsm_cert *certs;
  size_t n_certs, cap_certs;
  char **key_files;         /* every key file indexed (tls/private) */
  size_t n_keys, cap_keys;
  tsm_map *maps;            /* sorted by priority */
  size_t n_maps;
  char *local_cert, *peer_cert, *server_cert, *client_cert;
  char **trust;             /* trustCert SPECs */
  size_t n_trust;
  bool use_prefix;
  /* Storage lent to snmpx__tsm_tls_config's result. */
  char *cfg_cert, *cfg_key;
  char **cfg_cas;
  size_t n_cfg_cas;
  X509_STORE *trusted;      /* CA certificates of trustCert, for mapping */
  snmpx__tlstm_counters tlstm;
};

/* The certificate SPEC names: fingerprint, else file name with or without
 * extension, else a path (added to the index).  NULL: none. */
tsm_cert *snmpx__tsm_find(snmpx__tsm *t, const char *spec);
/* Every CA certificate whose file name is SPEC (with or without
 * extension); *n their number.  Returns a malloc'd array or NULL. */
tsm_cert **snmpx__tsm_find_all(snmpx__tsm *t, const char *spec, size_t *n);
/* Rebuild t->trusted from the trustCert lines. */
int snmpx__tsm_trust_store(snmpx__tsm *t, char *err, size_t cap);

#endif
