/* Internal to src/agent: the request scratch arena and the tree lookups
 * the request processing uses. */
#ifndef SNMPX_AGENT_PRIV_H
#define SNMPX_AGENT_PRIV_H

#include "internal.h"

/* Scratch memory for one request: chunks kept from request to request
 * and rewound, so a steady load allocates nothing. */
typedef struct arena_chunk {
  struct arena_chunk *next;
  size_t cap;
  size_t used;
  /* data follows, aligned for uint64_t */
} arena_chunk;

typedef struct arena {
  const snmpx_mem *mem;
  arena_chunk *first;
  arena_chunk *cur;
  size_t total; /* bytes in all chunks */
  size_t limit; /* most bytes all chunks may hold */
} arena;

void snmpx__arena_init(arena *ar, const snmpx_mem *mem, size_t limit);
void snmpx__arena_clear(arena *ar);
void snmpx__arena_rewind(arena *ar);
void *snmpx__arena_alloc(arena *ar, size_t n);
/* Copy |in|'s arcs into |ar| and point *|out| at them.  @return false
 * when the arena is full. */
bool snmpx__arena_copy_oid(arena *ar, snmpx_oidv in, snmpx_oidv *out);

/* Most bytes one request's scratch may hold. */
#define SNMPX__REQ_SCRATCH_LIMIT (4u << 20)

struct snmpx_mib_req {
  const snmpx_incoming *in;
  arena scratch;
  snmpx_agent *agent;
  /* Set by snmpx_mib_req_defer during one handler call, taken (and reset
   * to 0) by the agent when the handler returns. */
  uint64_t deferred;
  uint32_t defer_timeout;
  bool may_defer; /* a handler's get/next/test/commit is running */
};

/* A request's handler view and scratch, on the heap: a request that
 * waits keeps its own (the handlers may hold the pointer, and what they
 * put in its scratch, until it is answered), and the agent takes a fresh
 * one.  @return NULL on out of memory. */
snmpx_mib_req *snmpx__mib_req_new(snmpx_agent *a);
/* Free |req| and its scratch.  NULL is a no-op. */
void snmpx__mib_req_free(snmpx_mib_req *req);

/* What a handler returns internally when it deferred its answer (never
 * in a PDU). */
#define SNMPX__ERRSTAT_DEFERRED ((snmpx_errstat)0x100)

/* A registration found for a name. */
typedef struct mib_hit {
  snmpx_oidv prefix;
  const snmpx_mib_ops *ops;
  void *ctx;
  uint64_t serial; /* of the registration, unique in its tree */
} mib_hit;

/* The registration whose subtree holds |name|.  @return true if any. */
bool snmpx__mib_find(const snmpx_mib *m, snmpx_oidv name, mib_hit *hit);

/* True when the registration |hit| found for |name| still holds it: it
 * was not unregistered since (and its ops and ctx may still be used). */
bool snmpx__mib_is_current(const snmpx_mib *m, snmpx_oidv name,
                           const mib_hit *hit);

/* GET of one instance: a value, an exception, or an error-status. */
snmpx_errstat snmpx__mib_get(const snmpx_mib *m, snmpx_mib_req *req,
                             snmpx_oidv name, snmpx_value *out);

/* Start snmpx__mib_next at the registration holding |after| (or the
 * first one after it). */
#define SNMPX__MIB_HOLDING SIZE_MAX

/* The first instance after |after| in the registrations from index |from|
 * on (SNMPX__MIB_HOLDING: from the one holding |after|): *name and *out
 * (and in *|at| the index of the registration that has it), or out->type
 * ENDOFMIBVIEW.  An error-status from a handler is returned;
 * SNMPX__ERRSTAT_DEFERRED when one deferred, with *|reg| its prefix
 * (the tree's storage). */
snmpx_errstat snmpx__mib_next(const snmpx_mib *m, snmpx_mib_req *req,
                              snmpx_oidv after, size_t from, snmpx_oid *name,
                              snmpx_value *out, snmpx_oidv *reg, size_t *at);

