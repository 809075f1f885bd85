/* Windows: bounds on the requests on the wire, per target (a manager's
 * snmpx_target.window), per agent (every request to one transport address,
 * snmpx_engine_set_agent_window) and over the whole engine
 * (snmpx_engine_set_window).  A request passes them in that order; past a
 * full one it waits in that window's FIFO, keeps its handle, and goes on
 * when an earlier request completes.  Each try's timer starts when it is
 * sent; a request waiting for its agent's window may wait no longer than
 * its tries would take (see queue_budget). */
#include "engine_priv.h"

/* The windows a request passes, in order. */
enum { STAGE_TARGET, STAGE_AGENT, STAGE_TOTAL, N_STAGES };

/* The SNMPX__WAIT_* of a request queued at |stage|. */
static uint8_t wait_of(int stage)
{
  static const uint8_t w[N_STAGES] = {SNMPX__WAIT_TARGET, SNMPX__WAIT_AGENT,
                                      SNMPX__WAIT_TOTAL};
  return w[stage];
}

static snmpx__window *window_at(snmpx_engine *e, const snmpx__request *r,
                                int stage)
{
  switch (stage) {
  case STAGE_TARGET:
    return r->win;
  case STAGE_AGENT:
    return r->agent != NULL ? &r->agent->w : NULL;
  default:
    return &e->total;
  }
}

static void enqueue(snmpx__window *w, snmpx__request *r)
{
  r->qnext = NULL;
  r->qprev = w->tail;
  if (w->tail != NULL)
    w->tail->qnext = r;
  else
    w->head = r;
  w->tail = r;
}

static void unqueue(snmpx__window *w, snmpx__request *r)
{
  if (r->qprev != NULL)
    r->qprev->qnext = r->qnext;
  else
    w->head = r->qnext;
  if (r->qnext != NULL)
    r->qnext->qprev = r->qprev;
  else
    w->tail = r->qprev;
  r->qprev = r->qnext = NULL;
}

static bool full(const snmpx__window *w)
{
  return w->limit != 0 && w->in_flight >= w->limit;
}

snmpx__window *snmpx__window_new(snmpx_engine *e, uint32_t limit)
{
  snmpx__window *w = snmpx__calloc(e->mem, 1, sizeof(*w));
  if (w != NULL)
    w->limit = limit;
  return w;
}

static void free_if_done(snmpx_engine *e, snmpx__window *w)
{
  if (w->released && w->in_flight == 0 && w->head == NULL)
    snmpx__free(e->mem, w);
}

void snmpx__window_release(snmpx_engine *e, snmpx__window *w)
{
  if (w == NULL)
    return;
  w->released = true;
  free_if_done(e, w);
}

/* ---- Agents: one window per transport address ------------------------ */

/* Most idle agent records an engine keeps for reuse. */
#define SNMPX__SPARE_AGENTS 16

int snmpx__agent_get(snmpx_engine *e, const snmpx_addr *addr,
                     snmpx__agent **out)
{
  *out = NULL;
  if (e->agent_limit == 0)
    return 0;
  size_t h = snmpx__addr_hash(addr);
  for (snmpx__chain *c = snmpx__chash_bucket(&e->agents, h); c != NULL;
       c = c->next) {
    snmpx__agent *a = (snmpx__agent *)c;
    if (c->hash == h && snmpx_addr_equal(&a->addr, addr)) {
      *out = a;
      return 0;
    }
  }
  snmpx__agent *a = e->spare_agents;
  if (a != NULL) {
    e->spare_agents = (snmpx__agent *)(void *)a->link.next;
    e->n_spare_agents--;
    memset(a, 0, sizeof(*a));
  } else if ((a = snmpx__calloc(e->mem, 1, sizeof(*a))) == NULL) {
    return SNMPX_ENOMEM;
  }
  a->addr = *addr;
  a->w.limit = e->agent_limit;
  if (snmpx__chash_add(&e->agents, &a->link, h, e->mem) != 0) {
    snmpx__free(e->mem, a);
    return SNMPX_ENOMEM;
  }
  *out = a;
  return 0;
}

/* An agent with nothing on the wire and nothing waiting is forgotten, so a
 * poller of many agents keeps records only for those it is talking to.
 * Its record is kept for the next agent while there are fewer than
 * SNMPX__SPARE_AGENTS spare ones: one request at a time (the blocking
 * API, a walk) then allocates nothing, and a poller that finished with
 * many agents keeps little. */
static void agent_drop_if_idle(snmpx_engine *e, snmpx__agent *a)
{
  if (a->w.in_flight != 0 || a->w.head != NULL)
    return;
  snmpx__chash_remove(&e->agents, &a->link);
  if (e->n_spare_agents >= SNMPX__SPARE_AGENTS) {
    snmpx__free(e->mem, a);
    return;
  }
  a->link.next = (snmpx__chain *)(void *)e->spare_agents;
  e->spare_agents = a;
  e->n_spare_agents++;
}

void snmpx__agents_clear(snmpx_engine *e)
{
  snmpx__chash_clear(&e->agents, e->mem, snmpx__chash_free_record,
                     (void *)e->mem);
  while (e->spare_agents != NULL) {
    snmpx__agent *a = e->spare_agents;
    e->spare_agents = (snmpx__agent *)(void *)a->link.next;
    snmpx__free(e->mem, a);
  }
  e->n_spare_agents = 0;
}

