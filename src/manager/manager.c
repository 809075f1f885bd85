/* Command generator (RFC 3413 3.1): GET, GETNEXT, GETBULK, SET and walks. */
#include "internal.h"

typedef struct walk walk;

struct snmpx_manager {
  snmpx_engine *engine;
  const snmpx_mem *mem; /* the engine's */
  snmpx_target target;
  walk *walks;    /* running walks, to cancel on free */
  int32_t bulk_limit; /* GETBULK size that worked after tooBig/timeouts */
  snmpx__window *win; /* target.window, or NULL */
  uint8_t *owned; /* the target's strings */
};

struct walk {
  snmpx_manager *m;
  walk *next;
  walk **pprev;
  snmpx_oid root;
  snmpx_oid last;      /* the OID before the one being checked */
  snmpx_oid requested; /* the OID of the request in flight */
  snmpx_walk_opts opts;
  snmpx_walk_varbind_cb on_varbind;
  snmpx_walk_done_cb done;
  void *user_data;
  int64_t handle; /* request in flight */
};

/* Copy |len| bytes of |src| to |*cursor| and point |*dst| at the copy. */
static void take(uint8_t **cursor, const uint8_t **dst, const void *src,
                 size_t len)
{
  if (src == NULL) {
    *dst = NULL;
    return;
  }
  if (len)
    memcpy(*cursor, src, len);
  *dst = *cursor;
  *cursor += len;
}

snmpx_manager *snmpx_manager_new(snmpx_engine *e, const snmpx_target *target)
{
  if (e == NULL || target == NULL)
    return NULL;
  const snmpx_mem *mem = snmpx__engine_mem(e);
  snmpx_manager *m = snmpx__calloc(mem, 1, sizeof(*m));
  if (m == NULL)
    return NULL;
  m->mem = mem;
  m->engine = e;
  m->target = *target;
  /* Every borrowed string of the target, copied into one block. */
  const char *ns = target->user_namespace;
  size_t ns_len = ns ? strlen(ns) + 1 : 0;
  size_t total = target->community_len + target->user_len +
                 target->engine_id_len + target->context_engine_id_len +
                 target->context_name_len + ns_len;
  m->owned = snmpx__malloc(mem, total);
  if (m->owned == NULL) {
    snmpx__free(mem, m);
    return NULL;
  }
  uint8_t *cur = m->owned;
  snmpx_target *t = &m->target;
  take(&cur, &t->community, target->community, target->community_len);
  take(&cur, &t->user, target->user, target->user_len);
  take(&cur, &t->engine_id, target->engine_id, target->engine_id_len);
  take(&cur, &t->context_engine_id, target->context_engine_id,
       target->context_engine_id_len);
  take(&cur, &t->context_name, target->context_name,
       target->context_name_len);
  const uint8_t *ns_copy;
  take(&cur, &ns_copy, ns, ns_len);
  t->user_namespace = (const char *)ns_copy;
  if (target->window > 0 &&
      (m->win = snmpx__window_new(e, target->window)) == NULL) {
    snmpx__free(mem, m->owned);
    snmpx__free(mem, m);
    return NULL;
  }
  return m;
}

void snmpx_manager_free(snmpx_manager *m)
{
  if (m == NULL)
    return;
  /* Cancelling completes each walk, which unlinks and frees it.  A walk
   * with no request in flight is inside its own callback, where freeing
   * the manager is not allowed (see manager.h); stop rather than spin. */
  while (m->walks != NULL)
    if (snmpx_engine_cancel(m->engine, m->walks->handle) != 0)
      break;
  snmpx__window_release(m->engine, m->win);
  snmpx__free(m->mem, m->owned);
  snmpx__free(m->mem, m);
}

const snmpx_target *snmpx_manager_target(const snmpx_manager *m)
{
  return &m->target;
}

/* Build a PDU whose varbinds are |oids| with NULL values and submit it.
 * Small requests use the stack; large ones one temporary allocation. */
