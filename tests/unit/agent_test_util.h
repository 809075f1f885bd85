/* Helpers shared by the agent and inbound-engine unit tests (test_agent.c,
 * test_agent_async.c, test_agent_engine.c, test_engine_inbound.c): a fake
 * clock, requests built by hand, IPv4 addresses, name checks and VACM
 * set-up.  All static inline, so each test file has its own copy (and its
 * own clock) and unused ones cost nothing.  Include after <cmocka.h> and
 * "internal.h".  A file may define AGENT_TEST_MAXVB (varbinds per
 * request, default 64) before including this. */
#ifndef SNMPX_TESTS_AGENT_TEST_UTIL_H
#define SNMPX_TESTS_AGENT_TEST_UTIL_H

#include <netinet/in.h>
#include <string.h>

#ifndef AGENT_TEST_MAXVB
#define AGENT_TEST_MAXVB 64
#endif

/* ---- The fake clock: agents made with .clock = fake_clock ------------- */

static inline uint64_t *fake_clock_ms(void)
{
  static uint64_t ms;
  return &ms;
}

static inline uint64_t fake_clock(void *ud)
{
  (void)ud;
  return *fake_clock_ms();
}

static inline void fake_clock_set(uint64_t ms)
{
  *fake_clock_ms() = ms;
}

static inline void fake_clock_advance(uint64_t ms)
{
  *fake_clock_ms() += ms;
}

/* ---- Addresses, requests and names ----------------------------------- */

/* |a| = the IPv4 address |ip| (host order), port |port|. */
static inline void set_addr4(snmpx_addr *a, uint32_t ip, uint16_t port)
{
  memset(a, 0, sizeof(*a));
  a->u.in4.sin_family = AF_INET;
  a->u.in4.sin_port = htons(port);
  a->u.in4.sin_addr.s_addr = htonl(ip);
  a->len = sizeof(a->u.in4);
}

/* One request under construction and the arcs its names live in. */
typedef struct test_req {
  snmpx_incoming in;
  snmpx_varbind vbs[AGENT_TEST_MAXVB];
  snmpx_oid names[AGENT_TEST_MAXVB];
} test_req;

/* A v1/v2c request from 127.0.0.1:40000 with |community|, or for v3 from
 * the authPriv user |community|; request-id 4242, no varbinds yet. */
static inline void req_init(test_req *r, snmpx_version v,
                            const char *community, snmpx_pdu_type type)
{
  memset(r, 0, sizeof(*r));
  r->in.msg.version = v;
  if (v == SNMPX_VERSION_3) {
    r->in.msg.security_name = (const uint8_t *)community;
    r->in.msg.security_name_len = strlen(community);
    r->in.security_model = SNMPX_SECMODEL_USM;
    r->in.level = SNMPX_SECLEVEL_AUTHPRIV;
  } else {
    r->in.msg.community = (const uint8_t *)community;
    r->in.msg.community_len = strlen(community);
    r->in.security_model =
        v == SNMPX_VERSION_1 ? SNMPX_SECMODEL_V1 : SNMPX_SECMODEL_V2C;
    r->in.level = SNMPX_SECLEVEL_NOAUTH;
  }
  r->in.msg.pdu.type = type;
  r->in.msg.pdu.request_id = 4242;
  r->in.msg.pdu.varbinds = r->vbs;
  r->in.max_size = SNMPX_MAX_DATAGRAM;
  set_addr4(&r->in.from, 0x7f000001, 40000);
}

/* Append the varbind |oid| = |v|. */
static inline void req_add(test_req *r, const char *oid, snmpx_value v)
{
  size_t i = r->in.msg.pdu.n_varbinds++;
  assert_true(i < AGENT_TEST_MAXVB);
  assert_int_equal(snmpx_oid_parse(&r->names[i], oid), 0);
  r->vbs[i].name = snmpx_oid_view(&r->names[i]);
  r->vbs[i].value = v;
}

/* |vb|'s name, formatted, is |oid| (".1.3..."). */
static inline void expect_name(const snmpx_varbind *vb, const char *oid)
{
  char buf[512];
  snmpx_oid_format(vb->name, buf, sizeof(buf));
  assert_string_equal(buf, oid);
}

/* ---- VACM ------------------------------------------------------------ */

static inline void add_view(snmpx_vacm *v, const char *view, const char *oid,
                            bool included)
{
  snmpx_oid o;
  assert_int_equal(snmpx_oid_parse(&o, oid), 0);
  assert_int_equal(
      snmpx_vacm_add_view(v, view, snmpx_oid_view(&o), NULL, 0, included), 0);
}

/* Access for |group| in the default context; |wr| NULL: no writes. */
static inline void add_access(snmpx_vacm *v, const char *group, int model,
                              snmpx_seclevel level, const char *rd,
                              const char *wr)
{
  snmpx_vacm_access a;
  memset(&a, 0, sizeof(a));
  a.group = group;
  a.security_model = model;
  a.level = level;
  a.read_view = rd;
  a.write_view = wr;
  assert_int_equal(snmpx_vacm_add_access(v, &a), 0);
}

/* |community| maps to |secname| in the default context, from anywhere
 * (|src| NULL) or from the first |bits| of |src|. */
static inline void add_community(snmpx_vacm *v, const char *community,
                                 const char *secname, const snmpx_addr *src,
                                 unsigned bits)
{
  snmpx_vacm_community c;
  memset(&c, 0, sizeof(c));
  c.community = (const uint8_t *)community;
  c.community_len = strlen(community);
  c.security_name = (const uint8_t *)secname;
  c.security_name_len = strlen(secname);
  c.source = src;
  c.source_prefix = bits;
  assert_int_equal(snmpx_vacm_add_community(v, &c), 0);
}

/* |name| is in |group| under v1, v2c and USM. */
static inline void add_group_all_models(snmpx_vacm *v, const char *name,
                                        const char *group)
{
  for (int m = SNMPX_SECMODEL_V1; m <= SNMPX_SECMODEL_USM; m++)
    assert_int_equal(
        snmpx_vacm_add_group(v, m, (const uint8_t *)name, strlen(name), group),
        0);
}

#endif
