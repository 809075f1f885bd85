/* The Transport Security Model (src/tsm): RFC 5591 prefixes, levels and
 * counters; fingerprints as Net-SNMP spells them; Net-SNMP's certificate
 * directories and configuration words; certSecName mapping; the peer
 * checks after a handshake, and one handshake end to end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tls_test_util.h"
#include "tsm/tsm.h"

#define DAY (24L * 3600)

static tt_cert ca, agent, mgr, mgr6, longname, self;
static char confdir[400];

static void move_key(tt_cert *c, const char *name)
{
  char to[512];

  if (snprintf(to, sizeof(to), "%s/tls/private/%s.key", confdir, name) >=
      (int)sizeof(to))
    abort();
  if (rename(c->key_path, to) != 0)
    abort();
  memcpy(c->key_path, to, sizeof(to));
}

static int setup(void **state)
{
  tt_spec ca_sp = {"TSM CA", NULL, -DAY, DAY, true};
  tt_spec agent_sp = {"agent.example", "DNS:Agent.Example,IP:127.0.0.1",
                      -DAY, DAY, false};
  tt_spec mgr_sp = {"mgr-cn", "email:Ops@Example.ORG,DNS:MGR.example.net,"
                              "IP:192.0.2.7",
                    -DAY, DAY, false};
  tt_spec mgr6_sp = {"v6", "IP:2001:db8::1", -DAY, DAY, false};
  tt_spec long_sp = {"a-common-name-that-is-longer-than-thirty-two", NULL,
                     -DAY, DAY, false};
  tt_spec self_sp = {"selfie", "DNS:self.example", -DAY, DAY, false};

  snprintf(confdir, sizeof(confdir), "%s/conf", tt_tmpdir());
  tt_make_in(&ca, "conf/tls/ca-certs", "ca", &ca_sp, NULL);
  tt_make_in(&agent, "conf/tls/certs", "agent", &agent_sp, &ca);
  tt_make_in(&mgr, "conf/tls/certs", "mgr", &mgr_sp, &ca);
  tt_make_in(&mgr6, NULL, "mgr6", &mgr6_sp, &ca);
  tt_make_in(&longname, NULL, "long", &long_sp, &ca);
  tt_make_in(&self, NULL, "self", &self_sp, NULL);
  tt_cert unused;
  tt_make_in(&unused, "conf/tls/private", "unused", &self_sp, NULL);
  tt_free(&unused);
  unlink(ca.key_path); /* a CA's key is not handed out with it */
  move_key(&agent, "agent");
  move_key(&mgr, "mgr");
  (void)state;
  return 0;
}

static int teardown(void **state)
{
  tt_free(&ca);
  tt_free(&agent);
  tt_free(&mgr);
  tt_free(&mgr6);
  tt_free(&longname);
  tt_free(&self);
  (void)state;
  return 0;
}

static void sha1_hex(const tt_cert *c, char *out, size_t cap, bool colons)
{
  uint8_t *der, fp[64];
  size_t len = tt_der(c, &der);
  int n = snmpx__tsm_fingerprint(der, len, SNMPX__TSM_HASH_SHA1, fp,
                                 sizeof(fp));
  size_t o = 0;

  OPENSSL_free(der);
  assert_int_equal(n, 20);
  for (int i = 0; i < n && o + 4 < cap; i++)
    o += (size_t)snprintf(out + o, cap - o, colons ? "%s%02X" : "%s%02x",
                          colons && i ? ":" : "", fp[i]);
}

static void conf(snmpx__tsm *t, const char *word, const char *args)
{
  char err[300];
  int rv = snmpx__tsm_conf_line(t, word, args, "snmpd.conf", 7, err,
                                sizeof(err));
  if (rv != 1)
    fail_msg("%s %s: %d %s", word, args, rv, err);
}

static void conf_fails(snmpx__tsm *t, const char *word, const char *args,
                       const char *why)
{
  char err[300];
  int rv = snmpx__tsm_conf_line(t, word, args, "snmpd.conf", 12, err,
                                sizeof(err));
  assert_int_equal(rv, SNMPX_EINVAL);
  assert_non_null(strstr(err, "snmpd.conf:12: "));
  if (!strstr(err, why))
    fail_msg("'%s' lacks '%s'", err, why);
}

