/* The agent behind a real engine, no sockets: v2c datagrams in, answers
 * captured from the send callback and decoded.  Answers too big for a
 * datagram become tooBig; GETBULK answers are cut to fit; bad communities
 * are dropped and counted; the standard objects read the engine's
 * counters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "internal.h"

#include "agent_test_util.h"

typedef struct capture {
  uint8_t data[SNMPX_MAX_DATAGRAM];
  size_t len;
  int count;
} capture;

static void on_send(void *ud, const uint8_t *d, size_t len,
                    const snmpx_addr *to)
{
  (void)to;
  capture *c = ud;
  memcpy(c->data, d, len);
  c->len = len;
  c->count++;
}

typedef struct rig {
  snmpx_engine *e;
  snmpx_vacm *v;
  snmpx_agent *a;
  snmpx_mib *m;
  capture *cap;
  snmpx_addr from;
  /* the decoded answer */
  snmpx_msg ans;
  snmpx_varbind vbs[256];
  uint32_t arcs[8192];
} rig;

static void rig_init(rig *r)
{
  memset(r, 0, sizeof(*r));
  r->cap = calloc(1, sizeof(capture));
  r->e = snmpx_engine_new(NULL);
  r->v = snmpx_vacm_new(NULL);
  assert_non_null(r->cap);
  assert_non_null(r->e);
  add_view(r->v, "all", "1", true);
  add_community(r->v, "public", "pub", NULL, 0);
  assert_int_equal(snmpx_vacm_add_group(r->v, SNMPX_SECMODEL_V2C,
                                        (const uint8_t *)"pub", 3, "g"),
                   0);
  add_access(r->v, "g", SNMPX_SECMODEL_ANY, SNMPX_SECLEVEL_NOAUTH, "all",
             NULL);
  snmpx_agent_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.vacm = r->v;
  r->a = snmpx_agent_new(&cfg);
  assert_non_null(r->a);
  r->m = snmpx_agent_context(r->a, NULL, 0, false);
  snmpx_engine_set_send(r->e, on_send, r->cap);
  assert_int_equal(snmpx_agent_attach(r->a, r->e), 0);
  set_addr4(&r->from, 0x7f000001, 33333);
}

static void rig_free(rig *r)
{
  snmpx_agent_free(r->a);
  snmpx_vacm_free(r->v);
  snmpx_engine_free(r->e);
  free(r->cap);
}

/* Send a v2c request of |type| for |oids|; decode the answer (false when
 * none came). */
static bool ask(rig *r, const char *community, snmpx_pdu_type type,
                int32_t nonrep, int32_t maxrep, const snmpx_oidv *oids,
                size_t n)
{
  snmpx_varbind vb[8];
  for (size_t i = 0; i < n; i++) {
    vb[i].name = oids[i];
    vb[i].value = snmpx_value_null();
  }
  snmpx_msg m;
  memset(&m, 0, sizeof(m));
  m.version = SNMPX_VERSION_2C;
  m.community = (const uint8_t *)community;
  m.community_len = strlen(community);
  m.pdu.type = type;
  m.pdu.request_id = 77;
  m.pdu.error_status = nonrep;
  m.pdu.error_index = maxrep;
  m.pdu.varbinds = vb;
  m.pdu.n_varbinds = n;
  uint8_t buf[1024];
  size_t len;
  assert_int_equal(snmpx_msg_encode(&m, buf, sizeof(buf), &len), 0);
  int before = r->cap->count;
  snmpx_engine_recv(r->e, buf, len, &r->from);
  if (r->cap->count == before)
    return false;
  snmpx_decode_space sp = {r->vbs, 256, r->arcs, 8192};
  assert_int_equal(snmpx_msg_decode(r->cap->data, r->cap->len, &r->ans, &sp),
                   0);
  assert_int_equal(r->ans.pdu.request_id, 77);
  return true;
}

static void add_big(rig *r, uint32_t k, size_t size)
{
  uint32_t arcs[] = {1, 3, 6, 1, 4, 1, 4242, k, 0};
  uint8_t *big = malloc(size);
  assert_non_null(big);
  memset(big, 'x', size);
  snmpx_value v = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, big, size);
  assert_int_equal(snmpx_mib_add_value(r->m, SNMPX_OIDV(arcs), &v, 0), 0);
  free(big);
}

