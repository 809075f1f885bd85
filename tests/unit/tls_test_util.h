/* Certificates made at test time (OpenSSL's API, EC P-256 keys) in a
 * temporary directory, for the TLS and TSM tests.  Nothing is committed:
 * each run makes fresh ones. */
#ifndef SNMPX_TLS_TEST_UTIL_H
#define SNMPX_TLS_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

typedef struct tt_cert {
  EVP_PKEY *key;
  X509 *x;
  char cert_path[512];
  char key_path[512];
} tt_cert;

typedef struct tt_spec {
  const char *cn;
  const char *san;       /* "DNS:a.example,IP:192.0.2.1,email:u@X.org"... */
  long not_before;       /* seconds from now */
  long not_after;
  bool ca;
} tt_spec;

static char tt_dir[256];

static void tt_cleanup(void)
{
  char cmd[300];

  if (tt_dir[0]) {
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tt_dir);
    if (system(cmd) != 0)
      fprintf(stderr, "could not remove %s\n", tt_dir);
  }
}

static const char *tt_tmpdir(void)
{
  if (!tt_dir[0]) {
    snprintf(tt_dir, sizeof(tt_dir), "/tmp/snmpx-tls-XXXXXX");
    if (!mkdtemp(tt_dir))
      abort();
    atexit(tt_cleanup);
  }
  return tt_dir;
}

static void tt_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
  X509V3_CTX v3;
  X509_EXTENSION *ext;

  X509V3_set_ctx(&v3, issuer, x, NULL, NULL, 0);
  ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
  if (!ext)
    abort();
  X509_add_ext(x, ext, -1);
  X509_EXTENSION_free(ext);
}

/* Make |name|.pem and |name|.key under the temporary directory: signed by
 * |issuer| (NULL: self-signed).  |subdir| (may be NULL) is made first. */
static void tt_make_in(tt_cert *c, const char *subdir, const char *name,
                       const tt_spec *sp, const tt_cert *issuer)
{
  static long serial = 1;
  const char *dir = tt_tmpdir();
  char where[400];
  X509_NAME *nm;
  FILE *f;

  memset(c, 0, sizeof(*c));
  c->key = EVP_EC_gen("P-256");
  c->x = X509_new();
  if (!c->key || !c->x)
    abort();
  X509_set_version(c->x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(c->x), serial++);
  X509_gmtime_adj(X509_getm_notBefore(c->x), sp->not_before);
  X509_gmtime_adj(X509_getm_notAfter(c->x), sp->not_after);
  X509_set_pubkey(c->x, c->key);
  nm = X509_get_subject_name(c->x);
  X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_ASC,
                             (const unsigned char *)sp->cn, -1, -1, 0);
  X509_set_issuer_name(c->x, issuer ? X509_get_subject_name(issuer->x) : nm);
  tt_ext(c->x, issuer ? issuer->x : c->x, NID_basic_constraints,
         sp->ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  tt_ext(c->x, issuer ? issuer->x : c->x, NID_subject_key_identifier, "hash");
  if (sp->ca)
    tt_ext(c->x, c->x, NID_key_usage, "critical,keyCertSign,cRLSign");
  if (sp->san)
    tt_ext(c->x, issuer ? issuer->x : c->x, NID_subject_alt_name, sp->san);
  if (!X509_sign(c->x, issuer ? issuer->key : c->key, EVP_sha256()))
    abort();
  snprintf(where, sizeof(where), "%s%s%s", dir, subdir ? "/" : "",
           subdir ? subdir : "");
  if (subdir) {
    char cmd[500];
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", where);
    if (system(cmd) != 0)
      abort();
  }
  snprintf(c->cert_path, sizeof(c->cert_path), "%s/%s.pem", where, name);
  snprintf(c->key_path, sizeof(c->key_path), "%s/%s.key", where, name);
  f = fopen(c->cert_path, "w");
  if (!f || !PEM_write_X509(f, c->x))
    abort();
  fclose(f);
  f = fopen(c->key_path, "w");
  if (!f || !PEM_write_PrivateKey(f, c->key, NULL, NULL, 0, NULL, NULL))
    abort();
  fclose(f);
}

static inline void tt_make(tt_cert *c, const char *name, const tt_spec *sp,
                    const tt_cert *issuer)
{
  tt_make_in(c, NULL, name, sp, issuer);
}

static inline void tt_free(tt_cert *c)
{
  X509_free(c->x);
  EVP_PKEY_free(c->key);
  memset(c, 0, sizeof(*c));
}

/* DER of |c|'s certificate: OPENSSL_free it. */
static inline size_t tt_der(const tt_cert *c, uint8_t **der)
{
  int n;

  *der = NULL;
  n = i2d_X509(c->x, der);
  if (n <= 0)
    abort();
  return (size_t)n;
}

#endif
