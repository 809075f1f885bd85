/* tools/ere.c, snmpx translate's regular expressions: every construct of
 * POSIX's extended syntax (and GNU's escapes) against a table of expected
 * match starts, each checked against glibc's regcomp/regexec too (the
 * matcher Net-SNMP uses), the errors glibc gives, a few thousand generated
 * patterns against glibc, every label of the shared MIB modules against
 * glibc, and the patterns that took glibc minutes.  No timing: a pattern
 * that hung would be stopped by ctest's timeout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <regex.h>
#include <sys/stat.h>

#include <snmpx/snmpx.h>

#include "ere.h"

/* glibc's answer: the match start, -1 for none, or -100 - its error. */
static long glibc_search(const char *pattern, bool icase, const char *subject)
{
  regex_t re;
  int rc = regcomp(&re, pattern, REG_EXTENDED | (icase ? REG_ICASE : 0));
  if (rc != 0)
    return -100 - rc;
  regmatch_t pm;
  rc = regexec(&re, subject, 1, &pm, 0);
  regfree(&re);
  return rc == 0 ? (long)pm.rm_so : -1;
}

/* ere's answer in the same form (errors as glibc's codes). */
static long ere_answer(const char *pattern, bool icase, const char *subject)
{
  static const struct {
    int ere, posix;
  } codes[] = {
      {ERE_BADPAT, REG_BADPAT},   {ERE_EBRACK, REG_EBRACK},
      {ERE_EPAREN, REG_EPAREN},   {ERE_EBRACE, REG_EBRACE},
      {ERE_BADBR, REG_BADBR},     {ERE_ERANGE, REG_ERANGE},
      {ERE_ECTYPE, REG_ECTYPE},   {ERE_ECOLLATE, REG_ECOLLATE},
      {ERE_EESCAPE, REG_EESCAPE}, {ERE_BADRPT, REG_BADRPT},
      {ERE_ESUBREG, REG_ESUBREG}, {ERE_ESIZE, REG_ESIZE},
  };
  ere *re;
  int rc = ere_compile(pattern, icase ? ERE_ICASE : 0, &re, NULL);
  if (rc != 0) {
    assert_null(re);
    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
      if (codes[i].ere == rc)
        return -100 - codes[i].posix;
    return -1000 + rc; /* ENOMEM, EBACKREF, ETOOBIG: not glibc's */
  }
  long at = ere_search(re, subject, strlen(subject));
  ere_free(re);
  return at;
}

typedef struct row {
  const char *pattern, *subject;
  long at; /* the expected match start, -1 none */
} row;

/* Pattern, subject, where the match starts; all case-insensitive (as -TB
 * and -Ib are), and all as glibc answers. */
