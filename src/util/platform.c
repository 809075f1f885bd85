/* Default clock and entropy, injected into engines that are given none.
 * Kept out of src/engine so the engine itself stays free of system calls. */
#include <errno.h>
#include <sys/random.h>
#include <time.h>

#include "internal.h"

uint64_t snmpx__clock_monotonic_ms(void *ud)
{
  struct timespec ts;
  (void)ud;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void snmpx__random_getrandom(void *ud, void *buf, size_t len)
{
  uint8_t *p = buf;
  (void)ud;
  while (len > 0) {
    ssize_t n = getrandom(p, len, 0);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      /* getrandom cannot fail on Linux >= 3.17 once the pool is ready;
       * fall back to the clock so request-ids still vary. */
      uint64_t t = snmpx__clock_monotonic_ms(NULL) * 6364136223846793005u;
      for (; len > 0; len--, p++, t = t * 6364136223846793005u + 1)
        *p = (uint8_t)(t >> 56);
      return;
    }
    p += n;
    len -= (size_t)n;
  }
}

void snmpx__entropy_init(snmpx__entropy *en)
{
  en->pos = sizeof(en->buf);
}

/* Hand out bytes of the kernel's CSPRNG from a refilled buffer: one
 * getrandom(2) per 256 bytes instead of one per request-id and salt. */
void snmpx__entropy_read(void *ud, void *buf, size_t len)
{
  snmpx__entropy *en = ud;
  uint8_t *out = buf;
  while (len > 0) {
    if (en->pos == sizeof(en->buf)) {
      snmpx__random_getrandom(NULL, en->buf, sizeof(en->buf));
      en->pos = 0;
    }
    size_t n = sizeof(en->buf) - en->pos;
    if (n > len)
      n = len;
    memcpy(out, en->buf + en->pos, n);
    /* Bytes handed out are not kept. */
    memset(en->buf + en->pos, 0, n);
    en->pos += n;
    out += n;
    len -= n;
  }
}
