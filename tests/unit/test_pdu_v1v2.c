/* Unit tests for src/pdu/pdu_v1v2.c: RFC 3584 3.1 (v1 -> v2) and 3.2
 * (v2 -> v1) notification translation, rule by rule, and round trips
 * through the wire encoding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "internal.h"

static const uint32_t ent_arcs[] = {1, 3, 6, 1, 4, 1, 8072, 4};
static const uint32_t ifindex_arcs[] = {1, 3, 6, 1, 2, 1, 2, 2, 1, 1, 7};
static const uint8_t agent[4] = {192, 0, 2, 9};

static snmpx_varbind g_space_vbs[16];

static snmpx_v1v2_space make_space(size_t cap)
{
  snmpx_v1v2_space s;
  memset(&s, 0, sizeof(s));
  s.varbinds = g_space_vbs;
  s.varbinds_cap = cap;
  return s;
}

static void make_v1(snmpx_pdu *p, int generic, int specific, snmpx_varbind *vbs,
                    size_t n)
{
  memset(p, 0, sizeof(*p));
  p->type = SNMPX_PDU_TRAP_V1;
  p->enterprise = SNMPX_OIDV(ent_arcs);
  memcpy(p->agent_addr, agent, 4);
  p->generic_trap = generic;
  p->specific_trap = specific;
  p->time_stamp = 12345;
  p->varbinds = vbs;
  p->n_varbinds = n;
}

static bool oid_eq(snmpx_oidv a, const uint32_t *arcs, size_t len)
{
  return snmpx_oidv_compare(a, (snmpx_oidv){arcs, len}) == 0;
}

static void assert_trap_oid(const snmpx_pdu *v2, const uint32_t *arcs,
                            size_t len)
{
  assert_int_equal(v2->varbinds[1].value.type, SNMPX_TYPE_OID);
  assert_true(oid_eq(v2->varbinds[1].value.v.oid, arcs, len));
}

/* RFC 3584 3.1 (1)-(3): sysUpTime.0 and snmpTrapOID.0 first; generic traps
 * map to snmpTraps.(generic + 1). */
static void test_pdu_v1v2_generic_traps_map_to_snmp_traps(void **state)
{
  (void)state;
  for (int g = 0; g <= 5; g++) {
    snmpx_pdu v1, v2;
    snmpx_v1v2_space sp = make_space(16);
    make_v1(&v1, g, 99, NULL, 0);
    assert_int_equal(snmpx_pdu_trap_v1_to_v2(&v1, NULL, 0, 0, &sp, &v2), 0);
    assert_int_equal(v2.type, SNMPX_PDU_TRAP_V2);
    assert_int_equal(v2.n_varbinds, 2); /* nothing appended without flags */
    assert_int_equal(snmpx_pdu_trap_v2_check(&v2), 0);
    assert_int_equal(v2.varbinds[0].value.type, SNMPX_TYPE_TIMETICKS);
    assert_int_equal(v2.varbinds[0].value.v.u, 12345);
    const uint32_t want[] = {1, 3, 6, 1, 6, 3, 1, 1, 5, (uint32_t)g + 1};
    assert_trap_oid(&v2, want, 10);
  }
}

/* RFC 3584 3.1 (2): enterpriseSpecific is enterprise.0.specific-trap. */
static void
test_pdu_v1v2_enterprise_specific_adds_zero_and_specific(void **state)
{
  (void)state;
  snmpx_varbind vb = {SNMPX_OIDV(ifindex_arcs),
                      snmpx_value_int(SNMPX_TYPE_INTEGER, 7)};
  snmpx_pdu v1, v2;
  snmpx_v1v2_space sp = make_space(16);
  make_v1(&v1, 6, 17, &vb, 1);
  assert_int_equal(snmpx_pdu_trap_v1_to_v2(&v1, NULL, 0, 0, &sp, &v2), 0);
  const uint32_t want[] = {1, 3, 6, 1, 4, 1, 8072, 4, 0, 17};
  assert_trap_oid(&v2, want, 10);
  /* (4): the v1 varbinds follow, unchanged. */
  assert_int_equal(v2.n_varbinds, 3);
  assert_true(oid_eq(v2.varbinds[2].name, ifindex_arcs, 11));
  assert_int_equal(v2.varbinds[2].value.v.i, 7);
}

