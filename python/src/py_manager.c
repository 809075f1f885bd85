/* snmpx._snmpx: Manager (one remote agent) and Walk (a running walk). */
#include "pysnmpx.h"

#include <string.h>

/* ---- Engine._manager: make a manager ---------------------------------- */

static void link_manager(PyEngine *engine, PyManager *m)
{
  m->prev = NULL;
  m->next = engine->managers;
  if (engine->managers != NULL)
    engine->managers->prev = m;
  engine->managers = m;
}

static void unlink_manager(PyManager *m)
{
  if (m->prev != NULL)
    m->prev->next = m->next;
  else if (m->engine->managers == m)
    m->engine->managers = m->next;
  if (m->next != NULL)
    m->next->prev = m->prev;
  m->prev = m->next = NULL;
}

void pysnmpx_managers_release(PyEngine *engine)
{
  while (engine->managers != NULL) {
    PyManager *m = engine->managers;
    unlink_manager(m);
    snmpx_manager_free(m->m);
    m->m = NULL;
  }
}

/* Optional bytes argument as pointer and length. */
static void opt_bytes(PyObject *b, const uint8_t **p, size_t *len)
{
  *p = NULL;
  *len = 0;
  if (b != NULL && b != Py_None) {
    *p = (const uint8_t *)PyBytes_AS_STRING(b);
    *len = (size_t)PyBytes_GET_SIZE(b);
  }
}

static int parse_version(int v, snmpx_version *out)
{
  switch (v) {
  case 1:
    *out = SNMPX_VERSION_1;
    return 0;
  case 2:
    *out = SNMPX_VERSION_2C;
    return 0;
  case 3:
    *out = SNMPX_VERSION_3;
    return 0;
  default:
    PyErr_Format(PyExc_ValueError, "version must be 1, 2 (v2c) or 3, not %d",
                 v);
    return -1;
  }
}

/* The SNMPv3 security model of |t| (its address parsed): 0 (USM), or
 * SNMPX_SECMODEL_TSM (RFC 5591), which needs a tls: or dtls: address and
 * takes its transport prefix from it. */
static int set_security_model(snmpx_target *t, int model, PyObject *address)
{
  if (model == 0 || model == SNMPX_SECMODEL_USM)
    return 0;
  if (model != SNMPX_SECMODEL_TSM) {
    PyErr_Format(PyExc_ValueError, "_manager: security model %d", model);
    return -1;
  }
  if (t->addr.domain != SNMPX_DOMAIN_TLS &&
      t->addr.domain != SNMPX_DOMAIN_DTLS) {
    PyErr_Format(PyExc_ValueError,
                 "agent address %R: the Transport Security Model needs a "
                 "tls: or dtls: address, not %s:",
                 address, snmpx_domain_name(t->addr.domain));
    return -1;
  }
  if (t->version != SNMPX_VERSION_3) {
    PyErr_Format(PyExc_ValueError, "the Transport Security Model is for "
                                   "SNMPv3");
    return -1;
  }
  t->security_model = SNMPX_SECMODEL_TSM;
  t->transport_prefix = t->addr.domain == SNMPX_DOMAIN_TLS ? "tls" : "dtls";
  return 0;
}

PyObject *pysnmpx_engine_manager(PyEngine *self, PyObject *args,
                                 PyObject *kwds);
PyObject *pysnmpx_engine_manager(PyEngine *self, PyObject *args, PyObject *kwds)
{
  static char *kwlist[] = {
      "address",  "version",   "community", "timeout_ms", "retries",
      "user",     "namespace", "level",     "engine_id",  "context_name",
      "autowait", "cls",       "security_model", NULL};
  PyObject *address, *community = NULL, *user = NULL, *engine_id = NULL,
                     *context_name = NULL;
  PyTypeObject *cls = &PyManager_Type;
  const char *ns = NULL;
  int version = 3, level = 0, autowait = 1, model = 0;
  unsigned int timeout_ms = 0;
  int retries = -1;
  if (!PyArg_ParseTupleAndKeywords(
          args, kwds, "U|iOIiOziOOpO!i:_manager", kwlist, &address, &version,
          &community, &timeout_ms, &retries, &user, &ns, &level, &engine_id,
          &context_name, &autowait, &PyType_Type, &cls, &model))
    return NULL;
  if (!PyType_IsSubtype(cls, &PyManager_Type))
    return PyErr_Format(PyExc_TypeError, "_manager: cls must subclass "
                                         "Manager");
  PyObject *byte_args[] = {community, user, engine_id, context_name};
  for (size_t i = 0; i < 4; i++)
    if (byte_args[i] != NULL && byte_args[i] != Py_None &&
        !PyBytes_Check(byte_args[i]))
      return PyErr_Format(PyExc_TypeError, "_manager: bytes expected");
  /* snmpx/engine.py checks them: 0 and -1 would mean libsnmpx's
   * defaults. */
  if (timeout_ms == 0 || timeout_ms > 86400000u || retries < 0)
    return PyErr_Format(PyExc_ValueError,
                        "_manager: timeout_ms %u or "
                        "retries %d out of range",
                        timeout_ms, retries);
  snmpx_target t;
  memset(&t, 0, sizeof(t));
  if (parse_version(version, &t.version) < 0)
    return NULL;
  const char *spec = PyUnicode_AsUTF8(address);
  if (spec == NULL)
    return NULL;
  /* A host name goes to the resolver, which may take long: other threads
   * run meanwhile (|spec| lives in |address|, which the call holds). */
  int rv;
  Py_BEGIN_ALLOW_THREADS rv = snmpx_addr_parse(&t.addr, spec, 161);
  Py_END_ALLOW_THREADS if (rv != 0)
    return pysnmpx_addr_error("agent address", address, NULL, rv);
  /* Checked after the look-up: another thread may have closed it. */
  if (pysnmpx_engine_check(self) < 0)
    return NULL;
  /* tlstcp:, dtlsudp: parse, but an io may not carry them. */
  if ((rv = snmpx_io_check_addr(self->io, &t.addr)) != 0)
    return pysnmpx_addr_error("agent address", address, &t.addr, rv);
  if (set_security_model(&t, model, address) < 0)
    return NULL;
  opt_bytes(community, &t.community, &t.community_len);
  t.timeout_ms = timeout_ms;
  t.retries = retries;
  t.user_namespace = ns;
  opt_bytes(user, &t.user, &t.user_len);
  t.level = (snmpx_seclevel)level;
  opt_bytes(engine_id, &t.engine_id, &t.engine_id_len);
  opt_bytes(context_name, &t.context_name, &t.context_name_len);

  if (pysnmpx_engine_reserve(self) < 0)
    return NULL;
  PyManager *m = (PyManager *)cls->tp_alloc(cls, 0);
  if (m == NULL) {
    self->n_reserved--;
    return NULL;
  }
  m->m = snmpx_manager_new(self->e, &t);
  Py_INCREF(self);
  m->engine = self; /* its dealloc releases the slot */
  m->prev = m->next = NULL;
  m->autowait = autowait != 0;
  m->version = t.version;
  Py_INCREF(address);
  m->address = address;
  m->waiter_loop = NULL;
  if (m->m == NULL) {
    Py_DECREF(m);
    return PyErr_NoMemory();
  }
  link_manager(self, m);
  return (PyObject *)m;
}

