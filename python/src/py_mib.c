/* snmpx._snmpx.MibDb: an snmpx_mibdb (MIB modules compiled by libsnmpx)
 * for snmpx/mib.py, which holds the public API (MibDatabase).
 *
 * Threads: loading releases the GIL and holds the object's lock; every
 * query holds the GIL and, when a load is running in another thread,
 * first waits for it (the database is read-only outside loads, so queries
 * never run beside a load).  Diagnostics of a load are gathered in C
 * (the GIL is released then) and handed back as a list of str. */
#include "pysnmpx.h"

#include <stdlib.h>
#include <string.h>

typedef struct PyMibDb {
  PyObject_HEAD snmpx_mibdb *m;
  PyThread_type_lock lock; /* held by a load */
  char **diag;             /* lines reported during the current load */
  size_t n_diag, diag_cap;
  bool diag_oom;
} PyMibDb;

static void on_diag(void *ud, const char *text)
{
  PyMibDb *self = ud;
  if (self->n_diag == self->diag_cap) {
    size_t cap = self->diag_cap ? self->diag_cap * 2 : 16;
    char **d = realloc(self->diag, cap * sizeof(*d));
    if (d == NULL) {
      self->diag_oom = true;
      return;
    }
    self->diag = d;
    self->diag_cap = cap;
  }
  char *copy = strdup(text);
  if (copy == NULL) {
    self->diag_oom = true;
    return;
  }
  self->diag[self->n_diag++] = copy;
}

/* The gathered lines as a list (new reference), emptied either way. */
static PyObject *take_diag(PyMibDb *self)
{
  PyObject *list = self->diag_oom ? NULL : PyList_New((Py_ssize_t)self->n_diag);
  for (size_t i = 0; i < self->n_diag; i++) {
    if (list != NULL) {
      PyObject *s = PyUnicode_DecodeUTF8(self->diag[i], strlen(self->diag[i]),
                                         "replace");
      if (s == NULL)
        Py_CLEAR(list);
      else
        PyList_SET_ITEM(list, (Py_ssize_t)i, s);
    }
    free(self->diag[i]);
  }
  if (self->diag_oom && !PyErr_Occurred())
    PyErr_NoMemory();
  self->n_diag = 0;
  self->diag_oom = false;
  return list;
}

/* Wait (GIL released) until no load runs in another thread. */
static void wait_loads(PyMibDb *self)
{
  if (PyThread_acquire_lock(self->lock, NOWAIT_LOCK)) {
    PyThread_release_lock(self->lock);
    return;
  }
  Py_BEGIN_ALLOW_THREADS PyThread_acquire_lock(self->lock, WAIT_LOCK);
  PyThread_release_lock(self->lock);
  Py_END_ALLOW_THREADS
}

static PyObject *mibdb_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
  if (!PyArg_ParseTuple(args, ":MibDb"))
    return NULL;
  if (kw != NULL && PyDict_GET_SIZE(kw) != 0)
    return PyErr_Format(PyExc_TypeError, "MibDb() takes no arguments");
  PyMibDb *self = (PyMibDb *)type->tp_alloc(type, 0);
  if (self == NULL)
    return NULL;
  self->lock = PyThread_allocate_lock();
  self->m = snmpx_mibdb_new(NULL);
  if (self->lock == NULL || self->m == NULL) {
    Py_DECREF(self);
    return PyErr_NoMemory();
  }
  snmpx_mibdb_set_diag(self->m, on_diag, self);
  return (PyObject *)self;
}

static void mibdb_dealloc(PyMibDb *self)
{
  snmpx_mibdb_free(self->m);
  if (self->lock != NULL)
    PyThread_free_lock(self->lock);
  for (size_t i = 0; i < self->n_diag; i++)
    free(self->diag[i]);
  free(self->diag);
  Py_TYPE(self)->tp_free((PyObject *)self);
}

/* ---- Loading ------------------------------------------------------------ */