/* ---- RFC 5591 processing ---- */

static void test_tsm_outgoing_prefix(void **state)
{
  snmpx__tsm_counters c = {0};
  const uint8_t *out;
  size_t len;

  /* 4.2 step 2, without the prefix option: the name as is. */
  assert_int_equal(snmpx__tsm_outgoing_name(&c, false, "tls",
                                            (const uint8_t *)"bob", 3, &out,
                                            &len),
                   0);
  assert_int_equal(len, 3);
  /* With it: stripped. */
  assert_int_equal(snmpx__tsm_outgoing_name(&c, true, "tls",
                                            (const uint8_t *)"tls:bob", 7,
                                            &out, &len),
                   0);
  assert_int_equal(len, 3);
  assert_memory_equal(out, "bob", 3);
  assert_int_equal(snmpx__tsm_outgoing_name(&c, true, "dtls",
                                            (const uint8_t *)"dtls:x", 6,
                                            &out, &len),
                   0);
  /* No prefix, another prefix, nothing after it: snmpTsmInvalidPrefixes. */
  assert_int_equal(snmpx__tsm_outgoing_name(&c, true, "tls",
                                            (const uint8_t *)"bob", 3, &out,
                                            &len),
                   SNMPX_ETSM_INVALID_PREFIX);
  assert_int_equal(snmpx__tsm_outgoing_name(&c, true, "tls",
                                            (const uint8_t *)"dtls:bob", 8,
                                            &out, &len),
                   SNMPX_ETSM_INVALID_PREFIX);
  assert_int_equal(snmpx__tsm_outgoing_name(&c, true, "tls",
                                            (const uint8_t *)"tls", 3, &out,
                                            &len),
                   SNMPX_ETSM_INVALID_PREFIX);
  assert_int_equal(c.invalid_prefixes, 3);
  /* A transport with no prefix: snmpTsmUnknownPrefixes. */
  assert_int_equal(snmpx__tsm_outgoing_name(&c, true, "udp",
                                            (const uint8_t *)"udp:bob", 7,
                                            &out, &len),
                   SNMPX_ETSM_UNKNOWN_PREFIX);
  assert_int_equal(snmpx__tsm_outgoing_name(&c, true, NULL,
                                            (const uint8_t *)"bob", 3, &out,
                                            &len),
                   SNMPX_ETSM_UNKNOWN_PREFIX);
  assert_int_equal(c.unknown_prefixes, 2);
  assert_int_equal(c.invalid_caches + c.inadequate_security_levels, 0);
  (void)state;
}

