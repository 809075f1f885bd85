/* Unit tests for tools/cli.c: cli_split_words, the word splitter of
 * snmpx agent's and trapd's configuration lines and of poll's targets
 * file.  Expected words follow Net-SNMP 5.9's read_config.c (copy_nword). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"

/* Split |line| (copied) and compare with the |n| words of |want|. */
static void words_are(const char *line, int n, const char *const *want)
{
  char buf[256];
  char *w[8];

  strcpy(buf, line);
  assert_int_equal(cli_split_words(buf, w, 8), n);
  for (int i = 0; i < n; i++)
    assert_string_equal(w[i], want[i]);
}

#define WORDS_ARE(line, ...)                                                   \
  do {                                                                         \
    static const char *const want_[] = {__VA_ARGS__};                          \
    words_are(line, (int)(sizeof(want_) / sizeof(want_[0])), want_);           \
  } while (0)

static void test_tool_cli_split_plain(void **state)
{
  WORDS_ARE("rocommunity public 127.0.0.1", "rocommunity", "public",
            "127.0.0.1");
  WORDS_ARE("  \tview  all included .1\r\n", "view", "all", "included", ".1");
  words_are("", 0, NULL);
  words_are("   \n", 0, NULL);
}

static void test_tool_cli_split_quotes(void **state)
{
  WORDS_ARE("createUser u SHA \"auth pass\" AES 'priv pass'", "createUser", "u",
            "SHA", "auth pass", "AES", "priv pass");
  /* The other quote is plain inside a quoted word. */
  WORDS_ARE("a \"it's\" 'say \"hi\"'", "a", "it's", "say \"hi\"");
  /* "" is an empty word (access GROUP "" ...). */
  WORDS_ARE("access g \"\" any", "access", "g", "", "any");
  /* A quote inside a word is plain; a word may follow a closing quote. */
  WORDS_ARE("ab\"c d\"", "ab\"c", "d\"");
  WORDS_ARE("\"ab\"cd", "ab", "cd");
  /* An unterminated quote runs to the end of the line. */
  WORDS_ARE("x \"a b", "x", "a b");
}

static void test_tool_cli_split_backslash(void **state)
{
  WORDS_ARE("a\\ b c", "a b", "c");
  WORDS_ARE("\"a\\\"b\" 'c\\'d'", "a\"b", "c'd");
  WORDS_ARE("a\\\\b \\#x", "a\\b", "#x");
  /* A backslash that ends the line is kept. */
  WORDS_ARE("a\\", "a\\");
}

static void test_tool_cli_split_comments(void **state)
{
  words_are("# a comment", 0, NULL);
  words_are("   #indented", 0, NULL);
  /* A word that starts with '#' ends the line, as in snmpd.conf. */
  WORDS_ARE("engineID 0x8000000001 # default: random", "engineID",
            "0x8000000001");
  WORDS_ARE("\"q\"#c", "q");
  /* Inside a word or quoted, '#' is plain. */
  WORDS_ARE("a#b '#c'", "a#b", "#c");
}

static void test_tool_cli_split_too_many(void **state)
{
  char buf[64];
  char *w[3];

  strcpy(buf, "a b c");
  assert_int_equal(cli_split_words(buf, w, 3), 3);
  strcpy(buf, "a b c d");
  assert_int_equal(cli_split_words(buf, w, 3), -1);
  strcpy(buf, "a b c # d");
  assert_int_equal(cli_split_words(buf, w, 3), 3);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tool_cli_split_plain),
      cmocka_unit_test(test_tool_cli_split_quotes),
      cmocka_unit_test(test_tool_cli_split_backslash),
      cmocka_unit_test(test_tool_cli_split_comments),
      cmocka_unit_test(test_tool_cli_split_too_many),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
