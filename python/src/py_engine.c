/* snmpx._snmpx: Engine (an snmpx_engine with its snmpx_io) and
 * RequestHandle (a detached request). */
#include "pysnmpx.h"

#include <string.h>

/* ---- Engine: lifetime ------------------------------------------------ */

static PyObject *engine_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
  PyEngine *self = (PyEngine *)type->tp_alloc(type, 0);
  if (self == NULL)
    return NULL;
  self->e = snmpx_engine_new(NULL);
  self->io = self->e != NULL ? snmpx_io_new(self->e, NULL) : NULL;
  if (self->io == NULL) {
    snmpx_engine_free(self->e);
    self->e = NULL;
    Py_DECREF(self);
    return PyErr_NoMemory();
  }
  return (PyObject *)self;
}

/* ---- Engine: what is dropped while another thread is inside ---------- */

int pysnmpx_engine_reserve(PyEngine *self)
{
  if (self->n_reserved == self->deferred_cap) {
    size_t cap = self->deferred_cap ? 2 * self->deferred_cap : 16;
    pysnmpx_deferred *d = PyMem_Realloc(self->deferred, cap * sizeof(*d));
    if (d == NULL) {
      PyErr_NoMemory();
      return -1;
    }
    self->deferred = d;
    self->deferred_cap = cap;
  }
  self->n_reserved++;
  return 0;
}

/* Free |m| and cancel |h| (forgetting its result if it already came). */
static void drop_now(PyEngine *self, snmpx_manager *m, int64_t h)
{
  if (m != NULL)
    snmpx_manager_free(m);
  if (h > 0 && snmpx_engine_cancel(self->e, h) != 0)
    snmpx_engine_take_result(self->e, h, NULL);
}

void pysnmpx_engine_drop(PyEngine *self, snmpx_manager *m, int64_t h)
{
  if (self->e == NULL || (m == NULL && h <= 0)) {
    self->n_reserved--; /* nothing left, or closed: all freed with it */
    return;
  }
  if (!pysnmpx_engine_busy_elsewhere(self)) {
    drop_now(self, m, h);
    self->n_reserved--;
    return;
  }
  /* Another thread is in snmpx_io_run_once without the GIL: touching the
   * engine now would race with it.  The slot stays reserved until
   * pysnmpx_engine_settle uses it. */
  self->deferred[self->n_deferred].m = m;
  self->deferred[self->n_deferred].h = h;
  self->n_deferred++;
}

void pysnmpx_engine_settle(PyEngine *self)
{
  if (self->n_deferred == 0)
    return;
  /* Freeing a manager ends its walks, which runs Python: the engine stays
   * this thread's meanwhile, and what another thread drops then is added
   * to the list and done in this loop. */
  unsigned long busy = self->busy;
  self->busy = PyThread_get_thread_ident();
  for (size_t i = 0; i < self->n_deferred && self->e != NULL; i++)
    drop_now(self, self->deferred[i].m, self->deferred[i].h);
  self->n_reserved -= self->n_deferred;
  self->n_deferred = 0;
  self->busy = busy;
}

/* ---- Engine: closing --------------------------------------------------- */

/* Free managers, then sockets, then the engine: what is still in flight
 * completes with SNMPX_ECANCELED (futures are cancelled). */
static void engine_close_now(PyEngine *self)
{
  if (self->e == NULL)
    return;
  pysnmpx_engine_settle(self);
  pysnmpx_managers_release(self);
  snmpx_io_free(self->io);
  self->io = NULL;
  snmpx_engine *e = self->e;
  self->e = NULL;
  snmpx_engine_free(e);
  Py_CLEAR(self->on_notification); /* they refer back to the engine */
  Py_CLEAR(self->on_request);
}

static int engine_traverse(PyEngine *self, visitproc visit, void *arg)
{
  Py_VISIT(self->loop);
  Py_VISIT(self->on_socket);
  Py_VISIT(self->on_timer);
  Py_VISIT(self->on_notification);
  Py_VISIT(self->on_request);
  Py_VISIT(self->dict);
  return 0;
}

