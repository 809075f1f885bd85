/* snmpx: the agent (RFC 3413 3.2 command responder).
 *
 * Three parts:
 *
 *  - The MIB tree (snmpx_mib): registrations of non-overlapping subtrees,
 *    each served by a handler (snmpx_mib_ops): a fixed value
 *    (snmpx_mib_add_value), a table whose rows are listed by index
 *    (snmpx_mib_add_table), or any subtree with its own get/next and
 *    SET test/commit/undo/cleanup.  The tree answers GET and GETNEXT across
 *    handler boundaries in OID order.
 *
 *  - The agent (snmpx_agent): contexts (one snmpx_mib each), a VACM, and
 *    the request processing of RFC 3416 4.2 (GET, GETNEXT, GETBULK, SET
 *    with "as if simultaneous" semantics) and RFC 3584 4 (SNMPv1: no
 *    Counter64, error-status mapping).  snmpx_agent_process turns one
 *    incoming request into its Response (or Report) PDU without any I/O,
 *    so it can be tested and fuzzed on its own.
 *
 *  - The engine adapter (snmpx_agent_attach): registers the agent as the
 *    engine's command responder and answers through snmpx_engine_respond,
 *    falling back to tooBig (or a shorter GETBULK answer) when the reply
 *    does not fit.
 *
 * Handlers run inside snmpx_agent_process and must not block.  A handler
 * whose answer takes time (another program, a coroutine) defers it with
 * snmpx_mib_req_defer and gives it later with snmpx_agent_complete; the
 * agent answers the request once every varbind is in, or answers for a
 * handler that misses its deadline (snmpx_agent_tick), while other
 * requests are served meanwhile. */
#ifndef SNMPX_AGENT_H
#define SNMPX_AGENT_H

#include "common.h"
#include "engine.h"
#include "mem.h"
#include "pdu.h"
#include "vacm.h"

typedef struct snmpx_mib snmpx_mib;
typedef struct snmpx_agent snmpx_agent;

/** The request a handler is called for: who asks, and scratch storage
 *  that lives until the response has been sent. */
typedef struct snmpx_mib_req snmpx_mib_req;

/** The incoming message a handler serves (security model, name, level,
 *  context, sender).  Borrowed for the call. */
SNMPX_EXTERN const snmpx_incoming *
snmpx_mib_req_incoming(const snmpx_mib_req *req);

/** |n| bytes (aligned for uint32_t and uint64_t) that stay valid until the
 *  response is sent: where a handler puts the string or OID a value it
 *  returns points to, when the value is not stored anywhere else.
 *  @return the memory, or NULL when the request's scratch is exhausted
 *  (return SNMPX_ERRSTAT_GEN_ERR or TOO_BIG then). */
SNMPX_EXTERN void *snmpx_mib_req_alloc(snmpx_mib_req *req, size_t n);

/** Answer later: called from inside a handler's get, next, test or commit
 *  (never undo or cleanup), it tells the agent that this varbind's answer
 *  will come through snmpx_agent_complete with the returned id.  The
 *  handler then returns SNMPX_ERRSTAT_NO_ERROR (its other outputs are
 *  ignored) and must not block.  The request keeps being worked on: the
 *  other varbinds are asked at once, and the agent answers when all are
 *  in.  |req| stays valid until the request is answered, so the handler
 *  may keep it for snmpx_mib_req_alloc and snmpx_mib_req_incoming.
 *
 *  After |timeout_ms| (0: 5000) the agent answers for the handler, as
 *  Net-SNMP's snmpd answers for a pass_persist program that fails:
 *  a GET gets noSuchInstance (SNMPv1: noSuchName), a GETNEXT or GETBULK
 *  walk goes on after this registration's subtree, a SET gets genErr at
 *  that varbind (earlier commits are undone).
 *  @return the id (> 0); 0 when the agent cannot wait (no way to answer
 *  later: neither attached to an engine nor given snmpx_agent_set_async;
 *  called outside a handler, from undo or cleanup): answer now. */
SNMPX_EXTERN uint64_t snmpx_mib_req_defer(snmpx_mib_req *req,
                                          uint32_t timeout_ms);