static void manager_dealloc(PyManager *self)
{
  if (self->m != NULL)
    unlink_manager(self);
  /* Freed now, or once another thread waiting in the engine comes out. */
  pysnmpx_engine_drop(self->engine, self->m, 0);
  Py_XDECREF(self->address);
  Py_XDECREF(self->waiter_loop);
  Py_DECREF(self->engine);
  Py_TYPE(self)->tp_free((PyObject *)self);
}

static int manager_check(PyManager *self)
{
  if (pysnmpx_engine_check(self->engine) < 0)
    return -1;
  return 0;
}

/* ---- Arguments ---------------------------------------------------------- */

/* Keyword arguments of a METH_FASTCALL call: |names|[i] goes to out[i]
 * (left alone when absent).  Unknown names are a TypeError. */
static int parse_kw(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                    const char *const *names, PyObject **out, const char *fn)
{
  if (kwnames == NULL)
    return 0;
  Py_ssize_t nkw = PyTuple_GET_SIZE(kwnames);
  for (Py_ssize_t k = 0; k < nkw; k++) {
    PyObject *key = PyTuple_GET_ITEM(kwnames, k);
    size_t i = 0;
    while (names[i] != NULL &&
           PyUnicode_CompareWithASCIIString(key, names[i]) != 0)
      i++;
    if (names[i] == NULL) {
      PyErr_Format(PyExc_TypeError,
                   "%s() got an unexpected keyword argument %R", fn, key);
      return -1;
    }
    out[i] = args[nargs + k];
  }
  return 0;
}

/* Per-request settings (python-snmp's): a request given one of these is
 * sent by a manager made for it, with the others' settings, by the Python
 * class's _derive() (snmpx/manager.py), which checks them. */
static const char *const override_names[] = {
    "timeout", "retries", "community", "user", "securityLevel", "context",
    NULL};

static bool is_override(PyObject *key)
{
  for (size_t i = 0; override_names[i] != NULL; i++)
    if (PyUnicode_CompareWithASCIIString(key, override_names[i]) == 0)
      return true;
  return false;
}

/* When the call has per-request settings: *|res| is the result of
 * self._derive(**settings).|fn|(*args, **other keywords), or NULL with an
 * exception set, and 1 is returned.  Otherwise 0 (nothing done). */
static int call_overridden(PyManager *self, PyObject *const *args,
                           Py_ssize_t nargs, PyObject *kwnames,
                           const char *fn, PyObject **res)
{
  Py_ssize_t nkw = kwnames == NULL ? 0 : PyTuple_GET_SIZE(kwnames), k;
  for (k = 0; k < nkw; k++)
    if (is_override(PyTuple_GET_ITEM(kwnames, k)))
      break;
  if (k == nkw)
    return 0;
  *res = NULL;
  PyObject *settings = PyDict_New(), *rest = PyDict_New(), *pos = NULL,
           *derived = NULL, *method = NULL, *empty = NULL;
  if (settings == NULL || rest == NULL)
    goto out;
  for (k = 0; k < nkw; k++) {
    PyObject *key = PyTuple_GET_ITEM(kwnames, k);
    if (PyDict_SetItem(is_override(key) ? settings : rest, key,
                       args[nargs + k]) < 0)
      goto out;
  }
  if ((empty = PyTuple_New(0)) == NULL ||
      (method = PyObject_GetAttrString((PyObject *)self, "_derive")) ==
          NULL ||
      (derived = PyObject_Call(method, empty, settings)) == NULL)
    goto out;
  Py_CLEAR(method);
  if ((pos = PyTuple_New(nargs)) == NULL)
    goto out;
  for (Py_ssize_t i = 0; i < nargs; i++) {
    Py_INCREF(args[i]);
    PyTuple_SET_ITEM(pos, i, args[i]);
  }
  if ((method = PyObject_GetAttrString(derived, fn)) != NULL)
    *res = PyObject_Call(method, pos, rest);
out:
  Py_XDECREF(settings);
  Py_XDECREF(rest);
  Py_XDECREF(pos);
  Py_XDECREF(derived);
  Py_XDECREF(method);
  Py_XDECREF(empty);
  return 1;
}

