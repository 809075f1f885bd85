/* Handlers that answer later: a request some handler deferred
 * (snmpx_mib_req_defer) becomes a job that owns what its answer points
 * to, waits for snmpx_agent_complete or the handler's deadline, and is
 * answered once through the snmpx_agent_async callbacks. */
#include "agent_priv.h"

#define DEFAULT_TIMEOUT_MS 5000

uint64_t snmpx_mib_req_defer(snmpx_mib_req *req, uint32_t timeout_ms)
{
  if (req == NULL || req->agent == NULL || !req->may_defer ||
      req->deferred != 0)
    return 0;
  /* A request not yet held (not a waiting job's own) needs a way to be
   * held. */
  if (req == req->agent->req && req->agent->async.hold == NULL)
    return 0;
  req->deferred = req->agent->next_defer_id++;
  req->defer_timeout = timeout_ms ? timeout_ms : DEFAULT_TIMEOUT_MS;
  return req->deferred;
}

int snmpx_agent_set_async(snmpx_agent *a, const snmpx_agent_async *ops)
{
  if (a == NULL)
    return SNMPX_EINVAL;
  if (ops == NULL) {
    memset(&a->async, 0, sizeof(a->async));
    return 0;
  }
  if (ops->hold == NULL || ops->answer == NULL || ops->release == NULL)
    return SNMPX_EINVAL;
  a->async = *ops;
  return 0;
}

/* ---- Keeping what the answer points to --------------------------------- */

/* Copy |in| into *|out|, its octets or arcs into |ar|.  @return false
 * when |in| is inconsistent or the arena is full. */
static bool copy_value(arena *ar, const snmpx_value *in, snmpx_value *out)
{
  size_t n = snmpx__oid_value_extra(in);
  void *dst = n > 0 && n != SIZE_MAX ? snmpx__arena_alloc(ar, n) : NULL;
  if (n == SIZE_MAX || (n > 0 && dst == NULL))
    return false;
  snmpx__oid_value_copy_to(in, out, dst);
  return true;
}

bool snmpx__job_persist(job *j, snmpx_varbind *vb)
{
  arena *ar = &j->aj->req->scratch;
  return snmpx__arena_copy_oid(ar, vb->name, &vb->name) &&
         copy_value(ar, &vb->value, &vb->value);
}

/* ---- Jobs -------------------------------------------------------------- */

static void job_free(snmpx_agent *a, agent_job *aj)
{
  if (aj->prev != NULL)
    aj->prev->next = aj->next;
  else
    a->jobs = aj->next;
  if (aj->next != NULL)
    aj->next->prev = aj->prev;
  a->n_jobs--;
  /* Its deferrals end with it: late answers find nothing. */
  for (size_t i = a->n_defers; i > 0; i--)
    if (a->defers[i - 1].job == aj)
      a->defers[i - 1] = a->defers[--a->n_defers];
  aj->ops.release(aj->ops.ud, aj->j.in);
  snmpx__mib_req_free(aj->req);
  snmpx__free(a->mem, aj->j.vbs);
  snmpx__free(a->mem, aj->j.st);
  snmpx__free(a->mem, aj->j.slots);
  snmpx__free(a->mem, aj->j.reg_of);
  snmpx__free(a->mem, aj->w);
  snmpx__free(a->mem, aj);
}

/* The request at hand becomes a job: the incoming message is held, the
 * answer's slots move to storage of its own, and it takes the agent's
 * request (its scratch holds what the handlers already made, such as a
 * table SET's state, and what the answer points to) while the agent
 * takes a fresh one for the requests that come meanwhile. */
