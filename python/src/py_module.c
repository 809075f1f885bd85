/* snmpx._snmpx: module init, the class registry and error mapping. */
#include "pysnmpx.h"

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

/* _setup(oid, varbind, varbindlist, response, make_error, async_walk,
 *        values): values maps snmpx type codes to value classes. */
static PyObject *mod_setup(PyObject *mod, PyObject *args)
{
  PyObject *oid, *vb, *vbl, *resp, *mkerr, *awalk, *values;
  if (!PyArg_ParseTuple(args, "OOOOOOO!:_setup", &oid, &vb, &vbl, &resp, &mkerr,
                        &awalk, &PyDict_Type, &values))
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

/* parse_oid(text) -> tuple of ints, libsnmpx's parser. */
static PyObject *mod_parse_oid(PyObject *mod, PyObject *arg)
{
  snmpx_oid o;
  if (!PyUnicode_Check(arg))
    return PyErr_Format(PyExc_TypeError, "OID text must be str, not %s",
                        Py_TYPE(arg)->tp_name);
  if (pysnmpx_oid_from_py(arg, &o) < 0)
    return NULL;
  PyObject *t = PyTuple_New((Py_ssize_t)o.len);
  if (t == NULL)
    return NULL;
  for (size_t i = 0; i < o.len; i++) {
    PyObject *n = PyLong_FromUnsignedLong(o.arcs[i]);
    if (n == NULL) {
      Py_DECREF(t);
      return NULL;
    }
    PyTuple_SET_ITEM(t, (Py_ssize_t)i, n);
  }
  return t;
}

static PyMethodDef mod_methods[] = {
    {"_setup", mod_setup, METH_VARARGS,
     "Register the Python classes the extension builds (package internal)."},
    {"strerror", mod_strerror, METH_O, "libsnmpx's text for an error code."},
    {"errname", mod_errname, METH_O, "libsnmpx's name for an error code."},
    {"auth_from_name", mod_auth_from_name, METH_O,
     "The authentication protocol number for a name (any common spelling)."},
    {"priv_from_name", mod_priv_from_name, METH_O,
     "The privacy protocol number for a name (any common spelling)."},
    {"parse_oid", mod_parse_oid, METH_O,
     "Parse dotted numeric OID text into a tuple of ints."},
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

PyMODINIT_FUNC PyInit__snmpx(void);
PyMODINIT_FUNC PyInit__snmpx(void)
{
  PyObject *m = PyModule_Create(&moddef);
  if (m == NULL)
    return NULL;
  if (add_type(m, &PyEngine_Type, "Engine") < 0 ||
      add_type(m, &PyManager_Type, "Manager") < 0 ||
      add_type(m, &PyHandle_Type, "RequestHandle") < 0 ||
      add_type(m, &PyWalk_Type, "Walk") < 0 || add_codes(m) < 0 ||
      PyModule_AddStringConstant(m, "LIBSNMPX_VERSION", SNMPX_VERSION_STRING) <
          0 ||
      PyModule_AddIntConstant(m, "POLL_IN", SNMPX_POLL_IN) < 0 ||
      PyModule_AddIntConstant(m, "POLL_REMOVE", SNMPX_POLL_REMOVE) < 0) {
    Py_DECREF(m);
    return NULL;
  }
  return m;
}