/* wait=None means the manager's autowait.  Returns 0/1 or -1. */
static int want_wait(PyManager *self, PyObject *wait)
{
  if (wait == NULL || wait == Py_None)
    return self->autowait;
  return PyObject_IsTrue(wait);
}

static int int_arg(PyObject *obj, int dflt, const char *name, int *out)
{
  if (obj == NULL || obj == Py_None) {
    *out = dflt;
    return 0;
  }
  if (PyBool_Check(obj) || !PyLong_Check(obj)) {
    PyErr_Format(PyExc_TypeError, "%s must be an int, not %s", name,
                 Py_TYPE(obj)->tp_name);
    return -1;
  }
  int overflow;
  long long v = PyLong_AsLongLongAndOverflow(obj, &overflow);
  if (v == -1 && PyErr_Occurred())
    return -1;
  if (overflow != 0 || v < 0 || v > INT32_MAX) {
    PyErr_Format(PyExc_ValueError, "%s must be 0..2147483647, not %R", name,
                 obj);
    return -1;
  }
  *out = (int)v;
  return 0;
}

/* OIDs in caller storage: a few on the stack, more on the heap. */
enum { OIDS_LOCAL = 8 };
typedef struct oid_args {
  snmpx_oid local[OIDS_LOCAL];
  snmpx_oidv views_local[OIDS_LOCAL];
  snmpx_oid *oids;
  snmpx_oidv *views;
  size_t n;
} oid_args;

static void oid_args_free(oid_args *a)
{
  if (a->oids != a->local) {
    PyMem_Free(a->oids);
    PyMem_Free(a->views);
  }
}

static int oid_args_alloc(oid_args *a, size_t n)
{
  a->n = n;
  a->oids = a->local;
  a->views = a->views_local;
  if (n <= OIDS_LOCAL)
    return 0;
  a->oids = PyMem_Malloc(n * sizeof(*a->oids));
  a->views = PyMem_Malloc(n * sizeof(*a->views));
  if (a->oids == NULL || a->views == NULL) {
    PyMem_Free(a->oids);
    PyMem_Free(a->views);
    a->oids = a->local;
    PyErr_NoMemory();
    return -1;
  }
  return 0;
}

static int oid_args_parse(oid_args *a, PyObject *const *args, Py_ssize_t nargs,
                          const char *fn)
{
  if (nargs == 0) {
    PyErr_Format(PyExc_TypeError, "%s() needs at least one OID", fn);
    return -1;
  }
  if (oid_args_alloc(a, (size_t)nargs) < 0)
    return -1;
  for (Py_ssize_t i = 0; i < nargs; i++) {
    if (pysnmpx_oid_name_from_py(args[i], &a->oids[i]) < 0) {
      pysnmpx_error_context("%s() argument %zd", fn, i + 1);
      oid_args_free(a);
      return -1;
    }
    a->views[i] = snmpx_oid_view(&a->oids[i]);
  }
  return 0;
}

/* ---- Submitting -----------------------------------------------------------
 */

/* One request of any kind, ready to submit. */
typedef struct request {
  snmpx_pdu_type type;
  const snmpx_oidv *oids;   /* GET, GETNEXT, GETBULK */
  const snmpx_varbind *vbs; /* SET */
  const snmpx_pdu *pdu;     /* INFORM */
  size_t n;
  int non_repeaters, max_repetitions;
} request;

static int64_t submit(PyManager *self, const request *r, snmpx_response_cb cb,
                      void *ud)
{
  switch (r->type) {
  case SNMPX_PDU_GET:
    return snmpx_manager_get(self->m, r->oids, r->n, cb, ud);
  case SNMPX_PDU_GETNEXT:
    return snmpx_manager_getnext(self->m, r->oids, r->n, cb, ud);
  case SNMPX_PDU_GETBULK:
    return snmpx_manager_getbulk(self->m, r->non_repeaters, r->max_repetitions,
                                 r->oids, r->n, cb, ud);
  case SNMPX_PDU_INFORM:
    return snmpx_notify_send_inform(
        self->engine->e, snmpx_manager_target(self->m), r->pdu, cb, ud);
  default:
    return snmpx_manager_set(self->m, r->vbs, r->n, cb, ud);
  }
}

/* Submit |r|: a future (asyncio engine), the response (wait) or a
 * RequestHandle (no wait). */
