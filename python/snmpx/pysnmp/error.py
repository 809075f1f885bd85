"""pysnmp.error: PySnmpError, the base of the errors snmpx.pysnmp raises
as pysnmp does."""

__all__ = ["PySnmpError"]


class PySnmpError(Exception):
    """Base of pysnmp's exceptions."""