/** A handler: every function receives the registration's |ctx|.  Names are
 *  full OIDs under the registration's prefix; values returned may point to
 *  memory that stays valid until the response is sent (the handler's own
 *  storage or snmpx_mib_req_alloc).
 *
 *  get:     the value of instance |name|; set out->type to
 *           SNMPX_TYPE_NOSUCHINSTANCE (or NOSUCHOBJECT) when there is none.
 *           Return SNMPX_ERRSTAT_NO_ERROR, or an error-status (genErr...).
 *  next:    the first instance after |after| (which may lie before, inside
 *           or at the prefix) in this subtree: its name in *|name| and its
 *           value in *|out|; out->type SNMPX_TYPE_ENDOFMIBVIEW when the
 *           subtree has nothing after |after|.
 *  test:    RFC 3416 4.2.5 steps 1-8 for one varbind: may the value be
 *           set?  NULL means no object here is writable (notWritable).
 *           *|state| starts NULL and is the handler's until cleanup.
 *  commit:  make the change, keeping what undo needs in *|state|.  When
 *           one fails, the commits before it are undone and the SET
 *           answers commitFailed at its index; but when the first
 *           commit of the SET fails with a check's error-status
 *           (wrongType, wrongValue, notWritable, resourceUnavailable...),
 *           nothing has changed yet and that status is the answer, as
 *           if its test had failed.
 *  undo:    revert a committed change (another varbind failed to commit);
 *           return SNMPX_ERRSTAT_UNDO_FAILED when it cannot.
 *  cleanup: always called once for every varbind that was tested, after
 *           the SET ends; |committed| tells whether the change stands.
 *           Frees whatever *|state| holds. */
typedef struct snmpx_mib_ops {
  snmpx_errstat (*get)(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                       snmpx_value *out);
  snmpx_errstat (*next)(void *ctx, snmpx_mib_req *req, snmpx_oidv after,
                        snmpx_oid *name, snmpx_value *out);
  snmpx_errstat (*test)(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                        const snmpx_value *v, void **state);
  snmpx_errstat (*commit)(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                          const snmpx_value *v, void **state);
  snmpx_errstat (*undo)(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                        void **state);
  void (*cleanup)(void *ctx, snmpx_mib_req *req, snmpx_oidv name, void **state,
                  bool committed);
} snmpx_mib_ops;

/** Create an empty MIB tree.  @return NULL on out of memory. */
SNMPX_EXTERN snmpx_mib *snmpx_mib_new(const snmpx_mem *mem);

/** Free the tree and every value it holds (handler contexts are the
 *  caller's).  NULL is a no-op. */
SNMPX_EXTERN void snmpx_mib_free(snmpx_mib *m);

/** Serve the subtree |prefix| (every OID that starts with it) with |ops|
 *  and |ctx| (both borrowed: they must outlive the tree).
 *  @return 0; SNMPX_EINVAL (NULL, empty prefix, no get or next);
 *  SNMPX_EMIB_OVERLAP (|prefix| is inside or above a registered one);
 *  SNMPX_EOID_TOOLONG; SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_mib_register(snmpx_mib *m, snmpx_oidv prefix,
                                    const snmpx_mib_ops *ops, void *ctx);

/** Remove the registration of exactly |prefix|.  A SET still waiting for
 *  a deferred handler (snmpx_mib_req_defer) calls it no more for the
 *  varbinds it tested there: their commit fails (commitFailed), their
 *  undo fails (undoFailed) and their cleanup is not called, so a handler
 *  state of that SET is the caller's to free.  @return 0;
 *  SNMPX_ENOTFOUND. */
SNMPX_EXTERN int snmpx_mib_unregister(snmpx_mib *m, snmpx_oidv prefix);

/** Value flags for snmpx_mib_add_value. */
#define SNMPX_MIB_READONLY 0x0
#define SNMPX_MIB_WRITABLE 0x1 /* SET may change it (same type only) */
/* A DisplayString (RFC 2579: OCTET STRING (SIZE (0..255))): a SET of a
 * longer value answers wrongLength (SNMPv1: badValue), as snmpd does. */
