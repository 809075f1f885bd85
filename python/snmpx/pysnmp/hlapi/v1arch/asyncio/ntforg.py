"""pysnmp.hlapi.v1arch.asyncio.ntforg: send_notification without a
ContextData."""

from typing import Any

from ... import ntforg as _v3
from ..._engine import Result
from ...context import ContextData
from ...transport import _Target
from .auth import CommunityData
from .dispatch import SnmpDispatcher

__all__ = ["send_notification"]


async def send_notification(snmpDispatcher: SnmpDispatcher,
                            authData: CommunityData,
                            transportTarget: _Target, notifyType: str,
                            *varBinds: Any, **options: Any) -> Result:
    """Send a trap or an inform, as v3arch's send_notification."""
    return await _v3.send_notification(snmpDispatcher, authData,
                                       transportTarget, ContextData(),
                                       notifyType, *varBinds, **options)