static int engine_clear(PyEngine *self)
{
  Py_CLEAR(self->loop);
  Py_CLEAR(self->on_socket);
  Py_CLEAR(self->on_timer);
  Py_CLEAR(self->on_notification);
  Py_CLEAR(self->on_request);
  Py_CLEAR(self->dict);
  return 0;
}

static void engine_dealloc(PyEngine *self)
{
  PyObject_GC_UnTrack(self);
  if (self->weakrefs != NULL)
    PyObject_ClearWeakRefs((PyObject *)self);
  engine_close_now(self);
  engine_clear(self);
  PyMem_Free(self->deferred);
  Py_TYPE(self)->tp_free((PyObject *)self);
}

int pysnmpx_engine_check(PyEngine *self)
{
  if (self->e == NULL) {
    PyErr_SetString(PyExc_RuntimeError, "snmpx: the engine is closed");
    return -1;
  }
  if (pysnmpx_engine_busy_elsewhere(self)) {
    PyErr_SetString(PyExc_RuntimeError,
                    "snmpx: the engine is in use by another thread");
    return -1;
  }
  return 0;
}

static PyObject *engine_close(PyEngine *self, PyObject *unused)
{
  if (self->busy != 0 || self->in_callback) {
    PyErr_SetString(PyExc_RuntimeError,
                    pysnmpx_engine_busy_elsewhere(self)
                        ? "snmpx: the engine is in use by another thread"
                        : "snmpx: cannot close the engine from its own "
                          "callback");
    return NULL;
  }
  engine_close_now(self);
  Py_RETURN_NONE;
}

/* ---- Engine: the built-in loop -------------------------------------- */

/* Run the built-in loop once, waiting at most |timeout_ms| (-1: until the
 * engine's next deadline). */
static int run_once_for(PyEngine *self, int timeout_ms)
{
  if (self->loop_mode) {
    PyErr_SetString(PyExc_RuntimeError,
                    "snmpx: this engine is driven by an asyncio loop; "
                    "await its requests instead");
    return -1;
  }
  if (self->in_callback) {
    PyErr_SetString(PyExc_RuntimeError,
                    "snmpx: cannot wait inside a receiver or agent "
                    "callback; use wait=False (or an AsyncEngine)");
    return -1;
  }
  int rv;
  unsigned long busy = self->busy;
  self->busy = PyThread_get_thread_ident();
  Py_BEGIN_ALLOW_THREADS rv = snmpx_io_run_once(self->io, timeout_ms);
  Py_END_ALLOW_THREADS self->busy = busy;
  pysnmpx_engine_settle(self);
  if (rv != 0) {
    pysnmpx_raise(rv, NULL);
    return -1;
  }
  return PyErr_CheckSignals();
}

int pysnmpx_engine_run_once(PyEngine *self)
{
  return run_once_for(self, -1);
}

PyObject *pysnmpx_result(int status, const snmpx_pdu *resp,
                         const pysnmpx_expect *x)
{
  if (status != 0)
    return pysnmpx_raise(status, NULL);
  PyObject *obj = pysnmpx_response_new(resp);
  if (obj == NULL)
    return NULL;
  if (resp->error_status == 0) {
    if (pysnmpx_expect_check(x, obj, resp) == 0)
      return obj;
  } else {
    pysnmpx_raise(SNMPX_EAGENT_ERROR, obj);
  }
  Py_DECREF(obj);
  return NULL;
}

PyObject *pysnmpx_engine_wait(PyEngine *self, int64_t h,
                              const pysnmpx_expect *x)
{
  if (pysnmpx_engine_check(self) < 0)
    return NULL;
  while (snmpx_engine_is_pending(self->e, h))
    if (pysnmpx_engine_run_once(self) < 0)
      return NULL;
  snmpx_pdu *resp = NULL;
  int status = snmpx_engine_take_result(self->e, h, &resp);
  PyObject *obj = pysnmpx_result(status, resp, x);
  snmpx_pdu_free(resp, NULL);
  return obj;
}

/* run_once(timeout=None): wait for datagrams once (until the engine's
 * next deadline, and at most |timeout| seconds) and process them. */