static const row rows[] = {
    /* literals, case folded both ways */
    {"ifIndex", "ifIndex", 0},
    {"index", "ifIndex", 2},
    {"INDEX", "ifindex", 2},
    {"xyz", "ifIndex", -1},
    {"", "anything", 0},
    {"", "", 0},
    {"a", "", -1},
    /* . */
    {"i.d", "ifIndex", 2},
    {"..x$", "ifIndex", 4},
    {".", "", -1},
    {"a.c",
     "a\xe9"
     "c",
     0},
    /* bracket expressions */
    {"[xyz]", "ifIndex", 6},
    {"[A-F]", "xyzc", 3},
    {"[a-f]", "XYZC", 3},
    {"[^a-z]", "ifIndex2", 7},
    {"[^a-z]", "ifIndex", -1},
    {"[]x]", "a]", 1},
    {"[^]x]", "]]xa", 3},
    {"[a-]", "x-", 1},
    {"[-a]", "x-", 1},
    {"[%--]", ",", 0},
    {"[a\\]", "x\\", 1},
    {"[[:digit:]]", "ifIndex2", 7},
    {"[[:alpha:]]", "12b", 2},
    {"[[:upper:]]", "ab", 0}, /* case-insensitively, upper is alpha */
    {"[[:lower:]]", "AB", 0},
    {"[^[:lower:]]", "ab", -1},
    {"[[:alnum:]_]", "-_", 1},
    {"[[:space:]]", "a b", 1},
    {"[[:blank:]]", "a\tb", 1},
    {"[[:punct:]]", "ab-", 2},
    {"[[:xdigit:]]", "xyzf", 3},
    {"[[:cntrl:]]", "a\x7f", 1},
    {"[[:print:]]", "\x01 ", 1},
    {"[[:graph:]]", " \x01x", 2},
    {"[[.-.]]", "a-", 1},
    {"[[.a.]-c]", "xb", 1},
    {"[[=e=]]", "xE", 1},
    {"[[:alpha:]-]", "1-", 1},
    {"[\x80-\xff]", "ab\xe9", 2},
    /* anchors */
    {"^if", "ifIndex", 0},
    {"^index", "ifIndex", -1},
    {"index$", "ifIndex", 2},
    {"if$", "ifIndex", -1},
    {"^$", "", 0},
    {"^$", "x", -1},
    {"a^b", "a^b", -1},
    {"a$b", "a$b", -1},
    {"x|^a", "ba", -1},
    {"(^a)", "a", 0},
    /* GNU's escapes */
    {"\\`if", "ifif", 0},
    {"if\\'", "ifif", 2},
    {"\\<in", "if in", 3},
    {"\\<dex", "ifIndex", -1},
    {"f\\>", "if in", 1},
    {"\\bin", "ifin in", 5},
    {"\\Bin", "ifin in", 2},
    {"\\B", "a b", -1},
    {"\\b", "", -1},
    {"\\B", "", 0},
    {"\\w+", "--ab_9", 2},
    {"\\W", "ab_9-", 4},
    {"\\s", "ab c", 2},
    {"\\S", "  c", 2},
    {"[\\w]", "w", 0}, /* in brackets a backslash is itself */
    /* groups and alternation */
    {"(in|out)put", "ifOutput", 2},
    {"if(In|Out)(Octets|Errors)", "ifOutErrors", 0},
    {"a|b|c", "xxc", 2},
    {"(a|)x", "x", 0},
    {"a|", "x", 0},
    {"|a", "x", 0},
    {"()", "x", 0},
    {"(|)", "", 0},
    {"((((((((((i)f)I)n)d)e)x))))", "ifIndex", 0},
    {"(a(b(c|d)|e)f)+g", "xabdfaefg", 1},
    {"a)", "a)", 0}, /* an unmatched ")" is itself */
    /* * + ? */
    {"ifx*in", "ifIndex", 0},
    {"ifx+in", "ifIndex", -1},
    {"if.?n", "ifIndex", 0},
    {"a**", "b", 0},
    {"(a*)*b", "aab", 0},
    {"(a|b)+c", "xxabbac", 2},
    {"x+?y", "y", 0},
    {"()*", "x", 0},
    /* bounded repetition */
    {"a{3}", "aaaa", 0},
    {"a{3}", "aa", -1},
    {"xa{2,}", "xaxaaa", 2},
    {"xa{1,2}b", "xaaab", -1},
    {"xa{,2}b", "xab", 0},
    {"xa{,}b", "xaaaab", 0},
    {"a{0}b", "b", 0},
    {"a{0}*b", "b", 0},
    {"(ab){2}", "abaabab", 3},
    {"(a{1,2}b){2}c", "abaabc", 0},
    {"a{1}}", "a}", 0}, /* a "}" alone is itself */
    {"s{,9}{0,9}{,9}x", "ssssssssssx", 0},
    /* backslash escapes */
    {"\\.", "a.b", 1},
    {"\\*\\+\\?\\{\\}\\(\\)\\|", "-*+?{}()|", 1},
    {"\\[\\]", "[]", 0},
    {"a\\\\b", "a\\b", 0},
    {"\\A", "xa", 1},
    {"\\a", "xa", -1}, /* glibc does not fold an escaped character */
    {"\\a", "xA", -1},
    /* high bytes: literals, never folded */
    {"\xe9", "a\xe9", 1},
    {"\xe9", "a\xc9", -1},
};

static void test_tool_ere_constructs(void **state)
{
  (void)state;
  for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
    const row *r = &rows[i];
    long got = ere_answer(r->pattern, true, r->subject);
    long want = glibc_search(r->pattern, true, r->subject);
    if (got != r->at || want != r->at)
      fail_msg("/%s/ in \"%s\": ere %ld, glibc %ld, table %ld", r->pattern,
               r->subject, got, want, r->at);
  }
}

