/* Unit tests for src/notify: the originator's builders and sends (through
 * an engine whose send callback captures datagrams), and the receiver's
 * access rules, duplicate suppression, v1 view and counters (fed through
 * snmpx_engine_recv with a fake clock). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <arpa/inet.h>
#include <cmocka.h>

#include "internal.h"

typedef struct fixture {
  uint64_t now;
  uint32_t rng;
  uint8_t sent[4][2048];
  size_t sent_len[4];
  int n_sent;
  int delivered;
  snmpx_notification last;
  snmpx_oid last_trap_oid;
  size_t last_n_varbinds;
  snmpx_oid last_names[8]; /* the first varbinds' names */
} fixture;

static uint64_t fake_clock(void *ud)
{
  return ((fixture *)ud)->now;
}

static void fake_random(void *ud, void *buf, size_t len)
{
  fixture *f = ud;
  memset(buf, 0, len);
  uint32_t v = ++f->rng;
  memcpy(buf, &v, len < sizeof(v) ? len : sizeof(v));
}

static void capture(void *ud, const uint8_t *data, size_t len,
                    const snmpx_addr *to)
{
  fixture *f = ud;
  (void)to;
  if (f->n_sent < 4 && len <= sizeof(f->sent[0])) {
    memcpy(f->sent[f->n_sent], data, len);
    f->sent_len[f->n_sent] = len;
  }
  f->n_sent++;
}

static snmpx_engine *make_engine(fixture *f)
{
  snmpx_engine_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.clock = fake_clock;
  cfg.clock_ud = f;
  cfg.random = fake_random;
  cfg.random_ud = f;
  cfg.send = capture;
  cfg.send_ud = f;
  f->now = 1000;
  return snmpx_engine_new(&cfg);
}

static snmpx_addr loopback(uint32_t host, uint16_t port)
{
  snmpx_addr a;
  memset(&a, 0, sizeof(a));
  a.len = sizeof(a.u.in4);
  a.u.in4.sin_family = AF_INET;
  a.u.in4.sin_addr.s_addr = htonl(host);
  a.u.in4.sin_port = htons(port);
  return a;
}

static snmpx_target target(snmpx_version v, const char *community)
{
  snmpx_target t;
  memset(&t, 0, sizeof(t));
  t.addr = loopback(0x7f000001, 162);
  t.version = v;
  t.community = (const uint8_t *)community;
  t.community_len = strlen(community);
  return t;
}

static const uint32_t trap_arcs[] = {1, 3, 6, 1, 4, 1, 8072, 2, 3, 0, 1};
static const uint32_t name_arcs[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};

/* Build an SNMPv2-Trap with one string varbind. */
static void v2_trap(snmpx_pdu *pdu, snmpx_varbind *vbs, const char *text)
{
  snmpx_varbind extra = {
      SNMPX_OIDV(name_arcs),
      snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, text, strlen(text))};
  assert_int_equal(snmpx_notify_build_v2(pdu, SNMPX_PDU_TRAP_V2, 4242,
                                         SNMPX_OIDV(trap_arcs), &extra, 1, vbs,
                                         3),
                   0);
}

static void on_note(void *ud, const snmpx_notification *n)
{
  fixture *f = ud;
  f->delivered++;
  f->last = *n;
  snmpx_oid_set(&f->last_trap_oid, n->trap_oid);
  f->last_n_varbinds = n->n_varbinds;
  for (size_t i = 0; i < n->n_varbinds && i < 8; i++)
    snmpx_oid_set(&f->last_names[i], n->varbinds[i].name);
}

/* A receiver on |e| recording into |f| (on_note); |rc| (NULL: defaults)
 * gives the other settings. */
static snmpx_receiver *open_receiver(snmpx_engine *e, fixture *f,
                                     const snmpx_receiver_config *rc)
{
  snmpx_receiver_config c;
  if (rc != NULL)
    c = *rc;
  else
    memset(&c, 0, sizeof(c));
  c.cb = on_note;
  c.user_data = f;
  snmpx_receiver *r = snmpx_receiver_new(e, &c);
  assert_non_null(r);
  return r;
}

