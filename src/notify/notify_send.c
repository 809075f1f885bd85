/* Notification originator (RFC 3413 3.3): build SNMPv2 notifications and
 * SNMPv1 Trap-PDUs, translate them to the target's version (RFC 3584 3),
 * send traps once and informs as confirmed requests. */
#include "internal.h"

#include <snmpx/notify.h>

int snmpx_notify_build_v2(snmpx_pdu *pdu, snmpx_pdu_type type, uint32_t uptime,
                          snmpx_oidv trap_oid, const snmpx_varbind *extra,
                          size_t n, snmpx_varbind *vbs, size_t cap)
{
  if (pdu == NULL || vbs == NULL || trap_oid.len == 0 ||
      trap_oid.arcs == NULL || (extra == NULL && n > 0) ||
      (type != SNMPX_PDU_TRAP_V2 && type != SNMPX_PDU_INFORM))
    return SNMPX_EINVAL;
  if (cap < 2 || n > cap - 2)
    return SNMPX_EMSG_TOO_MANY_VARBINDS;
  /* |extra| may lie inside |vbs|: callers (snmpx trap) build the
   * varbinds in place at |vbs| + 2.  memcpy onto itself or an overlapping
   * region is undefined, so move them (or leave them where they are), and
   * before vbs[0] and vbs[1] are written, which they may overlap too. */
  if (n > 0 && extra != vbs + 2)
    memmove(vbs + 2, extra, n * sizeof(*extra));
  /* RFC 3416 4.2.6: sysUpTime.0 and snmpTrapOID.0 come first. */
  vbs[0].name = snmpx_notify_oid(SNMPX_OID_SYSUPTIME_0);
  vbs[0].value = snmpx_value_uint(SNMPX_TYPE_TIMETICKS, uptime);
  vbs[1].name = snmpx_notify_oid(SNMPX_OID_SNMPTRAPOID_0);
  vbs[1].value = snmpx_value_oid(trap_oid);
  memset(pdu, 0, sizeof(*pdu));
  pdu->type = type;
  pdu->varbinds = vbs;
  pdu->n_varbinds = n + 2;
  return 0;
}

int snmpx_notify_build_v1(snmpx_pdu *pdu, snmpx_oidv enterprise,
                          const uint8_t *agent_addr, int32_t generic,
                          int32_t specific, uint32_t time_stamp,
                          const snmpx_varbind *vbs, size_t n)
{
  if (pdu == NULL || enterprise.len == 0 || enterprise.arcs == NULL ||
      (vbs == NULL && n > 0))
    return SNMPX_EINVAL;
  if (generic < 0 || generic > 6) /* RFC 1157 4.1.6 */
    return SNMPX_ENOTIFY_GENERIC;
  memset(pdu, 0, sizeof(*pdu));
  pdu->type = SNMPX_PDU_TRAP_V1;
  pdu->enterprise = enterprise;
  if (agent_addr != NULL)
    memcpy(pdu->agent_addr, agent_addr, 4);
  pdu->generic_trap = generic;
  pdu->specific_trap = specific;
  pdu->time_stamp = time_stamp;
  pdu->varbinds = (snmpx_varbind *)vbs;
  pdu->n_varbinds = n;
  return 0;
}

/* Varbinds kept on the stack for a v1 -> v2 translation; more take one
 * allocation for the whole send. */
#define STACK_VARBINDS 32

static int send_v1_as_v2(snmpx_engine *e, const snmpx_target *target,
                         const snmpx_pdu *v1)
{
  snmpx_varbind local[STACK_VARBINDS];
  snmpx_v1v2_space space;
  const snmpx_mem *mem = snmpx__engine_mem(e);
  size_t need = v1->n_varbinds + SNMPX_V1V2_EXTRA_VARBINDS;
  space.varbinds = need <= STACK_VARBINDS
                       ? local
                       : snmpx__calloc(mem, need, sizeof(snmpx_varbind));
  if (space.varbinds == NULL)
    return SNMPX_ENOMEM;
  space.varbinds_cap = need;
  snmpx_pdu v2;
  /* RFC 3584 3.1 (4): an originator that is no proxy need not add
   * snmpTrapAddress.0 and snmpTrapCommunity.0; snmpTrapEnterprise.0 keeps
   * the enterprise of a generic trap. */
  int rv =
      snmpx_pdu_trap_v1_to_v2(v1, NULL, 0, SNMPX_V1V2_ENTERPRISE, &space, &v2);
  if (rv == 0 && v2.request_id == 0)
    v2.request_id = snmpx__engine_random_id(e);
  if (rv == 0)
    rv = snmpx_engine_send(e, target, &v2);
  if (space.varbinds != local)
    snmpx__free(mem, space.varbinds);
  return rv;
}

int snmpx_notify_send_trap(snmpx_engine *e, const snmpx_target *target,
                           const snmpx_pdu *pdu)
{
  if (e == NULL || target == NULL || pdu == NULL)
    return SNMPX_EINVAL;
  bool v1_target = target->version == SNMPX_VERSION_1;
  if (pdu->type == SNMPX_PDU_TRAP_V1)
    return v1_target ? snmpx_engine_send(e, target, pdu)
                     : send_v1_as_v2(e, target, pdu);
  if (pdu->type != SNMPX_PDU_TRAP_V2)
    return SNMPX_ENOTIFY_NOT_TRAP;
  int rv = snmpx_pdu_trap_v2_check(pdu);
  if (rv != 0)
    return rv;
  if (!v1_target) {
    /* RFC 3416 leaves an SNMPv2-Trap's request-id to the sender; Net-SNMP
     * sends a random one, never 0: so do we, unless one is given. */
    snmpx_pdu sent = *pdu;
    if (sent.request_id == 0)
      sent.request_id = snmpx__engine_random_id(e);
    return snmpx_engine_send(e, target, &sent);
  }
  snmpx_pdu v1;
  rv = snmpx_pdu_trap_v2_to_v1(pdu, pdu->agent_addr, 0, &v1);
  return rv != 0 ? rv : snmpx_engine_send(e, target, &v1);
}

int64_t snmpx_notify_send_inform(snmpx_engine *e, const snmpx_target *target,
                                 const snmpx_pdu *pdu, snmpx_response_cb cb,
                                 void *user_data)
{
  if (e == NULL || target == NULL || pdu == NULL)
    return SNMPX_EINVAL;
  /* RFC 3416 4.2.7: InformRequest exists from SNMPv2 on. */
  if (target->version == SNMPX_VERSION_1)
    return SNMPX_EMSG_VERSION;
  if (pdu->type != SNMPX_PDU_INFORM && pdu->type != SNMPX_PDU_TRAP_V2)
    return SNMPX_ENOTIFY_NOT_TRAP;
  int rv = snmpx_pdu_trap_v2_check(pdu);
  if (rv != 0)
    return rv;
  snmpx_pdu inform = *pdu;
  inform.type = SNMPX_PDU_INFORM;
  return snmpx_engine_submit(e, target, &inform, cb, user_data);
}
