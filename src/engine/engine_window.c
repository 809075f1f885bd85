/* Windows: bounds on the requests on the wire, per target (a manager's
 * snmpx_target.window) and over the whole engine (snmpx_engine_set_window).
 * A request past a full window waits in a FIFO, keeps its handle, and is
 * sent when an earlier request completes; its timer starts then. */
#include "engine_priv.h"

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

/* Past its target's window: on the wire now, or wait for the engine's. */
static bool admit_total(snmpx_engine *e, snmpx__request *r)
{
  if (full(&e->total)) {
    if (r->wait != SNMPX__WAIT_TARGET)
      e->stats.windowed++;
    enqueue(&e->total, r);
    r->wait = SNMPX__WAIT_TOTAL;
    return false;
  }
  e->total.in_flight++;
  r->wait = SNMPX__WAIT_NONE;
  return true;
}

bool snmpx__window_admit(snmpx_engine *e, snmpx__request *r)
{
  snmpx__window *tw = r->win;
  if (tw != NULL && full(tw)) {
    e->stats.windowed++;
    enqueue(tw, r);
    r->wait = SNMPX__WAIT_TARGET;
    return false;
  }
  if (tw != NULL)
    tw->in_flight++;
  return admit_total(e, r);
}

/* Put a request that waited on the wire. */
static void start(snmpx_engine *e, snmpx__request *r)
{
  if (r->v3 != NULL)
    snmpx__v3_refresh(e, r);
  r->deadline = snmpx_engine_now(e) + r->timeout_ms;
  snmpx__reqtable_reschedule(&e->table, r);
  snmpx__engine_transmit(e, r);
}

/* Move requests from |tw|'s queue past it while it has room. */
static void promote_target(snmpx_engine *e, snmpx__window *tw)
{
  while (tw->head != NULL && !full(tw)) {
    snmpx__request *q = tw->head;
    unqueue(tw, q);
    tw->in_flight++;
    if (admit_total(e, q))
      start(e, q);
  }
}

/* Start requests waiting for the engine's window while it has room. */
static void pump_total(snmpx_engine *e)
{
  while (e->total.head != NULL && !full(&e->total)) {
    snmpx__request *q = e->total.head;
    unqueue(&e->total, q);
    e->total.in_flight++;
    q->wait = SNMPX__WAIT_NONE;
    start(e, q);
  }
}

void snmpx__window_leave(snmpx_engine *e, snmpx__request *r)
{
  snmpx__window *tw = r->win;
  switch (r->wait) {
  case SNMPX__WAIT_TARGET:
    unqueue(tw, r);
    break;
  case SNMPX__WAIT_TOTAL:
    unqueue(&e->total, r);
    if (tw != NULL)
      tw->in_flight--;
    break;
  default:
    e->total.in_flight--;
    if (tw != NULL)
      tw->in_flight--;
    break;
  }
  r->wait = SNMPX__WAIT_NONE;
  r->win = NULL;
  if (!e->closing) {
    if (tw != NULL)
      promote_target(e, tw);
    pump_total(e);
  }
  if (tw != NULL)
    free_if_done(e, tw);
}

void snmpx_engine_set_window(snmpx_engine *e, uint32_t max_in_flight)
{
  if (e == NULL)
    return;
  e->total.limit = max_in_flight;
  pump_total(e);
  snmpx__engine_notify_deadline(e);
}