static PyObject *engine_run_once(PyEngine *self, PyObject *args, PyObject *kwds)
{
  static char *kwlist[] = {"timeout", NULL};
  PyObject *timeout = Py_None;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O:run_once", kwlist, &timeout))
    return NULL;
  int ms = -1;
  if (timeout != Py_None) {
    if (PyBool_Check(timeout) ||
        (!PyFloat_Check(timeout) && !PyLong_Check(timeout)))
      return PyErr_Format(PyExc_TypeError,
                          "timeout must be a number of "
                          "seconds or None, not %s",
                          Py_TYPE(timeout)->tp_name);
    double t = PyFloat_AsDouble(timeout);
    if (t == -1.0 && PyErr_Occurred())
      return NULL;
    if (!(t >= 0))
      return PyErr_Format(PyExc_ValueError, "timeout must be >= 0, not %R",
                          timeout);
    ms = t > 86400.0 ? 86400000 : (int)(t * 1000.0 + 0.999);
  }
  if (pysnmpx_engine_check(self) < 0 || run_once_for(self, ms) < 0)
    return NULL;
  Py_RETURN_NONE;
}

/* ---- Engine: users ---------------------------------------------------- */

/* _add_user(namespace, name, auth, auth_kind, auth_secret, priv,
 *           priv_kind, priv_secret[, engine_id]) */
static PyObject *engine_add_user(PyEngine *self, PyObject *args)
{
  const char *ns;
  Py_buffer name, asec = {0}, psec = {0}, eid = {0};
  int auth, akind, priv, pkind;
  if (!PyArg_ParseTuple(args, "sy*iiz*iiz*|z*:_add_user", &ns, &name, &auth,
                        &akind, &asec, &priv, &pkind, &psec, &eid))
    return NULL;
  snmpx_user u;
  memset(&u, 0, sizeof(u));
  u.user_namespace = ns;
  u.name = name.buf;
  u.name_len = (size_t)name.len;
  u.auth = (snmpx_usm_auth)auth;
  u.auth_secret.kind = (snmpx_usm_secret_kind)akind;
  u.auth_secret.data = asec.buf;
  u.auth_secret.len = asec.buf != NULL ? (size_t)asec.len : 0;
  u.priv = (snmpx_usm_priv)priv;
  u.priv_secret.kind = (snmpx_usm_secret_kind)pkind;
  u.priv_secret.data = psec.buf;
  u.priv_secret.len = psec.buf != NULL ? (size_t)psec.len : 0;
  u.engine_id = eid.buf;
  u.engine_id_len = eid.buf != NULL ? (size_t)eid.len : 0;
  int rv =
      pysnmpx_engine_check(self) < 0 ? 1 : snmpx_engine_add_user(self->e, &u);
  PyBuffer_Release(&name);
  if (asec.buf != NULL)
    PyBuffer_Release(&asec);
  if (psec.buf != NULL)
    PyBuffer_Release(&psec);
  if (eid.buf != NULL)
    PyBuffer_Release(&eid);
  if (rv > 0)
    return NULL;
  if (rv < 0)
    return PyErr_Format(PyExc_ValueError, "addUser: %s", snmpx_strerror(rv));
  Py_RETURN_NONE;
}

/* ---- Engine: a foreign (asyncio) loop ---------------------------------- */

static void call_unraisable(PyObject *fn, const char *fmt, long long a,
                            long long b)
{
  if (fn == NULL)
    return;
  PyObject *r = fmt[1] == 0 ? PyObject_CallFunction(fn, "L", a)
                            : PyObject_CallFunction(fn, "LL", a, b);
  if (r == NULL)
    PyErr_WriteUnraisable(fn);
  Py_XDECREF(r);
}

static void loop_socket_cb(void *ud, int fd, int what)
{
  PyEngine *self = ud;
  PyGILState_STATE g = PyGILState_Ensure();
  call_unraisable(self->on_socket, "LL", fd, what);
  PyGILState_Release(g);
}

/* Ask the loop for its timer in |timeout_ms| (it replaces the one
 * armed). */
