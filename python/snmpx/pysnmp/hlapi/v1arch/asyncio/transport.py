"""pysnmp.hlapi.v1arch.asyncio.transport (as hlapi.transport)."""

from ...transport import *  # noqa: F401,F403
from ...transport import __all__  # noqa: F401