static PyObject *send_request(PyManager *self, const request *r, int wait)
{
  PyEngine *engine = self->engine;
  /* What the response must answer (an inform's is not checked). */
  pysnmpx_expect *x = pysnmpx_expect_new(
      r->type == SNMPX_PDU_INFORM ? (snmpx_pdu_type)0 : r->type,
      r->non_repeaters, r->max_repetitions, r->oids, r->vbs,
      r->type == SNMPX_PDU_INFORM ? 0 : r->n);
  if (x == NULL)
    return NULL;
  if (engine->loop_mode) {
    bool waiter = self->waiter_loop != NULL;
    PyObject *fut = waiter ? pysnmpx_waiter_new(engine, self->waiter_loop)
                           : pysnmpx_engine_future(engine);
    if (fut == NULL) {
      pysnmpx_expect_free(x);
      return NULL;
    }
    pysnmpx_expect_set_future(x, fut); /* the callback's reference */
    int64_t h = submit(self, r, waiter ? pysnmpx_waiter_cb : pysnmpx_future_cb,
                       x);
    if (h < 0) {
      pysnmpx_expect_free(x);
      Py_DECREF(fut);
      return pysnmpx_raise((int)h, NULL);
    }
    return fut;
  }
  int64_t h = submit(self, r, NULL, NULL);
  if (h < 0) {
    pysnmpx_expect_free(x);
    return pysnmpx_raise((int)h, NULL);
  }
  if (wait) {
    PyObject *res = pysnmpx_engine_wait(engine, h, x);
    pysnmpx_expect_free(x);
    return res;
  }
  return pysnmpx_handle_new(engine, h, x);
}

static PyObject *names_request(PyManager *self, snmpx_pdu_type type,
                               PyObject *const *args, Py_ssize_t nargs,
                               PyObject *kwnames, const char *fn)
{
  static const char *const kw_plain[] = {"wait", NULL};
  static const char *const kw_bulk[] = {"wait", "nonRepeaters",
                                        "maxRepetitions", NULL};
  PyObject *kw[3] = {NULL, NULL, NULL}, *res;
  if (call_overridden(self, args, nargs, kwnames, fn, &res))
    return res;
  if (parse_kw(args, nargs, kwnames,
               type == SNMPX_PDU_GETBULK ? kw_bulk : kw_plain, kw, fn) < 0 ||
      manager_check(self) < 0)
    return NULL;
  request r;
  memset(&r, 0, sizeof(r));
  r.type = type;
  if (int_arg(kw[1], 0, "nonRepeaters", &r.non_repeaters) < 0 ||
      int_arg(kw[2], 10, "maxRepetitions", &r.max_repetitions) < 0)
    return NULL;
  int wait = want_wait(self, kw[0]);
  if (wait < 0)
    return NULL;
  oid_args a;
  if (oid_args_parse(&a, args, nargs, fn) < 0)
    return NULL;
  r.oids = a.views;
  r.n = a.n;
  res = send_request(self, &r, wait);
  oid_args_free(&a);
  return res;
}

static PyObject *manager_get(PyManager *self, PyObject *const *args,
                             Py_ssize_t nargs, PyObject *kwnames)
{
  return names_request(self, SNMPX_PDU_GET, args, nargs, kwnames, "get");
}

static PyObject *manager_getnext(PyManager *self, PyObject *const *args,
                                 Py_ssize_t nargs, PyObject *kwnames)
{
  return names_request(self, SNMPX_PDU_GETNEXT, args, nargs, kwnames,
                       "getNext");
}

static PyObject *manager_getbulk(PyManager *self, PyObject *const *args,
                                 Py_ssize_t nargs, PyObject *kwnames)
{
  return names_request(self, SNMPX_PDU_GETBULK, args, nargs, kwnames,
                       "getBulk");
}

static PyObject *manager_set(PyManager *self, PyObject *const *args,
                             Py_ssize_t nargs, PyObject *kwnames)
{
  static const char *const kwn[] = {"wait", NULL};
  PyObject *kw[1] = {NULL}, *res = NULL;
  if (call_overridden(self, args, nargs, kwnames, "set", &res))
    return res;
  if (parse_kw(args, nargs, kwnames, kwn, kw, "set") < 0 ||
      manager_check(self) < 0)
    return NULL;
  int wait = want_wait(self, kw[0]);
  if (wait < 0)
    return NULL;
  if (nargs == 0) {
    PyErr_SetString(PyExc_TypeError, "set() needs at least one VarBind");
    return NULL;
  }
  pysnmpx_varbinds s;
  if (pysnmpx_varbinds_parse(&s, args, (size_t)nargs, "set()") == 0) {
    request r;
    memset(&r, 0, sizeof(r));
    r.type = SNMPX_PDU_SET;
    r.vbs = s.vbs;
    r.n = s.n;
    res = send_request(self, &r, wait);
  }
  pysnmpx_varbinds_free(&s);
  return res;
}

/* ---- Notifications (RFC 3413 3.3) ------------------------------------------
 */

/* _notify(pdu_type, varbinds, wait=None, trap_oid=None, uptime=0,
 *         enterprise=None, agent_addr=None, generic=0, specific=0,
 *         request_id=0): an SNMPv2-Trap or InformRequest (sysUpTime.0
 * |uptime| and snmpTrapOID.0 |trap_oid| before |varbinds|: libsnmpx's
 * snmpx_notify_build_v2) or a Trap-PDU (snmpx_notify_build_v1, |uptime|
 * its time-stamp).  A trap is sent once, translated to the target's
 * version by snmpx_notify_send_trap (returns None); an inform is a request
 * (snmpx_notify_send_inform: the response, a RequestHandle or a future).
 * |agent_addr| is the v1 field, also used when an SNMPv2-Trap goes to a v1
 * target.  snmpx/manager.py checks and builds the arguments. */
