"""pysnmp.hlapi.v3arch.asyncio.ntforg (snmpx.pysnmp.hlapi.ntforg)."""

from ...ntforg import *  # noqa: F401,F403
from ...ntforg import __all__  # noqa: F401
from ..._engine import SnmpEngine as SnmpEngine
