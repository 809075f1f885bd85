"""Command generator: get_cmd, set_cmd, next_cmd, bulk_cmd (one request
each) and walk_cmd, bulk_walk_cmd (async generators), with pysnmp 7.1's
results, options and walk rules (lexicographicMode, maxRows, maxCalls;
ignoreNonIncreasingOid is accepted and, as in pysnmp 7.1, changes
nothing), and the camelCase names pysnmp still takes."""

import warnings
from typing import (Any, AsyncGenerator, Dict, List, Optional, Sequence,
                    Tuple)

from ... import types as sx
from ...exceptions import SnmpxError
from ..proto import errind
from ..proto import rfc1902 as r
from ..proto import rfc1905 as r5
from ..smi.rfc1902 import ObjectIdentity, ObjectType
from . import _values
from ._engine import (Auth, Result, SnmpEngine, failure, is_v1, outcome,
                      send)
from .context import ContextData
from .transport import _Target

__all__ = ["get_cmd", "set_cmd", "next_cmd", "bulk_cmd", "walk_cmd",
           "bulk_walk_cmd", "is_end_of_mib"]


def _v1_nosuch(varbinds: List[Any]) -> Sequence[Any]:
    """pysnmp translates an SNMPv1 noSuchName answer to a GET or SET into
    SNMPv2 terms: each value becomes noSuchObject."""
    out: List[Any] = []
    for vb in varbinds:
        if isinstance(vb, ObjectType):
            out.append(ObjectType(vb._identity, r5.NoSuchObject("")))
        else:
            out.append((vb[0], r5.NoSuchObject("")))
    return tuple(out) if isinstance(varbinds, tuple) else out


def _v1_drop(varbinds: List[Any]) -> Sequence[Any]:
    """... and to a GETNEXT/GETBULK gives no varbinds (the end)."""
    return []


async def get_cmd(snmpEngine: SnmpEngine, authData: Auth,
                  transportTarget: _Target, contextData: ContextData,
                  *varBinds: Any, **options: Any) -> Result:
    """One GET (RFC 3416 4.2.1); options: lookupMib (default True).
    (_engine.send, inline: the most common request.)"""
    oids = _values.request_oids(varBinds)
    mgr = snmpEngine.manager(authData, transportTarget, contextData)
    try:
        response = await mgr.get(*oids)
    except SnmpxError as exc:
        done, response = failure(exc)
        if done is not None:
            return done
    return outcome(response, options.get("lookupMib", True), is_v1(authData),
                   False, _v1_nosuch)


async def set_cmd(snmpEngine: SnmpEngine, authData: Auth,
                  transportTarget: _Target, contextData: ContextData,
                  *varBinds: Any, **options: Any) -> Result:
    """One SET (RFC 3416 4.2.5) of typed values."""
    vbs = [sx.VarBind(sx.OID(*oid), _values.to_snmpx(value))
           for oid, value in _values.request_varbinds(varBinds)]
    return await send(snmpEngine, authData, transportTarget, contextData,
                      lambda m: m.set(*vbs), options.get("lookupMib", True),
                      False, _v1_nosuch)


async def next_cmd(snmpEngine: SnmpEngine, authData: Auth,
                   transportTarget: _Target, contextData: ContextData,
                   *varBinds: Any, **options: Any) -> Result:
    """One GETNEXT (RFC 3416 4.2.2); options: lookupMib.  As in pysnmp
    7.1, an answer that does not increase is no error (there is no
    OidNotIncreasing; ignoreNonIncreasingOid is accepted and changes
    nothing)."""
    oids = _values.request_oids(varBinds)
    return await send(snmpEngine, authData, transportTarget, contextData,
                      lambda m: m.getNext(*oids),
                      options.get("lookupMib", True), True, _v1_drop)


async def bulk_cmd(snmpEngine: SnmpEngine, authData: Auth,
                   transportTarget: _Target, contextData: ContextData,
                   nonRepeaters: int, maxRepetitions: int,
                   *varBinds: Any, **options: Any) -> Result:
    """One GETBULK (RFC 3416 4.2.3); options as next_cmd."""
    oids = _values.request_oids(varBinds)
    return await send(snmpEngine, authData, transportTarget, contextData,
                      lambda m: m.getBulk(*oids,
                                          nonRepeaters=int(nonRepeaters),
                                          maxRepetitions=int(maxRepetitions)),
                      options.get("lookupMib", True), True, _v1_drop)


def _name_oid(vb: Any) -> Tuple[int, ...]:
    return _values.oid_of(vb[0])


_END = (r.Null, r5.EndOfMibView)
_tuple_item = tuple.__getitem__


def _first_out(table: Sequence[Any], start: Tuple[int, ...],
               lexicographic: bool) -> int:
    """The index of the first varbind of |table| that ends a walk from
    |start|: its value is NULL or endOfMibView (as pysnmp: not
    noSuchObject/noSuchInstance) or, not lexicographic, its name is
    outside the subtree; len(table) when none does.  (Runs for every
    varbind of a walk: the attributes of the ObjectType and
    ObjectIdentity that hlapi made are read directly.)"""
    cut = slice(0, len(start))
    for i, vb in enumerate(table):
        if type(vb) is ObjectType:
            ident, value = vb._args
            oid = ident._oid if type(ident) is ObjectIdentity else None
        else:
            ident, value = vb[0], vb[1]
            oid = None
        if isinstance(value, _END):
            return i
        if not lexicographic:
            if oid is None:
                oid = _values.oid_of(ident)
            if _tuple_item(oid, cut) != start:  # not ObjectName's: a tuple
                return i
    return len(table)


