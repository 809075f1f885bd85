"""pysnmp.hlapi.v3arch.asyncio.ntforg (snmpx.pysnmp.hlapi.ntforg)."""

from ...ntforg import *  # noqa: F401,F403
from ...ntforg import __all__  # noqa: F401
from ..._engine import SnmpEngine as SnmpEngine
from ...cmdgen import deprecated  # noqa: E402
from ...ntforg import send_notification as _send  # noqa: E402


def __getattr__(attr: str) -> object:
    return deprecated(__name__, {"sendNotification": "send_notification"},
                      attr, {"send_notification": _send})
