/* snmpx: the command generator (RFC 3413 3.1).  A manager is one remote
 * agent (a target) on an engine; its calls build the PDU, submit it, and
 * complete through a callback.  Walks are sequences of GETNEXT or GETBULK
 * requests that stop at the end of the subtree. */
#ifndef SNMPX_MANAGER_H
#define SNMPX_MANAGER_H

#include "common.h"
#include "engine.h"

typedef struct snmpx_manager snmpx_manager;

/** A manager for |target| on |e| (borrowed; it must outlive the manager).
 *  |target| and its community are copied.
 *  @return the manager; NULL on out of memory or a NULL argument. */
SNMPX_EXTERN snmpx_manager *snmpx_manager_new(snmpx_engine *e,
                                              const snmpx_target *target);

/** Free the manager.  Walks still running finish with SNMPX_ECANCELED;
 *  single requests already submitted stay in the engine and complete as
 *  usual.  May be called from a walk's done callback, not from its varbind
 *  callback.  NULL is a no-op. */
SNMPX_EXTERN void snmpx_manager_free(snmpx_manager *m);

/** The manager's target (its community points into the manager). */
SNMPX_EXTERN const snmpx_target *snmpx_manager_target(const snmpx_manager *m);

/** GET / GETNEXT of |n| OIDs (copied before return).  |cb| as in
 *  snmpx_engine_submit: NULL makes a detached request whose result is
 *  taken by handle (snmpx_engine_take_result, snmpx_io_wait_result).
 *  @return a handle > 0; SNMPX_EINVAL (n == 0, NULL manager or OIDs),
 *  SNMPX_ENOMEM and the errors of snmpx_engine_submit. */
SNMPX_EXTERN int64_t snmpx_manager_get(snmpx_manager *m,
                                       const snmpx_oidv *oids, size_t n,
                                       snmpx_response_cb cb, void *user_data);
SNMPX_EXTERN int64_t snmpx_manager_getnext(snmpx_manager *m,
                                           const snmpx_oidv *oids, size_t n,
                                           snmpx_response_cb cb,
                                           void *user_data);

/** GETBULK (SNMPv2c only: SNMPX_EMSG_PDU_TYPE on an SNMPv1 target).
 *  @return as snmpx_manager_get. */
SNMPX_EXTERN int64_t snmpx_manager_getbulk(snmpx_manager *m,
                                           int32_t non_repeaters,
                                           int32_t max_repetitions,
                                           const snmpx_oidv *oids, size_t n,
                                           snmpx_response_cb cb,
                                           void *user_data);

/** SET of |n| varbinds (names and values copied before return).
 *  @return as snmpx_manager_get, plus SNMPX_EMSG_VALUE_TYPE (e.g. Counter64
 *  to an SNMPv1 target). */
SNMPX_EXTERN int64_t snmpx_manager_set(snmpx_manager *m,
                                       const snmpx_varbind *vbs, size_t n,
                                       snmpx_response_cb cb, void *user_data);

typedef struct snmpx_walk_opts {
  bool bulk;                /* GETBULK instead of GETNEXT (not on v1) */
  int32_t max_repetitions;  /* GETBULK size; 0 means 10 (snmpbulkwalk) */
  bool allow_nonincreasing; /* go on when an OID does not increase (-Cc) */
  /* Compare each OID of a response with the OID that was requested rather
   * than with the OID before it: Net-SNMP's snmpbulkwalk does so, and
   * snmpx bulkwalk must report exactly what it reports.  Off: each OID
   * must exceed the one before it, the stricter check. */
  bool check_against_request;
  /* A GETBULK that times out is asked again with half the repetitions (a
   * large reply may be what got lost), down to 1, before the walk fails
   * with SNMPX_ETIMEDOUT.  Off: a timeout ends the walk at once, as
   * Net-SNMP's snmpbulkwalk does. */
  bool shrink_on_timeout;
} snmpx_walk_opts;

/** Called for each varbind of the subtree in order; return false to stop
 *  the walk (it then completes with status 0). */
typedef bool (*snmpx_walk_varbind_cb)(void *user_data,
                                      const snmpx_varbind *vb);

/** Called once when the walk ends.  |status|:
 *   0 - the subtree ended (an OID outside it, endOfMibView or another
 *       exception, an empty response, or SNMPv1 noSuchName, the v1 way of
 *       saying end of MIB: then |resp| is that response), or the varbind
 *       callback stopped it;
 *   SNMPX_EWALK_NOT_INCREASING - |resp|->varbinds[|vb_index|] is not
 *       greater than |last| (the OID before it, or the OID requested with
 *       check_against_request);
 *   SNMPX_EAGENT_ERROR - the agent answered with an error-status: |resp|;
 *   SNMPX_ETIMEDOUT, SNMPX_ECANCELED, or a submit error (|resp| NULL).
 *  With status 0 after an exception or an OID outside the subtree,
 *  |vb_index| points at that varbind.  |last| is the OID the varbind at
 *  |vb_index| was checked against (the root before any answer).  All
 *  pointers are valid only during the call. */
typedef void (*snmpx_walk_done_cb)(void *user_data, int status,
                                   const snmpx_pdu *resp, size_t vb_index,
                                   const snmpx_oid *last);

/** Walk the subtree under |root| (copied).  |opts| NULL means GETNEXT
 *  with the OID check on.  A GETBULK answered with tooBig (or timed out,
 *  with shrink_on_timeout) is retried with half the repetitions (down to
 *  1), and the manager remembers that size as the most its later walks ask
 *  of this target.
 *  @return 0, and |done| will run exactly once; SNMPX_EINVAL,
 *  SNMPX_EOID_TOOLONG, SNMPX_ENOMEM, or the errors of snmpx_engine_submit,
 *  and then no callback runs. */
SNMPX_EXTERN int snmpx_manager_walk(snmpx_manager *m, snmpx_oidv root,
                                    const snmpx_walk_opts *opts,
                                    snmpx_walk_varbind_cb on_varbind,
                                    snmpx_walk_done_cb done, void *user_data);

#endif