#define SNMPX_MIB_DISPLAYSTRING 0x2

/** Serve one instance |name| with a value the tree keeps (copied: strings
 *  and OIDs too).  A writable value accepts SETs of the same type
 *  (wrongType otherwise).  A second add of the same name replaces the
 *  value.  @return 0; SNMPX_EINVAL (NULL, empty name, an exception
 *  value type); SNMPX_EMIB_OVERLAP; SNMPX_EOID_TOOLONG;
 *  SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_mib_add_value(snmpx_mib *m, snmpx_oidv name,
                                     const snmpx_value *v, unsigned flags);

/** Look up a kept value (from snmpx_mib_add_value).  @return 0 with *out
 *  a view valid until the value changes; SNMPX_ENOTFOUND. */
SNMPX_EXTERN int snmpx_mib_get_value(const snmpx_mib *m, snmpx_oidv name,
                                     snmpx_value *out);

/** Number of registrations (values and handlers). */
SNMPX_EXTERN size_t snmpx_mib_count(const snmpx_mib *m);

/* ---- Tables ----------------------------------------------------------
 * A conceptual table (RFC 2578 7.7): rows listed by their INDEX values,
 * columns read through a callback.  The tree keeps the index of each row
 * (encoded as OID arcs, sorted), never the values. */

/** Column access for snmpx_table_def.columns. */
#define SNMPX_COLUMN_NONE 0  /* not-accessible (an index column) */
#define SNMPX_COLUMN_READ 1  /* read-only */
#define SNMPX_COLUMN_WRITE 2 /* read-write (the set callbacks are used) */

typedef struct snmpx_table snmpx_table;

/** A table callback's view of one row. */
typedef struct snmpx_table_row {
  void *row;                /* what snmpx_table_add_row was given */
  const snmpx_value *index; /* the decoded INDEX values */
  size_t n_index;
} snmpx_table_row;

typedef struct snmpx_table_def {
  snmpx_oidv entry;              /* the xxxEntry OID (copied) */
  const snmpx_index_spec *index; /* INDEX clause, IMPLIED last (copied) */
  size_t n_index;
  const uint8_t *columns; /* access of column 1..n_columns */
  size_t n_columns;       /* (copied) */
  /* A column's value; return SNMPX_ERRSTAT_NO_ERROR with out->type set,
   * or NOSUCHINSTANCE when this row has no value there. */
  snmpx_errstat (*get)(void *ctx, snmpx_mib_req *req,
                       const snmpx_table_row *row, uint32_t column,
                       snmpx_value *out);
  /* Optional SET of a writable column of an existing row (no row
   * creation): the same contract as snmpx_mib_ops. */
  snmpx_errstat (*test)(void *ctx, snmpx_mib_req *req,
                        const snmpx_table_row *row, uint32_t column,
                        const snmpx_value *v, void **state);
  snmpx_errstat (*commit)(void *ctx, snmpx_mib_req *req,
                          const snmpx_table_row *row, uint32_t column,
                          const snmpx_value *v, void **state);
  snmpx_errstat (*undo)(void *ctx, snmpx_mib_req *req,
                        const snmpx_table_row *row, uint32_t column,
                        void **state);
  void (*cleanup)(void *ctx, snmpx_mib_req *req, uint32_t column, void **state,
                  bool committed);
  void *ctx;
  /* Optional: called before the table's rows are looked at for a GET,
   * GETNEXT or SET varbind, so a table read from a source that changes
   * (the host's interfaces, connections...) can bring its rows up to
   * date (snmpx_table_clear, snmpx_table_add_row) when its cache has
   * expired.  A refresh may come in the middle of a request: values
   * returned for earlier varbinds must stay valid until the response is
   * sent, so keep the previous snapshot until the next refresh (or copy
   * values with snmpx_mib_req_alloc). */
  void (*refresh)(void *ctx, snmpx_table *t, snmpx_mib_req *req);
} snmpx_table_def;

/** Register a table at def->entry.  |def| is copied.
 *  @return the table (owned by |m|); NULL on SNMPX_EINVAL (no get, no
 *  columns, empty entry), overlap or out of memory. */
