"""pysnmp.hlapi.v1arch.asyncio.cmdgen: the command generator calls
without a ContextData (SNMPv1/v2c), as v3arch's in everything else."""

from typing import (Any, AsyncGenerator, Callable, Dict, List,
                    Sequence)

from ..... import types as sx
from ....smi.rfc1902 import ObjectType
from ... import _values
from ... import cmdgen as _v3
from ..._engine import Result, send
from ...cmdgen import WalkRow, is_end_of_mib
from ...context import ContextData
from ...transport import _Target
from .auth import CommunityData
from .dispatch import SnmpDispatcher

__all__ = ["get_cmd", "set_cmd", "next_cmd", "bulk_cmd", "walk_cmd",
           "bulk_walk_cmd", "is_end_of_mib"]


def _lookup(varBinds: Sequence[Any], options: Dict[str, Any]) -> bool:
    """v1arch resolves names when asked, or when any varbind is an
    ObjectType (pysnmp's rule); plain (OID, value) pairs stay raw."""
    return bool(options.get("lookupMib")) or \
        any(isinstance(vb, ObjectType) for vb in varBinds)


def _as_is(varbinds: List[Any]) -> Sequence[Any]:
    """v1arch gives an SNMPv1 error answer's varbinds untranslated."""
    return varbinds


async def _send(dispatcher: SnmpDispatcher, auth: CommunityData,
                target: _Target, varBinds: Sequence[Any],
                options: Dict[str, Any],
                call: Callable[[Any], Any]) -> Result:
    # v1arch answers with the PDU's own errorStatus and errorIndex, named
    # even when they are 0 (noError).
    return await send(dispatcher, auth, target, ContextData(), call,
                      _lookup(varBinds, options), True, _as_is)


async def get_cmd(snmpDispatcher: SnmpDispatcher, authData: CommunityData,
                  transportTarget: _Target, *varBinds: Any,
                  **options: Any) -> Result:
    """One GET."""
    oids = _values.request_oids(varBinds)
    return await _send(snmpDispatcher, authData, transportTarget, varBinds,
                       options, lambda m: m.get(*oids))


async def set_cmd(snmpDispatcher: SnmpDispatcher, authData: CommunityData,
                  transportTarget: _Target, *varBinds: Any,
                  **options: Any) -> Result:
    """One SET."""
    vbs = [sx.VarBind(sx.OID(*oid), _values.to_snmpx(value))
           for oid, value in _values.request_varbinds(varBinds)]
    return await _send(snmpDispatcher, authData, transportTarget, varBinds,
                       options, lambda m: m.set(*vbs))


async def next_cmd(snmpDispatcher: SnmpDispatcher, authData: CommunityData,
                   transportTarget: _Target, *varBinds: Any,
                   **options: Any) -> Result:
    """One GETNEXT."""
    oids = _values.request_oids(varBinds)
    return await _send(snmpDispatcher, authData, transportTarget, varBinds,
                       options, lambda m: m.getNext(*oids))


async def bulk_cmd(snmpDispatcher: SnmpDispatcher, authData: CommunityData,
                   transportTarget: _Target, nonRepeaters: int,
                   maxRepetitions: int, *varBinds: Any,
                   **options: Any) -> Result:
    """One GETBULK."""
    oids = _values.request_oids(varBinds)
    return await _send(snmpDispatcher, authData, transportTarget, varBinds,
                       options,
                       lambda m: m.getBulk(*oids,
                                           nonRepeaters=int(nonRepeaters),
                                           maxRepetitions=int(
                                               maxRepetitions)))


async def walk_cmd(dispatcher: SnmpDispatcher, authData: CommunityData,
                   transportTarget: _Target, varBind: Any,
                   **options: Any) -> AsyncGenerator[WalkRow, None]:
    """GETNEXT walk, as v3arch's walk_cmd."""
    async for row in _v3.walk_cmd(dispatcher, authData, transportTarget,
                                  ContextData(), varBind, **options):
        yield row


async def bulk_walk_cmd(dispatcher: SnmpDispatcher, authData: CommunityData,
                        transportTarget: _Target, nonRepeaters: int,
                        maxRepetitions: int, varBind: Any,
                        **options: Any) -> AsyncGenerator[WalkRow, None]:
    """GETBULK walk, as v3arch's bulk_walk_cmd."""
    async for row in _v3.bulk_walk_cmd(dispatcher, authData,
                                       transportTarget, ContextData(),
                                       nonRepeaters, maxRepetitions,
                                       varBind, **options):
        yield row