/* ---- Passing the windows --------------------------------------------- */

/* The longest a request may wait for its agent's window: what all its
 * tries would take (timeout x (retries + 1), with the backoff).  A burst
 * to a live agent drains far sooner; an agent that answers nothing would
 * otherwise hold the back of a long queue for many budgets. */
static uint64_t queue_budget(const snmpx__request *r)
{
  uint64_t sum = 0;
  uint32_t t = r->timeout_ms;
  int64_t tries = (int64_t)r->tries_left + 1;
  for (int64_t i = 0; i < tries; i++) {
    if (i == 64) { /* the backoff has reached its cap by now */
      sum += (uint64_t)(tries - 64) * t;
      break;
    }
    sum += t;
    t = snmpx__next_timeout(r, t);
  }
  return sum;
}

/* Pass |r| through the windows from |stage| on.  @return true when it may
 * go on the wire now; false when it waits (queued, its deadline set). */
static bool admit_from(snmpx_engine *e, snmpx__request *r, int stage)
{
  for (int s = stage; s < N_STAGES; s++) {
    snmpx__window *w = window_at(e, r, s);
    if (w == NULL)
      continue;
    if (full(w)) {
      if (!r->windowed) {
        r->windowed = true;
        e->stats.windowed++;
      }
      enqueue(w, r);
      r->wait = wait_of(s);
      r->deadline = s == STAGE_AGENT ? snmpx_engine_now(e) + queue_budget(r)
                                     : SNMPX__NEVER;
      snmpx__reqtable_reschedule(&e->table, r);
      return false;
    }
    w->in_flight++;
  }
  r->wait = SNMPX__WAIT_NONE;
  return true;
}

bool snmpx__window_admit(snmpx_engine *e, snmpx__request *r)
{
  return admit_from(e, r, STAGE_TARGET);
}

/* Put a request that waited on the wire. */
static void start(snmpx_engine *e, snmpx__request *r)
{
  if (r->v3 != NULL)
    snmpx__v3_refresh(e, r);
  r->deadline = snmpx__try_deadline(e, r, snmpx_engine_now(e));
  snmpx__reqtable_reschedule(&e->table, r);
  snmpx__engine_transmit(e, r);
}

/* Move requests waiting at |stage| on through the later windows while
 * |w| has room. */
static void promote(snmpx_engine *e, snmpx__window *w, int stage)
{
  while (w->head != NULL && !full(w)) {
    snmpx__request *q = w->head;
    unqueue(w, q);
    w->in_flight++;
    if (admit_from(e, q, stage + 1))
      start(e, q);
  }
}

void snmpx__window_leave(snmpx_engine *e, snmpx__request *r)
{
  snmpx__window *ws[N_STAGES];
  int queued_at = N_STAGES; /* on the wire: counted in every window */
  for (int s = 0; s < N_STAGES; s++) {
    ws[s] = window_at(e, r, s);
    if (r->wait != SNMPX__WAIT_NONE && r->wait == wait_of(s))
      queued_at = s;
  }
  for (int s = 0; s < N_STAGES; s++) {
    if (ws[s] == NULL)
      continue;
    if (s < queued_at)
      ws[s]->in_flight--;
    else if (s == queued_at)
      unqueue(ws[s], r);
  }
  snmpx__agent *agent = r->agent;
  r->wait = SNMPX__WAIT_NONE;
  r->win = NULL;
  r->agent = NULL;
  if (!e->closing)
    for (int s = 0; s < N_STAGES; s++)
      if (ws[s] != NULL)
        promote(e, ws[s], s);
  if (ws[STAGE_TARGET] != NULL)
    free_if_done(e, ws[STAGE_TARGET]);
  if (agent != NULL)
    agent_drop_if_idle(e, agent);
}

void snmpx_engine_set_window(snmpx_engine *e, uint32_t max_in_flight)
{
  if (e == NULL)
    return;
  e->total.limit = max_in_flight;
  promote(e, &e->total, STAGE_TOTAL);
  snmpx__engine_notify_deadline(e);
}

void snmpx_engine_set_agent_window(snmpx_engine *e, uint32_t max_in_flight)
{
  if (e == NULL)
    return;
  e->agent_limit = max_in_flight;
  for (size_t i = 0; i < e->agents.cap; i++) {
    snmpx__chain *c = e->agents.b[i];
    while (c != NULL) {
      snmpx__chain *next = c->next;
      snmpx__agent *a = (snmpx__agent *)c;
      a->w.limit = max_in_flight;
      promote(e, &a->w, STAGE_AGENT); /* sends only: drops no record */
      agent_drop_if_idle(e, a);
      c = next;
    }
  }
  snmpx__engine_notify_deadline(e);
}

uint32_t snmpx_engine_get_agent_window(const snmpx_engine *e)
{
  return e != NULL ? e->agent_limit : 0;
}

void snmpx_engine_set_retry_jitter(snmpx_engine *e, uint32_t pct)
{
  if (e != NULL)
    e->jitter_pct = pct > 100 ? 100 : pct;
}
