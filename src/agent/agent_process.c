/* The command responder (RFC 3413 3.2): one request in, one Response (or
 * Report) PDU out, with no I/O.  RFC 3416 4.2.1-4.2.5 for the operations,
 * RFC 3415 for access, RFC 3584 4 and 5 for SNMPv1/v2c. */
#include "agent_priv.h"

#define SCRATCH_LIMIT (4u << 20) /* handler values and response OIDs */
#define SKIP_BUDGET 100000       /* GETNEXT steps over hidden instances */

/* RFC 3413 snmpUnknownContexts.0 (SNMP-TARGET-MIB). */
static const uint32_t unknown_contexts_oid[] = {1, 3, 6, 1, 6, 3, 12, 1, 5, 0};

/* The request being processed. */
typedef struct job {
  snmpx_agent *a;
  const snmpx_incoming *in;
  const snmpx_pdu *pdu;
  const snmpx_mib *mib;
  const snmpx_vacm_view *view;
  bool v1;
  snmpx_pdu *resp;
} job;

snmpx_agent *snmpx_agent_new(const snmpx_agent_config *cfg)
{
  const snmpx_mem *mem = cfg ? cfg->mem : NULL;
  snmpx_agent *a = snmpx__calloc(mem, 1, sizeof(*a));
  if (a == NULL)
    return NULL;
  a->mem = mem;
  if (cfg != NULL) {
    a->vacm = cfg->vacm;
    a->clock = cfg->clock;
    a->clock_ud = cfg->clock_ud;
    a->clock_given = cfg->clock != NULL;
    a->max_bulk = cfg->max_bulk_varbinds;
  }
  if (a->clock == NULL)
    a->clock = snmpx__clock_monotonic_ms;
  if (a->max_bulk == 0)
    a->max_bulk = 1000;
  a->start_ms = a->clock(a->clock_ud);
  snmpx__arena_init(&a->req.scratch, mem, SCRATCH_LIMIT);
  if (snmpx_agent_context(a, NULL, 0, true) == NULL) {
    snmpx_agent_free(a);
    return NULL;
  }
  return a;
}

void snmpx_agent_free(snmpx_agent *a)
{
  if (a == NULL)
    return;
  if (a->engine != NULL)
    snmpx_agent_attach(a, NULL);
  snmpx__agent_std_free(a);
  for (size_t i = 0; i < a->n_contexts; i++)
    snmpx_mib_free(a->contexts[i].mib);
  snmpx__free(a->mem, a->contexts);
  snmpx__free(a->mem, a->vbs);
  snmpx__free(a->mem, a->slots);
  snmpx__arena_clear(&a->req.scratch);
  snmpx__free(a->mem, a);
}

static agent_context *find_context(const snmpx_agent *a, const uint8_t *name,
                                   size_t len)
{
  for (size_t i = 0; i < a->n_contexts; i++)
    if (a->contexts[i].len == len &&
        (len == 0 || memcmp(a->contexts[i].name, name, len) == 0))
      return &a->contexts[i];
  return NULL;
}

snmpx_mib *snmpx_agent_context(snmpx_agent *a, const uint8_t *name, size_t len,
                               bool create)
{
  if (a == NULL || len > 32 || (name == NULL && len > 0))
    return NULL;
  agent_context *c = find_context(a, name, len);
  if (c != NULL)
    return c->mib;
  if (!create)
    return NULL;
  if (a->vacm != NULL && snmpx_vacm_add_context(a->vacm, name, len) < 0)
    return NULL;
  agent_context *grown =
      snmpx__realloc(a->mem, a->contexts, (a->n_contexts + 1) * sizeof(*grown));
  if (grown == NULL)
    return NULL;
  a->contexts = grown;
  c = &a->contexts[a->n_contexts];
  c->mib = snmpx_mib_new(a->mem);
  if (c->mib == NULL)
    return NULL;
  if (len > 0)
    memcpy(c->name, name, len);
  c->len = len;
  a->n_contexts++;
  return c->mib;
}

int snmpx_agent_set_vacm(snmpx_agent *a, snmpx_vacm *v)
{
  if (a == NULL)
    return SNMPX_EINVAL;
  a->vacm = v;
  for (size_t i = 0; v != NULL && i < a->n_contexts; i++) {
    int rv = snmpx_vacm_add_context(v, a->contexts[i].name, a->contexts[i].len);
    if (rv < 0)
      return rv;
  }
  return 0;
}

