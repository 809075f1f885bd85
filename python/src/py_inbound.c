/* snmpx._snmpx: the inbound side of an Engine.  Listening sockets
 * (snmpx_io_listen), the notification receiver and the command responder
 * (snmpx_engine_set_receiver, snmpx_engine_set_responder) handed to
 * Python callables, and the local SNMPv3 engine (snmpx_engine_set_local).
 *
 * Each incoming message reaches Python as one tuple (incoming_tuple).  The
 * responder's callable answers with (pduType, errorStatus, errorIndex,
 * varbinds), or None to send nothing; this file sends the answer with
 * snmpx_engine_respond, shortening a GetBulk answer or answering tooBig
 * when it does not fit (RFC 3416 4.2.1, 4.2.3).  The Python layer
 * (snmpx/notify.py, snmpx/agent.py) does the rest. */
#include "pysnmpx.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/un.h>

PyObject *pysnmpx_addr_tuple(const snmpx_addr *a)
{
  char host[INET6_ADDRSTRLEN];
  int family = a->u.sa.sa_family;
  /* A UNIX socket: its path (a client's is the socket it connected to),
   * port 0. */
  if (family == AF_UNIX) {
    size_t off = offsetof(struct sockaddr_un, sun_path), n = 0;
    size_t max = a->len > off ? a->len - off : 0;
    if (max > sizeof(a->u.un.sun_path))
      max = sizeof(a->u.un.sun_path);
    while (n < max && a->u.un.sun_path[n] != '\0')
      n++;
    PyObject *path = PyUnicode_DecodeFSDefaultAndSize(a->u.un.sun_path,
                                                      (Py_ssize_t)n);
    return path == NULL ? NULL : Py_BuildValue("(NI)", path, 0u);
  }
  const void *ip = family == AF_INET6 ? (const void *)&a->u.in6.sin6_addr
                                      : (const void *)&a->u.in4.sin_addr;
  if ((family != AF_INET && family != AF_INET6) ||
      inet_ntop(family, ip, host, sizeof(host)) == NULL)
    return PyErr_Format(PyExc_ValueError, "snmpx: address family %d", family);
  unsigned port =
      ntohs(family == AF_INET6 ? a->u.in6.sin6_port : a->u.in4.sin_port);
  return Py_BuildValue("(sI)", host, port);
}

/* _listen(address, default_port) -> (host, port) the socket is bound to
 * ((path, 0) for a UNIX socket).  ValueError naming |address| when it does
 * not parse or names a transport the io does not serve; OSError (with the
 * address as its filename) when the socket cannot be bound; ValueError
 * with the io's reason for a TLS listener without a usable certificate. */
PyObject *pysnmpx_engine_listen(PyEngine *self, PyObject *args)
{
  PyObject *address;
  int dport;
  if (!PyArg_ParseTuple(args, "Ui:_listen", &address, &dport) ||
      pysnmpx_engine_check(self) < 0)
    return NULL;
  const char *spec = PyUnicode_AsUTF8(address);
  if (spec == NULL)
    return NULL;
  snmpx_addr a;
  int rv = snmpx_addr_parse_listen(&a, spec, (uint16_t)dport);
  if (rv != 0)
    return pysnmpx_addr_error("listening address", address, NULL, rv);
  if ((rv = snmpx_io_check_addr(self->io, &a)) != 0)
    return pysnmpx_addr_error("listening address", address, &a, rv);
  int idx = snmpx_io_listen(self->io, &a);
  if (idx == SNMPX_ESOCKET) {
    errno = snmpx_io_last_error(self->io);
    return PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, address);
  }
  if (idx == SNMPX_ENODOMAIN)
    return pysnmpx_addr_error("listening address", address, &a, idx);
  if (idx == SNMPX_ETLS_CONFIG)
    return PyErr_Format(PyExc_ValueError, "listening address %R: %s (%s)",
                        address, snmpx_strerror(idx),
                        snmpx_io_tls_error(self->io));
  if (idx < 0)
    return pysnmpx_raise(idx, NULL);
  snmpx_addr bound;
  if ((rv = snmpx_io_listen_addr(self->io, idx, &bound)) != 0)
    return pysnmpx_raise(rv, NULL);
  return pysnmpx_addr_tuple(&bound);
}

