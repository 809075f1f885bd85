/* snmpx._snmpx: module init, the class registry and error mapping. */
#include "pysnmpx.h"

#include <structmember.h>

pysnmpx_classes pysnmpx_cls;

PyObject *pysnmpx_make_error(int code, PyObject *resp)
{
  if (pysnmpx_cls.make_error == NULL) {
    PyErr_Format(PyExc_RuntimeError, "snmpx: %s", snmpx_strerror(code));
    return NULL;
  }
  return PyObject_CallFunction(pysnmpx_cls.make_error, "iO", code,
                               resp != NULL ? resp : Py_None);
}

PyObject *pysnmpx_raise(int code, PyObject *resp)
{
  PyObject *exc = pysnmpx_make_error(code, resp);
  if (exc != NULL) {
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
  }
  return NULL;
}

/* A tuple subclass that C may fill with tp_alloc and PyTuple_SET_ITEM:
 * same layout as tuple (Python's __slots__ = ()). */
static int check_tuple_subclass(PyObject *cls, const char *what)
{
  if (!PyType_Check(cls) ||
      !PyType_IsSubtype((PyTypeObject *)cls, &PyTuple_Type) ||
      ((PyTypeObject *)cls)->tp_basicsize != PyTuple_Type.tp_basicsize) {
    PyErr_Format(PyExc_TypeError,
                 "_setup: %s must be a tuple subclass with __slots__ = ()",
                 what);
    return -1;
  }
  return 0;
}

static void set_class(PyObject **slot, PyObject *value)
{
  Py_XINCREF(value);
  Py_XSETREF(*slot, value);
}

/* The member (a __slots__ entry) |name| of class |cls|, or NULL when it
 * is not an object slot. */
static PyMemberDef *object_slot(PyObject *cls, const char *name)
{
  PyObject *d = PyObject_GetAttrString(cls, name);
  PyMemberDef *m = NULL;
  if (d != NULL && Py_IS_TYPE(d, &PyMemberDescr_Type) &&
      ((PyMemberDescrObject *)d)->d_member->type == T_OBJECT_EX)
    m = ((PyMemberDescrObject *)d)->d_member;
  Py_XDECREF(d);
  PyErr_Clear();
  return m;
}

/* slots maps type codes to the one slot their class's __init__ stores
 * its argument in (types._slot_classes). */
static int set_value_slots(PyObject *slots)
{
  PyObject *key, *value;
  Py_ssize_t pos = 0;
  memset(pysnmpx_cls.slot_by_tag, 0, sizeof(pysnmpx_cls.slot_by_tag));
  while (slots != NULL && PyDict_Next(slots, &pos, &key, &value)) {
    long tag = PyLong_AsLong(key);
    const char *name = PyUnicode_Check(value) ? PyUnicode_AsUTF8(value) : NULL;
    if (tag < 0 || tag >= 0x180 || name == NULL) {
      if (!PyErr_Occurred())
        PyErr_Format(PyExc_ValueError, "_setup: bad slot entry %R", key);
      return -1;
    }
    if (pysnmpx_cls.by_tag[tag] != NULL)
      pysnmpx_cls.slot_by_tag[tag] = object_slot(pysnmpx_cls.by_tag[tag], name);
  }
  return 0;
}

/* ResponsePDU's slots, when it has the four __init__ sets. */
static void set_response_slots(PyObject *resp)
{
  static const char *const names[4] = {"requestID", "errorStatus",
                                       "errorIndex", "variableBindings"};
  bool all = PyType_Check(resp);
  for (int i = 0; i < 4; i++) {
    pysnmpx_cls.response_slots[i] = all ? object_slot(resp, names[i]) : NULL;
    all = all && pysnmpx_cls.response_slots[i] != NULL;
  }
  if (!all)
    memset(pysnmpx_cls.response_slots, 0, sizeof(pysnmpx_cls.response_slots));
}

/* _setup(oid, varbind, varbindlist, response, make_error, async_walk,
 *        values[, improper[, slots]]): values maps snmpx type codes to
 * value classes; slots, to the slot of those a received value fills
 * (types._slot_classes). */
