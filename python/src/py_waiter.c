/* snmpx._snmpx.Waiter: what a request of an asyncio engine's manager gives
 * when the manager was set up for waiters (Manager._waiters = loop, as
 * snmpx.pysnmp's SnmpEngine does), in place of an asyncio.Future.
 *
 * It speaks the protocol asyncio's Task speaks to a future-like object
 * (asyncio.isfuture: _asyncio_future_blocking, get_loop, add_done_callback,
 * remove_done_callback, result, exception, done, cancelled, cancel,
 * __await__), with one difference: a response that arrives while the loop
 * runs the engine's reader (or timer) wakes the awaiting task as soon as
 * the engine has dispatched what it read, in the same turn of the loop.
 * An asyncio.Future would have its callbacks scheduled with call_soon and
 * run at the next turn: one more select() and loop iteration per request.
 * Anything else (a result set outside the reader, cancel(), a callback
 * added once done) goes through loop.call_soon, as asyncio does. */
#include "pysnmpx.h"

enum { WAIT_PENDING, WAIT_RESULT, WAIT_ERROR, WAIT_CANCELLED };

struct PyWaiter {
  PyObject_HEAD PyEngine *engine; /* strong; its ready list takes us */
  PyObject *loop;                 /* the asyncio loop (get_loop) */
  int state;
  bool blocking;        /* _asyncio_future_blocking */
  PyObject *value;      /* the result, or the exception instance */
  PyObject *cancel_msg; /* cancel(msg) */
  PyObject *fn, *ctx;   /* the first done callback and its context */
  PyObject *more;       /* further (fn, ctx) tuples, a list, or NULL */
  PyWaiter *next_ready; /* in the engine's ready list (strong) */
};

/* asyncio's exception classes and the keyword names of call_soon, found at
 * first use. */
static PyObject *cancelled_error, *invalid_state_error, *context_kwnames,
    *call_soon_name;

static int load_asyncio(void)
{
  if (cancelled_error != NULL)
    return 0;
  PyObject *mod = PyImport_ImportModule("asyncio");
  if (mod == NULL)
    return -1;
  PyObject *c = PyObject_GetAttrString(mod, "CancelledError");
  PyObject *i = PyObject_GetAttrString(mod, "InvalidStateError");
  Py_DECREF(mod);
  PyObject *k = Py_BuildValue("(s)", "context");
  PyObject *name = PyUnicode_InternFromString("call_soon");
  if (c == NULL || i == NULL || k == NULL || name == NULL) {
    Py_XDECREF(c);
    Py_XDECREF(i);
    Py_XDECREF(k);
    Py_XDECREF(name);
    return -1;
  }
  call_soon_name = name;
  cancelled_error = c;
  invalid_state_error = i;
  context_kwnames = k;
  return 0;
}

PyObject *pysnmpx_waiter_new(PyEngine *engine, PyObject *loop)
{
  if (load_asyncio() < 0)
    return NULL;
  PyWaiter *w = PyObject_GC_New(PyWaiter, &PyWaiter_Type);
  if (w == NULL)
    return NULL;
  Py_INCREF(engine);
  w->engine = engine;
  Py_INCREF(loop);
  w->loop = loop;
  w->state = WAIT_PENDING;
  w->blocking = false;
  w->value = w->cancel_msg = w->fn = w->ctx = w->more = NULL;
  w->next_ready = NULL;
  PyObject_GC_Track(w);
  return (PyObject *)w;
}

/* ---- running the done callbacks --------------------------------------- */

/* loop.call_soon(fn, w, context=ctx). */
static int call_soon(PyWaiter *w, PyObject *fn, PyObject *ctx)
{
  PyObject *args[] = {w->loop, fn, (PyObject *)w, ctx};
  PyObject *r = PyObject_VectorcallMethod(
      call_soon_name, args, 3 | PY_VECTORCALL_ARGUMENTS_OFFSET,
      context_kwnames);
  Py_XDECREF(r);
  return r != NULL ? 0 : -1;
}

