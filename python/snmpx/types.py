"""SNMP values, OIDs, variable bindings and response PDUs.

Every SNMP type is a class: the numbers carry ``.value`` (Integer,
Counter32, Gauge32/Unsigned32, TimeTicks, Counter64 and Net-SNMP's
Opaque-wrapped numbers), the strings carry ``.data`` (OctetString, Opaque,
IpAddress, which also has ``.value`` as dotted text).  Null, NoSuchObject,
NoSuchInstance and EndOfMibView carry nothing.  Values compare equal when
they have the same class and content, and they hash.

OID is a tuple of ints (so it sorts, hashes and slices like one) with
``parse``, ``extend``, ``startswith``, ``extractIndex`` and ``appendIndex``
(libsnmpx's RFC 2578 7.7 index codec; Implied and FixedLength mark the
IMPLIED and fixed-size forms).
"""

from __future__ import annotations

import enum
import ipaddress
import operator
import struct
from typing import (Dict, Iterable, Optional, Sequence, SupportsIndex,
                    Tuple, Type, TypeVar, Union, cast, overload)

from . import _snmpx

_O = TypeVar("_O", bound="OID")
_V = TypeVar("_V", bound="Union[Value, OID]")
# What an index item is: a value class (extractIndex) or a value
# (appendIndex), maybe wrapped in Implied or FixedLength.
IndexSpec = Union[Type["Value"], Type["OID"], "Implied", "FixedLength"]
IndexValue = Union["Value", "OID", "Implied", "FixedLength"]

__all__ = [
    "OID", "Value", "Integer", "Integer32", "OctetString", "Null",
    "IpAddress", "Counter32", "Gauge32", "Unsigned32", "TimeTicks",
    "Opaque", "Counter64", "NoSuchObject", "NoSuchInstance", "EndOfMibView",
    "OpaqueFloat", "OpaqueDouble", "OpaqueInt64", "OpaqueUInt64",
    "OpaqueCounter64", "VarBind", "VarBindList", "ResponsePDU",
    "ErrorStatus", "Implied", "FixedLength",
]

_U32 = (1 << 32) - 1
_U64 = (1 << 64) - 1


def _check_arcs(arcs, text=None):
    """X.690 8.19.4, as libsnmpx encodes an OID: at least one
    sub-identifier, the first 0, 1 or 2, the second 0..39 under 0 and 1.
    Raises ValueError."""
    what = text if text is not None else ".".join(map(str, arcs))
    if not arcs:
        raise ValueError("invalid OID %r: no sub-identifiers" % what)
    if arcs[0] > 2:
        raise ValueError("invalid OID %r: the first sub-identifier must be "
                         "0, 1 or 2 (X.690 8.19.4), not %d" % (what, arcs[0]))
    if len(arcs) > 1 and arcs[0] < 2 and arcs[1] > 39:
        raise ValueError("invalid OID %r: under %d the second "
                         "sub-identifier must be 0..39 (X.690 8.19.4), not "
                         "%d" % (what, arcs[0], arcs[1]))