/* Without ERE_ICASE (not what -TB uses, but the same code): case counts. */
static void test_tool_ere_case_sensitive(void **state)
{
  (void)state;
  static const row cs[] = {
      {"index", "ifIndex", -1},   {"Index", "ifIndex", 2},
      {"[a-z]", "ABc", 2},        {"[[:upper:]]", "abC", 2},
      {"[^[:lower:]]", "abC", 2}, {"\\a", "xa", 1},
      {"[A-z]", "[", 0},
  };
  for (size_t i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) {
    long got = ere_answer(cs[i].pattern, false, cs[i].subject);
    long want = glibc_search(cs[i].pattern, false, cs[i].subject);
    if (got != cs[i].at || want != cs[i].at)
      fail_msg("/%s/ in \"%s\": ere %ld, glibc %ld, table %ld", cs[i].pattern,
               cs[i].subject, got, want, cs[i].at);
  }
}

/* glibc 2.36 answers 2 for /b*\B/ in "ab", a match that ends where \B
 * does not hold; 1 (an empty b* between "a" and "b") is the answer. */
static void test_tool_ere_star_before_not_edge(void **state)
{
  (void)state;
  assert_int_equal(ere_answer("b*\\B", true, "ab"), 1);
  assert_int_equal(ere_answer("(b*)\\B", true, "ab"), 1);
  assert_int_equal(glibc_search("(b*)\\B", true, "ab"), 1);
}

typedef struct bad {
  const char *pattern;
  int err;
} bad;

static void test_tool_ere_errors(void **state)
{
  (void)state;
  /* glibc refuses each of these with the same error */
  static const bad posix[] = {
      {"[", ERE_BADPAT},
      {"[^", ERE_BADPAT},
      {"[a", ERE_EBRACK},
      {"[]", ERE_EBRACK},
      {"[[:alpha:]", ERE_EBRACK},
      {"[[:alpha", ERE_EBRACK},
      {"[[.", ERE_EBRACK},
      {"[[:]]", ERE_EBRACK},
      {"(a", ERE_EPAREN},
      {"((a)", ERE_EPAREN},
      {"a{1", ERE_EBRACE},
      {"a{1,", ERE_EBRACE},
      {"a{}", ERE_BADBR},
      {"a{x}", ERE_BADBR},
      {"a{2,1}", ERE_BADBR},
      {"a{1,2,3}", ERE_BADBR},
      {"[z-a]", ERE_ERANGE},
      {"[a-b-c]", ERE_ERANGE},
      {"[a--]", ERE_ERANGE},
      {"[Z-a]", ERE_ERANGE},
      {"[a-[:alpha:]]", ERE_ERANGE},
      {"[[:alpha:]-z]", ERE_ERANGE},
      {"[[:foo:]]", ERE_ECTYPE},
      {"[[:ALPHA:]]", ERE_ECTYPE},
      {"[[::]]", ERE_ECTYPE},
      {"[[.ab.]]", ERE_ECOLLATE},
      {"[[=ab=]]", ERE_ECOLLATE},
      {"[[..]]", ERE_ECOLLATE},
      {"a\\", ERE_EESCAPE},
      {"*a", ERE_BADRPT},
      {"+a", ERE_BADRPT},
      {"?a", ERE_BADRPT},
      {"{1}a", ERE_BADRPT},
      {"{x", ERE_BADRPT},
      {"a|*b", ERE_BADRPT},
      {"(*a)", ERE_BADRPT},
      {"^*", ERE_BADRPT},
      {"a$+", ERE_BADRPT},
      {"x\\b*", ERE_BADRPT},
      {"\\1", ERE_ESUBREG},
      {"(a\\1)", ERE_ESUBREG},
      {"(a)|\\1", ERE_ESUBREG},
      {"a{32768}", ERE_ESIZE},
      {"a{1,99999}", ERE_ESIZE},
      /* glibc's error, not ETOOBIG or EBACKREF, when the pattern has one */
      {"a{0,9999}(", ERE_EPAREN},
      {"(a)\\1[", ERE_BADPAT},
  };
  for (size_t i = 0; i < sizeof(posix) / sizeof(posix[0]); i++) {
    ere *re;
    size_t where = SIZE_MAX;
    int rc = ere_compile(posix[i].pattern, ERE_ICASE, &re, &where);
    if (rc != posix[i].err)
      fail_msg("/%s/: %d (%s), not %d", posix[i].pattern, rc, ere_strerror(rc),
               posix[i].err);
    assert_null(re);
    assert_true(ere_is_posix_error(rc));
    assert_true(where <= strlen(posix[i].pattern));
    if (strstr(posix[i].pattern, "9999") == NULL)
      assert_int_equal(ere_answer(posix[i].pattern, true, ""),
                       glibc_search(posix[i].pattern, true, ""));
  }
  /* glibc takes these; ere refuses them, with errors of its own */
  static const bad own[] = {
      {"(a)\\1", ERE_EBACKREF},
      {"(a)|(b)\\2", ERE_EBACKREF},
      {"a{0,2048}", ERE_ETOOBIG},
      {"a{32767}", ERE_ETOOBIG},
      {"(ab){0,2000}", ERE_ETOOBIG},
      {"((a{0,50}){0,50})", ERE_ETOOBIG},
      {"x{0,1500}y{0,1500}", ERE_ETOOBIG},
  };
  for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
    ere *re;
    assert_int_equal(ere_compile(own[i].pattern, ERE_ICASE, &re, NULL),
                     own[i].err);
    assert_null(re);
    assert_false(ere_is_posix_error(own[i].err));
  }
  assert_int_equal(glibc_search("(a)\\1", true, "aa"), 0);
  assert_non_null(strstr(ere_strerror(ERE_ETOOBIG), "4096"));
}

