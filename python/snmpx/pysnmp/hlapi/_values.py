"""Values between snmpx.pysnmp's types (proto.rfc1902/rfc1905) and the
snmpx engine's (snmpx.types), and the varbinds of results as pysnmp
returns them."""

import struct
from typing import Any, Iterable, List, Optional, Sequence, Tuple, Union

from ... import types as sx
from ..proto import rfc1902 as r
from ..proto import rfc1905 as r5
from ..smi import _names
from ..smi.rfc1902 import ObjectIdentity, ObjectType
from ..smi.rfc1902 import received as _received_varbind

__all__ = ["to_snmpx", "from_snmpx", "request_varbinds", "result_varbinds",
           "VarBindOut"]

# What a result holds: ObjectType (lookupMib=True, pysnmp's default) or a
# plain (ObjectName, value) pair (lookupMib=False).
VarBindOut = Union[ObjectType, Tuple[r.ObjectName, object]]
# What the engine sends and receives: its value classes, and OID.
SxValue = Union[sx.Value, sx.OID]

_NUMBERS = ((r.Counter32, sx.Counter32), (r.Gauge32, sx.Gauge32),
            (r.Unsigned32, sx.Gauge32), (r.TimeTicks, sx.TimeTicks),
            (r.Counter64, sx.Counter64), (r.Integer32, sx.Integer))


