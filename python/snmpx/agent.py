"""A small SNMP agent serving Python data: Engine.Agent() listens, and
Agent.register() serves a subtree from a dict (or a callable returning
one) whose values are SNMP values or callables that make them, with an
optional setter for SetRequests.

    data = {"1.3.6.1.4.1.99999.1.0": OctetString(b"hello"),
            "1.3.6.1.4.1.99999.2.0": lambda: TimeTicks(engine.uptime)}
    agent = engine.Agent("127.0.0.1:1161",
                         communities={"public": "read", "private": "write"})
    agent.register("1.3.6.1.4.1.99999", data, setter=data.__setitem__)
    engine.serve()

The engine does message processing and USM (SNMPv3 with this engine
authoritative: discovery, reports); this module does RFC 3416 4.2's
request processing and a simple access check (communities and users with
read or write access, RFC 3584's error mapping for SNMPv1).
"""

from __future__ import annotations

import bisect
import logging
from typing import (TYPE_CHECKING, Callable, Mapping, Optional, Sequence,
                    TypeVar, Union)

from . import _args
from .notification import PduType, _Listener
from .security import SecurityLevel
from .types import (OID, Counter32, Counter64, EndOfMibView, ErrorStatus,
                    NoSuchInstance, NoSuchObject, Value, _as_oid)

__all__ = ["Agent"]

if TYPE_CHECKING:
    from ._snmpx import OIDLike

    # A served key: OID text or an OID (a bound: a dict's key type is
    # taken as it is).
    _K = TypeVar("_K", bound=Union[str, OID, Sequence[int]])
    # What a served key maps to: a value, OID, int, bytes or str, None (no
    # such instance), or a callable giving one.
    AgentValue = Union[Value, OID, int, bytes, str, None,
                       Callable[[], Union[Value, OID, int, bytes, str,
                                          None]]]

log = logging.getLogger("snmpx")

READ, WRITE = "read", "write"

# RFC 3413 3.2 (3) and RFC 3412 7.2.5: snmpUnknownContexts.0
SNMP_UNKNOWN_CONTEXTS_0 = OID(1, 3, 6, 1, 6, 3, 12, 1, 1, 5, 0)

# GetBulk limits, as snmpd's maxGetbulkResponses (default 100 varbinds)
# and maxGetbulkRepeats (default: none of its own) and the C agent's
# (snmpx_agent_config.max_bulk_varbinds, max_bulk_repeats).
DEFAULT_BULK_VARBINDS = 100
# Even unlimited, no answer computes more varbinds than fit in the largest
# message (each encodes to at least 4 octets; the engine drops from the
# end what does not fit).
_BULK_MAX_SLOTS = 65535 // 4

# RFC 3584 4.4: SNMPv2 error-status values an SNMPv1 answer cannot carry.
_V1_ERRORS = {
    ErrorStatus.noAccess: ErrorStatus.noSuchName,
    ErrorStatus.notWritable: ErrorStatus.noSuchName,
    ErrorStatus.noCreation: ErrorStatus.noSuchName,
    ErrorStatus.inconsistentName: ErrorStatus.noSuchName,
    ErrorStatus.authorizationError: ErrorStatus.noSuchName,
    ErrorStatus.wrongValue: ErrorStatus.badValue,
    ErrorStatus.wrongEncoding: ErrorStatus.badValue,
    ErrorStatus.wrongType: ErrorStatus.badValue,
    ErrorStatus.wrongLength: ErrorStatus.badValue,
    ErrorStatus.inconsistentValue: ErrorStatus.badValue,
    ErrorStatus.resourceUnavailable: ErrorStatus.genErr,
    ErrorStatus.commitFailed: ErrorStatus.genErr,
    ErrorStatus.undoFailed: ErrorStatus.genErr,
}