class OID(Tuple[int, ...]):
    """An object identifier: a tuple of sub-identifiers (0..2**32-1), at
    least one, the first 0, 1 or 2 and, under 0 and 1, the second 0..39
    (X.690 8.19.4).

    ``OID(1, 3, 6, 1)`` or ``OID.parse("1.3.6.1")``; ``str(oid)`` gives
    ``"1.3.6.1"``.  Manager calls accept OIDs or their text.  A one-arc
    OID {n} goes on the wire as {n, 0}, as Net-SNMP sends it.  Raises
    TypeError for a sub-identifier that is not an int, ValueError for an
    OID outside those rules or over 128 sub-identifiers.
    """

    __slots__ = ()
    MAXLEN = 128

    class BadPrefix(ValueError):
        """extractIndex: the OID does not start with the given prefix."""

    class IndexDecodeError(ValueError):
        """extractIndex: the sub-identifiers after the prefix are not an
        index of the given types (too few, too many, out of range)."""

    def __new__(cls: Type[_O], *arcs: SupportsIndex) -> _O:
        if len(arcs) > cls.MAXLEN:
            raise ValueError("an OID has at most %d sub-identifiers"
                             % cls.MAXLEN)
        ints = cast(Tuple[int, ...], arcs)
        if not all(type(a) is int for a in arcs):
            ints = tuple(map(_arc, arcs))
        for a in ints:
            if not 0 <= a <= _U32:
                raise ValueError("OID sub-identifier %r not in 0..%d"
                                 % (a, _U32))
        _check_arcs(ints)
        return tuple.__new__(cls, ints)

    @classmethod
    def parse(cls: Type[_O], text: Union[str, OID]) -> _O:
        """The OID of dotted numeric text, with or without a leading dot.

        Raises TypeError for what is not a str (or an OID) and ValueError
        for text that is not such an OID."""
        if isinstance(text, OID):
            return cast(_O, text)
        oid = _snmpx.parse_oid(text)  # an OID, checked by _check_arcs' rules
        return cast(_O, oid) if cls is OID else tuple.__new__(cls, oid)

    def __str__(self) -> str:
        return _snmpx.oid_text(self)  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return "OID(%s)" % ", ".join(map(str, self))

    def __add__(self, other: Iterable[int]) -> OID:  # type: ignore[override]
        return OID(*tuple.__add__(self, tuple(other)))

    def extend(self, *arcs: SupportsIndex) -> OID:
        """A new OID with |arcs| appended."""
        return OID(*self, *arcs)

    def startswith(self, prefix: Union[str, Sequence[int]]) -> bool:
        """True when |prefix| (OID or text) is a prefix of this OID."""
        prefix = _as_oid(prefix, "prefix")
        return tuple.__getitem__(self, slice(0, len(prefix))) == \
            tuple(prefix)

    def appendIndex(self, *values: IndexValue) -> OID:
        """This OID followed by the index encoding (RFC 2578 7.7) of
        |values|: Integer (0..2**31-1), Counter32, Gauge32, TimeTicks,
        OctetString, IpAddress, OID, or Implied(OctetString or OID) and
        FixedLength(OctetString, size).  Raises TypeError for a type
        that cannot be an index and ValueError for a value that cannot
        (a negative Integer, a string not of its fixed size) or an OID
        over 128 sub-identifiers."""
        return _snmpx.encode_index(self, [
            _index_spec(v, True) + (_index_value(v),) for v in values])

    @overload
    def extractIndex(self, prefix: Union[str, Sequence[int]]) -> None: ...

    @overload
    def extractIndex(self, prefix: Union[str, Sequence[int]],
                     __type1: Type[_V]) -> _V: ...

    @overload
    def extractIndex(self, prefix: Union[str, Sequence[int]],
                     __type1: Union[Implied, FixedLength]
                     ) -> Union[OctetString, OID]: ...

    @overload
    def extractIndex(self, prefix: Union[str, Sequence[int]],
                     __type1: IndexSpec, __type2: IndexSpec, *types: IndexSpec
                     ) -> Tuple[Union[Value, OID], ...]: ...

    def extractIndex(self, prefix: Union[str, Sequence[int]],
                     *types: object) -> object:
        """Decode the index after |prefix|: one value per class in
        |types| (as for appendIndex: Integer, Gauge32..., OctetString,
        IpAddress, OID, Implied(cls), FixedLength(OctetString, size)); a
        single value for one type, a tuple for several, None for none.

        Raises OID.BadPrefix when |prefix| does not start this OID and
        OID.IndexDecodeError when the rest is not exactly such an index
        (an OID value among them not a valid OID, as OID() checks)."""
        prefix = _as_oid(prefix, "prefix")
        n = len(prefix)
        if len(self) < n or tuple.__getitem__(self, slice(0, n)) != \
                tuple(prefix):
            raise OID.BadPrefix("%s does not begin with %s"
                                % (self, ".".join(map(str, prefix))))
        specs = [_index_spec(t, False) for t in types]
        if len(self) == n:  # libsnmpx wants an instance below the prefix
            if not types:
                return None
            raise OID.IndexDecodeError("%s: no index after the prefix"
                                       % (self,))
        out = _snmpx.decode_index(self, prefix, specs)
        if isinstance(out, int):
            raise OID.IndexDecodeError(
                "%s is not an index of %s after %s: %s"
                % (self, ", ".join(map(_index_name, types)) or "no types",
                   ".".join(map(str, prefix)), _snmpx.strerror(out)))
        for v in out:  # an OBJECT IDENTIFIER value is a valid OID
            if isinstance(v, OID):
                try:
                    _check_arcs(v)
                except ValueError as exc:
                    raise OID.IndexDecodeError(
                        "%s: the index holds %s" % (self, exc)) from None
        values = [_index_cast(_index_class(t), v)
                  for t, v in zip(types, out)]
        if not types:
            return None
        return values[0] if len(values) == 1 else tuple(values)

    # An OID is also a value (OBJECT IDENTIFIER), index-encoded with its
    # length first.
    _tag = 0x06
    _index_kind = _snmpx.INDEX_OID

    @property
    def value(self) -> OID:
        return self