/* RFC 3584 3.1 (4): a proxy appends snmpTrapAddress.0, snmpTrapCommunity.0
 * and snmpTrapEnterprise.0, unless the v1 varbinds hold them already. */
static void
test_pdu_v1v2_proxy_appends_address_community_enterprise(void **state)
{
  (void)state;
  snmpx_pdu v1, v2;
  snmpx_v1v2_space sp = make_space(16);
  make_v1(&v1, 2, 0, NULL, 0);
  assert_int_equal(snmpx_pdu_trap_v1_to_v2(&v1, (const uint8_t *)"public", 6,
                                           SNMPX_V1V2_PROXY, &sp, &v2),
                   0);
  assert_int_equal(v2.n_varbinds, 5);
  snmpx_oidv a = snmpx_notify_oid(SNMPX_OID_SNMPTRAPADDRESS_0);
  snmpx_oidv c = snmpx_notify_oid(SNMPX_OID_SNMPTRAPCOMMUNITY_0);
  snmpx_oidv e = snmpx_notify_oid(SNMPX_OID_SNMPTRAPENTERPRISE_0);
  assert_int_equal(snmpx_oidv_compare(v2.varbinds[2].name, a), 0);
  assert_int_equal(v2.varbinds[2].value.type, SNMPX_TYPE_IPADDRESS);
  assert_memory_equal(v2.varbinds[2].value.v.bytes.ptr, agent, 4);
  assert_int_equal(snmpx_oidv_compare(v2.varbinds[3].name, c), 0);
  assert_int_equal(v2.varbinds[3].value.v.bytes.len, 6);
  assert_memory_equal(v2.varbinds[3].value.v.bytes.ptr, "public", 6);
  assert_int_equal(snmpx_oidv_compare(v2.varbinds[4].name, e), 0);
  assert_true(oid_eq(v2.varbinds[4].value.v.oid, ent_arcs, 8));

  /* Already present: not appended twice. */
  snmpx_varbind have[2] = {
      {a, snmpx_value_bytes(SNMPX_TYPE_IPADDRESS, "\x0a\x00\x00\x01", 4)},
      {e, snmpx_value_oid(SNMPX_OIDV(ifindex_arcs))}};
  make_v1(&v1, 2, 0, have, 2);
  assert_int_equal(
      snmpx_pdu_trap_v1_to_v2(&v1, NULL, 0, SNMPX_V1V2_PROXY, &sp, &v2), 0);
  assert_int_equal(v2.n_varbinds, 5); /* 2 + 2 + the community */
  assert_int_equal(snmpx_oidv_compare(v2.varbinds[4].name, c), 0);
  assert_int_equal(v2.varbinds[4].value.v.bytes.len, 0);

  /* SNMPX_V1V2_ENTERPRISE alone: only snmpTrapEnterprise.0. */
  make_v1(&v1, 0, 0, NULL, 0);
  assert_int_equal(
      snmpx_pdu_trap_v1_to_v2(&v1, NULL, 0, SNMPX_V1V2_ENTERPRISE, &sp, &v2),
      0);
  assert_int_equal(v2.n_varbinds, 3);
  assert_int_equal(snmpx_oidv_compare(v2.varbinds[2].name, e), 0);
}

static void test_pdu_v1v2_v1_errors(void **state)
{
  (void)state;
  snmpx_pdu v1, v2;
  snmpx_v1v2_space sp = make_space(16);
  make_v1(&v1, 7, 0, NULL, 0);
  assert_int_equal(snmpx_pdu_trap_v1_to_v2(&v1, NULL, 0, 0, &sp, &v2),
                   SNMPX_ENOTIFY_GENERIC);
  make_v1(&v1, -1, 0, NULL, 0);
  assert_int_equal(snmpx_pdu_trap_v1_to_v2(&v1, NULL, 0, 0, &sp, &v2),
                   SNMPX_ENOTIFY_GENERIC);
  make_v1(&v1, 0, 0, NULL, 0);
  v1.type = SNMPX_PDU_TRAP_V2;
  assert_int_equal(snmpx_pdu_trap_v1_to_v2(&v1, NULL, 0, 0, &sp, &v2),
                   SNMPX_ENOTIFY_NOT_TRAP);
  snmpx_varbind vbs[12];
  memset(vbs, 0, sizeof(vbs));
  make_v1(&v1, 0, 0, vbs, 12);
  sp = make_space(16); /* 12 + 5 > 16 */
  assert_int_equal(snmpx_pdu_trap_v1_to_v2(&v1, NULL, 0, 0, &sp, &v2),
                   SNMPX_EMSG_TOO_MANY_VARBINDS);
  uint32_t long_ent[127] = {1, 3};
  make_v1(&v1, 6, 1, NULL, 0);
  v1.enterprise = SNMPX_OIDV(long_ent);
  assert_int_equal(snmpx_pdu_trap_v1_to_v2(&v1, NULL, 0, 0, &sp, &v2),
                   SNMPX_EOID_TOOLONG);
  assert_int_equal(snmpx_pdu_trap_v1_to_v2(NULL, NULL, 0, 0, &sp, &v2),
                   SNMPX_EINVAL);
}

