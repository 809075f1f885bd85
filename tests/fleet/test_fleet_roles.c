/* Unit tests for tests/fleet/fleet_roles.h: the role formula is pinned by
 * known answers (computed by an independent Python implementation of the
 * README's formula), splits the ports in the asked proportions, and moves
 * only "ok" agents when a share grows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fleet_roles.h"

static void test_fleet_roles_known_buckets(void **state)
{
  static const struct {
    uint64_t seed;
    unsigned port;
    unsigned bucket;
  } kat[] = {
      {1, 40000, 34},  {1, 40001, 90}, {1, 65535, 86},
      {42, 20000, 37}, {0, 1, 56},     {UINT64_MAX, 12345, 86},
  };
  size_t i;

  (void)state;
  for (i = 0; i < sizeof(kat) / sizeof(kat[0]); i++)
    assert_int_equal(fleet_role_bucket(kat[i].seed, kat[i].port),
                     kat[i].bucket);
  /* bucket 34: drop below 35, then delay, then wrong, then ok. */
  assert_int_equal(fleet_role_of(1, 40000, 35, 0, 0), FLEET_ROLE_DROP);
  assert_int_equal(fleet_role_of(1, 40000, 34, 1, 0), FLEET_ROLE_DELAY);
  assert_int_equal(fleet_role_of(1, 40000, 30, 4, 1), FLEET_ROLE_WRONG);
  assert_int_equal(fleet_role_of(1, 40000, 30, 4, 0), FLEET_ROLE_OK);
}

static void test_fleet_roles_proportions(void **state)
{
  unsigned n[4] = {0, 0, 0, 0};
  unsigned port;

  (void)state;
  for (port = 20000; port < 30000; port++)
    n[fleet_role_of(7, port, 10, 5, 3)]++;
  /* 10,000 agents: each share within 1.5 points of the asked one. */
  assert_in_range(n[FLEET_ROLE_DROP], 850, 1150);
  assert_in_range(n[FLEET_ROLE_DELAY], 350, 650);
  assert_in_range(n[FLEET_ROLE_WRONG], 150, 450);
  assert_int_equal(n[0] + n[1] + n[2] + n[3], 10000);
}

static void test_fleet_roles_extremes_and_monotone(void **state)
{
  unsigned port;

  (void)state;
  for (port = 1; port <= 65535; port += 7) {
    fleet_role r5 = fleet_role_of(3, port, 5, 0, 0);

    assert_int_equal(fleet_role_of(3, port, 0, 0, 0), FLEET_ROLE_OK);
    assert_int_equal(fleet_role_of(3, port, 100, 0, 0), FLEET_ROLE_DROP);
    assert_int_equal(fleet_role_of(3, port, 0, 0, 100), FLEET_ROLE_WRONG);
    /* Raising the drop share keeps every agent that already dropped. */
    if (r5 == FLEET_ROLE_DROP)
      assert_int_equal(fleet_role_of(3, port, 20, 0, 0), FLEET_ROLE_DROP);
  }
  assert_string_equal(fleet_role_name(FLEET_ROLE_OK), "ok");
  assert_string_equal(fleet_role_name(FLEET_ROLE_DROP), "drop");
  assert_string_equal(fleet_role_name(FLEET_ROLE_DELAY), "delay");
  assert_string_equal(fleet_role_name(FLEET_ROLE_WRONG), "wrong");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fleet_roles_known_buckets),
      cmocka_unit_test(test_fleet_roles_proportions),
      cmocka_unit_test(test_fleet_roles_extremes_and_monotone),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
