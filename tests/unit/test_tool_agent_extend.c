/* tools/agent_extend.c: output split as snmpd splits it, command words,
 * the directives, and a program run for a request that waits (deferred)
 * while the io loop reads the program, then answered; the next request
 * is answered from the cache at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "internal.h"

#include "agent_extend.h"
#include "agent_test_util.h"

#define NS ".1.3.6.1.4.1.8072.1.3.2"
#define TWO ".3.116.119.111" /* the index of "two" */
#define ONE ".3.111.110.101" /* "one", before "two" */

static void test_split(void **state)
{
  (void)state;
  size_t starts[8], kept;
  const char *out = "a\nbb\n\nc\n";
  assert_int_equal(agent_extend_split(out, strlen(out), &kept, starts, 8), 4);
  assert_int_equal(kept, strlen(out) - 1); /* one trailing newline off */
  assert_int_equal(starts[1], 2);
  assert_int_equal(starts[2], 5);
  assert_int_equal(starts[3], 6);
  /* Empty output: one empty line, as snmpd counts. */
  assert_int_equal(agent_extend_split("", 0, &kept, starts, 8), 1);
  assert_int_equal(kept, 0);
  /* Two trailing newlines: only one goes, the empty line stays. */
  assert_int_equal(agent_extend_split("x\n\n", 3, &kept, starts, 8), 2);
  /* More lines than room: counted all the same. */
  assert_int_equal(agent_extend_split("1\n2\n3\n4", 7, &kept, starts, 2), 4);
}

static void test_words(void **state)
{
  (void)state;
  char line[] = "/bin/prog  \"two words\" 'x y' last";
  char *argv[8];
  assert_int_equal(agent_extend_words(line, argv, 8), 4);
  assert_string_equal(argv[0], "/bin/prog");
  assert_string_equal(argv[1], "two words");
  assert_string_equal(argv[2], "x y");
  assert_string_equal(argv[3], "last");
  assert_null(argv[4]);
  char many[] = "a b c d e";
  assert_int_equal(agent_extend_words(many, argv, 3), 2);
  assert_null(argv[2]);
}

static void test_conf(void **state)
{
  (void)state;
  agent_extend *x = agent_extend_new(NULL, NULL, NULL);
  char err[200];
  assert_int_equal(agent_extend_conf(x, "pass", "x", err, sizeof(err)), 0);
  assert_int_equal(
      agent_extend_conf(x, "extend", "a /bin/true", err, sizeof(err)), 1);
  assert_int_equal(
      agent_extend_conf(x, "extend", "a /bin/false", err, sizeof(err)), -1);
  assert_non_null(strstr(err, "duplicate"));
  /* The same name under another OID is another entry. */
  assert_int_equal(agent_extend_conf(x, "extend", ".1.3.6.1.4.1.99 a /bin/true",
                                     err, sizeof(err)),
                   1);
  assert_int_equal(agent_extend_conf(x, "extend",
                                     "-cacheTime 9 -execType sh "
                                     "b echo hi",
                                     err, sizeof(err)),
                   1);
  assert_int_equal(agent_extend_conf(x, "extend", "onlyname", err, sizeof(err)),
                   -1);
  assert_non_null(strstr(err, "usage: extend"));
  /* exec with an OID: snmpd's deprecated form, refused as snmpd does. */
  assert_int_equal(agent_extend_conf(x, "exec", ".1.3.6.1.4.1.99 e /bin/true",
                                     err, sizeof(err)),
                   -1);
  assert_non_null(strstr(err, "deprecated"));
  assert_int_equal(
      agent_extend_conf(x, "extend", ".1.x.3 e /bin/true", err, sizeof(err)),
      -1);
  assert_non_null(strstr(err, "OID"));
  assert_int_equal(
      agent_extend_conf(x, "exec", "e /bin/true", err, sizeof(err)), 1);
  assert_int_equal(
      agent_extend_conf(x, "execFix", "e /bin/echo fix", err, sizeof(err)), 1);
  /* snmpd's name for it: eFix; a second one is a duplicate. */
  assert_int_equal(
      agent_extend_conf(x, "extendfix", "e /bin/echo fix", err, sizeof(err)),
      -1);
  assert_non_null(strstr(err, "eFix"));
  assert_int_equal(agent_extend_count(x), 5);
  agent_extend_free(x);
}

/* ---- A program run for a waiting request -----------------------------------
 */

typedef struct answers {
  int n;
  snmpx_pdu *last;
} answers;

static const snmpx_incoming *t_hold(void *ud, const snmpx_incoming *in)
{
  (void)ud;
  return in; /* the test keeps its request alive */
}

static void t_answer(void *ud, const snmpx_incoming *held,
                     const snmpx_pdu *resp)
{
  answers *an = ud;
  (void)held;
  an->n++;
  snmpx_pdu_free(an->last, NULL);
  an->last = snmpx_pdu_dup(resp, NULL);
}

static void t_release(void *ud, const snmpx_incoming *held)
{
  (void)ud;
  (void)held;
}

static void expect_octets(const snmpx_varbind *vb, const char *want)
{
  assert_int_equal(vb->value.type, SNMPX_TYPE_OCTET_STRING);
  assert_int_equal(vb->value.v.bytes.len, strlen(want));
  assert_memory_equal(vb->value.v.bytes.ptr, want, strlen(want));
}

