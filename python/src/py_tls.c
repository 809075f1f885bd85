/* snmpx._snmpx: transport addresses and the io's TLS configuration.
 *
 * Errors about an address name the argument it came in ("address",
 * "peer"...) and the text given, and say whether it did not parse
 * (SNMPX_EADDR) or names a transport this io does not serve
 * (SNMPX_ENODOMAIN): ValueError either way.
 *
 * The TLS methods are thin wrappers of include/snmpx/io.h's
 * snmpx_io_tls_add_confdir, snmpx_io_tls_conf_line, snmpx_io_set_tls_opts,
 * snmpx_io_tls_peer, snmpx_io_tls_error and snmpx_io_get_tlstm_stats; the
 * Python layer (snmpx/engine.py, Engine.configureTls) checks the types and
 * splits configuration lines into word and rest. */
#include "pysnmpx.h"

#include <string.h>

PyObject *pysnmpx_addr_error(const char *argname, PyObject *given,
                             const snmpx_addr *parsed, int rv)
{
  if (rv == SNMPX_ENODOMAIN && parsed != NULL)
    return PyErr_Format(PyExc_ValueError,
                        "%s %R: the %s transport is not available in this "
                        "engine (%s)",
                        argname, given, snmpx_domain_name(parsed->domain),
                        snmpx_strerror(rv));
  return PyErr_Format(PyExc_ValueError, "bad %s %R: %s", argname, given,
                      snmpx_strerror(rv));
}

/* _tls_add_confdir(path) -> number of certificates indexed */
PyObject *pysnmpx_engine_tls_add_confdir(PyEngine *self, PyObject *args)
{
  const char *dir;
  if (!PyArg_ParseTuple(args, "s:_tls_add_confdir", &dir) ||
      pysnmpx_engine_check(self) < 0)
    return NULL;
  int rv = snmpx_io_tls_add_confdir(self->io, dir);
  if (rv < 0)
    return pysnmpx_raise(rv, NULL);
  return PyLong_FromLong(rv);
}

/* _tls_conf_line(word, args, file|None, line) -> True (taken) or False
 * (not a TLS word); ValueError with the library's "FILE:LINE: WORD: why"
 * for a bad line. */
PyObject *pysnmpx_engine_tls_conf_line(PyEngine *self, PyObject *args)
{
  const char *word, *rest, *file;
  unsigned int line;
  if (!PyArg_ParseTuple(args, "sszI:_tls_conf_line", &word, &rest, &file,
                        &line) ||
      pysnmpx_engine_check(self) < 0)
    return NULL;
  char err[512];
  err[0] = '\0';
  int rv = snmpx_io_tls_conf_line(self->io, word, rest, file, line, err,
                                  sizeof(err));
  if (rv == SNMPX_EINVAL)
    return PyErr_Format(PyExc_ValueError, "%s",
                        err[0] != '\0' ? err : snmpx_strerror(rv));
  if (rv < 0)
    return pysnmpx_raise(rv, NULL);
  return PyBool_FromLong(rv == 1);
}

/* _tls_set_opts(local_cert|None, app_name|None) */
PyObject *pysnmpx_engine_tls_set_opts(PyEngine *self, PyObject *args)
{
  snmpx_io_tls_opts o;
  memset(&o, 0, sizeof(o));
  if (!PyArg_ParseTuple(args, "zz:_tls_set_opts", &o.local_cert, &o.app_name) ||
      pysnmpx_engine_check(self) < 0)
    return NULL;
  int rv = snmpx_io_set_tls_opts(self->io, &o);
  if (rv < 0)
    return pysnmpx_raise(rv, NULL);
  Py_RETURN_NONE;
}

/* _tls_peer(address, peer_cert|None, hostname|None): how the (D)TLS
 * server at |address| must prove who it is. */