static PyObject *mod_setup(PyObject *mod, PyObject *args)
{
  PyObject *oid, *vb, *vbl, *resp, *mkerr, *awalk, *values, *improper = NULL,
                                                           *slots = NULL;
  if (!PyArg_ParseTuple(args, "OOOOOOO!|OO!:_setup", &oid, &vb, &vbl, &resp,
                        &mkerr, &awalk, &PyDict_Type, &values, &improper,
                        &PyDict_Type, &slots))
    return NULL;
  if (check_tuple_subclass(oid, "oid") < 0 ||
      check_tuple_subclass(vb, "varbind") < 0 ||
      check_tuple_subclass(vbl, "varbindlist") < 0)
    return NULL;
  PyObject *key, *value;
  Py_ssize_t pos = 0;
  while (PyDict_Next(values, &pos, &key, &value)) {
    long tag = PyLong_AsLong(key);
    if (tag < 0 || tag >= (long)(sizeof(pysnmpx_cls.by_tag) /
                                 sizeof(pysnmpx_cls.by_tag[0]))) {
      if (!PyErr_Occurred())
        PyErr_Format(PyExc_ValueError, "_setup: bad type code %ld", tag);
      return NULL;
    }
    set_class(&pysnmpx_cls.by_tag[tag], value);
  }
  set_class((PyObject **)&pysnmpx_cls.oid, oid);
  set_class((PyObject **)&pysnmpx_cls.varbind, vb);
  set_class((PyObject **)&pysnmpx_cls.varbindlist, vbl);
  set_class(&pysnmpx_cls.response, resp);
  set_class(&pysnmpx_cls.make_error, mkerr);
  set_class(&pysnmpx_cls.async_walk, awalk);
  if (improper != NULL)
    set_class(&pysnmpx_cls.improper, improper);
  if (set_value_slots(slots) < 0)
    return NULL;
  set_response_slots(resp);
  Py_RETURN_NONE;
}

/* _set_resolver(resolve, typed): resolve(text) -> OID for OID text that
 * is not numeric, typed(text, value) -> value for the values of varbinds
 * so named (snmpx.mib); None removes them. */
static PyObject *mod_set_resolver(PyObject *mod, PyObject *args)
{
  PyObject *fn, *typed;
  if (!PyArg_ParseTuple(args, "OO:_set_resolver", &fn, &typed))
    return NULL;
  if ((fn != Py_None && !PyCallable_Check(fn)) ||
      (typed != Py_None && !PyCallable_Check(typed)))
    return PyErr_Format(PyExc_TypeError, "_set_resolver: not callable");
  set_class(&pysnmpx_cls.resolve_name, fn == Py_None ? NULL : fn);
  set_class(&pysnmpx_cls.typed_value, typed == Py_None ? NULL : typed);
  Py_RETURN_NONE;
}

static PyObject *mod_strerror(PyObject *mod, PyObject *arg)
{
  int code = PyLong_AsLong(arg);
  if (code == -1 && PyErr_Occurred())
    return NULL;
  return PyUnicode_FromString(snmpx_strerror(code));
}

static PyObject *mod_errname(PyObject *mod, PyObject *arg)
{
  int code = PyLong_AsLong(arg);
  if (code == -1 && PyErr_Occurred())
    return NULL;
  return PyUnicode_FromString(snmpx_errname(code));
}

/* auth_from_name(name) -> int: any spelling libsnmpx accepts. */
static PyObject *mod_auth_from_name(PyObject *mod, PyObject *arg)
{
  const char *name = PyUnicode_AsUTF8(arg);
  snmpx_usm_auth a;
  if (name == NULL)
    return NULL;
  if (snmpx_usm_auth_from_name(name, &a) != 0)
    return PyErr_Format(PyExc_ValueError, "unknown authentication protocol %R",
                        arg);
  return PyLong_FromLong((long)a);
}

static PyObject *mod_priv_from_name(PyObject *mod, PyObject *arg)
{
  const char *name = PyUnicode_AsUTF8(arg);
  snmpx_usm_priv p;
  if (name == NULL)
    return NULL;
  if (snmpx_usm_priv_from_name(name, &p) != 0)
    return PyErr_Format(PyExc_ValueError, "unknown privacy protocol %R", arg);
  return PyLong_FromLong((long)p);
}

/* auth_digest_len(auth) -> int: the digest length of |auth|, the length
 * of its master keys and localized authentication keys (0: unknown). */
