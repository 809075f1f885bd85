/* libFuzzer target: tools/ere.c, the regular expressions of snmpx
 * translate -TB and -Ib.  The first byte's low bit asks for ERE_ICASE;
 * the pattern runs to the first newline, the subject is the rest (any
 * bytes, NULs too).  Each input compiles once and is searched in the
 * subject and in each of its first 16 suffixes: at most 17 * 1024 *
 * ERE_MAX_PROG steps, whatever the pattern ("s{,9}{0,9}{,9}", which took
 * glibc's regcomp minutes, is in the corpus). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ere.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size < 1 || size > 1024)
    return 0;
  unsigned flags = (data[0] & 1) ? ERE_ICASE : 0;
  const uint8_t *p = data + 1, *end = data + size;
  const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
  size_t plen = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
  const char *subject = nl != NULL ? (const char *)nl + 1 : "";
  size_t slen = nl != NULL ? (size_t)(end - nl - 1) : 0;
  char *pattern = malloc(plen + 1);
  if (pattern == NULL)
    return 0;
  memcpy(pattern, p, plen);
  pattern[plen] = '\0'; /* a NUL inside ends the pattern early */
  ere *re = NULL;
  size_t where = 0;
  int rc = ere_compile(pattern, flags, &re, &where);
  if (ere_strerror(rc) == NULL)
    abort();
  if (rc != 0) {
    if (re != NULL || rc > 0 || where > plen)
      abort();
    free(pattern);
    return 0;
  }
  if (re == NULL || ere_size(re) == 0 || ere_size(re) > ERE_MAX_PROG)
    abort();
  for (size_t k = 0; k <= slen && k <= 16; k++) {
    long at = ere_search(re, subject + k, slen - k);
    if (at < -1 || at > (long)(slen - k))
      abort();
  }
  ere_free(re);
  free(pattern);
  return 0;
}
