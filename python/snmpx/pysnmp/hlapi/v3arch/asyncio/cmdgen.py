"""pysnmp.hlapi.v3arch.asyncio.cmdgen (snmpx.pysnmp.hlapi.cmdgen)."""

from ...cmdgen import *  # noqa: F401,F403
from ...cmdgen import __all__  # noqa: F401
from ..._engine import SnmpEngine as SnmpEngine
from ...cmdgen import DEPRECATED, deprecated  # noqa: E402


def __getattr__(attr: str) -> object:
    return deprecated(__name__, DEPRECATED, attr)