/* fn(w) in the context |ctx|, now. */
static int call_now(PyWaiter *w, PyObject *fn, PyObject *ctx)
{
  if (PyContext_Enter(ctx) < 0)
    return -1;
  PyObject *r = PyObject_CallOneArg(fn, (PyObject *)w);
  PyObject *type, *value, *tb;
  PyErr_Fetch(&type, &value, &tb);
  int exited = PyContext_Exit(ctx);
  PyErr_Restore(type, value, tb);
  Py_XDECREF(r);
  return r != NULL && exited == 0 ? 0 : -1;
}

/* Take the callbacks of |w|: the first to fn and ctx, the others to
 * more. */
static void take_callbacks(PyWaiter *w, PyObject **fn, PyObject **ctx,
                           PyObject **more)
{
  *fn = w->fn;
  *ctx = w->ctx;
  *more = w->more;
  w->fn = w->ctx = w->more = NULL;
}

/* Run (now) or schedule (call_soon) each of |w|'s callbacks.  On an
 * error, the callbacks not run yet are scheduled and -1 is returned with
 * the error set. */
static int run_callbacks(PyWaiter *w, bool now)
{
  PyObject *fn, *ctx, *more;
  take_callbacks(w, &fn, &ctx, &more);
  int rv = 0;
  if (fn != NULL)
    rv = (now ? call_now : call_soon)(w, fn, ctx);
  Py_XDECREF(fn);
  Py_XDECREF(ctx);
  for (Py_ssize_t i = 0; more != NULL && i < PyList_GET_SIZE(more); i++) {
    PyObject *t = PyList_GET_ITEM(more, i);
    PyObject *f = PyTuple_GET_ITEM(t, 0), *c = PyTuple_GET_ITEM(t, 1);
    if (rv == 0) {
      rv = (now ? call_now : call_soon)(w, f, c);
    } else { /* keep the error; the rest go to the loop */
      PyObject *type, *value, *tb;
      PyErr_Fetch(&type, &value, &tb);
      if (call_soon(w, f, c) < 0)
        PyErr_WriteUnraisable((PyObject *)w);
      PyErr_Restore(type, value, tb);
    }
  }
  Py_XDECREF(more);
  return rv;
}

/* |w| is done: its callbacks go to the engine's ready list while the
 * engine dispatches what its reader or timer got (pysnmpx_waiters_run
 * runs them once it has), else to the loop. */
static bool has_callbacks(const PyWaiter *w)
{
  return w->fn != NULL || (w->more != NULL && PyList_GET_SIZE(w->more) > 0);
}

static void waiter_done(PyWaiter *w)
{
  if (!has_callbacks(w))
    return;
  PyEngine *e = w->engine;
  if (e->draining > 0) {
    Py_INCREF(w);
    w->next_ready = NULL;
    if (e->ready_tail != NULL)
      e->ready_tail->next_ready = w;
    else
      e->ready = w;
    e->ready_tail = w;
    return;
  }
  if (run_callbacks(w, false) < 0)
    PyErr_WriteUnraisable((PyObject *)w);
}

int pysnmpx_waiters_run(PyEngine *e)
{
  while (e->ready != NULL) {
    PyWaiter *w = e->ready;
    e->ready = w->next_ready;
    if (e->ready == NULL)
      e->ready_tail = NULL;
    w->next_ready = NULL;
    int rv = run_callbacks(w, true);
    Py_DECREF(w);
    if (rv < 0) { /* as the loop does for a callback's error: the rest
                     still run, at the next turn */
      PyObject *type, *value, *tb;
      PyErr_Fetch(&type, &value, &tb);
      while (e->ready != NULL) {
        w = e->ready;
        e->ready = w->next_ready;
        w->next_ready = NULL;
        if (run_callbacks(w, false) < 0)
          PyErr_WriteUnraisable((PyObject *)w);
        Py_DECREF(w);
      }
      e->ready_tail = NULL;
      PyErr_Restore(type, value, tb);
      return -1;
    }
  }
  return 0;
}

