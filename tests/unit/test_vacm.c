/* VACM (RFC 3415): view families with masks, the access entry selection
 * rules, contexts; the RFC 3584 community table with source networks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <stdio.h>

#include "internal.h"

static snmpx_oid oid(const char *s)
{
  snmpx_oid o;
  assert_int_equal(snmpx_oid_parse(&o, s), 0);
  return o;
}

static bool in_view(const snmpx_vacm_view *v, const char *s)
{
  snmpx_oid o = oid(s);
  return snmpx_vacm_view_includes(v, snmpx_oid_view(&o));
}

static const snmpx_vacm_view *view_of(snmpx_vacm *v, const char *user,
                                      snmpx_vacm_view_type t)
{
  const snmpx_vacm_view *view = NULL;
  snmpx_vacm_status st = snmpx_vacm_find_view(
      v, SNMPX_SECMODEL_USM, (const uint8_t *)user, strlen(user),
      SNMPX_SECLEVEL_AUTHPRIV, t, NULL, 0, &view);
  assert_int_equal(st, SNMPX_VACM_ACCESS_ALLOWED);
  return view;
}

static void add_view(snmpx_vacm *v, const char *name, const char *sub,
                     const uint8_t *mask, size_t mask_len, bool inc)
{
  snmpx_oid o = oid(sub);
  assert_int_equal(
      snmpx_vacm_add_view(v, name, snmpx_oid_view(&o), mask, mask_len, inc), 0);
}

static void test_vacm_view_masks_and_specificity(void **state)
{
  (void)state;
  snmpx_vacm *v = snmpx_vacm_new(NULL);
  assert_int_equal(snmpx_vacm_add_context(v, NULL, 0), 0);
  assert_int_equal(
      snmpx_vacm_add_group(v, SNMPX_SECMODEL_USM, (const uint8_t *)"u", 1, "g"),
      0);
  snmpx_vacm_access a;
  memset(&a, 0, sizeof(a));
  a.group = "g";
  a.level = SNMPX_SECLEVEL_NOAUTH;
  a.read_view = "v";
  assert_int_equal(snmpx_vacm_add_access(v, &a), 0);
  /* ifEntry columns of row 2 only: 1.3.6.1.2.1.2.2.1.*.2, the column arc
   * (the 10th) wildcarded: mask 1111 1111 1011 1111 -> ff bf */
  static const uint8_t mask[] = {0xff, 0xbf};
  add_view(v, "v", "1.3.6.1.2.1.2.2.1.1.2", mask, sizeof(mask), true);
  /* the system group, but not sysContact; sysContact.0 itself back in */
  add_view(v, "v", "1.3.6.1.2.1.1", NULL, 0, true);
  add_view(v, "v", "1.3.6.1.2.1.1.4", NULL, 0, false);
  const snmpx_vacm_view *view = view_of(v, "u", SNMPX_VACM_READ);
  assert_true(in_view(view, "1.3.6.1.2.1.2.2.1.1.2"));
  assert_true(in_view(view, "1.3.6.1.2.1.2.2.1.7.2"));
  assert_true(in_view(view, "1.3.6.1.2.1.2.2.1.7.2.5"));
  assert_false(in_view(view, "1.3.6.1.2.1.2.2.1.7.3"));
  assert_false(in_view(view, "1.3.6.1.2.1.2.2.1"));
  assert_true(in_view(view, "1.3.6.1.2.1.1.5.0"));
  assert_false(in_view(view, "1.3.6.1.2.1.1.4.0"));
  assert_false(in_view(view, "1.3.6.1.2.1.1.4"));
  assert_false(in_view(view, "1.3.6.1.2.1.3"));
  add_view(v, "v", "1.3.6.1.2.1.1.4.0", NULL, 0, true);
  view = view_of(v, "u", SNMPX_VACM_READ);
  assert_true(in_view(view, "1.3.6.1.2.1.1.4.0"));
  assert_false(in_view(view, "1.3.6.1.2.1.1.4.1"));
  /* The same family again replaces it. */
  add_view(v, "v", "1.3.6.1.2.1.1.4.0", NULL, 0, false);
  view = view_of(v, "u", SNMPX_VACM_READ);
  assert_false(in_view(view, "1.3.6.1.2.1.1.4.0"));
  /* No write view: noSuchView; a 17-octet mask is refused. */
  const snmpx_vacm_view *w;
  assert_int_equal(snmpx_vacm_find_view(
                       v, SNMPX_SECMODEL_USM, (const uint8_t *)"u", 1,
                       SNMPX_SECLEVEL_AUTHPRIV, SNMPX_VACM_WRITE, NULL, 0, &w),
                   SNMPX_VACM_NO_SUCH_VIEW);
  uint8_t big[17] = {0};
  snmpx_oid o = oid("1.3");
  assert_int_equal(
      snmpx_vacm_add_view(v, "v", snmpx_oid_view(&o), big, 17, true),
      SNMPX_EVACM_MASK);
  snmpx_vacm_free(v);
}

