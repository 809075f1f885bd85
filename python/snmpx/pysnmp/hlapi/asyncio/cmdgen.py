"""pysnmp.hlapi.asyncio.cmdgen: as hlapi.v3arch.asyncio.cmdgen."""

from ..v3arch.asyncio.cmdgen import *  # noqa: F401,F403
