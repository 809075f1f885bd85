"""pysnmp.proto.rfc1902: the SMIv2 value types (RFC 2578) as pysnmp
programs see them, without pyasn1.

Numbers are ints (Integer32, Integer, Counter32, Gauge32, Unsigned32,
TimeTicks, Counter64), strings are bytes (OctetString, IpAddress, Opaque,
Bits, Null) and OIDs tuples (ObjectIdentifier, ObjectName), so int(),
bytes(), len(), comparisons and hashing work as on the plain value;
prettyPrint() and str() print as pysnmp's do (an OctetString is text when
every octet is printable ASCII, else 0x and hex).  A type made without a
value is a schema object: ``isValue`` is False.
"""

from typing import (Callable, Dict, Iterable, Mapping, Optional, Tuple, Type,
                    TypeVar, Union)

from ... import types as sx

__all__ = ["Integer", "Integer32", "OctetString", "IpAddress", "Counter32",
           "Gauge32", "Unsigned32", "TimeTicks", "Opaque", "Counter64",
           "Bits", "ObjectIdentifier", "ObjectName", "Null",
           "ValueConstraintError", "noValue"]


class ValueConstraintError(ValueError):
    """A value outside its type's range or size (pyasn1's
    ValueConstraintError)."""


class _NoValue:
    """The value of a schema object (a type made without a value)."""

    def __repr__(self) -> str:
        return "<no value>"


noValue = _NoValue()

_I = TypeVar("_I", bound="_Number")
_O = TypeVar("_O", bound="OctetString")
_D = TypeVar("_D", bound="ObjectIdentifier")

IntLike = Union[int, str, _NoValue]
OctetsLike = Union[bytes, bytearray, str, Iterable[int], _NoValue]
OidLike = Union[str, Iterable[int], _NoValue]


def _mib_text(value: object) -> Optional[str]:
    """The MIB's rendering of a received |value|, from the _mibLater
    that hlapi left on it (its ObjectIdentity's, smi.rfc1902.received:
    made at the first prettyPrint() of the value or its name, then kept
    there): most values received are never printed, and rendering costs
    more than receiving them."""
    later = value._mibLater  # type: ignore[attr-defined]
    return later()[1] if later is not None else None


class _Number(int):
    """An SMI integer type: an int within [_min, _max]; ``namedValues``
    maps names to numbers (prettyPrint shows the name)."""

    _min = -(1 << 31)
    _max = (1 << 31) - 1
    namedValues: Mapping[str, int] = {}
    _isValue = True
    # The MIB's rendering (enumeration, DISPLAY-HINT) of a value received
    # with lookupMib, set by hlapi through smi._names; None: the type's.
    # Its varbind's (name, value) texts, when received: _mib_text.
    _mibLater: Optional[Callable[[], Tuple[Optional[str], Optional[str]]]] \
        = None

    def __new__(cls: Type[_I], value: IntLike = noValue) -> _I:
        if isinstance(value, _NoValue):
            obj = int.__new__(cls, 0)
            obj._isValue = False
            return obj
        if isinstance(value, str):
            if value in cls.namedValues:
                value = cls.namedValues[value]
            else:
                try:
                    value = int(value)
                except ValueError:
                    raise ValueConstraintError(
                        "%s: cannot read %r as a number" % (cls.__name__,
                                                             value)) from None
        elif isinstance(value, float) or not isinstance(value, int):
            value = int(value)
        if not cls._min <= value <= cls._max:
            raise ValueConstraintError("%s value %d is outside %d..%d"
                                       % (cls.__name__, value, cls._min,
                                          cls._max))
        return int.__new__(cls, value)

    @property
    def isValue(self) -> bool:
        """False for a schema object (made without a value)."""
        return self._isValue

    def clone(self: _I, value: IntLike = noValue) -> _I:
        """A new object of this type, with |value| (none: a schema)."""
        return type(self)(value)

    def prettyPrint(self, scope: int = 0) -> str:
        if not self._isValue:
            return "<no value>"
        text = _mib_text(self)
        if text is not None:
            return text
        for name, number in self.namedValues.items():
            if number == int(self):
                return name
        return int.__repr__(self)

    def __str__(self) -> str:
        return self.prettyPrint()

    def __repr__(self) -> str:
        if not self._isValue:
            return "%s()" % type(self).__name__
        return "%s(%s)" % (type(self).__name__, int.__repr__(self))

    def __bool__(self) -> bool:
        return int(self) != 0

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (int(self),) if self._isValue else ())


class Integer32(_Number):
    """Integer32: -2**31..2**31-1."""


class Integer(Integer32):
    """INTEGER (the SMIv2 Integer32 range)."""


class _Unsigned(_Number):
    _min, _max = 0, (1 << 32) - 1


class Counter32(_Unsigned):
    """Counter32: 0..2**32-1."""


class Gauge32(_Unsigned):
    """Gauge32: 0..2**32-1."""


class Unsigned32(_Unsigned):
    """Unsigned32 (same wire type as Gauge32)."""


