"""SnmpEngine over snmpx's AsyncEngine, and the one place where requests
are sent and their outcome is turned into pysnmp's
(errorIndication, errorStatus, errorIndex, varBinds)."""

import asyncio
import os
import tempfile
import threading
import warnings
from typing import (Any, Callable, Dict, List, Optional,
                    Sequence, Tuple, Union)

from ... import types as sx
from ...aio import AsyncEngine
from ...exceptions import SnmpxError, Timeout
from ...manager import Manager
from ..proto import errind
from ..proto import rfc1902 as r
from ..proto import rfc1905 as r5
from . import _values
from .auth import AUTH_NAMES, PRIV_NAMES, CommunityData, UsmUserData
from .context import ContextData
from .transport import _Target

__all__ = ["SnmpEngine", "Result", "send", "failure", "outcome", "is_v1"]

Auth = Union[CommunityData, UsmUserData]
ErrorStatusOut = Union[int, r5.ErrorStatus]
Result = Tuple[Optional[errind.ErrorIndication], ErrorStatusOut,
               Union[int, r.Integer], Sequence[_values.VarBindOut]]

# libsnmpx error names -> the errorIndication pysnmp gives for them.
_INDICATIONS: Dict[str, errind.ErrorIndication] = {
    "SNMPX_ETIMEDOUT": errind.requestTimedOut,
    "SNMPX_EUSM_DISCOVERY_TIMEOUT": errind.requestTimedOut,
    "SNMPX_EUSM_UNKNOWN_USER": errind.unknownUserName,
    "SNMPX_EUSM_WRONG_DIGEST": errind.wrongDigest,
    "SNMPX_EUSM_ANSWER_AUTH": errind.wrongDigest,
    "SNMPX_EUSM_UNSUPPORTED_SECLEVEL": errind.unsupportedSecurityLevel,
    "SNMPX_EUSM_NOT_IN_TIME_WINDOW": errind.notInTimeWindow,
    "SNMPX_EUSM_DECRYPTION_ERROR": errind.decryptionError,
    "SNMPX_EUSM_UNKNOWN_ENGINE_ID": errind.unknownEngineID,
    "SNMPX_EREPORT": errind.reportPduReceived,
    "SNMPX_EWALK_NOT_INCREASING": errind.oidNotIncreasing,
    "SNMPX_EMSG_TOOBIG": errind.tooBig,
}


def indication(exc: SnmpxError) -> errind.ErrorIndication:
    """The errorIndication for a failed request."""
    return _INDICATIONS.get(exc.name, errind.OtherError(str(exc)))


_BOOTS_MAX = 2147483647  # RFC 3414 2.2.2: the count stops there


def _last_boots(path: str) -> Optional[int]:
    """The count a boots file holds (0 when there is no file), or None
    after a warning that names it when it cannot be read or holds
    something else: such a file is not ours to overwrite."""
    try:
        with open(path, "rb") as f:
            text = f.read()
    except FileNotFoundError:
        return 0
    except OSError as exc:
        why = "cannot be read (%s)" % (exc.strerror or exc)
    else:
        try:
            last = int(text.decode("ascii").strip())
        except ValueError:
            last = -1
        if 0 <= last <= _BOOTS_MAX:
            return last
        why = "does not hold a count from 0 to %d" % _BOOTS_MAX
    # stacklevel 4: the program's SnmpEngine(...) line
    warnings.warn("snmpEngineBoots file %s %s: boots 1 is used and the "
                  "file is left as it is" % (path, why), RuntimeWarning,
                  stacklevel=4)
    return None


def _next_boots(engine_id: r.OctetString) -> int:
    """snmpEngineBoots for an engine with a chosen ID: one more than the
    last start's, kept where pysnmp keeps it (TMPDIR/__pysnmp/ID/boots,
    the same file), so that receivers which saw the ID before accept its
    notifications (RFC 3414 2.2.2).  1 when the file cannot be used: a
    file that cannot be read, or holds anything but a count, is warned
    about (RuntimeWarning) and left untouched."""
    folder = os.path.join(tempfile.gettempdir(), "__pysnmp",
                          engine_id.prettyPrint())
    path = os.path.join(folder, "boots")
    last = _last_boots(path)
    if last is None:
        return 1
    boots = min(last + 1, _BOOTS_MAX)
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder)
        with os.fdopen(fd, "w") as f:
            f.write(str(boots))
        os.replace(tmp, path)
    except OSError:
        pass
    return boots