static snmpx_vacm_status check(snmpx_vacm *v, int model, const char *user,
                               snmpx_seclevel level, const char *ctx,
                               const char *name)
{
  snmpx_oid o = oid(name);
  return snmpx_vacm_is_access_allowed(
      v, model, (const uint8_t *)user, strlen(user), level, SNMPX_VACM_READ,
      (const uint8_t *)ctx, strlen(ctx), snmpx_oid_view(&o));
}

static void access(snmpx_vacm *v, const char *prefix, bool prefix_match,
                   int model, snmpx_seclevel level, const char *view)
{
  snmpx_vacm_access a;
  memset(&a, 0, sizeof(a));
  a.group = "g";
  a.context_prefix = (const uint8_t *)prefix;
  a.context_prefix_len = strlen(prefix);
  a.prefix_match = prefix_match;
  a.security_model = model;
  a.level = level;
  a.read_view = view;
  assert_int_equal(snmpx_vacm_add_access(v, &a), 0);
}

static void test_vacm_access_selection(void **state)
{
  (void)state;
  snmpx_vacm *v = snmpx_vacm_new(NULL);
  static const char *ctxs[] = {"", "dev", "dev1"};
  for (int i = 0; i < 3; i++)
    assert_int_equal(
        snmpx_vacm_add_context(v, (const uint8_t *)ctxs[i], strlen(ctxs[i])),
        0);
  for (int m = 1; m <= 3; m++)
    assert_int_equal(snmpx_vacm_add_group(v, m, (const uint8_t *)"u", 1, "g"),
                     0);
  /* One view per subtree, so the chosen entry shows in the result. */
  static const char *views[] = {"any", "usm", "pfx", "pfx2", "exact", "hi"};
  for (int i = 0; i < 6; i++) {
    char sub[32];
    snprintf(sub, sizeof(sub), "1.3.6.1.4.1.%d", i + 1);
    add_view(v, views[i], sub, NULL, 0, true);
  }
  access(v, "", true, SNMPX_SECMODEL_ANY, SNMPX_SECLEVEL_NOAUTH, "any");
  /* (1) the request's own model beats any */
  access(v, "", true, SNMPX_SECMODEL_USM, SNMPX_SECLEVEL_NOAUTH, "usm");
  assert_int_equal(check(v, 3, "u", 1, "x", "1.3.6.1.4.1.2"),
                   SNMPX_VACM_NO_SUCH_CONTEXT);
  assert_int_equal(check(v, 3, "u", 1, "", "1.3.6.1.4.1.2"),
                   SNMPX_VACM_ACCESS_ALLOWED);
  assert_int_equal(check(v, 2, "u", 1, "", "1.3.6.1.4.1.1"),
                   SNMPX_VACM_ACCESS_ALLOWED);
  assert_int_equal(check(v, 2, "u", 1, "", "1.3.6.1.4.1.2"),
                   SNMPX_VACM_NOT_IN_VIEW);
  /* (3) a longer prefix beats a shorter one; (2) exact beats prefix */
  access(v, "d", true, SNMPX_SECMODEL_USM, SNMPX_SECLEVEL_NOAUTH, "pfx");
  access(v, "dev", true, SNMPX_SECMODEL_USM, SNMPX_SECLEVEL_NOAUTH, "pfx2");
  assert_int_equal(check(v, 3, "u", 1, "dev1", "1.3.6.1.4.1.4"),
                   SNMPX_VACM_ACCESS_ALLOWED);
  access(v, "dev1", false, SNMPX_SECMODEL_USM, SNMPX_SECLEVEL_NOAUTH, "exact");
  assert_int_equal(check(v, 3, "u", 1, "dev1", "1.3.6.1.4.1.5"),
                   SNMPX_VACM_ACCESS_ALLOWED);
  assert_int_equal(check(v, 3, "u", 1, "dev", "1.3.6.1.4.1.4"),
                   SNMPX_VACM_ACCESS_ALLOWED);
  /* (4) the higher level wins, and only for requests at that level */
  access(v, "dev1", false, SNMPX_SECMODEL_USM, SNMPX_SECLEVEL_AUTHPRIV, "hi");
  assert_int_equal(check(v, 3, "u", 3, "dev1", "1.3.6.1.4.1.6"),
                   SNMPX_VACM_ACCESS_ALLOWED);
  assert_int_equal(check(v, 3, "u", 2, "dev1", "1.3.6.1.4.1.5"),
                   SNMPX_VACM_ACCESS_ALLOWED);
  /* No group, no entry. */
  assert_int_equal(check(v, 3, "who", 3, "", "1.3"), SNMPX_VACM_NO_GROUP_NAME);
  assert_int_equal(
      snmpx_vacm_add_group(v, 3, (const uint8_t *)"lone", 4, "other"), 0);
  assert_int_equal(check(v, 3, "lone", 3, "", "1.3"),
                   SNMPX_VACM_NO_ACCESS_ENTRY);
  assert_string_equal(snmpx_vacm_status_name(SNMPX_VACM_NOT_IN_VIEW),
                      "notInView");
  /* Bad arguments. */
  assert_int_equal(snmpx_vacm_add_group(v, 0, (const uint8_t *)"u", 1, "g"),
                   SNMPX_EINVAL);
  snmpx_vacm_access bad;
  memset(&bad, 0, sizeof(bad));
  bad.group = "g";
  assert_int_equal(snmpx_vacm_add_access(v, &bad), SNMPX_EINVAL);
  snmpx_vacm_free(v);
}