enum load_kind { LOAD_NETSNMP, LOAD_MODULE, LOAD_FILE };

/* Run one load with the GIL released and the lock held.
 * Returns (code, [diagnostic lines]). */
static PyObject *run_load(PyMibDb *self, enum load_kind kind, const char *arg,
                          const snmpx_mibdb_config *cfg)
{
  int rv = 0;
  Py_BEGIN_ALLOW_THREADS PyThread_acquire_lock(self->lock, WAIT_LOCK);
  switch (kind) {
  case LOAD_NETSNMP:
    rv = snmpx_mibdb_load_netsnmp(self->m, cfg);
    break;
  case LOAD_MODULE:
    rv = snmpx_mibdb_load_module(self->m, arg);
    break;
  case LOAD_FILE:
    rv = snmpx_mibdb_load_file(self->m, arg);
    break;
  }
  Py_END_ALLOW_THREADS
  /* Taken before the lock goes: the next load reports into it. */
  PyObject *diag = take_diag(self);
  PyThread_release_lock(self->lock);
  if (diag == NULL)
    return NULL;
  return Py_BuildValue("(iN)", rv, diag);
}

/* netsnmp(mibdirs, mibs, cache_dir, read_conf) -> (code, diag) */
static PyObject *mibdb_netsnmp(PyMibDb *self, PyObject *args)
{
  const char *dirs, *mibs, *cache;
  int read_conf;
  if (!PyArg_ParseTuple(args, "zzzp:netsnmp", &dirs, &mibs, &cache,
                        &read_conf))
    return NULL;
  snmpx_mibdb_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.mibdirs = dirs;
  cfg.mibs = mibs;
  cfg.cache_dir = cache;
  cfg.no_conf = !read_conf;
  return run_load(self, LOAD_NETSNMP, NULL, &cfg);
}

static PyObject *mibdb_load_module(PyMibDb *self, PyObject *args)
{
  const char *name;
  if (!PyArg_ParseTuple(args, "s:load_module", &name))
    return NULL;
  return run_load(self, LOAD_MODULE, name, NULL);
}

static PyObject *mibdb_load_file(PyMibDb *self, PyObject *args)
{
  const char *path;
  if (!PyArg_ParseTuple(args, "s:load_file", &path))
    return NULL;
  return run_load(self, LOAD_FILE, path, NULL);
}

static PyObject *mibdb_set_dirs(PyMibDb *self, PyObject *args)
{
  const char *dirs;
  if (!PyArg_ParseTuple(args, "s:set_dirs", &dirs))
    return NULL;
  int rv;
  Py_BEGIN_ALLOW_THREADS PyThread_acquire_lock(self->lock, WAIT_LOCK);
  rv = snmpx_mibdb_set_dirs(self->m, dirs);
  PyThread_release_lock(self->lock);
  Py_END_ALLOW_THREADS
  if (rv < 0)
    return pysnmpx_raise(rv, NULL);
  Py_RETURN_NONE;
}

static PyObject *mibdb_get_dirs(PyMibDb *self, PyObject *unused)
{
  wait_loads(self);
  int n = snmpx_mibdb_get_dirs(self->m, NULL, 0);
  char local[1024];
  char *buf = local;
  size_t cap = sizeof(local);
  for (;;) {
    n = snmpx_mibdb_get_dirs(self->m, buf, cap);
    if (n >= 0 || cap > ((size_t)1 << 24))
      break;
    if (buf != local)
      PyMem_Free(buf);
    cap *= 4;
    buf = PyMem_Malloc(cap);
    if (buf == NULL)
      return PyErr_NoMemory();
  }
  PyObject *res = n >= 0 ? PyUnicode_DecodeFSDefaultAndSize(buf, n)
                         : pysnmpx_raise(n, NULL);
  if (buf != local)
    PyMem_Free(buf);
  return res;
}

