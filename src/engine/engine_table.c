/* Request table: hash by request-id plus deadline heap. */
#include "engine_table.h"

static size_t slot_of(int32_t reqid, size_t cap)
{
  /* Request-ids are random already; a multiplicative mix still guards
   * against a caller-injected RNG with poor low bits. */
  uint32_t h = (uint32_t)reqid * 2654435761u;
  return (size_t)h & (cap - 1);
}

static int grow_hash(snmpx__reqtable *t, const snmpx_mem *mem)
{
  size_t ncap = t->cap ? t->cap * 2 : 64;
  snmpx__request **ns = snmpx__calloc(mem, ncap, sizeof(*ns));
  if (ns == NULL)
    return SNMPX_ENOMEM;
  for (size_t i = 0; i < t->cap; i++) {
    snmpx__request *r = t->slots[i];
    if (r == NULL)
      continue;
    size_t j = slot_of(r->reqid, ncap);
    while (ns[j] != NULL)
      j = (j + 1) & (ncap - 1);
    ns[j] = r;
  }
  snmpx__free(mem, t->slots);
  t->slots = ns;
  t->cap = ncap;
  return 0;
}

static int grow_heap(snmpx__reqtable *t, const snmpx_mem *mem)
{
  size_t ncap = t->heap_cap ? t->heap_cap * 2 : 64;
  snmpx__request **nh = snmpx__realloc(mem, t->heap, ncap * sizeof(*nh));
  if (nh == NULL)
    return SNMPX_ENOMEM;
  t->heap = nh;
  t->heap_cap = ncap;
  return 0;
}

void snmpx__reqtable_clear(snmpx__reqtable *t, const snmpx_mem *mem)
{
  snmpx__free(mem, t->slots);
  snmpx__free(mem, t->heap);
  memset(t, 0, sizeof(*t));
}

snmpx__request *snmpx__reqtable_find(const snmpx__reqtable *t, int32_t reqid)
{
  if (t->cap == 0)
    return NULL;
  for (size_t i = slot_of(reqid, t->cap);; i = (i + 1) & (t->cap - 1)) {
    snmpx__request *r = t->slots[i];
    if (r == NULL)
      return NULL;
    if (r->reqid == reqid)
      return r;
  }
}

static void heap_swap(snmpx__reqtable *t, size_t a, size_t b)
{
  snmpx__request *ra = t->heap[a];
  t->heap[a] = t->heap[b];
  t->heap[b] = ra;
  t->heap[a]->heap_idx = a;
  t->heap[b]->heap_idx = b;
}

static void heap_up(snmpx__reqtable *t, size_t i)
{
  while (i > 0) {
    size_t parent = (i - 1) / 2;
    if (t->heap[parent]->deadline <= t->heap[i]->deadline)
      break;
    heap_swap(t, i, parent);
    i = parent;
  }
}

static void heap_down(snmpx__reqtable *t, size_t i)
{
  size_t n = t->count;
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, m = i;
    if (l < n && t->heap[l]->deadline < t->heap[m]->deadline)
      m = l;
    if (r < n && t->heap[r]->deadline < t->heap[m]->deadline)
      m = r;
    if (m == i)
      return;
    heap_swap(t, i, m);
    i = m;
  }
}

int snmpx__reqtable_add(snmpx__reqtable *t, snmpx__request *r,
                        const snmpx_mem *mem)
{
  /* Keep the hash at most half full so probes stay short. */
  if ((t->count + 1) * 2 > t->cap && grow_hash(t, mem) != 0)
    return SNMPX_ENOMEM;
  if (t->count + 1 > t->heap_cap && grow_heap(t, mem) != 0)
    return SNMPX_ENOMEM;
  size_t i = slot_of(r->reqid, t->cap);
  while (t->slots[i] != NULL)
    i = (i + 1) & (t->cap - 1);
  t->slots[i] = r;
  r->heap_idx = t->count;
  t->heap[t->count++] = r;
  heap_up(t, r->heap_idx);
  return 0;
}

static void hash_remove(snmpx__reqtable *t, snmpx__request *r)
{
  size_t mask = t->cap - 1;
  size_t i = slot_of(r->reqid, t->cap);
  while (t->slots[i] != r)
    i = (i + 1) & mask;
  /* Backward-shift deletion: move later members of the probe run into the
   * hole when their home slot is at or before it, so no tombstones. */
  size_t hole = i;
  for (size_t j = (hole + 1) & mask; t->slots[j] != NULL; j = (j + 1) & mask) {
    size_t home = slot_of(t->slots[j]->reqid, t->cap);
    bool movable = (hole <= j) ? (home <= hole || home > j)
                               : (home <= hole && home > j);
    if (movable) {
      t->slots[hole] = t->slots[j];
      hole = j;
    }
  }
  t->slots[hole] = NULL;
}

void snmpx__reqtable_remove(snmpx__reqtable *t, snmpx__request *r)
{
  hash_remove(t, r);
  size_t i = r->heap_idx;
  size_t last = --t->count;
  if (i != last) {
    heap_swap(t, i, last);
    heap_down(t, i);
    heap_up(t, i);
  }
}

void snmpx__reqtable_reschedule(snmpx__reqtable *t, snmpx__request *r)
{
  heap_down(t, r->heap_idx);
  heap_up(t, r->heap_idx);
}