def _access_map(spec, default, what):
    if spec is None:
        return default
    if isinstance(spec, (str, bytes)):
        spec = [spec]
    if isinstance(spec, (list, tuple, set, frozenset)):
        spec = {k: READ for k in spec}
    if not hasattr(spec, "items"):
        raise TypeError("%s must be a dict {name: \"read\" or \"write\"} "
                        "or a list of names, not %s"
                        % ("communities" if what == "community" else "users",
                           type(spec).__name__))
    out = {}
    for key, level in spec.items():
        if level not in (READ, WRITE):
            raise ValueError('%s access must be "read" or "write", not %r'
                             % (what, level))
        out[_args.octets(key, what, optional=False)] = level
    return out


def _check_value(v, oid):
    if isinstance(v, (Value, OID)) or (isinstance(v, (int, bytes, str)) and
                                       not isinstance(v, bool)):
        return v
    raise TypeError("agent: %s has a value of type %s, not an SNMP value"
                    % (oid, type(v).__name__))


_MISSING = object()


def _dict_signature(data):
    """A dict's length and last key: whatever adds or deletes keys changes
    one of them (a key deleted and another added makes a new last key)."""
    return len(data), next(reversed(data), _MISSING)


class _Subtree:
    """One registered subtree: its data source, setter and checker, and an
    index of the source's keys (OID -> the source's key, an OID or text),
    sorted for GetNext and GetBulk only when they need it.  Values are
    read from the source at each request.

    The index is checked cheaply when the source is the dict it was built
    from (the usual case: a registered dict, or a callable returning the
    same dict): by the dict's length and last key, O(1) however big.
    Another mapping (a callable's new dict, a non-dict mapping) has all
    its keys compared, as does a dict whose length or last key changed.
    A key of the index found gone from the source also rebuilds it."""

    __slots__ = ("prefix", "source", "setter", "check", "_data", "_sig",
                 "_keys", "_index", "_sorted", "_parents")

    def __init__(self, prefix, source, setter, check):
        self.prefix, self.source = prefix, source
        self.setter, self.check = setter, check
        self._data = self._sig = self._keys = None
        self._index = self._sorted = self._parents = None

    def data(self):
        """The source's mapping now, with the index brought up to date."""
        data = self.source() if callable(self.source) else self.source
        if data is not self._data or not isinstance(data, dict) or \
                _dict_signature(data) != self._sig:
            self._check_keys(data)
        return data

    def _check_keys(self, data):
        """Compare |data|'s keys with the index's; rebuild it when they
        differ."""
        keys = tuple(data)  # one step, even while another thread writes
        if keys != self._keys:
            self._keys = None  # stays invalid if a key is refused below
            index = {}
            for key in keys:
                oid = _as_oid(key)
                if len(oid) <= len(self.prefix) or not oid.startswith(
                        self.prefix):
                    raise ValueError("agent: %s is not under the subtree "
                                     "%s" % (oid, self.prefix))
                index[oid] = key
            self._index, self._sorted, self._parents = index, None, None
            self._keys = keys
        self._data = data
        self._sig = _dict_signature(data) if isinstance(data, dict) \
            else None

    def lookup(self, data, oid):
        """The source's entry (value or callable) at |oid|, or _MISSING."""
        key = self._index.get(oid, _MISSING)
        if key is _MISSING:
            return _MISSING
        try:
            return data[key]
        except KeyError:
            pass
        # A key of the index is gone from the source: index it again.
        self._check_keys(data)
        key = self._index.get(oid, _MISSING)
        return _MISSING if key is _MISSING else data[key]

    def sorted_keys(self):
        """The index's OIDs in order (a list kept until a rebuild)."""
        if self._sorted is None:
            self._sorted = sorted(self._index)
        return self._sorted

    def has_object(self, oid):
        """True when a key's parent (the object of an instance) is a
        proper prefix of |oid|: a missing |oid| is then noSuchInstance
        rather than noSuchObject (RFC 3416 4.2.1)."""
        if self._parents is None:
            self._parents = {k[:-1] for k in self._index}
        parents = self._parents
        return any(oid[:n] in parents
                   for n in range(len(self.prefix), len(oid)))