static PyObject *mibdb_stats(PyMibDb *self, PyObject *unused)
{
  wait_loads(self);
  return Py_BuildValue("{s:O,s:n,s:n,s:i}", "from_cache",
                       snmpx_mibdb_is_from_cache(self->m) ? Py_True : Py_False,
                       "modules", (Py_ssize_t)snmpx_mibdb_module_count(self->m),
                       "nodes", (Py_ssize_t)snmpx_mibdb_node_count(self->m),
                       "errors", snmpx_mibdb_error_count(self->m));
}

/* ---- Names ------------------------------------------------------------ */

/* parse_oid(text, flags) -> OID, or the str reason (Net-SNMP's, may be
 * "") when it names nothing known; flags: SNMPX_MIBDB_RANDOM or
 * SNMPX_MIBDB_FALLBACK_RANDOM (never AUTOLOAD: queries do not load). */
static PyObject *mibdb_parse_oid(PyMibDb *self, PyObject *args)
{
  const char *text;
  unsigned flags;
  if (!PyArg_ParseTuple(args, "sI:parse_oid", &text, &flags))
    return NULL;
  flags &= SNMPX_MIBDB_RANDOM | SNMPX_MIBDB_FALLBACK_RANDOM;
  wait_loads(self);
  snmpx_oid o;
  char why[256];
  why[0] = '\0';
  int rv = snmpx_mibdb_parse_oid(self->m, text, flags, &o, why, sizeof(why));
  if (rv == 0)
    return pysnmpx_oid_new(snmpx_oid_view(&o));
  if (rv == SNMPX_EOID_TOOLONG)
    return PyErr_Format(PyExc_ValueError,
                        "%s: an OID has at most %d sub-identifiers", text,
                        SNMPX_OID_MAX_LEN);
  if (rv != SNMPX_EMIB_UNKNOWN && rv != SNMPX_EINVAL)
    return pysnmpx_raise(rv, NULL);
  return PyUnicode_DecodeUTF8(why, strlen(why), "replace");
}

/* Call |fmt| into a local buffer, or a larger one when that is short;
 * the result as str (new reference). */
typedef int (*fmt_fn)(void *ctx, char *buf, size_t cap);

static PyObject *format_text(fmt_fn fn, void *ctx)
{
  char local[512];
  int n = fn(ctx, local, sizeof(local));
  if (n < 0)
    return pysnmpx_raise(n, NULL);
  if ((size_t)n < sizeof(local))
    return PyUnicode_DecodeUTF8(local, n, "surrogateescape");
  char *big = PyMem_Malloc((size_t)n + 1);
  if (big == NULL)
    return PyErr_NoMemory();
  int m = fn(ctx, big, (size_t)n + 1);
  PyObject *res = m < 0 ? pysnmpx_raise(m, NULL)
                        : PyUnicode_DecodeUTF8(big, m < n ? m : n,
                                               "surrogateescape");
  PyMem_Free(big);
  return res;
}

typedef struct oid_fmt {
  const snmpx_mibdb *m;
  snmpx_oidv oid;
  snmpx_mibdb_style style;
  unsigned flags;
} oid_fmt;

static int do_format_oid(void *ctx, char *buf, size_t cap)
{
  oid_fmt *f = ctx;
  return snmpx_mibdb_format_oid(f->m, f->oid, f->style, f->flags, buf, cap);
}

/* format_oid(oid, style, flags) -> str */
static PyObject *mibdb_format_oid(PyMibDb *self, PyObject *args)
{
  PyObject *oid_obj;
  int style;
  unsigned flags;
  if (!PyArg_ParseTuple(args, "OiI:format_oid", &oid_obj, &style, &flags))
    return NULL;
  snmpx_oid o;
  if (pysnmpx_oid_from_py(oid_obj, &o) < 0)
    return NULL;
  if (style < SNMPX_MIBDB_STYLE_MODULE || style > SNMPX_MIBDB_STYLE_UCD)
    return PyErr_Format(PyExc_ValueError, "bad style %d", style);
  wait_loads(self);
  oid_fmt f = {self->m, snmpx_oid_view(&o), (snmpx_mibdb_style)style, flags};
  return format_text(do_format_oid, &f);
}

