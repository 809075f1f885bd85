/* The engine's in-flight request table: a hash from request-id to request
 * (open addressing, linear probing, backward-shift deletion) and a binary
 * min-heap of deadlines.  Both hold pointers to the same requests. */
#ifndef SNMPX_ENGINE_TABLE_H
#define SNMPX_ENGINE_TABLE_H

#include "internal.h"

/* Where a request stands with respect to the windows. */
enum {
  SNMPX__WAIT_NONE = 0,   /* on the wire (or never windowed) */
  SNMPX__WAIT_TARGET = 1, /* queued: its target's window is full */
  SNMPX__WAIT_AGENT = 2,  /* queued: its agent's window is full */
  SNMPX__WAIT_TOTAL = 3   /* queued: the engine's window is full */
};

/* The deadline of a request that waits: never. */
#define SNMPX__NEVER UINT64_MAX

typedef struct snmpx__request {
  int64_t handle;
  int32_t reqid;
  snmpx_version version;
  bool strict_source;
  uint32_t timeout_ms;     /* of the next try */
  uint32_t max_timeout_ms;
  uint16_t backoff_pct;
  int32_t tries_left;
  uint64_t deadline;
  size_t heap_idx;
  snmpx_addr addr;
  snmpx_response_cb cb;
  void *user_data;
  struct snmpx__v3req *v3; /* SNMPv3 state, NULL for v1/v2c */
  struct snmpx__window *win;  /* its target's window, or NULL */
  struct snmpx__agent *agent; /* its agent's window, or NULL */
  struct snmpx__request *qprev, *qnext; /* while waiting in a window */
  uint8_t wait;            /* SNMPX__WAIT_* */
  bool windowed;           /* it has waited (counted in stats.windowed) */
  uint8_t *data;           /* the encoded message, resent as is: points at
                              inline_data, or (v3) at its own allocation */
  size_t len;
  uint8_t inline_data[];
} snmpx__request;

typedef struct snmpx__reqtable {
  snmpx__request **slots; /* hash; NULL = empty; capacity a power of 2 */
  size_t cap;
  size_t count;
  snmpx__request **heap;  /* min-heap by deadline */
  size_t heap_cap;
} snmpx__reqtable;

/** Free the table's arrays (not the requests). */
void snmpx__reqtable_clear(snmpx__reqtable *t, const snmpx_mem *mem);

/** The request with |reqid|, or NULL. */
snmpx__request *snmpx__reqtable_find(const snmpx__reqtable *t, int32_t reqid);

/** Add |r| to the hash and the heap (its reqid must not be present).
 *  @return 0; SNMPX_ENOMEM. */
int snmpx__reqtable_add(snmpx__reqtable *t, snmpx__request *r,
                        const snmpx_mem *mem);

/** Remove |r| from both. */
void snmpx__reqtable_remove(snmpx__reqtable *t, snmpx__request *r);

/** The request with the earliest deadline, or NULL. */
static inline snmpx__request *snmpx__reqtable_first(const snmpx__reqtable *t)
{
  return t->count ? t->heap[0] : NULL;
}

/** Restore heap order after |r|'s deadline changed. */
void snmpx__reqtable_reschedule(snmpx__reqtable *t, snmpx__request *r);

#endif
