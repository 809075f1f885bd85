/* snmpx._snmpx: values, OIDs and PDUs between libsnmpx and Python. */
#include "pysnmpx.h"

#include <stdarg.h>
#include <structmember.h>
#include <string.h>

/* An instance of a tuple subclass with |n| empty slots (see _setup). */
static PyObject *tuple_of(PyTypeObject *t, Py_ssize_t n)
{
  if (t == NULL) {
    PyErr_SetString(PyExc_RuntimeError, "snmpx._snmpx: _setup not called");
    return NULL;
  }
  return t->tp_alloc(t, n);
}

PyObject *pysnmpx_oid_new(snmpx_oidv v)
{
  PyObject *o = tuple_of(pysnmpx_cls.oid, (Py_ssize_t)v.len);
  if (o == NULL)
    return NULL;
  for (size_t i = 0; i < v.len; i++) {
    PyObject *n = PyLong_FromUnsignedLong(v.arcs[i]);
    if (n == NULL) {
      Py_DECREF(o);
      return NULL;
    }
    PyTuple_SET_ITEM(o, (Py_ssize_t)i, n);
  }
  return o;
}

/* The three obsolete types a response may still carry have no class of
 * their own: UInteger32 (RFC 1442) comes up as Gauge32 (Unsigned32), its
 * successor; BIT STRING and NsapAddress as OctetString of their raw
 * octets (a BIT STRING's unused-bits octet first). */
static snmpx_type python_type(snmpx_type t)
{
  switch (t) {
  case SNMPX_TYPE_UINTEGER32:
    return SNMPX_TYPE_GAUGE32;
  case SNMPX_TYPE_BIT_STRING:
  case SNMPX_TYPE_NSAPADDRESS:
    return SNMPX_TYPE_OCTET_STRING;
  default:
    return t;
  }
}

static PyObject *value_class(snmpx_type t)
{
  PyObject *cls = NULL;
  t = python_type(t);
  if ((size_t)t < sizeof(pysnmpx_cls.by_tag) / sizeof(pysnmpx_cls.by_tag[0]))
    cls = pysnmpx_cls.by_tag[t];
  if (cls == NULL)
    PyErr_Format(PyExc_ValueError, "snmpx: no class for value type 0x%x",
                 (unsigned)t);
  return cls;
}

/* The single constructor argument for |v|, or NULL for argument-less
 * types (sets *|none|). */
static PyObject *value_arg(const snmpx_value *v, bool *none)
{
  *none = false;
  switch (python_type(v->type)) {
  case SNMPX_TYPE_INTEGER:
  case SNMPX_TYPE_OPAQUE_INT64:
    return PyLong_FromLongLong(v->v.i);
  case SNMPX_TYPE_COUNTER32:
  case SNMPX_TYPE_GAUGE32:
  case SNMPX_TYPE_TIMETICKS:
  case SNMPX_TYPE_COUNTER64:
  case SNMPX_TYPE_OPAQUE_COUNTER64:
  case SNMPX_TYPE_OPAQUE_UINT64:
    return PyLong_FromUnsignedLongLong(v->v.u);
  case SNMPX_TYPE_OPAQUE_FLOAT:
    return PyFloat_FromDouble((double)v->v.f);
  case SNMPX_TYPE_OPAQUE_DOUBLE:
    return PyFloat_FromDouble(v->v.d);
  case SNMPX_TYPE_OCTET_STRING:
  case SNMPX_TYPE_IPADDRESS:
  case SNMPX_TYPE_OPAQUE:
    return PyBytes_FromStringAndSize((const char *)v->v.bytes.ptr,
                                     (Py_ssize_t)v->v.bytes.len);
  default:
    *none = true;
    return NULL;
  }
}

/* An instance of |cls| (a Python class with __slots__) with |slot| set to
 * |arg| (stolen): what its __init__ makes of an argument it takes as is
 * (types._slot_classes), without running it. */
static PyObject *slot_object(PyObject *cls, PyMemberDef *slot, PyObject *arg)
{
  PyTypeObject *t = (PyTypeObject *)cls;
  PyObject *obj = t->tp_alloc(t, 0);
  if (obj != NULL && PyMember_SetOne((char *)obj, slot, arg) < 0)
    Py_CLEAR(obj);
  Py_DECREF(arg);
  return obj;
}