PyObject *pysnmpx_engine_tls_peer(PyEngine *self, PyObject *args)
{
  PyObject *address;
  const char *cert, *host;
  if (!PyArg_ParseTuple(args, "Uzz:_tls_peer", &address, &cert, &host))
    return NULL;
  const char *spec = PyUnicode_AsUTF8(address);
  if (spec == NULL)
    return NULL;
  snmpx_addr a;
  int rv;
  /* A host name goes to the resolver: other threads run meanwhile. */
  PyThreadState *ts = PyEval_SaveThread();
  rv = snmpx_addr_parse(&a, spec, 161);
  PyEval_RestoreThread(ts);
  if (rv != 0)
    return pysnmpx_addr_error("address", address, NULL, rv);
  if (pysnmpx_engine_check(self) < 0)
    return NULL;
  if (a.domain != SNMPX_DOMAIN_TLS && a.domain != SNMPX_DOMAIN_DTLS)
    return PyErr_Format(PyExc_ValueError,
                        "address %R: peerCert and hostname are for tls: and "
                        "dtls: addresses, not %s:",
                        address, snmpx_domain_name(a.domain));
  rv = snmpx_io_tls_peer(self->io, &a, cert, host);
  if (rv < 0)
    return pysnmpx_raise(rv, NULL);
  Py_RETURN_NONE;
}

/* _tls_error() -> str ("" when nothing failed) */
PyObject *pysnmpx_engine_tls_error(PyEngine *self, PyObject *unused)
{
  if (pysnmpx_engine_check(self) < 0)
    return NULL;
  return PyUnicode_DecodeUTF8(snmpx_io_tls_error(self->io),
                              (Py_ssize_t)strlen(snmpx_io_tls_error(self->io)),
                              "replace");
}

/* Every counter of snmpx_tlstm_stats, in its order: the assert below fails
 * the build when the struct gains one that is not listed. */
#define PYSNMPX_TLSTM_STATS(X)                                                 \
  X(session_opens)                                                             \
  X(session_client_closes)                                                     \
  X(session_open_errors)                                                       \
  X(session_accepts)                                                           \
  X(session_server_closes)                                                     \
  X(session_no_sessions)                                                       \
  X(invalid_client_certificates)                                               \
  X(unknown_server_certificate)                                                \
  X(invalid_server_certificates)                                               \
  X(invalid_caches)

#define PYSNMPX_COUNT_(f) +1
_Static_assert(sizeof(snmpx_tlstm_stats) ==
                   (0 PYSNMPX_TLSTM_STATS(PYSNMPX_COUNT_)) * sizeof(uint64_t),
               "tls_stats: a counter of snmpx_tlstm_stats is missing");
#undef PYSNMPX_COUNT_

/* _tls_stats() -> dict of snmpTlstmSessionStats */
PyObject *pysnmpx_engine_tls_stats(PyEngine *self, PyObject *unused)
{
  if (pysnmpx_engine_check(self) < 0)
    return NULL;
  snmpx_tlstm_stats s;
  int rv = snmpx_io_get_tlstm_stats(self->io, &s);
  if (rv < 0)
    return pysnmpx_raise(rv, NULL);
#define PYSNMPX_ENTRY_(f) {#f, s.f},
  const pysnmpx_counter counters[] = {PYSNMPX_TLSTM_STATS(PYSNMPX_ENTRY_)};
#undef PYSNMPX_ENTRY_
  return pysnmpx_counters_dict(counters,
                               sizeof(counters) / sizeof(counters[0]));
}

/* _tsm_prefix(on): snmpx_engine_set_tsm_prefix */
PyObject *pysnmpx_engine_tsm_prefix(PyEngine *self, PyObject *arg)
{
  int on = PyObject_IsTrue(arg);
  if (on < 0 || pysnmpx_engine_check(self) < 0)
    return NULL;
  snmpx_engine_set_tsm_prefix(self->e, on != 0);
  Py_RETURN_NONE;
}