static void arm_loop_timer(PyEngine *self, int64_t want, int64_t timeout_ms)
{
  self->timer_armed = want;
  PyGILState_STATE g = PyGILState_Ensure();
  call_unraisable(self->on_timer, "L", timeout_ms, 0);
  PyGILState_Release(g);
}

/* The engine moves its deadline at every request sent and answered.  The
 * loop's timer is left as it is while it fires no later than the
 * deadline: firing early, engine_on_timer_due arms it again for the
 * deadline without running the engine's timers.  So Python is called only
 * when the deadline comes earlier than the timer armed (a cancelled
 * deadline leaves at most one early wake-up behind). */
static void loop_timer_cb(void *ud, int64_t timeout_ms)
{
  PyEngine *self = ud;
  if (timeout_ms < 0 || self->e == NULL) {
    self->timer_want = -1;
    return;
  }
  int64_t want = (int64_t)snmpx_engine_now(self->e) + timeout_ms;
  self->timer_want = want;
  if (self->timer_armed < 0 || self->timer_armed > want)
    arm_loop_timer(self, want, timeout_ms);
}

/* _set_loop(loop, on_socket, on_timer): from now on the engine reports
 * its sockets (on_socket(fd, POLL_IN [| POLL_OUT] or POLL_REMOVE)) and
 * its one timer (on_timer(ms), -1 to cancel) and its requests return
 * futures of |loop|. */
static PyObject *engine_set_loop(PyEngine *self, PyObject *args)
{
  PyObject *loop, *on_socket, *on_timer;
  if (!PyArg_ParseTuple(args, "OOO:_set_loop", &loop, &on_socket, &on_timer))
    return NULL;
  if (pysnmpx_engine_check(self) < 0)
    return NULL;
  if (self->loop_mode) {
    PyErr_SetString(PyExc_RuntimeError, "snmpx: the engine has a loop");
    return NULL;
  }
  Py_INCREF(loop);
  Py_INCREF(on_socket);
  Py_INCREF(on_timer);
  Py_XSETREF(self->loop, loop);
  Py_XSETREF(self->on_socket, on_socket);
  Py_XSETREF(self->on_timer, on_timer);
  self->loop_mode = true;
  self->timer_want = self->timer_armed = -1;
  snmpx_io_set_loop_callbacks(self->io, loop_socket_cb, loop_timer_cb, self);
  if (PyErr_Occurred())
    return NULL;
  Py_RETURN_NONE;
}

/* After the reader or timer dispatched: wake the tasks whose waiters
 * completed meanwhile (py_waiter.c), in this turn of the loop; an error a
 * callback raised (KeyboardInterrupt in a task) is the loop's to handle,
 * as if the callback had been its own. */
static PyObject *engine_after_dispatch(PyEngine *self)
{
  if (self->draining == 0 && pysnmpx_waiters_run(self) < 0)
    return NULL;
  Py_RETURN_NONE;
}

/* The loop says |arg| (an fd) is readable or, for a TCP or UNIX
 * connection that asked for POLL_OUT, writable. */
static PyObject *engine_on_ready(PyEngine *self, PyObject *arg, bool write)
{
  int fd = PyLong_AsLong(arg);
  if (fd == -1 && PyErr_Occurred())
    return NULL;
  if (self->e == NULL)
    Py_RETURN_NONE; /* a late wake-up after close */
  if (pysnmpx_engine_check(self) < 0)
    return NULL;
  /* The callbacks run Python, which lets other threads run: mark the
   * engine this thread's meanwhile. */
  unsigned long busy = self->busy;
  self->busy = PyThread_get_thread_ident();
  self->draining++;
  if (write)
    snmpx_io_on_writable(self->io, fd);
  else
    snmpx_io_on_readable(self->io, fd);
  self->draining--;
  self->busy = busy;
  pysnmpx_engine_settle(self);
  return engine_after_dispatch(self);
}

static PyObject *engine_on_readable(PyEngine *self, PyObject *arg)
{
  return engine_on_ready(self, arg, false);
}

static PyObject *engine_on_writable(PyEngine *self, PyObject *arg)
{
  return engine_on_ready(self, arg, true);
}