/* ---- completion by the engine ------------------------------------------ */

static void set_error_from_pending(PyWaiter *w)
{
  PyObject *type, *value, *tb;
  PyErr_Fetch(&type, &value, &tb);
  PyErr_NormalizeException(&type, &value, &tb);
  if (value != NULL && tb != NULL)
    PyException_SetTraceback(value, tb);
  Py_XDECREF(type);
  Py_XDECREF(tb);
  w->value = value;
  w->state = WAIT_ERROR;
}

void pysnmpx_waiter_cb(snmpx_engine *e, int64_t handle, int status,
                       const snmpx_msg *resp, void *user_data)
{
  PyGILState_STATE g = PyGILState_Ensure();
  pysnmpx_expect *x = user_data;
  PyWaiter *w = (PyWaiter *)pysnmpx_expect_future(x);
  if (w->state == WAIT_PENDING) {
    if (status == SNMPX_ECANCELED) {
      w->state = WAIT_CANCELLED;
      if (run_callbacks(w, false) < 0)
        PyErr_WriteUnraisable((PyObject *)w);
    } else {
      PyObject *obj =
          pysnmpx_result(status, resp != NULL ? &resp->pdu : NULL, x);
      if (obj != NULL) {
        w->value = obj;
        w->state = WAIT_RESULT;
      } else {
        set_error_from_pending(w);
      }
      waiter_done(w);
    }
  }
  pysnmpx_expect_free(x); /* its reference to |w| */
  PyGILState_Release(g);
}

/* ---- the future protocol ------------------------------------------------ */

static PyObject *cancelled_exc(PyWaiter *w)
{
  return w->cancel_msg != NULL && w->cancel_msg != Py_None
             ? PyObject_CallOneArg(cancelled_error, w->cancel_msg)
             : PyObject_CallNoArgs(cancelled_error);
}

static PyObject *raise_cancelled(PyWaiter *w)
{
  PyObject *exc = cancelled_exc(w);
  if (exc != NULL) {
    PyErr_SetObject(cancelled_error, exc);
    Py_DECREF(exc);
  }
  return NULL;
}

static PyObject *waiter_result(PyWaiter *w, PyObject *unused)
{
  switch (w->state) {
  case WAIT_RESULT:
    Py_INCREF(w->value);
    return w->value;
  case WAIT_ERROR:
    PyErr_SetObject((PyObject *)Py_TYPE(w->value), w->value);
    return NULL;
  case WAIT_CANCELLED:
    return raise_cancelled(w);
  default:
    PyErr_SetString(invalid_state_error, "Result is not ready.");
    return NULL;
  }
}

static PyObject *waiter_exception(PyWaiter *w, PyObject *unused)
{
  switch (w->state) {
  case WAIT_RESULT:
    Py_RETURN_NONE;
  case WAIT_ERROR:
    Py_INCREF(w->value);
    return w->value;
  case WAIT_CANCELLED:
    return raise_cancelled(w);
  default:
    PyErr_SetString(invalid_state_error, "Exception is not set.");
    return NULL;
  }
}

static PyObject *waiter_done_m(PyWaiter *w, PyObject *unused)
{
  return PyBool_FromLong(w->state != WAIT_PENDING);
}

static PyObject *waiter_cancelled(PyWaiter *w, PyObject *unused)
{
  return PyBool_FromLong(w->state == WAIT_CANCELLED);
}

static PyObject *waiter_get_loop(PyWaiter *w, PyObject *unused)
{
  Py_INCREF(w->loop);
  return w->loop;
}

/* cancel(msg=None): as asyncio.Future.cancel; the request itself runs on
 * (its answer is dropped), as with a cancelled future. */
