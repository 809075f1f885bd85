"""pysnmp.hlapi.v3arch.asyncio.transport (snmpx.pysnmp.hlapi.transport)."""

from ...transport import *  # noqa: F401,F403
from ...transport import __all__  # noqa: F401