static void test_tsm_incoming(void **state)
{
  snmpx__tsm_counters c = {0};
  snmpx_tm_state tm = {"dtls", (const uint8_t *)"bob", 3,
                       SNMPX_SECLEVEL_AUTHPRIV, 1};
  uint8_t name[SNMPX__TSM_NAME_MAX];
  size_t len;

  assert_int_equal(snmpx__tsm_incoming_name(&c, false, &tm,
                                            SNMPX_SECLEVEL_AUTHPRIV, name,
                                            sizeof(name), &len),
                   0);
  assert_int_equal(len, 3);
  assert_memory_equal(name, "bob", 3);
  /* 5.2 step 3: the prefix and ':' before the name. */
  assert_int_equal(snmpx__tsm_incoming_name(&c, true, &tm,
                                            SNMPX_SECLEVEL_NOAUTH, name,
                                            sizeof(name), &len),
                   0);
  assert_int_equal(len, 8);
  assert_memory_equal(name, "dtls:bob", 8);
  /* Step 2: no cache, or no tmSecurityName: snmpTsmInvalidCaches. */
  assert_int_equal(snmpx__tsm_incoming_name(&c, false, NULL,
                                            SNMPX_SECLEVEL_NOAUTH, name,
                                            sizeof(name), &len),
                   SNMPX_ETSM_INVALID_CACHE);
  tm.security_name_len = 0;
  assert_int_equal(snmpx__tsm_incoming_name(&c, false, &tm,
                                            SNMPX_SECLEVEL_NOAUTH, name,
                                            sizeof(name), &len),
                   SNMPX_ETSM_INVALID_CACHE);
  assert_int_equal(c.invalid_caches, 2);
  tm.security_name_len = 3;
  /* Step 3: a domain with no prefix, only when prefixes are used. */
  tm.transport_prefix = "tcp";
  assert_int_equal(snmpx__tsm_incoming_name(&c, true, &tm,
                                            SNMPX_SECLEVEL_NOAUTH, name,
                                            sizeof(name), &len),
                   SNMPX_ETSM_UNKNOWN_PREFIX);
  assert_int_equal(c.unknown_prefixes, 1);
  assert_int_equal(snmpx__tsm_incoming_name(&c, false, &tm,
                                            SNMPX_SECLEVEL_NOAUTH, name,
                                            sizeof(name), &len),
                   0);
  /* Step 4: asking more than the transport gives. */
  tm.transport_prefix = "tls";
  tm.level = SNMPX_SECLEVEL_AUTHNOPRIV;
  assert_int_equal(snmpx__tsm_incoming_name(&c, false, &tm,
                                            SNMPX_SECLEVEL_AUTHPRIV, name,
                                            sizeof(name), &len),
                   SNMPX_ETSM_INADEQUATE_LEVEL);
  tm.level = SNMPX_SECLEVEL_NOAUTH;
  assert_int_equal(snmpx__tsm_incoming_name(&c, false, &tm,
                                            SNMPX_SECLEVEL_AUTHNOPRIV, name,
                                            sizeof(name), &len),
                   SNMPX_ETSM_INADEQUATE_LEVEL);
  assert_int_equal(c.inadequate_security_levels, 2);
  assert_int_equal(snmpx__tsm_incoming_name(&c, false, &tm,
                                            SNMPX_SECLEVEL_NOAUTH, name,
                                            sizeof(name), &len),
                   0);
  assert_int_equal(snmpx__tsm_incoming_name(&c, true, &tm,
                                            SNMPX_SECLEVEL_NOAUTH, name, 5,
                                            &len),
                   SNMPX_ENOSPACE);
  (void)state;
}

/* ---- Fingerprints ---- */

static void test_tsm_fingerprint_spelling(void **state)
{
  uint8_t fp[64], *der;
  char text[200];
  size_t len;

  assert_int_equal(snmpx__tsm_fp_parse("AB:cd:01", fp, sizeof(fp)), 3);
  assert_int_equal(fp[0], 0xab);
  assert_int_equal(fp[2], 0x01);
  assert_int_equal(snmpx__tsm_fp_parse("abcd01", fp, sizeof(fp)), 3);
  assert_int_equal(snmpx__tsm_fp_parse("abc", fp, sizeof(fp)),
                   SNMPX_EINVAL);
  assert_int_equal(snmpx__tsm_fp_parse("agent", fp, sizeof(fp)),
                   SNMPX_EINVAL);
  assert_int_equal(snmpx__tsm_fp_parse("", fp, sizeof(fp)), SNMPX_EINVAL);
  assert_int_equal(snmpx__tsm_fp_parse("abcd", fp, 1), SNMPX_ENOSPACE);
  assert_int_equal(snmpx__tsm_fp_format(fp, 3, text, sizeof(text)), 6);
  assert_string_equal(text, "abcd01");
  assert_int_equal(snmpx__tsm_fp_format(fp, 3, text, 6), SNMPX_ENOSPACE);
  /* The digest of the DER, as X509_digest (and `openssl x509
   * -fingerprint`) gives it. */
  len = tt_der(&agent, &der);
  uint8_t want[64];
  unsigned int wn;
  X509_digest(agent.x, EVP_sha256(), want, &wn);
  assert_int_equal(snmpx__tsm_fingerprint(der, len, SNMPX__TSM_HASH_SHA256,
                                          fp, sizeof(fp)),
                   32);
  assert_memory_equal(fp, want, 32);
  assert_int_equal(snmpx__tsm_fingerprint(der, len, SNMPX__TSM_HASH_MD5, fp,
                                          sizeof(fp)),
                   SNMPX_EINVAL);
  assert_int_equal(snmpx__tsm_fingerprint(der, 10, SNMPX__TSM_HASH_SHA1, fp,
                                          sizeof(fp)),
                   SNMPX_ETLS_CERT);
  OPENSSL_free(der);
  assert_int_equal(snmpx__tsm_hash_parse("sha256"), SNMPX__TSM_HASH_SHA256);
  assert_int_equal(snmpx__tsm_hash_parse("SHA1"), SNMPX__TSM_HASH_SHA1);
  assert_int_equal(snmpx__tsm_hash_parse("md5"), SNMPX_EINVAL);
  (void)state;
}