/* The size cap is on the program, whatever the pattern looks like. */
static void test_tool_ere_size_cap(void **state)
{
  (void)state;
  ere *re;
  /* a{0,n}: n optional copies of 2 instructions, and MATCH */
  assert_int_equal(ere_compile("a{0,2047}", ERE_ICASE, &re, NULL), 0);
  assert_int_equal(ere_size(re), ERE_MAX_PROG - 1);
  assert_int_equal(ere_search(re, "bab", 3), 0);
  ere_free(re);
  assert_int_equal(ere_compile("xy.{0,2046}z", ERE_ICASE, &re, NULL), 0);
  assert_int_equal(ere_size(re), ERE_MAX_PROG);
  assert_int_equal(ere_search(re, "aaxybbbbbbz", 11), 2);
  assert_int_equal(ere_search(re, "aaxybbbbbb", 10), -1);
  ere_free(re);
  assert_int_equal(ere_compile("xy.{0,2046}zw", ERE_ICASE, &re, NULL),
                   ERE_ETOOBIG);
  assert_int_equal(ere_compile("a{4095}", ERE_ICASE, &re, NULL), 0);
  ere_free(re);
  assert_int_equal(ere_compile("a{4096}", ERE_ICASE, &re, NULL), ERE_ETOOBIG);
}

/* The patterns that took glibc's regcomp minutes (fuzz_tool_translate's
 * slow inputs), and more of their kind, over long subjects. */
static void test_tool_ere_former_slow_patterns(void **state)
{
  (void)state;
  static const row slow[] = {
      {"s{,9}{0,9}{,9}x", "ssssssssssssssssssssssssssssssssssssssssx", 0},
      {"^s{,9}{0,9}{,9}x", "sssssssssssssssssssssssssssssssssssssssssy", -1},
      {"((a{0,9})x{0,9}){0,9}b", "aaaaaaaaaaaaaaaaaaxaaaaaaaaaaab", 0},
      {"s{,9}{0,9}{,09}\xa6{,9}{,09}\xa6{,9}+", "\xa6\xa6sss", 0},
      {"(((((((((i)f)I)n)O)c)t)e)t)", "xxifInOctets", 2},
      {"(a*)*(b*)*(c*)*d", "abcabcabcabcabcabcabcabcabcabc", -1},
      {"(a|aa){1,100}$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", -1},
  };
  char subject[4097];
  for (size_t i = 0; i < sizeof(slow) / sizeof(slow[0]); i++)
    if (ere_answer(slow[i].pattern, true, slow[i].subject) != slow[i].at)
      fail_msg("/%s/ in \"%s\"", slow[i].pattern, slow[i].subject);
  /* (((...(a?)?...)?)?b, 1000 groups deep: no recursion in the parser */
  char deep[3100] = "";
  for (int k = 0; k < 1000; k++)
    strcat(deep, "(");
  strcat(deep, "a?");
  for (int k = 0; k < 1000; k++)
    strcat(deep, ")?");
  strcat(deep, "b");
  assert_int_equal(ere_answer(deep, true, "aaaaaaaaaaaaaaaaaaaac"), -1);
  assert_int_equal(ere_answer(deep, true, "aaaaaaaaaaaaaaaaaaaab"), 19);
  memset(subject, 'a', sizeof(subject) - 1);
  subject[sizeof(subject) - 1] = '\0';
  assert_int_equal(ere_answer("(a|aa){1,100}b", true, subject), -1);
  assert_int_equal(ere_answer("(a*){0,9}{0,9}$", true, subject), 0);
  assert_int_equal(ere_answer("x.{0,2046}y", true, subject), -1);
}

