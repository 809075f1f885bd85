"""pysnmp.smi.error: the MIB errors programs catch."""

from ..error import PySnmpError

__all__ = ["SmiError", "MibLoadError", "MibNotFoundError",
           "MibOperationError", "NoSuchNameError", "NoSuchObjectError"]


class SmiError(PySnmpError):
    """A MIB could not be loaded or a name not resolved."""


class MibLoadError(SmiError):
    """A MIB module could not be loaded."""


class MibNotFoundError(MibLoadError):
    """A MIB module was not found."""


class MibOperationError(SmiError):
    """A MIB lookup failed."""


class NoSuchNameError(MibOperationError):
    """No such name in the loaded MIBs."""


class NoSuchObjectError(NoSuchNameError):
    """A name that no loaded module defines (pysnmp: "Can't resolve node
    name")."""
