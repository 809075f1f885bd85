"""The one place where MIB names plug into snmpx.pysnmp.

Everything that turns a MIB name into an OID or an OID into a name goes
through the functions here; they use snmpx's MIB layer (snmpx.mib) when
the package has it, and otherwise know numeric OIDs only (a name then
raises SmiError, as pysnmp does for a name it cannot resolve, and
lookups answer None so that OIDs print as
numbers).
"""

import threading
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..proto.rfc1902 import ObjectName, OctetString
from .error import MibNotFoundError, NoSuchObjectError, SmiError

__all__ = ["available", "add_dirs", "load", "resolve",
           "resolve_parts", "lookup", "name_text", "pretty_value",
           "describe"]


# The modules pysnmp 7.1's engine has loaded when it names the varbinds of
# a response (lookupMib): what it cannot name there it prints as the
# deepest node it knows plus the remaining arcs (SNMPv2-SMI::mib-2.2.2.1).
# More come with ObjectIdentity(...).load_mibs().
PYSNMP_MODULES = ("SNMPv2-SMI", "SNMPv2-TC", "SNMPv2-CONF", "SNMPv2-MIB",
                  "SNMP-FRAMEWORK-MIB", "SNMP-MPD-MIB", "SNMP-TARGET-MIB",
                  "SNMP-USER-BASED-SM-MIB", "SNMP-COMMUNITY-MIB")

_db: Any = None
_lock = threading.Lock()
# No MIB layer in this build: known after the first failed import, which
# is not tried again (a failed import searches sys.path every time, and
# this runs for every varbind of every response).
_missing = False


def _database() -> Any:
    """The MIB database of snmpx.pysnmp (pysnmp's modules, not Net-SNMP's
    defaults, and not snmp.conf's), made on first use; None without
    snmpx's MIB layer."""
    global _db, _missing
    if _db is not None or _missing:
        return _db
    try:
        from ... import mib  # type: ignore[attr-defined]
    except ImportError:
        _missing = True
        return None
    with _lock:
        if _db is None:
            _db = mib.MibDatabase(mibs=":".join(PYSNMP_MODULES),
                                  read_conf=False)
        return _db


def available() -> bool:
    """True when snmpx has its MIB layer."""
    return _database() is not None


def _need() -> Any:
    db = _database()
    if db is None:
        raise SmiError("MIB names need snmpx's MIB layer (snmpx.mib), "
                         "which this build lacks; use numeric OIDs")
    return db


def add_dirs(dirs: Sequence[str]) -> None:
    """Add MIB source directories (file:// URLs and paths)."""
    db = _database()
    if db is not None and dirs:
        db.add_dirs(*[d[len("file://"):] if d.startswith("file://") else d
                      for d in dirs])


def load(modules: Sequence[str]) -> None:
    """Load MIB modules by name."""
    if modules:
        db = _need()
        try:
            db.load(*modules)
        except Exception as exc:  # snmpx.mib.MibError: file:line inside
            raise MibNotFoundError(str(exc)) from exc


def resolve(text: str) -> Tuple[int, ...]:
    """"MODULE::label.index" or "label.index" as an OID."""
    db = _need()
    try:
        return tuple(db.resolve(text))
    except ValueError as exc:
        raise NoSuchObjectError("Can't resolve node name %s: %s"
                                % (text, exc)) from None


# (module, label, index) -> ObjectName of resolve_parts, for ints and
# strs, made with the database's names of _parts_of (its cache of names,
# which a load replaces): a program names the same few objects at every
# request, and one ObjectName keeps its snmpx OID (hlapi._values).
_parts: Dict[Tuple[Any, ...], Any] = {}
_parts_of: Any = None