/* ---- Configuration words ---- */

static void test_tsm_conf_words(void **state)
{
  snmpx__tsm *t = snmpx__tsm_new();
  char err[300], fp[100];

  assert_int_equal(snmpx__tsm_add_confdir(t, confdir), 3);
  assert_int_equal(snmpx__tsm_conf_line(t, "rouser", "bob", NULL, 0, err,
                                        sizeof(err)),
                   0);
  assert_false(snmpx__tsm_use_prefix(t));
  conf(t, "tsmUseTransportPrefix", "yes");
  assert_true(snmpx__tsm_use_prefix(t));
  conf(t, "tsmUseTransportPrefix", "0");
  assert_false(snmpx__tsm_use_prefix(t));
  conf_fails(t, "tsmUseTransportPrefix", "maybe", "not yes/no");
  conf(t, "localCert", "agent");
  conf(t, "peerCert", "\"mgr\"");
  conf(t, "trustCert", "ca");
  conf(t, "serverCert", "agent");
  conf(t, "clientCert", "mgr");
  conf_fails(t, "localCert", "", "expects a certificate");
  conf_fails(t, "localCert", "a b", "one certificate only");
  conf_fails(t, "trustCert", "", "expects one certificate");
  sha1_hex(&mgr, fp, sizeof(fp), true);
  char line[300];
  snprintf(line, sizeof(line), "10 %s --sn bob", fp);
  conf(t, "certSecName", line);
  conf(t, "certSecName", "20 mgr --cn");
  conf(t, "certSecName", "30 --sha256 mgr --dns");
  conf_fails(t, "certSecName", "10 mgr --cn", "duplicate priority");
  conf_fails(t, "certSecName", "x mgr --cn", "could not parse priority");
  conf_fails(t, "certSecName", "40 --md5 mgr --cn", "invalid hash type");
  conf_fails(t, "certSecName", "40 nosuch --cn", "nosuch is neither");
  conf_fails(t, "certSecName", "40 --sha256 abcd --cn", "neither");
  conf_fails(t, "certSecName", "40 mgr", "must specify map type");
  conf_fails(t, "certSecName", "40 mgr --sn", "must specify secName");
  conf_fails(t, "certSecName", "40 mgr --upn", "unknown argument --upn");
  conf_fails(t, "certSecName", "40 mgr --cn extra", "unexpected words");
  conf_fails(t, "certSecName",
             "40 mgr --sn a-name-that-is-longer-than-32-octets-x",
             "longer than 32");
  snmpx__tsm_free(t);
  (void)state;
}

/* ---- Directories, lookup, TLS configuration ---- */