class _Request:
    """One request's view of the agent: each subtree's source is read at
    most once per request."""

    def __init__(self, agent, v1):
        self.subtrees = agent._subtrees
        self.prefixes = agent._prefixes
        self.v1 = v1
        self.datas = {}

    def _data(self, sub):
        data = self.datas.get(sub.prefix, _MISSING)
        if data is _MISSING:
            data = self.datas[sub.prefix] = sub.data()
        return data

    def subtree_of(self, oid):
        i = bisect.bisect_right(self.prefixes, oid) - 1
        if i >= 0 and oid.startswith(self.prefixes[i]) and \
                len(oid) > len(self.prefixes[i]):
            return self.subtrees[i]
        return None

    def _value(self, v, oid):
        """The value of the entry |v| at |oid|, or None when there is none
        (a callable returned None; SNMPv1 cannot carry Counter64, RFC 3584
        4.2.2.1)."""
        if callable(v) and not isinstance(v, (Value, OID)):
            v = v()
        if v is None or (self.v1 and type(v) is Counter64):
            return None
        return _check_value(v, oid)

    def get(self, oid):
        """RFC 3416 4.2.1: the value, noSuchObject or noSuchInstance."""
        sub = self.subtree_of(oid)
        if sub is None:
            return NoSuchObject()
        v = sub.lookup(self._data(sub), oid)
        if v is not _MISSING:
            v = self._value(v, oid)
            return NoSuchInstance() if v is None else v
        return NoSuchInstance() if sub.has_object(oid) else NoSuchObject()

    def next(self, oid):
        """RFC 3416 4.2.2: the first (name, value) after |oid|, or
        (oid, EndOfMibView())."""
        start = max(bisect.bisect_right(self.prefixes, oid) - 1, 0)
        for sub in self.subtrees[start:]:
            data = self._data(sub)
            keys = sub.sorted_keys()
            after = oid
            i = bisect.bisect_right(keys, after)
            while i < len(keys):  # no slice: a copy of the rest is O(n)
                k = keys[i]
                v = sub.lookup(data, k)
                if sub._sorted is not keys:  # rebuilt: find our place again
                    keys = sub.sorted_keys()
                    i = bisect.bisect_right(keys, after)
                    continue
                if v is not _MISSING:
                    v = self._value(v, k)
                    if v is not None:
                        return k, v
                after = k
                i += 1
        return oid, EndOfMibView()