/* True when registration |i| exists and holds |name|: a walk that goes on
 * from a name registration |i| gave may start there, with no search. */
bool snmpx__mib_holds(const snmpx_mib *m, size_t i, snmpx_oidv name);

/* Index of the first registration past the whole subtree |prefix|: where
 * a walk goes on when a handler of |prefix| has nothing more. */
size_t snmpx__mib_index_after(const snmpx_mib *m, snmpx_oidv prefix);

/* The tree's allocator; tables it owns (freed with it). */
const snmpx_mem *snmpx__mib_mem(const snmpx_mib *m);
void snmpx__mib_own_table(snmpx_mib *m, snmpx_table *t);
void snmpx__table_link(snmpx_table *t, snmpx_table **list);
void snmpx__table_free_all(snmpx_table *t);

/* Copy |v|'s bytes or arcs into one block from |mem|; the copy's views
 * point into *|store| (freed by the caller with snmpx__free).
 * @return 0; SNMPX_EINVAL; SNMPX_ENOMEM. */
int snmpx__value_copy(const snmpx_mem *mem, const snmpx_value *v,
                      snmpx_value *out, void **store);

/* ---- The agent ----------------------------------------------------- */

typedef struct agent_context {
  uint8_t name[32];
  size_t len;
  snmpx_mib *mib;
} agent_context;

/* Per-varbind SET bookkeeping (RFC 3416 4.2.5). */
typedef struct set_slot {
  mib_hit hit;
  void *state;
  bool tested;
  bool committed;
} set_slot;

typedef struct agent_std agent_std; /* the standard objects (agent_std.c) */

/* Slot states of an answer being worked out. */
enum { SLOT_TODO = 0, SLOT_WAIT = 1, SLOT_DONE = 2 };

/* SET phases (RFC 3416 4.2.5): every test, then every commit. */
enum { SET_TEST = 0, SET_COMMIT = 1 };

typedef struct agent_job agent_job;

/* The request being processed (agent_process.c).  On the stack while
 * every handler answers at once; copied into an agent_job when one
 * defers. */
typedef struct job {
  snmpx_agent *a;
  agent_job *aj;       /* NULL until a handler defers */
  snmpx_mib_req *req;  /* a->req; once the job waits, its own (the same
                          one, which the agent gave up) */
  const snmpx_incoming *in;
  const snmpx_pdu *pdu;
  const snmpx_mib *mib;
  const snmpx_vacm_view *view; /* looked up again when a waiting job
                                  resumes */
  bool v1;
  bool finished;       /* *resp holds the answer */
  snmpx_pdu *resp;
  snmpx_varbind *vbs;  /* answer slots */
  uint8_t *st;         /* SLOT_* of each */
  uint32_t *reg_of;    /* walks: the registration each slot's name came
                          from (a hint for the next repetition, checked
                          before use); a waiting GETBULK's own copy */
  size_t n;            /* slots planned (GETBULK: cut as it goes) */
  size_t lo;           /* GETBULK: slots before lo are done and counted */
  size_t nonrep, rep;  /* GETBULK */
  size_t used, room;   /* GETBULK: estimated message size, its limit */
  set_slot *slots;     /* SET */
  size_t set_i;
  uint8_t set_phase;
} job;

/* A slot waiting for a deferred handler, and its answer once given. */
typedef struct slot_wait {
  snmpx_oidv start;     /* walks: the slot's request name */
  snmpx_oidv after;     /* walks: where the walk stands */
  snmpx_oidv reg;       /* walks: the registration that deferred */
  bool has_result;
  bool timed_out;
  snmpx_errstat result;
  snmpx_oidv rname;
  snmpx_value rval;
} slot_wait;

/* A request some handler answers later. */
struct agent_job {
  agent_job *prev, *next;
  job j;
  snmpx_pdu resp;
  snmpx_mib_req *req;   /* taken from the agent when the request began to
                           wait: the handlers' state (a table SET's row,
                           say) and what the answer points to */
  snmpx_agent_async ops; /* how it was held */
  slot_wait *w;         /* per slot */
  size_t waiting;       /* deferrals not yet answered */
  bool ready;           /* answers to apply */
};