static void test_run(void **state)
{
  (void)state;
  char dir[] = "/tmp/snmpx_extend_XXXXXX";
  assert_non_null(mkdtemp(dir));
  char script[128];
  snprintf(script, sizeof(script), "%s/two.sh", dir);
  FILE *f = fopen(script, "w");
  assert_non_null(f);
  fputs("#!/bin/sh\necho \"first line\"\necho \"$1\"\nexit 3\n", f);
  fclose(f);
  chmod(script, 0755);

  snmpx_engine *e = snmpx_engine_new(NULL);
  snmpx_io *io = snmpx_io_new(e, NULL);
  snmpx_vacm *vacm = snmpx_vacm_new(NULL);
  add_view(vacm, "all", "1", true);
  add_community(vacm, "public", "pub", NULL, 0);
  add_group_all_models(vacm, "pub", "ro");
  add_access(vacm, "ro", SNMPX_SECMODEL_ANY, SNMPX_SECLEVEL_NOAUTH, "all",
             NULL);
  snmpx_agent_config ac;
  memset(&ac, 0, sizeof(ac));
  ac.vacm = vacm;
  snmpx_agent *agent = snmpx_agent_new(&ac);
  answers an = {0, NULL};
  snmpx_agent_async ops = {t_hold, t_answer, t_release, &an};
  assert_int_equal(snmpx_agent_set_async(agent, &ops), 0);
  agent_extend *x = agent_extend_new(agent, io, NULL);
  char err[200], args[256];
  snprintf(args, sizeof(args), "two %s second", script);
  assert_int_equal(agent_extend_conf(x, "exec", args, err, sizeof(err)), 1);
  assert_int_equal(
      agent_extend_conf(x, "extend", "one /bin/echo one", err, sizeof(err)), 1);
  assert_int_equal(
      agent_extend_attach(x, snmpx_agent_context(agent, NULL, 0, false)), 0);

  /* The first ask runs the program: the answer waits for it. */
  test_req r;
  req_init(&r, SNMPX_VERSION_2C, "public", SNMPX_PDU_GET);
  req_add(&r, NS ".3.1.1" TWO, snmpx_value_null());
  req_add(&r, NS ".1.0", snmpx_value_null());
  r.in.msg.pdu.varbinds = r.vbs;
  snmpx_pdu resp;
  assert_int_equal(snmpx_agent_process(agent, &r.in, &resp),
                   SNMPX_AGENT_PENDING);
  for (int i = 0; i < 1000 && an.n == 0; i++)
    snmpx_io_run_once(io, 10);
  assert_int_equal(an.n, 1);
  expect_octets(&an.last->varbinds[0], "first line");
  assert_int_equal(an.last->varbinds[1].value.v.i, 2); /* two entries */

  /* Within the cache time: answered at once, nothing run. */
  req_init(&r, SNMPX_VERSION_2C, "public", SNMPX_PDU_GET);
  req_add(&r, NS ".3.1.2" TWO, snmpx_value_null());
  req_add(&r, NS ".3.1.3" TWO, snmpx_value_null());
  req_add(&r, NS ".3.1.4" TWO, snmpx_value_null());
  req_add(&r, NS ".4.1.2" TWO ".2", snmpx_value_null());
  req_add(&r, NS ".4.1.2" TWO ".3", snmpx_value_null());
  req_add(&r, ".1.3.6.1.4.1.2021.8.1.3.1", snmpx_value_null());
  req_add(&r, ".1.3.6.1.4.1.2021.8.1.101.1", snmpx_value_null());
  r.in.msg.pdu.varbinds = r.vbs;
  assert_int_equal(snmpx_agent_process(agent, &r.in, &resp), 0);
  expect_octets(&resp.varbinds[0], "first line\nsecond");
  assert_int_equal(resp.varbinds[1].value.v.i, 2);
  assert_int_equal(resp.varbinds[2].value.v.i, 3);
  expect_octets(&resp.varbinds[3], "second");
  assert_int_equal(resp.varbinds[4].value.type, SNMPX_TYPE_NOSUCHINSTANCE);
  char cmd[300];
  snprintf(cmd, sizeof(cmd), "%s second", script);
  expect_octets(&resp.varbinds[5], cmd);
  expect_octets(&resp.varbinds[6], "first line");

  /* A walk step that needs another program: it runs, then the answer. */
  req_init(&r, SNMPX_VERSION_2C, "public", SNMPX_PDU_GETNEXT);
  req_add(&r, NS ".3.1.1" TWO, snmpx_value_null());
  r.in.msg.pdu.varbinds = r.vbs;
  assert_int_equal(snmpx_agent_process(agent, &r.in, &resp),
                   SNMPX_AGENT_PENDING);
  for (int i = 0; i < 1000 && an.n == 1; i++)
    snmpx_io_run_once(io, 10);
  assert_int_equal(an.n, 2);
  expect_name(&an.last->varbinds[0], NS ".3.1.2" ONE);
  expect_octets(&an.last->varbinds[0], "one");

  /* A walk step from the configuration table into the output. */
  req_init(&r, SNMPX_VERSION_2C, "public", SNMPX_PDU_GETNEXT);
  req_add(&r, NS ".2.1.21" TWO, snmpx_value_null());
  r.in.msg.pdu.varbinds = r.vbs;
  assert_int_equal(snmpx_agent_process(agent, &r.in, &resp), 0);
  expect_name(&resp.varbinds[0], NS ".3.1.1" ONE); /* "one" sorts first */

  snmpx_agent_free(agent);
  agent_extend_free(x);
  snmpx_pdu_free(an.last, NULL);
  snmpx_io_free(io);
  snmpx_engine_free(e);
  snmpx_vacm_free(vacm);
  unlink(script);
  rmdir(dir);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_split),
      cmocka_unit_test(test_words),
      cmocka_unit_test(test_conf),
      cmocka_unit_test(test_run),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
