/* Unit tests for tools/agent_state.c: the agent's state file (engine ID
 * and boots, RFC 3414 2.2.2).  A damaged file is refused with FILE:LINE,
 * never read in part; writing makes missing directories. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "agent_state.h"

static int parse(const char *text, agent_state *st, char *err)
{
  return agent_state_parse(text, strlen(text), "S", st, err, 256);
}

static void good_file(void **unused)
{
  (void)unused;
  agent_state st;
  char err[256];
  assert_int_equal(parse("# c\n\nengineID 80001f8880aabbccdd\n"
                         "boots 12\n",
                         &st, err),
                   0);
  assert_true(st.present);
  assert_int_equal(st.engine_id_len, 9);
  assert_int_equal(st.engine_id[0], 0x80);
  assert_int_equal(st.boots, 12);
  assert_int_equal(parse("boots 2147483647\nengineID 0x0102030405\n", &st,
                         err),
                   0);
  assert_int_equal(st.boots, 2147483647u);
}

/* Each damaged file and the start of its message. */
static void refused(const char *text, const char *want)
{
  agent_state st;
  char err[256] = "";
  assert_int_equal(parse(text, &st, err), -1);
  if (strncmp(err, want, strlen(want)) != 0)
    fail_msg("'%s': got '%s', want '%s'", text, err, want);
}

static void damaged_files(void **unused)
{
  (void)unused;
  /* The engine ID intact, boots missing or unreadable: never boots 1. */
  refused("engineID 80001f8880aabbccdd\n", "S: no boots line");
  refused("engineID 80001f8880aabbccdd\nboots x\n", "S:2: bad boots");
  refused("engineID 80001f8880aabbccdd\nboots -1\n", "S:2: bad boots");
  refused("engineID 80001f8880aabbccdd\nboots 2147483648\n", "S:2: bad boots");
  refused("engineID 80001f8880aabbccdd\nboots 12", "S:2: last line has no");
  refused("engineID 80001f8880aabbccdd\nboots 1 2\n", "S:2: bad boots");
  /* Empty or garbage: never a new random engine ID. */
  refused("", "S: no engineID line");
  refused("\n# only a comment\n", "S: no engineID line");
  refused("garbage\n", "S:1: unknown line");
  refused("engineID 80001f88\nboots 1\n", "S:1: bad engineID");
  refused("engineID 80001f8880aabbccd\nboots 1\n", "S:1: bad engineID");
  refused("engineID 80001f8880aabbccdg\nboots 1\n", "S:1: bad engineID");
  refused("engineID 80001f8880aabbccdd\nengineID 80001f8880aabbccdd\n",
          "S:2: engineID given twice");
  refused("boots 1\nboots 2\n", "S:2: boots given twice");
  agent_state st;
  char err[256];
  static const char nul[] = "engineID 80001f8880aabbccdd\nboo\0ts 1\n";
  assert_int_equal(
      agent_state_parse(nul, sizeof(nul) - 1, "S", &st, err, sizeof(err)), -1);
  assert_string_equal(err, "S:2: NUL byte in line");
}

/* A write into a directory that does not exist yet makes it; the file
 * reads back; a damaged file is left as it was by a failed read. */
static void write_read(void **unused)
{
  (void)unused;
  char dir[] = "/tmp/snmpx_state_XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[256], sub[256], sub2[256];
  snprintf(sub, sizeof(sub), "%s/a", dir);
  snprintf(sub2, sizeof(sub2), "%s/a/b", dir);
  snprintf(path, sizeof(path), "%s/a/b/agent.state", dir);
  agent_state st, back;
  memset(&st, 0, sizeof(st));
  memcpy(st.engine_id, "\x80\x00\x1f\x88\x80\x01", 6);
  st.engine_id_len = 6;
  st.boots = 7;
  char err[512];
  assert_int_equal(agent_state_read(path, &back, err, sizeof(err)), 0);
  assert_false(back.present);
  assert_int_equal(agent_state_write(path, &st, err, sizeof(err)), 0);
  assert_int_equal(agent_state_read(path, &back, err, sizeof(err)), 0);
  assert_true(back.present);
  assert_int_equal(back.boots, 7);
  assert_memory_equal(back.engine_id, st.engine_id, 6);
  /* A directory given as the file is refused. */
  assert_int_equal(agent_state_read(sub2, &back, err, sizeof(err)), -1);
  unlink(path);
  rmdir(sub2);
  rmdir(sub);
  rmdir(dir);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(good_file),
      cmocka_unit_test(damaged_files),
      cmocka_unit_test(write_read),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
