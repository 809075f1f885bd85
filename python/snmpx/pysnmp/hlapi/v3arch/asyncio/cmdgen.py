"""pysnmp.hlapi.v3arch.asyncio.cmdgen (snmpx.pysnmp.hlapi.cmdgen)."""

from ...cmdgen import *  # noqa: F401,F403
from ...cmdgen import __all__  # noqa: F401
from ..._engine import SnmpEngine  # noqa: F401