def resolve_parts(module: str, label: Optional[str],
                  index: Sequence[object]) -> Tuple[int, ...]:
    """ObjectIdentity(module, label, *index) as an OID (an ObjectName)."""
    global _parts, _parts_of
    if label is None:
        return ObjectName(resolve(module))
    db = _need()
    key = (module, label, tuple(index))
    keep = type(module) is str and type(label) is str and \
        all(type(v) is int or type(v) is str for v in index)
    if keep:
        if _parts_of is db._resolved:
            known = _parts.get(key)
            if known is not None:
                return known  # type: ignore[no-any-return]
        else:
            _parts, _parts_of = {}, db._resolved
    try:
        name = ObjectName(db.resolve_parts(module, label, *index))
    except ValueError as exc:
        raise SmiError("Can't resolve node name %s::%s: %s"
                       % (module, label, exc)) from None
    if keep and len(_parts) < 4096:
        _parts[key] = name
    return name


def lookup(oid: Sequence[int]) -> Optional[Tuple[str, str, List[str]]]:
    """(module, label, index parts as text) for |oid|, or None when there
    is no MIB layer or no module names any prefix of it."""
    db = _database()
    if db is None:
        return None
    try:
        found = db.lookup(tuple(oid))
    except (ValueError, KeyError):
        return None
    return _symbol(found)


def _symbol(found: Any) -> Optional[Tuple[str, str, List[str]]]:
    """lookup()'s answer from snmpx.mib's MibName |found|."""
    if found is None or not found.module:
        return None
    return found.module, found.label, [_index_text(i) for i in found.index]


def _index_text(part: object) -> str:
    """An index part as pysnmp prints it after the label: strings quoted
    ("u_sha", "0x8000..."), numbers, addresses and OIDs as such."""
    data = getattr(part, "data", None)
    if isinstance(data, bytes):
        if type(part).__name__ == "IpAddress":
            return ".".join(str(c) for c in data)
        return '"%s"' % OctetString(data).prettyPrint()
    value = getattr(part, "value", part)
    if isinstance(value, int):
        return str(value)
    if isinstance(part, tuple):
        return ".".join(str(a) for a in part)
    return str(part)


def name_text(oid: Sequence[int]) -> Optional[str]:
    """|oid| as pysnmp prints a resolved name ("SNMPv2-MIB::sysDescr.0",
    'SNMP-USER-BASED-SM-MIB::usmUserSecurityName."0x80..."."u"'), or
    None without a MIB layer or a module naming it."""
    return _symbol_text(lookup(oid))


def _symbol_text(found: Optional[Tuple[str, str, List[str]]]
                 ) -> Optional[str]:
    if found is None:
        return None
    module, label, index = found
    return "%s::%s%s" % (module, label, "".join("." + i for i in index))


def pretty_value(oid: Sequence[int], value: object) -> Optional[str]:
    """|value| (an snmpx value received for |oid|) as pysnmp prints it
    with the MIB's SYNTAX (enumerations, DISPLAY-HINT), or None when
    there is no MIB layer or no object for |oid|."""
    db = _database()
    if db is None:
        return None
    if isinstance(value, tuple):  # an OID value prints as its name
        return name_text(value)
    if not hasattr(db, "pretty"):
        return None
    try:
        text = db.pretty(tuple(oid), value)
    except (ValueError, KeyError, TypeError):
        return None
    return text if isinstance(text, str) else None


def describe(oid: Sequence[int], value: object
             ) -> Tuple[Optional[str], Optional[str]]:
    """(name_text(oid), pretty_value(oid, value)) for a varbind received
    as the snmpx OID |oid| and value |value|, with one search of the MIB
    for both: one call of the extension (MibDb.pysnmp_texts) where it
    can."""
    db = _db if _db is not None else _database()
    if db is None or isinstance(value, tuple):
        return name_text(oid), pretty_value(oid, value)
    try:
        texts = db._db.pysnmp_texts(oid, value, db._plans)
        if type(texts) is not tuple:  # a node to plan first, or Python's
            texts = db._pysnmp_texts(oid, value)
        if texts is not None:
            return texts  # type: ignore[no-any-return]
        found, text = db._describe(oid, value)
    except (ValueError, KeyError, TypeError):
        # What each call alone answers to such a varbind.
        return name_text(oid), pretty_value(oid, value)
    return _symbol_text(_symbol(found)), \
        text if isinstance(text, str) else None