static int64_t submit_names(snmpx_manager *m, snmpx_pdu_type type,
                            int32_t f1, int32_t f2, const snmpx_oidv *oids,
                            size_t n, snmpx_response_cb cb, void *ud)
{
  if (m == NULL || oids == NULL || n == 0)
    return SNMPX_EINVAL;
  snmpx_varbind local[32];
  snmpx_varbind *vbs = local;
  if (n > sizeof(local) / sizeof(local[0])) {
    vbs = snmpx__malloc(m->mem, n * sizeof(*vbs));
    if (vbs == NULL)
      return SNMPX_ENOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    vbs[i].name = oids[i];
    vbs[i].value = snmpx_value_null();
  }
  snmpx_pdu pdu;
  memset(&pdu, 0, sizeof(pdu));
  pdu.type = type;
  pdu.error_status = f1;
  pdu.error_index = f2;
  pdu.varbinds = vbs;
  pdu.n_varbinds = n;
  int64_t h = snmpx__engine_submit_in(m->engine, &m->target, &pdu, cb, ud,
                                      m->win);
  if (vbs != local)
    snmpx__free(m->mem, vbs);
  return h;
}

int64_t snmpx_manager_get(snmpx_manager *m, const snmpx_oidv *oids, size_t n,
                          snmpx_response_cb cb, void *user_data)
{
  return submit_names(m, SNMPX_PDU_GET, 0, 0, oids, n, cb, user_data);
}

int64_t snmpx_manager_getnext(snmpx_manager *m, const snmpx_oidv *oids,
                              size_t n, snmpx_response_cb cb, void *user_data)
{
  return submit_names(m, SNMPX_PDU_GETNEXT, 0, 0, oids, n, cb, user_data);
}

int64_t snmpx_manager_getbulk(snmpx_manager *m, int32_t non_repeaters,
                              int32_t max_repetitions, const snmpx_oidv *oids,
                              size_t n, snmpx_response_cb cb, void *user_data)
{
  if (m != NULL && m->target.version == SNMPX_VERSION_1)
    return SNMPX_EMSG_PDU_TYPE;
  /* RFC 3416 4.2.3: non-repeaters and max-repetitions are 0..2^31-1. */
  if (non_repeaters < 0 || max_repetitions < 0)
    return SNMPX_EINVAL;
  return submit_names(m, SNMPX_PDU_GETBULK, non_repeaters, max_repetitions,
                      oids, n, cb, user_data);
}

int64_t snmpx_manager_set(snmpx_manager *m, const snmpx_varbind *vbs,
                          size_t n, snmpx_response_cb cb, void *user_data)
{
  if (m == NULL || vbs == NULL || n == 0)
    return SNMPX_EINVAL;
  snmpx_pdu pdu;
  memset(&pdu, 0, sizeof(pdu));
  pdu.type = SNMPX_PDU_SET;
  pdu.varbinds = (snmpx_varbind *)vbs;
  pdu.n_varbinds = n;
  return snmpx__engine_submit_in(m->engine, &m->target, &pdu, cb, user_data,
                                 m->win);
}

/* ---- walks ---------------------------------------------------------- */

static void walk_finish(walk *w, int status, const snmpx_pdu *resp,
                        size_t vb_index)
{
  *w->pprev = w->next;
  if (w->next != NULL)
    w->next->pprev = w->pprev;
  /* The done callback may free the manager; keep what we need. */
  const snmpx_mem *mem = w->m->mem;
  w->done(w->user_data, status, resp, vb_index,
          w->opts.check_against_request ? &w->requested : &w->last);
  snmpx__free(mem, w);
}

static void walk_on_response(snmpx_engine *e, int64_t handle, int status,
                             const snmpx_msg *resp, void *ud);

static int walk_step(walk *w)
{
  w->requested = w->last;
  snmpx_oidv last = snmpx_oid_view(&w->last);
  int64_t h;
  if (w->opts.bulk)
    h = snmpx_manager_getbulk(w->m, 0, w->opts.max_repetitions, &last, 1,
                              walk_on_response, w);
  else
    h = snmpx_manager_getnext(w->m, &last, 1, walk_on_response, w);
  if (h < 0)
    return (int)h;
  w->handle = h;
  return 0;
}

/* Handle one varbind of a walk response.  @return 1 to go on, 0 when the
 * walk is over (|*status| says how). */