/* A v2 notification: sysUpTime.0, snmpTrapOID.0 = |trap|, then |extra|. */
static snmpx_varbind g_v2_vbs[8];
static void make_v2(snmpx_pdu *p, const uint32_t *trap, size_t trap_len,
                    const snmpx_varbind *extra, size_t n)
{
  memset(p, 0, sizeof(*p));
  p->type = SNMPX_PDU_TRAP_V2;
  p->request_id = 4242;
  g_v2_vbs[0].name = snmpx_notify_oid(SNMPX_OID_SYSUPTIME_0);
  g_v2_vbs[0].value = snmpx_value_uint(SNMPX_TYPE_TIMETICKS, 777);
  g_v2_vbs[1].name = snmpx_notify_oid(SNMPX_OID_SNMPTRAPOID_0);
  g_v2_vbs[1].value = snmpx_value_oid((snmpx_oidv){trap, trap_len});
  for (size_t i = 0; i < n; i++)
    g_v2_vbs[2 + i] = extra[i];
  p->varbinds = g_v2_vbs;
  p->n_varbinds = 2 + n;
}

/* RFC 3584 3.2 (1) second case: next-to-last arc 0 -> drop two arcs, else
 * one; (3) generic 6; (4) specific = last arc; (5) time-stamp. */
static void test_pdu_v1v2_v2_specific_trap_enterprise_rules(void **state)
{
  (void)state;
  static const uint32_t with_zero[] = {1, 3, 6, 1, 4, 1, 8072, 2, 3, 0, 1};
  static const uint32_t without[] = {1, 3, 6, 1, 4, 1, 8072, 2, 3, 9};
  snmpx_pdu v2, v1;
  make_v2(&v2, with_zero, 11, NULL, 0);
  assert_int_equal(snmpx_pdu_trap_v2_to_v1(&v2, agent, 0, &v1), 0);
  assert_int_equal(v1.type, SNMPX_PDU_TRAP_V1);
  assert_true(oid_eq(v1.enterprise, with_zero, 9));
  assert_int_equal(v1.generic_trap, 6);
  assert_int_equal(v1.specific_trap, 1);
  assert_int_equal(v1.time_stamp, 777);
  assert_int_equal(v1.request_id, 4242);
  assert_memory_equal(v1.agent_addr, agent, 4); /* (2) originator */
  assert_int_equal(v1.n_varbinds, 0);

  make_v2(&v2, without, 10, NULL, 0);
  assert_int_equal(snmpx_pdu_trap_v2_to_v1(&v2, NULL, 0, &v1), 0);
  assert_true(oid_eq(v1.enterprise, without, 9));
  assert_int_equal(v1.specific_trap, 9);
  assert_memory_equal(v1.agent_addr, "\0\0\0\0", 4);
}

