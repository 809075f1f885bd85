/* libFuzzer target: SNMPv3 messages of the Transport Security Model
 * (RFC 5591) through snmpx_engine_recv_tm (src/engine/engine_tsm.c), as an
 * agent (requests, notifications) and as a manager with a TSM request in
 * flight (msgID TSM_FUZZ_MSGID: answers and Reports).
 * Input: octet 0 sets the transport state (bit 0: tsmUseTransportPrefix;
 * bits 1-2: tmTransportSecurityLevel, 0 for no tmStateReference at all;
 * bits 3-4: the domain's prefix, tls/dtls/ssh/udp; bit 5: the responder
 * holds the request and answers it after; bit 6: it answers at all),
 * octet 1 the length of tmSecurityName (the octets after it), the rest is
 * the message.
 * Invariants, abort() on any failure:
 *  - an application sees a message only with a transport state, as
 *    security model 4, with the securityName the TSM derives (prefix:name)
 *    and a level the session gives;
 *  - everything the engine sends in reply is a TSM message (security model
 *    4, empty security parameters) that decodes, sent with the request's
 *    tmStateReference (snmpx__engine_answer_tm, session 4242). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "msg/msg_v3.h"

#define TSM_FUZZ_MSGID 0x01010101 /* what the constant RNG makes */
#define SESSION 4242

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok, const char *what)
{
  if (!ok) {
    fprintf(stderr, "fuzz_tsm_recv: %s\n", what);
    abort();
  }
}

typedef struct ctx {
  snmpx_engine *e;
  const snmpx_tm_state *tm;
  bool use_prefix, hold, answer;
  snmpx_incoming *held;
  bool submitted;
} ctx;

static void rng_ones(void *ud, void *buf, size_t len)
{
  memset(buf, 0x01, len);
  (void)ud;
}

static void on_send(void *ud, const uint8_t *d, size_t len,
                    const snmpx_addr *to)
{
  ctx *c = ud;
  const snmpx_tm_state *tm = snmpx__engine_answer_tm(c->e);
  snmpx__v3_msg m;

  (void)to;
  if (!c->submitted) {
    check(tm != NULL, "our TSM request without its tmStateReference");
    return;
  }
  if (tm == NULL) { /* a USM Report, a community answer */
    check(snmpx__v3_decode(d, len, &m) != 0 ||
              m.security_model != SNMPX__SECMODEL_TSM,
          "a TSM message sent without a tmStateReference");
    return;
  }
  check(snmpx__v3_decode(d, len, &m) == 0, "an answer that does not decode");
  check(m.security_model == SNMPX__SECMODEL_TSM, "an answer not of TSM");
  check(tm->session_id == SESSION, "an answer on another session");
}

static void on_incoming(snmpx_engine *e, const snmpx_incoming *in, void *ud)
{
  ctx *c = ud;
  const snmpx_tm_state *tm = c->tm;
  size_t plen;

  if (in->security_model != SNMPX_SECMODEL_TSM)
    goto answer; /* v1, v2c, USM: their own targets' business */
  check(tm != NULL, "accepted without a transport state");
  check(in->level <= tm->level, "a level the session does not give");
  plen = c->use_prefix ? strlen(tm->transport_prefix) + 1 : 0;
  check(in->msg.security_name_len == plen + tm->security_name_len &&
            memcmp(in->msg.security_name + plen, tm->security_name,
                   tm->security_name_len) == 0,
        "securityName is not the tmSecurityName");
  if (plen)
    check(memcmp(in->msg.security_name, tm->transport_prefix, plen - 1) ==
                  0 &&
              in->msg.security_name[plen - 1] == ':',
          "prefix missing");
answer:
  if (c->hold && c->held == NULL) {
    c->held = snmpx_engine_hold(e, in);
    return;
  }
  if (c->answer && in->msg.pdu.type != SNMPX_PDU_TRAP_V2) {
    snmpx_pdu resp = in->msg.pdu;
    resp.type = SNMPX_PDU_RESPONSE;
    snmpx_engine_respond(e, in, &resp);
  }
}

static void on_done(snmpx_engine *e, int64_t h, int status,
                    const snmpx_msg *resp, void *ud)
{
  (void)e;
  (void)h;
  (void)status;
  (void)resp;
  (void)ud;
}

static void submit_tsm_get(ctx *c)
{
  static const uint32_t sysname[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
  snmpx_target t;
  snmpx_pdu pdu;
  snmpx_varbind vb;

  memset(&t, 0, sizeof(t));
  t.addr.len = sizeof(t.addr.u.in4);
  t.addr.u.in4.sin_family = AF_INET;
  t.version = SNMPX_VERSION_3;
  t.security_model = SNMPX_SECMODEL_TSM;
  t.transport_prefix = "tls";
  t.user = (const uint8_t *)(c->use_prefix ? "tls:ops" : "ops");
  t.user_len = c->use_prefix ? 7 : 3;
  t.level = SNMPX_SECLEVEL_AUTHPRIV;
  memset(&pdu, 0, sizeof(pdu));
  pdu.type = SNMPX_PDU_GET;
  vb.name.arcs = sysname;
  vb.name.len = 9;
  vb.value = snmpx_value_null();
  pdu.varbinds = &vb;
  pdu.n_varbinds = 1;
  snmpx_engine_submit(c->e, &t, &pdu, on_done, c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const prefixes[] = {"tls", "dtls", "ssh", "udp"};
  snmpx_engine_config cfg = {0};
  snmpx_tm_state tm;
  snmpx_addr from;
  ctx c;
  size_t nlen;

  if (size < 2)
    return 0;
  memset(&c, 0, sizeof(c));
  c.use_prefix = data[0] & 1;
  c.hold = data[0] & 0x20;
  c.answer = data[0] & 0x40;
  nlen = data[1];
  if (nlen > size - 2)
    nlen = size - 2;
  memset(&tm, 0, sizeof(tm));
  tm.transport_prefix = prefixes[(data[0] >> 3) & 3];
  tm.security_name = data + 2;
  tm.security_name_len = nlen;
  tm.level = (snmpx_seclevel)((data[0] >> 1) & 3);
  tm.session_id = SESSION;
  c.tm = tm.level ? &tm : NULL;
  cfg.random = rng_ones;
  cfg.send = on_send;
  cfg.send_ud = &c;
  c.e = snmpx_engine_new(&cfg);
  if (c.e == NULL)
    return 0;
  snmpx_engine_set_tsm_prefix(c.e, c.use_prefix);
  submit_tsm_get(&c);
  c.submitted = true;
  snmpx_engine_set_responder(c.e, on_incoming, &c);
  snmpx_engine_set_receiver(c.e, on_incoming, &c);
  memset(&from, 0, sizeof(from));
  from.len = sizeof(from.u.in4);
  from.u.in4.sin_family = AF_INET;
  snmpx_engine_recv_tm(c.e, data + 2 + nlen, size - 2 - nlen, &from, NULL,
                       c.tm);
  if (c.held != NULL) {
    snmpx_pdu resp = c.held->msg.pdu;
    resp.type = SNMPX_PDU_RESPONSE;
    if (c.answer)
      snmpx_engine_respond(c.e, c.held, &resp);
    snmpx_engine_release(c.e, c.held);
  }
  snmpx_engine_free(c.e);
  return 0;
}
