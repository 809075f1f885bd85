/* The request scratch arena: handlers' values and the response's OIDs. */
#include "agent_priv.h"

#define CHUNK_MIN 16384
#define ALIGN 8

#define HEADER ((sizeof(arena_chunk) + ALIGN - 1) / ALIGN * ALIGN)

static uint8_t *chunk_data(arena_chunk *c)
{
  return (uint8_t *)c + HEADER;
}

void snmpx__arena_init(arena *ar, const snmpx_mem *mem, size_t limit)
{
  memset(ar, 0, sizeof(*ar));
  ar->mem = mem;
  ar->limit = limit;
}

void snmpx__arena_clear(arena *ar)
{
  arena_chunk *c = ar->first;
  while (c != NULL) {
    arena_chunk *next = c->next;
    snmpx__free(ar->mem, c);
    c = next;
  }
  ar->first = ar->cur = NULL;
  ar->total = 0;
}

void snmpx__arena_rewind(arena *ar)
{
  for (arena_chunk *c = ar->first; c != NULL; c = c->next)
    c->used = 0;
  ar->cur = ar->first;
}

void *snmpx__arena_alloc(arena *ar, size_t n)
{
  if (n > ar->limit)
    return NULL;
  n = (n + ALIGN - 1) / ALIGN * ALIGN;
  if (n == 0)
    n = ALIGN;
  /* Use the current chunk, then the later ones kept from earlier
   * requests, then a new one. */
  while (ar->cur != NULL && ar->cur->cap - ar->cur->used < n) {
    if (ar->cur->next == NULL)
      break;
    ar->cur = ar->cur->next;
  }
  if (ar->cur == NULL || ar->cur->cap - ar->cur->used < n) {
    size_t room = ar->limit - ar->total;
    size_t cap = n > CHUNK_MIN ? n : CHUNK_MIN;
    if (cap > room)
      cap = room;
    if (cap < n)
      return NULL;
    arena_chunk *c = snmpx__malloc(ar->mem, HEADER + cap);
    if (c == NULL)
      return NULL;
    c->next = NULL;
    c->cap = cap;
    c->used = 0;
    if (ar->cur != NULL)
      ar->cur->next = c;
    else
      ar->first = c;
    ar->cur = c;
    ar->total += cap;
  }
  void *p = chunk_data(ar->cur) + ar->cur->used;
  ar->cur->used += n;
  return p;
}

snmpx_mib_req *snmpx__mib_req_new(snmpx_agent *a)
{
  const snmpx_mem *mem = a->mem;
  snmpx_mib_req *req = snmpx__calloc(mem, 1, sizeof(*req));
  if (req == NULL)
    return NULL;
  snmpx__arena_init(&req->scratch, mem, SNMPX__REQ_SCRATCH_LIMIT);
  req->agent = a;
  return req;
}

void snmpx__mib_req_free(snmpx_mib_req *req)
{
  if (req == NULL)
    return;
  const snmpx_mem *mem = req->scratch.mem;
  snmpx__arena_clear(&req->scratch);
  snmpx__free(mem, req);
}

const snmpx_incoming *snmpx_mib_req_incoming(const snmpx_mib_req *req)
{
  return req != NULL ? req->in : NULL;
}

void *snmpx_mib_req_alloc(snmpx_mib_req *req, size_t n)
{
  return req != NULL ? snmpx__arena_alloc(&req->scratch, n) : NULL;
}

bool snmpx__arena_copy_oid(arena *ar, snmpx_oidv in, snmpx_oidv *out)
{
  uint32_t *arcs = snmpx__arena_alloc(ar, in.len * sizeof(uint32_t));
  if (arcs == NULL)
    return false;
  if (in.len > 0)
    memcpy(arcs, in.arcs, in.len * sizeof(uint32_t));
  out->arcs = arcs;
  out->len = in.len;
  return true;
}