static PyObject *manager_notify(PyManager *self, PyObject *args, PyObject *kwds)
{
  static char *kwlist[] = {"pdu_type", "varbinds",   "wait",       "trap_oid",
                           "uptime",   "enterprise", "agent_addr", "generic",
                           "specific", "request_id", NULL};
  int type, generic = 0, specific = 0, reqid = 0;
  unsigned int uptime = 0;
  PyObject *vbs, *wait_obj = Py_None, *trap_oid = Py_None,
                 *enterprise = Py_None;
  Py_buffer agent = {0};
  if (!PyArg_ParseTupleAndKeywords(
          args, kwds, "iO|OOIOz*iii:_notify", kwlist, &type, &vbs, &wait_obj,
          &trap_oid, &uptime, &enterprise, &agent, &generic, &specific, &reqid))
    return NULL;
  PyObject *res = NULL, *seq = NULL;
  pysnmpx_varbinds v = {0};
  snmpx_varbind *all = NULL; /* v2: sysUpTime.0, snmpTrapOID.0, |v| */
  snmpx_oid oid;             /* snmpTrapOID.0's value, or the enterprise */
  snmpx_pdu pdu;
  int rv = 0, wait = want_wait(self, wait_obj);
  bool v1 = type == SNMPX_PDU_TRAP_V1;
  if (!v1 && type != SNMPX_PDU_TRAP_V2 && type != SNMPX_PDU_INFORM) {
    PyErr_Format(PyExc_ValueError, "_notify: PDU type 0x%x", type);
    goto out;
  }
  if (agent.buf != NULL && agent.len != 4) {
    PyErr_SetString(PyExc_ValueError, "agentAddr must be 4 octets");
    goto out;
  }
  PyObject *oid_obj = v1 ? enterprise : trap_oid;
  if (oid_obj == Py_None) {
    PyErr_SetString(PyExc_ValueError, v1 ? "a v1 trap needs an enterprise"
                                         : "a notification needs a trapOID");
    goto out;
  }
  if (wait < 0 || manager_check(self) < 0 ||
      pysnmpx_oid_name_from_py(oid_obj, &oid) < 0 ||
      (seq = PySequence_Fast(vbs, "varbinds must be a sequence")) == NULL ||
      pysnmpx_varbinds_parse(&v, PySequence_Fast_ITEMS(seq),
                             (size_t)PySequence_Fast_GET_SIZE(seq),
                             "a notification") < 0)
    goto out;
  if (v1) {
    rv = snmpx_notify_build_v1(&pdu, snmpx_oid_view(&oid),
                               (const uint8_t *)agent.buf, generic, specific,
                               uptime, v.vbs, v.n);
  } else {
    all = PyMem_Calloc(v.n + 2, sizeof(*all));
    if (all == NULL) {
      PyErr_NoMemory();
      goto out;
    }
    rv = snmpx_notify_build_v2(&pdu, (snmpx_pdu_type)type, uptime,
                               snmpx_oid_view(&oid), v.vbs, v.n, all, v.n + 2);
    /* RFC 3584 3.2 (2): what a v1 target gets as the agent-addr. */
    if (rv == 0 && agent.buf != NULL)
      memcpy(pdu.agent_addr, agent.buf, 4);
  }
  if (rv != 0) {
    pysnmpx_raise(rv, NULL);
    goto out;
  }
  pdu.request_id = reqid;
  if (type == SNMPX_PDU_INFORM) {
    request r;
    memset(&r, 0, sizeof(r));
    r.type = SNMPX_PDU_INFORM;
    r.pdu = &pdu;
    res = send_request(self, &r, wait);
    goto out;
  }
  /* RFC 3584 3.1/3.2 translation to the target's version, in C. */
  rv = snmpx_notify_send_trap(self->engine->e, snmpx_manager_target(self->m),
                              &pdu);
  if (rv != 0)
    pysnmpx_raise(rv, NULL);
  else {
    Py_INCREF(Py_None);
    res = Py_None;
  }
out:
  PyMem_Free(all);
  pysnmpx_varbinds_free(&v);
  Py_XDECREF(seq);
  if (agent.buf != NULL)
    PyBuffer_Release(&agent);
  return res;
}

/* _target: the manager's settings, as Engine._manager takes them (for
 * Manager._derive). */
static PyObject *manager_get_target(PyManager *self, void *closure)
{
  if (manager_check(self) < 0)
    return NULL;
  const snmpx_target *t = snmpx_manager_target(self->m);
  const char *ns = t->user_namespace != NULL ? t->user_namespace : "";
  return Py_BuildValue(
      "{s:y#,s:I,s:i,s:y#,s:s,s:i,s:y#,s:y#,s:O,s:i}", "community",
      (const char *)t->community, (Py_ssize_t)t->community_len, "timeout_ms",
      (unsigned int)t->timeout_ms, "retries", (int)t->retries, "user",
      (const char *)t->user, (Py_ssize_t)t->user_len, "namespace", ns,
      "level", (int)t->level, "engine_id", (const char *)t->engine_id,
      (Py_ssize_t)t->engine_id_len, "context_name",
      (const char *)t->context_name, (Py_ssize_t)t->context_name_len,
      "autowait", self->autowait ? Py_True : Py_False, "security_model",
      t->security_model);
}

/* _peer: the agent's resolved address as (host, port). */
static PyObject *manager_get_peer(PyManager *self, void *closure)
{
  if (manager_check(self) < 0)
    return NULL;
  return pysnmpx_addr_tuple(&snmpx_manager_target(self->m)->addr);
}

/* _peer_spec: the agent's resolved address as snmpx_addr_parse takes it
 * back, transport included ("tcp:127.0.0.1:161", "unix:/path"). */
static PyObject *manager_get_peer_spec(PyManager *self, void *closure)
{
  if (manager_check(self) < 0)
    return NULL;
  char buf[160];
  int n = snmpx_addr_format_spec(&snmpx_manager_target(self->m)->addr, buf,
                                 sizeof(buf));
  if (n < 0)
    return pysnmpx_raise(n, NULL);
  return PyUnicode_DecodeFSDefaultAndSize(buf, n);
}

