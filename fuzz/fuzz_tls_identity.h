/* A self-signed server certificate and key made once, at first use, in
 * a temporary directory removed at exit: for the fuzz targets that run a
 * TLS server (fuzz_tls_session.c, fuzz_stream_conn.c).  Include once per
 * target, after <stdbool.h>. */
#ifndef SNMPX_FUZZ_TLS_IDENTITY_H
#define SNMPX_FUZZ_TLS_IDENTITY_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

static char dir[64];
static char cert_path[128], key_path[128];

static void cleanup(void)
{
  unlink(cert_path);
  unlink(key_path);
  rmdir(dir);
}

/* A self-signed P-256 certificate for the server. */
static bool make_identity(void)
{
  EVP_PKEY *k = EVP_EC_gen("P-256");
  X509 *x = X509_new();
  FILE *f;
  bool ok = false;

  snprintf(dir, sizeof(dir), "/tmp/snmpx-fuzz-tls-XXXXXX");
  if (!k || !x || !mkdtemp(dir))
    goto out;
  snprintf(cert_path, sizeof(cert_path), "%s/srv.pem", dir);
  snprintf(key_path, sizeof(key_path), "%s/srv.key", dir);
  atexit(cleanup);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600L * 24 * 365);
  X509_set_pubkey(x, k);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC,
                             (const unsigned char *)"fuzz", -1, -1, 0);
  X509_set_issuer_name(x, X509_get_subject_name(x));
  if (!X509_sign(x, k, EVP_sha256()))
    goto out;
  if ((f = fopen(cert_path, "w")) == NULL)
    goto out;
  ok = PEM_write_X509(f, x) == 1;
  fclose(f);
  if (ok && (f = fopen(key_path, "w")) != NULL) {
    ok = PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL) == 1;
    fclose(f);
  }
out:
  X509_free(x);
  EVP_PKEY_free(k);
  return ok;
}

#endif