static void test_notify_build_v2_puts_uptime_and_trap_oid_first(void **state)
{
  (void)state;
  snmpx_pdu pdu;
  snmpx_varbind vbs[3];
  v2_trap(&pdu, vbs, "x");
  assert_int_equal(pdu.n_varbinds, 3);
  assert_int_equal(snmpx_pdu_trap_v2_check(&pdu), 0);
  assert_int_equal(pdu.varbinds[0].value.v.u, 4242);
  assert_int_equal(snmpx_notify_build_v2(&pdu, SNMPX_PDU_TRAP_V2, 1,
                                         SNMPX_OIDV(trap_arcs), vbs, 2, vbs, 3),
                   SNMPX_EMSG_TOO_MANY_VARBINDS);
  assert_int_equal(snmpx_notify_build_v2(&pdu, SNMPX_PDU_GET, 1,
                                         SNMPX_OIDV(trap_arcs), NULL, 0, vbs,
                                         3),
                   SNMPX_EINVAL);
  assert_int_equal(snmpx_notify_build_v1(&pdu, SNMPX_OIDV(trap_arcs), NULL, 7,
                                         0, 0, NULL, 0),
                   SNMPX_ENOTIFY_GENERIC);
  assert_int_equal(snmpx_notify_build_v1(&pdu, SNMPX_OIDV(trap_arcs), NULL, 6,
                                         3, 99, NULL, 0),
                   0);
  assert_int_equal(pdu.type, SNMPX_PDU_TRAP_V1);
}

/* The varbinds may already sit in |vbs| (at + 2, as snmpx trap builds
 * them, or elsewhere inside it): they end up after the two first ones. */
static void test_notify_build_v2_extra_inside_vbs(void **state)
{
  (void)state;
  static const uint32_t a_arcs[] = {1, 3, 6, 1, 4, 1, 99999, 1};
  static const uint32_t b_arcs[] = {1, 3, 6, 1, 4, 1, 99999, 2};
  snmpx_varbind a = {SNMPX_OIDV(a_arcs),
                     snmpx_value_int(SNMPX_TYPE_INTEGER, 1)};
  snmpx_varbind b = {SNMPX_OIDV(b_arcs),
                     snmpx_value_int(SNMPX_TYPE_INTEGER, 2)};
  for (size_t at = 0; at <= 2; at++) {
    snmpx_varbind vbs[4];
    memset(vbs, 0, sizeof(vbs));
    vbs[at] = a;
    vbs[at + 1] = b;
    snmpx_pdu pdu;
    assert_int_equal(snmpx_notify_build_v2(&pdu, SNMPX_PDU_TRAP_V2, 7,
                                           SNMPX_OIDV(trap_arcs), vbs + at, 2,
                                           vbs, 4),
                     0);
    assert_int_equal(pdu.n_varbinds, 4);
    assert_int_equal(snmpx_pdu_trap_v2_check(&pdu), 0);
    assert_int_equal(pdu.varbinds[0].value.v.u, 7);
    assert_int_equal(snmpx_oidv_compare(pdu.varbinds[2].name, a.name), 0);
    assert_int_equal(pdu.varbinds[2].value.v.i, 1);
    assert_int_equal(snmpx_oidv_compare(pdu.varbinds[3].name, b.name), 0);
    assert_int_equal(pdu.varbinds[3].value.v.i, 2);
  }
}

/* A v2 trap sent to a v1 target goes out as a Trap-PDU (RFC 3584 3.2), a
 * v1 trap to a v2c target as an SNMPv2-Trap (3.1); informs are refused on
 * v1. */