typedef struct value_fmt {
  const snmpx_mibdb_output *o;
  snmpx_varbind vb;
  bool whole; /* the varbind line, not the value only */
} value_fmt;

static int do_format_value(void *ctx, char *buf, size_t cap)
{
  value_fmt *f = ctx;
  if (f->whole)
    return snmpx_mibdb_format_varbind(f->o, &f->vb, buf, cap);
  return snmpx_mibdb_format_value(f->o, f->vb.name, &f->vb.value, buf, cap);
}

/* format_value(oid, value, letters, whole) -> str: what snmpwalk prints
 * after " = " (or, |whole|, the line) under -O|letters|; ValueError
 * naming an unknown letter. */
static PyObject *mibdb_format_value(PyMibDb *self, PyObject *args)
{
  PyObject *oid_obj, *value_obj;
  const char *letters;
  int whole;
  if (!PyArg_ParseTuple(args, "OOsp:format_value", &oid_obj, &value_obj,
                        &letters, &whole))
    return NULL;
  snmpx_oid name, store;
  value_fmt f;
  snmpx_mibdb_output o;
  snmpx_mibdb_output_init(&o);
  int bad = snmpx_mibdb_output_parse(&o, letters);
  if (bad != 0)
    return PyErr_Format(PyExc_ValueError, "style: unknown output option %c",
                        bad > 0 ? bad : '?');
  if (pysnmpx_oid_from_py(oid_obj, &name) < 0)
    return NULL;
  if (pysnmpx_value_from_py(value_obj, &f.vb.value, &store) < 0) {
    pysnmpx_error_context("value");
    return NULL;
  }
  wait_loads(self);
  o.mib = self->m;
  f.o = &o;
  f.vb.name = snmpx_oid_view(&name);
  f.whole = whole;
  return format_text(do_format_value, &f);
}

/* check_value(oid, value) -> None, or the str of snmpset's refusal */
static PyObject *mibdb_check_value(PyMibDb *self, PyObject *args)
{
  PyObject *oid_obj, *value_obj;
  if (!PyArg_ParseTuple(args, "OO:check_value", &oid_obj, &value_obj))
    return NULL;
  snmpx_oid name, store;
  snmpx_value v;
  if (pysnmpx_oid_from_py(oid_obj, &name) < 0)
    return NULL;
  if (pysnmpx_value_from_py(value_obj, &v, &store) < 0) {
    pysnmpx_error_context("value");
    return NULL;
  }
  wait_loads(self);
  char err[700];
  int rv = snmpx_mibdb_check_value(self->m, snmpx_oid_view(&name), &v, err,
                                   sizeof(err));
  if (rv == 0)
    Py_RETURN_NONE;
  if (rv != SNMPX_EMIB_BADTYPE && rv != SNMPX_EMIB_RANGE)
    return pysnmpx_raise(rv, NULL);
  return PyUnicode_DecodeUTF8(err, strlen(err), "replace");
}

/* pysnmp_texts(oid, value, plans) -> (name|None, text), a node whose plan
 * |plans| lacks, or None (py_mib_text.c). */
static PyObject *mibdb_pysnmp_texts(PyMibDb *self, PyObject *const *args,
                                    Py_ssize_t nargs)
{
  if (nargs != 3)
    return PyErr_Format(PyExc_TypeError,
                        "pysnmp_texts() takes 3 arguments (%zd given)", nargs);
  wait_loads(self);
  return pysnmpx_mib_pysnmp_texts(self->m, args[0], args[1], args[2]);
}

/* ---- Objects ---------------------------------------------------------- */

/* find(oid) -> (node, matched) or None */
static PyObject *mibdb_find(PyMibDb *self, PyObject *oid_obj)
{
  snmpx_oid o;
  if (pysnmpx_oid_from_py(oid_obj, &o) < 0)
    return NULL;
  wait_loads(self);
  size_t matched = 0;
  snmpx_mibdb_node n = snmpx_mibdb_find(self->m, snmpx_oid_view(&o), &matched);
  if (n == SNMPX_MIBDB_NODE_NONE)
    Py_RETURN_NONE;
  return Py_BuildValue("(kn)", (unsigned long)n, (Py_ssize_t)matched);
}