static void test_tsm_directories_and_lookup(void **state)
{
  snmpx__tsm *t = snmpx__tsm_new();
  snmpx__tls_config cfg;
  char err[300], fp[100], key[600];

  assert_int_equal(snmpx__tsm_add_confdir(t, confdir), 3);
  assert_int_equal(snmpx__tsm_add_confdir(t, "/nonexistent"), 0);
  /* By file name without extension; the key from tls/private. */
  assert_int_equal(snmpx__tsm_tls_config(t, true, false, "agent", NULL, &cfg,
                                         err, sizeof(err)),
                   0);
  assert_string_equal(cfg.cert_file, agent.cert_path);
  snprintf(key, sizeof(key), "%s/tls/private/agent.key", confdir);
  assert_string_equal(cfg.key_file, key);
  assert_int_equal(cfg.n_ca_files, 0);
  /* By fingerprint, upper case with colons (Net-SNMP's spelling). */
  sha1_hex(&mgr, fp, sizeof(fp), true);
  assert_int_equal(snmpx__tsm_tls_config(t, false, true, fp, NULL, &cfg,
                                         err, sizeof(err)),
                   0);
  assert_string_equal(cfg.cert_file, mgr.cert_path);
  assert_true(cfg.dtls);
  /* With extension; localCert; the role's deprecated word; the default. */
  conf(t, "trustCert", "ca");
  conf(t, "clientCert", "mgr.pem");
  assert_int_equal(snmpx__tsm_tls_config(t, false, false, NULL, "agent",
                                         &cfg, err, sizeof(err)),
                   0);
  assert_string_equal(cfg.cert_file, mgr.cert_path);
  assert_int_equal(cfg.n_ca_files, 1);
  assert_string_equal(cfg.ca_files[0], ca.cert_path);
  assert_int_equal(snmpx__tsm_tls_config(t, true, false, NULL, "agent",
                                         &cfg, err, sizeof(err)),
                   0);
  assert_string_equal(cfg.cert_file, agent.cert_path);
  /* A path outside the directories, its key beside it. */
  assert_int_equal(snmpx__tsm_tls_config(t, true, false, self.cert_path,
                                         NULL, &cfg, err, sizeof(err)),
                   0);
  assert_string_equal(cfg.key_file, self.key_path);
  /* Not found: the name in the message. */
  assert_int_equal(snmpx__tsm_tls_config(t, true, false, "snmpd", NULL,
                                         &cfg, err, sizeof(err)),
                   SNMPX_ENOTFOUND);
  assert_non_null(strstr(err, "snmpd"));
  /* The CA has no key: no identity. */
  assert_int_equal(snmpx__tsm_tls_config(t, true, false, "ca", NULL, &cfg,
                                         err, sizeof(err)),
                   SNMPX_ENOTFOUND);
  assert_non_null(strstr(err, "no private key"));
  conf(t, "trustCert", "nosuch");
  assert_int_equal(snmpx__tsm_tls_config(t, true, false, "agent", NULL,
                                         &cfg, err, sizeof(err)),
                   SNMPX_ETLS_CONFIG);
  assert_non_null(strstr(err, "trustCert nosuch"));
  snmpx__tsm_free(t);
  (void)state;
}

/* ---- certSecName mapping ---- */

static int map_of(snmpx__tsm *t, const tt_cert *leaf, char *name)
{
  uint8_t *der;
  size_t len = tt_der(leaf, &der);
  const uint8_t *ders[1] = {der};
  int rv = snmpx__tsm_accept_client(t, ders, &len, 1, name, 64);

  OPENSSL_free(der);
  return rv;
}

static void expect_map(const char *map, const tt_cert *leaf,
                       const char *want)
{
  snmpx__tsm *t = snmpx__tsm_new();
  char name[64], line[300], fp[100];

  snmpx__tsm_add_confdir(t, confdir);
  conf(t, "trustCert", "ca");
  sha1_hex(&ca, fp, sizeof(fp), false);
  snprintf(line, sizeof(line), "5 %s %s", fp, map);
  conf(t, "certSecName", line);
  if (want) {
    assert_int_equal(map_of(t, leaf, name), (int)strlen(want));
    assert_string_equal(name, want);
  } else {
    assert_int_equal(map_of(t, leaf, name), SNMPX_ETSM_NO_SECNAME);
    assert_int_equal(snmpx__tsm_tlstm(t)->invalid_client_certificates, 1);
  }
  snmpx__tsm_free(t);
}

/* Each map type through a CA fingerprint (the chain is completed from
 * trustCert): RFC 6353 snmpTlstmCertToTSNMapType. */
