/* Unit tests for tools/agent_persist.c: snmpd's persistent lines
 * (psyscontact, psysname, psyslocation, pauthtrapenable) read from and
 * written to $SNMP_PERSISTENT_DIR/snmpd.conf, other lines kept, a failed
 * write leaving the file whole. */
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

#include "agent_persist.h"

static void free_values(char *v[PERSIST_N])
{
  for (int k = 0; k < PERSIST_N; k++) {
    free(v[k]);
    v[k] = NULL;
  }
}

static void test_tool_agent_persist_parse(void **state)
{
  (void)state;
  char *v[PERSIST_N] = {NULL, NULL, NULL, NULL};
  static const char text[] = "engineBoots 3\n"
                             "psyslocation first\n"
                             "psyslocationX not ours\n"
                             "psyscontact \t ops team \r\n"
                             "psyslocation rack 9, row 2\n"
                             "psysname\n"
                             "pauthtrapenable 1";
  assert_int_equal(agent_persist_parse(text, sizeof(text) - 1, v), 0);
  assert_string_equal(v[PERSIST_LOCATION], "rack 9, row 2"); /* last wins */
  assert_string_equal(v[PERSIST_CONTACT], "ops team ");
  assert_string_equal(v[PERSIST_NAME], "");
  assert_string_equal(v[PERSIST_AUTHTRAP], "1");
  free_values(v);
  assert_int_equal(agent_persist_parse("", 0, v), 0);
  assert_null(v[PERSIST_CONTACT]);
}

static void read_file(const char *path, char *buf, size_t cap)
{
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  size_t n = fread(buf, 1, cap - 1, f);
  buf[n] = '\0';
  fclose(f);
}

static void test_tool_agent_persist_store(void **state)
{
  (void)state;
  char dir[] = "/tmp/snmpx-persist.XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[128], buf[1024], err[256];
  snprintf(path, sizeof(path), "%s/snmpd.conf", dir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("usmUser 1 3 0x80 ...\npsysname old\n# comment", f);
  fclose(f);
  setenv("SNMP_PERSISTENT_DIR", dir, 1);
  agent_persist p;
  memset(&p, 0, sizeof(p));
  assert_int_equal(agent_persist_open(&p, NULL, err, sizeof(err)), 0);
  assert_string_equal(p.values[PERSIST_NAME], "old");
  char *now[PERSIST_N] = {"c", "n", "l", "2"};
  assert_int_equal(agent_persist_store(&p, now, err, sizeof(err)), 0);
  read_file(path, buf, sizeof(buf));
  assert_string_equal(buf, "usmUser 1 3 0x80 ...\n# comment\n"
                           "psyscontact c\npsysname n\npsyslocation l\n"
                           "pauthtrapenable 2\n");
  /* A temporary file that cannot be made: the file stays whole. */
  char tmp[160];
  snprintf(tmp, sizeof(tmp), "%s.tmp", path);
  assert_int_equal(mkdir(tmp, 0700), 0);
  char *other[PERSIST_N] = {"x", NULL, NULL, NULL};
  assert_int_equal(agent_persist_store(&p, other, err, sizeof(err)), -1);
  assert_non_null(strstr(err, "snmpd.conf.tmp"));
  char after[1024];
  read_file(path, after, sizeof(after));
  assert_string_equal(after, buf);
  rmdir(tmp);
  agent_persist_clear(&p);
  unlink(path);
  rmdir(dir);
  unsetenv("SNMP_PERSISTENT_DIR");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tool_agent_persist_parse),
      cmocka_unit_test(test_tool_agent_persist_store),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
