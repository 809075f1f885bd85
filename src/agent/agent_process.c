/* The command responder (RFC 3413 3.2): one request in, one Response (or
 * Report) PDU out, with no I/O.  RFC 3416 4.2.1-4.2.5 for the operations,
 * RFC 3415 for access, RFC 3584 4 and 5 for SNMPv1/v2c. */
#include "agent_priv.h"

#define SKIP_BUDGET 100000       /* GETNEXT steps over hidden instances */
#define BULK_MAX_SLOTS (65535 / 4) /* GETBULK varbinds, whatever the limits */

/* RFC 3413 snmpUnknownContexts.0 (SNMP-TARGET-MIB). */
static const uint32_t unknown_contexts_oid[] = {1, 3, 6, 1, 6, 3, 12, 1, 5, 0};

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
    a->max_bulk_repeats = cfg->max_bulk_repeats;
    a->on_auth_failure = cfg->on_auth_failure;
    a->auth_failure_ud = cfg->auth_failure_ud;
  }
  if (a->clock == NULL)
    a->clock = snmpx__clock_monotonic_ms;
  if (a->max_bulk == 0)
    a->max_bulk = SNMPX_AGENT_DEFAULT_BULK_VARBINDS;
  a->start_ms = a->clock(a->clock_ud);
  a->next_defer_id = 1;
  a->req = snmpx__mib_req_new(a);
  if (a->req == NULL || snmpx_agent_context(a, NULL, 0, true) == NULL) {
    snmpx_agent_free(a);
    return NULL;
  }
  return a;
}

