"""pysnmp.hlapi.v3arch.asyncio.auth (snmpx.pysnmp.hlapi.auth)."""

from ...auth import *  # noqa: F401,F403
from ...auth import __all__  # noqa: F401