static bool go_async(job *j)
{
  snmpx_agent *a = j->a;
  if (a->async.hold == NULL)
    return false;
  size_t n = j->n > 0 ? j->n : 1;
  size_t nset = j->pdu->type == SNMPX_PDU_SET ? j->pdu->n_varbinds : 0;
  agent_job *aj = snmpx__calloc(a->mem, 1, sizeof(*aj));
  if (aj == NULL)
    return false;
  snmpx_mib_req *fresh = snmpx__mib_req_new(a);
  aj->j.vbs = snmpx__malloc(a->mem, n * sizeof(snmpx_varbind));
  aj->j.st = snmpx__malloc(a->mem, n);
  aj->w = snmpx__calloc(a->mem, n, sizeof(slot_wait));
  aj->j.slots = nset ? snmpx__malloc(a->mem, nset * sizeof(set_slot)) : NULL;
  const snmpx_incoming *held = NULL;
  if (fresh != NULL && aj->j.vbs != NULL && aj->j.st != NULL && aj->w != NULL &&
      (nset == 0 || aj->j.slots != NULL))
    held = a->async.hold(a->async.ud, j->in);
  if (held == NULL) {
    snmpx__mib_req_free(fresh);
    snmpx__free(a->mem, aj->j.vbs);
    snmpx__free(a->mem, aj->j.st);
    snmpx__free(a->mem, aj->w);
    snmpx__free(a->mem, aj->j.slots);
    snmpx__free(a->mem, aj);
    return false;
  }
  aj->ops = a->async;
  aj->req = j->req;
  aj->req->in = held;
  a->req = fresh;
  memcpy(aj->j.vbs, j->vbs, j->n * sizeof(snmpx_varbind));
  memcpy(aj->j.st, j->st, j->n);
  if (nset)
    memcpy(aj->j.slots, j->slots, nset * sizeof(set_slot));
  aj->resp = *j->resp;
  j->aj = aj;
  j->in = held;
  j->pdu = &held->msg.pdu;
  j->resp = &aj->resp;
  j->vbs = aj->j.vbs;
  j->st = aj->j.st;
  j->slots = aj->j.slots;
  /* The registrations GETBULK's names came from (a hint for the next
   * repetition: snmpx__mib_holds checks it, so it may go stale while the
   * job waits).  The agent's array serves the next request: keep a copy,
   * or go without the hint. */
  uint32_t *reg_of = NULL;
  if (j->reg_of != NULL && j->pdu->type == SNMPX_PDU_GETBULK) {
    reg_of = snmpx__malloc(a->mem, n * sizeof(*reg_of));
    if (reg_of != NULL)
      memcpy(reg_of, j->reg_of, j->n * sizeof(*reg_of));
  }
  j->reg_of = reg_of;
  aj->next = a->jobs;
  if (a->jobs != NULL)
    a->jobs->prev = aj;
  a->jobs = aj;
  a->n_jobs++;
  /* What is answered already may point to storage of the handlers or of
   * the next request: keep copies. */
  for (size_t k = 0; nset == 0 && k < j->n; k++)
    if (j->st[k] == SLOT_DONE && !snmpx__job_persist(j, &j->vbs[k]))
      return false;
  /* A snapshot until the pass ends (snmpx__job_end_pass): answers given
   * during the pass read the agent, request and slots from it. */
  aj->j = *j;
  return true;
}

static bool add_defer(snmpx_agent *a, uint64_t id, uint32_t timeout,
                      agent_job *aj, size_t k)
{
  if (a->n_defers == a->defers_cap) {
    size_t cap = a->defers_cap ? a->defers_cap * 2 : 16;
    agent_defer *grown =
        snmpx__realloc(a->mem, a->defers, cap * sizeof(*grown));
    if (grown == NULL)
      return false;
    a->defers = grown;
    a->defers_cap = cap;
  }
  agent_defer *d = &a->defers[a->n_defers++];
  d->id = id;
  d->deadline = a->clock(a->clock_ud) + timeout;
  d->job = aj;
  d->slot = k;
  return true;
}

bool snmpx__job_defer(job *j, size_t k, snmpx_oidv start, snmpx_oidv after,
                      snmpx_oidv reg)
{
  uint64_t id = j->req->deferred;
  uint32_t timeout = j->req->defer_timeout;
  j->req->deferred = 0;
  if (j->aj == NULL && !go_async(j))
    return false;
  agent_job *aj = j->aj;
  slot_wait *w = &aj->w[k];
  arena *ar = &aj->req->scratch;
  memset(w, 0, sizeof(*w));
  if (!snmpx__arena_copy_oid(ar, start, &w->start) || !snmpx__arena_copy_oid(ar, after, &w->after) ||
      !snmpx__arena_copy_oid(ar, reg, &w->reg) || !add_defer(j->a, id, timeout, aj, k))
    return false;
  j->st[k] = SLOT_WAIT;
  aj->waiting++;
  return true;
}

void snmpx__job_forget_slot(agent_job *aj, size_t k)
{
  snmpx_agent *a = aj->j.a;
  for (size_t i = a->n_defers; i > 0; i--) {
    if (a->defers[i - 1].job == aj && a->defers[i - 1].slot == k) {
      a->defers[i - 1] = a->defers[--a->n_defers];
      aj->waiting--;
    }
  }
}

/* Answer every job that can be, resuming those with new answers.  The
 * agent counts as busy throughout: an answer given from a handler or from
 * an answer callback only marks its job ready, and the scan goes on until
 * no job is. */
