/* snmpx._snmpx: the CPython extension over libsnmpx.
 *
 * Four types: Engine (an snmpx_engine and its snmpx_io), Manager (an
 * snmpx_manager), RequestHandle (a detached request) and Walk (a running
 * snmpx_manager_walk).  The Python classes that values, OIDs and responses
 * are made of live in snmpx/types.py; the package hands them to _setup()
 * once, and this extension builds them directly.
 *
 * Threads: every call holds the GIL except the wait for datagrams in a
 * blocking call, which releases it.  An engine in such a wait, or in the
 * callbacks it runs, is marked busy with the thread's id; another thread
 * that uses it meanwhile gets RuntimeError (the callbacks' own thread may),
 * and a Manager or RequestHandle another thread drops is freed or
 * cancelled once the busy thread comes out (pysnmpx_engine_settle).
 * libsnmpx callbacks take the GIL with PyGILState_Ensure, so they work
 * both from a blocking wait and from an asyncio loop (which holds the
 * GIL). */
#ifndef PYSNMPX_H
#define PYSNMPX_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <snmpx/snmpx.h>

typedef struct PyManager PyManager;
typedef struct PyWaiter PyWaiter;

/* A manager to free (|m|) or a detached request to cancel (|h|), dropped
 * while the engine was busy. */
typedef struct pysnmpx_deferred {
  snmpx_manager *m;
  int64_t h;
} pysnmpx_deferred;

/* An engine: blocking (built-in epoll loop) or driven by a foreign loop
 * (asyncio) once _set_loop has been called. */
typedef struct PyEngine {
  PyObject_HEAD snmpx_engine *e; /* NULL once closed */
  snmpx_io *io;
  PyManager *managers;       /* live managers, freed before the engine */
  unsigned long busy;        /* the thread inside the engine (waiting with
                                the GIL released, or in its callbacks), or
                                0; see pysnmpx_engine_busy_elsewhere */
  bool loop_mode;            /* asyncio: never run the built-in loop */
  PyObject *loop;            /* loop mode: the asyncio loop (create_future) */
  PyObject *on_socket;       /* loop mode: on_socket(fd, what) */
  PyObject *on_timer;        /* loop mode: on_timer(timeout_ms) */
  PyObject *on_notification; /* receiver: fn(incoming tuple) */
  PyObject *on_request;      /* responder: fn(incoming tuple) -> answer */
  int in_callback;           /* inside on_notification / on_request */
  /* What was dropped while busy, done by pysnmpx_engine_settle.  Each live
   * Manager and RequestHandle reserves a slot (n_reserved counts them and
   * the deferred), so that deferring in a dealloc never allocates. */
  pysnmpx_deferred *deferred;
  size_t n_deferred, n_reserved, deferred_cap;
  PyObject *dict; /* instance attributes of Python subclasses */
  PyObject *weakrefs;
  /* Loop mode: while the reader or timer dispatches (draining > 0),
   * waiters completed are queued here (strong references), and their
   * callbacks run once the engine is out (py_waiter.c). */
  int draining;
  PyWaiter *ready, *ready_tail;
  /* Loop mode: the engine's deadline and when the loop's one timer fires
   * (engine clock, ms; -1: none).  The loop is asked for a timer only
   * when none fires by the deadline (py_engine.c, loop_timer_cb). */
  int64_t timer_want, timer_armed;
} PyEngine;

struct PyManager {
  PyObject_HEAD PyEngine *engine; /* strong reference */
  snmpx_manager *m;               /* NULL once the engine closed */
  PyManager *prev, *next;
  bool autowait;
  snmpx_version version;
  PyObject *address; /* as given, for repr */
  PyObject *waiter_loop; /* loop mode: requests give Waiters of this loop
                            (Manager._waiters), or NULL: futures */
};

extern PyTypeObject PyEngine_Type;
extern PyTypeObject PyManager_Type;
extern PyTypeObject PyHandle_Type;
extern PyTypeObject PyWalk_Type;
extern PyTypeObject PyWaiter_Type;
extern PyTypeObject PyMibDb_Type;   /* py_mib.c */
extern PyMethodDef pysnmpx_mib_functions[]; /* py_mib.c: module functions */

