"""pysnmp.hlapi.asyncio.transport: as hlapi.v3arch.asyncio.transport."""

from ..v3arch.asyncio.transport import *  # noqa: F401,F403