def _walk_options(varBind: Any, options: Dict[str, Any]
                  ) -> Tuple[bool, int, int, bool, r.ObjectName]:
    """lexicographicMode, maxRows, maxCalls, lookupMib (pysnmp's defaults)
    and the OID the walk starts from."""
    start = r.ObjectName(_name_oid(_values.request_varbinds([varBind])[0]))
    return (options.get("lexicographicMode", True), options.get("maxRows", 0),
            options.get("maxCalls", 0), options.get("lookupMib", True),
            start)


def _done(count: int, limit: int) -> bool:
    """maxRows/maxCalls reached (0: no limit)."""
    return bool(limit) and count >= limit


WalkRow = Tuple[Optional[errind.ErrorIndication], Any, Any, Sequence[Any]]


async def walk_cmd(snmpEngine: SnmpEngine, authData: Auth,
                   transportTarget: _Target, contextData: ContextData,
                   varBind: Any, **options: Any
                   ) -> AsyncGenerator[WalkRow, None]:
    """GETNEXT after GETNEXT from |varBind|, one row per response.

    Ends at the end of the MIB (a NULL or endOfMibView value), when a
    name leaves the subtree (lexicographicMode=False), after maxRows rows
    or maxCalls requests, or on an error (yielded first; SNMPv1's
    noSuchName is the end, not an error).  As pysnmp 7.1, names that do
    not increase are not checked: against such an agent only maxRows or
    maxCalls end the walk (ignoreNonIncreasingOid changes nothing)."""
    lexicographic, max_rows, max_calls, lookup, start = \
        _walk_options(varBind, options)
    prefix = tuple(start)
    rows = calls = 0
    current = varBind
    while True:
        ei, es, ix, table = await next_cmd(
            snmpEngine, authData, transportTarget, contextData,
            (_values.request_varbinds([current])[0][0], r.Null("")),
            lookupMib=lookup)
        if ei:
            yield ei, es, ix, (current,)
            return
        if es:
            if int(es) != 2:
                yield ei, es, ix, (current,)
            return
        current = table[0]
        if _first_out((current,), prefix, lexicographic) == 0:
            return
        rows += 1
        calls += 1
        yield ei, es, ix, (current,)
        if _done(rows, max_rows) or _done(calls, max_calls):
            return


async def bulk_walk_cmd(snmpEngine: SnmpEngine, authData: Auth,
                        transportTarget: _Target, contextData: ContextData,
                        nonRepeaters: int, maxRepetitions: int,
                        varBind: Any, **options: Any
                        ) -> AsyncGenerator[WalkRow, None]:
    """GETBULK after GETBULK from |varBind|, one row of varbinds per
    response, as walk_cmd ends; maxRows also lowers maxRepetitions.  As
    in pysnmp, a timeout is yielded and the request sent again."""
    lexicographic, max_rows, max_calls, lookup, start = \
        _walk_options(varBind, options)
    prefix = tuple(start)
    rows = calls = 0
    current: Sequence[Any] = (varBind,)
    while True:
        if max_rows and rows < max_rows:
            maxRepetitions = min(maxRepetitions, max_rows - rows)
        last = _values.request_varbinds([current[-1]])[0][0]
        ei, es, ix, table = await bulk_cmd(
            snmpEngine, authData, transportTarget, contextData,
            nonRepeaters, maxRepetitions, (last, r.Null("")),
            lookupMib=lookup)
        if ei:
            yield ei, es, ix, (table and current)
            if not isinstance(ei, errind.RequestTimedOut):
                return
            continue
        if es:
            if int(es) == 2:
                es, ix = 0, 0
            yield ei, es, ix, current
            return
        current = table
        col = _first_out(current, prefix, lexicographic)
        if col < len(current):
            if col:
                yield ei, es, ix, current[:col]
            return
        if not current:
            return
        rows += 1
        calls += 1
        yield ei, es, ix, current
        if _done(rows, max_rows) or _done(calls, max_calls):
            return


def is_end_of_mib(varBinds: Sequence[Any]) -> bool:
    """True when every value is endOfMibView."""
    return bool(varBinds) and all(isinstance(vb[1], r5.EndOfMibView)
                                  for vb in varBinds)


# pysnmp 7.1 still takes the camelCase names from this module, with a
# DeprecationWarning (not from the package: they are not in __all__).
DEPRECATED = {"getCmd": "get_cmd", "setCmd": "set_cmd", "nextCmd": "next_cmd",
              "bulkCmd": "bulk_cmd", "walkCmd": "walk_cmd",
              "bulkWalkCmd": "bulk_walk_cmd", "isEndOfMib": "is_end_of_mib"}


def deprecated(module: str, names: Dict[str, str], attr: str,
               space: Optional[Dict[str, Any]] = None) -> Any:
    """The new name's object (from |space|, default this module's) for a
    deprecated |attr| of |module|, with pysnmp's DeprecationWarning;
    AttributeError for anything else."""
    if attr in names:
        warnings.warn("%s is deprecated. Please use %s instead."
                      % (attr, names[attr]), DeprecationWarning,
                      stacklevel=3)
        return (globals() if space is None else space)[names[attr]]
    raise AttributeError("module %r has no attribute %r" % (module, attr))


def __getattr__(attr: str) -> Any:
    return deprecated(__name__, DEPRECATED, attr)