static PyObject *engine_on_timeout(PyEngine *self, PyObject *unused)
{
  if (self->e == NULL)
    Py_RETURN_NONE;
  if (pysnmpx_engine_check(self) < 0)
    return NULL;
  unsigned long busy = self->busy;
  self->busy = PyThread_get_thread_ident();
  self->draining++;
  snmpx_io_on_timeout(self->io);
  self->draining--;
  self->busy = busy;
  pysnmpx_engine_settle(self);
  return engine_after_dispatch(self);
}

/* _on_timer_due(): the loop's timer fired.  Runs the engine's timers if
 * its deadline has come, else arms the timer again for it. */
static PyObject *engine_on_timer_due(PyEngine *self, PyObject *unused)
{
  self->timer_armed = -1;
  if (self->e == NULL || self->timer_want < 0)
    Py_RETURN_NONE;
  int64_t wait = self->timer_want - (int64_t)snmpx_engine_now(self->e);
  if (wait > 0) {
    arm_loop_timer(self, self->timer_want, wait);
    Py_RETURN_NONE;
  }
  self->timer_want = -1;
  return engine_on_timeout(self, NULL);
}

/* _timer_rearm(): the loop's timer is gone (the loop was bound late):
 * ask for one for the engine's deadline, if it has one. */
static PyObject *engine_timer_rearm(PyEngine *self, PyObject *unused)
{
  self->timer_armed = -1;
  if (self->e != NULL && self->timer_want >= 0) {
    int64_t wait = self->timer_want - (int64_t)snmpx_engine_now(self->e);
    arm_loop_timer(self, self->timer_want, wait > 0 ? wait : 0);
  }
  Py_RETURN_NONE;
}

PyObject *pysnmpx_engine_future(PyEngine *self)
{
  return PyObject_CallMethod(self->loop, "create_future", NULL);
}

/* Complete |fut| unless it was cancelled meanwhile. */
static void settle_future(PyObject *fut, int status, const snmpx_msg *resp,
                          const pysnmpx_expect *x)
{
  PyObject *done = PyObject_CallMethod(fut, "done", NULL);
  if (done == NULL)
    return;
  int is_done = PyObject_IsTrue(done);
  Py_DECREF(done);
  if (is_done != 0)
    return;
  if (status == SNMPX_ECANCELED) {
    Py_XDECREF(PyObject_CallMethod(fut, "cancel", NULL));
    return;
  }
  PyObject *obj =
      pysnmpx_result(status, resp != NULL ? &resp->pdu : NULL, x);
  if (obj != NULL) {
    Py_XDECREF(PyObject_CallMethod(fut, "set_result", "N", obj));
    return;
  }
  PyObject *type, *value, *tb;
  PyErr_Fetch(&type, &value, &tb);
  PyErr_NormalizeException(&type, &value, &tb);
  Py_XDECREF(type);
  Py_XDECREF(tb);
  Py_XDECREF(PyObject_CallMethod(fut, "set_exception", "N", value));
}

void pysnmpx_future_cb(snmpx_engine *e, int64_t handle, int status,
                       const snmpx_msg *resp, void *user_data)
{
  PyGILState_STATE g = PyGILState_Ensure();
  pysnmpx_expect *x = user_data;
  PyObject *fut = pysnmpx_expect_future(x);
  settle_future(fut, status, resp, x);
  if (PyErr_Occurred())
    PyErr_WriteUnraisable(fut);
  pysnmpx_expect_free(x);
  PyGILState_Release(g);
}

/* ---- Engine: introspection ------------------------------------------- */

/* Every counter of snmpx_engine_stats, in its order: the assert below
 * fails the build when the struct gains one that is not listed. */