static PyObject *mod_auth_digest_len(PyObject *mod, PyObject *arg)
{
  long a = PyLong_AsLong(arg);
  if (a == -1 && PyErr_Occurred())
    return NULL;
  return PyLong_FromSize_t(snmpx_usm_auth_digest_len((snmpx_usm_auth)a));
}

/* parse_oid(text) -> OID, libsnmpx's parser, checked as an OID to send
 * (pysnmpx_oid_check). */
static PyObject *mod_parse_oid(PyObject *mod, PyObject *arg)
{
  snmpx_oid o;
  if (!PyUnicode_Check(arg))
    return PyErr_Format(PyExc_TypeError, "OID text must be str, not %s",
                        Py_TYPE(arg)->tp_name);
  if (pysnmpx_oid_name_from_py(arg, &o) < 0)
    return NULL;
  return pysnmpx_oid_new(snmpx_oid_view(&o));
}

/* oid_text(oid) -> "1.3.6.1": str() of an OID, by libsnmpx's formatter
 * (a walk prints every name; joining the arcs in Python costs more). */
static PyObject *mod_oid_text(PyObject *mod, PyObject *arg)
{
  snmpx_oid o;
  /* 128 arcs of at most 10 digits, a dot before each, and the NUL. */
  char buf[SNMPX_OID_MAX_LEN * 11 + 2];
  (void)mod;
  if (pysnmpx_oid_from_py(arg, &o) < 0)
    return NULL;
  int n = snmpx_oid_format(snmpx_oid_view(&o), buf, sizeof(buf));
  if (n < 0)
    return pysnmpx_raise(n, NULL);
  /* Without the leading dot; the empty OID is "". */
  return PyUnicode_FromStringAndSize(buf + 1, n > 0 ? n - 1 : 0);
}

/* ---- Table indexes (RFC 2578 7.7): libsnmpx's codec ----------------- */

/* An index spec from |kind| and |fixed| (the size of a fixed-length
 * string). */
static int index_spec(int kind, Py_ssize_t fixed, snmpx_index_spec *out)
{
  if (kind < SNMPX_INDEX_INTEGER || kind > SNMPX_INDEX_OID_IMPLIED ||
      fixed < 0) {
    PyErr_Format(PyExc_ValueError, "bad index spec (%d, %zd)", kind, fixed);
    return -1;
  }
  out->kind = (snmpx_index_kind)kind;
  out->fixed_len = (size_t)fixed;
  return 0;
}

/* encode_index(oid, items) -> OID: |oid| followed by the index encoding
 * of |items|, a sequence of (kind, fixed_len, value).  ValueError for a
 * value its kind cannot encode (a negative INTEGER, a string of the wrong
 * fixed length, another type) or an OID over 128 sub-identifiers. */
static PyObject *mod_encode_index(PyObject *mod, PyObject *args)
{
  PyObject *base, *items;
  if (!PyArg_ParseTuple(args, "OO:encode_index", &base, &items))
    return NULL;
  snmpx_oid o, store;
  if (pysnmpx_oid_from_py(base, &o) < 0)
    return NULL;
  PyObject *seq = PySequence_Fast(items, "encode_index: items must be a "
                                         "sequence");
  if (seq == NULL)
    return NULL;
  PyObject *res = NULL;
  for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(seq); i++) {
    PyObject *item = PySequence_Fast_GET_ITEM(seq, i), *value;
    int kind;
    Py_ssize_t fixed;
    snmpx_index_spec spec;
    snmpx_value v;
    if (!PyTuple_Check(item)) {
      PyErr_SetString(PyExc_TypeError,
                      "encode_index: items are (kind, size, value)");
      goto out;
    }
    if (!PyArg_ParseTuple(item, "inO:encode_index", &kind, &fixed, &value) ||
        index_spec(kind, fixed, &spec) < 0 ||
        pysnmpx_value_from_py(value, &v, &store) < 0)
      goto out;
    /* One at a time: |store| holds at most one OID value. */
    int rv = snmpx_oid_encode_index(&o, &spec, &v, 1);
    if (rv == SNMPX_EOID_TOOLONG) {
      PyErr_Format(PyExc_ValueError,
                   "the index makes the OID longer than %d sub-identifiers",
                   SNMPX_OID_MAX_LEN);
      goto out;
    }
    if (rv != 0) {
      PyErr_Format(PyExc_ValueError,
                   "%R cannot be encoded as this index (RFC 2578 7.7)", value);
      goto out;
    }
  }
  res = pysnmpx_oid_new(snmpx_oid_view(&o));
