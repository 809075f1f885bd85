/* libFuzzer target: what tools/daemon.c reads from outside: the
 * msgUserName of a datagram that failed USM authentication (logged), and
 * the -L options of the command line.  The first byte picks which: even,
 * the rest is a datagram, whose user name comes out printable and at most
 * 32 characters; odd, the rest is NUL-separated words read as one -L
 * option and its following words, which either parse or are refused,
 * never opening anything. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_user(const uint8_t *data, size_t size)
{
  char user[40];
  if (daemon_usm_user(data, size, user, sizeof(user)) != 0) {
    if (user[0] != '\0')
      abort();
    return;
  }
  size_t n = strlen(user);
  if (n > 32)
    abort();
  for (size_t i = 0; i < n; i++)
    if (user[i] < 0x20 || user[i] > 0x7e)
      abort();
}

static void fuzz_option(const uint8_t *data, size_t size)
{
  char *buf = malloc(size + 1);
  if (buf == NULL)
    return;
  memcpy(buf, data, size);
  buf[size] = '\0';
  char *argv[8];
  int argc = 0;
  for (char *p = buf; argc < 8 && p <= buf + size; p += strlen(p) + 1)
    argv[argc++] = p;
  daemon_log l;
  memset(&l, 0, sizeof(l));
  l.ident = "fuzz";
  int optind = 1;
  if (daemon_log_option(&l, argv[0], argc, argv, &optind) == 0 &&
      (optind > argc || l.n > 1))
    abort();
  daemon_log_close(&l);
  free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size == 0)
    return 0;
  if ((data[0] & 1) == 0)
    fuzz_user(data + 1, size - 1);
  else
    fuzz_option(data + 1, size - 1);
  return 0;
}