static void test_tsm_map_types(void **state)
{
  expect_map("--sn bob", &mgr, "bob");
  expect_map("--cn", &mgr, "mgr-cn");
  expect_map("--rfc822", &mgr, "Ops@example.org"); /* host part lowered */
  expect_map("--dns", &mgr, "mgr.example.net");
  expect_map("--ip", &mgr, "192.0.2.7");
  expect_map("--ip", &mgr6, "20010db8000000000000000000000001");
  expect_map("--any", &mgr, "Ops@example.org"); /* the first SAN */
  expect_map("--any", &mgr6, "20010db8000000000000000000000001");
  expect_map("--rfc822", &agent, NULL);          /* no such SAN */
  expect_map("--cn", &longname, NULL);           /* over 32 octets */
  expect_map("--cn", &self, NULL);               /* not of this CA */
  (void)state;
}

static void test_tsm_map_priority(void **state)
{
  snmpx__tsm *t = snmpx__tsm_new();
  char name[64], fp[100], line[300];

  snmpx__tsm_add_confdir(t, confdir);
  conf(t, "trustCert", "ca");
  sha1_hex(&ca, fp, sizeof(fp), false);
  /* Lowest priority value first; an entry that yields no name (no
   * rfc822Name in agent's certificate) lets the next one try. */
  snprintf(line, sizeof(line), "30 %s --cn", fp);
  conf(t, "certSecName", line);
  snprintf(line, sizeof(line), "10 %s --rfc822", fp);
  conf(t, "certSecName", line);
  conf(t, "certSecName", "20 --sha256 mgr --sn by-leaf");
  assert_int_equal(map_of(t, &mgr, name), 15);
  assert_string_equal(name, "Ops@example.org");
  assert_int_equal(map_of(t, &agent, name), 13);
  assert_string_equal(name, "agent.example");
  snmpx__tsm_free(t);
  t = snmpx__tsm_new();
  snmpx__tsm_add_confdir(t, confdir);
  conf(t, "trustCert", "ca");
  conf(t, "certSecName", "20 --sha256 mgr --sn by-leaf");
  assert_int_equal(map_of(t, &mgr, name), 7);
  assert_string_equal(name, "by-leaf");
  assert_int_equal(map_of(t, &agent, name), SNMPX_ETSM_NO_SECNAME);
  snmpx__tsm_free(t);
  (void)state;
}

/* A file holding the key first, then the certificate (as some tools write
 * one file for both): indexed by its certificate, whichever block comes
 * first, and its key found in the same file. */
static void test_tsm_key_then_certificate(void **state)
{
  char dir[300], certs[400], path[500], cmd[3000];
  snmpx__tls_config cfg;
  char err[300];

  snprintf(dir, sizeof(dir), "%s/combo", tt_tmpdir());
  snprintf(certs, sizeof(certs), "%s/tls/certs", dir);
  snprintf(path, sizeof(path), "%s/both.pem", certs);
  snprintf(cmd, sizeof(cmd), "mkdir -p '%s' && cat '%s' '%s' > '%s'", certs,
           self.key_path, self.cert_path, path);
  assert_int_equal(system(cmd), 0);
  snmpx__tsm *t = snmpx__tsm_new();
  assert_int_equal(snmpx__tsm_add_confdir(t, dir), 1);
  assert_int_equal(snmpx__tsm_tls_config(t, false, false, "both", NULL, &cfg,
                                         err, sizeof(err)),
                   0);
  assert_string_equal(cfg.cert_file, path);
  assert_string_equal(cfg.key_file, path);
  snmpx__tsm_free(t);
  (void)state;
}

/* A client whose leaf no trusted CA vouches for (self-signed, known by
 * its fingerprint) may append any certificate to what it sends: they are
 * public.  Only the verified path names the client (RFC 6353 5.3.2): the
 * appended certificates must not select another certSecName row. */