void snmpx__jobs_run_ready(snmpx_agent *a)
{
  if (!a->has_ready || a->busy)
    return;
  a->busy = true;
  bool again = true;
  while (again) {
    again = false;
    for (agent_job *aj = a->jobs; aj != NULL; aj = aj->next) {
      if (!aj->ready)
        continue;
      aj->ready = false;
      if (!aj->j.finished)
        snmpx__job_resume(&aj->j);
      if (aj->j.finished) {
        snmpx__job_close(&aj->j);
        aj->ops.answer(aj->ops.ud, aj->j.in, &aj->resp);
        job_free(a, aj);
      }
      again = true; /* the list may have changed: scan again */
      break;
    }
  }
  a->has_ready = false;
  a->busy = false;
}

int snmpx__job_end_pass(job *j)
{
  agent_job *aj = j->aj;
  aj->j = *j;
  aj->ready = true;
  j->a->has_ready = true;
  return SNMPX_AGENT_PENDING;
}

bool snmpx__job_is_duplicate(const snmpx_agent *a, const snmpx_incoming *in)
{
  for (const agent_job *aj = a->jobs; aj != NULL; aj = aj->next) {
    const snmpx_incoming *h = aj->j.in;
    if (h->msg.version == in->msg.version &&
        h->msg.pdu.request_id == in->msg.pdu.request_id &&
        h->msg.pdu.type == in->msg.pdu.type &&
        snmpx_addr_equal(&h->from, &in->from))
      return true;
  }
  return false;
}

void snmpx__jobs_free(snmpx_agent *a)
{
  while (a->jobs != NULL) {
    snmpx__job_abandon(&a->jobs->j);
    job_free(a, a->jobs);
  }
  a->n_defers = 0;
}

/* ---- Answers and deadlines -------------------------------------------- */

static size_t find_defer(const snmpx_agent *a, uint64_t id)
{
  for (size_t i = 0; i < a->n_defers; i++)
    if (a->defers[i].id == id)
      return i;
  return a->n_defers;
}

/* Take deferral |i| off the list; its slot gets |w|'s answer. */
static slot_wait *take_defer(snmpx_agent *a, size_t i)
{
  agent_defer d = a->defers[i];
  a->defers[i] = a->defers[--a->n_defers];
  agent_job *aj = d.job;
  aj->waiting--;
  aj->ready = true;
  a->has_ready = true;
  slot_wait *w = &aj->w[d.slot];
  w->has_result = true;
  return w;
}

int snmpx_agent_complete(snmpx_agent *a, uint64_t id, snmpx_errstat st,
                         snmpx_oidv name, const snmpx_value *v)
{
  if (a == NULL || id == 0 || (name.arcs == NULL && name.len > 0))
    return SNMPX_EINVAL;
  size_t i = find_defer(a, id);
  if (i == a->n_defers)
    return SNMPX_ENOTFOUND;
  agent_job *aj = a->defers[i].job;
  slot_wait *w = take_defer(a, i);
  arena *ar = &aj->req->scratch;
  w->result = st;
  w->timed_out = false;
  w->rname.arcs = NULL;
  w->rname.len = 0;
  memset(&w->rval, 0, sizeof(w->rval));
  w->rval.type = aj->j.pdu->type == SNMPX_PDU_GET ? SNMPX_TYPE_NOSUCHINSTANCE
                                                  : SNMPX_TYPE_ENDOFMIBVIEW;
  if ((name.len > 0 && !snmpx__arena_copy_oid(ar, name, &w->rname)) ||
      (v != NULL && !copy_value(ar, v, &w->rval)))
    w->result = SNMPX_ERRSTAT_GEN_ERR;
  snmpx__jobs_run_ready(a);
  return 0;
}

int snmpx_agent_tick(snmpx_agent *a)
{
  if (a == NULL || a->n_defers == 0)
    return 0;
  uint64_t now = a->clock(a->clock_ud);
  int expired = 0;
  for (size_t i = a->n_defers; i > 0; i--) {
    if (a->defers[i - 1].deadline > now)
      continue;
    slot_wait *w = take_defer(a, i - 1);
    w->timed_out = true;
    w->result = SNMPX_ERRSTAT_GEN_ERR;
    expired++;
  }
  snmpx__jobs_run_ready(a);
  return expired;
}

int64_t snmpx_agent_next_deadline(const snmpx_agent *a)
{
  if (a == NULL || a->n_defers == 0)
    return -1;
  uint64_t best = a->defers[0].deadline;
  for (size_t i = 1; i < a->n_defers; i++)
    if (a->defers[i].deadline < best)
      best = a->defers[i].deadline;
  return (int64_t)best;
}

size_t snmpx_agent_waiting(const snmpx_agent *a)
{
  return a != NULL ? a->n_jobs : 0;
}