PyObject *pysnmpx_value_new(const snmpx_value *v)
{
  if (v->type == SNMPX_TYPE_OID)
    return pysnmpx_oid_new(v->v.oid);
  PyObject *cls = value_class(v->type);
  if (cls == NULL)
    return NULL;
  bool none;
  PyObject *arg = value_arg(v, &none);
  if (none)
    return PyObject_CallNoArgs(cls);
  if (arg == NULL)
    return NULL;
  snmpx_type t = python_type(v->type);
  PyMemberDef *slot = (size_t)t < sizeof(pysnmpx_cls.slot_by_tag) /
                                      sizeof(pysnmpx_cls.slot_by_tag[0])
                          ? pysnmpx_cls.slot_by_tag[t]
                          : NULL;
  /* An INTEGER wider than 32 bits (the decoder takes up to 64) is left
   * to the class, which refuses it. */
  bool in_range = t != SNMPX_TYPE_INTEGER ||
                  (v->v.i >= INT32_MIN && v->v.i <= INT32_MAX);
  if (slot != NULL && in_range)
    return slot_object(cls, slot, arg);
  PyObject *obj = PyObject_CallOneArg(cls, arg);
  Py_DECREF(arg);
  return obj;
}

PyObject *pysnmpx_varbind_new(const snmpx_varbind *vb)
{
  PyObject *name = pysnmpx_oid_new(vb->name);
  if (name == NULL)
    return NULL;
  PyObject *value = pysnmpx_value_new(&vb->value);
  if (value == NULL) {
    Py_DECREF(name);
    return NULL;
  }
  PyObject *t = tuple_of(pysnmpx_cls.varbind, 2);
  if (t == NULL) {
    Py_DECREF(name);
    Py_DECREF(value);
    return NULL;
  }
  PyTuple_SET_ITEM(t, 0, name);
  PyTuple_SET_ITEM(t, 1, value);
  return t;
}

PyObject *pysnmpx_varbindlist_new(const snmpx_pdu *pdu)
{
  PyObject *list =
      tuple_of(pysnmpx_cls.varbindlist, (Py_ssize_t)pdu->n_varbinds);
  if (list == NULL)
    return NULL;
  for (size_t i = 0; i < pdu->n_varbinds; i++) {
    PyObject *vb = pysnmpx_varbind_new(&pdu->varbinds[i]);
    if (vb == NULL) {
      Py_DECREF(list);
      return NULL;
    }
    PyTuple_SET_ITEM(list, (Py_ssize_t)i, vb);
  }
  return list;
}

PyObject *pysnmpx_response_new(const snmpx_pdu *pdu)
{
  PyObject *list = pysnmpx_varbindlist_new(pdu);
  if (list == NULL)
    return NULL;
  if (pysnmpx_cls.response_slots[0] == NULL)
    return PyObject_CallFunction(pysnmpx_cls.response, "iiiN",
                                 (int)pdu->request_id, (int)pdu->error_status,
                                 (int)pdu->error_index, list);
  /* ResponsePDU.__init__'s four stores, without the call. */
  PyTypeObject *t = (PyTypeObject *)pysnmpx_cls.response;
  PyObject *resp = t->tp_alloc(t, 0);
  PyObject *fields[4] = {PyLong_FromLong(pdu->request_id),
                         PyLong_FromLong(pdu->error_status),
                         PyLong_FromLong(pdu->error_index), list};
  for (int i = 0; i < 4; i++) {
    if (resp != NULL &&
        (fields[i] == NULL ||
         PyMember_SetOne((char *)resp, pysnmpx_cls.response_slots[i],
                         fields[i]) < 0))
      Py_CLEAR(resp);
    Py_XDECREF(fields[i]);
  }
  return resp;
}

/* A sequence of ints (an OID object, a tuple or list): TypeError for an
 * item that is not an int (or is a bool), ValueError for one out of
 * range. */