/* ---- Walks ------------------------------------------------------------------
 */

/* The C walk's user data: outlives a Walk object dropped mid-walk (the
 * walk then stops at its next varbind and the link is freed when done). */
typedef struct walk_link {
  struct PyWalk *owner;
} walk_link;

typedef struct PyWalk {
  PyObject_HEAD PyManager *mgr;
  PyObject *items; /* VarBinds received, not yet taken */
  Py_ssize_t pos;  /* next item to take */
  bool running;
  bool stop;        /* the caller stopped the walk */
  PyObject *error;  /* exception instance the walk ended with */
  PyObject *notify; /* asyncio: called once with None on progress */
  walk_link *link;
} PyWalk;

static void walk_wake(PyWalk *w)
{
  if (w->notify == NULL)
    return;
  PyObject *fn = w->notify;
  w->notify = NULL;
  PyObject *r = PyObject_CallOneArg(fn, Py_None);
  if (r == NULL)
    PyErr_Clear(); /* the waiter was cancelled */
  Py_XDECREF(r);
  Py_DECREF(fn);
}

/* Keep the pending exception as the walk's error. */
static void walk_fail(PyWalk *w)
{
  PyObject *type, *value, *tb;
  PyErr_Fetch(&type, &value, &tb);
  PyErr_NormalizeException(&type, &value, &tb);
  if (value != NULL && tb != NULL)
    PyException_SetTraceback(value, tb);
  Py_XDECREF(type);
  Py_XDECREF(tb);
  if (w->error == NULL)
    w->error = value;
  else
    Py_XDECREF(value);
}

static bool walk_varbind_cb(void *ud, const snmpx_varbind *vb)
{
  walk_link *link = ud;
  PyGILState_STATE g = PyGILState_Ensure();
  PyWalk *w = link->owner;
  bool go_on = w != NULL && !w->stop;
  if (go_on) {
    PyObject *obj = pysnmpx_varbind_new(vb);
    if (obj == NULL || PyList_Append(w->items, obj) < 0) {
      walk_fail(w);
      go_on = false;
    }
    Py_XDECREF(obj);
    walk_wake(w);
  }
  PyGILState_Release(g);
  return go_on;
}

static void walk_done_cb(void *ud, int status, const snmpx_pdu *resp,
                         size_t vb_index, const snmpx_oid *last)
{
  walk_link *link = ud;
  PyGILState_STATE g = PyGILState_Ensure();
  PyWalk *w = link->owner;
  PyMem_Free(link);
  if (w != NULL) {
    w->link = NULL;
    w->running = false;
    if (status != 0 && status != SNMPX_ECANCELED && w->error == NULL) {
      PyObject *r = resp != NULL ? pysnmpx_response_new(resp) : NULL;
      if (resp == NULL || r != NULL)
        w->error = pysnmpx_make_error(status, r);
      Py_XDECREF(r);
      if (w->error == NULL)
        walk_fail(w);
    }
    walk_wake(w);
  }
  PyGILState_Release(g);
}

static PyObject *start_walk(PyManager *self, PyObject *root, bool bulk,
                            int max_rep, bool nonincreasing)
{
  snmpx_oid oid;
  if (manager_check(self) < 0)
    return NULL;
  if (pysnmpx_oid_name_from_py(root, &oid) < 0) {
    pysnmpx_error_context("%s(): the root OID", bulk ? "bulkWalk" : "walk");
    return NULL;
  }
  PyWalk *w = PyObject_GC_New(PyWalk, &PyWalk_Type);
  if (w == NULL)
    return NULL;
  Py_INCREF(self);
  w->mgr = self;
  w->items = PyList_New(0);
  w->pos = 0;
  w->running = false;
  w->stop = false;
  w->error = NULL;
  w->notify = NULL;
  w->link = PyMem_Malloc(sizeof(*w->link));
  PyObject_GC_Track(w);
  if (w->items == NULL || w->link == NULL) {
    Py_DECREF(w);
    return PyErr_NoMemory();
  }
  w->link->owner = w;
  snmpx_walk_opts o;
  memset(&o, 0, sizeof(o));
  o.bulk = bulk;
  o.max_repetitions = max_rep;
  o.allow_nonincreasing = nonincreasing;
  int rv = snmpx_manager_walk(self->m, snmpx_oid_view(&oid), &o,
                              walk_varbind_cb, walk_done_cb, w->link);
  if (rv != 0) {
    PyMem_Free(w->link);
    w->link = NULL;
    Py_DECREF(w);
    return pysnmpx_raise(rv, NULL);
  }
  w->running = true;
  return (PyObject *)w;
}

static PyObject *walk_common(PyManager *self, PyObject *const *args,
                             Py_ssize_t nargs, PyObject *kwnames, bool bulk,
                             const char *fn)
{
  static const char *const kw_bulk[] = {"maxRepetitions", "allowNonIncreasing",
                                        NULL};
  static const char *const kw_walk[] = {"allowNonIncreasing", NULL};
  PyObject *kw[2] = {NULL, NULL}, *res;
  if (call_overridden(self, args, nargs, kwnames, fn, &res))
    return res;
  /* walk() has no maxRepetitions: refused, not ignored. */
  if (parse_kw(args, nargs, kwnames, bulk ? kw_bulk : kw_walk,
               bulk ? kw : kw + 1, fn) < 0)
    return NULL;
  if (nargs != 1)
    return PyErr_Format(PyExc_TypeError, "%s() takes one OID", fn);
  int max_rep, nonincreasing = 0;
  if (int_arg(kw[0], 10, "maxRepetitions", &max_rep) < 0 ||
      (kw[1] != NULL && (nonincreasing = PyObject_IsTrue(kw[1])) < 0))
    return NULL;
  if (bulk && max_rep == 0)
    return PyErr_Format(PyExc_ValueError, "maxRepetitions must be > 0");
  return start_walk(self, args[0], bulk, max_rep, nonincreasing != 0);
}

