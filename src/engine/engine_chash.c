/* The engine's chained hash (see engine_chash.h). */
#include "engine_chash.h"

size_t snmpx__chash_bytes(size_t h, const void *p, size_t len)
{
  uint64_t x = h ? h : 1469598103934665603u;
  const uint8_t *s = p;
  for (size_t i = 0; i < len; i++)
    x = (x ^ s[i]) * 1099511628211u;
  return (size_t)x;
}

/* Double the buckets (64 to start) and rechain every record. */
static int grow(snmpx__chash *t, const snmpx_mem *mem)
{
  size_t cap = t->cap ? t->cap * 2 : 64;
  snmpx__chain **b = snmpx__calloc(mem, cap, sizeof(*b));
  if (b == NULL)
    return SNMPX_ENOMEM;
  for (size_t i = 0; i < t->cap; i++) {
    snmpx__chain *c = t->b[i];
    while (c != NULL) {
      snmpx__chain *next = c->next;
      size_t k = c->hash & (cap - 1);
      c->next = b[k];
      b[k] = c;
      c = next;
    }
  }
  snmpx__free(mem, t->b);
  t->b = b;
  t->cap = cap;
  return 0;
}

int snmpx__chash_add(snmpx__chash *t, snmpx__chain *c, size_t hash,
                     const snmpx_mem *mem)
{
  if (t->n >= t->cap && grow(t, mem) != 0)
    return SNMPX_ENOMEM;
  size_t k = hash & (t->cap - 1);
  c->hash = hash;
  c->next = t->b[k];
  t->b[k] = c;
  t->n++;
  return 0;
}

void snmpx__chash_remove(snmpx__chash *t, snmpx__chain *c)
{
  snmpx__chain **p = &t->b[c->hash & (t->cap - 1)];
  while (*p != NULL && *p != c)
    p = &(*p)->next;
  if (*p == NULL)
    return;
  *p = c->next;
  c->next = NULL;
  t->n--;
}

void snmpx__chash_free_record(snmpx__chain *c, void *mem)
{
  snmpx__free(mem, c);
}

void snmpx__chash_clear(snmpx__chash *t, const snmpx_mem *mem,
                        void (*drop)(snmpx__chain *c, void *ud), void *ud)
{
  for (size_t i = 0; i < t->cap; i++) {
    while (t->b[i] != NULL) {
      snmpx__chain *c = t->b[i];
      t->b[i] = c->next;
      drop(c, ud);
    }
  }
  snmpx__free(mem, t->b);
  t->b = NULL;
  t->cap = t->n = 0;
}