static int oid_from_sequence(PyObject *obj, snmpx_oid *out)
{
  PyObject *seq = PySequence_Fast(obj, "an OID must be str or a sequence");
  if (seq == NULL) {
    PyErr_Clear();
    PyErr_Format(PyExc_TypeError,
                 "an OID must be str, OID or a sequence of ints, not %s",
                 Py_TYPE(obj)->tp_name);
    return -1;
  }
  Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
  if (n > SNMPX_OID_MAX_LEN) {
    Py_DECREF(seq);
    PyErr_Format(PyExc_ValueError, "OID has %zd sub-identifiers (at most %d)",
                 n, SNMPX_OID_MAX_LEN);
    return -1;
  }
  PyObject **items = PySequence_Fast_ITEMS(seq);
  for (Py_ssize_t i = 0; i < n; i++) {
    if (PyBool_Check(items[i]) || !PyIndex_Check(items[i])) {
      PyErr_Format(PyExc_TypeError,
                   "OID sub-identifier %zd must be an int, not %s", i,
                   Py_TYPE(items[i])->tp_name);
      Py_DECREF(seq);
      return -1;
    }
    PyObject *num = PyNumber_Index(items[i]);
    unsigned long arc = num != NULL ? PyLong_AsUnsignedLong(num) : 0;
    Py_XDECREF(num);
    if (num == NULL || (arc == (unsigned long)-1 && PyErr_Occurred()) ||
        arc > UINT32_MAX) {
      PyErr_Clear();
      PyErr_Format(PyExc_ValueError,
                   "OID sub-identifier %R is not in 0..4294967295", items[i]);
      Py_DECREF(seq);
      return -1;
    }
    out->arcs[i] = (uint32_t)arc;
  }
  out->len = (size_t)n;
  Py_DECREF(seq);
  return 0;
}

/* True for OID text with a character other than digits and dots: a MIB
 * name ("IF-MIB::ifAdminStatus.1", "sysDescr.0"). */
static bool is_name(PyObject *obj)
{
  if (!PyUnicode_Check(obj))
    return false;
  Py_ssize_t len;
  const char *s = PyUnicode_AsUTF8AndSize(obj, &len);
  if (s == NULL) {
    PyErr_Clear(); /* reported by the OID parser */
    return false;
  }
  return strspn(s, "0123456789.") != (size_t)len;
}

/* Text that is not a numeric OID: a MIB name, by snmpx.mib's resolver
 * (only called when numeric parsing failed, so numeric OIDs stay fast). */
static int oid_from_name(PyObject *text, snmpx_oid *out)
{
  PyObject *oid = PyObject_CallOneArg(pysnmpx_cls.resolve_name, text);
  if (oid == NULL)
    return -1;
  int rv = oid_from_sequence(oid, out);
  Py_DECREF(oid);
  return rv;
}

int pysnmpx_oid_from_py(PyObject *obj, snmpx_oid *out)
{
  if (PyUnicode_Check(obj)) {
    Py_ssize_t len;
    const char *s = PyUnicode_AsUTF8AndSize(obj, &len);
    if (s == NULL)
      return -1;
    int rv = snmpx_oid_parse_n(out, s, (size_t)len);
    /* Text of digits and dots is a numeric OID, good or bad; a name has
     * some other character. */
    if (rv != 0 && pysnmpx_cls.resolve_name != NULL && is_name(obj))
      return oid_from_name(obj, out);
    if (rv != 0) {
      PyErr_Format(PyExc_ValueError, "invalid OID %R: %s", obj,
                   snmpx_strerror(rv));
      return -1;
    }
    return 0;
  }
  if (PyBytes_Check(obj) || PyByteArray_Check(obj)) {
    PyErr_SetString(PyExc_TypeError, "an OID must be str or OID, not bytes");
    return -1;
  }
  return oid_from_sequence(obj, out);
}

int pysnmpx_oid_check(const snmpx_oid *o)
{
  char text[40];
  size_t n = o->len < 3 ? o->len : 3;
  if (o->len == 0) {
    PyErr_SetString(PyExc_ValueError, "invalid OID: no sub-identifiers");
    return -1;
  }
  if (o->arcs[0] <= 2 && (o->len < 2 || o->arcs[0] == 2 || o->arcs[1] <= 39))
    return 0;
  if (snmpx_oid_format((snmpx_oidv){o->arcs, n}, text, sizeof(text)) < 0)
    text[1] = '\0';
  if (o->arcs[0] > 2)
    PyErr_Format(PyExc_ValueError,
                 "invalid OID %s%s: the first sub-identifier must be 0, 1 "
                 "or 2 (X.690 8.19.4)",
                 text + 1, o->len > n ? "..." : "");
  else
    PyErr_Format(PyExc_ValueError,
                 "invalid OID %s%s: under %u the second sub-identifier must "
                 "be 0..39 (X.690 8.19.4)",
                 text + 1, o->len > n ? "..." : "", (unsigned)o->arcs[0]);
  return -1;
}

