"""pysnmp.smi.rfc1902: ObjectIdentity, ObjectType and NotificationType.

ObjectIdentity names a MIB variable by OID ("1.3.6.1.2.1.1.1.0", a tuple)
or, with snmpx's MIB layer, by name (ObjectIdentity("SNMPv2-MIB",
"sysDescr", 0), "SNMPv2-MIB::sysDescr.0"); names resolve when a request
is made (or resolve_with_mib()).  All MIB access goes through _names.
"""

import functools
from typing import (Iterator, List, Mapping, Optional, Sequence, Tuple,
                    TypeVar, Union)

from ..proto.rfc1902 import (Integer, Null, ObjectIdentifier, ObjectName,
                             OctetString)
from . import _names
from .error import SmiError

__all__ = ["ObjectIdentity", "ObjectType", "NotificationType"]

IndexPart = Union[int, str, bytes, Tuple[int, ...]]
Value = Union[Integer, OctetString, ObjectIdentifier, int, str, bytes]


@functools.lru_cache(maxsize=4096)
def _numeric(text: str) -> Optional[ObjectName]:
    """The OID of a dotted numeric text, None for anything else (a MIB
    name).  Programs name the same few OIDs again and again, so the
    answers are kept (an ObjectName is immutable: shared)."""
    t = text[1:] if text.startswith(".") else text
    parts = t.split(".")
    if t and all(p.isdigit() for p in parts):
        return ObjectName(tuple(int(p) for p in parts))
    return None