class TimeTicks(_Unsigned):
    """TimeTicks: hundredths of a second, 0..2**32-1."""


class Counter64(_Number):
    """Counter64: 0..2**64-1."""
    _min, _max = 0, (1 << 64) - 1


def _is_printable(data: bytes) -> bool:
    """pysnmp prints an OCTET STRING as text when every octet is printable
    ASCII (32..126); tab, newline, DEL and 8-bit octets make it hex."""
    return all(32 <= c <= 126 for c in data)


class OctetString(bytes):
    """OCTET STRING: bytes; from bytes, str (ISO-8859-1, else UTF-8), ints,
    or hexValue="0a0b" / binValue="0101"."""

    _isValue = True
    _minSize = 0
    _maxSize = 65535
    _mibLater: Optional[Callable[[], Tuple[Optional[str], Optional[str]]]] \
        = None  # as _Number's

    def __new__(cls: Type[_O], value: OctetsLike = noValue,
                hexValue: Optional[str] = None,
                binValue: Optional[str] = None) -> _O:
        if hexValue is not None:
            data = bytes.fromhex(hexValue)
        elif binValue is not None:
            bits = binValue + "0" * (-len(binValue) % 8)
            data = bytes(int(bits[i:i + 8], 2)
                         for i in range(0, len(bits), 8))
        elif isinstance(value, _NoValue):
            obj = bytes.__new__(cls, b"")
            obj._isValue = False
            return obj
        else:
            data = cls._octets(value)
        if not cls._minSize <= len(data) <= cls._maxSize:
            raise ValueConstraintError("%s of %d octets; its size is %d..%d"
                                       % (cls.__name__, len(data),
                                          cls._minSize, cls._maxSize))
        return bytes.__new__(cls, data)

    @classmethod
    def _octets(cls, value: OctetsLike) -> bytes:
        if isinstance(value, bytes):
            return bytes(value)
        if isinstance(value, str):
            try:
                return value.encode("iso-8859-1")
            except UnicodeEncodeError:
                return value.encode("utf-8")
        if isinstance(value, (bytearray, memoryview)):
            return bytes(value)
        if isinstance(value, int):
            raise TypeError("%s needs bytes, str or ints, not an int"
                            % cls.__name__)
        return bytes(value)  # type: ignore[arg-type]

    @property
    def isValue(self) -> bool:
        """False for a schema object (made without a value)."""
        return self._isValue

    def clone(self: _O, value: OctetsLike = noValue, **kw: str) -> _O:
        """A new object of this type, with |value| (none: a schema)."""
        return type(self)(value, **kw)

    def asOctets(self) -> bytes:
        return bytes(self)

    def asNumbers(self) -> Tuple[int, ...]:
        return tuple(self)

    def prettyPrint(self, scope: int = 0) -> str:
        later = self._mibLater  # received: as the MIB prints it (_mib_text)
        if later is not None:
            text = later()[1]
            if text is not None:
                return text
        if not self._isValue:
            return "<no value>"
        data = bytes(self)
        if _is_printable(data):
            return data.decode("ascii")
        return "0x" + data.hex()

    def __str__(self) -> str:
        return bytes(self).decode("iso-8859-1")

    def __repr__(self) -> str:
        if not self._isValue:
            return "%s()" % type(self).__name__
        return "%s(%r)" % (type(self).__name__, bytes(self))

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        if isinstance(i, slice):
            return self.clone(bytes(self)[i])
        return bytes.__getitem__(self, i)

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (bytes(self),) if self._isValue else ())


class IpAddress(OctetString):
    """IpAddress: 4 octets; from "192.0.2.1", 4 bytes or 4 ints."""

    _minSize = _maxSize = 4

    @classmethod
    def _octets(cls, value: OctetsLike) -> bytes:
        if isinstance(value, str) and value.count(".") == 3:
            try:
                parts = [int(p) for p in value.split(".")]
            except ValueError:
                parts = []
            if len(parts) == 4 and all(0 <= p <= 255 for p in parts):
                return bytes(parts)
            raise ValueConstraintError("bad IpAddress %r" % value)
        return OctetString._octets(value)

    def prettyPrint(self, scope: int = 0) -> str:
        if not self._isValue:
            return "<no value>"
        return ".".join(str(c) for c in bytes(self))


class Opaque(OctetString):
    """Opaque: the raw BER of a value wrapped in an OCTET STRING."""


