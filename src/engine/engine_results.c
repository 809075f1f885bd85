/* Results of detached requests (submitted with no callback): kept by handle
 * until the caller takes them (snmpx_engine_take_result).  A small open-
 * addressing hash with backward-shift deletion, like the request table. */
#include "engine_priv.h"

static size_t slot_of(int64_t handle, size_t cap)
{
  uint64_t h = (uint64_t)handle * 0x9e3779b97f4a7c15ull;
  return (size_t)(h >> 32) & (cap - 1);
}

static int grow(snmpx_engine *e)
{
  size_t ncap = e->results_cap ? e->results_cap * 2 : 16;
  snmpx__result *ns = snmpx__calloc(e->mem, ncap, sizeof(*ns));
  if (ns == NULL)
    return SNMPX_ENOMEM;
  for (size_t i = 0; i < e->results_cap; i++) {
    if (e->results[i].handle == 0)
      continue;
    size_t j = slot_of(e->results[i].handle, ncap);
    while (ns[j].handle != 0)
      j = (j + 1) & (ncap - 1);
    ns[j] = e->results[i];
  }
  snmpx__free(e->mem, e->results);
  e->results = ns;
  e->results_cap = ncap;
  return 0;
}

static snmpx__result *find(const snmpx_engine *e, int64_t handle)
{
  if (e->results_cap == 0 || handle <= 0)
    return NULL;
  for (size_t i = slot_of(handle, e->results_cap);;
       i = (i + 1) & (e->results_cap - 1)) {
    if (e->results[i].handle == handle)
      return &e->results[i];
    if (e->results[i].handle == 0)
      return NULL;
  }
}

void snmpx__results_store(snmpx_engine *e, int64_t handle, int status,
                          const snmpx_msg *resp)
{
  /* A canceled detached request leaves nothing behind: it never "calls
   * back", not even through a stored result. */
  if (status == SNMPX_ECANCELED)
    return;
  if ((e->results_count + 1) * 2 > e->results_cap && grow(e) != 0)
    return; /* out of memory: the result is lost, the wait sees ENOTFOUND */
  snmpx_pdu *copy = NULL;
  if (status == 0) {
    copy = snmpx_pdu_dup(&resp->pdu, e->mem);
    if (copy == NULL)
      status = SNMPX_ENOMEM;
  }
  size_t i = slot_of(handle, e->results_cap);
  while (e->results[i].handle != 0)
    i = (i + 1) & (e->results_cap - 1);
  e->results[i] = (snmpx__result){handle, status, copy};
  e->results_count++;
}

static void remove_slot(snmpx_engine *e, snmpx__result *r)
{
  size_t mask = e->results_cap - 1;
  size_t hole = (size_t)(r - e->results);
  for (size_t j = (hole + 1) & mask; e->results[j].handle != 0;
       j = (j + 1) & mask) {
    size_t home = slot_of(e->results[j].handle, e->results_cap);
    bool movable = (hole <= j) ? (home <= hole || home > j)
                               : (home <= hole && home > j);
    if (movable) {
      e->results[hole] = e->results[j];
      hole = j;
    }
  }
  e->results[hole].handle = 0;
  e->results[hole].resp = NULL;
  e->results_count--;
}

void snmpx__results_clear(snmpx_engine *e)
{
  for (size_t i = 0; i < e->results_cap; i++)
    if (e->results[i].handle != 0)
      snmpx_pdu_free(e->results[i].resp, e->mem);
  snmpx__free(e->mem, e->results);
  e->results = NULL;
  e->results_cap = e->results_count = 0;
}

bool snmpx_engine_is_done(const snmpx_engine *e, int64_t handle)
{
  return e != NULL && find(e, handle) != NULL;
}

int snmpx_engine_take_result(snmpx_engine *e, int64_t handle,
                             snmpx_pdu **resp)
{
  if (e == NULL)
    return SNMPX_EINVAL;
  if (resp != NULL)
    *resp = NULL;
  snmpx__result *r = find(e, handle);
  if (r == NULL)
    return snmpx_engine_is_pending(e, handle) ? SNMPX_EAGAIN
                                              : SNMPX_ENOTFOUND;
  int status = r->status;
  if (resp != NULL)
    *resp = r->resp;
  else
    snmpx_pdu_free(r->resp, e->mem);
  remove_slot(e, r);
  return status;
}