static int map_chain(snmpx__tsm *t, const tt_cert *leaf, const tt_cert *extra,
                     char *name)
{
  uint8_t *d0, *d1;
  size_t lens[2] = {tt_der(leaf, &d0), tt_der(extra, &d1)};
  const uint8_t *ders[2] = {d0, d1};
  int rv = snmpx__tsm_accept_client(t, ders, lens, 2, name, 64);

  OPENSSL_free(d0);
  OPENSSL_free(d1);
  return rv;
}

static void test_tsm_unverified_extras_name_nobody(void **state)
{
  snmpx__tsm *t = snmpx__tsm_new();
  char name[64], fp[100], line[300];

  snmpx__tsm_add_confdir(t, confdir);
  sha1_hex(&mgr, fp, sizeof(fp), false);
  snprintf(line, sizeof(line), "5 %s --sn mgruser", fp);
  conf(t, "certSecName", line);
  sha1_hex(&self, fp, sizeof(fp), false);
  snprintf(line, sizeof(line), "10 %s --sn selfuser", fp);
  conf(t, "certSecName", line);
  /* self followed by mgr's (public) certificate: still selfuser. */
  assert_int_equal(map_chain(t, &self, &mgr, name), 8);
  assert_string_equal(name, "selfuser");
  snmpx__tsm_free(t);

  /* With only a CA row: self plus the CA's certificate is not a path to
   * that CA, so no row names it. */
  t = snmpx__tsm_new();
  snmpx__tsm_add_confdir(t, confdir);
  conf(t, "trustCert", "ca");
  sha1_hex(&ca, fp, sizeof(fp), false);
  snprintf(line, sizeof(line), "5 %s --cn", fp);
  conf(t, "certSecName", line);
  assert_int_equal(map_chain(t, &self, &ca, name), SNMPX_ETSM_NO_SECNAME);
  /* A leaf the CA did sign still maps through it. */
  assert_int_equal(map_chain(t, &mgr, &ca, name), 6);
  assert_string_equal(name, "mgr-cn");
  snmpx__tsm_free(t);
  (void)state;
}

/* ---- Peer checks ---- */

static void test_tsm_check_server(void **state)
{
  snmpx__tsm *t = snmpx__tsm_new();
  uint8_t *der;
  size_t len = tt_der(&agent, &der);
  char fp[100];

  snmpx__tsm_add_confdir(t, confdir);
  /* Nothing to check against: refused (Net-SNMP: "can not verify a remote
   * server identity without configuration"). */
  assert_int_equal(snmpx__tsm_check_server(t, NULL, NULL, der, len),
                   SNMPX_ETLS_CERT);
  /* The target's host: a dNSName (any case) or an iPAddress. */
  assert_int_equal(snmpx__tsm_check_server(t, NULL, "agent.example", der,
                                           len),
                   0);
  assert_int_equal(snmpx__tsm_check_server(t, NULL, "127.0.0.1", der, len),
                   0);
  assert_int_equal(snmpx__tsm_check_server(t, NULL, "other.example", der,
                                           len),
                   SNMPX_ETLS_CERT);
  /* A fingerprint, or a certificate name, wins over the host. */
  sha1_hex(&agent, fp, sizeof(fp), true);
  assert_int_equal(snmpx__tsm_check_server(t, fp, "x", der, len), 0);
  assert_int_equal(snmpx__tsm_check_server(t, "agent", NULL, der, len), 0);
  assert_int_equal(snmpx__tsm_check_server(t, "mgr", "agent.example", der,
                                           len),
                   SNMPX_ETLS_CERT);
  conf(t, "peerCert", "mgr");
  assert_int_equal(snmpx__tsm_check_server(t, NULL, "agent.example", der,
                                           len),
                   SNMPX_ETLS_CERT);
  assert_int_equal(snmpx__tsm_tlstm(t)->unknown_server_certificate, 4);
  OPENSSL_free(der);
  snmpx__tsm_free(t);
  (void)state;
}

