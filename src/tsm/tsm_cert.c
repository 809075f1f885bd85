/* Certificates for RFC 6353: Net-SNMP's directories, fingerprints, the
 * certSecName mapping to tmSecurityName, and the checks of a peer after
 * its handshake.  Facts about Net-SNMP's behaviour (directory layout, file
 * extensions, fingerprint spelling, lookup order) are from its
 * snmplib/cert_util.c, snmp_openssl.c and transports/snmpTLSBaseDomain.c;
 * nothing is copied. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "internal.h"
#include "tsm/tsm_priv.h"

/* ---- Fingerprints ------------------------------------------------------ */

static const EVP_MD *hash_md(int hash)
{
  switch (hash) {
  case SNMPX__TSM_HASH_SHA1:
    return EVP_sha1();
  case SNMPX__TSM_HASH_SHA224:
    return EVP_sha224();
  case SNMPX__TSM_HASH_SHA256:
    return EVP_sha256();
  case SNMPX__TSM_HASH_SHA384:
    return EVP_sha384();
  case SNMPX__TSM_HASH_SHA512:
    return EVP_sha512();
  default:
    return NULL; /* md5: Net-SNMP refuses it too */
  }
}

int snmpx__tsm_hash_parse(const char *name)
{
  static const struct {
    const char *name;
    int hash;
  } names[] = {{"sha1", SNMPX__TSM_HASH_SHA1},
               {"sha224", SNMPX__TSM_HASH_SHA224},
               {"sha256", SNMPX__TSM_HASH_SHA256},
               {"sha384", SNMPX__TSM_HASH_SHA384},
               {"sha512", SNMPX__TSM_HASH_SHA512}};

  for (size_t i = 0; name && i < sizeof(names) / sizeof(*names); i++)
    if (strcasecmp(name, names[i].name) == 0)
      return names[i].hash;
  return SNMPX_EINVAL;
}

int snmpx__tsm_hash_len(int hash)
{
  const EVP_MD *md = hash_md(hash);
  return md ? EVP_MD_get_size(md) : SNMPX_EINVAL;
}

static int x509_fp(X509 *x, int hash, uint8_t *out, size_t cap)
{
  const EVP_MD *md = hash_md(hash);
  unsigned int n = 0;
  uint8_t buf[EVP_MAX_MD_SIZE];

  if (!md || !x)
    return SNMPX_EINVAL;
  if (!X509_digest(x, md, buf, &n))
    return SNMPX_ETLS_CERT;
  if (n > cap)
    return SNMPX_ENOSPACE;
  memcpy(out, buf, n);
  return (int)n;
}

static X509 *der_x509(const uint8_t *der, size_t len)
{
  const unsigned char *p = der;

  if (!der || len == 0 || len > INT32_MAX)
    return NULL;
  return d2i_X509(NULL, &p, (long)len);
}

/* Is |der| one DER SEQUENCE filling |len| exactly (the outer shape of a
 * certificate), without decoding it? */
static bool der_is_sequence(const uint8_t *der, size_t len)
{
  size_t n, hdr;

  if (!der || len < 2 || der[0] != 0x30)
    return false;
  if (der[1] < 0x80) {
    n = der[1];
    hdr = 2;
  } else {
    size_t k = der[1] & 0x7f;
    if (k == 0 || k > sizeof(size_t) || len < 2 + k)
      return false;
    n = 0;
    for (size_t i = 0; i < k; i++)
      n = (n << 8) | der[2 + i];
    hdr = 2 + k;
  }
  return n == len - hdr;
}

/* RFC 6353 SnmpTLSFingerprint: a digest of the certificate's DER, the
 * same octets X509_digest hashes, taken without decoding it. */
int snmpx__tsm_fingerprint(const uint8_t *der, size_t len, int hash,
                           uint8_t *out, size_t cap)
{
  const EVP_MD *md = hash_md(hash);
  unsigned int n = 0;
  uint8_t buf[EVP_MAX_MD_SIZE];

  if (!out || !md)
    return SNMPX_EINVAL;
  if (!der_is_sequence(der, len))
    return SNMPX_ETLS_CERT;
  if (!EVP_Digest(der, len, buf, &n, md, NULL))
    return SNMPX_ETLS_CERT;
  if (n > cap)
    return SNMPX_ENOSPACE;
  memcpy(out, buf, n);
  return (int)n;
}