class Bits(OctetString):
    """BITS (an OCTET STRING, bit 0 the high bit of the first octet).
    ``Bits(namedValues={"a": 0, "b": 1})`` names the bits; prettyPrint
    lists the bits set."""

    namedValues: Mapping[str, int] = {}

    def __new__(cls, value: OctetsLike = noValue,
                hexValue: Optional[str] = None,
                binValue: Optional[str] = None,
                namedValues: Optional[Mapping[str, int]] = None) -> "Bits":
        names = dict(cls.namedValues if namedValues is None
                     else namedValues)
        if isinstance(value, (tuple, list)) and value and \
                all(isinstance(v, str) for v in value):
            value = cls._from_names(value, names)
        elif isinstance(value, str) and value and \
                all(v.strip() in names for v in value.split(",")):
            value = cls._from_names([v.strip() for v in value.split(",")],
                                    names)
        obj = OctetString.__new__(cls, value, hexValue, binValue)
        if namedValues is not None:
            obj.namedValues = names
        return obj

    @staticmethod
    def _from_names(bits: Iterable[str], names: Dict[str, int]) -> bytes:
        nums = [names[b] for b in bits]
        out = bytearray(max(nums) // 8 + 1)
        for n in nums:
            out[n // 8] |= 0x80 >> (n % 8)
        return bytes(out)

    def clone(self, value: OctetsLike = noValue,
              **kw: str) -> "Bits":
        return Bits(value, namedValues=self.namedValues, **kw)

    def prettyPrint(self, scope: int = 0) -> str:
        if not self._isValue:
            return "<no value>"
        by_bit = {v: k for k, v in self.namedValues.items()}
        out = []
        for i, octet in enumerate(bytes(self)):
            for b in range(8):
                if octet & (0x80 >> b):
                    n = i * 8 + b
                    out.append(by_bit.get(n, "UnknownBit-%d" % n))
        return ", ".join(out)


class NullBase(OctetString):
    """The ASN.1 NULL underneath Null and the SNMPv2 exception values
    (which are not Null: a walk ends at Null and endOfMibView only)."""

    _maxSize = 0

    def __new__(cls, value: OctetsLike = noValue,
                hexValue: Optional[str] = None,
                binValue: Optional[str] = None) -> "NullBase":
        if (value == "" or value == b"") and hexValue is None and \
                binValue is None:  # the usual Null(""): nothing to check
            return bytes.__new__(cls, b"")
        return OctetString.__new__(cls, value)

    def prettyPrint(self, scope: int = 0) -> str:
        return "" if self._isValue else "<no value>"

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return "%s(%s)" % (type(self).__name__,
                           "''" if self._isValue else "")


class Null(NullBase):
    """NULL: the value of a varbind in a request; prints as ""."""


def _arcs(value: OidLike, what: str) -> Tuple[int, ...]:
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("."):
            text = text[1:]
        try:
            arcs = tuple(int(a) for a in text.split(".")) if text else ()
        except ValueError:
            raise ValueConstraintError("%s: malformed OID %r"
                                       % (what, value)) from None
    else:
        arcs = tuple(int(a) for a in value)  # type: ignore[union-attr]
    if any(a < 0 or a > 0xffffffff for a in arcs):
        raise ValueConstraintError("%s: an OID arc is outside 0..2**32-1"
                                   % what)
    return arcs


class ObjectIdentifier(tuple):  # type: ignore[type-arg]
    """OBJECT IDENTIFIER: a tuple of ints; from "1.3.6.1" or a sequence."""

    _isValue = True
    _mibLater: Optional[Callable[[], Tuple[Optional[str], Optional[str]]]] \
        = None  # as _Number's

    def __new__(cls: Type[_D], value: OidLike = noValue) -> _D:
        if isinstance(value, _CHECKED):  # arcs known to be 0..2**32-1
            return tuple.__new__(cls, value)
        if isinstance(value, _NoValue):
            obj = tuple.__new__(cls, ())
            obj._isValue = False
            return obj
        return tuple.__new__(cls, _arcs(value, cls.__name__))

    @property
    def isValue(self) -> bool:
        """False for a schema object (made without a value)."""
        return self._isValue

    def clone(self: _D, value: OidLike = noValue) -> _D:
        return type(self)(value)

    def asTuple(self) -> Tuple[int, ...]:
        return tuple(self)

    def isPrefixOf(self, other: Iterable[int]) -> bool:
        """True when |other| starts with this OID."""
        if type(other) is not tuple:
            other = tuple(other)
        return tuple.__eq__(self, other[:len(self)])  # type: ignore

    def prettyPrint(self, scope: int = 0) -> str:
        if not self._isValue:
            return "<no value>"
        text = _mib_text(self)
        if text is not None:
            return text
        return ".".join(str(a) for a in self)

    def __str__(self) -> str:
        return self.prettyPrint()

    def __repr__(self) -> str:
        return "%s(%r)" % (type(self).__name__, self.prettyPrint())

    def __add__(self: _D, other: Iterable[int]) -> _D:  # type: ignore
        return type(self)(tuple(self) + tuple(other))

    def __radd__(self: _D, other: Iterable[int]) -> _D:
        return type(self)(tuple(other) + tuple(self))

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        if isinstance(i, slice):
            return type(self)(tuple.__getitem__(self, i))
        return tuple.__getitem__(self, i)

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (tuple(self),) if self._isValue else ())


# What ObjectIdentifier() takes without checking the arcs again: its own
# kind and snmpx's OID (a response's names), both checked when made.
_CHECKED = (ObjectIdentifier, sx.OID)


class ObjectName(ObjectIdentifier):
    """The name of a variable binding (an OBJECT IDENTIFIER)."""