/* ---- the local engine ------------------------------------------------- */

/* _set_local(engine_id|None, boots, namespace) */
PyObject *pysnmpx_engine_set_local(PyEngine *self, PyObject *args)
{
  PyObject *eid;
  unsigned int boots;
  const char *ns;
  if (!PyArg_ParseTuple(args, "OIs:_set_local", &eid, &boots, &ns) ||
      pysnmpx_engine_check(self) < 0)
    return NULL;
  if (eid != Py_None && !PyBytes_Check(eid))
    return PyErr_Format(PyExc_TypeError, "engineID must be bytes");
  snmpx_local_engine local;
  memset(&local, 0, sizeof(local));
  if (eid != Py_None) {
    local.engine_id = (const uint8_t *)PyBytes_AS_STRING(eid);
    local.engine_id_len = (size_t)PyBytes_GET_SIZE(eid);
  }
  local.boots = boots;
  local.user_namespace = ns;
  int rv = snmpx_engine_set_local(self->e, &local);
  if (rv == SNMPX_EINVAL)
    return PyErr_Format(PyExc_ValueError,
                        "engineID must be 5 to 32 octets, not %zd",
                        PyBytes_GET_SIZE(eid));
  if (rv != 0)
    return pysnmpx_raise(rv, NULL);
  Py_RETURN_NONE;
}

/* _local() -> (engine_id, boots, time) */
PyObject *pysnmpx_engine_local(PyEngine *self, PyObject *unused)
{
  if (pysnmpx_engine_check(self) < 0)
    return NULL;
  const uint8_t *id;
  size_t len;
  uint32_t boots, t;
  int rv = snmpx_engine_get_local(self->e, &id, &len, &boots, &t);
  if (rv != 0)
    return pysnmpx_raise(rv, NULL);
  return Py_BuildValue("(y#II)", (const char *)id, (Py_ssize_t)len, boots, t);
}

/* ---- an incoming message as a tuple ------------------------------------ */

static PyObject *opt_bytes(const uint8_t *p, size_t len)
{
  if (p == NULL)
    Py_RETURN_NONE;
  return PyBytes_FromStringAndSize((const char *)p, (Py_ssize_t)len);
}

/* v1 Trap-PDU fields: (enterprise, agent_addr, generic, specific,
 * time_stamp), or None for other PDUs. */
static PyObject *v1_fields(const snmpx_pdu *pdu)
{
  if (pdu->type != SNMPX_PDU_TRAP_V1)
    Py_RETURN_NONE;
  PyObject *ent = pysnmpx_oid_new(pdu->enterprise);
  if (ent == NULL)
    return NULL;
  return Py_BuildValue("(Ny#iiI)", ent, (const char *)pdu->agent_addr,
                       (Py_ssize_t)4, (int)pdu->generic_trap,
                       (int)pdu->specific_trap, (unsigned)pdu->time_stamp);
}

static int py_version(snmpx_version v)
{
  return v == SNMPX_VERSION_1 ? 1 : v == SNMPX_VERSION_2C ? 2 : 3;
}

/* (pduType, version 1|2|3, (host, port), community, securityName,
 *  securityLevel, engineID, contextEngineID, contextName, requestID,
 *  errorStatus, errorIndex, VarBindList, v1 fields|None).  v1/v2c:
 *  community set, the v3 fields None; v3: the reverse. */
