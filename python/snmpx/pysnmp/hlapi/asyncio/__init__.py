"""pysnmp.hlapi.asyncio: the same names as hlapi.v3arch.asyncio."""

from ..v3arch.asyncio import *  # noqa: F401,F403
from ..v3arch.asyncio import SnmpEngine as SnmpEngine
from ..v3arch.asyncio import auth as auth
from ..v3arch.asyncio import cmdgen as cmdgen
from ..v3arch.asyncio import context as context
from ..v3arch.asyncio import ntforg as ntforg
from ..v3arch.asyncio import transport as transport
