/* The agent as the engine's command responder: a thin adapter from
 * snmpx_incoming to snmpx_agent_process and back through
 * snmpx_engine_respond, with RFC 3416's answers for replies that do not
 * fit. */
#include "agent_priv.h"

#define BULK_RETRIES 8

static uint64_t engine_clock(void *ud)
{
  return snmpx_engine_now(ud);
}

/* RFC 3416 4.2.3 (1): a GETBULK answer that is too big loses varbinds
 * from its end.  The first guess of the message overhead was too small:
 * grow it and cut again, a few times. */
static int respond_bulk(snmpx_engine *e, const snmpx_incoming *in,
                        snmpx_pdu *resp)
{
  size_t sizes = snmpx__pdu_overhead();
  size_t n = resp->n_varbinds;
  for (size_t i = 0; i < n; i++)
    sizes += snmpx__varbind_size(&resp->varbinds[i]);
  size_t overhead = snmpx__msg_overhead(in);
  int rv = SNMPX_EMSG_TOOBIG;
  for (int t = 0; t < BULK_RETRIES && rv == SNMPX_EMSG_TOOBIG; t++) {
    overhead *= 2;
    while (resp->n_varbinds > 0 && sizes + overhead > in->max_size)
      sizes -= snmpx__varbind_size(&resp->varbinds[--resp->n_varbinds]);
    rv = snmpx_engine_respond(e, in, resp);
    if (resp->n_varbinds == 0)
      break;
  }
  return rv;
}

/* Send |resp| for |in| (the message at hand or a held copy). */
static void answer(snmpx_agent *a, snmpx_engine *e, const snmpx_incoming *in,
                   snmpx_pdu *resp_in)
{
  snmpx_pdu resp = *resp_in;
  int rv = snmpx_engine_respond(e, in, &resp);
  if (rv == SNMPX_EMSG_TOOBIG && in->msg.pdu.type == SNMPX_PDU_GETBULK &&
      resp.error_status == SNMPX_ERRSTAT_NO_ERROR)
    rv = respond_bulk(e, in, &resp);
  if (rv == SNMPX_EMSG_TOOBIG && resp.type == SNMPX_PDU_RESPONSE) {
    /* RFC 3416 4.2.1: the answer is replaced by tooBig. */
    snmpx_agent_toobig(a, in, &resp);
    rv = snmpx_engine_respond(e, in, &resp);
  }
  if (rv != 0)
    a->stats.silent_drops++; /* RFC 3418 snmpSilentDrops */
}

static void on_request(snmpx_engine *e, const snmpx_incoming *in, void *ud)
{
  snmpx_agent *a = ud;
  snmpx_pdu resp;
  int rv = snmpx_agent_process(a, in, &resp);
  if (rv == 0)
    answer(a, e, in, &resp);
  /* < 0: counted where it was refused; SNMPX_AGENT_PENDING: answered
   * through the async callbacks below. */
}

/* Requests a handler answers later are held by the engine. */
static const snmpx_incoming *async_hold(void *ud, const snmpx_incoming *in)
{
  snmpx_agent *a = ud;
  return snmpx_engine_hold(a->engine, in);
}

static void async_answer(void *ud, const snmpx_incoming *held,
                         const snmpx_pdu *resp)
{
  snmpx_agent *a = ud;
  snmpx_pdu copy = *resp;
  answer(a, a->engine, held, &copy);
}

static void async_release(void *ud, const snmpx_incoming *held)
{
  snmpx_agent *a = ud;
  snmpx_engine_release(a->engine, (snmpx_incoming *)held);
}

int snmpx_agent_attach(snmpx_agent *a, snmpx_engine *e)
{
  if (a == NULL)
    return SNMPX_EINVAL;
  if (a->engine != NULL) {
    /* Held copies belong to that engine: waiting requests go unanswered. */
    snmpx__jobs_free(a);
    /* Another agent may have taken the engine since (a reload's): its
     * place is left alone. */
    void *ud = NULL;
    if (snmpx_engine_get_responder(a->engine, &ud) == NULL || ud == a)
      snmpx_engine_set_responder(a->engine, NULL, NULL);
    snmpx_agent_set_async(a, NULL);
  }
  a->engine = e;
  if (e == NULL)
    return 0;
  snmpx_engine_set_responder(e, on_request, a);
  snmpx_agent_async ops = {async_hold, async_answer, async_release, a};
  snmpx_agent_set_async(a, &ops);
  /* sysUpTime now counts on the engine's clock, from now. */
  if (a->clock_given)
    return 0;
  a->clock = engine_clock;
  a->clock_ud = e;
  a->start_ms = snmpx_engine_now(e);
  return 0;
}

int snmpx_agent_set_start(snmpx_agent *a, uint64_t start_ms)
{
  if (a == NULL)
    return SNMPX_EINVAL;
  a->start_ms = start_ms;
  return 0;
}

uint64_t snmpx_agent_start(const snmpx_agent *a)
{
  return a != NULL ? a->start_ms : 0;
}
