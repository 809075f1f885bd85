/* libFuzzer target: the TSM configuration words of snmp.conf/snmpd.conf
 * (src/tsm/tsm_conf.c, snmpx__tsm_conf_line).
 * Input: octet 0 picks the word (of the TSM words and one that is not),
 * the rest, up to its first NUL, is the line's arguments; several lines
 * separated by '\n' go to one configuration, as a file's lines do.
 * Paths in arguments are read if they exist (a SPEC may name a file), so
 * the committed corpus names none.
 * Invariants, abort() on any failure: a line is taken (1), not a TSM word
 * (0, only for the foreign word) or refused with SNMPX_EINVAL and an
 * error that names "fuzz.conf:LINE: "; nothing else. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tsm/tsm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const words[] = {
    "localCert",  "peerCert",   "trustCert",           "certSecName",
    "serverCert", "clientCert", "tsmUseTransportPrefix", "rouser"};
#define NWORDS (sizeof(words) / sizeof(words[0]))

static void check(bool ok, const char *what)
{
  if (!ok) {
    fprintf(stderr, "fuzz_tsm_conf: %s\n", what);
    abort();
  }
}

static void one_line(snmpx__tsm *t, const char *word, const char *args,
                     unsigned line)
{
  char err[400], where[32];
  err[0] = '\0';
  int rv = snmpx__tsm_conf_line(t, word, args, "fuzz.conf", line, err,
                                sizeof(err));
  if (rv == SNMPX_ENOMEM)
    return;
  if (strcmp(word, "rouser") == 0) {
    check(rv == 0, "a foreign word was taken");
    return;
  }
  check(rv == 1 || rv == SNMPX_EINVAL, "unexpected result");
  if (rv == SNMPX_EINVAL) {
    snprintf(where, sizeof(where), "fuzz.conf:%u: ", line);
    check(strncmp(err, where, strlen(where)) == 0, "error without file:line");
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size < 1 || size > 4096)
    return 0;
  snmpx__tsm *t = snmpx__tsm_new();
  if (t == NULL)
    return 0;
  const char *word = words[data[0] % NWORDS];
  char *text = malloc(size);
  if (text != NULL) {
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    unsigned line = 1;
    for (char *p = text, *nl; p != NULL; p = nl, line++) {
      nl = strchr(p, '\n');
      if (nl != NULL)
        *nl++ = '\0';
      one_line(t, word, p, line);
    }
    free(text);
  }
  snmpx__tsm_free(t);
  return 0;
}