static PyObject *manager_walk(PyManager *self, PyObject *const *args,
                              Py_ssize_t nargs, PyObject *kwnames)
{
  return walk_common(self, args, nargs, kwnames, false, "walk");
}

static PyObject *manager_bulkwalk(PyManager *self, PyObject *const *args,
                                  Py_ssize_t nargs, PyObject *kwnames)
{
  return walk_common(self, args, nargs, kwnames, true, "bulkWalk");
}

/* ---- Walk object ------------------------------------------------------------
 */

/* The next buffered VarBind (new reference), or NULL with no error when
 * none is buffered. */
static PyObject *walk_take(PyWalk *w)
{
  Py_ssize_t n = PyList_GET_SIZE(w->items);
  if (w->pos < n) {
    PyObject *item = PyList_GET_ITEM(w->items, w->pos);
    Py_INCREF(item);
    if (++w->pos == n) {
      PyList_SetSlice(w->items, 0, n, NULL);
      w->pos = 0;
    }
    return item;
  }
  return NULL;
}

/* Finished: raise the walk's error, or |stop_type|. */
static PyObject *walk_finish(PyWalk *w, PyObject *stop_type)
{
  if (w->error != NULL) {
    PyErr_SetObject((PyObject *)Py_TYPE(w->error), w->error);
    return NULL;
  }
  if (stop_type != NULL)
    PyErr_SetNone(stop_type);
  return NULL;
}

static PyObject *walk_next(PyWalk *w)
{
  for (;;) {
    PyObject *item = walk_take(w);
    if (item != NULL)
      return item;
    if (!w->running)
      return walk_finish(w, NULL);
    if (pysnmpx_engine_check(w->mgr->engine) < 0 ||
        pysnmpx_engine_run_once(w->mgr->engine) < 0)
      return NULL;
  }
}

/* _pop(): the next VarBind, None when nothing is buffered yet, or
 * StopAsyncIteration / the walk's error when it has ended. */
static PyObject *walk_pop(PyWalk *w, PyObject *unused)
{
  PyObject *item = walk_take(w);
  if (item != NULL)
    return item;
  if (!w->running)
    return walk_finish(w, PyExc_StopAsyncIteration);
  Py_RETURN_NONE;
}

/* _notify(fn): call fn(None) once, at the walk's next progress. */
static PyObject *walk_set_notify(PyWalk *w, PyObject *fn)
{
  Py_INCREF(fn);
  Py_XSETREF(w->notify, fn);
  Py_RETURN_NONE;
}

static PyObject *walk_close(PyWalk *w, PyObject *unused)
{
  w->stop = true;
  Py_RETURN_NONE;
}

static PyObject *walk_aiter(PyWalk *w)
{
  if (pysnmpx_cls.async_walk == NULL)
    return PyErr_Format(PyExc_RuntimeError, "snmpx: _setup not called");
  return PyObject_CallOneArg(pysnmpx_cls.async_walk, (PyObject *)w);
}

static int walk_traverse(PyWalk *w, visitproc visit, void *arg)
{
  Py_VISIT(w->mgr);
  Py_VISIT(w->items);
  Py_VISIT(w->error);
  Py_VISIT(w->notify);
  return 0;
}

static int walk_clear(PyWalk *w)
{
  Py_CLEAR(w->items);
  Py_CLEAR(w->error);
  Py_CLEAR(w->notify);
  return 0;
}

static void walk_dealloc(PyWalk *w)
{
  PyObject_GC_UnTrack(w);
  if (w->link != NULL)
    w->link->owner = NULL;
  walk_clear(w);
  Py_XDECREF(w->mgr);
  PyObject_GC_Del(w);
}

static PyObject *walk_get_running(PyWalk *w, void *closure)
{
  return PyBool_FromLong(w->running);
}

static PyMethodDef walk_methods[] = {
    {"close", (PyCFunction)walk_close, METH_NOARGS,
     "close()\n\nStop the walk at its next response."},
    {"_pop", (PyCFunction)walk_pop, METH_NOARGS, NULL},
    {"_notify", (PyCFunction)walk_set_notify, METH_O, NULL},
    {NULL, NULL, 0, NULL}};

static PyGetSetDef walk_getset[] = {
    {"running", (getter)walk_get_running, NULL,
     "True while requests of the walk are in flight.", NULL},
    {NULL, NULL, NULL, NULL, NULL}};

static PyAsyncMethods walk_async = {.am_aiter = (unaryfunc)walk_aiter};

PyTypeObject PyWalk_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "snmpx.Walk",
    .tp_basicsize = sizeof(PyWalk),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "A walk in progress: iterate it (for, or async for with an "
              "AsyncEngine) to get each VarBind of the subtree in order.",
    .tp_dealloc = (destructor)walk_dealloc,
    .tp_traverse = (traverseproc)walk_traverse,
    .tp_clear = (inquiry)walk_clear,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)walk_next,
    .tp_as_async = &walk_async,
    .tp_methods = walk_methods,
    .tp_getset = walk_getset,
};

