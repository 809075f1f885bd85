/* Shared by the fuzz targets that drive an engine: a clock that stands
 * still and an RNG that counts, so request-ids and msgIDs are 1, 2, 3... in
 * submit order and inputs can name them. */
#ifndef SNMPX_FUZZ_ENGINE_UTIL_H
#define SNMPX_FUZZ_ENGINE_UTIL_H

#include <string.h>

#include "internal.h"

static inline uint64_t fuzz_fixed_clock(void *ud)
{
  (void)ud;
  return 1000;
}

/* |ud| is a uint32_t counter. */
static inline void fuzz_counting_random(void *ud, void *buf, size_t len)
{
  uint32_t *n = ud;
  uint32_t v = ++*n;
  memset(buf, 0, len);
  memcpy(buf, &v, len < sizeof(v) ? len : sizeof(v));
}

/* An engine on the fixed clock and the counting RNG |counter|. */
static inline snmpx_engine *fuzz_engine_new(uint32_t *counter)
{
  snmpx_engine_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.clock = fuzz_fixed_clock;
  cfg.random = fuzz_counting_random;
  cfg.random_ud = counter;
  return snmpx_engine_new(&cfg);
}

#endif
