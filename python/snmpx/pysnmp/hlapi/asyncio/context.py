"""pysnmp.hlapi.asyncio.context: as hlapi.v3arch.asyncio.context."""

from ..v3arch.asyncio.context import *  # noqa: F401,F403