/* py_mib_text.c: pysnmp's texts of a received varbind (name, value) by
 * |m| (queries only: the caller waits for loads), with |plans| {node:
 * plan} from snmpx/mib.py.  Returns (name|None, text), the node (int)
 * whose plan is missing, None for what mib.py renders itself, or NULL
 * with an exception set. */
PyObject *pysnmpx_mib_pysnmp_texts(const snmpx_mibdb *m, PyObject *oid,
                                   PyObject *value, PyObject *plans);

/* ---- py_module.c: the classes registered by _setup() ---------------- */

typedef struct pysnmpx_classes {
  PyTypeObject *oid;         /* tuple subclass */
  PyTypeObject *varbind;     /* tuple subclass (name, value) */
  PyTypeObject *varbindlist; /* tuple subclass of VarBind */
  PyObject *response;        /* ResponsePDU(requestID, errorStatus,
                                errorIndex, variableBindings) */
  PyObject *make_error;      /* make_error(code, response|None) -> exc */
  PyObject *async_walk;      /* async_walk(walk) -> async iterator */
  PyObject *improper;        /* ImproperResponse(response, why, index) */
  PyObject *resolve_name;    /* resolve_name(text) -> OID: names (snmpx.mib),
                                for OID text that is not numeric; or NULL */
  PyObject *typed_value;     /* typed_value(name text, value) -> value: the
                                value of a varbind named by a MIB name,
                                typed and checked by the MIB; or NULL */
  PyObject *by_tag[0x180];   /* value class per snmpx_type */
  /* The slot a value class's __init__ only stores its checked argument
   * in (types._slot_classes), filled directly for received values; NULL:
   * the class is called. */
  PyMemberDef *slot_by_tag[0x180];
  PyMemberDef *response_slots[4]; /* ResponsePDU's, in __init__'s order,
                                     or NULL: the class is called */
} pysnmpx_classes;

extern pysnmpx_classes pysnmpx_cls;

/* Set the Python exception for library code |code| (and the agent's
 * response |resp|, or NULL).  Always returns NULL. */
PyObject *pysnmpx_raise(int code, PyObject *resp);

/* A named counter of a stats snapshot. */
typedef struct pysnmpx_counter {
  const char *name;
  uint64_t value;
} pysnmpx_counter;

/* {name: value} of c[0..n) (engine.stats(), tlsStats()).  New reference,
 * or NULL with an exception set. */
PyObject *pysnmpx_counters_dict(const pysnmpx_counter *c, size_t n);

/* The exception instance for |code| (new reference), or NULL with an
 * exception set. */
PyObject *pysnmpx_make_error(int code, PyObject *resp);

/* ---- py_convert.c: between libsnmpx and Python ---------------------- */

/* An OID object for |v| (new reference). */
PyObject *pysnmpx_oid_new(snmpx_oidv v);

/* The value object for |v| (new reference). */
PyObject *pysnmpx_value_new(const snmpx_value *v);

/* A VarBind for |vb| (new reference). */
PyObject *pysnmpx_varbind_new(const snmpx_varbind *vb);

/* A ResponsePDU for |pdu| (new reference). */
PyObject *pysnmpx_response_new(const snmpx_pdu *pdu);

/* A VarBindList of |pdu|'s varbinds (new reference). */
PyObject *pysnmpx_varbindlist_new(const snmpx_pdu *pdu);

/* Parse an OID given as text ("1.3.6.1", ".1.3.6.1"; other text goes to
 * the name resolver, "SNMPv2-MIB::sysDescr.0") or a sequence of ints (an
 * OID object) into |out|.  Returns 0, or -1 with ValueError or
 * TypeError set. */
int pysnmpx_oid_from_py(PyObject *obj, snmpx_oid *out);

/* Check that |o| can be sent (X.690 8.19.4 as libsnmpx encodes it): at
 * least one sub-identifier, the first 0..2, the second 0..39 under 0 and
 * 1.  Returns 0, or -1 with ValueError set. */
int pysnmpx_oid_check(const snmpx_oid *o);

/* pysnmpx_oid_from_py, then pysnmpx_oid_check: an OID to send (a name, a
 * walk's root, an OID value). */