#define PYSNMPX_ENGINE_STATS(X)                                                \
  X(in_pkts)                                                                   \
  X(in_asn_parse_errs)                                                         \
  X(in_bad_versions)                                                           \
  X(in_unmatched)                                                              \
  X(in_wrong_source)                                                           \
  X(in_wrong_version)                                                          \
  X(in_unexpected_pdus)                                                        \
  X(out_pkts)                                                                  \
  X(retransmits)                                                               \
  X(timeouts)                                                                  \
  X(windowed)                                                                  \
  X(in_bad_security)                                                           \
  X(in_reports)                                                                \
  X(discoveries)                                                               \
  X(resyncs)                                                                   \
  X(password_hashes)                                                           \
  X(localizations)                                                             \
  X(unknown_security_models)                                                   \
  X(invalid_msgs)                                                              \
  X(unknown_pdu_handlers)                                                      \
  X(usm_unsupported_sec_levels)                                                \
  X(usm_not_in_time_windows)                                                   \
  X(usm_unknown_user_names)                                                    \
  X(usm_unknown_engine_ids)                                                    \
  X(usm_wrong_digests)                                                         \
  X(usm_decryption_errors)                                                     \
  X(in_requests)                                                               \
  X(in_notifications)                                                          \
  X(out_responses)                                                             \
  X(out_reports)                                                               \
  X(out_notifications)                                                         \
  X(tsm_invalid_caches)                                                        \
  X(tsm_inadequate_security_levels)                                            \
  X(tsm_unknown_prefixes)                                                      \
  X(tsm_invalid_prefixes)

#define PYSNMPX_COUNT_(f) +1
_Static_assert(sizeof(snmpx_engine_stats) ==
                   (0 PYSNMPX_ENGINE_STATS(PYSNMPX_COUNT_)) * sizeof(uint64_t),
               "engine_stats: a counter of snmpx_engine_stats is missing");
#undef PYSNMPX_COUNT_

PyObject *pysnmpx_counters_dict(const pysnmpx_counter *c, size_t n)
{
  PyObject *d = PyDict_New();
  for (size_t i = 0; d != NULL && i < n; i++) {
    PyObject *v = PyLong_FromUnsignedLongLong(c[i].value);
    if (v == NULL || PyDict_SetItemString(d, c[i].name, v) < 0)
      Py_CLEAR(d);
    Py_XDECREF(v);
  }
  return d;
}

static PyObject *engine_stats(PyEngine *self, PyObject *unused)
{
  if (pysnmpx_engine_check(self) < 0)
    return NULL;
  snmpx_engine_stats s;
  snmpx_engine_get_stats(self->e, &s);
#define PYSNMPX_ENTRY_(f) {#f, s.f},
  const pysnmpx_counter counters[] = {PYSNMPX_ENGINE_STATS(PYSNMPX_ENTRY_)};
#undef PYSNMPX_ENTRY_
  return pysnmpx_counters_dict(counters,
                               sizeof(counters) / sizeof(counters[0]));
}

/* _set_pacing(agent_window, retry_jitter_pct): snmpx_engine_set_agent_window
 * and snmpx_engine_set_retry_jitter (the Python layer checks the values). */
static PyObject *engine_set_pacing(PyEngine *self, PyObject *args)
{
  unsigned int window, jitter;
  if (!PyArg_ParseTuple(args, "II", &window, &jitter))
    return NULL;
  if (pysnmpx_engine_check(self) < 0)
    return NULL;
  snmpx_engine_set_agent_window(self->e, window);
  snmpx_engine_set_retry_jitter(self->e, jitter);
  Py_RETURN_NONE;
}

static PyObject *engine_get_pending(PyEngine *self, void *closure)
{
  if (self->e == NULL)
    return PyLong_FromLong(0);
  if (pysnmpx_engine_check(self) < 0)
    return NULL;
  return PyLong_FromSize_t(snmpx_engine_pending(self->e));
}

static PyObject *engine_get_closed(PyEngine *self, void *closure)
{
  return PyBool_FromLong(self->e == NULL);
}

PyObject *pysnmpx_engine_manager(PyEngine *self, PyObject *args,
                                 PyObject *kwds);

