/* snmpx: notifications (RFC 3413 3.3 originator, 3.4 receiver).
 *
 * Originator: build an SNMPv2-Trap / InformRequest (sysUpTime.0 and
 * snmpTrapOID.0 first, RFC 3416 4.2.6) or an SNMPv1 Trap-PDU, and send it:
 * traps once through snmpx_engine_send, informs as requests through
 * snmpx_engine_submit (retried until acknowledged; SNMPv3 discovers the
 * receiver's engine ID first).  A notification is translated (RFC 3584 3)
 * when the target's version needs the other form.
 *
 * Receiver: snmpx_receiver_new registers with an engine and hands every
 * notification that passes its access rules to a callback, in one shape
 * for every version (the v1 fields are kept beside).  Duplicates and
 * notifications from communities or users not allowed are dropped and
 * counted; the engine itself drops (and counts) what fails USM.
 *
 *   snmpx_receiver_config rc = {0};
 *   rc.cb = on_notification;
 *   snmpx_receiver *r = snmpx_receiver_new(engine, &rc);
 *   snmpx_receiver_allow_community(r, "public", NULL);
 *   snmpx_io_listen(io, &addr_162);  ... snmpx_io_run_once(io, -1) ... */
#ifndef SNMPX_NOTIFY_H
#define SNMPX_NOTIFY_H

#include "common.h"
#include "engine.h"
#include "pdu.h"

/* ---- Originator ------------------------------------------------------ */

/** Make |pdu| an SNMPv2 notification of |type| (SNMPX_PDU_TRAP_V2 or
 *  SNMPX_PDU_INFORM): |vbs|[0] = sysUpTime.0 (TimeTicks |uptime|),
 *  |vbs|[1] = snmpTrapOID.0 (|trap_oid|), then |extra|[0..n) copied by
 *  value (their names and values stay borrowed).  |extra| may overlap
 *  |vbs|: varbinds already in place at |vbs| + 2 stay there untouched.
 *  |pdu| uses |vbs| and |trap_oid|'s arcs: both must outlive it.
 *  @return 0; SNMPX_EINVAL (NULL, a type that is no v2 notification, an
 *  empty |trap_oid|); SNMPX_EMSG_TOO_MANY_VARBINDS (|cap| < n + 2). */
SNMPX_EXTERN int snmpx_notify_build_v2(snmpx_pdu *pdu, snmpx_pdu_type type,
                                       uint32_t uptime, snmpx_oidv trap_oid,
                                       const snmpx_varbind *extra, size_t n,
                                       snmpx_varbind *vbs, size_t cap);

/** Make |pdu| an SNMPv1 Trap-PDU (RFC 1157 4.1.6) with its five fields and
 *  the varbinds |vbs|[0..n) (borrowed, as |enterprise|).  |agent_addr|
 *  NULL means 0.0.0.0.
 *  @return 0; SNMPX_EINVAL (NULL |pdu|, empty |enterprise|, NULL |vbs|
 *  with n > 0); SNMPX_ENOTIFY_GENERIC (|generic| outside 0..6). */
SNMPX_EXTERN int snmpx_notify_build_v1(snmpx_pdu *pdu, snmpx_oidv enterprise,
                                       const uint8_t *agent_addr,
                                       int32_t generic, int32_t specific,
                                       uint32_t time_stamp,
                                       const snmpx_varbind *vbs, size_t n);

/** Send the trap |pdu| to |target| once (RFC 3413 3.3).  A v1 Trap-PDU to
 *  a v2c/v3 target is translated by RFC 3584 3.1 (with
 *  snmpTrapEnterprise.0), an SNMPv2-Trap to a v1 target by RFC 3584 3.2
 *  with |pdu|'s agent_addr as the originator's address.  SNMPv3 traps are
 *  sent with the local engine as authoritative (snmpx_engine_set_local),
 *  the target's user localized to it.  An SNMPv2-Trap whose request_id
 *  is 0 is sent with a random positive one from the engine's RNG, as
 *  Net-SNMP's snmptrap does (|pdu| itself is not changed).
 *  @return 0; SNMPX_EINVAL; SNMPX_ENOTIFY_NOT_TRAP (an InformRequest or
 *  another PDU); the errors of snmpx_pdu_trap_v1_to_v2,
 *  snmpx_pdu_trap_v2_to_v1 and snmpx_engine_send; SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_notify_send_trap(snmpx_engine *e,
                                        const snmpx_target *target,
                                        const snmpx_pdu *pdu);

/** Send the InformRequest |pdu| (SNMPX_PDU_INFORM, or an SNMPv2-Trap
 *  whose type is changed to it) to |target| (v2c or v3) as a confirmed
 *  request: retried until a Response arrives or the retries run out; v3
 *  discovers the receiver's engine ID first (RFC 3414 4).
 *  @return as snmpx_engine_submit, plus SNMPX_EMSG_VERSION (a v1 target),
 *  SNMPX_ENOTIFY_NOT_TRAP and SNMPX_ENOTIFY_FORMAT (not a v2
 *  notification). */
SNMPX_EXTERN int64_t snmpx_notify_send_inform(snmpx_engine *e,
                                              const snmpx_target *target,
                                              const snmpx_pdu *pdu,
                                              snmpx_response_cb cb,
                                              void *user_data);

/* ---- Receiver -------------------------------------------------------- */

/** One received notification.  Everything points into storage valid only
 *  during the callback (snmpx_pdu_dup the PDU to keep it). */
