"""pysnmp.hlapi.v3arch.asyncio.context (snmpx.pysnmp.hlapi.context)."""

from ...context import *  # noqa: F401,F403
from ...context import __all__  # noqa: F401
