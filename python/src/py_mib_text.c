/* pysnmp 7.1's texts of a received varbind, both in one call: the name
 * ("SNMPv2-MIB::sysORDescr.1", 'vacmGroupName.2."u"') and the value as
 * its prettyPrint() shows it once the MIB resolved it (enumeration label,
 * BITS names, DISPLAY-HINT as pysnmp applies it, text or 0x and hex).
 *
 * snmpx.pysnmp prints every varbind of a walk by both; doing them here
 * costs one search of the tree, one index decode and no Python object
 * but the two strings.  snmpx/mib.py holds the same rendering in Python
 * (_describe, _pretty): that one is the reference, and the fallback for
 * what this file leaves to it by answering None (OID and Opaque values,
 * hints with non-ASCII text or a number of more than 8 octets, decimal
 * places not written as plain digits).  What the node says (its name,
 * its row's INDEX, SYNTAX, DISPLAY-HINT, enumerations) comes from mib.py
 * too, as one "plan" per node, so both read the MIB the same way. */
#include "pysnmpx.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- A growing text (UTF-8) ------------------------------------------ */

enum { TEXT_MAX = 1 << 26 }; /* far above what a datagram's value gives */

typedef struct text {
  char *p;
  size_t len, cap;
  bool oom;
  char local[512];
} text;

static void text_init(text *t)
{
  t->p = t->local;
  t->len = 0;
  t->cap = sizeof(t->local);
  t->oom = false;
}

static void text_clear(text *t)
{
  if (t->p != t->local)
    PyMem_Free(t->p);
}

static bool text_room(text *t, size_t more)
{
  if (t->oom)
    return false;
  if (t->cap - t->len >= more)
    return true;
  size_t cap = t->cap;
  while (cap - t->len < more) {
    if (cap > TEXT_MAX) {
      t->oom = true;
      return false;
    }
    cap *= 2;
  }
  char *p = PyMem_Malloc(cap);
  if (p == NULL) {
    t->oom = true;
    return false;
  }
  memcpy(p, t->p, t->len);
  if (t->p != t->local)
    PyMem_Free(t->p);
  t->p = p;
  t->cap = cap;
  return true;
}

static void text_add(text *t, const void *s, size_t n)
{
  if (text_room(t, n)) {
    memcpy(t->p + t->len, s, n);
    t->len += n;
  }
}