static PyMethodDef engine_methods[] = {
    {"close", (PyCFunction)engine_close, METH_NOARGS,
     "close()\n\nCancel what is in flight, close the sockets, free the "
     "engine. Idempotent."},
    {"run_once", (PyCFunction)(void (*)(void))engine_run_once,
     METH_VARARGS | METH_KEYWORDS,
     "run_once(timeout=None)\n\nWait for datagrams once (at most until the "
     "next retry or timeout is due, and at most |timeout| seconds) and "
     "process them."},
    {"stats", (PyCFunction)engine_stats, METH_NOARGS,
     "stats() -> dict\n\nEvery counter of the engine (snmpx_engine_stats): "
     "datagrams, retransmits, timeouts, USM drops, password hashes, "
     "localizations, inbound requests and notifications..."},
    {"_add_user", (PyCFunction)engine_add_user, METH_VARARGS, NULL},
    {"_manager", (PyCFunction)(void (*)(void))pysnmpx_engine_manager,
     METH_VARARGS | METH_KEYWORDS, NULL},
    {"_set_loop", (PyCFunction)engine_set_loop, METH_VARARGS, NULL},
    {"_set_pacing", (PyCFunction)engine_set_pacing, METH_VARARGS, NULL},
    {"_on_readable", (PyCFunction)engine_on_readable, METH_O, NULL},
    {"_on_writable", (PyCFunction)engine_on_writable, METH_O, NULL},
    {"_on_timeout", (PyCFunction)engine_on_timeout, METH_NOARGS, NULL},
    {"_on_timer_due", (PyCFunction)engine_on_timer_due, METH_NOARGS, NULL},
    {"_timer_rearm", (PyCFunction)engine_timer_rearm, METH_NOARGS, NULL},
    {"_listen", (PyCFunction)pysnmpx_engine_listen, METH_VARARGS, NULL},
    {"_set_receiver", (PyCFunction)pysnmpx_engine_set_receiver, METH_O, NULL},
    {"_set_responder", (PyCFunction)pysnmpx_engine_set_responder, METH_O, NULL},
    {"_set_local", (PyCFunction)pysnmpx_engine_set_local, METH_VARARGS, NULL},
    {"_local", (PyCFunction)pysnmpx_engine_local, METH_NOARGS, NULL},
    {"_tls_add_confdir", (PyCFunction)pysnmpx_engine_tls_add_confdir, METH_VARARGS, NULL},
    {"_tls_conf_line", (PyCFunction)pysnmpx_engine_tls_conf_line, METH_VARARGS, NULL},
    {"_tls_set_opts", (PyCFunction)pysnmpx_engine_tls_set_opts, METH_VARARGS, NULL},
    {"_tls_peer", (PyCFunction)pysnmpx_engine_tls_peer, METH_VARARGS, NULL},
    {"_tls_error", (PyCFunction)pysnmpx_engine_tls_error, METH_NOARGS, NULL},
    {"_tls_stats", (PyCFunction)pysnmpx_engine_tls_stats, METH_NOARGS, NULL},
    {"_tsm_prefix", (PyCFunction)pysnmpx_engine_tsm_prefix, METH_O, NULL},
    {NULL, NULL, 0, NULL}};

static PyGetSetDef engine_getset[] = {
    {"pending", (getter)engine_get_pending, NULL,
     "Number of requests in flight (RuntimeError while another thread "
     "waits in the engine).",
     NULL},
    {"closed", (getter)engine_get_closed, NULL, "True once closed.", NULL},
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL}};

PyTypeObject PyEngine_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "snmpx._snmpx.Engine",
    .tp_basicsize = sizeof(PyEngine),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "The C engine: UDP sockets, requests in flight, USM users.",
    .tp_new = engine_new,
    .tp_dealloc = (destructor)engine_dealloc,
    .tp_traverse = (traverseproc)engine_traverse,
    .tp_clear = (inquiry)engine_clear,
    .tp_methods = engine_methods,
    .tp_getset = engine_getset,
    .tp_dictoffset = offsetof(PyEngine, dict),
    .tp_weaklistoffset = offsetof(PyEngine, weakrefs),
};

/* ---- RequestHandle ------------------------------------------------------ */

typedef struct PyHandle {
  PyObject_HEAD PyEngine *engine;
  int64_t h;          /* 0 once its result was taken or it was cancelled */
  PyObject *result;   /* the response once waited for */
  pysnmpx_expect *x;  /* what the response must answer, or NULL */
} PyHandle;