static PyObject *waiter_cancel(PyWaiter *w, PyObject *args, PyObject *kwds)
{
  static char *kwlist[] = {"msg", NULL};
  PyObject *msg = Py_None;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O:cancel", kwlist, &msg))
    return NULL;
  if (w->state != WAIT_PENDING)
    Py_RETURN_FALSE;
  w->state = WAIT_CANCELLED;
  Py_INCREF(msg);
  Py_XSETREF(w->cancel_msg, msg);
  if (run_callbacks(w, false) < 0)
    return NULL;
  Py_RETURN_TRUE;
}

/* add_done_callback(fn, *, context=None) */
static PyObject *waiter_add_done_callback(PyWaiter *w, PyObject *const *args,
                                          Py_ssize_t nargs, PyObject *kwnames)
{
  static const char *const kw[] = {"context", NULL};
  PyObject *ctx = NULL;
  Py_ssize_t nkw = kwnames != NULL ? PyTuple_GET_SIZE(kwnames) : 0;
  if (nargs != 1)
    return PyErr_Format(PyExc_TypeError,
                        "add_done_callback() takes one positional argument");
  for (Py_ssize_t k = 0; k < nkw; k++) {
    if (PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(kwnames, k),
                                         kw[0]) != 0)
      return PyErr_Format(PyExc_TypeError,
                          "add_done_callback() got an unexpected keyword "
                          "argument %R",
                          PyTuple_GET_ITEM(kwnames, k));
    ctx = args[nargs + k];
  }
  PyObject *fn = args[0];
  if (ctx == NULL || ctx == Py_None)
    ctx = PyContext_CopyCurrent();
  else
    Py_INCREF(ctx);
  if (ctx == NULL)
    return NULL;
  int rv = 0;
  if (w->state != WAIT_PENDING) {
    rv = call_soon(w, fn, ctx);
  } else if (!has_callbacks(w)) {
    Py_INCREF(fn);
    w->fn = fn;
    w->ctx = ctx;
    Py_INCREF(ctx); /* released below */
  } else {
    PyObject *t = PyTuple_Pack(2, fn, ctx);
    if (w->more == NULL && t != NULL)
      w->more = PyList_New(0);
    rv = t != NULL && w->more != NULL ? PyList_Append(w->more, t) : -1;
    Py_XDECREF(t);
  }
  Py_DECREF(ctx);
  if (rv < 0)
    return NULL;
  Py_RETURN_NONE;
}

/* remove_done_callback(fn) -> how many were removed */
static PyObject *waiter_remove_done_callback(PyWaiter *w, PyObject *fn)
{
  Py_ssize_t removed = 0;
  if (w->fn != NULL) {
    int eq = PyObject_RichCompareBool(w->fn, fn, Py_EQ);
    if (eq < 0)
      return NULL;
    if (eq) {
      Py_CLEAR(w->fn);
      Py_CLEAR(w->ctx);
      removed++;
    }
  }
  for (Py_ssize_t i = 0; w->more != NULL && i < PyList_GET_SIZE(w->more);) {
    PyObject *t = PyList_GET_ITEM(w->more, i);
    int eq = PyObject_RichCompareBool(PyTuple_GET_ITEM(t, 0), fn, Py_EQ);
    if (eq < 0)
      return NULL;
    if (eq) {
      if (PyList_SetSlice(w->more, i, i + 1, NULL) < 0)
        return NULL;
      removed++;
    } else {
      i++;
    }
  }
  /* The first callback is the one run first: keep the order. */
  if (w->fn == NULL && w->more != NULL && PyList_GET_SIZE(w->more) > 0) {
    PyObject *t = PyList_GET_ITEM(w->more, 0);
    w->fn = PyTuple_GET_ITEM(t, 0);
    w->ctx = PyTuple_GET_ITEM(t, 1);
    Py_INCREF(w->fn);
    Py_INCREF(w->ctx);
    if (PyList_SetSlice(w->more, 0, 1, NULL) < 0)
      return NULL;
  }
  return PyLong_FromSsize_t(removed);
}

static PyObject *waiter_get_blocking(PyWaiter *w, void *closure)
{
  return PyBool_FromLong(w->blocking);
}

