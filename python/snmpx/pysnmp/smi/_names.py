"""The one place where MIB names plug into snmpx.pysnmp.

Everything that turns a MIB name into an OID or an OID into a name goes
through the functions here; they use snmpx's MIB layer (snmpx.mib) when
the package has it, and otherwise know numeric OIDs only (a name then
raises NoMibError, and lookups answer None so that OIDs print as
numbers).
"""

from typing import Any, List, Optional, Sequence, Tuple

__all__ = ["NoMibError", "available", "add_dirs", "load", "resolve",
           "resolve_parts", "lookup", "pretty_value"]


class NoMibError(ValueError):
    """A MIB name was given but cannot be resolved."""


def _database() -> Any:
    try:
        from ... import mib  # type: ignore[attr-defined]
    except ImportError:
        return None
    return mib.default()


def available() -> bool:
    """True when snmpx has its MIB layer."""
    return _database() is not None


def _need() -> Any:
    db = _database()
    if db is None:
        raise NoMibError("MIB names need snmpx's MIB layer (snmpx.mib), "
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
        _need().load(*modules)


def resolve(text: str) -> Tuple[int, ...]:
    """"MODULE::label.index" or "label.index" as an OID."""
    return tuple(_need().resolve(text))


def resolve_parts(module: str, label: Optional[str],
                  index: Sequence[object]) -> Tuple[int, ...]:
    """ObjectIdentity(module, label, *index) as an OID."""
    db = _need()
    if label is None:
        return tuple(db.resolve(module))
    return tuple(db.resolve_parts(module, label, *index))


def lookup(oid: Sequence[int]) -> Optional[Tuple[str, str, List[str]]]:
    """(module, label, index parts as text) for |oid|, or None."""
    db = _database()
    if db is None:
        return None
    try:
        found = db.lookup(tuple(oid))
    except (ValueError, KeyError):
        return None
    if found is None:
        return None
    if not found.module:
        return None
    return found.module, found.label, [_index_text(i) for i in found.index]


def _index_text(part: object) -> str:
    """An index part as pysnmp prints it after the label: numbers as
    such, strings quoted, OIDs and addresses dotted."""
    for attr in ("data",):
        data = getattr(part, attr, None)
        if isinstance(data, bytes):
            if type(part).__name__ == "IpAddress":
                return ".".join(str(c) for c in data)
            return '"%s"' % data.decode("iso-8859-1")
    value = getattr(part, "value", part)
    if isinstance(value, int):
        return str(value)
    if isinstance(part, tuple):
        return '"%s"' % ".".join(str(a) for a in part)
    return str(part)


def pretty_value(oid: Sequence[int], value: object) -> Optional[str]:
    """|value| (an snmpx value received for |oid|) as pysnmp prints it
    with the MIB's SYNTAX (enumerations, DISPLAY-HINT), or None when
    there is no MIB layer or no object for |oid|."""
    db = _database()
    if db is None or not hasattr(db, "pretty"):
        return None
    try:
        text = db.pretty(tuple(oid), value)
    except (ValueError, KeyError, TypeError):
        return None
    return text if isinstance(text, str) else None