int pysnmpx_oid_name_from_py(PyObject *obj, snmpx_oid *out)
{
  if (pysnmpx_oid_from_py(obj, out) < 0 || pysnmpx_oid_check(out) < 0)
    return -1;
  return 0;
}

void pysnmpx_error_context(const char *fmt, ...)
{
  if (!PyErr_ExceptionMatches(PyExc_TypeError) &&
      !PyErr_ExceptionMatches(PyExc_ValueError) &&
      !PyErr_ExceptionMatches(PyExc_OverflowError))
    return;
  PyObject *type, *value, *tb;
  PyErr_Fetch(&type, &value, &tb);
  PyErr_NormalizeException(&type, &value, &tb);
  va_list ap;
  va_start(ap, fmt);
  PyObject *ctx = PyUnicode_FromFormatV(fmt, ap);
  va_end(ap);
  if (ctx != NULL) {
    /* The message prefixed, in the plain class (a subclass such as
     * UnicodeEncodeError cannot be made from a message alone). */
    PyObject *cls = PyErr_GivenExceptionMatches(type, PyExc_TypeError)
                        ? PyExc_TypeError
                    : PyErr_GivenExceptionMatches(type, PyExc_OverflowError)
                        ? PyExc_OverflowError
                        : PyExc_ValueError;
    PyErr_Format(cls, "%U: %S", ctx, value);
    Py_DECREF(ctx);
  }
  Py_XDECREF(type);
  Py_XDECREF(value);
  Py_XDECREF(tb);
}

/* The attribute |name| of |obj| as an unsigned or signed 64-bit value. */
static int attr_u64(PyObject *obj, const char *name, uint64_t *out)
{
  PyObject *a = PyObject_GetAttrString(obj, name);
  if (a == NULL)
    return -1;
  unsigned long long u = PyLong_AsUnsignedLongLong(a);
  Py_DECREF(a);
  if (u == (unsigned long long)-1 && PyErr_Occurred())
    return -1;
  *out = u;
  return 0;
}

static int attr_i64(PyObject *obj, const char *name, int64_t *out)
{
  PyObject *a = PyObject_GetAttrString(obj, name);
  if (a == NULL)
    return -1;
  long long i = PyLong_AsLongLong(a);
  Py_DECREF(a);
  if (i == -1 && PyErr_Occurred())
    return -1;
  *out = i;
  return 0;
}

static int attr_double(PyObject *obj, const char *name, double *out)
{
  PyObject *a = PyObject_GetAttrString(obj, name);
  if (a == NULL)
    return -1;
  double d = PyFloat_AsDouble(a);
  Py_DECREF(a);
  if (d == -1.0 && PyErr_Occurred())
    return -1;
  *out = d;
  return 0;
}

/* |obj|.data as a view; the object keeps the bytes alive. */
static int attr_bytes(PyObject *obj, snmpx_value *out)
{
  PyObject *a = PyObject_GetAttrString(obj, "data");
  if (a == NULL)
    return -1;
  if (!PyBytes_Check(a)) {
    PyErr_Format(PyExc_TypeError, "%s.data must be bytes",
                 Py_TYPE(obj)->tp_name);
    Py_DECREF(a);
    return -1;
  }
  out->v.bytes.ptr = (const uint8_t *)PyBytes_AS_STRING(a);
  out->v.bytes.len = (size_t)PyBytes_GET_SIZE(a);
  Py_DECREF(a);
  return 0;
}

/* Plain Python values: int -> INTEGER, bytes/str -> OCTET STRING.
 * Returns 1 when handled, 0 when not a plain value, -1 on error. */
static int plain_value(PyObject *obj, snmpx_value *out)
{
  if (PyLong_CheckExact(obj)) {
    long long i = PyLong_AsLongLong(obj);
    if (i == -1 && PyErr_Occurred()) {
      if (!PyErr_ExceptionMatches(PyExc_OverflowError))
        return -1;
      PyErr_Clear();
      i = INT64_MAX; /* out of range below */
    }
    if (i < INT32_MIN || i > INT32_MAX) {
      PyErr_Format(PyExc_ValueError,
                   "a plain int is an Integer (-2147483648..2147483647); "
                   "%R is not: use Counter64, Gauge32...",
                   obj);
      return -1;
    }
    *out = snmpx_value_int(SNMPX_TYPE_INTEGER, i);
    return 1;
  }
  if (PyBytes_Check(obj)) {
    *out = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, PyBytes_AS_STRING(obj),
                             (size_t)PyBytes_GET_SIZE(obj));
    return 1;
  }
  if (PyUnicode_Check(obj)) {
    Py_ssize_t len;
    const char *s = PyUnicode_AsUTF8AndSize(obj, &len);
    if (s == NULL)
      return -1;
    *out = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, s, (size_t)len);
    return 1;
  }
  return 0;
}

