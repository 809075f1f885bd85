"""pysnmp.hlapi.asyncio: the same names as hlapi.v3arch.asyncio."""

from ..v3arch.asyncio import *  # noqa: F401,F403
from ..v3arch.asyncio import (SnmpEngine, auth, cmdgen,  # noqa: F401
                              context, ntforg, transport)