static int waiter_set_blocking(PyWaiter *w, PyObject *v, void *closure)
{
  int b = v != NULL ? PyObject_IsTrue(v) : -1;
  if (b < 0) {
    if (!PyErr_Occurred())
      PyErr_SetString(PyExc_AttributeError, "cannot delete");
    return -1;
  }
  w->blocking = b != 0;
  return 0;
}

/* await: yields itself until done (the Task then waits for its done
 * callback), then gives the result or raises. */
static PyObject *waiter_await(PyWaiter *w)
{
  Py_INCREF(w);
  return (PyObject *)w;
}

static PyObject *waiter_iternext(PyWaiter *w)
{
  if (w->state == WAIT_PENDING) {
    w->blocking = true;
    Py_INCREF(w);
    return (PyObject *)w;
  }
  PyObject *res = waiter_result(w, NULL);
  if (res == NULL)
    return NULL;
  PyObject *stop = PyObject_CallOneArg(PyExc_StopIteration, res);
  Py_DECREF(res);
  if (stop != NULL) {
    PyErr_SetObject(PyExc_StopIteration, stop);
    Py_DECREF(stop);
  }
  return NULL;
}

static int waiter_traverse(PyWaiter *w, visitproc visit, void *arg)
{
  Py_VISIT(w->engine);
  Py_VISIT(w->loop);
  Py_VISIT(w->value);
  Py_VISIT(w->cancel_msg);
  Py_VISIT(w->fn);
  Py_VISIT(w->ctx);
  Py_VISIT(w->more);
  return 0;
}

static int waiter_clear(PyWaiter *w)
{
  Py_CLEAR(w->loop);
  Py_CLEAR(w->value);
  Py_CLEAR(w->cancel_msg);
  Py_CLEAR(w->fn);
  Py_CLEAR(w->ctx);
  Py_CLEAR(w->more);
  return 0;
}

static void waiter_dealloc(PyWaiter *w)
{
  PyObject_GC_UnTrack(w);
  waiter_clear(w);
  Py_CLEAR(w->engine);
  PyObject_GC_Del(w);
}

static PyMethodDef waiter_methods[] = {
    {"result", (PyCFunction)waiter_result, METH_NOARGS, NULL},
    {"exception", (PyCFunction)waiter_exception, METH_NOARGS, NULL},
    {"done", (PyCFunction)waiter_done_m, METH_NOARGS, NULL},
    {"cancelled", (PyCFunction)waiter_cancelled, METH_NOARGS, NULL},
    {"cancel", (PyCFunction)(void (*)(void))waiter_cancel,
     METH_VARARGS | METH_KEYWORDS, NULL},
    {"get_loop", (PyCFunction)waiter_get_loop, METH_NOARGS, NULL},
    {"add_done_callback", (PyCFunction)(void (*)(void))waiter_add_done_callback,
     METH_FASTCALL | METH_KEYWORDS, NULL},
    {"remove_done_callback", (PyCFunction)waiter_remove_done_callback, METH_O,
     NULL},
    {NULL, NULL, 0, NULL}};

static PyGetSetDef waiter_getset[] = {
    {"_asyncio_future_blocking", (getter)waiter_get_blocking,
     (setter)waiter_set_blocking, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL}};

static PyAsyncMethods waiter_async = {.am_await = (unaryfunc)waiter_await};

PyTypeObject PyWaiter_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "snmpx._snmpx.Waiter",
    .tp_basicsize = sizeof(PyWaiter),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "A request in flight on an asyncio engine, awaited as a "
              "future (snmpx.pysnmp's requests).",
    .tp_dealloc = (destructor)waiter_dealloc,
    .tp_traverse = (traverseproc)waiter_traverse,
    .tp_clear = (inquiry)waiter_clear,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)waiter_iternext,
    .tp_as_async = &waiter_async,
    .tp_methods = waiter_methods,
    .tp_getset = waiter_getset,
};