/* RFC 3584 3.2 (1) first case, (3), (4): standard traps. */
static void test_pdu_v1v2_v2_standard_traps(void **state)
{
  (void)state;
  static const uint32_t link_up[] = {1, 3, 6, 1, 6, 3, 1, 1, 5, 4};
  snmpx_pdu v2, v1;
  make_v2(&v2, link_up, 10, NULL, 0);
  assert_int_equal(snmpx_pdu_trap_v2_to_v1(&v2, NULL, 0, &v1), 0);
  assert_int_equal(v1.generic_trap, 3);
  assert_int_equal(v1.specific_trap, 0);
  assert_true(oid_eq(v1.enterprise, link_up, 9)); /* snmpTraps */

  snmpx_varbind ent = {snmpx_notify_oid(SNMPX_OID_SNMPTRAPENTERPRISE_0),
                       snmpx_value_oid(SNMPX_OIDV(ent_arcs))};
  make_v2(&v2, link_up, 10, &ent, 1);
  assert_int_equal(snmpx_pdu_trap_v2_to_v1(&v2, NULL, 0, &v1), 0);
  assert_true(oid_eq(v1.enterprise, ent_arcs, 8));
  assert_int_equal(v1.n_varbinds, 1); /* (6): varbinds are kept */

  /* snmpTraps.7 is not a standard trap: enterprise-specific rules. */
  static const uint32_t seven[] = {1, 3, 6, 1, 6, 3, 1, 1, 5, 7};
  make_v2(&v2, seven, 10, NULL, 0);
  assert_int_equal(snmpx_pdu_trap_v2_to_v1(&v2, NULL, 0, &v1), 0);
  assert_int_equal(v1.generic_trap, 6);
  assert_int_equal(v1.specific_trap, 7);
}

/* RFC 3584 3.2 (2) proxy: snmpTrapAddress.0, else 0.0.0.0. */
static void test_pdu_v1v2_v2_proxy_agent_addr(void **state)
{
  (void)state;
  static const uint32_t t[] = {1, 3, 6, 1, 4, 1, 8072, 0, 5};
  snmpx_varbind a = {
      snmpx_notify_oid(SNMPX_OID_SNMPTRAPADDRESS_0),
      snmpx_value_bytes(SNMPX_TYPE_IPADDRESS, "\x0a\x01\x02\x03", 4)};
  snmpx_pdu v2, v1;
  make_v2(&v2, t, 9, &a, 1);
  assert_int_equal(snmpx_pdu_trap_v2_to_v1(&v2, agent, SNMPX_V1V2_PROXY, &v1),
                   0);
  assert_memory_equal(v1.agent_addr, "\x0a\x01\x02\x03", 4);
  make_v2(&v2, t, 9, NULL, 0);
  assert_int_equal(snmpx_pdu_trap_v2_to_v1(&v2, agent, SNMPX_V1V2_PROXY, &v1),
                   0);
  assert_memory_equal(v1.agent_addr, "\0\0\0\0", 4);
}

static void test_pdu_v1v2_v2_errors(void **state)
{
  (void)state;
  static const uint32_t t[] = {1, 3, 6, 1, 4, 1, 8072, 0, 5};
  snmpx_varbind c64 = {SNMPX_OIDV(ifindex_arcs),
                       snmpx_value_uint(SNMPX_TYPE_COUNTER64, 1)};
  snmpx_pdu v2, v1;
  make_v2(&v2, t, 9, &c64, 1);
  assert_int_equal(snmpx_pdu_trap_v2_to_v1(&v2, NULL, 0, &v1),
                   SNMPX_ENOTIFY_COUNTER64);
  /* Order matters: snmpTrapOID.0 first is not a notification. */
  make_v2(&v2, t, 9, NULL, 0);
  snmpx_varbind swapped[2] = {g_v2_vbs[1], g_v2_vbs[0]};
  v2.varbinds = swapped;
  assert_int_equal(snmpx_pdu_trap_v2_check(&v2), SNMPX_ENOTIFY_FORMAT);
  assert_int_equal(snmpx_pdu_trap_v2_to_v1(&v2, NULL, 0, &v1),
                   SNMPX_ENOTIFY_FORMAT);
  /* sysUpTime.0 must be TimeTicks. */
  make_v2(&v2, t, 9, NULL, 0);
  g_v2_vbs[0].value = snmpx_value_int(SNMPX_TYPE_INTEGER, 1);
  assert_int_equal(snmpx_pdu_trap_v2_check(&v2), SNMPX_ENOTIFY_FORMAT);
  make_v2(&v2, t, 9, NULL, 0);
  v2.n_varbinds = 1;
  assert_int_equal(snmpx_pdu_trap_v2_check(&v2), SNMPX_ENOTIFY_FORMAT);
  /* A one-arc snmpTrapOID has no enterprise; a last arc over 2^31-1 no
   * specific-trap. */
  static const uint32_t one[] = {1};
  make_v2(&v2, one, 1, NULL, 0);
  assert_int_equal(snmpx_pdu_trap_v2_to_v1(&v2, NULL, 0, &v1),
                   SNMPX_ENOTIFY_FORMAT);
  static const uint32_t big[] = {1, 3, 6, 0, 4000000000u};
  make_v2(&v2, big, 5, NULL, 0);
  assert_int_equal(snmpx_pdu_trap_v2_to_v1(&v2, NULL, 0, &v1),
                   SNMPX_ENOTIFY_FORMAT);
  make_v2(&v2, t, 9, NULL, 0);
  v2.type = SNMPX_PDU_GET;
  assert_int_equal(snmpx_pdu_trap_v2_to_v1(&v2, NULL, 0, &v1),
                   SNMPX_ENOTIFY_NOT_TRAP);
  v2.type = SNMPX_PDU_INFORM; /* informs translate too */
  assert_int_equal(snmpx_pdu_trap_v2_to_v1(&v2, NULL, 0, &v1), 0);
}

