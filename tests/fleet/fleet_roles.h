/* snmpx test fleet: which agent plays which fault role.
 *
 * Shared by snmpx_fleet (tests/fleet/snmpx_fleet.c) and any test that needs
 * to know, without asking the fleet, which agents drop, delay or answer
 * wrongly.  The formula is part of the fleet's contract
 * (tests/fleet/README.md):
 *
 *   bucket(seed, port) = splitmix64(seed XOR (port << 32)) mod 100
 *
 * where splitmix64(x) is one step of Vigna's SplitMix64 generator from state
 * x (add 0x9E3779B97F4A7C15, then the two xor-shift-multiply rounds and the
 * final xor-shift, as fleet_splitmix64 below).  With percentages drop, delay
 * and wrong (their sum at most 100):
 *
 *   bucket <  drop                  -> drop
 *   bucket <  drop + delay          -> delay
 *   bucket <  drop + delay + wrong  -> wrong
 *   otherwise                       -> ok
 *
 * So a port's bucket does not depend on the percentages, and raising one
 * share only moves agents out of "ok". */
#ifndef SNMPX_FLEET_ROLES_H
#define SNMPX_FLEET_ROLES_H

#include <stdint.h>

typedef enum fleet_role {
  FLEET_ROLE_OK = 0,
  FLEET_ROLE_DROP = 1,
  FLEET_ROLE_DELAY = 2,
  FLEET_ROLE_WRONG = 3
} fleet_role;

/** One SplitMix64 step from state |x| (Vigna, 2015). */
static inline uint64_t fleet_splitmix64(uint64_t x)
{
  uint64_t z = x + UINT64_C(0x9E3779B97F4A7C15);

  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/** The bucket 0..99 of the agent on |port| under |seed|. */
static inline unsigned fleet_role_bucket(uint64_t seed, unsigned port)
{
  return (unsigned)(fleet_splitmix64(seed ^ ((uint64_t)port << 32)) % 100u);
}

/** The role of the agent on |port|; percentages as on the command line,
 *  each 0..100 and their sum at most 100 (a larger sum saturates). */
static inline fleet_role fleet_role_of(uint64_t seed, unsigned port,
                                       unsigned drop_pct, unsigned delay_pct,
                                       unsigned wrong_pct)
{
  unsigned b = fleet_role_bucket(seed, port);

  if (b < drop_pct)
    return FLEET_ROLE_DROP;
  if (b < drop_pct + delay_pct)
    return FLEET_ROLE_DELAY;
  if (b < drop_pct + delay_pct + wrong_pct)
    return FLEET_ROLE_WRONG;
  return FLEET_ROLE_OK;
}

/** "ok", "drop", "delay" or "wrong". */
static inline const char *fleet_role_name(fleet_role r)
{
  switch (r) {
  case FLEET_ROLE_DROP:
    return "drop";
  case FLEET_ROLE_DELAY:
    return "delay";
  case FLEET_ROLE_WRONG:
    return "wrong";
  default:
    return "ok";
  }
}

#endif
