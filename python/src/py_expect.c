/* snmpx._snmpx: what a response must hold to answer its request.
 *
 * python-snmp raises ImproperResponse when a response's varbinds do not
 * answer the request; so does this package.  The checks follow RFC 3416
 * 4.2: a Get or Set is answered with the same names in the same order
 * (4.2.1, 4.2.5); a GetNext with as many names, each after the one asked
 * for, or endOfMibView (4.2.2); a GetBulk with at most N + M*R varbinds,
 * each after the one before it in its column (4.2.3; fewer is allowed:
 * an agent drops varbinds from the end to fit the message). */
#include "pysnmpx.h"

#include <string.h>

struct pysnmpx_expect {
  PyObject *fut; /* loop mode: the future (owned), else NULL */
  snmpx_pdu_type type;
  int32_t non_repeaters, max_repetitions;
  size_t n;
  snmpx_oidv *names; /* n names, viewing the arcs stored after them */
};

/* The name a request puts on the wire: a one-arc OID {n} goes as {n, 0}
 * (py_convert.c), so its answer comes back as that. */
static size_t wire_len(snmpx_oidv o)
{
  return o.len < 2 ? 2 : o.len;
}

pysnmpx_expect *pysnmpx_expect_new(snmpx_pdu_type type, int32_t nr,
                                   int32_t mr, const snmpx_oidv *oids,
                                   const snmpx_varbind *vbs, size_t n)
{
  size_t arcs = 0;
  for (size_t i = 0; i < n; i++)
    arcs += wire_len(oids != NULL ? oids[i] : vbs[i].name);
  pysnmpx_expect *x = PyMem_Malloc(sizeof(*x) + n * sizeof(snmpx_oidv) +
                                   arcs * sizeof(uint32_t));
  if (x == NULL) {
    PyErr_NoMemory();
    return NULL;
  }
  x->fut = NULL;
  x->type = type;
  x->non_repeaters = nr;
  x->max_repetitions = mr;
  x->n = n;
  x->names = (snmpx_oidv *)(x + 1);
  uint32_t *store = (uint32_t *)(x->names + n);
  for (size_t i = 0; i < n; i++) {
    snmpx_oidv o = oids != NULL ? oids[i] : vbs[i].name;
    size_t len = wire_len(o);
    memset(store, 0, len * sizeof(uint32_t));
    if (o.len > 0)
      memcpy(store, o.arcs, o.len * sizeof(uint32_t));
    x->names[i].arcs = store;
    x->names[i].len = len;
    store += len;
  }
  return x;
}

void pysnmpx_expect_free(pysnmpx_expect *x)
{
  if (x == NULL)
    return;
  Py_XDECREF(x->fut);
  PyMem_Free(x);
}

void pysnmpx_expect_set_future(pysnmpx_expect *x, PyObject *fut)
{
  Py_INCREF(fut);
  x->fut = fut;
}

/* |vb| follows |before|: its name is greater, or it is endOfMibView (whose
 * name is the one asked for, RFC 3416 4.2.2). */
static bool follows(const snmpx_varbind *vb, snmpx_oidv before)
{
  return vb->value.type == SNMPX_TYPE_ENDOFMIBVIEW ||
         snmpx_oidv_compare(vb->name, before) > 0;
}

/* NULL when |resp| answers the request, else why not (static text); |at|
 * is then the 0-based varbind at fault (or the count's). */
static const char *improper(const pysnmpx_expect *x, const snmpx_pdu *resp,
                            size_t *at)
{
  const snmpx_varbind *vb = resp->varbinds;
  size_t got = resp->n_varbinds;
  *at = 0;
  switch (x->type) {
  case SNMPX_PDU_GET:
  case SNMPX_PDU_SET:
  case SNMPX_PDU_GETNEXT:
    if (got != x->n) {
      *at = got < x->n ? got : x->n; /* the first missing or extra one */
      return "wrong number of varbinds";
    }
    for (size_t i = 0; i < got; i++) {
      *at = i;
      if (x->type == SNMPX_PDU_GETNEXT) {
        if (!follows(&vb[i], x->names[i]))
          return "a name that does not follow the one requested";
      } else if (snmpx_oidv_compare(vb[i].name, x->names[i]) != 0) {
        return "a name that is not the one requested";
      }
    }
    return NULL;
  case SNMPX_PDU_GETBULK: {
    /* RFC 3416 4.2.3: N non-repeaters, R repeaters, M repetitions. */
    size_t nr = x->non_repeaters < 0 ? 0 : (size_t)x->non_repeaters;
    size_t n = nr < x->n ? nr : x->n, r = x->n - n;
    size_t m = x->max_repetitions < 0 ? 0 : (size_t)x->max_repetitions;
    if (got > n + m * r) {
      *at = n + m * r; /* the first extra one */
      return "more varbinds than requested";
    }
    for (size_t i = 0; i < got; i++) {
      *at = i;
      snmpx_oidv before = i < n + r ? x->names[i] : vb[i - r].name;
      if (!follows(&vb[i], before))
        return "a name that does not follow the one before it in its "
               "column";
    }
    return NULL;
  }
  default:
    return NULL;
  }
}

int pysnmpx_expect_check(const pysnmpx_expect *x, PyObject *response,
                         const snmpx_pdu *resp)
{
  size_t at;
  const char *why = x == NULL ? NULL : improper(x, resp, &at);
  if (why == NULL)
    return 0;
  PyObject *exc = NULL;
  if (pysnmpx_cls.improper != NULL)
    exc = PyObject_CallFunction(pysnmpx_cls.improper, "Osn", response, why,
                                (Py_ssize_t)at);
  else
    PyErr_SetString(PyExc_RuntimeError, why);
  if (exc != NULL) {
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
  }
  return -1;
}

PyObject *pysnmpx_expect_future(const pysnmpx_expect *x)
{
  return x->fut;
}
