"""The one place where MIB names plug into snmpx.pysnmp.

Everything that turns a MIB name into an OID or an OID into a name goes
through the functions here; they use snmpx's MIB layer (snmpx.mib) when
the package has it, and otherwise know numeric OIDs only (a name then
raises NoMibError, and lookups answer None so that OIDs print as
numbers).
"""

from typing import Any, List, Optional, Sequence, Tuple

__all__ = ["NoMibError", "available", "add_dirs", "load", "resolve",
           "resolve_parts", "lookup"]


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
    return found.module, found.label, [str(i) for i in found.index]