/* xorshift64: the same numbers on every run. */
static uint64_t next_random(uint64_t *s)
{
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

/* Generated patterns of up to eight pieces from a small alphabet of the
 * syntax, small counts only (glibc's time grows with them), compared with
 * glibc on every subject: same error or same match start.  The generator
 * is seeded: the same patterns on every run. */
static void test_tool_ere_generated_as_glibc(void **state)
{
  (void)state;
  static const char *const pieces[] = {
      "a",       "b",     "A",     "_",         "-",         "1",
      ",",       ".",     "*",     "+",         "?",         "{",
      "}",       "(",     ")",     "[",         "]",         "^",
      "$",       "|",     "\\",    "[:alpha:]", "[:upper:]", "[:lower:]",
      "[:foo:]", "[.a.]", "[=b=]", "[..]",      "\\b",       "\\<",
      "\\>",     "\\w",   "\\W",   "\\s",       "\\S",       "\\`",
      "\\'",     "\\1",   "\\a",   "\\A",       " ",         "{1}",
      "{0,1}",   "{,2}",  "{2,}",  "{0}",       "\xe9",
  };
  static const char *const subjects[] = {
      "",    "a",    "A",   "ab", "aB_b", "ba-b", "x1",   "1,2",  "{1}",  "a b",
      "aaa", "AbAb", "(a)", "[]", "a^b",  "-_-",  "\xe9", "a\\b", "zzab",
  };
  uint64_t seed = 0x9e3779b97f4a7c15u;
  size_t compared = 0;
  for (int n = 0; n < 6000; n++) {
    char pattern[128] = "";
    for (uint64_t k = 1 + next_random(&seed) % 8; k > 0; k--)
      strcat(pattern,
             pieces[next_random(&seed) % (sizeof(pieces) / sizeof(pieces[0]))]);
    for (int icase = 0; icase < 2; icase++) {
      long e = ere_answer(pattern, icase, "");
      if (e == -1000 + ERE_EBACKREF)
        continue; /* glibc's back-references: refused by ere */
      regex_t gre;
      int rc = regcomp(&gre, pattern, REG_EXTENDED | (icase ? REG_ICASE : 0));
      if (e <= -100 || rc != 0) { /* an error: the same one */
        if (e != -100 - rc)
          fail_msg("/%s/%s: ere %ld, glibc %d", pattern, icase ? "i" : "", e,
                   rc);
        if (rc == 0)
          regfree(&gre);
        compared++;
        continue;
      }
      ere *re;
      assert_int_equal(ere_compile(pattern, icase ? ERE_ICASE : 0, &re, NULL),
                       0);
      for (size_t s = 0; s < sizeof(subjects) / sizeof(subjects[0]); s++) {
        regmatch_t pm;
        long want =
            regexec(&gre, subjects[s], 1, &pm, 0) == 0 ? (long)pm.rm_so : -1;
        long got = ere_search(re, subjects[s], strlen(subjects[s]));
        if (got != want)
          fail_msg("/%s/%s in \"%s\": ere %ld, glibc %ld", pattern,
                   icase ? "i" : "", subjects[s], got, want);
        compared++;
      }
      ere_free(re);
      regfree(&gre);
    }
  }
  assert_true(compared > 50000);
}

/* ---- Every label of the shared MIB modules ------------------------------ */

typedef struct walk {
  const snmpx_mibdb *m;
  const char **labels;
  size_t n, cap;
} walk;

static void collect(walk *w, snmpx_mibdb_node parent, int depth)
{
  for (snmpx_mibdb_node c = snmpx_mibdb_first_child(w->m, parent);
       c != SNMPX_MIBDB_NODE_NONE && depth < 128;
       c = snmpx_mibdb_next_sibling(w->m, c)) {
    snmpx_mibdb_info in;
    assert_int_equal(snmpx_mibdb_info_get(w->m, c, &in), 0);
    if (w->n == w->cap) {
      w->cap = w->cap ? 2 * w->cap : 1024;
      w->labels = realloc(w->labels, w->cap * sizeof(*w->labels));
      assert_non_null(w->labels);
    }
    w->labels[w->n++] = in.label;
    collect(w, c, depth + 1);
  }
}

/* What -TB and -Ib print depends on the pattern only through where it
 * matches each label (cmd_translate.c's match_at): where ere and glibc
 * agree on every label, the output of the patterns below over
 * ../shared/mibs (-m ALL) is what it was with regcomp. */
static void test_tool_ere_shared_mibs_as_glibc(void **state)
{
  (void)state;
  const char *dir = getenv("MIB_DIR");
  char path[1024];
  if (dir == NULL) {
    snprintf(path, sizeof(path), "%s/../../../shared/mibs", SNMPX_TEST_VECTORS);
    dir = path;
  }
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    skip();
  static const char *const patterns[] = {
      "if",
      "ifHC.*Octets",
      "sysOR",
      "vacm.*Name",
      "xyzzy",
      "Descr",
      "ifHC.*Oct",
      "^if",
      "Table$",
      "Entry$",
      "^ip(In|Out)",
      "[0-9]",
      "[[:digit:]]{2}",
      "^[a-z]+$",
      "index",
      "INDEX",
      "snmp.*Stats",
      "(in|out)(octets|pkts)",
      "^.{20,}$",
      "^.{0,4}$",
      "usm(User|Stats)",
      "[^a-z]",
      "-",
      "Tc$",
      "\\bif",
      "^(sys|if|ip)[A-Z]",
      "e{2}",
      "o.?o",
      "a|e|i|o|u",
      "^[A-Z]",
      "Group$",
      "Compliance",
      "Notif",
      "Trap",
      "[xz]",
      "ipv6",
      "inet(Address)?Type",
      "^$",
      "",
      "s{,9}{0,9}{,9}",
  };
  snmpx_mibdb *m = snmpx_mibdb_new(NULL);
  assert_non_null(m);
  snmpx_mibdb_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.mibdirs = dir;
  cfg.mibs = "ALL";
  cfg.cache_dir = "";
  cfg.no_conf = true;
  assert_int_equal(snmpx_mibdb_load_netsnmp(m, &cfg), 0);
  walk w = {m, NULL, 0, 0};
  collect(&w, SNMPX_MIBDB_NODE_NONE, 0);
  assert_true(w.n > 1000);
  for (size_t p = 0; p < sizeof(patterns) / sizeof(patterns[0]); p++) {
    ere *re;
    regex_t gre;
    assert_int_equal(ere_compile(patterns[p], ERE_ICASE, &re, NULL), 0);
    assert_int_equal(regcomp(&gre, patterns[p], REG_EXTENDED | REG_ICASE), 0);
    for (size_t i = 0; i < w.n; i++) {
      regmatch_t pm;
      long want =
          regexec(&gre, w.labels[i], 1, &pm, 0) == 0 ? (long)pm.rm_so : -1;
      long got = ere_search(re, w.labels[i], strlen(w.labels[i]));
      if (got != want)
        fail_msg("/%s/ in %s: ere %ld, glibc %ld", patterns[p], w.labels[i],
                 got, want);
    }
    regfree(&gre);
    ere_free(re);
  }
  free(w.labels);
  snmpx_mibdb_free(m);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tool_ere_constructs),
      cmocka_unit_test(test_tool_ere_case_sensitive),
      cmocka_unit_test(test_tool_ere_star_before_not_edge),
      cmocka_unit_test(test_tool_ere_errors),
      cmocka_unit_test(test_tool_ere_size_cap),
      cmocka_unit_test(test_tool_ere_former_slow_patterns),
      cmocka_unit_test(test_tool_ere_generated_as_glibc),
      cmocka_unit_test(test_tool_ere_shared_mibs_as_glibc),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
