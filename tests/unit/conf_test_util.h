/* Helpers of the configuration reader tests (test_tool_agent_conf.c,
 * test_tool_trapd_conf.c): files in a private temporary directory, and
 * what a call printed on stderr. */
#ifndef SNMPX_TESTS_CONF_TEST_UTIL_H
#define SNMPX_TESTS_CONF_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The private directory (made once, removed at exit with what is in it). */
static char conf_dir[256];

static void conf_dir_remove(void)
{
  char cmd[300];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", conf_dir);
  if (system(cmd) != 0)
    fprintf(stderr, "cannot remove %s\n", conf_dir);
}

static const char *conf_tmpdir(void)
{
  if (conf_dir[0] == '\0') {
    const char *t = getenv("TMPDIR");
    snprintf(conf_dir, sizeof(conf_dir), "%s/snmpx-conf.XXXXXX",
             t && *t ? t : "/tmp");
    assert_non_null(mkdtemp(conf_dir));
    atexit(conf_dir_remove);
  }
  return conf_dir;
}

/* Write |len| bytes of |text| to the file |name| in the private directory;
 * its path goes to path[0..cap). */
static void conf_write(const char *name, const void *text, size_t len,
                       char *path, size_t cap)
{
  snprintf(path, cap, "%s/%s", conf_tmpdir(), name);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(text, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
}

/* stderr goes to a file between conf_capture_start and conf_capture_end,
 * which puts what was written in out[0..cap) (NUL-terminated). */
static int conf_saved_stderr = -1;

static void conf_capture_start(void)
{
  char path[300];
  snprintf(path, sizeof(path), "%s/stderr", conf_tmpdir());
  fflush(stderr);
  conf_saved_stderr = dup(2);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  dup2(fileno(f), 2);
  fclose(f);
}

static void conf_capture_end(char *out, size_t cap)
{
  char path[300];
  snprintf(path, sizeof(path), "%s/stderr", conf_tmpdir());
  fflush(stderr);
  dup2(conf_saved_stderr, 2);
  close(conf_saved_stderr);
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  size_t n = fread(out, 1, cap - 1, f);
  out[n] = '\0';
  fclose(f);
  fputs(out, stderr); /* still shown in the test's log */
}

/* |haystack| holds |needle|, or the test fails showing both. */
#define assert_has(haystack, needle)                                           \
  do {                                                                         \
    if (strstr((haystack), (needle)) == NULL)                                  \
      fail_msg("'%s' not in '%s'", (needle), (haystack));                      \
  } while (0)

/* |err| (what a load printed) names "PATH:LINE: " and holds |what|. */
#define assert_refused_at(err, path, line, what)                               \
  do {                                                                         \
    char where_[400];                                                          \
    snprintf(where_, sizeof(where_), "%s:%d: ", (path), (line));               \
    assert_has((err), where_);                                                 \
    assert_has((err), (what));                                                 \
  } while (0)

#endif