static PyObject *incoming_tuple(const snmpx_incoming *in)
{
  const snmpx_msg *m = &in->msg;
  bool v3 = m->version == SNMPX_VERSION_3;
  PyObject *src = pysnmpx_addr_tuple(&in->from);
  PyObject *vbs = src != NULL ? pysnmpx_varbindlist_new(&m->pdu) : NULL;
  PyObject *v1 = vbs != NULL ? v1_fields(&m->pdu) : NULL;
  if (v1 == NULL) {
    Py_XDECREF(src);
    Py_XDECREF(vbs);
    return NULL;
  }
  return Py_BuildValue(
      "(iiNNNiNNNiiiNN)", (int)m->pdu.type, py_version(m->version), src,
      v3 ? opt_bytes(NULL, 0) : opt_bytes(m->community, m->community_len),
      v3 ? opt_bytes(m->security_name, m->security_name_len)
         : opt_bytes(NULL, 0),
      (int)in->level, opt_bytes(in->engine_id, in->engine_id_len),
      v3 ? opt_bytes(m->context_engine_id, m->context_engine_id_len)
         : opt_bytes(NULL, 0),
      v3 ? opt_bytes(m->context_name ? m->context_name : (const uint8_t *)"",
                     m->context_name_len)
         : opt_bytes(NULL, 0),
      (int)m->pdu.request_id, (int)m->pdu.error_status, (int)m->pdu.error_index,
      vbs, v1);
}

/* ---- calling Python from inside the engine ------------------------------ */

/* Call |fn|(incoming tuple) with the engine usable from the callable (it
 * runs in the busy thread; blocking waits refused, see
 * pysnmpx_engine_run_once).  Returns the result, or NULL with an exception
 * set. */
static PyObject *call_app(PyEngine *self, PyObject *fn,
                          const snmpx_incoming *in)
{
  PyObject *arg = incoming_tuple(in);
  if (arg == NULL)
    return NULL;
  self->in_callback++;
  Py_INCREF(fn); /* the callable may unregister itself */
  PyObject *r = PyObject_CallOneArg(fn, arg);
  Py_DECREF(fn);
  self->in_callback--;
  Py_DECREF(arg);
  return r;
}

static void receiver_cb(snmpx_engine *e, const snmpx_incoming *in, void *ud)
{
  PyEngine *self = ud;
  PyGILState_STATE g = PyGILState_Ensure();
  if (self->on_notification != NULL) {
    PyObject *r = call_app(self, self->on_notification, in);
    if (r == NULL)
      PyErr_WriteUnraisable(self->on_notification);
    else if (r == Py_False)
      snmpx_engine_discard(e, in); /* refused: an inform is not acked */
    Py_XDECREF(r);
  }
  PyGILState_Release(g);
}

/* RFC 3416 4.2.3: a GetBulk answer may drop varbinds from its end until
 * the message fits.  Each try that does not fit sends nothing. */
static int respond_shorter(snmpx_engine *e, const snmpx_incoming *in,
                           snmpx_pdu *resp)
{
  int rv = SNMPX_EMSG_TOOBIG;
  while (rv == SNMPX_EMSG_TOOBIG && resp->n_varbinds > 1) {
    size_t cut = resp->n_varbinds / 4;
    resp->n_varbinds -= cut > 0 ? cut : 1;
    rv = snmpx_engine_respond(e, in, resp);
  }
  return rv;
}

/* An error answer with error-index 0: tooBig (RFC 3416 4.2.1) or genErr
 * when no answer could be made.  No varbinds, except in SNMPv1, which
 * returns the request's (RFC 1157 4.1.2). */
static int respond_error(snmpx_engine *e, const snmpx_incoming *in,
                         snmpx_errstat status)
{
  snmpx_pdu resp;
  memset(&resp, 0, sizeof(resp));
  resp.type = SNMPX_PDU_RESPONSE;
  resp.request_id = in->msg.pdu.request_id;
  resp.error_status = status;
  if (in->msg.version == SNMPX_VERSION_1) {
    resp.varbinds = in->msg.pdu.varbinds;
    resp.n_varbinds = in->msg.pdu.n_varbinds;
  }
  return snmpx_engine_respond(e, in, &resp);
}