static PyObject *str_of(const char *s)
{
  return PyUnicode_DecodeUTF8(s, strlen(s), "replace");
}

/* A list of what |at| gives for i = 0, 1... until NULL. */
static PyObject *label_list(const snmpx_mibdb *m, snmpx_mibdb_node n,
                            const char *(*at)(const snmpx_mibdb *,
                                              snmpx_mibdb_node, size_t))
{
  PyObject *list = PyList_New(0);
  for (size_t i = 0; list != NULL; i++) {
    const char *s = at(m, n, i);
    if (s == NULL)
      break;
    PyObject *item = str_of(s);
    if (item == NULL || PyList_Append(list, item) < 0)
      Py_CLEAR(list);
    Py_XDECREF(item);
  }
  return list;
}

/* info(node) -> dict of snmpx_mibdb_info, with "enums" [(label, value)],
 * "ranges" [(lo, hi)], "index" [(label, implied)], "objects" and
 * "modules" [label], "parent" node or None. */
static PyObject *mibdb_info(PyMibDb *self, PyObject *args)
{
  unsigned long node;
  if (!PyArg_ParseTuple(args, "k:info", &node))
    return NULL;
  wait_loads(self);
  snmpx_mibdb_info in;
  snmpx_mibdb_node n = (snmpx_mibdb_node)node;
  if (node > UINT32_MAX || snmpx_mibdb_info_get(self->m, n, &in) != 0)
    return PyErr_Format(PyExc_ValueError, "no MIB node %lu", node);
  PyObject *enums = PyList_New((Py_ssize_t)in.n_enums);
  for (size_t i = 0; enums != NULL && i < in.n_enums; i++) {
    const char *label;
    int64_t value;
    snmpx_mibdb_enum_at(self->m, n, i, &label, &value);
    PyObject *t = Py_BuildValue("(NL)", str_of(label), (long long)value);
    if (t == NULL)
      Py_CLEAR(enums);
    else
      PyList_SET_ITEM(enums, (Py_ssize_t)i, t);
  }
  PyObject *ranges = PyList_New((Py_ssize_t)in.n_ranges);
  for (size_t i = 0; ranges != NULL && i < in.n_ranges; i++) {
    int64_t lo, hi;
    snmpx_mibdb_range_at(self->m, n, i, &lo, &hi);
    PyObject *t = Py_BuildValue("(LL)", (long long)lo, (long long)hi);
    if (t == NULL)
      Py_CLEAR(ranges);
    else
      PyList_SET_ITEM(ranges, (Py_ssize_t)i, t);
  }
  PyObject *index = PyList_New((Py_ssize_t)in.n_index);
  for (size_t i = 0; index != NULL && i < in.n_index; i++) {
    bool implied = false;
    const char *label = snmpx_mibdb_index_at(self->m, n, i, &implied);
    PyObject *t = Py_BuildValue("(NO)", str_of(label ? label : ""),
                                implied ? Py_True : Py_False);
    if (t == NULL)
      Py_CLEAR(index);
    else
      PyList_SET_ITEM(index, (Py_ssize_t)i, t);
  }
  PyObject *objects = label_list(self->m, n, snmpx_mibdb_object_at);
  PyObject *modules = label_list(self->m, n, snmpx_mibdb_module_at);
  snmpx_mibdb_node parent = snmpx_mibdb_parent(self->m, n);
  PyObject *parent_obj = parent == SNMPX_MIBDB_NODE_NONE
                             ? (Py_INCREF(Py_None), Py_None)
                             : PyLong_FromUnsignedLong(parent);
  snmpx_oid o;
  PyObject *oid = snmpx_mibdb_node_oid(self->m, n, &o) == 0
                      ? pysnmpx_oid_new(snmpx_oid_view(&o))
                      : (Py_INCREF(Py_None), Py_None);
  if (enums == NULL || ranges == NULL || index == NULL || objects == NULL ||
      modules == NULL || parent_obj == NULL || oid == NULL) {
    Py_XDECREF(enums);
    Py_XDECREF(ranges);
    Py_XDECREF(index);
    Py_XDECREF(objects);
    Py_XDECREF(modules);
    Py_XDECREF(parent_obj);
    Py_XDECREF(oid);
    return NULL;
  }
  return Py_BuildValue(
      "{s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:i,s:k,s:O,s:O,s:O,"
      "s:N,s:N,s:N,s:N,s:N,s:N,s:N}",
      "label", str_of(in.label), "module", str_of(in.module), "tc",
      str_of(in.tc), "hint", str_of(in.hint), "units", str_of(in.units),
      "access", str_of(in.access), "status", str_of(in.status), "description",
      str_of(in.description), "reference", str_of(in.reference), "defval",
      str_of(in.defval), "augments", str_of(in.augments), "type", (int)in.type,
      "subid", (unsigned long)in.subid, "is_size", in.is_size ? Py_True : Py_False,
      "is_anonymous", in.is_anonymous ? Py_True : Py_False, "has_description",
      in.has_description ? Py_True : Py_False, "enums", enums, "ranges", ranges,
      "index", index, "objects", objects, "modules", modules, "parent",
      parent_obj, "oid", oid);
}