PyObject *pysnmpx_handle_new(PyEngine *engine, int64_t h, pysnmpx_expect *x)
{
  PyHandle *self = NULL;
  if (pysnmpx_engine_reserve(engine) == 0) {
    self = PyObject_New(PyHandle, &PyHandle_Type);
    if (self == NULL)
      engine->n_reserved--;
  }
  if (self == NULL) {
    snmpx_engine_cancel(engine->e, h);
    pysnmpx_expect_free(x);
    return NULL;
  }
  Py_INCREF(engine);
  self->engine = engine;
  self->h = h;
  self->result = NULL;
  self->x = x;
  return (PyObject *)self;
}

/* A dropped handle leaves nothing behind in the engine (once no other
 * thread is inside it). */
static void handle_dealloc(PyHandle *self)
{
  pysnmpx_engine_drop(self->engine, NULL, self->h);
  pysnmpx_expect_free(self->x);
  Py_XDECREF(self->result);
  Py_DECREF(self->engine);
  PyObject_Free(self);
}

static PyObject *handle_wait(PyHandle *self, PyObject *unused)
{
  if (self->result != NULL) {
    Py_INCREF(self->result);
    return self->result;
  }
  if (self->h <= 0) {
    PyErr_SetString(PyExc_RuntimeError,
                    "snmpx: the request was cancelled or already failed");
    return NULL;
  }
  PyObject *r = pysnmpx_engine_wait(self->engine, self->h, self->x);
  if (r == NULL && (PyErr_ExceptionMatches(PyExc_KeyboardInterrupt) ||
                    PyErr_ExceptionMatches(PyExc_RuntimeError)))
    return NULL; /* still in flight: wait() may be called again */
  self->h = 0;
  if (r != NULL) {
    Py_INCREF(r);
    self->result = r;
  }
  return r;
}

static PyObject *handle_done(PyHandle *self, PyObject *unused)
{
  if (self->h <= 0 || self->engine->e == NULL)
    Py_RETURN_TRUE;
  if (pysnmpx_engine_check(self->engine) < 0)
    return NULL;
  return PyBool_FromLong(!snmpx_engine_is_pending(self->engine->e, self->h));
}

static PyObject *handle_cancel(PyHandle *self, PyObject *unused)
{
  if (self->h > 0 && pysnmpx_engine_check(self->engine) == 0) {
    int rv = snmpx_engine_cancel(self->engine->e, self->h);
    if (rv != 0)
      snmpx_engine_take_result(self->engine->e, self->h, NULL);
    self->h = 0;
    return PyBool_FromLong(rv == 0);
  }
  if (PyErr_Occurred())
    return NULL;
  Py_RETURN_FALSE;
}

static PyMethodDef handle_methods[] = {
    {"wait", (PyCFunction)handle_wait, METH_NOARGS,
     "wait() -> ResponsePDU\n\nBlock until the response arrives (running the "
     "engine for every request in flight meanwhile). Raises Timeout, "
     "ErrorResponse or another SnmpxError. A second call returns the same "
     "response."},
    {"done", (PyCFunction)handle_done, METH_NOARGS,
     "done() -> bool\n\nTrue when wait() would not block. RuntimeError "
     "while another thread waits in the engine."},
    {"cancel", (PyCFunction)handle_cancel, METH_NOARGS,
     "cancel() -> bool\n\nForget the request; True if it was still in "
     "flight."},
    {NULL, NULL, 0, NULL}};

static PyObject *handle_get_engine(PyHandle *self, void *closure)
{
  Py_INCREF(self->engine);
  return (PyObject *)self->engine;
}

static PyGetSetDef handle_getset[] = {
    {"engine", (getter)handle_get_engine, NULL, "The engine.", NULL},
    {NULL, NULL, NULL, NULL, NULL}};

PyTypeObject PyHandle_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "snmpx.RequestHandle",
    .tp_basicsize = sizeof(PyHandle),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A request in flight, returned by a Manager call with "
              "wait=False; wait() gives its response.",
    .tp_dealloc = (destructor)handle_dealloc,
    .tp_methods = handle_methods,
    .tp_getset = handle_getset,
};