class SnmpEngine:
    """pysnmp's SnmpEngine: one per program.  It runs an snmpx AsyncEngine
    on the running asyncio loop (made at the first request), holding
    the sockets, requests in flight and USM users."""

    def __init__(self, snmpEngineID: Optional[bytes] = None,
                 maxMessageSize: int = 65507,
                 msgAndPduDsp: object = None) -> None:
        if snmpEngineID is None:
            self.snmpEngineID = r.OctetString(b"\x80\x00\x4f\xb8\x05" +
                                              os.urandom(8))
            self._boots = 1
        else:
            self.snmpEngineID = r.OctetString(snmpEngineID)
            self._boots = _next_boots(self.snmpEngineID)
        self.maxMessageSize = maxMessageSize
        self._engine: Optional[AsyncEngine] = None
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._namespaces: Dict[Tuple[object, ...], str] = {}
        self._managers: Dict[Tuple[object, ...], Any] = {}
        self.cache: Dict[str, object] = {}

    def _snmpx(self) -> AsyncEngine:
        engine, loop = self._engine, self._loop
        # The loop running in this thread is the engine's when that loop
        # runs in this thread (one loop runs per thread at a time): known
        # without asyncio.get_running_loop(), which makes a getpid() system
        # call each time.
        if engine is not None and loop is not None and \
                getattr(loop, "_thread_id", None) == threading.get_ident() \
                and not engine.closed:
            return engine
        loop = asyncio.get_running_loop()
        if self._engine is None or self._loop is not loop or \
                self._engine.closed:
            if self._engine is not None and not self._engine.closed:
                self._engine.close()
            self._engine = AsyncEngine(loop=loop)
            self._engine.setLocalEngine(bytes(self.snmpEngineID),
                                        boots=self._boots)
            self._loop = loop
            self._namespaces.clear()
            self._managers.clear()
        return self._engine

    def _namespace(self, engine: AsyncEngine, auth: UsmUserData) -> str:
        key = auth.key()
        ns = self._namespaces.get(key)
        if ns is None:
            ns = "hlapi-%d" % len(self._namespaces)
            level = auth.securityLevel
            engine.addUser(
                auth.userName,
                authProtocol=AUTH_NAMES.get(auth.authProtocol),
                authSecret=auth.authKey if level != "noAuthNoPriv" else None,
                privProtocol=PRIV_NAMES.get(auth.privProtocol),
                privSecret=auth.privKey if level == "authPriv" else None,
                namespace=ns, keyType=auth.authKeyType)
            self._namespaces[key] = ns
        return ns

    def manager(self, auth: Auth, target: _Target,
                context: Optional[ContextData]) -> Any:
        """The snmpx Manager for these credentials, target and context."""
        engine = self._snmpx()
        ctx = context or ContextData()
        key = (auth.key(), target._family, target.transport_address,
               target.timeout, target.retries, ctx.contextName,
               ctx.contextEngineId)
        mgr = self._managers.get(key)
        if mgr is not None:
            return mgr
        kw: Dict[str, Any] = dict(timeout=float(target.timeout),
                                  retries=int(target.retries),
                                  autowait=False)
        if isinstance(auth, CommunityData):
            name = auth.communityName
            mgr = engine.Manager(target.snmpx_address(),
                                 version=1 if auth.mpModel == 0 else 2,
                                 community=name, **kw)
        else:
            ns = self._namespace(engine, auth)
            mgr = engine.Manager(
                target.snmpx_address(), version=3, user=auth.userName,
                namespace=ns, contextName=ctx.contextName,
                engineID=ctx.contextEngineId, **kw)
        if isinstance(mgr, Manager):
            # Its requests give Waiters: the task awaiting one wakes in
            # the loop turn that read the response (py_waiter.c).
            mgr._waiters = self._loop
        self._managers[key] = mgr
        return mgr

    def close_dispatcher(self) -> None:
        """Close the sockets; the next request opens them again."""
        if self._engine is not None:
            self._engine.close()
            self._engine = None

    closeDispatcher = close_dispatcher

    def open_dispatcher(self, timeout: float = 0) -> None:
        """pysnmp runs its dispatcher here; the asyncio loop runs snmpx."""

    openDispatcher = open_dispatcher


def is_v1(auth: Auth) -> bool:
    """SNMPv1 credentials (its answers are read as pysnmp reads them)."""
    return isinstance(auth, CommunityData) and auth.mpModel == 0


def failure(exc: SnmpxError) -> Tuple[Optional[Result],
                                       Optional[sx.ResponsePDU]]:
    """A request that failed with |exc|: (pysnmp's 4-tuple, None), or
    (None, the response) when it carries one.  An error-status
    (ErrorResponse) or an answer snmpx finds improper (ImproperResponse:
    names that do not answer the request) carry the response: pysnmp
    takes any answer to its request-id as is."""
    if isinstance(exc, Timeout):
        return (errind.requestTimedOut, 0, 0, ()), None
    answer = getattr(exc, "response", None)
    if not isinstance(answer, sx.ResponsePDU):
        return (indication(exc), 0, 0, ()), None
    return None, answer


def outcome(response: sx.ResponsePDU, lookupMib: bool, v1: bool,
            named_ok: bool,
            v1_error_varbinds: Callable[[List[Any]], Sequence[Any]]
            ) -> Result:
    """pysnmp's 4-tuple for |response|.  ``named_ok``: errorStatus and
    errorIndex of a success are ErrorStatus('noError') and Integer(0)
    (GETNEXT, GETBULK) rather than 0 and 0 (GET, SET)."""
    vbs: Sequence[Any] = _values.result_varbinds(response.variableBindings,
                                                 lookupMib, v1)
    if response.errorStatus:
        if v1 and response.errorStatus == 2:
            vbs = v1_error_varbinds(list(vbs))
        return (None, r5.errorStatus.clone(response.errorStatus),
                r.Integer(response.errorIndex), vbs)
    if named_ok:
        return None, r5.errorStatus.clone(0), r.Integer(0), vbs
    return None, 0, 0, vbs


async def send(snmpEngine: SnmpEngine, auth: Auth, target: _Target,
               context: Optional[ContextData],
               call: Callable[[Any], Any],
               lookupMib: bool, named_ok: bool,
               v1_error_varbinds: Callable[[List[Any]], Sequence[Any]]
               ) -> Result:
    """Run |call|(manager) and give pysnmp's 4-tuple (see outcome)."""
    mgr = snmpEngine.manager(auth, target, context)
    try:
        response = await call(mgr)
    except SnmpxError as exc:
        done, response = failure(exc)
        if done is not None:
            return done
    return outcome(response, lookupMib, is_v1(auth), named_ok,
                   v1_error_varbinds)