static void test_notify_send_trap_translates_for_the_target(void **state)
{
  (void)state;
  fixture f;
  memset(&f, 0, sizeof(f));
  snmpx_engine *e = make_engine(&f);
  snmpx_pdu pdu;
  snmpx_varbind vbs[3];
  v2_trap(&pdu, vbs, "hi");
  snmpx_target t1 = target(SNMPX_VERSION_1, "public");
  assert_int_equal(snmpx_notify_send_trap(e, &t1, &pdu), 0);
  snmpx_varbind dvbs[16];
  uint32_t darcs[256];
  snmpx_decode_space ds = {dvbs, 16, darcs, 256};
  snmpx_msg m;
  assert_int_equal(snmpx_msg_decode(f.sent[0], f.sent_len[0], &m, &ds), 0);
  assert_int_equal(m.pdu.type, SNMPX_PDU_TRAP_V1);
  assert_int_equal(m.pdu.generic_trap, 6);
  assert_int_equal(m.pdu.specific_trap, 1);
  assert_int_equal(m.pdu.enterprise.len, 9);
  assert_int_equal(m.pdu.time_stamp, 4242);
  assert_int_equal(m.pdu.n_varbinds, 1);

  snmpx_pdu v1 = m.pdu; /* now back to v2c */
  snmpx_target t2 = target(SNMPX_VERSION_2C, "public");
  assert_int_equal(snmpx_notify_send_trap(e, &t2, &v1), 0);
  snmpx_varbind dvbs2[16];
  uint32_t darcs2[256];
  snmpx_decode_space ds2 = {dvbs2, 16, darcs2, 256};
  snmpx_msg m2;
  assert_int_equal(snmpx_msg_decode(f.sent[1], f.sent_len[1], &m2, &ds2), 0);
  assert_int_equal(m2.pdu.type, SNMPX_PDU_TRAP_V2);
  assert_int_equal(snmpx_pdu_trap_v2_check(&m2.pdu), 0);
  assert_int_equal(
      snmpx_oidv_compare(m2.pdu.varbinds[1].value.v.oid, SNMPX_OIDV(trap_arcs)),
      0);
  assert_int_equal(snmpx_notify_send_inform(e, &t1, &pdu, NULL, NULL),
                   SNMPX_EMSG_VERSION);
  snmpx_engine_free(e);
}

/* An SNMPv2-Trap goes out with a random request-id, never 0 (Net-SNMP's
 * snmptrap sends a random one); one the caller set is kept. */
static void test_notify_trap_request_id(void **state)
{
  (void)state;
  fixture f;
  memset(&f, 0, sizeof(f));
  snmpx_engine *e = make_engine(&f);
  snmpx_pdu pdu;
  snmpx_varbind vbs[3];
  v2_trap(&pdu, vbs, "hi");
  pdu.request_id = 0;
  snmpx_target t = target(SNMPX_VERSION_2C, "public");
  assert_int_equal(snmpx_notify_send_trap(e, &t, &pdu), 0);
  assert_int_equal(pdu.request_id, 0); /* the caller's PDU is unchanged */
  pdu.request_id = 55;
  assert_int_equal(snmpx_notify_send_trap(e, &t, &pdu), 0);
  int32_t ids[2];
  for (int i = 0; i < 2; i++) {
    snmpx_varbind dvbs[16];
    uint32_t darcs[256];
    snmpx_decode_space ds = {dvbs, 16, darcs, 256};
    snmpx_msg m;
    assert_int_equal(snmpx_msg_decode(f.sent[i], f.sent_len[i], &m, &ds), 0);
    ids[i] = m.pdu.request_id;
  }
  assert_true(ids[0] > 0);
  assert_int_equal(ids[1], 55);
  snmpx_engine_free(e);
}

/* Encode |pdu| as a v1/v2c message from |community| and feed it. */
static int feed(snmpx_engine *e, snmpx_version v, const char *community,
                const snmpx_pdu *pdu, uint32_t from_host)
{
  snmpx_msg m;
  memset(&m, 0, sizeof(m));
  m.version = v;
  m.community = (const uint8_t *)community;
  m.community_len = strlen(community);
  m.pdu = *pdu;
  uint8_t buf[2048];
  size_t len;
  assert_int_equal(snmpx_msg_encode(&m, buf, sizeof(buf), &len), 0);
  snmpx_addr from = loopback(from_host, 40000);
  return snmpx_engine_recv(e, buf, len, &from);
}