/* RFC 3415's tables may be filled in any order: an access entry may name
 * a group or a view defined later, a security name may move to another
 * group, and every answer is the one the tables as they stand give. */
static void test_vacm_add_order_independent(void **state)
{
  (void)state;
  enum { GROUP, ACCESS, VIEW };
  static const int orders[6][3] = {
      {GROUP, ACCESS, VIEW}, {GROUP, VIEW, ACCESS}, {ACCESS, GROUP, VIEW},
      {ACCESS, VIEW, GROUP}, {VIEW, GROUP, ACCESS}, {VIEW, ACCESS, GROUP}};
  for (int o = 0; o < 6; o++) {
    snmpx_vacm *v = snmpx_vacm_new(NULL);
    assert_int_equal(snmpx_vacm_add_context(v, NULL, 0), 0);
    bool has[3] = {false, false, false};
    for (int step = 0; step < 3; step++) {
      int what = orders[o][step];
      if (what == GROUP)
        assert_int_equal(
            snmpx_vacm_add_group(v, 3, (const uint8_t *)"u", 1, "g"), 0);
      else if (what == ACCESS)
        access(v, "", true, SNMPX_SECMODEL_USM, SNMPX_SECLEVEL_NOAUTH, "v");
      else
        add_view(v, "v", "1.3.6.1.2.1.1", NULL, 0, true);
      has[what] = true;
      snmpx_vacm_status want = !has[GROUP]    ? SNMPX_VACM_NO_GROUP_NAME
                               : !has[ACCESS] ? SNMPX_VACM_NO_ACCESS_ENTRY
                               : !has[VIEW]   ? SNMPX_VACM_NO_SUCH_VIEW
                                              : SNMPX_VACM_ACCESS_ALLOWED;
      assert_int_equal(check(v, 3, "u", 1, "", "1.3.6.1.2.1.1.5.0"), want);
    }
    assert_int_equal(check(v, 3, "u", 1, "", "1.3.6.1.2.1.2.1.0"),
                     SNMPX_VACM_NOT_IN_VIEW);
    /* An access entry for a group nobody is in yet, naming a view not
     * defined yet; then "u" moves there, then the view gets a family. */
    snmpx_vacm_access a;
    memset(&a, 0, sizeof(a));
    a.group = "g2";
    a.security_model = SNMPX_SECMODEL_ANY;
    a.level = SNMPX_SECLEVEL_NOAUTH;
    a.read_view = "v2";
    assert_int_equal(snmpx_vacm_add_access(v, &a), 0);
    assert_int_equal(check(v, 3, "u", 1, "", "1.3.6.1.2.1.1.5.0"),
                     SNMPX_VACM_ACCESS_ALLOWED);
    assert_int_equal(snmpx_vacm_add_group(v, 3, (const uint8_t *)"u", 1, "g2"),
                     0);
    assert_int_equal(check(v, 3, "u", 1, "", "1.3.6.1.2.1.1.5.0"),
                     SNMPX_VACM_NO_SUCH_VIEW);
    add_view(v, "v2", "1.3.6.1.4", NULL, 0, true);
    assert_int_equal(check(v, 3, "u", 1, "", "1.3.6.1.4.1.9"),
                     SNMPX_VACM_ACCESS_ALLOWED);
    assert_int_equal(check(v, 3, "u", 1, "", "1.3.6.1.2.1.1.5.0"),
                     SNMPX_VACM_NOT_IN_VIEW);
    /* The same access entry again replaces it: now read view "v". */
    a.read_view = "v";
    assert_int_equal(snmpx_vacm_add_access(v, &a), 0);
    assert_int_equal(check(v, 3, "u", 1, "", "1.3.6.1.2.1.1.5.0"),
                     SNMPX_VACM_ACCESS_ALLOWED);
    /* No write view was named: none. */
    const snmpx_vacm_view *view;
    assert_int_equal(snmpx_vacm_find_view(v, 3, (const uint8_t *)"u", 1,
                                          SNMPX_SECLEVEL_NOAUTH,
                                          SNMPX_VACM_WRITE, NULL, 0, &view),
                     SNMPX_VACM_NO_SUCH_VIEW);
    snmpx_vacm_free(v);
  }
}