typedef struct snmpx_notification {
  snmpx_version version;
  snmpx_pdu_type type;      /* SNMPX_PDU_TRAP_V1, _TRAP_V2 or _INFORM */
  snmpx_addr from;          /* the sender's transport address */
  snmpx_addr to;            /* the local address it arrived on; len 0
                               when the transport does not tell */
  int security_model;       /* SNMPX_SECMODEL_V1, _V2C or _USM */
  snmpx_seclevel level;     /* noAuthNoPriv for v1/v2c */
  const uint8_t *community; /* v1/v2c */
  size_t community_len;
  const uint8_t *security_name; /* v3: msgUserName */
  size_t security_name_len;
  const uint8_t *engine_id; /* v3 authoritative engine: the sender's for
                               traps, the local one for informs */
  size_t engine_id_len;
  const uint8_t *context_engine_id; /* v3 */
  size_t context_engine_id_len;
  const uint8_t *context_name; /* v3 */
  size_t context_name_len;
  int32_t request_id;
  uint32_t uptime;     /* sysUpTime.0 (v1: time-stamp) */
  snmpx_oidv trap_oid; /* snmpTrapOID.0 (v1: by RFC 3584 3.1) */
  /* The SNMPv2 varbinds, sysUpTime.0 and snmpTrapOID.0 first.  For a v1
   * trap, its RFC 3584 3.1 translation with the receiver's
   * translate_flags; for a v1 trap whose generic-trap is outside 0..6
   * (which has no SNMPv2 form) NULL and 0, trap_oid empty: read |pdu|. */
  const snmpx_varbind *varbinds;
  size_t n_varbinds;
  /* The PDU as received; for v1 its enterprise, agent_addr, generic_trap,
   * specific_trap and time_stamp are the v1 fields. */
  const snmpx_pdu *pdu;
} snmpx_notification;

/** Called for each notification accepted.  It must not free the engine or
 *  the receiver.  An inform is acknowledged by the engine after it
 *  returns. */
typedef void (*snmpx_notification_cb)(void *user_data,
                                      const snmpx_notification *n);

typedef struct snmpx_receiver_config {
  const snmpx_mem *mem;     /* NULL: libc */
  snmpx_notification_cb cb; /* required */
  void *user_data;
  unsigned translate_flags; /* v1 -> v2 (SNMPX_V1V2_*), as given: 0 adds
                               no varbind; SNMPX_V1V2_ENTERPRISE adds
                               snmpTrapEnterprise.0 as Net-SNMP's
                               snmptrapd does */
  uint32_t dedup_window_ms; /* duplicates within: 0 means 10000 */
  uint32_t dedup_slots;     /* remembered notifications: 0 means 4096 */
  bool keep_duplicates;     /* hand duplicates up too (no dedup; they are
                               not counted in stats.duplicates) */
  bool authorize_all;       /* every community, and every user the engine
                               authenticated (snmptrapd's
                               disableAuthorization yes) */
} snmpx_receiver_config;

typedef struct snmpx_receiver_stats {
  uint64_t received;      /* notifications the engine handed up */
  uint64_t delivered;     /* passed to the callback */
  uint64_t informs;       /* of which InformRequests */
  uint64_t bad_community; /* v1/v2c: community or source not allowed */
  uint64_t bad_user;      /* v3: user not allowed, or level too low */
  uint64_t duplicates;    /* seen within the dedup window */
  uint64_t malformed;     /* not a valid notification (RFC 3416 4.2.6:
                             sysUpTime.0, snmpTrapOID.0 first) */
} snmpx_receiver_stats;

typedef struct snmpx_receiver snmpx_receiver;

/** Create a receiver on |e| (borrowed: it must outlive the receiver) and
 *  register it as the engine's notification receiver
 *  (snmpx_engine_set_receiver).  |cfg| is copied.
 *  @return the receiver; NULL on out of memory, a NULL argument or a NULL
 *  callback. */
SNMPX_EXTERN snmpx_receiver *
snmpx_receiver_new(snmpx_engine *e, const snmpx_receiver_config *cfg);

/** Unregister from the engine and free.  NULL is a no-op. */
SNMPX_EXTERN void snmpx_receiver_free(snmpx_receiver *r);

/** Accept v1/v2c notifications with |community| (copied), from |source|:
 *  NULL for any address, or "ADDR" / "ADDR/PREFIX" (IPv4 or IPv6, e.g.
 *  "127.0.0.0/8", "::1").  With no community allowed, every v1/v2c
 *  notification is dropped (as Net-SNMP's snmptrapd without
 *  authCommunity).
 *  @return 0; SNMPX_EINVAL (NULL, bad source); SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_receiver_allow_community(snmpx_receiver *r,
                                                const char *community,
                                                const char *source);

/** Accept SNMPv3 notifications from USM user |name| (copied) at
 *  |min_level| or above.  The user's keys are the engine's business
 *  (snmpx_engine_add_user; with an engine_id for traps from that sender).
 *  With no user allowed, every v3 notification is dropped.
 *  @return 0; SNMPX_EINVAL; SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_receiver_allow_user(snmpx_receiver *r, const char *name,
                                           snmpx_seclevel min_level);

/** A snapshot of the counters. */
SNMPX_EXTERN void snmpx_receiver_get_stats(const snmpx_receiver *r,
                                           snmpx_receiver_stats *out);

/** Feed one notification as the engine hands it up (what the receiver's
 *  engine callback does): for tests and for applications that run their
 *  own snmpx_engine_set_receiver callback and want this receiver's checks.
 *  An inform it refuses (community, user, malformed) is discarded
 *  (snmpx_engine_discard): not acknowledged, as snmptrapd does.
 *  @return 1 when delivered to the callback; 0 when dropped (counted). */
SNMPX_EXTERN int snmpx_receiver_handle(snmpx_receiver *r,
                                       const snmpx_incoming *in);

#endif