static void test_agent_engine_toobig_and_bulk_cut(void **state)
{
  (void)state;
  rig *r = calloc(1, sizeof(rig));
  assert_non_null(r);
  rig_init(r);
  add_big(r, 1, 20000);
  add_big(r, 2, 20000);
  add_big(r, 3, 20000);
  add_big(r, 4, 20000);
  add_big(r, 5, 70000); /* more than any datagram */
  static const uint32_t o1[] = {1, 3, 6, 1, 4, 1, 4242, 1, 0};
  static const uint32_t o5[] = {1, 3, 6, 1, 4, 1, 4242, 5, 0};
  static const uint32_t base[] = {1, 3, 6, 1, 4, 1, 4242};
  snmpx_oidv q[2] = {SNMPX_OIDV(o1), SNMPX_OIDV(o5)};
  /* A GET that fits. */
  assert_true(ask(r, "public", SNMPX_PDU_GET, 0, 0, q, 1));
  assert_int_equal(r->ans.pdu.error_status, 0);
  assert_int_equal(r->ans.pdu.varbinds[0].value.v.bytes.len, 20000);
  /* A GET whose answer cannot fit: tooBig, no varbinds (RFC 3416
   * 4.2.1). */
  assert_true(ask(r, "public", SNMPX_PDU_GET, 0, 0, q, 2));
  assert_int_equal(r->ans.pdu.error_status, SNMPX_ERRSTAT_TOO_BIG);
  assert_int_equal(r->ans.pdu.error_index, 0);
  assert_int_equal(r->ans.pdu.n_varbinds, 0);
  /* GETBULK: cut to what fits (3 of the 20000-octet values). */
  snmpx_oidv b = SNMPX_OIDV(base);
  assert_true(ask(r, "public", SNMPX_PDU_GETBULK, 0, 10, &b, 1));
  assert_int_equal(r->ans.pdu.error_status, 0);
  assert_int_equal(r->ans.pdu.n_varbinds, 3);
  assert_true(r->cap->len <= SNMPX_MAX_DATAGRAM);
  snmpx_agent_stats st;
  snmpx_agent_get_stats(r->a, &st);
  assert_int_equal(st.out_too_bigs, 1);
  rig_free(r);
  free(r);
}