static void set4(snmpx_addr *a, uint32_t ip)
{
  memset(a, 0, sizeof(*a));
  a->u.in4.sin_family = AF_INET;
  a->u.in4.sin_addr.s_addr = htonl(ip);
  a->len = sizeof(a->u.in4);
}

static void test_vacm_community_sources(void **state)
{
  (void)state;
  snmpx_vacm *v = snmpx_vacm_new(NULL);
  snmpx_addr net, from;
  set4(&net, 0xc0a80100); /* 192.168.1.0/24 */
  snmpx_vacm_community c;
  memset(&c, 0, sizeof(c));
  c.community = (const uint8_t *)"pub";
  c.community_len = 3;
  c.security_name = (const uint8_t *)"lan";
  c.security_name_len = 3;
  c.source = &net;
  c.source_prefix = 24;
  assert_int_equal(snmpx_vacm_add_community(v, &c), 0);
  c.security_name = (const uint8_t *)"anywhere";
  c.security_name_len = 8;
  c.source = NULL;
  c.context_name = (const uint8_t *)"ctx";
  c.context_name_len = 3;
  assert_int_equal(snmpx_vacm_add_community(v, &c), 0);
  snmpx_vacm_community_match m;
  set4(&from, 0xc0a80177);
  assert_int_equal(
      snmpx_vacm_community_lookup(v, (const uint8_t *)"pub", 3, &from, &m), 0);
  assert_memory_equal(m.security_name, "lan", 3);
  assert_int_equal(m.context_name_len, 0);
  set4(&from, 0xc0a80277);
  assert_int_equal(
      snmpx_vacm_community_lookup(v, (const uint8_t *)"pub", 3, &from, &m), 0);
  assert_memory_equal(m.security_name, "anywhere", 8);
  assert_memory_equal(m.context_name, "ctx", 3);
  assert_int_equal(
      snmpx_vacm_community_lookup(v, (const uint8_t *)"pu", 2, &from, &m),
      SNMPX_ENOTFOUND);
  c.source = &net;
  c.source_prefix = 33;
  assert_int_equal(snmpx_vacm_add_community(v, &c), SNMPX_EINVAL);
  snmpx_vacm_free(v);
}

static void set_unix(snmpx_addr *a, const char *path)
{
  memset(a, 0, sizeof(*a));
  a->domain = SNMPX_DOMAIN_UNIX;
  a->u.un.sun_family = AF_UNIX;
  strcpy(a->u.un.sun_path, path);
  a->len = sizeof(a->u.un);
}

/* A UNIX socket's peers are admitted only by the entries for that socket
 * (Net-SNMP's com2secunix), never by IP ones, "default" included; and
 * UNIX entries admit no IP peer. */
static void test_vacm_community_unix_sources(void **state)
{
  (void)state;
  snmpx_vacm *v = snmpx_vacm_new(NULL);
  snmpx_addr sock, from;
  set_unix(&sock, "/run/a.sock");
  snmpx_vacm_community c;
  memset(&c, 0, sizeof(c));
  c.community = (const uint8_t *)"pub";
  c.community_len = 3;
  c.security_name = (const uint8_t *)"any_ip";
  c.security_name_len = 6;
  assert_int_equal(snmpx_vacm_add_community(v, &c), 0); /* default */
  c.security_name = (const uint8_t *)"local";
  c.security_name_len = 5;
  c.source = &sock;
  assert_int_equal(snmpx_vacm_add_community(v, &c), 0);
  snmpx_vacm_community_match m;
  set_unix(&from, "/run/a.sock");
  from.conn = 7;
  assert_int_equal(
      snmpx_vacm_community_lookup(v, (const uint8_t *)"pub", 3, &from, &m), 0);
  assert_memory_equal(m.security_name, "local", 5);
  set_unix(&from, "/run/b.sock");
  assert_int_equal(
      snmpx_vacm_community_lookup(v, (const uint8_t *)"pub", 3, &from, &m),
      SNMPX_ENOTFOUND);
  set4(&from, 0x7f000001);
  assert_int_equal(
      snmpx_vacm_community_lookup(v, (const uint8_t *)"pub", 3, &from, &m), 0);
  assert_memory_equal(m.security_name, "any_ip", 6);
  snmpx_vacm_free(v);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_vacm_view_masks_and_specificity),
      cmocka_unit_test(test_vacm_access_selection),
      cmocka_unit_test(test_vacm_add_order_independent),
      cmocka_unit_test(test_vacm_community_sources),
      cmocka_unit_test(test_vacm_community_unix_sources),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