void snmpx_agent_free(snmpx_agent *a)
{
  if (a == NULL)
    return;
  snmpx__jobs_free(a);
  if (a->engine != NULL)
    snmpx_agent_attach(a, NULL);
  snmpx__agent_std_free(a);
  for (size_t i = 0; i < a->n_contexts; i++)
    snmpx_mib_free(a->contexts[i].mib);
  snmpx__free(a->mem, a->contexts);
  snmpx__free(a->mem, a->vbs);
  snmpx__free(a->mem, a->slots);
  snmpx__free(a->mem, a->states);
  snmpx__free(a->mem, a->reg_of);
  snmpx__free(a->mem, a->defers);
  snmpx__mib_req_free(a->req);
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

int snmpx_agent_set_bulk_limits(snmpx_agent *a, uint32_t max_varbinds,
                                uint32_t max_repeats)
{
  if (a == NULL)
    return SNMPX_EINVAL;
  a->max_bulk =
      max_varbinds == 0 ? SNMPX_AGENT_DEFAULT_BULK_VARBINDS : max_varbinds;
  a->max_bulk_repeats = max_repeats;
  return 0;
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
  uint8_t *st = snmpx__realloc(a->mem, a->states, n);
  if (st == NULL)
    return false;
  a->states = st;
  uint32_t *ro = snmpx__realloc(a->mem, a->reg_of, n * sizeof(*ro));
  if (ro == NULL)
    return false;
  a->reg_of = ro;
  a->vbs_cap = n;
  return true;
}

/* Copy |name| into request scratch: the response outlives the handler's
 * snmpx_oid on the stack. */
static bool keep_name(job *j, snmpx_oidv name, snmpx_oidv *out)
{
  return snmpx__arena_copy_oid(&j->req->scratch, name, out);
}

/* An error answer: RFC 3416 4.2.1-4.2.5 all send the request's own
 * varbinds back with the error-status and error-index. */
static void set_error(job *j, snmpx_errstat st, size_t index)
{
  j->resp->error_status = (int32_t)st;
  j->resp->error_index = (int32_t)index;
  j->resp->varbinds = j->pdu->varbinds;
  j->resp->n_varbinds = j->pdu->n_varbinds;
  j->finished = true;
}

/* The request varbind a slot answers (its error-index). */
static size_t slot_index(const job *j, size_t k)
{
  if (j->pdu->type != SNMPX_PDU_GETBULK || k < j->nonrep)
    return k + 1;
  return j->nonrep + (k - j->nonrep) % j->rep + 1;
}

/* Slot |k| has its answer; a waiting job keeps its own copy of it. */
static void slot_done(job *j, size_t k)
{
  j->st[k] = SLOT_DONE;
  if (j->aj != NULL && !snmpx__job_persist(j, &j->vbs[k]))
    set_error(j, SNMPX_ERRSTAT_GEN_ERR, slot_index(j, k));
}

/* ---- GET and GETNEXT -------------------------------------------------- */

static bool v1_hides(const job *j, const snmpx_value *v)
{
  /* RFC 3584 4.2.2.1: SNMPv1 cannot carry Counter64. */
  return j->v1 && v->type == SNMPX_TYPE_COUNTER64;
}

static snmpx_errstat get_one(job *j, size_t k)
{
  snmpx_varbind *vb = &j->vbs[k];
  vb->name = j->pdu->varbinds[k].name;
  /* RFC 3413 3.2 (4) / RFC 3416 4.2.1: outside the view is noSuchObject. */
  if (!snmpx_vacm_view_includes(j->view, vb->name)) {
    vb->value.type = SNMPX_TYPE_NOSUCHOBJECT;
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  snmpx_errstat st = snmpx__mib_get(j->mib, j->req, vb->name, &vb->value);
  if (st == SNMPX__ERRSTAT_DEFERRED) {
    static const snmpx_oidv none = {NULL, 0};
    if (snmpx__job_defer(j, k, none, none, none))
      return st;
    /* It cannot wait: the deadline's answer, now. */
    vb = &j->vbs[k];
    vb->value.type = SNMPX_TYPE_NOSUCHINSTANCE;
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  if (st == SNMPX_ERRSTAT_NO_ERROR && v1_hides(j, &vb->value))
    vb->value.type = SNMPX_TYPE_NOSUCHINSTANCE;
  return st;
}

/* RFC 3416 4.2.2: the first instance after |after| that the view shows
 * (RFC 3413 3.2: instances not in view are skipped), into slot |k|,
 * asking the registrations from index |from| on.  |start| is the slot's
 * own request name, which endOfMibView carries. */
static snmpx_errstat walk(job *j, size_t k, snmpx_oidv start, snmpx_oidv after,
                          size_t from)
{
  snmpx_oid cand, prev;
  snmpx_oidv reg;
  size_t at = 0;
  for (int step = 0; step < SKIP_BUDGET; step++) {
    snmpx_varbind *vb = &j->vbs[k];
    snmpx_errstat st = snmpx__mib_next(j->mib, j->req, after, from, &cand,
                                       &vb->value, &reg, &at);
    from = SNMPX__MIB_HOLDING;
    if (st == SNMPX__ERRSTAT_DEFERRED) {
      if (snmpx__job_defer(j, k, start, after, reg))
        return st;
      /* It cannot wait: as if the subtree had nothing more. */
      from = snmpx__mib_index_after(j->mib, reg);
      continue;
    }
    if (st != SNMPX_ERRSTAT_NO_ERROR)
      return st;
    if (vb->value.type == SNMPX_TYPE_ENDOFMIBVIEW) {
      vb->name = start; /* RFC 3416 4.2.2: the name of the request */
      return SNMPX_ERRSTAT_NO_ERROR;
    }
    if (snmpx_vacm_view_includes(j->view, snmpx_oid_view(&cand)) &&
        !v1_hides(j, &vb->value)) {
      if (j->reg_of != NULL)
        j->reg_of[k] = (uint32_t)at;
      return keep_name(j, snmpx_oid_view(&cand), &vb->name)
                 ? SNMPX_ERRSTAT_NO_ERROR
                 : SNMPX_ERRSTAT_GEN_ERR;
    }
    prev = cand;
    after = snmpx_oid_view(&prev);
    /* Hidden by the view: the same registration holds it, go on there. */
    from = at;
  }
  return SNMPX_ERRSTAT_GEN_ERR;
}

/* What a GET or GETNEXT slot's outcome makes of the answer.  RFC 3584
 * 4.2.2.1: for SNMPv1 an exception is noSuchName at that varbind. */
static void get_slot_end(job *j, size_t k, snmpx_errstat st)
{
  if (st == SNMPX__ERRSTAT_DEFERRED)
    return;
  if (st != SNMPX_ERRSTAT_NO_ERROR)
    set_error(j, st, k + 1);
  else if (j->v1 && snmpx_value_is_exception(&j->vbs[k].value))
    set_error(j, SNMPX_ERRSTAT_NO_SUCH_NAME, k + 1);
  else
    slot_done(j, k);
}

static void run_get(job *j, bool next)
{
  for (size_t k = 0; k < j->n && !j->finished; k++) {
    if (j->st[k] != SLOT_TODO)
      continue;
    snmpx_oidv name = j->pdu->varbinds[k].name;
    get_slot_end(j, k,
                 next ? walk(j, k, name, name, SNMPX__MIB_HOLDING)
                      : get_one(j, k));
  }
}

/* ---- GETBULK (RFC 3416 4.2.3) ----------------------------------------- */

/* Slots of a GETBULK answer: N non-repeaters, then M repetitions of R.
 * M is lowered as snmpd lowers it (agent/snmp_agent.c, snmpd.conf(5)):
 * to maxGetbulkRepeats, then so that M * R stays within
 * maxGetbulkResponses (a repetition is never cut by the cap). */
static void bulk_plan(const snmpx_agent *a, const snmpx_pdu *p,
                      size_t *nonrep, size_t *rep, size_t *n)
{
  size_t nv = p->n_varbinds;
  size_t nr = p->error_status < 0 ? 0 : (size_t)p->error_status;
  if (nr > nv)
    nr = nv;
  size_t r = nv - nr;
  size_t reps = p->error_index < 0 ? 0 : (size_t)p->error_index;
  if (a->max_bulk_repeats != 0 && reps > a->max_bulk_repeats)
    reps = a->max_bulk_repeats;
  if (r > 0 && reps > a->max_bulk / r)
    reps = a->max_bulk / r;
  /* Even unlimited, no answer holds more varbinds than fit in the
   * largest message (each encodes to at least 4 octets). */
  if (r > 0 && reps > BULK_MAX_SLOTS / r)
    reps = BULK_MAX_SLOTS / r;
  if (r == 0)
    reps = 0;
  *nonrep = nr;
  *rep = r;
  *n = nr + reps * r;
}

static bool rep_all_end(const job *j, size_t from)
{
  for (size_t k = from; k < from + j->rep; k++)
    if (j->vbs[k].value.type != SNMPX_TYPE_ENDOFMIBVIEW)
      return false;
  return true;
}

/* The answer ends before slot |at|. */
static void bulk_cut(job *j, size_t at)
{
  for (size_t k = at; j->aj != NULL && k < j->n; k++)
    snmpx__job_forget_slot(j->aj, k);
  j->n = at;
}

/* Count the slots done in order.  At each repetition's end, RFC 3416
 * 4.2.3 (3): a repetition that is all endOfMibView ends the answer; and
 * (1): so does a message already too big. */
static void bulk_advance(job *j)
{
  while (j->lo < j->n && j->st[j->lo] == SLOT_DONE) {
    j->used += snmpx__varbind_size(&j->vbs[j->lo]);
    j->lo++;
    if (j->lo < j->nonrep || j->rep == 0 || (j->lo - j->nonrep) % j->rep != 0 ||
        j->lo == j->n)
      continue;
    if (j->used > j->room ||
        (j->lo > j->nonrep && rep_all_end(j, j->lo - j->rep)))
      bulk_cut(j, j->lo);
  }
}

static void bulk_slot(job *j, size_t k)
{
  snmpx_oidv start;
  size_t from = SNMPX__MIB_HOLDING;
  if (k < j->nonrep + j->rep) {
    start = j->pdu->varbinds[k].name;
  } else {
    /* Each repetition continues from the names of the one before. */
    size_t dep = k - j->rep;
    if (j->st[dep] != SLOT_DONE)
      return; /* waits for it */
    if (j->vbs[dep].value.type == SNMPX_TYPE_ENDOFMIBVIEW) {
      j->vbs[k] = j->vbs[dep]; /* stays at the end */
      slot_done(j, k);
      return;
    }
    start = j->vbs[dep].name;
    /* The registration that gave the name before holds it: no search. */
    if (j->reg_of != NULL && snmpx__mib_holds(j->mib, j->reg_of[dep], start))
      from = j->reg_of[dep];
  }
  snmpx_errstat st = walk(j, k, start, start, from);
  if (st == SNMPX_ERRSTAT_NO_ERROR)
    slot_done(j, k);
  else if (st != SNMPX__ERRSTAT_DEFERRED)
    set_error(j, st, slot_index(j, k));
}

static void run_bulk(job *j)
{
  for (size_t k = j->lo; k < j->n && !j->finished; k++) {
    if (j->st[k] == SLOT_TODO)
      bulk_slot(j, k);
    bulk_advance(j);
  }
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
  j->req->may_defer = true;
  snmpx_errstat st =
      s->hit.ops->test(s->hit.ctx, j->req, vb->name, &vb->value, &s->state);
  j->req->may_defer = false;
  return j->req->deferred ? SNMPX__ERRSTAT_DEFERRED : st;
}

/* The registration that tested varbind |i| still serves it.  While a SET
 * waits for one handler, another may be unregistered (a kept value's
 * node is then freed with it): such a one is called no more. */
static bool slot_is_live(const job *j, size_t i, const set_slot *s)
{
  return snmpx__mib_is_current(j->mib, j->pdu->varbinds[i].name, &s->hit);
}

static snmpx_errstat commit_one(job *j, size_t i, set_slot *s)
{
  const snmpx_varbind *vb = &j->pdu->varbinds[i];
  if (s->hit.ops->commit == NULL || !slot_is_live(j, i, s))
    return SNMPX_ERRSTAT_COMMIT_FAILED;
  j->req->may_defer = true;
  snmpx_errstat st =
      s->hit.ops->commit(s->hit.ctx, j->req, vb->name, &vb->value, &s->state);
  j->req->may_defer = false;
  return j->req->deferred ? SNMPX__ERRSTAT_DEFERRED : st;
}

static void cleanup_all(job *j, size_t n, bool committed)
{
  for (size_t i = 0; i < n; i++) {
    set_slot *s = &j->slots[i];
    if (s->tested && s->hit.ops->cleanup != NULL && slot_is_live(j, i, s))
      s->hit.ops->cleanup(s->hit.ctx, j->req, j->pdu->varbinds[i].name,
                          &s->state, committed && s->committed);
    s->tested = false;
  }
}

/* Undo the commits before |failed|, last first.  @return true when all
 * were undone. */
static bool undo_before(job *j, size_t failed)
{
  bool ok = true;
  for (size_t i = failed; i > 0; i--) {
    set_slot *s = &j->slots[i - 1];
    if (!s->committed)
      continue;
    snmpx_errstat st =
        s->hit.ops->undo != NULL && slot_is_live(j, i - 1, s)
            ? s->hit.ops->undo(s->hit.ctx, j->req, j->pdu->varbinds[i - 1].name,
                               &s->state)
            : SNMPX_ERRSTAT_UNDO_FAILED;
    if (st != SNMPX_ERRSTAT_NO_ERROR)
      ok = false;
    s->committed = false;
  }
  return ok;
}

/* An error-status one of RFC 3416 4.2.5's checks (steps 1-8) gives for a
 * varbind. */
static bool is_check_status(snmpx_errstat st)
{
  switch (st) {
  case SNMPX_ERRSTAT_NO_ACCESS:
  case SNMPX_ERRSTAT_NOT_WRITABLE:
  case SNMPX_ERRSTAT_NO_CREATION:
  case SNMPX_ERRSTAT_INCONSISTENT_NAME:
  case SNMPX_ERRSTAT_WRONG_TYPE:
  case SNMPX_ERRSTAT_WRONG_LENGTH:
  case SNMPX_ERRSTAT_WRONG_ENCODING:
  case SNMPX_ERRSTAT_WRONG_VALUE:
  case SNMPX_ERRSTAT_INCONSISTENT_VALUE:
  case SNMPX_ERRSTAT_RESOURCE_UNAVAILABLE:
    return true;
  default:
    return false;
  }
}

/* Varbind |i| of the current phase answered |st|. */
static void set_step_end(job *j, size_t i, snmpx_errstat st, bool timed_out)
{
  size_t n = j->pdu->n_varbinds;
  if (st == SNMPX_ERRSTAT_NO_ERROR) {
    if (j->set_phase == SET_COMMIT)
      j->slots[i].committed = true;
    j->st[i] = SLOT_DONE;
    j->set_i = i + 1;
    return;
  }
  if (j->set_phase == SET_TEST) {
    cleanup_all(j, i + 1, false);
    set_error(j, st, i + 1);
    return;
  }
  /* (after step 8): a failed assignment undoes the others; commitFailed
   * at its index (genErr when its handler missed its deadline: the
   * outcome is unknown), or undoFailed at 0 when an undo fails too.
   * The first assignment failing with what a check would say (a handler
   * that can only check while it assigns, such as a pass_persist
   * program) changed nothing yet: that is answered as the failed check,
   * as snmpd answers its pass programs. */
  bool undone = undo_before(j, i);
  cleanup_all(j, n, false);
  if (!undone)
    set_error(j, SNMPX_ERRSTAT_UNDO_FAILED, 0);
  else if (timed_out)
    set_error(j, SNMPX_ERRSTAT_GEN_ERR, i + 1);
  else if (i == 0 && is_check_status(st))
    set_error(j, st, i + 1);
  else
    set_error(j, SNMPX_ERRSTAT_COMMIT_FAILED, i + 1);
}

/* Every varbind is checked before any is changed ("as if
 * simultaneously"), one at a time in order, each test or commit possibly
 * answered later. */
static void run_set(job *j)
{
  size_t n = j->pdu->n_varbinds;
  while (!j->finished) {
    if (j->set_i == n) {
      if (j->set_phase == SET_TEST) {
        j->set_phase = SET_COMMIT;
        j->set_i = 0;
        continue;
      }
      cleanup_all(j, n, true);
      set_error(j, SNMPX_ERRSTAT_NO_ERROR, 0);
      j->a->stats.in_total_set_vars += n;
      return;
    }
    size_t i = j->set_i;
    if (j->st[i] == SLOT_WAIT)
      return; /* its handler answers later */
    set_slot *s = &j->slots[i];
    snmpx_errstat st =
        j->set_phase == SET_TEST ? test_one(j, i, s) : commit_one(j, i, s);
    if (st == SNMPX__ERRSTAT_DEFERRED) {
      static const snmpx_oidv none = {NULL, 0};
      if (snmpx__job_defer(j, i, none, none, none))
        return;
      set_step_end(j, i, SNMPX_ERRSTAT_GEN_ERR, true);
    } else {
      set_step_end(j, i, st, false);
    }
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

/* The identity of |in| (its strings point into |in| or into the VACM's
 * community table).  @return 0; SNMPX_EAGENT_BAD_COMMUNITY (not counted
 * here). */
static int lookup_identity(const snmpx_agent *a, const snmpx_incoming *in,
                           identity *id)
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
                                  &in->from, &cm) < 0)
    return SNMPX_EAGENT_BAD_COMMUNITY;
  id->model =
      m->version == SNMPX_VERSION_1 ? SNMPX_SECMODEL_V1 : SNMPX_SECMODEL_V2C;
  id->name = cm.security_name;
  id->name_len = cm.security_name_len;
  id->level = SNMPX_SECLEVEL_NOAUTH;
  id->context = cm.context_name;
  id->context_len = cm.context_name_len;
  return 0;
}

/* RFC 3415 3.2 steps 1-5 for the request |in| from |id|: its read view,
 * or its write view for a SET. */
static snmpx_vacm_status find_view(const snmpx_agent *a,
                                   const snmpx_incoming *in, const identity *id,
                                   const snmpx_vacm_view **view)
{
  snmpx_vacm_view_type type =
      in->msg.pdu.type == SNMPX_PDU_SET ? SNMPX_VACM_WRITE : SNMPX_VACM_READ;
  return snmpx_vacm_find_view(a->vacm, id->model, id->name, id->name_len,
                              id->level, type, id->context, id->context_len,
                              view);
}

/* A waiting request looks its view up again each time it resumes: the
 * view it had may have moved (snmpx_vacm_add_view grows the table) or
 * gone with a replaced VACM.  Access lost meanwhile leaves no view, so
 * nothing more is shown or written. */
static void refind_view(job *j)
{
  identity id;
  const snmpx_vacm_view *view = NULL;
  if (lookup_identity(j->a, j->in, &id) < 0 ||
      find_view(j->a, j->in, &id, &view) != SNMPX_VACM_ACCESS_ALLOWED)
    view = NULL;
  j->view = view;
}

/* ---- Driving a request ------------------------------------------------ */

/* Every slot is in: the answer. */
static void finish(job *j)
{
  size_t k = j->n;
  if (j->pdu->type == SNMPX_PDU_GETBULK) {
    /* Drop whole varbinds from the end while the estimate exceeds what
     * the manager accepts (the engine makes the final check). */
    k = j->lo;
    while (k > j->nonrep && j->used > j->room)
      j->used -= snmpx__varbind_size(&j->vbs[--k]);
  }
  j->resp->varbinds = j->vbs;
  j->resp->n_varbinds = k;
  j->a->stats.in_total_req_vars += k;
  j->finished = true;
}

static bool waits(const job *j)
{
  return j->aj != NULL && j->aj->waiting > 0;
}

/* Work on the request as far as the handlers' answers allow. */
static void drive(job *j)
{
  switch (j->pdu->type) {
  case SNMPX_PDU_GET:
  case SNMPX_PDU_GETNEXT:
    run_get(j, j->pdu->type == SNMPX_PDU_GETNEXT);
    break;
  case SNMPX_PDU_GETBULK:
    run_bulk(j);
    break;
  default:
    run_set(j);
    return;
  }
  if (!j->finished && !waits(j))
    finish(j);
}

/* A walk slot's deferred handler answered (or missed its deadline). */
static void resume_walk(job *j, size_t k, const slot_wait *w)
{
  snmpx_errstat st;
  if (w->timed_out || (w->result == SNMPX_ERRSTAT_NO_ERROR &&
                       w->rval.type == SNMPX_TYPE_ENDOFMIBVIEW)) {
    /* Nothing more in that subtree: on to the next registrations. */
    st = walk(j, k, w->start, w->after,
              snmpx__mib_index_after(j->mib, w->reg));
  } else if (w->result != SNMPX_ERRSTAT_NO_ERROR) {
    st = w->result;
  } else if (!snmpx_oidv_has_prefix(w->rname, w->reg) ||
             snmpx_oidv_compare(w->rname, w->after) <= 0) {
    /* Outside its subtree or not after: a walk would loop. */
    st = SNMPX_ERRSTAT_GEN_ERR;
  } else if (snmpx_vacm_view_includes(j->view, w->rname) &&
             !v1_hides(j, &w->rval)) {
    j->vbs[k].name = w->rname;
    j->vbs[k].value = w->rval;
    st = SNMPX_ERRSTAT_NO_ERROR;
  } else {
    st = walk(j, k, w->start, w->rname, SNMPX__MIB_HOLDING);
  }
  if (j->pdu->type == SNMPX_PDU_GETNEXT)
    get_slot_end(j, k, st);
  else if (st == SNMPX_ERRSTAT_NO_ERROR)
    slot_done(j, k);
  else if (st != SNMPX__ERRSTAT_DEFERRED)
    set_error(j, st, slot_index(j, k));
}

static void resume_get(job *j, size_t k, const slot_wait *w)
{
  snmpx_varbind *vb = &j->vbs[k];
  vb->name = j->pdu->varbinds[k].name;
  if (!w->timed_out && w->result != SNMPX_ERRSTAT_NO_ERROR) {
    get_slot_end(j, k, w->result);
    return;
  }
  vb->value = w->rval;
  if (w->timed_out || v1_hides(j, &vb->value))
    vb->value.type = SNMPX_TYPE_NOSUCHINSTANCE;
  get_slot_end(j, k, SNMPX_ERRSTAT_NO_ERROR);
}

void snmpx__job_resume(job *j)
{
  slot_wait *ws = j->aj->w;
  refind_view(j);
  for (size_t k = 0; k < j->n && !j->finished; k++) {
    slot_wait *w = &ws[k];
    if (j->st[k] != SLOT_WAIT || !w->has_result)
      continue;
    w->has_result = false;
    j->st[k] = SLOT_TODO;
    if (j->pdu->type == SNMPX_PDU_GET)
      resume_get(j, k, w);
    else if (j->pdu->type == SNMPX_PDU_SET)
      set_step_end(j, k, w->timed_out ? SNMPX_ERRSTAT_GEN_ERR : w->result,
                   w->timed_out);
    else
      resume_walk(j, k, w);
  }
  if (!j->finished)
    drive(j);
}

void snmpx__job_abandon(job *j)
{
  /* A SET that never ends: every tested varbind is cleaned up. */
  if (j->pdu->type == SNMPX_PDU_SET && !j->finished)
    cleanup_all(j, j->pdu->n_varbinds, false);
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

/* Room for the answer: a slot per varbind (GETBULK: as planned), SET
 * bookkeeping for each.  @return the number of slots, 0 on no memory
 * (a request with no varbinds gets one slot it does not use). */
static size_t reserve_answer(snmpx_agent *a, const snmpx_pdu *p, job *j)
{
  size_t n = p->n_varbinds;
  if (p->type == SNMPX_PDU_GETBULK)
    bulk_plan(a, p, &j->nonrep, &j->rep, &n);
  if (!reserve_vbs(a, n > 0 ? n : 1))
    return 0;
  if (p->type == SNMPX_PDU_SET && p->n_varbinds > a->slots_cap) {
    set_slot *grown =
        snmpx__realloc(a->mem, a->slots, p->n_varbinds * sizeof(*grown));
    if (grown == NULL)
      return 0;
    a->slots = grown;
    a->slots_cap = p->n_varbinds;
  }
  j->n = n;
  if (n > 0)
    memset(a->states, SLOT_TODO, n);
  if (p->type == SNMPX_PDU_SET && n > 0)
    memset(a->slots, 0, n * sizeof(set_slot));
  return n > 0 ? n : 1;
}

void snmpx__job_close(job *j)
{
  if (j->v1)
    j->resp->error_status = (int32_t)v1_status(j->resp->error_status);
  count_answer(j->a, j->resp);
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
  /* A manager resends what a slow handler has not answered yet: it gets
   * the one answer when it comes. */
  if (a->jobs != NULL && snmpx__job_is_duplicate(a, in))
    return SNMPX_EAGENT_DUPLICATE;
  snmpx__arena_rewind(&a->req->scratch);
  a->req->in = in;
  memset(resp, 0, sizeof(*resp));
  resp->type = SNMPX_PDU_RESPONSE;
  resp->request_id = p->request_id;
  identity id;
  int rv = lookup_identity(a, in, &id);
  if (rv < 0) {
    a->stats.in_bad_community_names++;
    if (a->on_auth_failure != NULL)
      a->on_auth_failure(a->auth_failure_ud, in, rv);
    return rv;
  }
  agent_context *ctx = find_context(a, id.context, id.context_len);
  if (ctx == NULL)
    return unknown_context(a, in, resp);
  job j;
  memset(&j, 0, sizeof(j));
  if (reserve_answer(a, p, &j) == 0)
    return SNMPX_ENOMEM;
  count_request(a, p->type);
  j.a = a;
  j.req = a->req;
  j.in = in;
  j.pdu = p;
  j.mib = ctx->mib;
  j.v1 = in->msg.version == SNMPX_VERSION_1;
  j.resp = resp;
  j.vbs = a->vbs;
  j.st = a->states;
  j.reg_of = a->reg_of;
  j.slots = a->slots;
  j.room = in->max_size;
  j.used = snmpx__msg_overhead(in) + snmpx__pdu_overhead();
  if (p->type == SNMPX_PDU_GETBULK && j.used > j.room)
    j.n = j.nonrep;
  resp->varbinds = a->vbs;
  snmpx_vacm_status vs = find_view(a, in, &id, &j.view);
  if (vs != SNMPX_VACM_ACCESS_ALLOWED) {
    /* RFC 3413 3.2 (4): any failure but notInView is authorizationError;
     * for a community it is also a bad use (RFC 3418).  It concerns the
     * whole request, not one varbind: error-index 0, as snmpd sends. */
    if (id.model == SNMPX_SECMODEL_V1 || id.model == SNMPX_SECMODEL_V2C)
      a->stats.in_bad_community_uses++;
    set_error(&j, SNMPX_ERRSTAT_AUTHORIZATION_ERROR, 0);
  } else {
    a->busy = true;
    drive(&j);
    a->busy = false;
  }
  rv = 0;
  if (j.aj != NULL)
    rv = snmpx__job_end_pass(&j);
  else
    snmpx__job_close(&j);
  /* This request's job, and any other whose handler was answered while
   * this one was being worked on (from one of its handlers), go on now:
   * nothing else might wake them before their deadline. */
  snmpx__jobs_run_ready(a);
  return rv;
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