class ObjectIdentity:
    """A MIB variable's identity: an OID, or a MIB name resolved later."""

    # A received varbind's (snmpx OID, snmpx value), set by hlapi
    # (received()): its name and value are rendered together, by one call
    # of the MIB layer, when either is first printed (_mib_texts); None:
    # the name is looked up at each prettyPrint().
    _received: Optional[Tuple[object, object]] = None
    _texts: Optional[Tuple[Optional[str], Optional[str]]] = None
    # MIB sources and modules to load first (lists once some are given).
    _sources: Sequence[str] = ()
    _modules: Sequence[str] = ()

    def __init__(self, *args: Union[str, IndexPart, ObjectIdentifier],
                 **kwargs: object) -> None:
        if not args:
            raise TypeError("ObjectIdentity needs an OID or a MIB name")
        self._args = args
        self._oid: Optional[ObjectName] = None
        first = args[0]
        if len(args) == 1:
            if isinstance(first, ObjectIdentity):
                self._oid = first._oid
                self._args = first._args
            elif isinstance(first, ObjectName):  # immutable: shared
                self._oid = first
            elif isinstance(first, str):
                self._oid = _numeric(first)
            elif isinstance(first, (tuple, list)):
                self._oid = ObjectName(first)

    # pysnmp's MIB-source and loading calls (both spellings).
    def add_asn1_mib_source(self, *sources: str,
                            **options: object) -> "ObjectIdentity":
        self._sources = [*self._sources, *sources]
        return self

    addAsn1MibSource = add_asn1_mib_source

    def add_mib_source(self, *sources: str) -> "ObjectIdentity":
        self._sources = [*self._sources, *sources]
        return self

    addMibSource = add_mib_source

    def load_mibs(self, *modNames: str) -> "ObjectIdentity":
        self._modules = [*self._modules, *modNames]
        return self

    loadMibs = load_mibs

    def resolve_with_mib(self, mibViewController: object = None,
                         ignoreErrors: bool = True) -> "ObjectIdentity":
        """Resolve the name to an OID (MIB layer needed for names)."""
        if self._oid is not None and not self._modules:
            return self
        if self._sources:
            _names.add_dirs(self._sources)
        if self._modules:
            _names.load(self._modules)
        if self._oid is None:
            first = self._args[0]
            if len(self._args) == 1 and isinstance(first, str):
                self._oid = ObjectName(_names.resolve(first))
            elif isinstance(first, str):
                label = self._args[1] if len(self._args) > 1 else None
                oid = _names.resolve_parts(
                    first, label if isinstance(label, str) else None,
                    self._args[2:])  # an ObjectName, kept: shared
                self._oid = oid if type(oid) is ObjectName \
                    else ObjectName(oid)
            else:
                raise TypeError("cannot read %r as an OID" % (first,))
        return self

    resolveWithMib = resolve_with_mib

    def isFullyResolved(self) -> bool:
        return self._oid is not None

    def getOid(self) -> ObjectName:
        if self._oid is None:
            self.resolve_with_mib()
        assert self._oid is not None
        return self._oid

    get_oid = getOid

    def getMibSymbol(self) -> Tuple[str, str, Tuple[str, ...]]:
        found = _names.lookup(self.getOid())
        if found is None:
            raise SmiError("no MIB symbol for %s"
                           % self.getOid().prettyPrint())
        return found[0], found[1], tuple(found[2])

    get_mib_symbol = getMibSymbol

    def getLabel(self) -> Tuple[str, ...]:
        return tuple(str(a) for a in self.getOid())

    def _mib_texts(self) -> Tuple[Optional[str], Optional[str]]:
        """(name, value text) of a received varbind, made once (most
        varbinds received are never printed); its value's _mibLater."""
        texts = self._texts
        if texts is None:
            oid, value = self._received  # type: ignore[misc]
            texts = self._texts = _names.describe(
                oid, value)  # type: ignore[arg-type]
        return texts

    def prettyPrint(self) -> str:
        if self._received is not None and not self._modules:
            return self._mib_texts()[0] or \
                self._oid.prettyPrint()  # type: ignore[union-attr]
        oid = self.getOid()
        return _names.name_text(oid) or oid.prettyPrint()

    def __str__(self) -> str:
        return self.prettyPrint()

    def __repr__(self) -> str:
        if self._oid is not None:
            return "ObjectIdentity(%r)" % self._oid.prettyPrint()
        return "ObjectIdentity(%s)" % ", ".join(map(repr, self._args))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ObjectIdentity):
            other = other.getOid()
        return tuple(self.getOid()) == other

    def __lt__(self, other: Sequence[int]) -> bool:
        return tuple(self.getOid()) < tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self.getOid()))

    def __getitem__(self, i: int) -> int:
        return self.getOid()[i]  # type: ignore[no-any-return]

    def __len__(self) -> int:
        return len(self.getOid())

    def __iter__(self) -> Iterator[int]:
        return iter(self.getOid())

    def isPrefixOf(self, other: Sequence[int]) -> bool:
        return self.getOid().isPrefixOf(other)


_S = TypeVar("_S", bound="_OfIdentity")


class _OfIdentity:
    """What ObjectType and NotificationType pass to their ObjectIdentity:
    MIB sources and modules to load."""

    @property
    def _identity(self) -> ObjectIdentity:
        raise NotImplementedError

    def add_asn1_mib_source(self: _S, *sources: str,
                            **options: object) -> _S:
        self._identity.add_asn1_mib_source(*sources)
        return self

    addAsn1MibSource = add_asn1_mib_source

    def load_mibs(self: _S, *modNames: str) -> _S:
        self._identity.load_mibs(*modNames)
        return self

    loadMibs = load_mibs

    def isFullyResolved(self) -> bool:
        return self._identity.isFullyResolved()


_new = object.__new__


_tuple_new = tuple.__new__


def received(oid: Sequence[int], sxvalue: object,
             value: object) -> "ObjectType":
    """ObjectType(ObjectIdentity(ObjectName(oid)), value) of a response
    whose varbind was (|oid|, |sxvalue|) as snmpx received it: made
    without the checks that a program's arguments need (|oid| was checked
    when received; hlapi makes one per varbind received), and printed as
    the MIB names them (ObjectIdentity._mib_texts)."""
    name = _tuple_new(ObjectName, oid)
    identity = _new(ObjectIdentity)
    identity.__dict__ = {"_args": (name,), "_oid": name,
                         "_received": (oid, sxvalue)}
    value._mibLater = identity._mib_texts  # type: ignore[attr-defined]
    vb = _new(ObjectType)
    vb.__dict__ = {"_args": [identity, value]}
    return vb  # type: ignore[no-any-return]


