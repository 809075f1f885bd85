/* snmpx: pluggable allocator.  Every context object takes an optional
 * const snmpx_mem *; NULL means the C library's allocator. */
#ifndef SNMPX_MEM_H
#define SNMPX_MEM_H

#include "common.h"

typedef struct snmpx_mem {
  void *user_data;
  void *(*malloc)(size_t size, void *user_data);
  void *(*realloc)(void *ptr, size_t size, void *user_data);
  void (*free)(void *ptr, void *user_data);
} snmpx_mem;

/** The libc allocator as an snmpx_mem (never NULL, static storage). */
SNMPX_EXTERN const snmpx_mem *snmpx_mem_default(void);

#endif