static int walk_varbind(walk *w, const snmpx_varbind *vb, int *status)
{
  /* The subtree ends at the first OID outside it, and at any exception
   * (RFC 3416 4.2.2: endOfMibView). */
  if (!snmpx_oidv_has_prefix(vb->name, snmpx_oid_view(&w->root)) ||
      snmpx_value_is_exception(&vb->value)) {
    *status = 0;
    return 0;
  }
  const snmpx_oid *prev =
      w->opts.check_against_request ? &w->requested : &w->last;
  if (!w->opts.allow_nonincreasing &&
      snmpx_oidv_compare(vb->name, snmpx_oid_view(prev)) <= 0) {
    *status = SNMPX_EWALK_NOT_INCREASING;
    return 0;
  }
  if (!w->on_varbind(w->user_data, vb)) {
    *status = 0;
    return 0;
  }
  int rv = snmpx_oid_set(&w->last, vb->name);
  if (rv != 0) {
    *status = rv;
    return 0;
  }
  return 1;
}

static void walk_on_response(snmpx_engine *e, int64_t handle, int status,
                             const snmpx_msg *resp, void *ud)
{
  walk *w = ud;
  (void)e;
  (void)handle;
  w->handle = 0;
  /* A GETBULK that the agent refuses as tooBig, or that times out (a large
   * reply may be lost to fragmentation or an agent that cannot build it),
   * is asked again with half the repetitions; the manager remembers the
   * size for this target's later walks. */
  bool too_big = status == 0 &&
                 resp->pdu.error_status == SNMPX_ERRSTAT_TOO_BIG;
  bool lost = status == SNMPX_ETIMEDOUT && w->opts.shrink_on_timeout;
  if ((too_big || lost) && w->opts.bulk && w->opts.max_repetitions > 1) {
    w->opts.max_repetitions /= 2;
    w->m->bulk_limit = w->opts.max_repetitions;
    int rv = walk_step(w);
    if (rv != 0)
      walk_finish(w, rv, NULL, 0);
    return;
  }
  if (status != 0) {
    walk_finish(w, status, NULL, 0);
    return;
  }
  const snmpx_pdu *pdu = &resp->pdu;
  if (pdu->error_status != SNMPX_ERRSTAT_NO_ERROR) {
    /* RFC 3584 4.1.2.3: an SNMPv1 agent says "end of MIB" with noSuchName. */
    bool v1_end = resp->version == SNMPX_VERSION_1 &&
                  pdu->error_status == SNMPX_ERRSTAT_NO_SUCH_NAME;
    walk_finish(w, v1_end ? 0 : SNMPX_EAGENT_ERROR, pdu,
                pdu->error_index > 0 ? (size_t)pdu->error_index - 1 : 0);
    return;
  }
  if (pdu->n_varbinds == 0) {
    walk_finish(w, 0, pdu, 0);
    return;
  }
  for (size_t i = 0; i < pdu->n_varbinds; i++) {
    int st;
    if (!walk_varbind(w, &pdu->varbinds[i], &st)) {
      walk_finish(w, st, pdu, i);
      return;
    }
  }
  int rv = walk_step(w);
  if (rv != 0)
    walk_finish(w, rv, NULL, 0);
}

int snmpx_manager_walk(snmpx_manager *m, snmpx_oidv root,
                       const snmpx_walk_opts *opts,
                       snmpx_walk_varbind_cb on_varbind,
                       snmpx_walk_done_cb done, void *user_data)
{
  if (m == NULL || on_varbind == NULL || done == NULL)
    return SNMPX_EINVAL;
  walk *w = snmpx__calloc(m->mem, 1, sizeof(*w));
  if (w == NULL)
    return SNMPX_ENOMEM;
  int rv = snmpx_oid_set(&w->root, root);
  if (rv != 0) {
    snmpx__free(m->mem, w);
    return rv;
  }
  w->last = w->root;
  w->m = m;
  if (opts != NULL)
    w->opts = *opts;
  if (w->opts.max_repetitions <= 0)
    w->opts.max_repetitions = 10;
  if (m->bulk_limit > 0 && w->opts.max_repetitions > m->bulk_limit)
    w->opts.max_repetitions = m->bulk_limit;
  if (m->target.version == SNMPX_VERSION_1)
    w->opts.bulk = false;
  w->on_varbind = on_varbind;
  w->done = done;
  w->user_data = user_data;
  rv = walk_step(w);
  if (rv != 0) {
    snmpx__free(m->mem, w);
    return rv;
  }
  w->next = m->walks;
  if (m->walks != NULL)
    m->walks->pprev = &w->next;
  w->pprev = &m->walks;
  m->walks = w;
  return 0;
}