/* A value object whose .value was changed to one its type cannot hold. */
static int value_range(PyObject *obj)
{
  PyErr_Format(PyExc_ValueError, "%s: value out of the range of its type",
               Py_TYPE(obj)->tp_name);
  return -1;
}

/* A value object: its class's _tag says which attribute carries it. */
static int typed_value(PyObject *obj, long tag, snmpx_value *out)
{
  out->type = (snmpx_type)tag;
  switch (out->type) {
  case SNMPX_TYPE_INTEGER:
    if (attr_i64(obj, "value", &out->v.i) < 0)
      return -1;
    if (out->v.i < INT32_MIN || out->v.i > INT32_MAX)
      return value_range(obj);
    return 0;
  case SNMPX_TYPE_OPAQUE_INT64:
    return attr_i64(obj, "value", &out->v.i);
  case SNMPX_TYPE_COUNTER32:
  case SNMPX_TYPE_GAUGE32:
  case SNMPX_TYPE_TIMETICKS:
    if (attr_u64(obj, "value", &out->v.u) < 0)
      return -1;
    if (out->v.u > UINT32_MAX)
      return value_range(obj);
    return 0;
  case SNMPX_TYPE_COUNTER64:
  case SNMPX_TYPE_OPAQUE_COUNTER64:
  case SNMPX_TYPE_OPAQUE_UINT64:
    return attr_u64(obj, "value", &out->v.u);
  case SNMPX_TYPE_OPAQUE_FLOAT: {
    double d;
    if (attr_double(obj, "value", &d) < 0)
      return -1;
    out->v.f = (float)d;
    return 0;
  }
  case SNMPX_TYPE_OPAQUE_DOUBLE:
    return attr_double(obj, "value", &out->v.d);
  case SNMPX_TYPE_IPADDRESS:
    if (attr_bytes(obj, out) < 0)
      return -1;
    if (out->v.bytes.len != 4) {
      PyErr_Format(PyExc_ValueError, "%s.data must be 4 octets, not %zu",
                   Py_TYPE(obj)->tp_name, out->v.bytes.len);
      return -1;
    }
    return 0;
  case SNMPX_TYPE_OCTET_STRING:
  case SNMPX_TYPE_OPAQUE:
    return attr_bytes(obj, out);
  case SNMPX_TYPE_NULL:
  case SNMPX_TYPE_NOSUCHOBJECT:
  case SNMPX_TYPE_NOSUCHINSTANCE:
  case SNMPX_TYPE_ENDOFMIBVIEW:
    out->v.u = 0;
    return 0;
  default:
    PyErr_Format(PyExc_TypeError, "%s: unknown value type 0x%lx",
                 Py_TYPE(obj)->tp_name, tag);
    return -1;
  }
}

int pysnmpx_value_from_py(PyObject *obj, snmpx_value *out, snmpx_oid *oid_store)
{
  if (pysnmpx_cls.oid != NULL && PyObject_TypeCheck(obj, pysnmpx_cls.oid)) {
    if (pysnmpx_oid_from_py(obj, oid_store) < 0)
      return -1;
    *out = snmpx_value_oid(snmpx_oid_view(oid_store));
    return 0;
  }
  int plain = plain_value(obj, out);
  if (plain != 0)
    return plain < 0 ? -1 : 0;
  PyObject *tag = PyObject_GetAttrString((PyObject *)Py_TYPE(obj), "_tag");
  if (tag == NULL) {
    PyErr_Clear();
    PyErr_Format(PyExc_TypeError, "not an SNMP value: %R", obj);
    return -1;
  }
  long t = PyLong_AsLong(tag);
  Py_DECREF(tag);
  if (t == -1 && PyErr_Occurred())
    return -1;
  return typed_value(obj, t, out);
}

/* ---- Varbind lists from Python ------------------------------------------ */

/* Arcs of names and OID values, in chunks that never move (the varbinds
 * view them); each chunk twice the last, so an answer of 2,048 varbinds
 * takes a few allocations of about what its OIDs hold. */
struct pysnmpx_arcs_chunk {
  pysnmpx_arcs_chunk *next;
  size_t used, cap;
  uint32_t arcs[];
};