SNMPX_EXTERN snmpx_table *snmpx_mib_add_table(snmpx_mib *m,
                                              const snmpx_table_def *def);

/** Add (or replace) the row with INDEX values |index|[0..def->n_index),
 *  which are encoded (RFC 2578 7.7) and need not outlive the call; |row|
 *  is the caller's.  @return 0; SNMPX_EINVAL (values that do not fit the
 *  INDEX specs); SNMPX_EOID_TOOLONG; SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_table_add_row(snmpx_table *t, const snmpx_value *index,
                                     void *row);

/** Remove the row with these INDEX values.  @return 0; SNMPX_ENOTFOUND;
 *  SNMPX_EINVAL. */
SNMPX_EXTERN int snmpx_table_remove_row(snmpx_table *t,
                                        const snmpx_value *index);

/** Remove every row (their row pointers are the caller's and are not
 *  touched).  The row array is kept for the next snmpx_table_add_row,
 *  so a table refreshed from a cache does not grow it again.  NULL is a
 *  no-op. */
SNMPX_EXTERN void snmpx_table_clear(snmpx_table *t);

/** Number of rows.  @return 0 for NULL. */
SNMPX_EXTERN size_t snmpx_table_rows(const snmpx_table *t);

/* ---- The agent ------------------------------------------------------ */

typedef struct snmpx_agent_config {
  const snmpx_mem *mem; /* NULL: libc */
  snmpx_vacm *vacm;     /* borrowed; NULL: every request is refused */
  snmpx_clock_cb clock; /* ms for sysUpTime; NULL: the attached engine's
                           clock, or CLOCK_MONOTONIC */
  void *clock_ud;
  /* GETBULK limits, as snmpd's maxGetbulkResponses and maxGetbulkRepeats
   * (snmpd.conf(5)): the max-repetitions a request asks for is lowered
   * to max_bulk_repeats, then to max_bulk_varbinds / R (R: the repeating
   * varbinds; non-repeaters are not counted), never an error.
   * max_bulk_varbinds 0: 100 (snmpd's default); SNMPX_AGENT_UNLIMITED: no
   * limit.  max_bulk_repeats 0: no limit but max_bulk_varbinds's (snmpd's
   * default).  The answer is also cut to the manager's message size. */
  uint32_t max_bulk_varbinds;
  uint32_t max_bulk_repeats;
  /* Called for each v1/v2c request refused for its community (counted in
   * snmpInBadCommunityNames), with the request (borrowed for the call)
   * and the reason snmpx_agent_process returns: for the operator's log
   * (snmpd logs authentication failures).  NULL: none.  It must not call
   * back into the agent. */
  void (*on_auth_failure)(void *ud, const snmpx_incoming *in, int reason);
  void *auth_failure_ud;
} snmpx_agent_config;

/** A GETBULK limit of snmpx_agent_config meaning "none" (snmpd's -1):
 *  unsafe when the managers are not trusted. */
#define SNMPX_AGENT_UNLIMITED UINT32_MAX

/** snmpx_agent_config's default max_bulk_varbinds (snmpd's). */
#define SNMPX_AGENT_DEFAULT_BULK_VARBINDS 100

/** Counters the agent keeps (RFC 3418 snmp group, RFC 3413 contexts). */
typedef struct snmpx_agent_stats {
  uint64_t in_requests;            /* requests processed */
  uint64_t in_bad_community_names; /* snmpInBadCommunityNames */
  uint64_t in_bad_community_uses;  /* snmpInBadCommunityUses */
  uint64_t unknown_contexts;       /* snmpUnknownContexts */
  uint64_t unavailable_contexts;   /* snmpUnavailableContexts */
  uint64_t silent_drops;           /* snmpSilentDrops */
  uint64_t in_get_requests;
  uint64_t in_get_nexts;
  uint64_t in_get_bulks;
  uint64_t in_set_requests;
  uint64_t in_total_req_vars; /* varbinds retrieved */
  uint64_t in_total_set_vars; /* varbinds changed */
  uint64_t out_get_responses;
  uint64_t out_too_bigs;
  uint64_t out_no_such_names;
  uint64_t out_bad_values;
  uint64_t out_gen_errs;
  uint64_t out_reports;
} snmpx_agent_stats;