static void test_tsm_is_known(void **state)
{
  snmpx__tsm *t = snmpx__tsm_new();
  uint8_t *der;
  size_t len = tt_der(&self, &der);
  char line[600];

  snmpx__tsm_add_confdir(t, confdir);
  assert_false(snmpx__tsm_is_known(t, der, len));
  snprintf(line, sizeof(line), "9 --sha512 %s --dns", self.cert_path);
  conf(t, "certSecName", line);
  assert_true(snmpx__tsm_is_known(t, der, len));
  assert_false(snmpx__tsm_is_known(t, der, 5));
  OPENSSL_free(der);
  len = tt_der(&mgr, &der); /* indexed in tls/certs */
  assert_true(snmpx__tsm_is_known(t, der, len));
  OPENSSL_free(der);
  snmpx__tsm_free(t);
  (void)state;
}

/* End to end: contexts from the configuration, a handshake, the checks. */
static void test_tsm_handshake_to_secname(void **state)
{
  snmpx__tsm *st = snmpx__tsm_new(), *ct = snmpx__tsm_new();
  snmpx__tls_config scfg, ccfg;
  snmpx__tls_ctx *sc, *cc;
  snmpx__tls_session *s, *c;
  char err[300], name[64];
  uint8_t buf[20000];
  int n;

  snmpx__tsm_add_confdir(st, confdir);
  snmpx__tsm_add_confdir(ct, confdir);
  conf(st, "localCert", "agent");
  conf(st, "trustCert", "ca");
  conf(st, "certSecName", "1 ca --rfc822");
  conf(ct, "trustCert", "ca");
  assert_int_equal(snmpx__tsm_tls_config(st, true, false, NULL, NULL, &scfg,
                                         err, sizeof(err)),
                   0);
  assert_non_null(sc = snmpx__tls_ctx_new(&scfg, err, sizeof(err)));
  assert_int_equal(snmpx__tsm_tls_config(ct, false, false, "mgr", NULL,
                                         &ccfg, err, sizeof(err)),
                   0);
  assert_non_null(cc = snmpx__tls_ctx_new(&ccfg, err, sizeof(err)));
  c = snmpx__tls_session_new(cc, "a", 1);
  s = snmpx__tls_session_new(sc, "b", 1);
  for (int i = 0; i < 20; i++) {
    while ((n = snmpx__tls_session_take(c, buf, sizeof(buf))) > 0)
      assert_int_equal(snmpx__tls_session_feed(s, buf, (size_t)n), 0);
    while ((n = snmpx__tls_session_take(s, buf, sizeof(buf))) > 0)
      assert_int_equal(snmpx__tls_session_feed(c, buf, (size_t)n), 0);
  }
  assert_true(snmpx__tls_session_is_ready(c));
  assert_true(snmpx__tls_session_is_ready(s));
  const uint8_t *der;
  size_t len;
  assert_int_equal(snmpx__tls_session_peer_cert(c, 0, &der, &len), 0);
  assert_int_equal(snmpx__tsm_check_server(ct, NULL, "Agent.Example", der,
                                           len),
                   0);
  assert_int_equal(snmpx__tls_session_peer_cert(s, 0, &der, &len), 0);
  assert_int_equal(snmpx__tsm_accept_client(st, &der, &len, 1, name,
                                            sizeof(name)),
                   15);
  assert_string_equal(name, "Ops@example.org");
  snmpx__tls_session_free(c);
  snmpx__tls_session_free(s);
  snmpx__tls_ctx_free(cc);
  snmpx__tls_ctx_free(sc);
  snmpx__tsm_free(st);
  snmpx__tsm_free(ct);
  (void)state;
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tsm_outgoing_prefix),
      cmocka_unit_test(test_tsm_incoming),
      cmocka_unit_test(test_tsm_fingerprint_spelling),
      cmocka_unit_test(test_tsm_conf_words),
      cmocka_unit_test(test_tsm_directories_and_lookup),
      cmocka_unit_test(test_tsm_map_types),
      cmocka_unit_test(test_tsm_map_priority),
      cmocka_unit_test(test_tsm_unverified_extras_name_nobody),
      cmocka_unit_test(test_tsm_key_then_certificate),
      cmocka_unit_test(test_tsm_check_server),
      cmocka_unit_test(test_tsm_is_known),
      cmocka_unit_test(test_tsm_handshake_to_secname),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