void snmpx_agent_get_stats(const snmpx_agent *a, snmpx_agent_stats *out)
{
  if (a != NULL && out != NULL)
    *out = a->stats;
}

uint32_t snmpx_agent_uptime(const snmpx_agent *a)
{
  uint64_t now = a->clock(a->clock_ud);
  return (uint32_t)((now - a->start_ms) / 10);
}

/* ---- Response storage ----------------------------------------------- */

static bool reserve_vbs(snmpx_agent *a, size_t n)
{
  if (n <= a->vbs_cap)
    return true;
  snmpx_varbind *grown = snmpx__realloc(a->mem, a->vbs, n * sizeof(*grown));
  if (grown == NULL)
    return false;
  a->vbs = grown;
  a->vbs_cap = n;
  return true;
}

/* Copy |name| into request scratch: the response outlives the handler's
 * snmpx_oid on the stack. */
static bool keep_name(job *j, snmpx_oidv name, snmpx_oidv *out)
{
  uint32_t *arcs =
      snmpx__arena_alloc(&j->a->req.scratch, name.len * sizeof(uint32_t));
  if (arcs == NULL)
    return false;
  if (name.len > 0)
    memcpy(arcs, name.arcs, name.len * sizeof(uint32_t));
  out->arcs = arcs;
  out->len = name.len;
  return true;
}

/* An error answer: RFC 3416 4.2.1-4.2.5 all send the request's own
 * varbinds back with the error-status and error-index. */
static void set_error(job *j, snmpx_errstat st, size_t index)
{
  j->resp->error_status = (int32_t)st;
  j->resp->error_index = (int32_t)index;
  j->resp->varbinds = j->pdu->varbinds;
  j->resp->n_varbinds = j->pdu->n_varbinds;
}

/* ---- GET and GETNEXT -------------------------------------------------- */

static bool v1_hides(const job *j, const snmpx_value *v)
{
  /* RFC 3584 4.2.2.1: SNMPv1 cannot carry Counter64. */
  return j->v1 && v->type == SNMPX_TYPE_COUNTER64;
}