/* Each notification is checked as it arrives, so a source check that
 * accepts what it should refuse (or the reverse) fails at that case, not
 * only in the totals. */
static void test_notify_receiver_communities_and_sources(void **state)
{
  (void)state;
  fixture f;
  memset(&f, 0, sizeof(f));
  snmpx_engine *e = make_engine(&f);
  snmpx_receiver *r = open_receiver(e, &f, NULL);
  assert_int_equal(snmpx_receiver_allow_community(r, "public", NULL), 0);
  assert_int_equal(snmpx_receiver_allow_community(r, "lab", "127.0.0.0/8"), 0);
  /* Not on a byte boundary, and given with host bits set: 172.16.0.0/12
   * is 172.16.0.0 to 172.31.255.255. */
  assert_int_equal(snmpx_receiver_allow_community(r, "edge", "172.20.1.2/12"),
                   0);
  assert_int_equal(snmpx_receiver_allow_community(r, "host", "10.1.2.3"), 0);
  assert_int_equal(snmpx_receiver_allow_community(r, "x", "10.0.0.0/33"),
                   SNMPX_EINVAL);
  assert_int_equal(snmpx_receiver_allow_community(r, "x", "nonsense"),
                   SNMPX_EINVAL);
  static const struct {
    const char *community;
    uint32_t from;
    bool accepted;
  } cases[] = {
      {"public", 0x0a000001, true}, /* any source */
      {"lab", 0x7f000005, true},    /* 127.0.0.5: in 127.0.0.0/8 */
      {"lab", 0x0a000001, false},   /* 10.0.0.1: not */
      {"lab", 0x80000001, false},   /* 128.0.0.1: not */
      {"wrong", 0x7f000001, false}, /* no such community */
      {"edge", 0xac100000, true},   /* 172.16.0.0: first of the /12 */
      {"edge", 0xac1fffff, true},   /* 172.31.255.255: last */
      {"edge", 0xac14fe01, true},   /* 172.20.254.1 */
      {"edge", 0xac0fffff, false},  /* 172.15.255.255: just below */
      {"edge", 0xac200000, false},  /* 172.32.0.0: just above */
      {"edge", 0xad100000, false},  /* 173.16.0.0: first byte differs */
      {"host", 0x0a010203, true},   /* 10.1.2.3: the host itself */
      {"host", 0x0a010202, false},  /* 10.1.2.2: its neighbour */
  };
  int delivered = 0;
  uint64_t refused = 0;
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char text[16];
    snprintf(text, sizeof(text), "case %zu", i); /* never a duplicate */
    snmpx_pdu pdu;
    snmpx_varbind vbs[3];
    v2_trap(&pdu, vbs, text);
    feed(e, SNMPX_VERSION_2C, cases[i].community, &pdu, cases[i].from);
    if (cases[i].accepted)
      delivered++;
    else
      refused++;
    snmpx_receiver_stats st;
    snmpx_receiver_get_stats(r, &st);
    if (f.delivered != delivered || st.bad_community != refused)
      fail_msg("case %zu (%s from %08x): want %s", i, cases[i].community,
               (unsigned)cases[i].from,
               cases[i].accepted ? "delivered" : "refused");
    assert_int_equal(st.received, i + 1);
    if (cases[i].accepted) {
      assert_int_equal(f.last.version, SNMPX_VERSION_2C);
      assert_int_equal(f.last.uptime, 4242);
      assert_int_equal(f.last_n_varbinds, 3);
      assert_int_equal(ntohl(f.last.from.u.in4.sin_addr.s_addr), cases[i].from);
    }
  }
  snmpx_receiver_free(r);
  snmpx_engine_free(e);
}

