/* RFC 3584 section 3: SNMPv1 Trap-PDU <-> SNMPv2 notification parameters.
 * Nothing here allocates: results are views into the inputs, the static
 * OIDs below and the caller's space. */
#include "internal.h"

static const uint32_t oid_sysuptime0[] = {1, 3, 6, 1, 2, 1, 1, 3, 0};
static const uint32_t oid_trapoid0[] = {1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0};
static const uint32_t oid_trapenterprise0[] = {1, 3, 6, 1, 6, 3, 1, 1, 4, 3, 0};
static const uint32_t oid_trapaddress0[] = {1, 3, 6, 1, 6, 3, 18, 1, 3, 0};
static const uint32_t oid_trapcommunity0[] = {1, 3, 6, 1, 6, 3, 18, 1, 4, 0};
static const uint32_t oid_snmptraps[] = {1, 3, 6, 1, 6, 3, 1, 1, 5};

/* RFC 1157 4.1.6 generic-trap values; enterpriseSpecific is the last. */
#define GENERIC_ENTERPRISE_SPECIFIC 6

snmpx_oidv snmpx_notify_oid(snmpx_notify_oid_id id)
{
  switch (id) {
  case SNMPX_OID_SYSUPTIME_0:
    return SNMPX_OIDV(oid_sysuptime0);
  case SNMPX_OID_SNMPTRAPOID_0:
    return SNMPX_OIDV(oid_trapoid0);
  case SNMPX_OID_SNMPTRAPENTERPRISE_0:
    return SNMPX_OIDV(oid_trapenterprise0);
  case SNMPX_OID_SNMPTRAPADDRESS_0:
    return SNMPX_OIDV(oid_trapaddress0);
  case SNMPX_OID_SNMPTRAPCOMMUNITY_0:
    return SNMPX_OIDV(oid_trapcommunity0);
  case SNMPX_OID_SNMPTRAPS:
    return SNMPX_OIDV(oid_snmptraps);
  }
  return (snmpx_oidv){NULL, 0};
}

static bool oid_is(snmpx_oidv o, const uint32_t *arcs, size_t len)
{
  return o.len == len && memcmp(o.arcs, arcs, len * sizeof(*arcs)) == 0;
}

/* The varbind named |name| among vbs[0..n), or NULL. */
static const snmpx_varbind *find_varbind(const snmpx_varbind *vbs, size_t n,
                                         snmpx_oidv name)
{
  for (size_t i = 0; i < n; i++)
    if (snmpx_oidv_compare(vbs[i].name, name) == 0)
      return &vbs[i];
  return NULL;
}

int snmpx_pdu_trap_v2_check(const snmpx_pdu *pdu)
{
  if (pdu == NULL)
    return SNMPX_EINVAL;
  /* RFC 3416 4.2.6: "the first two variable bindings ... are sysUpTime.0
   * and snmpTrapOID.0 respectively". */
  if (pdu->n_varbinds < 2 || pdu->varbinds == NULL)
    return SNMPX_ENOTIFY_FORMAT;
  const snmpx_varbind *up = &pdu->varbinds[0], *id = &pdu->varbinds[1];
  if (!oid_is(up->name, oid_sysuptime0, 9) ||
      up->value.type != SNMPX_TYPE_TIMETICKS ||
      !oid_is(id->name, oid_trapoid0, 11) || id->value.type != SNMPX_TYPE_OID)
    return SNMPX_ENOTIFY_FORMAT;
  return 0;
}

/* RFC 3584 3.1 (2) and (3): the snmpTrapOID.0 value of a v1 trap. */
static int v1_trap_oid(const snmpx_pdu *v1, uint32_t *arcs, size_t *len)
{
  if (v1->generic_trap < 0 || v1->generic_trap > GENERIC_ENTERPRISE_SPECIFIC)
    return SNMPX_ENOTIFY_GENERIC;
  if (v1->generic_trap != GENERIC_ENTERPRISE_SPECIFIC) {
    /* (3): the standard trap snmpTraps.(generic-trap + 1), RFC 3418. */
    memcpy(arcs, oid_snmptraps, sizeof(oid_snmptraps));
    arcs[9] = (uint32_t)v1->generic_trap + 1;
    *len = 10;
    return 0;
  }
  /* (2): enterprise, then '0', then specific-trap. */
  if (v1->enterprise.len > SNMPX_OID_MAX_LEN - 2)
    return SNMPX_EOID_TOOLONG;
  if (v1->enterprise.len > 0)
    memcpy(arcs, v1->enterprise.arcs, v1->enterprise.len * sizeof(*arcs));
  arcs[v1->enterprise.len] = 0;
  arcs[v1->enterprise.len + 1] = (uint32_t)v1->specific_trap;
  *len = v1->enterprise.len + 2;
  return 0;
}