int pysnmpx_oid_name_from_py(PyObject *obj, snmpx_oid *out);

/* Prefix the pending TypeError, ValueError or OverflowError with the
 * printf-style context (PyUnicode_FromFormat's format), keeping its class:
 * "get() argument 2: invalid OID ...".  Other exceptions are left. */
void pysnmpx_error_context(const char *fmt, ...);

/* Fill |out| from a value object (its class's _tag and .value/.data), or
 * from a plain int (INTEGER), bytes or str (OCTET STRING).  Strings and
 * OIDs are views: into the object itself (kept alive by the caller) or
 * into |oid_store|.  Returns 0, or -1 with an exception set. */
int pysnmpx_value_from_py(PyObject *obj, snmpx_value *out,
                          snmpx_oid *oid_store);

/* Varbinds made from Python (name, value) pairs: views into the pairs,
 * which are kept alive until pysnmpx_varbinds_free, and into copies of
 * the arcs of names and OID values (exactly as many as they have, in a few
 * chunks). */
typedef struct pysnmpx_arcs_chunk pysnmpx_arcs_chunk;
typedef struct pysnmpx_varbinds {
  snmpx_varbind *vbs;
  pysnmpx_arcs_chunk *arcs; /* the arcs the names and OID values view */
  PyObject **keep;          /* the sequences the views point into */
  size_t n;
} pysnmpx_varbinds;

/* Fill |s| from |n| pairs (VarBind or (name, value)); |fn| names the
 * caller in errors.  Returns 0, or -1 with an exception set; call
 * pysnmpx_varbinds_free either way. */
int pysnmpx_varbinds_parse(pysnmpx_varbinds *s, PyObject *const *items,
                           size_t n, const char *fn);
void pysnmpx_varbinds_free(pysnmpx_varbinds *s);

/* ---- py_expect.c: does a response answer its request? -------------- */

/* A request's type, names and GETBULK fields, copied (python-snmp's
 * ImproperResponse check, RFC 3416 4.2). */
typedef struct pysnmpx_expect pysnmpx_expect;

/* A copy of the names of |n| |oids| (or, for a SET, of |vbs|).  Returns
 * it, or NULL with MemoryError set. */
pysnmpx_expect *pysnmpx_expect_new(snmpx_pdu_type type, int32_t nr,
                                   int32_t mr, const snmpx_oidv *oids,
                                   const snmpx_varbind *vbs, size_t n);
void pysnmpx_expect_free(pysnmpx_expect *x);

/* Loop mode: |x| holds a reference to the request's future. */
void pysnmpx_expect_set_future(pysnmpx_expect *x, PyObject *fut);
PyObject *pysnmpx_expect_future(const pysnmpx_expect *x);

/* 0 when |resp| (|response| built from it) answers the request |x| (or
 * |x| is NULL); else -1 with ImproperResponse set. */
int pysnmpx_expect_check(const pysnmpx_expect *x, PyObject *response,
                         const snmpx_pdu *resp);

/* ---- py_engine.c ----------------------------------------------------- */

/* True when a thread other than the caller is inside the engine. */
static inline bool pysnmpx_engine_busy_elsewhere(const PyEngine *self)
{
  return self->busy != 0 && self->busy != PyThread_get_thread_ident();
}

/* Raise unless the engine is open and not busy in another thread.
 * Returns 0 or -1. */
int pysnmpx_engine_check(PyEngine *self);

/* Reserve a deferral slot for a new Manager or RequestHandle of |self|.
 * Returns 0, or -1 with MemoryError set. */
int pysnmpx_engine_reserve(PyEngine *self);

/* A Manager or RequestHandle going away: free its manager |m| or cancel
 * its request |h| (0: none), now or, when another thread is inside the
 * engine, once it comes out.  Releases its slot either way. */
void pysnmpx_engine_drop(PyEngine *self, snmpx_manager *m, int64_t h);

/* Free and cancel what was dropped while the engine was busy; call with
 * the engine not busy in another thread. */
void pysnmpx_engine_settle(PyEngine *self);

/* Run the built-in loop once, GIL released, then check for signals.
 * Returns 0 or -1 with an exception set. */
