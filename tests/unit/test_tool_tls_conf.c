/* Unit tests for tools/tls_conf.c and the TLS/DTLS parts of tools/cli.c:
 * Net-SNMP's -T NAME=VALUE and --WORD=VALUE, the TSM target a tls:/dtls:
 * agent gets (snmpTLSBaseDomain.c's session set-up), the host name the
 * server's certificate must carry, the [snmp] tag, and snmp.conf's TSM
 * words read from a private SNMPCONFPATH with FILE:LINE errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"
#include "tls_conf.h"

static const cli_app app = {"snmpget", "AGENT OID [OID]...", NULL, NULL,
                            NULL,      "Error in packet",    ".",  false};

/* Parse the words of |args| (NULL-terminated) as snmpget's argv. */
static int parse(cli *c, const char *const *args)
{
  static char *argv[32];
  int argc = 0;
  argv[argc++] = "snmpget";
  for (; *args != NULL && argc < 31; args++)
    argv[argc++] = (char *)*args;
  argv[argc] = NULL;
  return cli_init(c, &app, argc, argv);
}

static void test_tool_tls_conf_t_options(void **state)
{
  (void)state;
  cli c;
  static const char *const a[] = {"-T",
                                  "localCert=manager",
                                  "-T",
                                  "their_identity=AA:BB",
                                  "-T",
                                  "trust_cert=ca",
                                  "-T",
                                  "peerHostname=h.example",
                                  "-T",
                                  "other=x",
                                  "-T",
                                  "our_identity=mgr2",
                                  "dtls:localhost:10161",
                                  ".1.3",
                                  NULL};
  assert_int_equal(parse(&c, a), -1);
  assert_string_equal(c.tls_local_cert, "mgr2"); /* the last one wins */
  assert_string_equal(c.tls_peer_cert, "AA:BB");
  assert_string_equal(c.tls_trust_cert, "ca");
  assert_string_equal(c.tls_hostname, "h.example");
  assert_true(c.tls_t_given);
  cli_close(&c);
}

static void test_tool_tls_conf_t_needs_pair(void **state)
{
  (void)state;
  cli c;
  static const char *const a[] = {"-T", "localCert", "dtls:localhost", ".1.3",
                                  NULL};
  bool was = cli_set_quiet_usage(true);
  assert_int_equal(parse(&c, a), 1);
  cli_set_quiet_usage(was);
}

static void test_tool_tls_conf_long_words(void **state)
{
  (void)state;
  cli c;
  static const char *const a[] = {"--defSecurityModel=tsm",
                                  "--localCert=manager",
                                  "--tsmUseTransportPrefix",
                                  "udp:127.0.0.1",
                                  ".1.3",
                                  NULL};
  /* v3 without -u is fine under the TSM (Net-SNMP's snmp_api.c). */
  assert_int_equal(parse(&c, a), -1);
  assert_int_equal(c.def_model, SNMPX_SECMODEL_TSM);
  assert_int_equal(c.n_long, 2);
  assert_string_equal(c.long_words[0], "localCert");
  assert_string_equal(c.long_values[0], "manager");
  assert_string_equal(c.long_words[1], "tsmUseTransportPrefix");
  assert_string_equal(c.long_values[1], "1"); /* "--WORD" is "WORD 1" */
  cli_close(&c);
  static const char *const bad[] = {"--defSecurityModel=ksm", "-u",   "x",
                                    "udp:127.0.0.1",          ".1.3", NULL};
  assert_int_equal(parse(&c, bad), 1);
}

static void test_tool_tls_conf_tsm_target(void **state)
{
  (void)state;
  cli c;
  static const char *const a[] = {"-v2c", "-c",  "public",
                                  "-n",   "ctx", "dtls:127.0.0.1:10161",
                                  ".1.3", NULL};
  assert_int_equal(parse(&c, a), -1);
  snmpx_addr addr;
  assert_int_equal(cli_resolve(&c, &addr), 0);
  assert_true(cli_uses_tsm(&c, &addr));
  snmpx_engine *e = snmpx_engine_new(NULL);
  snmpx_target t;
  /* No io: nothing prepared or opened, the target alone. */
  assert_int_equal(cli_make_target_at(&c, e, NULL, &addr, &t), 0);
  assert_int_equal(t.version, SNMPX_VERSION_3); /* v3 whatever -v said */
  assert_int_equal(t.security_model, SNMPX_SECMODEL_TSM);
  assert_string_equal(t.transport_prefix, "dtls");
  assert_int_equal(t.level, SNMPX_SECLEVEL_AUTHPRIV);
  assert_int_equal(t.user_len, 9);
  assert_memory_equal(t.user, "__BOGUS__", 9);
  assert_null(t.community);
  assert_int_equal(t.context_name_len, 3);
  snmpx_engine_free(e);
  cli_close(&c);

  static const char *const b[] = {
      "-u", "ops", "-l", "authNoPriv", "tls:127.0.0.1", ".1.3", NULL};
  assert_int_equal(parse(&c, b), -1);
  assert_int_equal(cli_resolve(&c, &addr), 0);
  e = snmpx_engine_new(NULL);
  assert_int_equal(cli_make_target_at(&c, e, NULL, &addr, &t), 0);
  assert_string_equal(t.transport_prefix, "tls");
  assert_int_equal(t.level, SNMPX_SECLEVEL_AUTHNOPRIV);
  assert_memory_equal(t.user, "ops", 3);
  snmpx_engine_free(e);
  cli_close(&c);
}

