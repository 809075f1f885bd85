/* libFuzzer target: what tools/agent_extend.c reads from outside: a
 * program's output (split into lines as snmpd does), a command line split
 * into words for execv, and the extend/exec directive arguments.  The
 * first byte picks which; the rest is the text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent_extend.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void split(const char *text, size_t len)
{
  size_t starts[64], kept;
  size_t n = agent_extend_split(text, len, &kept, starts, 64);
  if (n < 1 || kept > len)
    abort();
  for (size_t i = 1; i < n && i < 64; i++)
    if (starts[i] <= starts[i - 1] || starts[i] > kept ||
        text[starts[i] - 1] != '\n')
      abort(); /* each line starts after a newline, in order */
}

static void words(char *text)
{
  char *argv[8];
  int n = agent_extend_words(text, argv, 8);
  if (n < 0 || n > 7 || argv[n] != NULL)
    abort();
}

static void directive(unsigned which, const char *text)
{
  static agent_extend *x;
  static unsigned uses;
  static const char *const names[] = {"extend", "extend-sh", "exec", "sh",
                                      "pass"};
  if (x == NULL || ++uses % 128 == 0) {
    agent_extend_free(x); /* nothing runs: no program was asked for */
    x = agent_extend_new(NULL, NULL, NULL);
    if (x == NULL)
      return;
  }
  char err[200];
  err[0] = '\0';
  int rv = agent_extend_conf(x, names[which % 5], text, err, sizeof(err));
  if (rv < -1 || rv > 1 || (rv < 0 && err[0] == '\0'))
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size == 0)
    return 0;
  char *text = malloc(size);
  if (text == NULL)
    return 0;
  memcpy(text, data + 1, size - 1);
  text[size - 1] = '\0';
  switch (data[0] % 3) {
  case 0:
    split(text, size - 1);
    break;
  case 1:
    words(text);
    break;
  default:
    directive(data[0] / 3, text);
    break;
  }
  free(text);
  return 0;
}