int pysnmpx_engine_run_once(PyEngine *self);

/* Block until the detached request |h| completes; take its result, which
 * must answer |x| (NULL: no check).  Returns the ResponsePDU, or NULL with
 * Timeout/ErrorResponse/ImproperResponse/... set. */
PyObject *pysnmpx_engine_wait(PyEngine *self, int64_t h,
                              const pysnmpx_expect *x);

/* Result of a completed request (status from the engine, |resp| or NULL)
 * whose response must answer |x| (NULL: no check): the ResponsePDU, or
 * NULL with the exception for it set. */
PyObject *pysnmpx_result(int status, const snmpx_pdu *resp,
                         const pysnmpx_expect *x);

/* A RequestHandle for the detached request |h| (new reference); it takes
 * |x| (freed here on failure). */
PyObject *pysnmpx_handle_new(PyEngine *engine, int64_t h, pysnmpx_expect *x);

/* Loop mode: a new future of the engine's loop. */
PyObject *pysnmpx_engine_future(PyEngine *self);

/* Loop mode: the response callback whose user data is a pysnmpx_expect
 * holding the future (freed here). */
void pysnmpx_future_cb(snmpx_engine *e, int64_t handle, int status,
                       const snmpx_msg *resp, void *user_data);

/* ---- py_waiter.c: futures completed in the reader's turn ------------ */

/* A pending Waiter of |engine| on the asyncio loop |loop| (new
 * reference), or NULL with an exception set. */
PyObject *pysnmpx_waiter_new(PyEngine *engine, PyObject *loop);

/* Loop mode: the response callback whose user data is a pysnmpx_expect
 * holding a Waiter (freed here). */
void pysnmpx_waiter_cb(snmpx_engine *e, int64_t handle, int status,
                       const snmpx_msg *resp, void *user_data);

/* Run the done callbacks of the waiters completed while |engine|
 * dispatched (call once it is out).  Returns 0, or -1 with the error of
 * a callback set (the other callbacks are then scheduled on the loop). */
int pysnmpx_waiters_run(PyEngine *engine);

/* ---- py_inbound.c ------------------------------------------------------ */

/* Engine methods of the inbound side (see their doc in py_engine.c's
 * method table). */
PyObject *pysnmpx_engine_listen(PyEngine *self, PyObject *args);
PyObject *pysnmpx_engine_set_receiver(PyEngine *self, PyObject *fn);
PyObject *pysnmpx_engine_set_responder(PyEngine *self, PyObject *fn);
PyObject *pysnmpx_engine_set_local(PyEngine *self, PyObject *args);
PyObject *pysnmpx_engine_local(PyEngine *self, PyObject *unused);

/* A (host, port) tuple for |a| (new reference). */
PyObject *pysnmpx_addr_tuple(const snmpx_addr *a);

/* ---- py_tls.c: addresses and the io's TLS configuration -------------- */

/* Set the ValueError for address |given| (the argument |argname|) that
 * failed with |rv| (snmpx_addr_parse's SNMPX_EADDR, or SNMPX_ENODOMAIN
 * from the io, with |parsed| its parsed form, else NULL).  Returns NULL. */
PyObject *pysnmpx_addr_error(const char *argname, PyObject *given,
                             const snmpx_addr *parsed, int rv);

/* Engine methods (see their doc in py_engine.c's method table). */
PyObject *pysnmpx_engine_tls_add_confdir(PyEngine *self, PyObject *args);
PyObject *pysnmpx_engine_tls_conf_line(PyEngine *self, PyObject *args);
PyObject *pysnmpx_engine_tls_set_opts(PyEngine *self, PyObject *args);
PyObject *pysnmpx_engine_tls_peer(PyEngine *self, PyObject *args);
PyObject *pysnmpx_engine_tls_error(PyEngine *self, PyObject *unused);
PyObject *pysnmpx_engine_tls_stats(PyEngine *self, PyObject *unused);
PyObject *pysnmpx_engine_tsm_prefix(PyEngine *self, PyObject *arg);

/* ---- py_manager.c ----------------------------------------------------- */

/* Engine.close(): free every live manager of |engine|. */
void pysnmpx_managers_release(PyEngine *engine);

#endif