static void test_agent_engine_counters(void **state)
{
  (void)state;
  rig *r = calloc(1, sizeof(rig));
  assert_non_null(r);
  rig_init(r);
  assert_int_equal(snmpx_agent_add_standard(r->a, NULL), 0);
  static const uint32_t name[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
  static const uint32_t bad_names[] = {1, 3, 6, 1, 2, 1, 11, 4, 0};
  static const uint32_t in_pkts[] = {1, 3, 6, 1, 2, 1, 11, 1, 0};
  static const uint32_t boots[] = {1, 3, 6, 1, 6, 3, 10, 2, 1, 2, 0};
  snmpx_oidv q = SNMPX_OIDV(name);
  assert_false(ask(r, "wrong", SNMPX_PDU_GET, 0, 0, &q, 1));
  assert_false(ask(r, "wrong", SNMPX_PDU_GET, 0, 0, &q, 1));
  snmpx_oidv c[3] = {SNMPX_OIDV(bad_names), SNMPX_OIDV(in_pkts),
                     SNMPX_OIDV(boots)};
  assert_true(ask(r, "public", SNMPX_PDU_GET, 0, 0, c, 3));
  assert_int_equal(r->ans.pdu.varbinds[0].value.type, SNMPX_TYPE_COUNTER32);
  assert_int_equal(r->ans.pdu.varbinds[0].value.v.u, 2);
  assert_int_equal(r->ans.pdu.varbinds[1].value.v.u, 3);
  assert_int_equal(r->ans.pdu.varbinds[2].value.type, SNMPX_TYPE_INTEGER);
  assert_int_equal(r->ans.pdu.varbinds[2].value.v.i, 1);
  /* Detached, the agent no longer answers. */
  assert_int_equal(snmpx_agent_attach(r->a, NULL), 0);
  assert_false(ask(r, "public", SNMPX_PDU_GET, 0, 0, &q, 1));
  rig_free(r);
  free(r);
}

/* A handler that answers later: it keeps the deferral's id. */
static uint64_t later_id;

static snmpx_errstat later_get(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                               snmpx_value *out)
{
  (void)ctx;
  (void)name;
  (void)out;
  later_id = snmpx_mib_req_defer(req, 5000);
  assert_true(later_id > 0);
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat later_next(void *ctx, snmpx_mib_req *req,
                                snmpx_oidv after, snmpx_oid *name,
                                snmpx_value *out)
{
  (void)ctx;
  (void)req;
  (void)after;
  (void)name;
  (void)out;
  return SNMPX_ERRSTAT_NO_ERROR;
}

/* Over real sockets: a request a handler answers later is answered from
 * the listening socket it came to (the manager checks where answers come
 * from), once the handler completes, through the engine's held copy. */
static void test_agent_engine_deferred_answer_from_listener(void **state)
{
  (void)state;
  rig *r = calloc(1, sizeof(rig));
  assert_non_null(r);
  rig_init(r);
  static const snmpx_mib_ops later_ops = {later_get, later_next, NULL,
                                          NULL,      NULL,       NULL};
  static const uint32_t prefix[] = {1, 3, 6, 1, 4, 1, 4243};
  static const uint32_t inst[] = {1, 3, 6, 1, 4, 1, 4243, 1, 0};
  assert_int_equal(
      snmpx_mib_register(r->m, SNMPX_OIDV(prefix), &later_ops, NULL), 0);
  snmpx_io *io = snmpx_io_new(r->e, NULL);
  assert_non_null(io);
  snmpx_addr any, bound;
  assert_int_equal(snmpx_addr_parse(&any, "udp:127.0.0.1:0", 0), 0);
  int idx = snmpx_io_listen(io, &any);
  assert_true(idx >= 0);
  assert_int_equal(snmpx_io_listen_addr(io, idx, &bound), 0);
  /* the manager: a plain socket */
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  assert_true(fd >= 0);
  snmpx_varbind vb = {SNMPX_OIDV(inst), snmpx_value_null()};
  snmpx_msg m;
  memset(&m, 0, sizeof(m));
  m.version = SNMPX_VERSION_2C;
  m.community = (const uint8_t *)"public";
  m.community_len = 6;
  m.pdu.type = SNMPX_PDU_GET;
  m.pdu.request_id = 99;
  m.pdu.varbinds = &vb;
  m.pdu.n_varbinds = 1;
  uint8_t buf[1500];
  size_t len;
  assert_int_equal(snmpx_msg_encode(&m, buf, sizeof(buf), &len), 0);
  assert_true(sendto(fd, buf, len, 0, &bound.u.sa, bound.len) ==
              (ssize_t)len);
  later_id = 0;
  for (int i = 0; i < 50 && later_id == 0; i++)
    snmpx_io_run_once(io, 100);
  assert_true(later_id > 0);
  assert_int_equal(snmpx_agent_waiting(r->a), 1);
  assert_true(recv(fd, buf, sizeof(buf), 0) < 0); /* nothing yet */
  snmpx_value v = snmpx_value_int(SNMPX_TYPE_INTEGER, 4243);
  assert_int_equal(snmpx_agent_complete(r->a, later_id, SNMPX_ERRSTAT_NO_ERROR,
                                        SNMPX_OIDV(inst), &v),
                   0);
  assert_int_equal(snmpx_agent_waiting(r->a), 0);
  snmpx_addr from;
  memset(&from, 0, sizeof(from)); /* UDP, no connection */
  socklen_t flen = sizeof(from.u);
  ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, &from.u.sa, &flen);
  assert_true(n > 0);
  from.len = flen;
  assert_true(snmpx_addr_equal(&from, &bound));
  snmpx_decode_space sp = {r->vbs, 256, r->arcs, 8192};
  assert_int_equal(snmpx_msg_decode(buf, (size_t)n, &r->ans, &sp), 0);
  assert_int_equal(r->ans.pdu.request_id, 99);
  assert_int_equal(r->ans.pdu.varbinds[0].value.v.i, 4243);
  close(fd);
  snmpx_agent_free(r->a);
  r->a = NULL;
  snmpx_io_free(io);
  rig_free(r);
  free(r);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_agent_engine_toobig_and_bulk_cut),
      cmocka_unit_test(test_agent_engine_counters),
      cmocka_unit_test(test_agent_engine_deferred_answer_from_listener),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