static snmpx_errstat get_one(job *j, snmpx_oidv name, snmpx_value *out)
{
  /* RFC 3413 3.2 (4) / RFC 3416 4.2.1: outside the view is noSuchObject. */
  if (!snmpx_vacm_view_includes(j->view, name)) {
    out->type = SNMPX_TYPE_NOSUCHOBJECT;
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  snmpx_errstat st = snmpx__mib_get(j->mib, &j->a->req, name, out);
  if (st == SNMPX_ERRSTAT_NO_ERROR && v1_hides(j, out))
    out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  return st;
}

/* RFC 3416 4.2.2: the first instance after |start| that the view shows
 * (RFC 3413 3.2: instances not in view are skipped), into *|vb|. */
static snmpx_errstat next_one(job *j, snmpx_oidv start, snmpx_varbind *vb)
{
  snmpx_oid cand, prev;
  snmpx_oidv after = start;
  for (int step = 0; step < SKIP_BUDGET; step++) {
    snmpx_errstat st =
        snmpx__mib_next(j->mib, &j->a->req, after, &cand, &vb->value);
    if (st != SNMPX_ERRSTAT_NO_ERROR)
      return st;
    if (vb->value.type == SNMPX_TYPE_ENDOFMIBVIEW) {
      vb->name = start; /* RFC 3416 4.2.2: the name of the request */
      return SNMPX_ERRSTAT_NO_ERROR;
    }
    if (snmpx_vacm_view_includes(j->view, snmpx_oid_view(&cand)) &&
        !v1_hides(j, &vb->value))
      return keep_name(j, snmpx_oid_view(&cand), &vb->name)
                 ? SNMPX_ERRSTAT_NO_ERROR
                 : SNMPX_ERRSTAT_GEN_ERR;
    prev = cand;
    after = snmpx_oid_view(&prev);
  }
  return SNMPX_ERRSTAT_GEN_ERR;
}

/* RFC 3584 4.2.2.1: for SNMPv1 an exception in a GET or GETNEXT answer is
 * noSuchName at that varbind. */
static bool v1_exception(job *j, size_t i, const snmpx_value *v)
{
  if (j->v1 && snmpx_value_is_exception(v)) {
    set_error(j, SNMPX_ERRSTAT_NO_SUCH_NAME, i + 1);
    return true;
  }
  return false;
}

static void do_get(job *j, bool next)
{
  const snmpx_pdu *p = j->pdu;
  for (size_t i = 0; i < p->n_varbinds; i++) {
    snmpx_varbind *vb = &j->resp->varbinds[i];
    snmpx_errstat st;
    if (next) {
      st = next_one(j, p->varbinds[i].name, vb);
    } else {
      vb->name = p->varbinds[i].name;
      st = get_one(j, vb->name, &vb->value);
    }
    if (st != SNMPX_ERRSTAT_NO_ERROR) {
      set_error(j, st, i + 1);
      return;
    }
    if (v1_exception(j, i, &vb->value))
      return;
  }
  j->resp->n_varbinds = p->n_varbinds;
  j->a->stats.in_total_req_vars += p->n_varbinds;
}

/* ---- GETBULK (RFC 3416 4.2.3) ----------------------------------------- */

static void do_getbulk(job *j)
{
  const snmpx_pdu *p = j->pdu;
  size_t n = p->n_varbinds;
  size_t nonrep = p->error_status < 0 ? 0 : (size_t)p->error_status;
  if (nonrep > n)
    nonrep = n;
  size_t rep = n - nonrep;
  size_t maxrep = p->error_index < 0 ? 0 : (size_t)p->error_index;
  size_t cap = j->a->max_bulk > n ? j->a->max_bulk : n;
  size_t room = j->in->max_size;
  size_t used = snmpx__msg_overhead(j->in) + snmpx__pdu_overhead();
  snmpx_varbind *out = j->resp->varbinds;
  size_t k = 0;
  for (size_t i = 0; i < nonrep; i++, k++) {
    snmpx_errstat st = next_one(j, p->varbinds[i].name, &out[k]);
    if (st != SNMPX_ERRSTAT_NO_ERROR) {
      set_error(j, st, i + 1);
      return;
    }
    used += snmpx__varbind_size(&out[k]);
  }
  /* Each repetition continues from the names of the one before. */
  for (size_t r = 0; r < maxrep && rep > 0; r++) {
    bool all_end = true;
    if (k + rep > cap || used > room)
      break;
    for (size_t c = 0; c < rep; c++) {
      snmpx_oidv from =
          r == 0 ? p->varbinds[nonrep + c].name : out[k - rep].name;
      if (r > 0 && out[k - rep].value.type == SNMPX_TYPE_ENDOFMIBVIEW) {
        out[k] = out[k - rep]; /* stays at the end */
      } else {
        snmpx_errstat st = next_one(j, from, &out[k]);
        if (st != SNMPX_ERRSTAT_NO_ERROR) {
          set_error(j, st, nonrep + c + 1);
          return;
        }
      }
      all_end = all_end && out[k].value.type == SNMPX_TYPE_ENDOFMIBVIEW;
      used += snmpx__varbind_size(&out[k]);
      k++;
    }
    /* RFC 3416 4.2.3 (3): a repetition that is all endOfMibView may end
     * the answer; and (1): stop before the message would be too big. */
    if (all_end)
      break;
  }
  /* Drop whole varbinds from the end while the estimate exceeds what the
   * manager accepts (the engine makes the final check). */
  while (k > nonrep && used > room)
    used -= snmpx__varbind_size(&out[--k]);
  j->resp->n_varbinds = k;
  j->a->stats.in_total_req_vars += k;
}

/* ---- SET (RFC 3416 4.2.5) ---------------------------------------------- */

/* Steps 1-8 for varbind |i|: the first error ends the SET. */
static snmpx_errstat test_one(job *j, size_t i, set_slot *s)
{
  const snmpx_varbind *vb = &j->pdu->varbinds[i];
  /* (2): outside the write view is noAccess. */
  if (!snmpx_vacm_view_includes(j->view, vb->name))
    return SNMPX_ERRSTAT_NO_ACCESS;
  /* (3): nothing here can be written. */
  if (!snmpx__mib_find(j->mib, vb->name, &s->hit) || s->hit.ops->test == NULL)
    return SNMPX_ERRSTAT_NOT_WRITABLE;
  s->tested = true;
  return s->hit.ops->test(s->hit.ctx, &j->a->req, vb->name, &vb->value,
                          &s->state);
}

static void cleanup_all(job *j, size_t n, bool committed)
{
  for (size_t i = 0; i < n; i++) {
    set_slot *s = &j->a->slots[i];
    if (s->tested && s->hit.ops->cleanup != NULL)
      s->hit.ops->cleanup(s->hit.ctx, &j->a->req, j->pdu->varbinds[i].name,
                          &s->state, committed && s->committed);
  }
}

/* Undo the commits before |failed|, last first.  @return true when all
 * were undone. */
static bool undo_before(job *j, size_t failed)
{
  bool ok = true;
  for (size_t i = failed; i > 0; i--) {
    set_slot *s = &j->a->slots[i - 1];
    if (!s->committed)
      continue;
    snmpx_errstat st =
        s->hit.ops->undo != NULL
            ? s->hit.ops->undo(s->hit.ctx, &j->a->req,
                               j->pdu->varbinds[i - 1].name, &s->state)
            : SNMPX_ERRSTAT_UNDO_FAILED;
    if (st != SNMPX_ERRSTAT_NO_ERROR)
      ok = false;
    s->committed = false;
  }
  return ok;
}

static void do_set(job *j)
{
  const snmpx_pdu *p = j->pdu;
  size_t n = p->n_varbinds;
  if (n > 0)
    memset(j->a->slots, 0, n * sizeof(set_slot));
  /* Every varbind is checked before any is changed: "as if
   * simultaneously". */
  for (size_t i = 0; i < n; i++) {
    snmpx_errstat st = test_one(j, i, &j->a->slots[i]);
    if (st != SNMPX_ERRSTAT_NO_ERROR) {
      cleanup_all(j, i + 1, false);
      set_error(j, st, i + 1);
      return;
    }
  }
  for (size_t i = 0; i < n; i++) {
    set_slot *s = &j->a->slots[i];
    snmpx_errstat st =
        s->hit.ops->commit != NULL
            ? s->hit.ops->commit(s->hit.ctx, &j->a->req, p->varbinds[i].name,
                                 &p->varbinds[i].value, &s->state)
            : SNMPX_ERRSTAT_COMMIT_FAILED;
    if (st != SNMPX_ERRSTAT_NO_ERROR) {
      /* (after step 8): a failed assignment undoes the others;
       * commitFailed at its index, or undoFailed at 0 when an undo
       * fails too. */
      bool undone = undo_before(j, i);
      cleanup_all(j, n, false);
      if (undone)
        set_error(j, SNMPX_ERRSTAT_COMMIT_FAILED, i + 1);
      else
        set_error(j, SNMPX_ERRSTAT_UNDO_FAILED, 0);
      return;
    }
    s->committed = true;
  }
  cleanup_all(j, n, true);
  set_error(j, SNMPX_ERRSTAT_NO_ERROR, 0);
  j->a->stats.in_total_set_vars += n;
}

/* ---- The request ------------------------------------------------------- */

/* RFC 3584 4.4: SNMPv2 error-status values in an SNMPv1 answer. */
static snmpx_errstat v1_status(snmpx_errstat st)
{
  switch (st) {
  case SNMPX_ERRSTAT_NO_ERROR:
  case SNMPX_ERRSTAT_TOO_BIG:
  case SNMPX_ERRSTAT_NO_SUCH_NAME:
  case SNMPX_ERRSTAT_BAD_VALUE:
  case SNMPX_ERRSTAT_READ_ONLY:
  case SNMPX_ERRSTAT_GEN_ERR:
    return st;
  case SNMPX_ERRSTAT_WRONG_VALUE:
  case SNMPX_ERRSTAT_WRONG_ENCODING:
  case SNMPX_ERRSTAT_WRONG_TYPE:
  case SNMPX_ERRSTAT_WRONG_LENGTH:
  case SNMPX_ERRSTAT_INCONSISTENT_VALUE:
    return SNMPX_ERRSTAT_BAD_VALUE;
  case SNMPX_ERRSTAT_NO_ACCESS:
  case SNMPX_ERRSTAT_NOT_WRITABLE:
  case SNMPX_ERRSTAT_NO_CREATION:
  case SNMPX_ERRSTAT_INCONSISTENT_NAME:
  case SNMPX_ERRSTAT_AUTHORIZATION_ERROR:
    return SNMPX_ERRSTAT_NO_SUCH_NAME;
  default: /* resourceUnavailable, commitFailed, undoFailed */
    return SNMPX_ERRSTAT_GEN_ERR;
  }
}

static void count_answer(snmpx_agent *a, const snmpx_pdu *resp)
{
  a->stats.out_get_responses++;
  switch (resp->error_status) {
  case SNMPX_ERRSTAT_TOO_BIG:
    a->stats.out_too_bigs++;
    break;
  case SNMPX_ERRSTAT_NO_SUCH_NAME:
    a->stats.out_no_such_names++;
    break;
  case SNMPX_ERRSTAT_BAD_VALUE:
    a->stats.out_bad_values++;
    break;
  case SNMPX_ERRSTAT_GEN_ERR:
    a->stats.out_gen_errs++;
    break;
  default:
    break;
  }
}

/* Who is asking, and in which context (RFC 3584 5.2.1 for communities). */
typedef struct identity {
  int model;
  const uint8_t *name;
  size_t name_len;
  snmpx_seclevel level;
  const uint8_t *context;
  size_t context_len;
} identity;

static int find_identity(snmpx_agent *a, const snmpx_incoming *in, identity *id)
{
  const snmpx_msg *m = &in->msg;
  if (m->version == SNMPX_VERSION_3) {
    id->model = in->security_model;
    id->name = m->security_name;
    id->name_len = m->security_name_len;
    id->level = in->level;
    id->context = m->context_name;
    id->context_len = m->context_name_len;
    return 0;
  }
  snmpx_vacm_community_match cm;
  if (a->vacm == NULL ||
      snmpx_vacm_community_lookup(a->vacm, m->community, m->community_len,
                                  &in->from, &cm) < 0) {
    a->stats.in_bad_community_names++;
    return SNMPX_EAGENT_BAD_COMMUNITY;
  }
  id->model =
      m->version == SNMPX_VERSION_1 ? SNMPX_SECMODEL_V1 : SNMPX_SECMODEL_V2C;
  id->name = cm.security_name;
  id->name_len = cm.security_name_len;
  id->level = SNMPX_SECLEVEL_NOAUTH;
  id->context = cm.context_name;
  id->context_len = cm.context_name_len;
  return 0;
}

static bool is_request(snmpx_pdu_type t)
{
  return t == SNMPX_PDU_GET || t == SNMPX_PDU_GETNEXT ||
         t == SNMPX_PDU_GETBULK || t == SNMPX_PDU_SET;
}

/* RFC 3413 3.2 (3): an unknown context is a Report of
 * snmpUnknownContexts (SNMPv3), a silent drop for communities. */
static int unknown_context(snmpx_agent *a, const snmpx_incoming *in,
                           snmpx_pdu *resp)
{
  a->stats.unknown_contexts++;
  if (in->msg.version != SNMPX_VERSION_3 || !reserve_vbs(a, 1))
    return SNMPX_EAGENT_UNKNOWN_CONTEXT;
  resp->type = SNMPX_PDU_REPORT;
  a->vbs[0].name = SNMPX_OIDV(unknown_contexts_oid);
  a->vbs[0].value = snmpx_value_uint(SNMPX_TYPE_COUNTER32,
                                     a->stats.unknown_contexts & UINT32_MAX);
  resp->varbinds = a->vbs;
  resp->n_varbinds = 1;
  a->stats.out_reports++;
  return 0;
}

static void count_request(snmpx_agent *a, snmpx_pdu_type t)
{
  a->stats.in_requests++;
  if (t == SNMPX_PDU_GET)
    a->stats.in_get_requests++;
  else if (t == SNMPX_PDU_GETNEXT)
    a->stats.in_get_nexts++;
  else if (t == SNMPX_PDU_GETBULK)
    a->stats.in_get_bulks++;
  else
    a->stats.in_set_requests++;
}

/* Room for the answer: as many varbinds as asked (GETBULK: N + M * R,
 * capped), SET bookkeeping for each. */
static bool reserve_answer(snmpx_agent *a, const snmpx_pdu *p)
{
  size_t n = p->n_varbinds;
  if (p->type == SNMPX_PDU_GETBULK) {
    size_t nonrep = p->error_status < 0 ? 0 : (size_t)p->error_status;
    size_t rep = nonrep >= n ? 0 : n - nonrep;
    size_t maxrep = p->error_index < 0 ? 0 : (size_t)p->error_index;
    size_t cap = a->max_bulk > n ? a->max_bulk : n;
    size_t want = (rep > 0 && maxrep > (cap - (n - rep)) / rep)
                      ? cap
                      : (n - rep) + maxrep * rep;
    n = want > cap ? cap : want;
    if (n < p->n_varbinds)
      n = p->n_varbinds;
    /* a repetition is added whole: keep room for one past the cap */
    n += rep;
  }
  if (!reserve_vbs(a, n))
    return false;
  if (p->type == SNMPX_PDU_SET && p->n_varbinds > a->slots_cap) {
    set_slot *grown =
        snmpx__realloc(a->mem, a->slots, p->n_varbinds * sizeof(*grown));
    if (grown == NULL)
      return false;
    a->slots = grown;
    a->slots_cap = p->n_varbinds;
  }
  return true;
}

int snmpx_agent_process(snmpx_agent *a, const snmpx_incoming *in,
                        snmpx_pdu *resp)
{
  if (a == NULL || in == NULL || resp == NULL ||
      (in->msg.pdu.varbinds == NULL && in->msg.pdu.n_varbinds > 0))
    return SNMPX_EINVAL;
  const snmpx_pdu *p = &in->msg.pdu;
  if (!is_request(p->type))
    return SNMPX_EAGENT_PDU_TYPE;
  /* RFC 3584 4.2.1: SNMPv1 has no GetBulk. */
  if (in->msg.version == SNMPX_VERSION_1 && p->type == SNMPX_PDU_GETBULK)
    return SNMPX_EAGENT_PDU_TYPE;
  snmpx__arena_rewind(&a->req.scratch);
  a->req.in = in;
  memset(resp, 0, sizeof(*resp));
  resp->type = SNMPX_PDU_RESPONSE;
  resp->request_id = p->request_id;
  identity id;
  int rv = find_identity(a, in, &id);
  if (rv < 0)
    return rv;
  agent_context *ctx = find_context(a, id.context, id.context_len);
  if (ctx == NULL)
    return unknown_context(a, in, resp);
  if (!reserve_answer(a, p))
    return SNMPX_ENOMEM;
  count_request(a, p->type);
  job j = {a, in, p, ctx->mib, NULL, in->msg.version == SNMPX_VERSION_1, resp};
  resp->varbinds = a->vbs;
  snmpx_vacm_status vs = snmpx_vacm_find_view(
      a->vacm, id.model, id.name, id.name_len, id.level,
      p->type == SNMPX_PDU_SET ? SNMPX_VACM_WRITE : SNMPX_VACM_READ, id.context,
      id.context_len, &j.view);
  if (vs != SNMPX_VACM_ACCESS_ALLOWED) {
    /* RFC 3413 3.2 (4): any failure but notInView is authorizationError;
     * for a community it is also a bad use (RFC 3418).  It concerns the
     * whole request, not one varbind: error-index 0, as snmpd sends. */
    if (id.model != SNMPX_SECMODEL_USM)
      a->stats.in_bad_community_uses++;
    set_error(&j, SNMPX_ERRSTAT_AUTHORIZATION_ERROR, 0);
  } else if (p->type == SNMPX_PDU_GET || p->type == SNMPX_PDU_GETNEXT) {
    do_get(&j, p->type == SNMPX_PDU_GETNEXT);
  } else if (p->type == SNMPX_PDU_GETBULK) {
    do_getbulk(&j);
  } else {
    do_set(&j);
  }
  if (j.v1)
    resp->error_status = (int32_t)v1_status(resp->error_status);
  count_answer(a, resp);
  return 0;
}

int snmpx_agent_toobig(snmpx_agent *a, const snmpx_incoming *in,
                       snmpx_pdu *resp)
{
  if (a == NULL || in == NULL || resp == NULL)
    return SNMPX_EINVAL;
  memset(resp, 0, sizeof(*resp));
  resp->type = SNMPX_PDU_RESPONSE;
  resp->request_id = in->msg.pdu.request_id;
  resp->error_status = SNMPX_ERRSTAT_TOO_BIG;
  /* RFC 1157 4.1.2: SNMPv1 answers with the request's own form; RFC
   * 3416 4.2.1: SNMPv2 with an empty variable-bindings field. */
  if (in->msg.version == SNMPX_VERSION_1) {
    resp->varbinds = in->msg.pdu.varbinds;
    resp->n_varbinds = in->msg.pdu.n_varbinds;
  }
  a->stats.out_too_bigs++;
  return 0;
}
