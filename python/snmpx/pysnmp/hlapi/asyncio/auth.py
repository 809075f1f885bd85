"""pysnmp.hlapi.asyncio.auth: as hlapi.v3arch.asyncio.auth."""

from ..v3arch.asyncio.auth import *  # noqa: F401,F403