/** Create an agent with the default context "" (an empty tree).
 *  @return NULL on out of memory. */
SNMPX_EXTERN snmpx_agent *snmpx_agent_new(const snmpx_agent_config *cfg);

/** Detach from the engine (if attached) and free the agent and its
 *  trees.  NULL is a no-op. */
SNMPX_EXTERN void snmpx_agent_free(snmpx_agent *a);

/** The tree of context |name| (NULL/0: the default context ""), made if
 *  |create| and missing.  The context is also added to the VACM.
 *  @return the tree (owned by the agent); NULL when missing (and not
 *  created), on out of memory, or for a name over 32 octets. */
SNMPX_EXTERN snmpx_mib *snmpx_agent_context(snmpx_agent *a, const uint8_t *name,
                                            size_t len, bool create);

/** Change the GETBULK limits after creation, with the meaning of
 *  snmpx_agent_config's max_bulk_varbinds and max_bulk_repeats (0: the
 *  default).  Applies to requests that arrive from now on.
 *  @return 0; SNMPX_EINVAL (NULL agent). */
SNMPX_EXTERN int snmpx_agent_set_bulk_limits(snmpx_agent *a,
                                             uint32_t max_varbinds,
                                             uint32_t max_repeats);

/** Replace the VACM (borrowed).  Contexts of the agent are added to it. */
SNMPX_EXTERN int snmpx_agent_set_vacm(snmpx_agent *a, snmpx_vacm *v);

/** Process one request: community mapping (RFC 3584 5.2.1) for v1/v2c,
 *  context lookup, VACM, then RFC 3416 4.2.1-4.2.5 (with RFC 3584 4 for
 *  v1).  On 0, *|resp| is the Response PDU (or a Report of
 *  snmpUnknownContexts for SNMPv3), its varbinds valid until the next call
 *  on |a|.  |in| is borrowed: in->msg.pdu and the security fields are
 *  read; in->max_size caps a GETBULK answer.  When a handler defers
 *  (snmpx_mib_req_defer), |in| is held through snmpx_agent_async and the
 *  answer goes to its answer callback instead of *|resp|.
 *  @return 0; SNMPX_AGENT_PENDING (answered later);
 *  SNMPX_EAGENT_DUPLICATE (a retransmission of a request still waiting:
 *  drop it); SNMPX_EAGENT_BAD_COMMUNITY (counted, drop it);
 *  SNMPX_EAGENT_UNKNOWN_CONTEXT (a v1/v2c community maps to a missing
 *  context: counted, drop it); SNMPX_EAGENT_PDU_TYPE; SNMPX_EINVAL;
 *  SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_agent_process(snmpx_agent *a, const snmpx_incoming *in,
                                     snmpx_pdu *resp);

/** snmpx_agent_process's return when the answer comes later (a handler
 *  deferred, snmpx_mib_req_defer): it is given to the snmpx_agent_async
 *  answer callback, possibly before snmpx_agent_process returns. */
#define SNMPX_AGENT_PENDING 1

/** How the agent keeps a request past snmpx_agent_process and answers it
 *  later.  snmpx_agent_attach installs the engine's (snmpx_engine_hold,
 *  snmpx_engine_respond, snmpx_engine_release); without an engine, give
 *  your own.  Callbacks run from inside agent calls (snmpx_agent_process,
 *  snmpx_agent_complete, snmpx_agent_tick, snmpx_agent_free) and must not
 *  call snmpx_agent_process. */
typedef struct snmpx_agent_async {
  /* Keep |in| (borrowed for the call) valid until release: return the
   * copy to use from now on, or NULL when that fails (the handler's
   * answer is then the deadline's). */
  const snmpx_incoming *(*hold)(void *ud, const snmpx_incoming *in);
  /* The Response (or Report) to |held|; |resp| is valid for the call. */
  void (*answer)(void *ud, const snmpx_incoming *held, const snmpx_pdu *resp);
  /* |held| is no longer used: after answer, or unanswered when the agent
   * is freed. */
  void (*release)(void *ud, const snmpx_incoming *held);
  void *ud;
} snmpx_agent_async;