/* The same notification twice within the window is one; after the window,
 * or with other contents, it is new. */
static void test_notify_receiver_drops_duplicates(void **state)
{
  (void)state;
  fixture f;
  memset(&f, 0, sizeof(f));
  snmpx_engine *e = make_engine(&f);
  snmpx_receiver_config rc;
  memset(&rc, 0, sizeof(rc));
  rc.dedup_window_ms = 5000;
  snmpx_receiver *r = open_receiver(e, &f, &rc);
  snmpx_receiver_allow_community(r, "public", NULL);
  snmpx_pdu pdu;
  snmpx_varbind vbs[3];
  v2_trap(&pdu, vbs, "same");
  pdu.type = SNMPX_PDU_INFORM;
  pdu.request_id = 77;
  feed(e, SNMPX_VERSION_2C, "public", &pdu, 0x7f000001);
  f.now += 1000; /* a retry */
  feed(e, SNMPX_VERSION_2C, "public", &pdu, 0x7f000001);
  assert_int_equal(f.delivered, 1);
  /* Both were acknowledged, the retry too (its ack may have been lost). */
  assert_int_equal(f.n_sent, 2);
  pdu.request_id = 78; /* another inform */
  feed(e, SNMPX_VERSION_2C, "public", &pdu, 0x7f000001);
  assert_int_equal(f.delivered, 2);
  f.now += 6000; /* past the window */
  feed(e, SNMPX_VERSION_2C, "public", &pdu, 0x7f000001);
  assert_int_equal(f.delivered, 3);
  snmpx_receiver_stats st;
  snmpx_receiver_get_stats(r, &st);
  assert_int_equal(st.duplicates, 1);
  assert_int_equal(st.informs, 3);
  snmpx_receiver_free(r);
  snmpx_engine_free(e);
}

/* Feed a v2c trap with text |text| from 127.0.0.1 and say whether it was
 * delivered. */
static bool feed_text(snmpx_engine *e, fixture *f, const char *text)
{
  int before = f->delivered;
  snmpx_pdu pdu;
  snmpx_varbind vbs[3];
  v2_trap(&pdu, vbs, text);
  feed(e, SNMPX_VERSION_2C, "public", &pdu, 0x7f000001);
  return f->delivered == before + 1;
}

/* With every slot taken, a new notification replaces the oldest one: an
 * expired one before any live one, else the oldest live one. */
static void test_notify_receiver_dedup_replaces_the_oldest(void **state)
{
  (void)state;
  fixture f;
  memset(&f, 0, sizeof(f));
  snmpx_engine *e = make_engine(&f);
  snmpx_receiver_config rc;
  memset(&rc, 0, sizeof(rc));
  rc.dedup_window_ms = 5000;
  rc.dedup_slots = 2; /* both probed for every notification */
  snmpx_receiver *r = open_receiver(e, &f, &rc);
  snmpx_receiver_allow_community(r, "public", NULL);
  assert_true(feed_text(e, &f, "A")); /* t 1000 */
  f.now++;
  assert_true(feed_text(e, &f, "B")); /* t 1001 */
  f.now++;
  assert_true(feed_text(e, &f, "C")); /* t 1002: replaces A */
  assert_false(feed_text(e, &f, "B"));
  assert_false(feed_text(e, &f, "C"));
  f.now++;
  assert_true(feed_text(e, &f, "A")); /* t 1003: replaces B */
  assert_false(feed_text(e, &f, "C"));
  assert_true(feed_text(e, &f, "B")); /* t 1003: replaces C */
  assert_false(feed_text(e, &f, "A"));
  /* A and B (1003) expire at 8003.  D takes one of them, E the other
   * (expired, older than D) and not D's. */
  f.now = 8003;
  assert_true(feed_text(e, &f, "D"));
  f.now = 8004;
  assert_true(feed_text(e, &f, "E"));
  assert_false(feed_text(e, &f, "D"));
  /* D (8003) and E (8004) live: F replaces D, the older. */
  f.now = 8005;
  assert_true(feed_text(e, &f, "F"));
  assert_false(feed_text(e, &f, "E"));
  assert_true(feed_text(e, &f, "D"));
  snmpx_receiver_stats st;
  snmpx_receiver_get_stats(r, &st);
  assert_int_equal(st.duplicates, 6);
  snmpx_receiver_free(r);
  snmpx_engine_free(e);
}

