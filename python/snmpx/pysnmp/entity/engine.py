"""pysnmp.entity.engine: SnmpEngine (the one of hlapi.v3arch.asyncio)."""

from ..hlapi._engine import SnmpEngine as SnmpEngine

__all__ = ["SnmpEngine"]