class Implied:
    """The IMPLIED last index of a row (RFC 2578 7.7 (2), (3)): an
    OctetString or OID that takes the rest of the OID, without its length
    first.  ``Implied(OctetString)`` for extractIndex,
    ``Implied(OctetString(b"name"))`` for appendIndex."""

    __slots__ = ("item",)

    def __init__(self, item: Union[Type[OctetString], Type[OID],
                                   OctetString, OID]) -> None:
        self.item = item

    def __repr__(self) -> str:
        return "Implied(%r)" % (self.item,)


class FixedLength:
    """An OCTET STRING (SIZE(n)) index (RFC 2578 7.7 (2)): |size| octets
    without a length first.  ``FixedLength(OctetString, 6)`` for
    extractIndex, ``FixedLength(OctetString(mac), 6)`` for appendIndex."""

    __slots__ = ("item", "size")

    def __init__(self, item: Union[Type[OctetString], OctetString],
                 size: int) -> None:
        if isinstance(size, bool) or not isinstance(size, int):
            raise TypeError("FixedLength size must be an int")
        if not 0 <= size <= OID.MAXLEN:
            raise ValueError("FixedLength size must be 0..%d" % OID.MAXLEN)
        self.item, self.size = item, size

    def __repr__(self) -> str:
        return "FixedLength(%r, %d)" % (self.item, self.size)


def _arc(a):
    """One sub-identifier: an int (or an object with __index__), not a
    bool.  Raises TypeError."""
    if isinstance(a, bool):
        raise TypeError("an OID sub-identifier must be an int, not bool")
    try:
        return operator.index(a)
    except TypeError:
        raise TypeError("an OID sub-identifier must be an int, not %s"
                        % type(a).__name__) from None


def _as_oid(v: object, name: str = "OID") -> OID:
    """|v| (an OID, its text or a sequence of ints) as an OID.  Raises
    TypeError/ValueError naming |name|."""
    if isinstance(v, OID):
        return v
    if isinstance(v, str):
        return OID.parse(v)
    if isinstance(v, (bytes, bytearray)) or not hasattr(v, "__iter__"):
        raise TypeError("%s must be an OID, its text or a sequence of ints, "
                        "not %s" % (name, type(v).__name__))
    return OID(*cast(Iterable[int], v))


_IMPLIED = {_snmpx.INDEX_STRING: _snmpx.INDEX_STRING_IMPLIED,
            _snmpx.INDEX_OID: _snmpx.INDEX_OID_IMPLIED}


def _index_class(item):
    """The class of an extractIndex type, bare or wrapped."""
    return item.item if isinstance(item, (Implied, FixedLength)) else item


def _index_name(item, cls=None):
    """An index type for messages: "Integer", "Implied(OctetString)"."""
    cls = _index_class(item) if cls is None else cls
    name = cls.__name__ if isinstance(cls, type) else repr(cls)
    if isinstance(item, Implied):
        return "Implied(%s)" % name
    if isinstance(item, FixedLength):
        return "FixedLength(%s, %d)" % (name, item.size)
    return name


def _index_spec(item, is_value):
    """(kind, size) for libsnmpx's index codec of an extractIndex type
    (|is_value| False) or an appendIndex value (True), bare or wrapped in
    Implied or FixedLength.  Raises TypeError."""
    inner = _index_class(item)
    cls = type(inner) if is_value else inner
    kind = getattr(cls, "_index_kind", None) if isinstance(cls, type) \
        else None
    if isinstance(item, Implied):
        kind = _IMPLIED.get(kind)
    elif isinstance(item, FixedLength):
        if kind != _snmpx.INDEX_STRING:
            kind = None
        else:
            return _snmpx.INDEX_STRING_FIXED, item.size
    if kind is None:
        raise TypeError("%s cannot be an index" % _index_name(item, cls))
    return kind, 0