/* Append name = value to out unless the first |n_orig| varbinds already
 * hold |name| (RFC 3584 3.1 (4): "if these ... do not already exist"). */
static void append_absent(snmpx_pdu *out, size_t n_orig, snmpx_oidv name,
                          snmpx_value value)
{
  if (find_varbind(out->varbinds + 2, n_orig, name) != NULL)
    return;
  out->varbinds[out->n_varbinds].name = name;
  out->varbinds[out->n_varbinds].value = value;
  out->n_varbinds++;
}

int snmpx_pdu_trap_v1_to_v2(const snmpx_pdu *v1, const uint8_t *community,
                            size_t community_len, unsigned flags,
                            snmpx_v1v2_space *space, snmpx_pdu *out)
{
  if (v1 == NULL || space == NULL || out == NULL ||
      (v1->varbinds == NULL && v1->n_varbinds > 0))
    return SNMPX_EINVAL;
  if (v1->type != SNMPX_PDU_TRAP_V1)
    return SNMPX_ENOTIFY_NOT_TRAP;
  if (space->varbinds == NULL || space->varbinds_cap < v1->n_varbinds ||
      space->varbinds_cap - v1->n_varbinds < SNMPX_V1V2_EXTRA_VARBINDS)
    return SNMPX_EMSG_TOO_MANY_VARBINDS;
  size_t trap_len;
  int rv = v1_trap_oid(v1, space->trap_oid, &trap_len);
  if (rv != 0)
    return rv;
  memset(out, 0, sizeof(*out));
  out->type = SNMPX_PDU_TRAP_V2;
  out->request_id = v1->request_id;
  out->varbinds = space->varbinds;
  /* (1): sysUpTime.0 is the time-stamp; (2)/(3): snmpTrapOID.0. */
  out->varbinds[0].name = SNMPX_OIDV(oid_sysuptime0);
  out->varbinds[0].value =
      snmpx_value_uint(SNMPX_TYPE_TIMETICKS, v1->time_stamp);
  out->varbinds[1].name = SNMPX_OIDV(oid_trapoid0);
  out->varbinds[1].value =
      snmpx_value_oid((snmpx_oidv){space->trap_oid, trap_len});
  /* (4): the v1 varbinds, in order. */
  if (v1->n_varbinds > 0)
    memcpy(out->varbinds + 2, v1->varbinds,
           v1->n_varbinds * sizeof(*v1->varbinds));
  out->n_varbinds = 2 + v1->n_varbinds;
  static const uint8_t no_addr[4];
  if (flags & SNMPX_V1V2_PROXY) {
    /* An agent-addr of 0.0.0.0 says nothing: left out, as Net-SNMP's
     * snmptrapd leaves it out of what its trap handlers get. */
    if (memcmp(v1->agent_addr, no_addr, 4) != 0)
      append_absent(out, v1->n_varbinds, SNMPX_OIDV(oid_trapaddress0),
                    snmpx_value_bytes(SNMPX_TYPE_IPADDRESS, v1->agent_addr,
                                      4));
    append_absent(out, v1->n_varbinds, SNMPX_OIDV(oid_trapcommunity0),
                  snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING,
                                    community ? community : (const uint8_t *)"",
                                    community ? community_len : 0));
  }
  if (flags & (SNMPX_V1V2_PROXY | SNMPX_V1V2_ENTERPRISE))
    append_absent(out, v1->n_varbinds, SNMPX_OIDV(oid_trapenterprise0),
                  snmpx_value_oid(v1->enterprise));
  return 0;
}

/* The generic-trap number of a standard trap OID (RFC 3418: snmpTraps.1
 * coldStart .. snmpTraps.6 egpNeighborLoss), or -1. */