def _bulk_limit(value, what):
    """A GetBulk limit: None or -1 (snmpd's -1) is no limit, 0 the
    default, a positive int that limit.  Raises TypeError, ValueError."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("%s must be an int or None" % what)
    if value < -1:
        raise ValueError("%s must be -1 (no limit), 0 (the default) or "
                         "positive" % what)
    return None if value == -1 else value


class Agent(_Listener):
    """Serves registered subtrees on the engine's listening sockets; made
    by Engine.Agent().  ``addresses``/``address``/``port`` as for
    NotificationReceiver; ``requests`` counts the requests answered,
    ``dropped`` those refused for their community (not answered, as RFC
    3584 says).  close() stops answering."""

    def __init__(self, engine, addresses, communities, users, level,
                 context, max_responses=0, max_repeats=0):
        if getattr(engine, "_agent", None) is not None:
            raise RuntimeError("the engine already has an agent; one per "
                               "engine")
        self.engine = engine
        self.communities = _access_map(communities, {b"public": READ},
                                       "community")
        self.users = _access_map(users, None, "user")
        self.securityLevel = SecurityLevel(level)
        self.contextName = context
        self.maxGetbulkResponses = _bulk_limit(max_responses,
                                               "maxGetbulkResponses")
        self.maxGetbulkRepeats = _bulk_limit(max_repeats,
                                             "maxGetbulkRepeats")
        self.requests = 0
        self.dropped = 0
        self.unknownContexts = 0
        self._subtrees = []
        self._prefixes = []
        self.addresses = [engine._listen(a, 161) for a in addresses]
        engine._agent = self
        engine._set_responder(self._dispatch)

    def register(self, prefix: OIDLike,
                 source: Union[Mapping[_K, AgentValue],
                               Callable[[], Mapping[_K, AgentValue]]],
                 setter: Optional[Callable[[OID, Union[Value, OID]],
                                           Optional[int]]] = None,
                 check: Optional[Callable[[OID, Union[Value, OID]],
                                          Optional[int]]] = None) -> None:
        """Serve the subtree |prefix| (OID or text) from |source|: a dict
        {OID or text: value}, or a callable returning one, called once per
        request that reaches the subtree.  Keys are full OIDs strictly
        under |prefix|; values are SNMP values (Integer, OctetString...,
        OID, or plain int/bytes/str), or callables returning one, or None
        for "no such instance".  GetNext and GetBulk go through the keys
        in OID order.  The keys are indexed once and looked up directly:
        a dict is re-indexed when its length or last key changes (any
        insertion or deletion between requests but a few rare sequences
        that restore both), or a key it had is gone; a callable returning
        a new mapping each time, or a mapping that is not a dict, has its
        keys compared at every request.

        SetRequests to the subtree call ``check(oid, value)`` for every
        varbind first (if given) and then ``setter(oid, value)`` for each;
        either returns None to accept or an ErrorStatus to refuse (the
        answer names that varbind).  A setter that refuses after others
        succeeded does not undo them: refuse in ``check``.  Without a
        setter the subtree is read-only (notWritable).  Exceptions in
        these callables answer genErr and are logged (logger "snmpx").
        Subtrees may not overlap.  Raises ValueError."""
        prefix = _as_oid(prefix, "prefix")
        if not (callable(source) or hasattr(source, "items")):
            raise TypeError("register: source must be a mapping or a "
                            "callable returning one")
        _args.function(setter, "setter")
        _args.function(check, "check")
        for p in self._prefixes:
            if p.startswith(prefix) or prefix.startswith(p):
                raise ValueError("register: %s overlaps the subtree %s"
                                 % (prefix, p))
        i = bisect.bisect_left(self._prefixes, prefix)
        self._prefixes.insert(i, prefix)
        self._subtrees.insert(i, _Subtree(prefix, source, setter, check))

    def unregister(self, prefix: OIDLike) -> None:
        """Stop serving the subtree |prefix|.  Raises KeyError."""
        prefix = _as_oid(prefix, "prefix")
        i = self._prefixes.index(prefix) if prefix in self._prefixes \
            else -1
        if i < 0:
            raise KeyError(str(prefix))
        del self._prefixes[i], self._subtrees[i]

    def close(self) -> None:
        """Stop answering requests (the sockets close with the engine)."""
        if self.engine._agent is self:
            self.engine._agent = None
            if not self.engine.closed:
                self.engine._set_responder(None)

    # ---- request processing -------------------------------------------

    def _access(self, version, community, user, level):
        """READ, WRITE, "" (authorizationError) or None (drop)."""
        if version != 3:
            access = self.communities.get(community)
            if access is None:
                self.dropped += 1
            return access
        if level < self.securityLevel:
            return ""
        if self.users is None:
            return READ
        return self.users.get(user, "")

    def _dispatch(self, raw):
        (ptype, version, _src, community, user, level, _eid, _ceid, ctx,
         _reqid, non_rep, max_rep, varbinds, _v1) = raw
        access = self._access(version, community, user, level)
        if access is None:
            return None
        if version == 3 and ctx != self.contextName:
            # RFC 3413 3.2 (3): an unknown context is answered by a Report
            self.unknownContexts += 1
            return (PduType.Report, 0, 0,
                    [(SNMP_UNKNOWN_CONTEXTS_0,
                      Counter32(self.unknownContexts & 0xffffffff))])
        self.requests += 1
        if not access:
            return self._error(version, ErrorStatus.authorizationError, 0,
                               varbinds)
        names = [vb.name for vb in varbinds]
        req = _Request(self, version == 1)
        try:
            if ptype == PduType.SetRequest:
                return self._set(version, access, varbinds, req)
            if ptype == PduType.GetRequest:
                vbs = [(n, req.get(n)) for n in names]
            elif ptype == PduType.GetNextRequest:
                vbs = [req.next(n) for n in names]
            else:
                vbs = self._bulk(req, names, non_rep,
                                 self._bulk_repeats(len(names), non_rep,
                                                    max_rep))
        except Exception:  # noqa: BLE001 - a data source failed
            log.exception("snmpx agent: reading the MIB data failed")
            return self._error(version, ErrorStatus.genErr, 0, varbinds)
        if version == 1:
            # RFC 3584 4.2.2.1: exceptions become noSuchName at the first
            for i, (_name, value) in enumerate(vbs):
                if isinstance(value, (NoSuchObject, NoSuchInstance,
                                      EndOfMibView)):
                    return self._error(1, ErrorStatus.noSuchName, i + 1,
                                       varbinds)
        return (PduType.Response, 0, 0, vbs)

    def _bulk_repeats(self, n_names, non_rep, max_rep):
        """The repetitions a GetBulk gets, lowered as snmpd (and the C
        agent) lower max-repetitions: to maxGetbulkRepeats, then so that
        repetitions times repeating varbinds stay within
        maxGetbulkResponses (non-repeaters are not counted); never an
        error."""
        r = n_names - min(max(non_rep, 0), n_names)
        m = max(max_rep, 0)
        if r == 0:
            return 0
        repeats = self.maxGetbulkRepeats
        if repeats is not None and repeats > 0:
            m = min(m, repeats)
        limit = self.maxGetbulkResponses
        if limit is not None and limit >= 0:
            m = min(m, (limit or DEFAULT_BULK_VARBINDS) // r)
        return min(m, _BULK_MAX_SLOTS // r)

    @staticmethod
    def _bulk(req, names, non_rep, max_rep):
        """RFC 3416 4.2.3, with |max_rep| already lowered."""
        n = min(max(non_rep, 0), len(names))
        m = max(max_rep, 0)
        out = [req.next(name) for name in names[:n]]
        last = names[n:]
        for _ in range(m):
            if not last:
                break
            row = [req.next(name) for name in last]
            out.extend(row)
            if all(isinstance(v, EndOfMibView) for _n, v in row):
                break
            last = [name for name, _v in row]
        return out

    @staticmethod
    def _error(version, status, index, varbinds):
        """An error Response with the request's varbinds."""
        status = ErrorStatus(status)
        if version == 1:
            status = _V1_ERRORS.get(status, status)
        return (PduType.Response, int(status), index, list(varbinds))

    def _set(self, version, access, varbinds, req):
        """RFC 3416 4.2.5: every varbind checked, then set in order."""
        if access != WRITE:
            return self._error(version, ErrorStatus.noAccess, 1, varbinds)
        subs = []
        for i, (name, value) in enumerate(varbinds):
            sub = req.subtree_of(name)
            if sub is None or sub.setter is None:
                return self._error(version, ErrorStatus.notWritable, i + 1,
                                   varbinds)
            subs.append(sub)
        for phase in ("check", "setter"):
            for i, (name, value) in enumerate(varbinds):
                fn = getattr(subs[i], phase)
                if fn is None:
                    continue
                try:
                    status = fn(name, value)
                except Exception:  # noqa: BLE001 - the application failed
                    log.exception("snmpx agent: %s(%s) failed", phase, name)
                    status = ErrorStatus.genErr
                if status:
                    return self._error(version, status, i + 1, varbinds)
        return (PduType.Response, 0, 0, list(varbinds))