_index_value = _index_class  # the value inside an appendIndex item


def _index_cast(cls, v):
    """|v| as decoded by libsnmpx (Integer, Gauge32, OctetString,
    IpAddress, OID) made an instance of the class asked for."""
    if type(v) is cls:
        return v
    if isinstance(v, OID):
        return cls(*v)
    return cls(v.data if isinstance(v, (OctetString, IpAddress)) else
               v.value)


class Value:
    """Base of every SNMP value class."""

    __slots__ = ()
    _tag: Optional[int] = None
    # libsnmpx's index codec kind (RFC 2578 7.7)
    _index_kind: Optional[int] = None

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and \
            self._key() == other._key()  # type: ignore[attr-defined]

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((type(self), self._key()))

    def _key(self):
        return None


class _Number(Value):
    __slots__ = ("value",)
    value: int
    _min, _max = 0, _U32

    def __init__(self, value: int = 0) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError("%s needs an int, not %r"
                            % (type(self).__name__, value))
        if not self._min <= value <= self._max:
            raise ValueError("%s value %d not in %d..%d"
                             % (type(self).__name__, value, self._min,
                                self._max))
        self.value = value

    def _key(self):
        return self.value

    def __int__(self) -> int:
        return self.value

    __index__ = __int__

    def __repr__(self) -> str:
        return "%s(%d)" % (type(self).__name__, self.value)



class Integer(_Number):
    """INTEGER / Integer32: -2**31..2**31-1."""
    __slots__ = ()
    _tag = 0x02
    _min, _max = -(1 << 31), (1 << 31) - 1
    _index_kind = _snmpx.INDEX_INTEGER  # 0..2**31-1 only


Integer32 = Integer


class Counter32(_Number):
    """Counter32: 0..2**32-1."""
    __slots__ = ()
    _tag = 0x41
    _index_kind = _snmpx.INDEX_UNSIGNED


class Gauge32(_Number):
    """Gauge32, also Unsigned32: 0..2**32-1."""
    __slots__ = ()
    _tag = 0x42
    _index_kind = _snmpx.INDEX_UNSIGNED


Unsigned32 = Gauge32


class TimeTicks(_Number):
    """TimeTicks: hundredths of a second, 0..2**32-1."""
    __slots__ = ()
    _tag = 0x43
    _index_kind = _snmpx.INDEX_UNSIGNED


class Counter64(_Number):
    """Counter64: 0..2**64-1 (not in SNMPv1)."""
    __slots__ = ()
    _tag = 0x46
    _max = _U64


class OpaqueCounter64(Counter64):
    """Net-SNMP's Counter64 wrapped in an Opaque."""
    __slots__ = ()
    _tag = 0x176


class OpaqueUInt64(Counter64):
    """Net-SNMP's unsigned 64-bit integer wrapped in an Opaque."""
    __slots__ = ()
    _tag = 0x17b


class OpaqueInt64(_Number):
    """Net-SNMP's signed 64-bit integer wrapped in an Opaque."""
    __slots__ = ()
    _tag = 0x17a
    _min, _max = -(1 << 63), (1 << 63) - 1


def _real(v, cls):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise TypeError("%s needs an int or float, not %s"
                        % (cls.__name__, type(v).__name__))
    return float(v)  # OverflowError for an int beyond a double


class OpaqueFloat(Value):
    """Net-SNMP's float wrapped in an Opaque; ``.value`` is a float, the
    single-precision number the wire carries (OpaqueFloat(0.1).value is
    0.10000000149011612).  OverflowError beyond single precision's range
    (inf and nan are kept)."""
    __slots__ = ("value",)
    value: float
    _tag = 0x178

    def __init__(self, value: float = 0.0) -> None:
        self.value = struct.unpack("<f", struct.pack("<f", _real(value,
                                                              type(self))))[0]

    def _key(self):
        return self.value

    def __float__(self) -> float:
        return self.value

    def __repr__(self) -> str:
        return "%s(%r)" % (type(self).__name__, self.value)


