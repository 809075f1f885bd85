/* Cross-layer internal API (snmpx__*).  Not installed. */
#ifndef SNMPX_INTERNAL_H
#define SNMPX_INTERNAL_H

#include <string.h>

#include <snmpx/snmpx.h>

/* Allocation through an optional snmpx_mem (NULL: libc).  malloc of 0
 * returns a unique pointer; calloc checks for overflow. */
void *snmpx__malloc(const snmpx_mem *mem, size_t size);
void *snmpx__calloc(const snmpx_mem *mem, size_t n, size_t size);
void *snmpx__realloc(const snmpx_mem *mem, void *ptr, size_t size);
void snmpx__free(const snmpx_mem *mem, void *ptr);


/* Default clock (CLOCK_MONOTONIC, ms) and entropy (getrandom). */
uint64_t snmpx__clock_monotonic_ms(void *ud);
void snmpx__random_getrandom(void *ud, void *buf, size_t len);

#endif