out:
  Py_DECREF(seq);
  return res;
}

/* decode_index(oid, prefix, specs) -> tuple of values, or the negative
 * SNMPX_EOID_BADPREFIX / SNMPX_EOID_BADINDEX code: the index after
 * |prefix| decoded by |specs|, a sequence of (kind, fixed_len).  Values are
 * Integer (INTEGER), Gauge32 (unsigned), OctetString, IpAddress or OID. */
static PyObject *mod_decode_index(PyObject *mod, PyObject *args)
{
  PyObject *oid_obj, *prefix_obj, *specs_obj;
  if (!PyArg_ParseTuple(args, "OOO:decode_index", &oid_obj, &prefix_obj,
                        &specs_obj))
    return NULL;
  snmpx_oid oid, prefix;
  if (pysnmpx_oid_from_py(oid_obj, &oid) < 0 ||
      pysnmpx_oid_from_py(prefix_obj, &prefix) < 0)
    return NULL;
  PyObject *seq = PySequence_Fast(specs_obj, "decode_index: specs must be a "
                                             "sequence");
  if (seq == NULL)
    return NULL;
  Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
  /* Items take an arc or more each, but for an IMPLIED last one and
   * zero-length fixed strings, which nobody puts in a row's INDEX. */
  if (n > SNMPX_OID_MAX_LEN + 1) {
    Py_DECREF(seq);
    return PyErr_Format(PyExc_ValueError,
                        "decode_index: %zd index types for an OID of at "
                        "most %d sub-identifiers",
                        n, SNMPX_OID_MAX_LEN);
  }
  snmpx_index_spec specs[SNMPX_OID_MAX_LEN + 1];
  snmpx_value vals[SNMPX_OID_MAX_LEN + 1];
  uint8_t scratch[SNMPX_OID_MAX_LEN]; /* string octets: one per arc */
  for (Py_ssize_t i = 0; i < n; i++) {
    PyObject *item = PySequence_Fast_GET_ITEM(seq, i);
    int kind;
    Py_ssize_t fixed;
    if (!PyTuple_Check(item) ||
        !PyArg_ParseTuple(item, "in:decode_index", &kind, &fixed) ||
        index_spec(kind, fixed, &specs[i]) < 0) {
      if (!PyErr_Occurred())
        PyErr_SetString(PyExc_TypeError,
                        "decode_index: specs are (kind, size)");
      Py_DECREF(seq);
      return NULL;
    }
  }
  Py_DECREF(seq);
  int rv =
      snmpx_oid_decode_index(snmpx_oid_view(&oid), snmpx_oid_view(&prefix),
                             specs, (size_t)n, vals, scratch, sizeof(scratch));
  if (rv == SNMPX_EOID_BADPREFIX || rv == SNMPX_EOID_BADINDEX)
    return PyLong_FromLong(rv);
  if (rv != 0)
    return pysnmpx_raise(rv, NULL);
  PyObject *t = PyTuple_New(n);
  for (Py_ssize_t i = 0; t != NULL && i < n; i++) {
    PyObject *v = pysnmpx_value_new(&vals[i]);
    if (v == NULL)
      Py_CLEAR(t);
    else
      PyTuple_SET_ITEM(t, i, v);
  }
  return t;
}