/* A v1 trap arrives with its v1 fields and its RFC 3584 3.1 view; a v2
 * notification without sysUpTime.0 first is malformed. */
static void test_notify_receiver_v1_view_and_malformed(void **state)
{
  (void)state;
  fixture f;
  memset(&f, 0, sizeof(f));
  snmpx_engine *e = make_engine(&f);
  snmpx_receiver_config rc;
  memset(&rc, 0, sizeof(rc));
  rc.translate_flags = SNMPX_V1V2_ENTERPRISE;
  snmpx_receiver *r = open_receiver(e, &f, &rc);
  snmpx_receiver_allow_community(r, "public", NULL);
  static const uint32_t ent[] = {1, 3, 6, 1, 4, 1, 8072};
  snmpx_varbind vb = {SNMPX_OIDV(name_arcs),
                      snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "v1", 2)};
  snmpx_pdu pdu;
  assert_int_equal(snmpx_notify_build_v1(&pdu, SNMPX_OIDV(ent),
                                         (const uint8_t *)"\x0a\0\0\x09", 6, 17,
                                         555, &vb, 1),
                   0);
  feed(e, SNMPX_VERSION_1, "public", &pdu, 0x7f000001);
  assert_int_equal(f.delivered, 1);
  assert_int_equal(f.last.uptime, 555);
  const uint32_t want[] = {1, 3, 6, 1, 4, 1, 8072, 0, 17};
  assert_int_equal(
      snmpx_oidv_compare(snmpx_oid_view(&f.last_trap_oid), SNMPX_OIDV(want)),
      0);
  /* sysUpTime.0, snmpTrapOID.0, the varbind, snmpTrapEnterprise.0 */
  assert_int_equal(f.last_n_varbinds, 4);

  snmpx_varbind bad[2] = {vb, vb};
  snmpx_pdu v2;
  memset(&v2, 0, sizeof(v2));
  v2.type = SNMPX_PDU_TRAP_V2;
  v2.varbinds = bad;
  v2.n_varbinds = 2;
  feed(e, SNMPX_VERSION_2C, "public", &v2, 0x7f000001);
  assert_int_equal(f.delivered, 1);
  snmpx_receiver_stats st;
  snmpx_receiver_get_stats(r, &st);
  assert_int_equal(st.malformed, 1);
  snmpx_receiver_free(r);
  snmpx_engine_free(e);
}

static bool name_is(const snmpx_oid *name, snmpx_notify_oid_id id)
{
  return snmpx_oidv_compare(snmpx_oid_view(name), snmpx_notify_oid(id)) == 0;
}

/* translate_flags are taken as given: 0 adds nothing to a v1 trap's
 * varbinds, SNMPX_V1V2_ENTERPRISE snmpTrapEnterprise.0, SNMPX_V1V2_PROXY
 * snmpTrapAddress.0, snmpTrapCommunity.0 and snmpTrapEnterprise.0. */