/* ---- Manager type ---------------------------------------------------------
 */

static PyObject *manager_repr(PyManager *self)
{
  static const char *const names[] = {"1", "2c", "?", "3"};
  return PyUnicode_FromFormat("<snmpx.Manager %R v%s>", self->address,
                              names[self->version & 3]);
}

static PyObject *manager_get_autowait(PyManager *self, void *closure)
{
  return PyBool_FromLong(self->autowait);
}

static int manager_set_autowait(PyManager *self, PyObject *v, void *closure)
{
  int b = v != NULL ? PyObject_IsTrue(v) : -1;
  if (b < 0) {
    if (!PyErr_Occurred())
      PyErr_SetString(PyExc_TypeError, "cannot delete autowait");
    return -1;
  }
  self->autowait = b != 0;
  return 0;
}

static PyObject *manager_get_address(PyManager *self, void *closure)
{
  Py_INCREF(self->address);
  return self->address;
}

static PyObject *manager_get_version(PyManager *self, void *closure)
{
  return PyLong_FromLong(self->version == SNMPX_VERSION_1    ? 1
                         : self->version == SNMPX_VERSION_2C ? 2
                                                             : 3);
}

/* _waiters: the asyncio loop whose Waiters (py_waiter.c) this manager's
 * requests give, rather than futures of the engine's loop; None (the
 * default): futures.  Only an asyncio engine's manager takes one. */
static PyObject *manager_get_waiters(PyManager *self, void *closure)
{
  PyObject *loop = self->waiter_loop != NULL ? self->waiter_loop : Py_None;
  Py_INCREF(loop);
  return loop;
}

static int manager_set_waiters(PyManager *self, PyObject *v, void *closure)
{
  if (v != NULL && v != Py_None && !self->engine->loop_mode) {
    PyErr_SetString(PyExc_RuntimeError,
                    "snmpx: _waiters needs an asyncio engine's manager");
    return -1;
  }
  Py_XINCREF(v == Py_None ? NULL : v);
  Py_XSETREF(self->waiter_loop, v == Py_None ? NULL : v);
  return 0;
}

static PyObject *manager_get_engine(PyManager *self, void *closure)
{
  Py_INCREF(self->engine);
  return (PyObject *)self->engine;
}

#define FASTKW (METH_FASTCALL | METH_KEYWORDS)
static PyMethodDef manager_methods[] = {
    /* Manager[ResponsePDU] in annotations (snmpx/_snmpx.pyi: generic in
     * what its requests give). */
    {"__class_getitem__", Py_GenericAlias, METH_O | METH_CLASS,
     "Manager[T]: a generic alias, for annotations."},
    {"get", (PyCFunction)(void (*)(void))manager_get, FASTKW,
     "get(*oids, wait=None) -> ResponsePDU | RequestHandle | Future\n\n"
     "GetRequest for the OIDs (str or OID)."},
    {"getNext", (PyCFunction)(void (*)(void))manager_getnext, FASTKW,
     "getNext(*oids, wait=None)\n\nGetNextRequest for the OIDs."},
    {"getBulk", (PyCFunction)(void (*)(void))manager_getbulk, FASTKW,
     "getBulk(*oids, nonRepeaters=0, maxRepetitions=10, wait=None)\n\n"
     "GetBulkRequest (SNMPv2c and v3)."},
    {"set", (PyCFunction)(void (*)(void))manager_set, FASTKW,
     "set(*varbinds, wait=None)\n\nSetRequest of VarBind or (name, value) "
     "pairs; values are snmpx value objects, int (Integer), bytes or str "
     "(OctetString)."},
    {"walk", (PyCFunction)(void (*)(void))manager_walk, FASTKW,
     "walk(oid, allowNonIncreasing=False) -> Walk\n\nGetNext walk of the "
     "subtree, an iterator of VarBind."},
    {"_notify", (PyCFunction)(void (*)(void))manager_notify,
     METH_VARARGS | METH_KEYWORDS, NULL},
    {"bulkWalk", (PyCFunction)(void (*)(void))manager_bulkwalk, FASTKW,
     "bulkWalk(oid, maxRepetitions=10, allowNonIncreasing=False) -> Walk\n\n"
     "GetBulk walk of the subtree, an iterator of VarBind."},
    {NULL, NULL, 0, NULL}};

static PyGetSetDef manager_getset[] = {
    {"autowait", (getter)manager_get_autowait, (setter)manager_set_autowait,
     "Default of wait= for this manager's requests.", NULL},
    {"address", (getter)manager_get_address, NULL, "The agent's address.",
     NULL},
    {"engine", (getter)manager_get_engine, NULL, "The engine.", NULL},
    {"_peer", (getter)manager_get_peer, NULL, NULL, NULL},
    {"_peer_spec", (getter)manager_get_peer_spec, NULL, NULL, NULL},
    {"_target", (getter)manager_get_target, NULL, NULL, NULL},
    {"_waiters", (getter)manager_get_waiters, (setter)manager_set_waiters,
     NULL, NULL},
    {"version", (getter)manager_get_version, NULL,
     "The SNMP version: 1, 2 (v2c) or 3.", NULL},
    {NULL, NULL, NULL, NULL, NULL}};

PyTypeObject PyManager_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "snmpx.Manager",
    .tp_basicsize = sizeof(PyManager),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "One remote agent; made by Engine.Manager().",
    .tp_dealloc = (destructor)manager_dealloc,
    .tp_repr = (reprfunc)manager_repr,
    .tp_methods = manager_methods,
    .tp_getset = manager_getset,
};