static void test_tool_tls_conf_host(void **state)
{
  (void)state;
  char h[64];
  assert_string_equal(tls_conf_host("tls:agent.example:10161", h, 64),
                      "agent.example");
  assert_string_equal(tls_conf_host("dtls:agent.example", h, 64),
                      "agent.example");
  assert_string_equal(tls_conf_host("DTLSUDP:127.0.0.1:1", h, 64), "127.0.0.1");
  assert_string_equal(tls_conf_host("dtlsudp6:[::1]:10161", h, 64), "::1");
  assert_true(tls_conf_is_secure_spec("TLSTCP:x"));
  assert_true(tls_conf_is_secure_spec("dtls6:[::1]"));
  assert_false(tls_conf_is_secure_spec("tcp:x"));
  assert_false(tls_conf_is_secure_spec("tlsfoo"));
}

static void test_tool_tls_conf_words_and_tags(void **state)
{
  (void)state;
  assert_string_equal(tls_conf_word("LOCALCERT", false), "localCert");
  assert_null(tls_conf_word("certSecName", false)); /* not snmp.conf's */
  assert_string_equal(tls_conf_word("certsecname", true), "certSecName");
  assert_null(tls_conf_word("rouser", true));
  assert_string_equal(tls_conf_untag("  [snmp] localCert x"), "localCert x");
  assert_string_equal(tls_conf_untag("[snmpd] x"), "[snmpd] x");
  bool snmp = false;
  assert_true(tls_conf_is_context(" [snmp] \r", &snmp));
  assert_true(snmp);
  assert_true(tls_conf_is_context("[snmptrapd]", &snmp));
  assert_false(snmp);
  assert_false(tls_conf_is_context("[snmp] localCert x", &snmp));
  assert_false(tls_conf_is_context("[]", &snmp));
  assert_int_equal(tls_conf_secmodel("TSM"), SNMPX_SECMODEL_TSM);
  assert_int_equal(tls_conf_secmodel("usm"), SNMPX_SECMODEL_USM);
  assert_int_equal(tls_conf_secmodel("ksm"), -1);
}

/* snmp.conf then snmp.local.conf of each directory, TSM words to the io,
 * defSecurityModel out; the first bad line stops with FILE:LINE. */
static void test_tool_tls_conf_snmp_conf(void **state)
{
  (void)state;
  char dir[] = "/tmp/snmpx-tlsconf-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[256];
  snprintf(path, sizeof(path), "%s/snmp.conf", dir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("mibs +ALL\n# a comment\ndefSecurityModel tsm\n"
        "[snmp] tsmUseTransportPrefix yes\nlocalCert manager\n",
        f);
  fclose(f);
  setenv("SNMPCONFPATH", dir, 1);
  snmpx_engine *e = snmpx_engine_new(NULL);
  snmpx_io *io = snmpx_io_new(e, NULL);
  int model = 0;
  assert_int_equal(tls_conf_read_snmp_conf(io, &model, "t: "), 0);
  assert_int_equal(model, SNMPX_SECMODEL_TSM);
  /* Only defSecurityModel without an io. */
  model = 0;
  assert_int_equal(tls_conf_read_snmp_conf(NULL, &model, "t: "), 0);
  assert_int_equal(model, SNMPX_SECMODEL_TSM);

  snprintf(path, sizeof(path), "%s/snmp.local.conf", dir);
  f = fopen(path, "w");
  assert_non_null(f);
  fputs("\ntsmUseTransportPrefix maybe\n", f);
  fclose(f);
  assert_int_equal(tls_conf_read_snmp_conf(io, &model, "t: "), -1);
  f = fopen(path, "w");
  fputs("defSecurityModel\n", f);
  fclose(f);
  assert_int_equal(tls_conf_read_snmp_conf(NULL, &model, "t: "), -1);

  unlink(path);
  snprintf(path, sizeof(path), "%s/snmp.conf", dir);
  unlink(path);
  rmdir(dir);
  unsetenv("SNMPCONFPATH");
  snmpx_io_free(io);
  snmpx_engine_free(e);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tool_tls_conf_t_options),
      cmocka_unit_test(test_tool_tls_conf_t_needs_pair),
      cmocka_unit_test(test_tool_tls_conf_long_words),
      cmocka_unit_test(test_tool_tls_conf_tsm_target),
      cmocka_unit_test(test_tool_tls_conf_host),
      cmocka_unit_test(test_tool_tls_conf_words_and_tags),
      cmocka_unit_test(test_tool_tls_conf_snmp_conf),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