class ObjectType(_OfIdentity):
    """A variable binding: ObjectType(ObjectIdentity(...), value); the
    value defaults to Null.  [0] is the identity, [1] the value."""

    def __init__(self, objectIdentity: Union[ObjectIdentity, str,
                                             Tuple[int, ...]],
                 objectSyntax: object = None) -> None:
        if not isinstance(objectIdentity, ObjectIdentity):
            objectIdentity = ObjectIdentity(objectIdentity)
        self._args: List[object] = [
            objectIdentity, Null("") if objectSyntax is None
            else objectSyntax]

    def __getitem__(self, i: int) -> object:
        return self._args[i]

    def __len__(self) -> int:
        return 2

    def __iter__(self) -> Iterator[object]:
        return iter(self._args)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, (ObjectType, tuple)) and \
            tuple(self._args) == tuple(other)

    __hash__ = None  # type: ignore[assignment]

    def resolve_with_mib(self, mibViewController: object = None,
                         ignoreErrors: bool = True) -> "ObjectType":
        self._identity.resolve_with_mib()
        return self

    resolveWithMib = resolve_with_mib

    @property
    def _identity(self) -> ObjectIdentity:
        ident = self._args[0]
        assert isinstance(ident, ObjectIdentity)
        return ident

    def prettyPrint(self) -> str:
        value = self._args[1]
        text = value.prettyPrint() if hasattr(value, "prettyPrint") \
            else str(value)
        return "%s = %s" % (self._identity.prettyPrint(), text)

    def __str__(self) -> str:
        return self.prettyPrint()

    def __repr__(self) -> str:
        return "ObjectType(%r, %r)" % tuple(self._args)


class NotificationType(_OfIdentity):
    """A notification: its trap OID (an ObjectIdentity) and the varbinds
    to send (add_varbinds), as pysnmp's NotificationType."""

    def __init__(self, objectIdentity: ObjectIdentity,
                 instanceIndex: Sequence[int] = (),
                 objects: Optional[Mapping[object, object]] = None) -> None:
        if not isinstance(objectIdentity, ObjectIdentity):
            objectIdentity = ObjectIdentity(objectIdentity)
        self._oi = objectIdentity
        self._instanceIndex = tuple(instanceIndex)
        self._objects = dict(objects or {})
        self._varbinds: List[ObjectType] = []

    def add_varbinds(self, *varBinds: Union[ObjectType, Tuple[object, object]]
                     ) -> "NotificationType":
        for vb in varBinds:
            self._varbinds.append(vb if isinstance(vb, ObjectType)
                                  else ObjectType(*vb))  # type: ignore
        return self

    addVarBinds = add_varbinds

    @property
    def _identity(self) -> ObjectIdentity:
        return self._oi

    def resolve_with_mib(self, mibViewController: object = None,
                         ignoreErrors: bool = True) -> "NotificationType":
        self._identity.resolve_with_mib()
        for vb in self._varbinds:
            vb.resolve_with_mib()
        return self

    resolveWithMib = resolve_with_mib

    def getOid(self) -> ObjectName:
        return self._identity.getOid()

    def varbinds(self) -> List[ObjectType]:
        """The varbinds added, in order."""
        return list(self._varbinds)

    def __getitem__(self, i: int) -> ObjectType:
        return self._varbinds[i]

    def __len__(self) -> int:
        return len(self._varbinds)

    def __repr__(self) -> str:
        return "NotificationType(%r, %r, %r)" % (
            self._identity, self._instanceIndex, self._objects)