/* nodes() -> [node] every node of the tree, in OID order (depth-first,
 * children by ascending sub-identifier). */
static PyObject *mibdb_nodes(PyMibDb *self, PyObject *unused)
{
  wait_loads(self);
  PyObject *list = PyList_New(0);
  snmpx_mibdb_node n = snmpx_mibdb_first_child(self->m, SNMPX_MIBDB_NODE_NONE);
  /* Bounded: every node is visited once (the tree has node_count). */
  size_t budget = snmpx_mibdb_node_count(self->m) + 1;
  while (list != NULL && n != SNMPX_MIBDB_NODE_NONE && budget-- > 0) {
    PyObject *item = PyLong_FromUnsignedLong(n);
    if (item == NULL || PyList_Append(list, item) < 0)
      Py_CLEAR(list);
    Py_XDECREF(item);
    snmpx_mibdb_node next = snmpx_mibdb_first_child(self->m, n);
    while (next == SNMPX_MIBDB_NODE_NONE && n != SNMPX_MIBDB_NODE_NONE) {
      next = snmpx_mibdb_next_sibling(self->m, n);
      if (next == SNMPX_MIBDB_NODE_NONE)
        n = snmpx_mibdb_parent(self->m, n);
    }
    n = next;
  }
  return list;
}

/* ---- DISPLAY-HINT ------------------------------------------------------ */

typedef struct hint_fmt {
  const char *hint;
  const uint8_t *p;
  size_t len;
  int64_t value;
  bool is_unsigned;
} hint_fmt;

static int do_hint_octets(void *ctx, char *buf, size_t cap)
{
  hint_fmt *h = ctx;
  return snmpx_mibdb_hint_octets(h->hint, h->p, h->len, buf, cap);
}

static int do_hint_integer(void *ctx, char *buf, size_t cap)
{
  hint_fmt *h = ctx;
  return snmpx_mibdb_hint_integer(h->hint, h->value, h->is_unsigned, buf, cap);
}

/* hint_octets(hint, data) -> str, or None for a hint Net-SNMP rejects */
static PyObject *mod_hint_octets(PyObject *unused, PyObject *args)
{
  const char *hint;
  Py_buffer data;
  if (!PyArg_ParseTuple(args, "sy*:hint_octets", &hint, &data))
    return NULL;
  hint_fmt h = {hint, data.buf, (size_t)data.len, 0, false};
  char probe[8];
  PyObject *res;
  if (snmpx_mibdb_hint_octets(hint, h.p, h.len, probe, sizeof(probe)) ==
      SNMPX_EINVAL)
    res = (Py_INCREF(Py_None), Py_None);
  else
    res = format_text(do_hint_octets, &h);
  PyBuffer_Release(&data);
  return res;
}