/* An outstanding deferral. */
typedef struct agent_defer {
  uint64_t id;
  uint64_t deadline;
  agent_job *job;
  size_t slot;
} agent_defer;

struct snmpx_agent {
  const snmpx_mem *mem;
  snmpx_vacm *vacm;
  snmpx_clock_cb clock;
  void *clock_ud;
  bool clock_given; /* the config's clock: kept when attached */
  void (*on_auth_failure)(void *ud, const snmpx_incoming *in, int reason);
  void *auth_failure_ud;
  uint64_t start_ms;
  uint32_t max_bulk;         /* GETBULK: most repeated varbinds */
  uint32_t max_bulk_repeats; /* GETBULK: most repetitions (0: any) */
  snmpx_engine *engine;
  agent_context *contexts;
  size_t n_contexts;
  snmpx_agent_stats stats;
  snmpx_mib_req *req; /* the request at hand's (snmpx__mib_req_new) */
  snmpx_varbind *vbs; /* the response's varbinds */
  size_t vbs_cap;
  set_slot *slots;
  size_t slots_cap;
  uint8_t *states; /* slot states of the request at hand */
  uint32_t *reg_of; /* and the registrations their names came from */
  agent_std *std;
  /* Deferred handlers (agent_async.c). */
  snmpx_agent_async async;
  uint64_t next_defer_id;
  agent_defer *defers;
  size_t n_defers, defers_cap;
  agent_job *jobs; /* waiting requests */
  size_t n_jobs;
  bool busy;      /* inside processing: completions wait for the end */
  bool has_ready; /* some job has answers it has not been resumed with */
};

/* ---- Deferred answers (agent_async.c) ------------------------------ */

/* Take the deferral a handler just made (req->deferred), for slot |k| of
 * |j|: the job goes async if it was not.  @return true when it waits;
 * false when it cannot (the slot then gets the deadline's answer through
 * *|timed_out|). */
bool snmpx__job_defer(job *j, size_t k, snmpx_oidv start, snmpx_oidv after,
                      snmpx_oidv reg);

/* Copy |vb|'s name and value into the waiting job's storage. */
bool snmpx__job_persist(job *j, snmpx_varbind *vb);

/* Forget every deferral of |aj| (answered, or cut from a GETBULK). */
void snmpx__job_forget_slot(agent_job *aj, size_t k);

/* The request's processing is over and it waits: its job is ready to be
 * looked at by snmpx__jobs_run_ready.  @return SNMPX_AGENT_PENDING. */
int snmpx__job_end_pass(job *j);

/* Resume, answer and free every job that has new answers, unless the
 * agent is busy (then the call that made it busy does it when it ends). */
void snmpx__jobs_run_ready(snmpx_agent *a);

/* Resume a waiting job with the answers given so far (agent_process.c).
 * Sets j->finished when the answer is complete. */
void snmpx__job_resume(job *j);

/* The answer is complete: SNMPv1 mapping and counters
 * (agent_process.c). */
void snmpx__job_close(job *j);

/* A SET given up unanswered: its tested varbinds are cleaned up. */
void snmpx__job_abandon(job *j);

/* Free every waiting job unanswered (snmpx_agent_free). */
void snmpx__jobs_free(snmpx_agent *a);

/* A retransmission of a waiting request?  */
bool snmpx__job_is_duplicate(const snmpx_agent *a, const snmpx_incoming *in);

/* Free the standard objects' state (agent_std.c). */
void snmpx__agent_std_free(snmpx_agent *a);

/* Upper bound of the BER size of one varbind, and of a PDU's fixed part
 * (agent_size.c). */
size_t snmpx__varbind_size(const snmpx_varbind *vb);
size_t snmpx__pdu_overhead(void);

/* What the engine adds around a PDU for |in|, guessed from its fields
 * (community, v3 header and security parameters). */
size_t snmpx__msg_overhead(const snmpx_incoming *in);

#endif
