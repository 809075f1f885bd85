/* A chained hash for the engine's keyed records (users, remote engines):
 * records embed an snmpx__chain as their first member and carry their own
 * hash, so the table grows without knowing their keys. */
#ifndef SNMPX_ENGINE_CHASH_H
#define SNMPX_ENGINE_CHASH_H

#include "internal.h"

typedef struct snmpx__chain {
  struct snmpx__chain *next;
  size_t hash;
} snmpx__chain;

typedef struct snmpx__chash {
  snmpx__chain **b; /* buckets, a power of 2 of them (NULL: none yet) */
  size_t cap;
  size_t n;
} snmpx__chash;

/** FNV-1a of |len| bytes, continuing from |h| (start with 0). */
size_t snmpx__chash_bytes(size_t h, const void *p, size_t len);

/** A hash of what snmpx_addr_equal compares (domain, conn, family, port
 *  and address, or the UNIX path): equal addresses hash alike. */
size_t snmpx__addr_hash(const snmpx_addr *a);

/** The first record of |hash|'s bucket (walk ->next, compare keys), or
 *  NULL. */
static inline snmpx__chain *snmpx__chash_bucket(const snmpx__chash *t,
                                                size_t hash)
{
  return t->cap ? t->b[hash & (t->cap - 1)] : NULL;
}

/** Add |c| with |hash| (not present).  @return 0; SNMPX_ENOMEM. */
int snmpx__chash_add(snmpx__chash *t, snmpx__chain *c, size_t hash,
                     const snmpx_mem *mem);

/** Unlink |c| (present). */
void snmpx__chash_remove(snmpx__chash *t, snmpx__chain *c);

/** A |drop| for snmpx__chash_clear that frees each record with the
 *  allocator given as |mem| (a const snmpx_mem *, NULL for libc). */
void snmpx__chash_free_record(snmpx__chain *c, void *mem);

/** Unlink every record, calling |drop| on each, and free the buckets. */
void snmpx__chash_clear(snmpx__chash *t, const snmpx_mem *mem,
                        void (*drop)(snmpx__chain *c, void *ud), void *ud);

#endif