class OpaqueDouble(OpaqueFloat):
    """Net-SNMP's double wrapped in an Opaque."""
    __slots__ = ()
    _tag = 0x179

    def __init__(self, value: float = 0.0) -> None:
        self.value = _real(value, type(self))


class OctetString(Value):
    """OCTET STRING: ``.data`` is bytes, from bytes, bytearray, memoryview,
    str (encoded as UTF-8) or an iterable of ints 0..255.  An int is
    refused (TypeError), not taken as a count of zero octets."""
    __slots__ = ("data",)
    data: bytes
    _tag = 0x04
    _index_kind = _snmpx.INDEX_STRING

    def __init__(self, data: Union[bytes, bytearray, memoryview, str,
                                   Iterable[int]] = b"") -> None:
        self.data = data if type(data) is bytes else \
            _octets(data, type(self))

    def _key(self):
        return self.data

    def __bytes__(self) -> bytes:
        return self.data

    def __str__(self) -> str:
        return self.data.decode("utf-8", "backslashreplace")

    def __repr__(self) -> str:
        return "%s(%r)" % (type(self).__name__, self.data)



def _octets(data, cls):
    if isinstance(data, bytes):
        return bytes(data)
    if isinstance(data, str):
        return data.encode()
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    if data is None or isinstance(data, (int, float, complex)) or \
            not hasattr(data, "__iter__") or hasattr(data, "__index__"):
        raise TypeError("%s needs bytes or str, not %s"
                        % (cls.__name__, type(data).__name__))
    try:
        return bytes(data)
    except TypeError:
        raise TypeError("%s needs bytes, str or ints 0..255, not %r"
                        % (cls.__name__, data)) from None
    except ValueError:
        raise ValueError("%s needs ints 0..255" % cls.__name__) from None


class Opaque(OctetString):
    """Opaque: ``.data`` is the raw content."""
    __slots__ = ()
    _tag = 0x44
    _index_kind = None  # type: ignore[assignment]


class IpAddress(Value):
    """IpAddress: ``IpAddress("192.0.2.1")`` or from 4 bytes; ``.value``
    is the dotted text, ``.data`` the 4 bytes."""
    __slots__ = ("data",)
    data: bytes
    _tag = 0x40
    _index_kind = _snmpx.INDEX_IPADDRESS

    def __init__(self, addr: Union[str, bytes, bytearray,
                                   memoryview] = "0.0.0.0") -> None:
        if isinstance(addr, str):
            addr = ipaddress.IPv4Address(addr).packed
        elif isinstance(addr, (bytes, bytearray, memoryview)):
            addr = bytes(addr)
            if len(addr) != 4:
                raise ValueError("IpAddress needs 4 bytes, got %d"
                                 % len(addr))
        else:
            raise TypeError("IpAddress needs str or 4 bytes, not %s"
                            % type(addr).__name__)
        self.data = addr

    @property
    def value(self) -> str:
        return ".".join(map(str, self.data))

    addr = value

    def _key(self):
        return self.data

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return "IpAddress(%r)" % self.value



class _Empty(Value):
    __slots__ = ()

    def __repr__(self) -> str:
        return "%s()" % type(self).__name__


class Null(_Empty):
    """NULL: the value of every varbind in a request."""
    __slots__ = ()
    _tag = 0x05


class NoSuchObject(_Empty):
    """noSuchObject exception (SNMPv2c/v3 GET)."""
    __slots__ = ()
    _tag = 0x80


class NoSuchInstance(_Empty):
    """noSuchInstance exception (SNMPv2c/v3 GET)."""
    __slots__ = ()
    _tag = 0x81


class EndOfMibView(_Empty):
    """endOfMibView exception (SNMPv2c/v3 GETNEXT/GETBULK)."""
    __slots__ = ()
    _tag = 0x82


class VarBind(Tuple["OID", Union["Value", "OID"]]):
    """A variable binding: a (name, value) pair with ``.name`` (OID) and
    ``.value``; ``VarBind("1.3.6.1.2.1.1.5.0", OctetString(b"x"))``."""

    __slots__ = ()

    def __new__(cls, name: Union[str, Sequence[int]],
                value: Optional[Union[Value, OID]] = None) -> VarBind:
        return tuple.__new__(cls, (_as_oid(name),
                                   Null() if value is None else value))

    @property
    def name(self) -> OID:
        return tuple.__getitem__(self, 0)  # type: ignore[return-value]

    @property
    def value(self) -> Union[Value, OID]:
        return tuple.__getitem__(self, 1)  # type: ignore[return-value]

    def __repr__(self) -> str:
        return "VarBind(%r, %r)" % (str(self.name), self.value)

    def __str__(self) -> str:
        name, value = self  # not .name/.value: print(vb) runs per varbind
        return "%s: %r" % (name, value)