int snmpx__tsm_fp_format(const uint8_t *fp, size_t len, char *out,
                         size_t cap)
{
  static const char hex[] = "0123456789abcdef";

  if (!out || cap < 2 * len + 1)
    return SNMPX_ENOSPACE;
  for (size_t i = 0; i < len; i++) {
    out[2 * i] = hex[fp[i] >> 4];
    out[2 * i + 1] = hex[fp[i] & 15];
  }
  out[2 * len] = '\0';
  return (int)(2 * len);
}

static int hexval(int c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  c = tolower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Net-SNMP lowercases a fingerprint and drops every ':'
 * (netsnmp_fp_lowercase_and_strip_colon): "AB:cd:01" is "abcd01". */
int snmpx__tsm_fp_parse(const char *text, uint8_t *out, size_t cap)
{
  size_t n = 0;
  int hi = -1;

  if (!text || !out || !*text)
    return SNMPX_EINVAL;
  for (const char *p = text; *p; p++) {
    int v;
    if (*p == ':')
      continue;
    v = hexval((unsigned char)*p);
    if (v < 0)
      return SNMPX_EINVAL;
    if (hi < 0) {
      hi = v;
      continue;
    }
    if (n == cap)
      return SNMPX_ENOSPACE;
    out[n++] = (uint8_t)(hi << 4 | v);
    hi = -1;
  }
  return hi >= 0 || n == 0 ? SNMPX_EINVAL : (int)n;
}

/* ---- The certificate index --------------------------------------------- */

snmpx__tsm *snmpx__tsm_new(void)
{
  return calloc(1, sizeof(snmpx__tsm));
}

static void free_strv(char **v, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free(v[i]);
  free(v);
}

void snmpx__tsm_free(snmpx__tsm *t)
{
  if (!t)
    return;
  for (size_t i = 0; i < t->n_certs; i++) {
    free(t->certs[i].path);
    free(t->certs[i].key_path);
    free(t->certs[i].der);
    X509_free(t->certs[i].x);
  }
  free(t->certs);
  free_strv(t->key_files, t->n_keys);
  free(t->maps);
  free(t->local_cert);
  free(t->peer_cert);
  free(t->server_cert);
  free(t->client_cert);
  free_strv(t->trust, t->n_trust);
  free(t->cfg_cert);
  free(t->cfg_key);
  free_strv(t->cfg_cas, t->n_cfg_cas);
  X509_STORE_free(t->trusted);
  free(t);
}

snmpx__tlstm_counters *snmpx__tsm_tlstm(snmpx__tsm *t)
{
  return t ? &t->tlstm : NULL;
}

bool snmpx__tsm_use_prefix(const snmpx__tsm *t)
{
  return t && t->use_prefix;
}

/* The extensions Net-SNMP indexes (cert_util.c's "cert_types"). */
static bool is_cert_ext(const char *ext)
{
  static const char *const exts[] = {"pem", "crt", "cer", "cert", "der"};
  for (size_t i = 0; i < sizeof(exts) / sizeof(*exts); i++)
    if (strcasecmp(ext, exts[i]) == 0)
      return true;
  return false;
}

static bool is_key_ext(const char *ext)
{
  return strcasecmp(ext, "key") == 0 || strcasecmp(ext, "private") == 0 ||
         strcasecmp(ext, "pem") == 0;
}

static const char *base_name(const char *path)
{
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

/* Does file name |name| answer to |spec|: the same, or |spec| followed by
 * '.' and a certificate or key extension ("snmpd" is snmpd.crt, not
 * snmpd2.crt). */
static bool name_matches(const char *name, const char *spec, bool key)
{
  size_t n = strlen(spec);

  if (strcmp(name, spec) == 0)
    return true;
  if (strncmp(name, spec, n) != 0 || name[n] != '.')
    return false;
  return key ? is_key_ext(name + n + 1) : is_cert_ext(name + n + 1);
}

/* The first certificate block of the PEM in |b| (a file may hold a key
 * and certificates in any order, as PEM_read_X509 reads it), copied to a
 * malloc'd buffer.  *|pem| tells whether |b| held PEM at all.  NULL: no
 * certificate block. */
static uint8_t *pem_first_cert(BIO *b, size_t *len, bool *pem)
{
  uint8_t *der = NULL;

  *pem = false;
  for (int blocks = 0; !der && blocks < 64; blocks++) {
    char *name = NULL, *header = NULL;
    unsigned char *data = NULL;
    long n = 0;
    if (PEM_read_bio(b, &name, &header, &data, &n) != 1) {
      ERR_clear_error();
      break;
    }
    *pem = true;
    if (n > 0 && (strcmp(name, PEM_STRING_X509) == 0 ||
                  strcmp(name, PEM_STRING_X509_OLD) == 0) &&
        (der = malloc((size_t)n)) != NULL) {
      memcpy(der, data, (size_t)n);
      *len = (size_t)n;
    }
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
  }
  return der;
}

/* The DER of the certificate in file |path|: its first PEM certificate
 * block, or the whole file as DER, not decoded.  *|len| its length.
 * NULL: not such a file. */
static uint8_t *read_cert_der(const char *path, size_t *len)
{
  BIO *b = BIO_new_file(path, "rb");
  uint8_t *der = NULL;
  bool pem;

  if (!b)
    return NULL;
  der = pem_first_cert(b, len, &pem);
  if (!der && !pem) {
    /* Not PEM: the whole file as DER (at most 64 KiB). */
    uint8_t buf[65536];
    int got;
    if (BIO_reset(b) == 0 && (got = BIO_read(b, buf, sizeof(buf))) > 0 &&
        (der = malloc((size_t)got)) != NULL) {
      memcpy(der, buf, (size_t)got);
      *len = (size_t)got;
    }
  }
  BIO_free(b);
  if (der && !der_is_sequence(der, *len)) {
    free(der);
    der = NULL;
  }
  return der;
}

X509 *snmpx__tsm_cert_x509(tsm_cert *c)
{
  if (!c->x)
    c->x = der_x509(c->der, c->der_len);
  return c->x;
}

bool snmpx__tsm_cert_is_ca(tsm_cert *c)
{
  if (c->is_ca < 0) {
    X509 *x = snmpx__tsm_cert_x509(c);
    c->is_ca = x && X509_check_ca(x) == 1;
  }
  return c->is_ca == 1;
}

static char *dup_str(const char *s)
{
  return s ? strdup(s) : NULL;
}

/* Index one certificate file.  Returns it, or NULL (not a certificate,
 * out of memory). */
static tsm_cert *add_cert(snmpx__tsm *t, const char *path)
{
  size_t len = 0;
  uint8_t *der = read_cert_der(path, &len);
  tsm_cert *c;

  if (!der)
    return NULL;
  if (t->n_certs == t->cap_certs) {
    size_t cap = t->cap_certs ? 2 * t->cap_certs : 16;
    tsm_cert *n = realloc(t->certs, cap * sizeof(*n));
    if (!n) {
      free(der);
      return NULL;
    }
    t->certs = n;
    t->cap_certs = cap;
  }
  c = &t->certs[t->n_certs];
  memset(c, 0, sizeof(*c));
  c->path = strdup(path);
  if (!c->path ||
      snmpx__tsm_fingerprint(der, len, SNMPX__TSM_HASH_SHA1, c->sha1,
                             sizeof(c->sha1)) != 20) {
    free(c->path);
    free(der);
    return NULL;
  }
  c->name = (char *)base_name(c->path);
  c->der = der;
  c->der_len = len;
  c->is_ca = -1;
  t->n_certs++;
  return c;
}

static int add_key_file(snmpx__tsm *t, const char *path)
{
  if (t->n_keys == t->cap_keys) {
    size_t cap = t->cap_keys ? 2 * t->cap_keys : 16;
    char **n = realloc(t->key_files, cap * sizeof(*n));
    if (!n)
      return SNMPX_ENOMEM;
    t->key_files = n;
    t->cap_keys = cap;
  }
  t->key_files[t->n_keys] = strdup(path);
  if (!t->key_files[t->n_keys])
    return SNMPX_ENOMEM;
  t->n_keys++;
  return 0;
}

static int name_cmp(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Index the files of one directory, in name order (so a lookup that two
 * files answer is stable). */
static int add_dir(snmpx__tsm *t, const char *dir, bool keys)
{
  DIR *d = opendir(dir);
  struct dirent *de;
  char **names = NULL, path[4096];
  size_t n = 0, cap = 0;
  int count = 0;

  if (!d)
    return 0;
  while ((de = readdir(d)) != NULL) {
    const char *dot = strrchr(de->d_name, '.');
    if (de->d_name[0] == '.' || !dot ||
        !(keys ? is_key_ext(dot + 1) : is_cert_ext(dot + 1)))
      continue;
    if (n == cap) {
      char **nn = realloc(names, (cap = cap ? 2 * cap : 16) * sizeof(*nn));
      if (!nn)
        break;
      names = nn;
    }
    if (!(names[n] = strdup(de->d_name)))
      break;
    n++;
  }
  closedir(d);
  if (n)
    qsort(names, n, sizeof(*names), name_cmp);
  for (size_t i = 0; i < n; i++) {
    int len = snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
    if (len < 0 || (size_t)len >= sizeof(path))
      continue; /* a path too long to open: skipped like an unreadable one */
    if (keys) {
      if (add_key_file(t, path) < 0)
        count = SNMPX_ENOMEM;
    } else if (count >= 0 && add_cert(t, path)) {
      count++;
    }
  }
  free_strv(names, n);
  return count;
}

/* Net-SNMP's layout under each configuration directory:
 * tls/{ca-certs,certs,private}. */
int snmpx__tsm_add_confdir(snmpx__tsm *t, const char *confdir)
{
  static const char *const sub[] = {"ca-certs", "certs"};
  char dir[4096];
  int total = 0, n;

  if (!t || !confdir)
    return SNMPX_EINVAL;
  for (size_t i = 0; i < 2; i++) {
    snprintf(dir, sizeof(dir), "%s/tls/%s", confdir, sub[i]);
    if ((n = add_dir(t, dir, false)) < 0)
      return n;
    total += n;
  }
  snprintf(dir, sizeof(dir), "%s/tls/private", confdir);
  n = add_dir(t, dir, true);
  return n < 0 ? n : total;
}

tsm_cert *snmpx__tsm_find(snmpx__tsm *t, const char *spec)
{
  uint8_t fp[TSM_FP_MAX];
  struct stat st;
  int n;

  if (!t || !spec || !*spec)
    return NULL;
  /* Net-SNMP (netsnmp_cert_find, NS_CERTKEY_MULTIPLE): the fingerprint
   * first, so a file cannot be named to shadow one; then the file name. */
  n = snmpx__tsm_fp_parse(spec, fp, sizeof(fp));
  if (n == 20)
    for (size_t i = 0; i < t->n_certs; i++)
      if (memcmp(t->certs[i].sha1, fp, 20) == 0)
        return &t->certs[i];
  for (size_t i = 0; i < t->n_certs; i++)
    if (name_matches(t->certs[i].name, spec, false))
      return &t->certs[i];
  /* snmpx: a path to a file outside the directories. */
  if (strchr(spec, '/') && stat(spec, &st) == 0 && S_ISREG(st.st_mode)) {
    for (size_t i = 0; i < t->n_certs; i++)
      if (strcmp(t->certs[i].path, spec) == 0)
        return &t->certs[i];
    return add_cert(t, spec);
  }
  return NULL;
}

tsm_cert **snmpx__tsm_find_all(snmpx__tsm *t, const char *spec, size_t *n)
{
  tsm_cert **v = NULL;

  *n = 0;
  for (size_t i = 0; i < t->n_certs; i++) {
    if (!name_matches(t->certs[i].name, spec, false) ||
        !snmpx__tsm_cert_is_ca(&t->certs[i]))
      continue;
    tsm_cert **nv = realloc(v, (*n + 1) * sizeof(*nv));
    if (!nv)
      break;
    v = nv;
    v[(*n)++] = &t->certs[i];
  }
  return v;
}

/* The certificates a trustCert SPEC names (cert_util.c's order): a CA by
 * fingerprint, else every CA file of that name, else any certificate. */
static int trust_spec(snmpx__tsm *t, const char *spec, tsm_cert ***out,
                      size_t *n)
{
  uint8_t fp[TSM_FP_MAX];
  tsm_cert *c;

  *out = NULL;
  *n = 0;
  if (snmpx__tsm_fp_parse(spec, fp, sizeof(fp)) == 20)
    for (size_t i = 0; i < t->n_certs; i++)
      if (memcmp(t->certs[i].sha1, fp, 20) == 0 &&
          snmpx__tsm_cert_is_ca(&t->certs[i])) {
        c = &t->certs[i];
        goto one;
      }
  *out = snmpx__tsm_find_all(t, spec, n);
  if (*n)
    return 0;
  c = snmpx__tsm_find(t, spec);
  if (!c)
    return SNMPX_ENOTFOUND;
one:
  *out = malloc(sizeof(**out));
  if (!*out)
    return SNMPX_ENOMEM;
  (*out)[0] = c;
  *n = 1;
  return 0;
}

int snmpx__tsm_trust_store(snmpx__tsm *t, char *err, size_t cap)
{
  X509_STORE_free(t->trusted);
  free_strv(t->cfg_cas, t->n_cfg_cas);
  t->cfg_cas = NULL;
  t->n_cfg_cas = 0;
  t->trusted = X509_STORE_new();
  if (!t->trusted)
    return SNMPX_ENOMEM;
  if (t->n_trust) {
    t->cfg_cas = calloc(t->n_trust * 8 + 1, sizeof(char *));
    if (!t->cfg_cas)
      return SNMPX_ENOMEM;
  }
  for (size_t i = 0; i < t->n_trust; i++) {
    tsm_cert **v;
    size_t n;
    int rv = trust_spec(t, t->trust[i], &v, &n);
    if (rv < 0) {
      if (err)
        snprintf(err, cap, "trustCert %s: no such certificate",
                 t->trust[i]);
      return rv == SNMPX_ENOTFOUND ? SNMPX_ETLS_CONFIG : rv;
    }
    for (size_t j = 0; j < n && t->n_cfg_cas < t->n_trust * 8; j++) {
      X509 *x = snmpx__tsm_cert_x509(v[j]);
      if (x)
        X509_STORE_add_cert(t->trusted, x);
      t->cfg_cas[t->n_cfg_cas] = dup_str(v[j]->path);
      if (t->cfg_cas[t->n_cfg_cas])
        t->n_cfg_cas++;
    }
    free(v);
  }
  return 0;
}

/* The private key of |c|: a file of the same name in tls/private (Net-SNMP
 * pairs them so), else NAME.key beside the certificate, else the
 * certificate's own file when it holds a key too. */
static char *key_for(snmpx__tsm *t, const tsm_cert *c)
{
  char stem[1024], path[4096];
  const char *dot = strrchr(c->name, '.');
  size_t len = dot ? (size_t)(dot - c->name) : strlen(c->name);
  struct stat st;
  FILE *f;
  EVP_PKEY *k;

  snprintf(stem, sizeof(stem), "%.*s", (int)len, c->name);
  for (size_t i = 0; i < t->n_keys; i++)
    if (name_matches(base_name(t->key_files[i]), stem, true))
      return strdup(t->key_files[i]);
  snprintf(path, sizeof(path), "%.*s.key",
           (int)(strlen(c->path) - strlen(c->name) + len), c->path);
  if (stat(path, &st) == 0)
    return strdup(path);
  f = fopen(c->path, "r");
  if (!f)
    return NULL;
  k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
  fclose(f);
  if (!k)
    return NULL;
  EVP_PKEY_free(k);
  return strdup(c->path);
}

/* The peer's certificate as configured: peerCert, else the deprecated
 * serverCert (cert_util.c's NS_CERT_REMOTE_PEER default). */
static const char *peer_spec(const snmpx__tsm *t)
{
  return t->peer_cert ? t->peer_cert : t->server_cert;
}

bool snmpx__tsm_is_known(void *tsm, const uint8_t *der, size_t len)
{
  snmpx__tsm *t = tsm;
  uint8_t fp[TSM_FP_MAX];
  X509 *x = der_x509(der, len);
  bool known = false;
  tsm_cert *peer;

  if (!t || !x)
    goto out;
  if (x509_fp(x, SNMPX__TSM_HASH_SHA1, fp, sizeof(fp)) != 20)
    goto out;
  for (size_t i = 0; i < t->n_certs && !known; i++)
    known = memcmp(t->certs[i].sha1, fp, 20) == 0;
  if (!known && peer_spec(t) && (peer = snmpx__tsm_find(t, peer_spec(t))))
    known = memcmp(peer->sha1, fp, 20) == 0;
  /* RFC 6353 5.3.2: a client is also verified by a fingerprint of the
   * snmpTlstmCertToTSNTable. */
  for (size_t i = 0; i < t->n_maps && !known; i++) {
    uint8_t mfp[TSM_FP_MAX];
    int n = x509_fp(x, t->maps[i].hash, mfp, sizeof(mfp));
    known = n > 0 && (size_t)n == t->maps[i].fp_len &&
            memcmp(mfp, t->maps[i].fp, (size_t)n) == 0;
  }
out:
  X509_free(x);
  return known;
}

int snmpx__tsm_tls_config(snmpx__tsm *t, bool server, bool dtls,
                          const char *local_spec, const char *default_name,
                          snmpx__tls_config *cfg, char *err, size_t cap)
{
  const char *spec = local_spec;
  tsm_cert *c;
  int rv;

  if (!t || !cfg)
    return SNMPX_EINVAL;
  if (err && cap)
    err[0] = '\0';
  /* cert_util.c's identity lookup: localCert, then the deprecated
   * serverCert/clientCert of the role, then the application's name. */
  if (!spec)
    spec = t->local_cert;
  if (!spec)
    spec = server ? t->server_cert : t->client_cert;
  if (!spec)
    spec = default_name;
  c = spec ? snmpx__tsm_find(t, spec) : NULL;
  if (!c) {
    if (err)
      snprintf(err, cap, "localCert %s: no such certificate",
               spec ? spec : "(none configured)");
    return SNMPX_ENOTFOUND;
  }
  free(t->cfg_key);
  t->cfg_key = key_for(t, c);
  if (!t->cfg_key) {
    if (err)
      snprintf(err, cap, "localCert %s: no private key for %s", spec,
               c->path);
    return SNMPX_ENOTFOUND;
  }
  free(t->cfg_cert);
  t->cfg_cert = strdup(c->path);
  if (!t->cfg_cert)
    return SNMPX_ENOMEM;
  if ((rv = snmpx__tsm_trust_store(t, err, cap)) < 0)
    return rv;
  memset(cfg, 0, sizeof(*cfg));
  cfg->server = server;
  cfg->dtls = dtls;
  cfg->cert_file = t->cfg_cert;
  cfg->key_file = t->cfg_key;
  cfg->ca_files = (const char *const *)t->cfg_cas;
  cfg->n_ca_files = t->n_cfg_cas;
  cfg->known = snmpx__tsm_is_known;
  cfg->known_ud = t;
  return 0;
}

/* ---- Checks after a handshake ----------------------------------------- */

int snmpx__tsm_check_server(snmpx__tsm *t, const char *target_spec,
                            const char *hostname, const uint8_t *der,
                            size_t len)
{
  X509 *x = der_x509(der, len);
  uint8_t fp[TSM_FP_MAX], want[TSM_FP_MAX];
  const char *spec = target_spec ? target_spec : (t ? peer_spec(t) : NULL);
  bool ok = false;

  if (!t || !x) {
    X509_free(x);
    return SNMPX_EINVAL;
  }
  if (spec) {
    /* RFC 6353 5.3.1 step 2 (snmpTlstmAddrServerFingerprint): the
     * certificate named, or the fingerprint given. */
    tsm_cert *c = snmpx__tsm_find(t, spec);
    int n = c ? 20 : snmpx__tsm_fp_parse(spec, want, sizeof(want));
    if (c)
      memcpy(want, c->sha1, 20);
    ok = n == 20 && x509_fp(x, SNMPX__TSM_HASH_SHA1, fp, sizeof(fp)) == 20 &&
         memcmp(fp, want, 20) == 0;
  } else if (hostname && *hostname) {
    /* snmpTlstmAddrServerIdentity: the host the target names, as
     * Net-SNMP checks it (no partial wildcards), or its address. */
    ok = X509_check_host(x, hostname, 0,
                         X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, NULL) == 1 ||
         X509_check_ip_asc(x, hostname, 0) == 1;
  }
  X509_free(x);
  if (!ok) {
    t->tlstm.unknown_server_certificate++;
    return SNMPX_ETLS_CERT;
  }
  return 0;
}

static char *lower(char *s)
{
  for (char *p = s; p && *p; p++)
    *p = (char)tolower((unsigned char)*p);
  return s;
}

/* RFC 6353 snmpTlstmCertToTSNMapType: the subjectAltName value of the
 * wanted kind, as text.  rfc822Name: the host part lowercased; dNSName:
 * lowercased; iPAddress: dotted decimal (IPv4) or 32 lowercase hex digits
 * (IPv6).  "--any" takes the first of the three found. */
static char *san_name(X509 *x, snmpx__tsm_map_type type)
{
  GENERAL_NAMES *names = X509_get_ext_d2i(x, NID_subject_alt_name, NULL,
                                          NULL);
  char *out = NULL;

  for (int i = 0; names && !out && i < sk_GENERAL_NAME_num(names); i++) {
    const GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
    bool any = type == SNMPX__TSM_MAP_ANY;
    if (g->type == GEN_EMAIL && (any || type == SNMPX__TSM_MAP_RFC822)) {
      const char *v = (const char *)ASN1_STRING_get0_data(g->d.rfc822Name);
      char *at;
      if (!v || !strchr(v, '@'))
        continue;
      out = strdup(v);
      at = out ? strchr(out, '@') : NULL;
      if (at)
        lower(at);
    } else if (g->type == GEN_DNS && (any || type == SNMPX__TSM_MAP_DNS)) {
      out = lower(dup_str((const char *)ASN1_STRING_get0_data(g->d.dNSName)));
    } else if (g->type == GEN_IPADD && (any || type == SNMPX__TSM_MAP_IP)) {
      const uint8_t *ip = ASN1_STRING_get0_data(g->d.iPAddress);
      int n = ASN1_STRING_length(g->d.iPAddress);
      char buf[40];
      if (n == 4)
        snprintf(buf, sizeof(buf), "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
      else if (n == 16)
        snmpx__tsm_fp_format(ip, 16, buf, sizeof(buf));
      else
        continue;
      out = strdup(buf);
    }
  }
  GENERAL_NAMES_free(names);
  return out;
}

static char *cn_name(X509 *x)
{
  X509_NAME *nm = X509_get_subject_name(x);
  int i = X509_NAME_get_index_by_NID(nm, NID_commonName, -1);
  unsigned char *utf8 = NULL;
  char *out;

  if (i < 0 ||
      ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(
                                     X509_NAME_get_entry(nm, i))) < 0)
    return NULL;
  out = strdup((char *)utf8);
  OPENSSL_free(utf8);
  return out;
}

static char *map_name(const tsm_map *m, X509 *leaf)
{
  switch (m->type) {
  case SNMPX__TSM_MAP_SPECIFIED:
    return strdup(m->name);
  case SNMPX__TSM_MAP_CN:
    return cn_name(leaf);
  default:
    return san_name(leaf, m->type);
  }
}

/* The chain of |leaf| as this side sees it: the verified path to a trusted
 * CA (the certificates the peer sent only help build it), else the leaf
 * alone (a self-signed certificate known by fingerprint). */
static STACK_OF(X509) *full_chain(snmpx__tsm *t, X509 *leaf,
                                  STACK_OF(X509) *sent)
{
  X509_STORE_CTX *xs = X509_STORE_CTX_new();
  STACK_OF(X509) *chain = NULL;

  if (xs && t->trusted && X509_STORE_CTX_init(xs, t->trusted, leaf, sent) &&
      X509_verify_cert(xs) == 1)
    chain = X509_STORE_CTX_get1_chain(xs);
  X509_STORE_CTX_free(xs);
  if (!chain) {
    /* No path to a trusted CA: the leaf alone (accepted by its
     * fingerprint, snmpx__tsm_is_known).  The other certificates the
     * peer sent are verified by nothing, and a certificate is public:
     * RFC 6353 5.3.2 matches certSecName against the verified path, so
     * they must not name the client (else a client could append anyone's
     * certificate and be mapped to that row). */
    chain = sk_X509_new_null();
    if (chain && X509_up_ref(leaf) && !sk_X509_push(chain, leaf))
      X509_free(leaf);
  }
  return chain;
}

static bool chain_has(STACK_OF(X509) *chain, const tsm_map *m)
{
  for (int i = 0; i < sk_X509_num(chain); i++) {
    uint8_t fp[TSM_FP_MAX];
    int n = x509_fp(sk_X509_value(chain, i), m->hash, fp, sizeof(fp));
    if (n > 0 && (size_t)n == m->fp_len && memcmp(fp, m->fp, m->fp_len) == 0)
      return true;
  }
  return false;
}

int snmpx__tsm_accept_client(snmpx__tsm *t, const uint8_t *const *ders,
                             const size_t *lens, size_t n, char *name,
                             size_t cap)
{
  STACK_OF(X509) *sent = NULL, *chain = NULL;
  X509 *leaf;
  int rv = SNMPX_ETSM_NO_SECNAME;

  if (!t || !ders || !lens || n == 0 || !name || cap == 0)
    return SNMPX_EINVAL;
  leaf = der_x509(ders[0], lens[0]);
  sent = sk_X509_new_null();
  if (!leaf || !sent) {
    rv = leaf ? SNMPX_ENOMEM : SNMPX_EINVAL;
    goto out;
  }
  for (size_t i = 1; i < n; i++) {
    X509 *x = der_x509(ders[i], lens[i]);
    if (x && !sk_X509_push(sent, x))
      X509_free(x);
  }
  if (!t->trusted && snmpx__tsm_trust_store(t, NULL, 0) < 0) {
    rv = SNMPX_ENOMEM;
    goto out;
  }
  chain = full_chain(t, leaf, sent);
  /* RFC 6353 5.3.2 and snmpTlstmCertToTSNTable: entries in priority
   * order; the first whose fingerprint is in the chain and whose map
   * yields a name wins.  Names over 32 octets are passed over (Net-SNMP
   * drops them too). */
  for (size_t i = 0; chain && i < t->n_maps; i++) {
    char *s;
    if (!chain_has(chain, &t->maps[i]))
      continue;
    s = map_name(&t->maps[i], leaf);
    if (s && *s && strlen(s) <= 32 && strlen(s) < cap) {
      strcpy(name, s);
      rv = (int)strlen(s);
      free(s);
      break;
    }
    free(s);
  }
out:
  if (rv == SNMPX_ETSM_NO_SECNAME)
    t->tlstm.invalid_client_certificates++;
  sk_X509_pop_free(chain, X509_free);
  sk_X509_pop_free(sent, X509_free);
  X509_free(leaf);
  return rv;
}