/** Install (copied) or remove (NULL) the callbacks that let handlers
 *  answer later.  Requests waiting already keep the callbacks they were
 *  held with.  @return 0; SNMPX_EINVAL (NULL agent, a callback missing). */
SNMPX_EXTERN int snmpx_agent_set_async(snmpx_agent *a,
                                       const snmpx_agent_async *ops);

/** Give the answer a handler deferred (snmpx_mib_req_defer returned |id|):
 *  |st| an error-status (SNMPX_ERRSTAT_NO_ERROR on success), and for
 *  get: the value |v| (an exception allowed; NULL: noSuchInstance);
 *  next: the instance |name| and value |v| (|v| NULL or of type
 *  SNMPX_TYPE_ENDOFMIBVIEW: nothing after in this subtree);
 *  test and commit: |st| only.
 *  |name| and |v| are copied.  Call it after the handler returned.  The
 *  request is answered (through snmpx_agent_async.answer) when its last
 *  varbind is in: at once, or, when called from inside a call on the
 *  same agent (a handler, an answer callback), when that call ends.
 *  @return 0; SNMPX_ENOTFOUND (unknown id, or too late: the deadline
 *  passed or the request was answered already); SNMPX_EINVAL. */
SNMPX_EXTERN int snmpx_agent_complete(snmpx_agent *a, uint64_t id,
                                      snmpx_errstat st, snmpx_oidv name,
                                      const snmpx_value *v);

/** Answer for every deferred handler whose deadline has passed on the
 *  agent's clock (see snmpx_mib_req_defer).  @return how many expired. */
SNMPX_EXTERN int snmpx_agent_tick(snmpx_agent *a);

/** The agent-clock time (ms) of the earliest handler deadline, -1 when no
 *  handler is awaited: when to call snmpx_agent_tick. */
SNMPX_EXTERN int64_t snmpx_agent_next_deadline(const snmpx_agent *a);

/** Number of requests waiting for deferred handlers. */
SNMPX_EXTERN size_t snmpx_agent_waiting(const snmpx_agent *a);

/** The answer when the response to |in| did not fit (RFC 3416 4.2.1,
 *  RFC 1157 4.1.2): error-status tooBig, error-index 0, no varbinds
 *  (SNMPv1: the request's varbinds).  Counts snmpOutTooBigs.
 *  @return 0; SNMPX_EINVAL. */
SNMPX_EXTERN int snmpx_agent_toobig(snmpx_agent *a, const snmpx_incoming *in,
                                    snmpx_pdu *resp);

/** Make |a| the command responder of |e| (snmpx_engine_set_responder);
 *  the agent's sysUpTime then follows the engine's clock and the standard
 *  objects read the engine's counters.  |e| is borrowed: detach (NULL)
 *  or free the agent before freeing it; detaching leaves the engine's
 *  responder alone when another agent has taken the engine since.
 *  @return 0; SNMPX_EINVAL. */
SNMPX_EXTERN int snmpx_agent_attach(snmpx_agent *a, snmpx_engine *e);

/** Make sysUpTime count from |start_ms| on the agent's clock (a new
 *  agent counts from its creation, an attached one from its attachment):
 *  an agent that replaces another on a reload goes on with its uptime
 *  (snmpx_agent_start of the one it replaces).  Call after attaching.
 *  @return 0; SNMPX_EINVAL. */
SNMPX_EXTERN int snmpx_agent_set_start(snmpx_agent *a, uint64_t start_ms);

/** The agent-clock time sysUpTime counts from. */
SNMPX_EXTERN uint64_t snmpx_agent_start(const snmpx_agent *a);

/** A snapshot of the agent's counters. */
SNMPX_EXTERN void snmpx_agent_get_stats(const snmpx_agent *a,
                                        snmpx_agent_stats *out);

/** Hundredths of a second since the agent was made (sysUpTime). */
SNMPX_EXTERN uint32_t snmpx_agent_uptime(const snmpx_agent *a);

/* ---- Standard objects ------------------------------------------------ */

