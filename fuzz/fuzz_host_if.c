/* libFuzzer target: IF-MIB's readers of outside text (src/host/
 * host_if_parse.c): /proc/net/dev, a sysfs `address` or number, and
 * snmpd.conf's `interface` arguments, all over the same input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_if.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *text = (const char *)data;
  snmpx__host_if_dev devs[8];
  size_t n = snmpx__host_if_parse_dev(text, size, devs, 8);
  if (n > 8)
    abort();
  for (size_t i = 0; i < n; i++) {
    size_t len = strnlen(devs[i].name, sizeof(devs[i].name));
    /* A name is terminated, not empty, and within its line. */
    if (len == 0 || len >= sizeof(devs[i].name) ||
        memchr(devs[i].name, '\n', len) != NULL)
      abort();
  }
  uint8_t mac[6];
  size_t m = snmpx__host_if_parse_hwaddr(text, size, mac);
  if (m != 0 && m != 6)
    abort();
  int64_t v;
  if (snmpx__host_if_parse_int(text, size, &v)) {
    uint32_t speed, high;
    snmpx__host_if_speed(snmpx__host_if_type_of_arphrd(v), true, v, &speed,
                         &high);
    if (high / 1000000u > 0 && speed != 0xffffffffu)
      abort(); /* over 10^12 b/s must be capped */
  }
  /* The override parser takes a C string. */
  char *s = malloc(size + 1);
  if (s == NULL)
    return 0;
  memcpy(s, data, size);
  s[size] = '\0';
  char name[32], err[128];
  int32_t type;
  uint64_t speed;
  int rv = snmpx__host_if_parse_override(s, name, sizeof(name), &type, &speed,
                                         err, sizeof(err));
  if (rv == 0 && (type < 0 || strlen(name) == 0 || strlen(name) >= 32))
    abort();
  if (rv != 0 && strlen(err) == 0)
    abort();
  (void)snmpx__host_if_type_of_name(s);
  free(s);
  return 0;
}