/* v1 on the wire -> v2 -> v2c on the wire -> decoded -> v1 again: every
 * field and varbind survives, for generic and specific traps. */
static void test_pdu_v1v2_round_trip_through_the_wire(void **state)
{
  (void)state;
  snmpx_varbind vbs[2] = {
      {SNMPX_OIDV(ifindex_arcs), snmpx_value_int(SNMPX_TYPE_INTEGER, 7)},
      {SNMPX_OIDV(ent_arcs),
       snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "eth0", 4)}};
  static const int cases[][2] = {{6, 17}, {6, 0}, {0, 0}, {4, 0}};
  for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
    snmpx_pdu v1, v2;
    snmpx_v1v2_space sp = make_space(16);
    make_v1(&v1, cases[k][0], cases[k][1], vbs, 2);
    assert_int_equal(
        snmpx_pdu_trap_v1_to_v2(&v1, NULL, 0, SNMPX_V1V2_ENTERPRISE, &sp, &v2),
        0);
    snmpx_msg m = {SNMPX_VERSION_2C,
                   (const uint8_t *)"public",
                   6,
                   v2,
                   NULL,
                   0,
                   NULL,
                   0,
                   NULL,
                   0};
    uint8_t wire[512];
    size_t len;
    assert_int_equal(snmpx_msg_encode(&m, wire, sizeof(wire), &len), 0);
    snmpx_varbind dvbs[16];
    uint32_t darcs[256];
    snmpx_decode_space ds = {dvbs, 16, darcs, 256};
    snmpx_msg d;
    assert_int_equal(snmpx_msg_decode(wire, len, &d, &ds), 0);
    snmpx_pdu back;
    assert_int_equal(snmpx_pdu_trap_v2_to_v1(&d.pdu, agent, 0, &back), 0);
    assert_int_equal(back.generic_trap, v1.generic_trap);
    assert_int_equal(back.specific_trap, v1.specific_trap);
    assert_int_equal(back.time_stamp, v1.time_stamp);
    assert_true(oid_eq(back.enterprise, ent_arcs, 8));
    assert_memory_equal(back.agent_addr, agent, 4);
    /* The two varbinds, then the snmpTrapEnterprise.0 added on the way. */
    assert_int_equal(back.n_varbinds, 3);
    for (size_t i = 0; i < 2; i++) {
      assert_int_equal(snmpx_oidv_compare(back.varbinds[i].name, vbs[i].name),
                       0);
      assert_true(
          snmpx__oid_value_equal(&back.varbinds[i].value, &vbs[i].value));
    }
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_pdu_v1v2_generic_traps_map_to_snmp_traps),
      cmocka_unit_test(
          test_pdu_v1v2_enterprise_specific_adds_zero_and_specific),
      cmocka_unit_test(
          test_pdu_v1v2_proxy_appends_address_community_enterprise),
      cmocka_unit_test(test_pdu_v1v2_v1_errors),
      cmocka_unit_test(test_pdu_v1v2_v2_specific_trap_enterprise_rules),
      cmocka_unit_test(test_pdu_v1v2_v2_standard_traps),
      cmocka_unit_test(test_pdu_v1v2_v2_proxy_agent_addr),
      cmocka_unit_test(test_pdu_v1v2_v2_errors),
      cmocka_unit_test(test_pdu_v1v2_round_trip_through_the_wire),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