enum { ARCS_FIRST = 256, ARCS_MAX_CHUNK = 65536 };

/* A copy of |o|'s arcs kept in |s|, or NULL with MemoryError set. */
static const uint32_t *keep_arcs(pysnmpx_varbinds *s, const snmpx_oid *o)
{
  pysnmpx_arcs_chunk *c = s->arcs;
  if (c == NULL || c->cap - c->used < o->len) {
    size_t cap = c == NULL ? ARCS_FIRST : 2 * c->cap;
    if (cap > ARCS_MAX_CHUNK)
      cap = ARCS_MAX_CHUNK; /* >= SNMPX_OID_MAX_LEN: |o| fits */
    c = PyMem_Malloc(sizeof(*c) + cap * sizeof(c->arcs[0]));
    if (c == NULL) {
      PyErr_NoMemory();
      return NULL;
    }
    c->next = s->arcs;
    c->used = 0;
    c->cap = cap;
    s->arcs = c;
  }
  uint32_t *p = c->arcs + c->used;
  if (o->len > 0)
    memcpy(p, o->arcs, o->len * sizeof(p[0]));
  c->used += o->len;
  return p;
}

void pysnmpx_varbinds_free(pysnmpx_varbinds *s)
{
  for (size_t i = 0; i < s->n && s->keep != NULL; i++)
    Py_XDECREF(s->keep[i]);
  PyMem_Free(s->keep);
  PyMem_Free(s->vbs);
  while (s->arcs != NULL) {
    pysnmpx_arcs_chunk *next = s->arcs->next;
    PyMem_Free(s->arcs);
    s->arcs = next;
  }
  memset(s, 0, sizeof(*s));
}

int pysnmpx_varbinds_parse(pysnmpx_varbinds *s, PyObject *const *items,
                           size_t n, const char *fn)
{
  memset(s, 0, sizeof(*s));
  s->vbs = PyMem_Calloc(n ? n : 1, sizeof(*s->vbs));
  s->keep = PyMem_Calloc(n ? n : 1, sizeof(*s->keep));
  if (s->vbs == NULL || s->keep == NULL) {
    pysnmpx_varbinds_free(s);
    PyErr_NoMemory();
    return -1;
  }
  s->n = n;
  for (size_t i = 0; i < n; i++) {
    PyObject *pair = PySequence_Fast(items[i], "");
    s->keep[i] = pair;
    if (pair == NULL || PySequence_Fast_GET_SIZE(pair) != 2) {
      PyErr_Clear();
      PyErr_Format(PyExc_TypeError, "%s takes VarBind or (name, value) pairs",
                   fn);
      return -1;
    }
    PyObject **it = PySequence_Fast_ITEMS(pair);
    if (is_name(it[0]) && pysnmpx_cls.typed_value != NULL) {
      /* A MIB name: the value as the MIB types it, checked as snmpset
       * checks it (kept alive by a new pair in |keep|). */
      PyObject *v = PyObject_CallFunctionObjArgs(pysnmpx_cls.typed_value,
                                                 it[0], it[1], NULL);
      PyObject *typed = v != NULL ? PyTuple_Pack(2, it[0], v) : NULL;
      Py_XDECREF(v);
      if (typed == NULL) {
        pysnmpx_error_context("%s: varbind %zu", fn, i + 1);
        return -1;
      }
      Py_SETREF(s->keep[i], typed);
      it = PySequence_Fast_ITEMS(typed);
    }
    snmpx_varbind *vb = &s->vbs[i];
    snmpx_oid o; /* parsed here, kept in |s| at its length */
    if (pysnmpx_oid_name_from_py(it[0], &o) < 0) {
      pysnmpx_error_context("%s: the name of varbind %zu", fn, i + 1);
      return -1;
    }
    if ((vb->name.arcs = keep_arcs(s, &o)) == NULL)
      return -1;
    vb->name.len = o.len;
    if (pysnmpx_value_from_py(it[1], &vb->value, &o) < 0 ||
        (vb->value.type == SNMPX_TYPE_OID && pysnmpx_oid_check(&o) < 0)) {
      pysnmpx_error_context("%s: the value of varbind %zu", fn, i + 1);
      return -1;
    }
    if (vb->value.type == SNMPX_TYPE_OID &&
        (vb->value.v.oid.arcs = keep_arcs(s, &o)) == NULL)
      return -1;
  }
  return 0;
}