static int standard_trap(snmpx_oidv trap_oid)
{
  if (trap_oid.len != 10 ||
      !snmpx_oidv_has_prefix(trap_oid, SNMPX_OIDV(oid_snmptraps)))
    return -1;
  uint32_t last = trap_oid.arcs[9];
  return last >= 1 && last <= 6 ? (int)last - 1 : -1;
}

static bool has_counter64(const snmpx_varbind *vbs, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (vbs[i].value.type == SNMPX_TYPE_COUNTER64)
      return true;
  return false;
}

/* RFC 3584 3.2 (1) for a trap that is not one of the standard ones:
 * snmpTrapOID without its last arc, and without the '0' before it. */
static int specific_enterprise(snmpx_oidv trap_oid, snmpx_pdu *out)
{
  if (trap_oid.len < 2 || trap_oid.arcs[trap_oid.len - 1] > INT32_MAX)
    return SNMPX_ENOTIFY_FORMAT;
  size_t cut = trap_oid.arcs[trap_oid.len - 2] == 0 ? 2 : 1;
  out->enterprise = (snmpx_oidv){trap_oid.arcs, trap_oid.len - cut};
  out->generic_trap = GENERIC_ENTERPRISE_SPECIFIC;               /* (3) */
  out->specific_trap = (int32_t)trap_oid.arcs[trap_oid.len - 1]; /* (4) */
  return 0;
}

int snmpx_pdu_trap_v2_to_v1(const snmpx_pdu *v2, const uint8_t *agent_addr,
                            unsigned flags, snmpx_pdu *out)
{
  if (v2 == NULL || out == NULL)
    return SNMPX_EINVAL;
  if (v2->type != SNMPX_PDU_TRAP_V2 && v2->type != SNMPX_PDU_INFORM)
    return SNMPX_ENOTIFY_NOT_TRAP;
  int rv = snmpx_pdu_trap_v2_check(v2);
  if (rv != 0)
    return rv;
  const snmpx_varbind *rest = v2->varbinds + 2;
  size_t n_rest = v2->n_varbinds - 2;
  /* RFC 3584 3.2 (6) and 4.2.3: Counter64 has no SNMPv1 encoding, and a
   * notification that holds one is not translated. */
  if (has_counter64(rest, n_rest))
    return SNMPX_ENOTIFY_COUNTER64;
  snmpx_pdu v1;
  memset(&v1, 0, sizeof(v1));
  v1.type = SNMPX_PDU_TRAP_V1;
  v1.request_id = v2->request_id;
  snmpx_oidv trap_oid = v2->varbinds[1].value.v.oid;
  int generic = standard_trap(trap_oid);
  if (generic >= 0) {
    /* (1) first case: snmpTrapEnterprise.0 if present, else snmpTraps;
     * (3) the generic-trap; (4) specific-trap 0. */
    const snmpx_varbind *ent =
        find_varbind(rest, n_rest, SNMPX_OIDV(oid_trapenterprise0));
    v1.enterprise = ent != NULL && ent->value.type == SNMPX_TYPE_OID
                        ? ent->value.v.oid
                        : SNMPX_OIDV(oid_snmptraps);
    v1.generic_trap = generic;
  } else if ((rv = specific_enterprise(trap_oid, &v1)) != 0) {
    return rv;
  }
  /* (2): an originator uses its own address; a proxy the original source
   * recorded in snmpTrapAddress.0; otherwise 0.0.0.0. */
  const uint8_t *addr = agent_addr;
  if (flags & SNMPX_V1V2_PROXY) {
    const snmpx_varbind *ta =
        find_varbind(rest, n_rest, SNMPX_OIDV(oid_trapaddress0));
    addr = ta != NULL && ta->value.type == SNMPX_TYPE_IPADDRESS &&
                   ta->value.v.bytes.len == 4
               ? ta->value.v.bytes.ptr
               : NULL;
  }
  if (addr != NULL)
    memcpy(v1.agent_addr, addr, 4);
  /* (5): time-stamp is sysUpTime.0, TimeTicks (32 bits) by the check. */
  v1.time_stamp = (uint32_t)v2->varbinds[0].value.v.u;
  /* (6): the remaining varbinds, in order. */
  v1.varbinds = (snmpx_varbind *)rest;
  v1.n_varbinds = n_rest;
  *out = v1;
  return 0;
}