/* Send the answer the responder's callable gave: (pduType, errorStatus,
 * errorIndex, varbinds).  Returns 0, or -1 with an exception set. */
static int send_answer(snmpx_engine *e, const snmpx_incoming *in,
                       PyObject *answer)
{
  int type, status, index;
  PyObject *vbs;
  if (!PyArg_ParseTuple(answer,
                        "iiiO;the responder answers (pduType, "
                        "errorStatus, errorIndex, varbinds)",
                        &type, &status, &index, &vbs))
    return -1;
  PyObject *seq = PySequence_Fast(vbs, "the answer's varbinds must be a "
                                       "sequence");
  if (seq == NULL)
    return -1;
  pysnmpx_varbinds v;
  int rv = pysnmpx_varbinds_parse(&v, PySequence_Fast_ITEMS(seq),
                                  (size_t)PySequence_Fast_GET_SIZE(seq),
                                  "the responder's answer");
  if (rv == 0) {
    snmpx_pdu resp;
    memset(&resp, 0, sizeof(resp));
    resp.type = (snmpx_pdu_type)type;
    resp.request_id = in->msg.pdu.request_id;
    resp.error_status = status;
    resp.error_index = index;
    resp.varbinds = v.vbs;
    resp.n_varbinds = v.n;
    rv = snmpx_engine_respond(e, in, &resp);
    if (rv == SNMPX_EMSG_TOOBIG && status == 0 &&
        in->msg.pdu.type == SNMPX_PDU_GETBULK)
      rv = respond_shorter(e, in, &resp);
    if (rv == SNMPX_EMSG_TOOBIG)
      rv = respond_error(e, in, SNMPX_ERRSTAT_TOO_BIG);
    if (rv != 0)
      pysnmpx_raise(rv, NULL);
  }
  pysnmpx_varbinds_free(&v);
  Py_DECREF(seq);
  return rv != 0 ? -1 : 0;
}

static void responder_cb(snmpx_engine *e, const snmpx_incoming *in, void *ud)
{
  PyEngine *self = ud;
  PyGILState_STATE g = PyGILState_Ensure();
  if (self->on_request != NULL) {
    PyObject *r = call_app(self, self->on_request, in);
    if (r != NULL && r != Py_None && send_answer(e, in, r) < 0)
      Py_CLEAR(r);
    if (r == NULL) {
      PyErr_WriteUnraisable(self->on_request);
      respond_error(e, in, SNMPX_ERRSTAT_GEN_ERR); /* unless answered */
    }
    Py_XDECREF(r);
  }
  PyGILState_Release(g);
}

static PyObject *set_app(PyEngine *self, PyObject *fn, PyObject **slot,
                         snmpx_incoming_cb cb,
                         void (*set)(snmpx_engine *, snmpx_incoming_cb, void *))
{
  if (pysnmpx_engine_check(self) < 0)
    return NULL;
  if (fn != Py_None && !PyCallable_Check(fn))
    return PyErr_Format(PyExc_TypeError, "a callable or None expected");
  Py_XINCREF(fn == Py_None ? NULL : fn);
  Py_XSETREF(*slot, fn == Py_None ? NULL : fn);
  set(self->e, fn == Py_None ? NULL : cb, self);
  Py_RETURN_NONE;
}

/* _set_receiver(fn|None): fn(incoming tuple) for every Trap, SNMPv2-Trap
 * and InformRequest (acknowledged by the engine after fn returns, unless
 * fn returns False: refused). */
PyObject *pysnmpx_engine_set_receiver(PyEngine *self, PyObject *fn)
{
  return set_app(self, fn, &self->on_notification, receiver_cb,
                 snmpx_engine_set_receiver);
}

/* _set_responder(fn|None): fn(incoming tuple) -> answer|None for every
 * Get, GetNext, GetBulk and SetRequest. */
PyObject *pysnmpx_engine_set_responder(PyEngine *self, PyObject *fn)
{
  return set_app(self, fn, &self->on_request, responder_cb,
                 snmpx_engine_set_responder);
}
