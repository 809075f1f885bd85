"""pysnmp.hlapi.asyncio.ntforg: as hlapi.v3arch.asyncio.ntforg."""

from ..v3arch.asyncio.ntforg import *  # noqa: F401,F403