static void text_char(text *t, char c)
{
  text_add(t, &c, 1);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void text_fmt(text *t, const char *fmt, ...)
{
  char buf[64];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  if (n > 0)
    text_add(t, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* The text as a str (new reference), or NULL with MemoryError set. */
static PyObject *text_str(text *t)
{
  if (t->oom)
    return PyErr_NoMemory();
  return PyUnicode_DecodeUTF8(t->p, (Py_ssize_t)t->len, "strict");
}

/* The UTF-8 of |s| when it is all ASCII (NULL otherwise, no error). */
static const char *ascii_of(PyObject *s, size_t *len)
{
  if (!PyUnicode_Check(s) || !PyUnicode_IS_ASCII(s))
    return NULL;
  *len = (size_t)PyUnicode_GET_LENGTH(s);
  return (const char *)PyUnicode_DATA(s);
}

/* ---- Octets as pysnmp prints an OCTET STRING without a hint ---------- */

static bool is_printable(const uint8_t *p, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (p[i] < 32 || p[i] > 126)
      return false;
  return true;
}

/* Text when every octet is printable ASCII (32..126), else 0x and hex. */
static void plain_octets(text *t, const uint8_t *p, size_t n)
{
  static const char hex[] = "0123456789abcdef";
  if (is_printable(p, n)) {
    text_add(t, p, n);
    return;
  }
  if (!text_room(t, 2 + 2 * n))
    return;
  char *o = t->p + t->len;
  *o++ = '0';
  *o++ = 'x';
  for (size_t i = 0; i < n; i++) {
    *o++ = hex[p[i] >> 4];
    *o++ = hex[p[i] & 15];
  }
  t->len += 2 + 2 * n;
}

/* ---- DISPLAY-HINT as pysnmp applies it (mib.py's _pretty_*_hint) ----- */

enum { HINT_DONE = 1, HINT_REFUSED = 0, HINT_NOT_HERE = -1, HINT_ERROR = -2 };

static bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

/* One chunk of octets by the format letter |fmt|. */
static int hint_chunk(text *t, char fmt, const uint8_t *p, size_t n)
{
  if (fmt == 'a' || (fmt == 't' && is_printable(p, n))) {
    for (size_t i = 0; i < n; i++) /* decode("ascii", "ignore") */
      if (p[i] < 0x80)
        text_char(t, (char)p[i]);
    return HINT_DONE;
  }
  if (fmt == 't') { /* decode("utf-8", "ignore"): Python's own decoder */
    PyObject *s = PyUnicode_DecodeUTF8((const char *)p, (Py_ssize_t)n,
                                       "ignore");
    Py_ssize_t len;
    const char *u = s != NULL ? PyUnicode_AsUTF8AndSize(s, &len) : NULL;
    if (u != NULL)
      text_add(t, u, (size_t)len);
    Py_XDECREF(s);
    return u != NULL ? HINT_DONE : HINT_ERROR;
  }
  if (fmt != 'x' && fmt != 'd' && fmt != 'o')
    return HINT_REFUSED;
  if (n > 8)
    return HINT_NOT_HERE; /* a number of more than 64 bits */
  unsigned long long v = 0;
  for (size_t i = 0; i < n; i++)
    v = (v << 8) | p[i];
  text_fmt(t, fmt == 'x' ? "%02llx" : fmt == 'o' ? "%03llo" : "%llu", v);
  return HINT_DONE;
}

/* An OCTET STRING hint, step for step as mib.py's _pretty_octets_hint
 * (the whole hint starts over when it runs out).  A pass over the whole
 * hint that takes no octet would start over for ever: refused. */
static int hint_octets(text *t, const char *hint, size_t hlen,
                       const uint8_t *data, size_t len)
{
  const char *spec = hint, *end = hint + hlen;
  size_t pos = 0, pass_pos = 0; /* rest = data[pos:] */
  while (pos < len && spec < end) {
    bool repeat = false;
    unsigned count = 1;
    if (*spec == '*') {
      repeat = true;
      count = data[pos++];
      spec++;
    }
    size_t length = len - pos;
    if (spec < end && is_digit(*spec)) {
      length = 0;
      for (; spec < end && is_digit(*spec); spec++)
        if (length < 100000) /* more than any rest: the same slice */
          length = length * 10 + (size_t)(*spec - '0');
    }
    if (spec == end)
      return HINT_REFUSED;
    char fmt = *spec++, sep = 0, term = 0;
    bool has_sep = false, has_term = false;
    if (spec < end && !is_digit(*spec) && *spec != '*') {
      sep = *spec++;
      has_sep = true;
    }
    if (spec < end && has_sep && repeat) {
      term = *spec++;
      has_term = true;
      has_sep = false;
    }
    while (count > 0) {
      count--;
      size_t n = length < len - pos ? length : len - pos;
      int rv = hint_chunk(t, fmt, data + pos, n);
      if (rv != HINT_DONE)
        return rv;
      if (pos < len && has_term)
        text_char(t, term);
      pos += n;
    }
    if (pos < len && has_sep)
      text_char(t, sep);
    if (spec == end) {
      if (pos == pass_pos && pos < len)
        return HINT_REFUSED;
      pass_pos = pos;
      spec = hint;
    }
  }
  return HINT_DONE;
}

/* An INTEGER hint as mib.py's _pretty_integer_hint: x, o, b, d-N. */
static int hint_integer(text *t, const char *hint, size_t hlen, int64_t n)
{
  const char *dash = memchr(hint, '-', hlen);
  if (dash != NULL && memchr(dash + 1, '-', (size_t)(hint + hlen - dash - 1)))
    return HINT_REFUSED;
  size_t klen = dash != NULL ? (size_t)(dash - hint) : hlen;
  if (klen != 1)
    return HINT_REFUSED;
  unsigned long long mag = n < 0 ? 0 - (unsigned long long)n
                                 : (unsigned long long)n;
  switch (hint[0]) {
  case 'x': /* "0x%x" % n: Python puts the sign after 0x */
    text_fmt(t, n < 0 ? "0x-%llx" : "0x%llx", mag);
    return HINT_DONE;
  case 'o':
    text_fmt(t, n < 0 ? "0-%llo" : "0%llo", mag);
    return HINT_DONE;
  case 'b': {
    char bits[70];
    size_t i = sizeof(bits);
    bits[--i] = 'B';
    for (long long v = n; v > 0; v >>= 1)
      bits[--i] = (char)('0' + (v & 1));
    text_add(t, bits + i, sizeof(bits) - i);
    return HINT_DONE;
  }
  case 'd': {
    int places = 0;
    if (dash != NULL) {
      const char *p = dash + 1, *e = hint + hlen;
      if (p == e)
        return HINT_REFUSED; /* int("") */
      if (e - p > 2)
        return HINT_NOT_HERE;
      for (; p < e; p++) {
        if (!is_digit(*p))
          return HINT_NOT_HERE; /* int() reads " 2", "+2", "2_0" too */
        places = places * 10 + (*p - '0');
      }
    }
    /* Both roundings are exact as Python's: |n| < 2**53 and 10**places
     * is a double for places <= 22, so the division rounds once. */
    static const double tens[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                                  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                  1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
                                  1e18, 1e19, 1e20, 1e21, 1e22};
    if (places > 22 || mag > (1ULL << 53))
      return HINT_NOT_HERE;
    char buf[400];
    int len = snprintf(buf, sizeof(buf), "%.*f", places,
                       (double)n / tens[places]);
    if (len < 0 || (size_t)len >= sizeof(buf))
      return HINT_NOT_HERE;
    text_add(t, buf, (size_t)len);
    return HINT_DONE;
  }
  default:
    return HINT_REFUSED;
  }
}

/* ---- What mib.py says of a node: its plan ----------------------------- */

/* (prefix, kinds, type, hint, enums, bits), made by mib.py's
 * _pysnmp_plan: "MODULE::label" or None (no name), the row's index specs
 * ((kind, size), ...) or None, the base type (snmpx_mibdb_type), the
 * DISPLAY-HINT, {number: label} of the enumeration or None, {bit: label}
 * of BITS or None.  Borrowed from the plans dict. */
typedef struct plan {
  PyObject *prefix, *kinds, *enums, *bits;
  long type;
  const char *hint; /* NULL: not ASCII */
  size_t hint_len;
} plan;

static int plan_read(PyObject *t, plan *p)
{
  PyObject *hint;
  if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 6) {
    PyErr_SetString(PyExc_TypeError, "pysnmp_texts: a plan is a 6-tuple");
    return -1;
  }
  p->prefix = PyTuple_GET_ITEM(t, 0);
  p->kinds = PyTuple_GET_ITEM(t, 1);
  p->type = PyLong_AsLong(PyTuple_GET_ITEM(t, 2));
  hint = PyTuple_GET_ITEM(t, 3);
  p->enums = PyTuple_GET_ITEM(t, 4);
  p->bits = PyTuple_GET_ITEM(t, 5);
  if (p->type == -1 && PyErr_Occurred())
    return -1;
  if (!PyUnicode_Check(hint) ||
      (p->prefix != Py_None && !PyUnicode_Check(p->prefix)) ||
      (p->kinds != Py_None && !PyTuple_Check(p->kinds)) ||
      (p->enums != Py_None && !PyDict_Check(p->enums)) ||
      (p->bits != Py_None && !PyDict_Check(p->bits))) {
    PyErr_SetString(PyExc_TypeError, "pysnmp_texts: a plan is (str|None, "
                                     "tuple|None, int, str, dict|None, "
                                     "dict|None)");
    return -1;
  }
  p->hint = ascii_of(hint, &p->hint_len);
  return 0;
}

/* The label that |labels| ({int: str}) has for |n|: added, 1; none, 0. */
static int add_label(text *t, PyObject *labels, long long n)
{
  PyObject *key = PyLong_FromLongLong(n);
  if (key == NULL)
    return HINT_ERROR;
  PyObject *label = PyDict_GetItemWithError(labels, key);
  Py_DECREF(key);
  if (label == NULL)
    return PyErr_Occurred() ? HINT_ERROR : 0;
  Py_ssize_t len;
  const char *u = PyUnicode_Check(label)
                      ? PyUnicode_AsUTF8AndSize(label, &len)
                      : NULL;
  if (u == NULL) {
    PyErr_Clear();
    return HINT_NOT_HERE;
  }
  text_add(t, u, (size_t)len);
  return 1;
}

/* ---- The name: MODULE::label and the index as pysnmp prints it ------- */

/* An index value after its ".": numbers, "text" (or "0x..." quoted),
 * addresses and OIDs dotted (snmpx.pysnmp's _names._index_text). */
static int index_text(text *t, const snmpx_value *v)
{
  switch (v->type) {
  case SNMPX_TYPE_INTEGER:
    text_fmt(t, "%lld", (long long)v->v.i);
    return 1;
  case SNMPX_TYPE_GAUGE32:
    text_fmt(t, "%llu", (unsigned long long)v->v.u);
    return 1;
  case SNMPX_TYPE_OCTET_STRING:
    text_char(t, '"');
    plain_octets(t, v->v.bytes.ptr, v->v.bytes.len);
    text_char(t, '"');
    return 1;
  case SNMPX_TYPE_IPADDRESS:
    for (size_t i = 0; i < v->v.bytes.len; i++)
      text_fmt(t, i ? ".%u" : "%u", v->v.bytes.ptr[i]);
    return 1;
  case SNMPX_TYPE_OID:
    for (size_t i = 0; i < v->v.oid.len; i++)
      text_fmt(t, i ? ".%lu" : "%lu", (unsigned long)v->v.oid.arcs[i]);
    return 1;
  default:
    return HINT_NOT_HERE;
  }
}

/* The row's index after |matched| arcs decoded by |kinds|: 1 done, 0 it
 * does not decode (the arcs are printed then), or HINT_NOT_HERE. */
static int decoded_index(text *t, PyObject *kinds, snmpx_oidv oid,
                         size_t matched)
{
  Py_ssize_t n = PyTuple_GET_SIZE(kinds);
  snmpx_index_spec specs[SNMPX_OID_MAX_LEN + 1];
  snmpx_value vals[SNMPX_OID_MAX_LEN + 1];
  uint8_t scratch[SNMPX_OID_MAX_LEN];
  if (n > SNMPX_OID_MAX_LEN + 1)
    return HINT_NOT_HERE;
  for (Py_ssize_t i = 0; i < n; i++) {
    PyObject *k = PyTuple_GET_ITEM(kinds, i);
    long kind, fixed;
    if (!PyTuple_Check(k) || PyTuple_GET_SIZE(k) != 2 ||
        (kind = PyLong_AsLong(PyTuple_GET_ITEM(k, 0))) < SNMPX_INDEX_INTEGER ||
        kind > SNMPX_INDEX_OID_IMPLIED ||
        (fixed = PyLong_AsLong(PyTuple_GET_ITEM(k, 1))) < 0) {
      PyErr_Clear();
      return HINT_NOT_HERE;
    }
    specs[i].kind = (snmpx_index_kind)kind;
    specs[i].fixed_len = (size_t)fixed;
  }
  snmpx_oidv prefix = {oid.arcs, matched};
  int rv = snmpx_oid_decode_index(oid, prefix, specs, (size_t)n, vals,
                                  scratch, sizeof(scratch));
  if (rv == SNMPX_EOID_BADPREFIX || rv == SNMPX_EOID_BADINDEX)
    return 0;
  if (rv != 0)
    return HINT_NOT_HERE;
  for (Py_ssize_t i = 0; i < n; i++) {
    text_char(t, '.');
    if (index_text(t, &vals[i]) != 1)
      return HINT_NOT_HERE;
  }
  return 1;
}

/* pysnmp's name of |oid|, whose node |p| covers |matched| arcs: 1, or 0
 * when there is none (a node of no module), or HINT_*. */
static int name_text(text *t, const plan *p, snmpx_oidv oid, size_t matched)
{
  if (p->prefix == Py_None)
    return 0;
  Py_ssize_t len;
  const char *u = PyUnicode_AsUTF8AndSize(p->prefix, &len);
  if (u == NULL) {
    PyErr_Clear();
    return HINT_NOT_HERE;
  }
  text_add(t, u, (size_t)len);
  if (matched == oid.len)
    return 1;
  if (p->kinds != Py_None && PyTuple_GET_SIZE(p->kinds) > 0) {
    size_t mark = t->len;
    int rv = decoded_index(t, p->kinds, oid, matched);
    if (rv != 0)
      return rv;
    t->len = mark;
  }
  for (size_t i = matched; i < oid.len; i++)
    text_fmt(t, ".%lu", (unsigned long)oid.arcs[i]);
  return 1;
}

/* ---- The value (mib.py's _pretty) ------------------------------------ */

static int bits_text(text *t, PyObject *names, const uint8_t *p, size_t n)
{
  bool first = true;
  for (size_t i = 0; i < n; i++)
    for (unsigned j = 0; j < 8; j++) {
      if (!(p[i] & (0x80u >> j)))
        continue;
      long long bit = (long long)i * 8 + j;
      if (!first)
        text_add(t, ", ", 2);
      first = false;
      int rv = names != Py_None ? add_label(t, names, bit) : 0;
      if (rv < 0)
        return rv;
      if (rv == 0)
        text_fmt(t, "UnknownBit-%lld", bit);
    }
  return 1;
}

static int octets_text(text *t, const plan *p, const snmpx_value *v)
{
  const uint8_t *data = v->v.bytes.ptr;
  size_t len = v->v.bytes.len;
  long type = p != NULL ? p->type : SNMPX_MIBDB_TYPE_NONE;
  if (type == SNMPX_MIBDB_TYPE_BITS)
    return bits_text(t, p->bits, data, len);
  if (type == SNMPX_MIBDB_TYPE_OCTETSTR && (p->hint == NULL || p->hint_len)) {
    if (p->hint == NULL)
      return HINT_NOT_HERE;
    size_t mark = t->len;
    int rv = hint_octets(t, p->hint, p->hint_len, data, len);
    if (rv != HINT_REFUSED)
      return rv;
    t->len = mark;
  }
  plain_octets(t, data, len);
  return 1;
}

/* Integer, Gauge32, TimeTicks, Counter32, Counter64: |n| by the node's
 * enumeration or hint where pysnmp applies them. */
static int number_text(text *t, const plan *p, const snmpx_value *v)
{
  long type = p != NULL ? p->type : SNMPX_MIBDB_TYPE_NONE;
  bool integer = v->type == SNMPX_TYPE_INTEGER;
  long long n = integer ? (long long)v->v.i : 0;
  bool int_type = type == SNMPX_MIBDB_TYPE_INTEGER ||
                  type == SNMPX_MIBDB_TYPE_INTEGER32;
  bool hinted;
  if (integer && int_type && p->enums != Py_None) {
    int rv = add_label(t, p->enums, n);
    if (rv == 0)
      text_fmt(t, "%lld", n);
    return rv < 0 ? rv : 1;
  }
  if (integer)
    hinted = int_type;
  else if (v->type == SNMPX_TYPE_GAUGE32 || v->type == SNMPX_TYPE_TIMETICKS)
    hinted = type == SNMPX_MIBDB_TYPE_GAUGE ||
             type == SNMPX_MIBDB_TYPE_UNSIGNED32 ||
             type == SNMPX_MIBDB_TYPE_TIMETICKS;
  else
    hinted = false;
  if (!integer)
    n = (long long)(v->v.u & 0xffffffffu); /* Gauge32, TimeTicks */
  if (hinted && p->hint == NULL)
    return HINT_NOT_HERE;
  if (hinted && p->hint_len) {
    size_t mark = t->len;
    int rv = hint_integer(t, p->hint, p->hint_len, n);
    if (rv != HINT_REFUSED)
      return rv;
    t->len = mark;
  }
  if (integer)
    text_fmt(t, "%lld", n);
  else
    text_fmt(t, "%llu", (unsigned long long)v->v.u);
  return 1;
}

static int value_text(text *t, const plan *p, PyObject *obj)
{
  snmpx_value v;
  snmpx_oid store;
  if (pysnmpx_value_from_py(obj, &v, &store) < 0) {
    PyErr_Clear();
    return HINT_NOT_HERE;
  }
  /* Only snmpx's own value classes: plain ints and strings are Python's. */
  PyTypeObject *cls = (size_t)v.type < sizeof(pysnmpx_cls.by_tag) /
                                           sizeof(pysnmpx_cls.by_tag[0])
                          ? (PyTypeObject *)pysnmpx_cls.by_tag[v.type]
                          : NULL;
  if (cls == NULL || !PyType_Check(cls) || !PyObject_TypeCheck(obj, cls))
    return HINT_NOT_HERE;
  switch (v.type) {
  case SNMPX_TYPE_NOSUCHOBJECT:
    text_fmt(t, "%s", "No Such Object currently exists at this OID");
    return 1;
  case SNMPX_TYPE_NOSUCHINSTANCE:
    text_fmt(t, "%s", "No Such Instance currently exists at this OID");
    return 1;
  case SNMPX_TYPE_ENDOFMIBVIEW:
    text_fmt(t, "%s", "No more variables left in this MIB View");
    return 1;
  case SNMPX_TYPE_NULL:
    return 1;
  case SNMPX_TYPE_IPADDRESS:
    return index_text(t, &v);
  case SNMPX_TYPE_OCTET_STRING:
    return octets_text(t, p, &v);
  case SNMPX_TYPE_INTEGER:
  case SNMPX_TYPE_GAUGE32:
  case SNMPX_TYPE_TIMETICKS:
    return number_text(t, p, &v);
  case SNMPX_TYPE_COUNTER32:
  case SNMPX_TYPE_COUNTER64:
    text_fmt(t, "%llu", (unsigned long long)v.v.u);
    return 1;
  default:
    return HINT_NOT_HERE;
  }
}

/* ---- The call --------------------------------------------------------- */

PyObject *pysnmpx_mib_pysnmp_texts(const snmpx_mibdb *m, PyObject *oid_obj,
                                   PyObject *value, PyObject *plans)
{
  if (!PyDict_Check(plans))
    return PyErr_Format(PyExc_TypeError, "pysnmp_texts: plans must be a dict");
  snmpx_oid o;
  if (pysnmpx_oid_from_py(oid_obj, &o) < 0)
    return NULL;
  snmpx_oidv oid = snmpx_oid_view(&o);
  size_t matched = 0;
  snmpx_mibdb_node node = snmpx_mibdb_find(m, oid, &matched);
  plan p;
  if (node != SNMPX_MIBDB_NODE_NONE) {
    PyObject *key = PyLong_FromUnsignedLong(node);
    if (key == NULL)
      return NULL;
    PyObject *item = PyDict_GetItemWithError(plans, key);
    if (item == NULL) {
      if (PyErr_Occurred()) {
        Py_DECREF(key);
        return NULL;
      }
      return key; /* mib.py makes its plan, then asks again */
    }
    Py_DECREF(key);
    if (plan_read(item, &p) < 0)
      return NULL;
  }
  const plan *pp = node != SNMPX_MIBDB_NODE_NONE ? &p : NULL;
  text name, val;
  text_init(&name);
  text_init(&val);
  int rn = pp != NULL ? name_text(&name, pp, oid, matched) : 0;
  int rv = rn >= 0 ? value_text(&val, pp, value) : rn;
  PyObject *res = NULL;
  if (rn == HINT_ERROR || rv == HINT_ERROR)
    res = NULL;
  else if (rn == HINT_NOT_HERE || rv == HINT_NOT_HERE)
    res = (Py_INCREF(Py_None), Py_None);
  else {
    PyObject *a = rn == 1 ? text_str(&name) : (Py_INCREF(Py_None), Py_None);
    PyObject *b = a != NULL ? text_str(&val) : NULL;
    res = b != NULL ? PyTuple_Pack(2, a, b) : NULL;
    Py_XDECREF(a);
    Py_XDECREF(b);
  }
  text_clear(&name);
  text_clear(&val);
  return res;
}