def to_snmpx(value: object) -> SxValue:
    """A value to send: pysnmp's type (or a plain int/str/bytes) as the
    engine's.  Raises TypeError for anything else."""
    if isinstance(value, r5.NoSuchObject):
        return sx.NoSuchObject()
    if isinstance(value, r5.NoSuchInstance):
        return sx.NoSuchInstance()
    if isinstance(value, r5.EndOfMibView):
        return sx.EndOfMibView()
    if isinstance(value, r.Null) or value is None:
        return sx.Null()
    if isinstance(value, r.IpAddress):
        return sx.IpAddress(bytes(value))
    if isinstance(value, r.Opaque):
        return sx.Opaque(bytes(value))
    if isinstance(value, (bytes, bytearray)):
        return sx.OctetString(bytes(value))
    if isinstance(value, str):
        return sx.OctetString(r.OctetString(value))
    if isinstance(value, r.ObjectIdentifier):
        return sx.OID(*value)
    for ours, theirs in _NUMBERS:
        if isinstance(value, ours):
            return theirs(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return sx.Integer(value)
    raise TypeError("cannot send a %s as an SNMP value"
                    % type(value).__name__)


def _ber_int(tag: int, value: int, unsigned: bool) -> bytes:
    n = max(1, (value.bit_length() + 8) // 8)
    body = value.to_bytes(n, "big", signed=not unsigned)
    while len(body) > 1 and ((body[0] == 0 and body[1] < 0x80) or
                             (body[0] == 0xff and body[1] >= 0x80)):
        body = body[1:]
    return bytes([0x9f, tag, len(body)]) + body


def _opaque(value: SxValue) -> bytes:
    """Net-SNMP's opaque-wrapped numbers as the wire carried them."""
    if isinstance(value, sx.OpaqueDouble):
        return b"\x9f\x79\x08" + struct.pack(">d", value.value)
    if isinstance(value, sx.OpaqueFloat):
        return b"\x9f\x78\x04" + struct.pack(">f", value.value)
    if isinstance(value, sx.OpaqueInt64):
        return _ber_int(0x7a, value.value, False)
    if isinstance(value, sx.OpaqueUInt64):
        return _ber_int(0x7b, value.value, True)
    return _ber_int(0x76, int(value), True)  # type: ignore


# Received classes -> pysnmp's, by the exact class (Opaque-wrapped
# numbers, subclasses of these, are handled after).
_BY_VALUE = {sx.Counter32: r.Counter32, sx.Gauge32: r.Gauge32,
             sx.TimeTicks: r.TimeTicks, sx.Counter64: r.Counter64}
_BY_DATA = {sx.OctetString: r.OctetString, sx.IpAddress: r.IpAddress,
            sx.Opaque: r.Opaque}
_EMPTY = {sx.NoSuchObject: r5.NoSuchObject, sx.NoSuchInstance:
          r5.NoSuchInstance, sx.EndOfMibView: r5.EndOfMibView,
          sx.Null: r.Null}


def from_snmpx(value: SxValue, v1: bool = False) -> object:
    """A received value as pysnmp gives it (v1: INTEGER as Integer32)."""
    v: Any = value  # the class is checked exactly, below
    t: Any = type(value)
    if t is sx.Integer:
        return (r.Integer32 if v1 else r.Integer)(v.value)
    if t is sx.OID:
        return r.ObjectIdentifier(v)
    if t is sx.OctetString:  # any size a datagram holds: nothing to check
        return bytes.__new__(r.OctetString, v.data)
    if t in _BY_DATA:
        return _BY_DATA[t](v.data)
    if t in _BY_VALUE:
        return _BY_VALUE[t](v.value)
    if t in _EMPTY:
        return _EMPTY[t]("")
    if isinstance(value, (sx.OpaqueFloat, sx.Counter64, sx.OpaqueInt64)):
        return r.Opaque(_opaque(value))
    raise TypeError("unexpected value %r" % (value,))


def oid_of(item: object) -> r.ObjectName:
    """The OID of a varbind's name: ObjectIdentity, ObjectName, str..."""
    if isinstance(item, ObjectIdentity):
        return item.getOid()
    if isinstance(item, r.ObjectName):
        return item
    if isinstance(item, str):
        return ObjectIdentity(item).getOid()
    return r.ObjectName(item)  # type: ignore[arg-type]


def _resolved(vb: object) -> Optional[r.ObjectName]:
    """The OID of an ObjectType whose ObjectIdentity is resolved already
    (the most common varbind of a request, read directly), else None."""
    if type(vb) is ObjectType:
        ident = vb._args[0]  # type: ignore[attr-defined]
        if type(ident) is ObjectIdentity and ident._oid is not None \
                and not ident._modules:
            return ident._oid
    return None


def request_varbinds(varBinds: Iterable[object]
                     ) -> List[Tuple[r.ObjectName, object]]:
    """(OID, value) pairs of ObjectType / (name, value) varbinds, names
    resolved (MIB names through smi._names)."""
    out = []
    for vb in varBinds:
        oid = _resolved(vb)
        if oid is not None:
            out.append((oid, vb._args[1]))  # type: ignore[attr-defined]
            continue
        if isinstance(vb, ObjectType):
            vb.resolve_with_mib()
            name, value = vb[0], vb[1]
        elif isinstance(vb, (tuple, list)) and len(vb) == 2:
            name, value = vb
        else:
            name, value = vb, None
        out.append((oid_of(name), value))
    return out


def snmpx_oid(name: r.ObjectName) -> sx.OID:
    """|name| as an snmpx OID, made once per ObjectName and kept on it
    (an ObjectName is immutable, and programs send the same ones again)."""
    found = name.__dict__.get("_sx")
    if found is None:
        found = name.__dict__["_sx"] = sx.OID(*name)
    return found  # type: ignore[no-any-return]


def request_oids(varBinds: Iterable[object]) -> List[sx.OID]:
    """The names of a request's varbinds as snmpx OIDs (an ObjectType of
    a resolved ObjectIdentity, the most common, read directly)."""
    out = []
    for vb in varBinds:
        oid = _resolved(vb)
        if oid is None:
            oid = request_varbinds([vb])[0][0]
        found = oid.__dict__.get("_sx")
        out.append(found if found is not None else snmpx_oid(oid))
    return out


# Received varbinds become ObjectType(ObjectIdentity(ObjectName), value)
# as ObjectIdentity.__init__ and ObjectType.__init__ would make them from
# a checked ObjectName, without running them (the arcs of a received name
# are checked already): smi.rfc1902.received sets only the attributes
# those set.  tests/python/test_hlapi_values.py checks both give the same
# objects.
_tuple_new = tuple.__new__
_ObjectName = r.ObjectName
_OctetString = r.OctetString


def _received(value: SxValue, v1: bool) -> object:
    """from_snmpx, the OCTET STRING (the most common value) first."""
    if type(value) is sx.OctetString:
        return bytes.__new__(_OctetString, value.data)
    return from_snmpx(value, v1)


def result_varbinds(varbinds: Sequence[sx.VarBind], lookupMib: bool,
                    v1: bool) -> Sequence[VarBindOut]:
    """The response's varbinds as pysnmp returns them: a tuple of
    ObjectType (lookupMib) or a list of (ObjectName, value) pairs."""
    if not lookupMib:
        return [(_tuple_new(_ObjectName, name), _received(value, v1))
                for name, value in varbinds]
    if not _names.available():
        return tuple([ObjectType(ObjectIdentity(_tuple_new(_ObjectName, n)),
                                 _received(v, v1)) for n, v in varbinds])
    # Name and value rendered together, in one call, when either is
    # printed (smi.rfc1902: ObjectIdentity._mib_texts).
    make = _received_varbind
    return tuple([make(name, raw, _received(raw, v1))
                  for name, raw in varbinds])