/* hint_integer(hint, value, is_unsigned) -> str, or None */
static PyObject *mod_hint_integer(PyObject *unused, PyObject *args)
{
  const char *hint;
  long long value;
  int is_unsigned;
  if (!PyArg_ParseTuple(args, "sLp:hint_integer", &hint, &value, &is_unsigned))
    return NULL;
  char buf[8];
  if (snmpx_mibdb_hint_integer(hint, value, is_unsigned, buf, sizeof(buf)) ==
      SNMPX_EINVAL)
    Py_RETURN_NONE;
  hint_fmt h = {hint, NULL, 0, value, is_unsigned};
  return format_text(do_hint_integer, &h);
}

static PyMethodDef mibdb_methods[] = {
    {"netsnmp", (PyCFunction)mibdb_netsnmp, METH_VARARGS,
     "netsnmp(mibdirs, mibs, cache_dir, read_conf) -> (code, diagnostics)"},
    {"load_module", (PyCFunction)mibdb_load_module, METH_VARARGS,
     "load_module(name) -> (code, diagnostics)"},
    {"load_file", (PyCFunction)mibdb_load_file, METH_VARARGS,
     "load_file(path) -> (code, diagnostics)"},
    {"set_dirs", (PyCFunction)mibdb_set_dirs, METH_VARARGS,
     "set_dirs(':'-separated directories)"},
    {"get_dirs", (PyCFunction)mibdb_get_dirs, METH_NOARGS,
     "the search path, ':'-separated"},
    {"stats", (PyCFunction)mibdb_stats, METH_NOARGS,
     "{from_cache, modules, nodes, errors}"},
    {"parse_oid", (PyCFunction)mibdb_parse_oid, METH_VARARGS,
     "parse_oid(text, flags) -> OID, or the str reason it names nothing"},
    {"format_oid", (PyCFunction)mibdb_format_oid, METH_VARARGS,
     "format_oid(oid, style, flags) -> str"},
    {"format_value", (PyCFunction)mibdb_format_value, METH_VARARGS,
     "format_value(oid, value, letters, whole) -> str"},
    {"check_value", (PyCFunction)mibdb_check_value, METH_VARARGS,
     "check_value(oid, value) -> None or snmpset's refusal"},
    {"pysnmp_texts", (PyCFunction)(void (*)(void))mibdb_pysnmp_texts,
     METH_FASTCALL,
     "pysnmp_texts(oid, value, plans) -> (name, text), a node to plan, or "
     "None"},
    {"find", (PyCFunction)mibdb_find, METH_O,
     "find(oid) -> (node, arcs matched) or None"},
    {"info", (PyCFunction)mibdb_info, METH_VARARGS, "info(node) -> dict"},
    {"nodes", (PyCFunction)mibdb_nodes, METH_NOARGS,
     "nodes() -> [node], every node in OID order"},
    {NULL, NULL, 0, NULL}};

PyTypeObject PyMibDb_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "snmpx._snmpx.MibDb",
    .tp_basicsize = sizeof(PyMibDb),
    .tp_dealloc = (destructor)mibdb_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "libsnmpx's MIB database (use snmpx.mib.MibDatabase).",
    .tp_methods = mibdb_methods,
    .tp_new = mibdb_new,
};

PyMethodDef pysnmpx_mib_functions[] = {
    {"hint_octets", mod_hint_octets, METH_VARARGS,
     "hint_octets(hint, data) -> str, or None for a hint Net-SNMP rejects"},
    {"hint_integer", mod_hint_integer, METH_VARARGS,
     "hint_integer(hint, value, is_unsigned) -> str, or None"},
    {NULL, NULL, 0, NULL}};
