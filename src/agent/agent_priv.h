/* Internal to src/agent: the request scratch arena and the tree lookups
 * the request processing uses. */
#ifndef SNMPX_AGENT_PRIV_H
#define SNMPX_AGENT_PRIV_H

#include "internal.h"

/* Scratch memory for one request: chunks kept from request to request
 * and rewound, so a steady load allocates nothing. */
typedef struct arena_chunk {
  struct arena_chunk *next;
  size_t cap;
  size_t used;
  /* data follows, aligned for uint64_t */
} arena_chunk;

typedef struct arena {
  const snmpx_mem *mem;
  arena_chunk *first;
  arena_chunk *cur;
  size_t total; /* bytes in all chunks */
  size_t limit; /* most bytes all chunks may hold */
} arena;

void snmpx__arena_init(arena *ar, const snmpx_mem *mem, size_t limit);
void snmpx__arena_clear(arena *ar);
void snmpx__arena_rewind(arena *ar);
void *snmpx__arena_alloc(arena *ar, size_t n);

struct snmpx_mib_req {
  const snmpx_incoming *in;
  arena scratch;
};

/* A registration found for a name. */
typedef struct mib_hit {
  snmpx_oidv prefix;
  const snmpx_mib_ops *ops;
  void *ctx;
} mib_hit;

/* The registration whose subtree holds |name|.  @return true if any. */
bool snmpx__mib_find(const snmpx_mib *m, snmpx_oidv name, mib_hit *hit);

/* GET of one instance: a value, an exception, or an error-status. */
snmpx_errstat snmpx__mib_get(const snmpx_mib *m, snmpx_mib_req *req,
                             snmpx_oidv name, snmpx_value *out);

/* The first instance in the whole tree after |after|: *name and *out, or
 * out->type ENDOFMIBVIEW.  An error-status from a handler is returned. */
snmpx_errstat snmpx__mib_next(const snmpx_mib *m, snmpx_mib_req *req,
                              snmpx_oidv after, snmpx_oid *name,
                              snmpx_value *out);

/* The tree's allocator; tables it owns (freed with it). */
const snmpx_mem *snmpx__mib_mem(const snmpx_mib *m);
void snmpx__mib_own_table(snmpx_mib *m, snmpx_table *t);
void snmpx__table_link(snmpx_table *t, snmpx_table **list);
void snmpx__table_free_all(snmpx_table *t);

/* Copy |v|'s bytes or arcs into one block from |mem|; the copy's views
 * point into *|store| (freed by the caller with snmpx__free).
 * @return 0; SNMPX_EINVAL; SNMPX_ENOMEM. */
int snmpx__value_copy(const snmpx_mem *mem, const snmpx_value *v,
                      snmpx_value *out, void **store);

/* ---- The agent ----------------------------------------------------- */

typedef struct agent_context {
  uint8_t name[32];
  size_t len;
  snmpx_mib *mib;
} agent_context;

/* Per-varbind SET bookkeeping (RFC 3416 4.2.5). */
typedef struct set_slot {
  mib_hit hit;
  void *state;
  bool tested;
  bool committed;
} set_slot;

typedef struct agent_std agent_std; /* the standard objects (agent_std.c) */

struct snmpx_agent {
  const snmpx_mem *mem;
  snmpx_vacm *vacm;
  snmpx_clock_cb clock;
  void *clock_ud;
  bool clock_given; /* the config's clock: kept when attached */
  uint64_t start_ms;
  uint32_t max_bulk;
  snmpx_engine *engine;
  agent_context *contexts;
  size_t n_contexts;
  snmpx_agent_stats stats;
  snmpx_mib_req req;
  snmpx_varbind *vbs; /* the response's varbinds */
  size_t vbs_cap;
  set_slot *slots;
  size_t slots_cap;
  agent_std *std;
};

/* Free the standard objects' state (agent_std.c). */
void snmpx__agent_std_free(snmpx_agent *a);

/* Upper bound of the BER size of one varbind, and of a PDU's fixed part
 * (agent_size.c). */
size_t snmpx__varbind_size(const snmpx_varbind *vb);
size_t snmpx__pdu_overhead(void);

/* What the engine adds around a PDU for |in|, guessed from its fields
 * (community, v3 header and security parameters). */
size_t snmpx__msg_overhead(const snmpx_incoming *in);

#endif