def _pair(v):
    """A (name, value) pair: a tuple or list of two.  Raises TypeError."""
    if not isinstance(v, (tuple, list)) or len(v) != 2:
        raise TypeError("a varbind is a VarBind or a (name, value) pair, "
                        "not %r" % (v,))
    return v


class VarBindList(Tuple["VarBind", ...]):
    """The variable bindings of a PDU: a tuple of VarBind."""

    __slots__ = ()

    def __new__(cls, *varbinds: Union[VarBind, Tuple[
            Union[str, Sequence[int]], Union[Value, OID, int, bytes, str]]]
                ) -> VarBindList:
        return tuple.__new__(cls, (v if isinstance(v, VarBind)
                                   else VarBind(*_pair(v)) for v in varbinds))

    def __repr__(self) -> str:
        return "VarBindList(%s)" % ", ".join(map(repr, self))

    def __str__(self) -> str:
        return "\n".join(map(str, self))


class ErrorStatus(enum.IntEnum):
    """RFC 3416 error-status values."""
    noError = 0
    tooBig = 1
    noSuchName = 2
    badValue = 3
    readOnly = 4
    genErr = 5
    noAccess = 6
    wrongType = 7
    wrongLength = 8
    wrongEncoding = 9
    wrongValue = 10
    noCreation = 11
    inconsistentValue = 12
    resourceUnavailable = 13
    commitFailed = 14
    undoFailed = 15
    authorizationError = 16
    notWritable = 17
    inconsistentName = 18


class ResponsePDU:
    """A Response-PDU: requestID, errorStatus, errorIndex and
    variableBindings (a VarBindList)."""

    __slots__ = ("requestID", "errorStatus", "errorIndex",
                 "variableBindings")

    def __init__(self, requestID: int = 0, errorStatus: int = 0,
                 errorIndex: int = 0,
                 variableBindings: Iterable[VarBind] = ()) -> None:
        self.requestID = requestID
        self.errorStatus = errorStatus
        self.errorIndex = errorIndex
        if not isinstance(variableBindings, VarBindList):
            variableBindings = VarBindList(*variableBindings)
        self.variableBindings = variableBindings

    def __repr__(self) -> str:
        return ("ResponsePDU(requestID=%d, errorStatus=%d, errorIndex=%d, "
                "variableBindings=%r)" % (self.requestID, self.errorStatus,
                                          self.errorIndex,
                                          self.variableBindings))

    def __eq__(self, other):
        return (type(other) is ResponsePDU and
                self.errorStatus == other.errorStatus and
                self.errorIndex == other.errorIndex and
                self.variableBindings == other.variableBindings)

    __hash__ = None  # type: ignore[assignment]


# snmpx_type code -> class, for the extension.
_CLASSES: Tuple[Type[Value], ...] = (
    Integer, OctetString, Null, IpAddress, Counter32, Gauge32, TimeTicks,
    Opaque, Counter64, NoSuchObject, NoSuchInstance, EndOfMibView,
    OpaqueCounter64, OpaqueFloat, OpaqueDouble, OpaqueInt64, OpaqueUInt64)
VALUE_CLASSES: Dict[Optional[int], Type[Value]] = {
    cls._tag: cls for cls in _CLASSES}


def _slot_classes() -> Dict[int, str]:
    """The value classes whose __init__ only stores a checked argument in
    one slot ("value": an int in range, "data": bytes): the extension
    fills that slot itself for the values it receives (which are in range
    and bytes), without a Python call per value."""
    out: Dict[int, str] = {}
    for tag, cls in VALUE_CLASSES.items():
        if tag is None:
            continue
        if cls.__init__ is _Number.__init__:  # type: ignore[misc]
            out[tag] = "value"
        elif cls.__init__ is OctetString.__init__:  # type: ignore[misc]
            out[tag] = "data"
    return out