/** SNMPv2-MIB system group values (RFC 3418).  Strings are copied; NULL
 *  (or an object_id of length 0) gives the default: "" for contact, name
 *  and location, "snmpx agent" for sysDescr, zeroDotZero (0.0: snmpx has
 *  no enterprise number) for sysObjectID, 72 for sysServices. */
typedef struct snmpx_agent_system {
  const char *descr;
  snmpx_oidv object_id;
  const char *contact;
  const char *name;
  const char *location;
  int32_t services; /* 0: 72 */
  bool writable;    /* sysContact, sysName, sysLocation read-write */
} snmpx_agent_system;

/** Register in the default context: the system group (sysDescr ..
 *  sysServices, sysORLastChange, sysORTable), the snmp group counters
 *  (RFC 3418), snmpSetSerialNo (RFC 3418 2: writable as VACM allows, a
 *  TestAndIncr of RFC 2579 starting at a pseudo-random value), snmpEngine
 *  (RFC 3411), snmpMPDStats (RFC 3412), usmStats (RFC 3414) and
 *  snmpUnavailableContexts/snmpUnknownContexts (RFC 3413).
 *  The engine counters read 0 until an engine is attached.  Objects that
 *  overlap a registration already in the tree (recorded data) are
 *  skipped, so recorded values win.
 *  @return 0; SNMPX_EINVAL; SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_agent_add_standard(snmpx_agent *a,
                                          const snmpx_agent_system *sys);

/** Add a row to sysORTable (RFC 3418): a capability |id| and its
 *  description (copied).  @return the sysORIndex (>= 1); SNMPX_EINVAL;
 *  SNMPX_ENOTFOUND (no standard objects); SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_agent_add_sysor(snmpx_agent *a, snmpx_oidv id,
                                       const char *descr);

/* ---- Simulation data (.snmprec) -------------------------------------
 * snmpsim's format: one "OID|TAG|VALUE" per line, TAG the BER tag number
 * in decimal (2 INTEGER, 4 OCTET STRING, 5 NULL, 6 OID, 64 IpAddress,
 * 65 Counter32, 66 Gauge32, 67 TimeTicks, 68 Opaque, 70 Counter64); a tag
 * ending in 'x' means the value is hex ("4x|0a0b").  IpAddress values are
 * dotted quads, OIDs dotted numbers.  Lines of snmpsim's exception tags
 * (128, 129, 130) load nothing: the name has no value. */

/** Parse one .snmprec line into |name| and |v| (strings and OIDs point
 *  into |buf|/|arcs| of |cap| bytes/arcs).  Blank lines and '#' comments
 *  give SNMPX_ENOTFOUND.
 *  @return 0; SNMPX_ENOTFOUND; SNMPX_ESNMPREC_SYNTAX;
 *  SNMPX_ESNMPREC_TYPE; SNMPX_ESNMPREC_VALUE; SNMPX_ENOSPACE. */
SNMPX_EXTERN int snmpx_snmprec_parse_line(const char *line, size_t len,
                                          snmpx_oid *name, snmpx_value *v,
                                          uint8_t *buf, size_t cap,
                                          uint32_t *arcs, size_t arcs_cap);

/** Load a .snmprec file into |m| as read-only values (read-write with
 *  |flags| SNMPX_MIB_WRITABLE).  On error *|line_no| (if not NULL) is the
 *  1-based line at fault.  @return the number of values loaded; the parse
 *  errors above; SNMPX_EMIB_OVERLAP; SNMPX_ENOTFOUND (cannot open |path|);
 *  SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_snmprec_load(snmpx_mib *m, const char *path,
                                    unsigned flags, size_t *line_no);

/** snmpx_snmprec_load from the .snmprec text |text|[0..len) (borrowed; not
 *  NUL-terminated, NUL bytes allowed and refused where a value cannot
 *  hold them).  @return as snmpx_snmprec_load, without SNMPX_ENOTFOUND;
 *  SNMPX_EINVAL (NULL |m|, or NULL |text| with |len| > 0). */
SNMPX_EXTERN int snmpx_snmprec_load_buffer(snmpx_mib *m, const char *text,
                                           size_t len, unsigned flags,
                                           size_t *line_no);

#endif
