/* The default allocator and the internal allocation helpers. */
#include <stdlib.h>

#include "internal.h"

static void *libc_malloc(size_t size, void *ud)
{
  (void)ud;
  return malloc(size);
}

static void *libc_realloc(void *ptr, size_t size, void *ud)
{
  (void)ud;
  return realloc(ptr, size);
}

static void libc_free(void *ptr, void *ud)
{
  (void)ud;
  free(ptr);
}

static const snmpx_mem default_mem = {NULL, libc_malloc, libc_realloc,
                                      libc_free};

const snmpx_mem *snmpx_mem_default(void)
{
  return &default_mem;
}

void *snmpx__malloc(const snmpx_mem *mem, size_t size)
{
  if (mem == NULL)
    mem = &default_mem;
  return mem->malloc(size ? size : 1, mem->user_data);
}

void *snmpx__calloc(const snmpx_mem *mem, size_t n, size_t size)
{
  if (size != 0 && n > SIZE_MAX / size)
    return NULL;
  void *p = snmpx__malloc(mem, n * size);
  if (p != NULL)
    memset(p, 0, n * size);
  return p;
}

void *snmpx__realloc(const snmpx_mem *mem, void *ptr, size_t size)
{
  if (mem == NULL)
    mem = &default_mem;
  return mem->realloc(ptr, size ? size : 1, mem->user_data);
}

void snmpx__free(const snmpx_mem *mem, void *ptr)
{
  if (ptr == NULL)
    return;
  if (mem == NULL)
    mem = &default_mem;
  mem->free(ptr, mem->user_data);
}