static PyMethodDef mod_methods[] = {
    {"_setup", mod_setup, METH_VARARGS,
     "Register the Python classes the extension builds (package internal)."},
    {"_set_resolver", mod_set_resolver, METH_VARARGS,
     "_set_resolver(resolve, typed): names and their values (snmpx.mib)."},
    {"strerror", mod_strerror, METH_O, "libsnmpx's text for an error code."},
    {"errname", mod_errname, METH_O, "libsnmpx's name for an error code."},
    {"auth_from_name", mod_auth_from_name, METH_O,
     "The authentication protocol number for a name (any common spelling)."},
    {"priv_from_name", mod_priv_from_name, METH_O,
     "The privacy protocol number for a name (any common spelling)."},
    {"auth_digest_len", mod_auth_digest_len, METH_O,
     "The digest length of an authentication protocol number."},
    {"parse_oid", mod_parse_oid, METH_O,
     "Parse dotted numeric OID text into an OID."},
    {"oid_text", mod_oid_text, METH_O,
     "oid_text(oid) -> str: an OID (sequence of ints) as \"1.3.6.1\"."},
    {"encode_index", mod_encode_index, METH_VARARGS,
     "encode_index(oid, items) -> OID: append the RFC 2578 7.7 index "
     "encoding of (kind, size, value) items."},
    {"decode_index", mod_decode_index, METH_VARARGS,
     "decode_index(oid, prefix, specs) -> tuple of values, or a negative "
     "error code: the RFC 2578 7.7 index after prefix."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef moddef = {
    PyModuleDef_HEAD_INIT,
    "snmpx._snmpx",
    "The C core of the snmpx package (libsnmpx bindings); use the snmpx "
    "package, not this module.",
    -1,
    mod_methods,
    NULL,
    NULL,
    NULL,
    NULL};

static int add_type(PyObject *m, PyTypeObject *t, const char *name)
{
  if (PyType_Ready(t) < 0)
    return -1;
  Py_INCREF(t);
  if (PyModule_AddObject(m, name, (PyObject *)t) < 0) {
    Py_DECREF(t);
    return -1;
  }
  return 0;
}

/* Error codes the Python layer maps to exceptions. */
static int add_codes(PyObject *m)
{
#define PYSNMPX_ADD_CODE_(name, value, text)                                   \
  if (PyModule_AddIntConstant(m, #name, value) < 0)                            \
    return -1;
  SNMPX_ERR_MAP(PYSNMPX_ADD_CODE_)
#undef PYSNMPX_ADD_CODE_
  return 0;
}

/* snmpx_index_kind values, as INDEX_INTEGER... for snmpx/types.py. */
static int add_index_kinds(PyObject *m)
{
  static const struct {
    const char *name;
    snmpx_index_kind kind;
  } kinds[] = {
      {"INDEX_INTEGER", SNMPX_INDEX_INTEGER},
      {"INDEX_UNSIGNED", SNMPX_INDEX_UNSIGNED},
      {"INDEX_STRING", SNMPX_INDEX_STRING},
      {"INDEX_STRING_FIXED", SNMPX_INDEX_STRING_FIXED},
      {"INDEX_STRING_IMPLIED", SNMPX_INDEX_STRING_IMPLIED},
      {"INDEX_IPADDRESS", SNMPX_INDEX_IPADDRESS},
      {"INDEX_OID", SNMPX_INDEX_OID},
      {"INDEX_OID_IMPLIED", SNMPX_INDEX_OID_IMPLIED},
  };
  for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
    if (PyModule_AddIntConstant(m, kinds[i].name, (long)kinds[i].kind) < 0)
      return -1;
  return 0;
}

PyMODINIT_FUNC PyInit__snmpx(void);
PyMODINIT_FUNC PyInit__snmpx(void)
{
  PyObject *m = PyModule_Create(&moddef);
  if (m == NULL)
    return NULL;
  if (add_type(m, &PyEngine_Type, "Engine") < 0 ||
      add_type(m, &PyManager_Type, "Manager") < 0 ||
      add_type(m, &PyHandle_Type, "RequestHandle") < 0 ||
      add_type(m, &PyWaiter_Type, "Waiter") < 0 ||
      add_type(m, &PyWalk_Type, "Walk") < 0 ||
      add_type(m, &PyMibDb_Type, "MibDb") < 0 ||
      PyModule_AddFunctions(m, pysnmpx_mib_functions) < 0 ||
      add_codes(m) < 0 ||
      PyModule_AddStringConstant(m, "LIBSNMPX_VERSION", SNMPX_VERSION_STRING) <
          0 ||
      PyModule_AddIntConstant(m, "POLL_IN", SNMPX_POLL_IN) < 0 ||
      PyModule_AddIntConstant(m, "POLL_OUT", SNMPX_POLL_OUT) < 0 ||
      PyModule_AddIntConstant(m, "POLL_REMOVE", SNMPX_POLL_REMOVE) < 0 ||
      add_index_kinds(m) < 0) {
    Py_DECREF(m);
    return NULL;
  }
  return m;
}