static void test_notify_receiver_translate_flags_as_given(void **state)
{
  (void)state;
  static const uint32_t ent[] = {1, 3, 6, 1, 4, 1, 8072};
  snmpx_varbind vb = {SNMPX_OIDV(name_arcs),
                      snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "v1", 2)};
  static const struct {
    unsigned flags;
    size_t n; /* sysUpTime.0, snmpTrapOID.0, the varbind, then added */
    snmpx_notify_oid_id added[3];
  } cases[] = {
      {0, 3, {0}},
      {SNMPX_V1V2_ENTERPRISE, 4, {SNMPX_OID_SNMPTRAPENTERPRISE_0}},
      {SNMPX_V1V2_PROXY,
       6,
       {SNMPX_OID_SNMPTRAPADDRESS_0, SNMPX_OID_SNMPTRAPCOMMUNITY_0,
        SNMPX_OID_SNMPTRAPENTERPRISE_0}},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    fixture f;
    memset(&f, 0, sizeof(f));
    snmpx_engine *e = make_engine(&f);
    snmpx_receiver_config rc;
    memset(&rc, 0, sizeof(rc));
    rc.translate_flags = cases[i].flags;
    snmpx_receiver *r = open_receiver(e, &f, &rc);
    snmpx_receiver_allow_community(r, "public", NULL);
    snmpx_pdu pdu;
    assert_int_equal(snmpx_notify_build_v1(&pdu, SNMPX_OIDV(ent),
                                           (const uint8_t *)"\x0a\0\0\x09", 6,
                                           17, 555, &vb, 1),
                     0);
    feed(e, SNMPX_VERSION_1, "public", &pdu, 0x7f000001);
    assert_int_equal(f.delivered, 1);
    assert_int_equal(f.last_n_varbinds, cases[i].n);
    assert_true(name_is(&f.last_names[0], SNMPX_OID_SYSUPTIME_0));
    assert_true(name_is(&f.last_names[1], SNMPX_OID_SNMPTRAPOID_0));
    assert_int_equal(snmpx_oidv_compare(snmpx_oid_view(&f.last_names[2]),
                                        SNMPX_OIDV(name_arcs)),
                     0);
    for (size_t k = 3; k < cases[i].n; k++)
      assert_true(name_is(&f.last_names[k], cases[i].added[k - 3]));
    snmpx_receiver_free(r);
    snmpx_engine_free(e);
  }
}

/* keep_duplicates: no dedup, every copy reaches the callback and none is
 * counted as a duplicate. */
static void test_notify_receiver_keep_duplicates(void **state)
{
  (void)state;
  fixture f;
  memset(&f, 0, sizeof(f));
  snmpx_engine *e = make_engine(&f);
  snmpx_receiver_config rc;
  memset(&rc, 0, sizeof(rc));
  rc.keep_duplicates = true;
  snmpx_receiver *r = open_receiver(e, &f, &rc);
  snmpx_receiver_allow_community(r, "public", NULL);
  snmpx_pdu pdu;
  snmpx_varbind vbs[3];
  v2_trap(&pdu, vbs, "same");
  pdu.type = SNMPX_PDU_INFORM;
  pdu.request_id = 77;
  for (int i = 1; i <= 3; i++) {
    feed(e, SNMPX_VERSION_2C, "public", &pdu, 0x7f000001);
    assert_int_equal(f.delivered, i);
    assert_int_equal(f.n_sent, i); /* each acknowledged */
  }
  snmpx_receiver_stats st;
  snmpx_receiver_get_stats(r, &st);
  assert_int_equal(st.delivered, 3);
  assert_int_equal(st.duplicates, 0);
  snmpx_receiver_free(r);
  snmpx_engine_free(e);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_notify_build_v2_puts_uptime_and_trap_oid_first),
      cmocka_unit_test(test_notify_build_v2_extra_inside_vbs),
      cmocka_unit_test(test_notify_send_trap_translates_for_the_target),
      cmocka_unit_test(test_notify_trap_request_id),
      cmocka_unit_test(test_notify_receiver_communities_and_sources),
      cmocka_unit_test(test_notify_receiver_drops_duplicates),
      cmocka_unit_test(test_notify_receiver_dedup_replaces_the_oldest),
      cmocka_unit_test(test_notify_receiver_v1_view_and_malformed),
      cmocka_unit_test(test_notify_receiver_translate_flags_as_given),
      cmocka_unit_test(test_notify_receiver_keep_duplicates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
