"""Notification originator: send_notification (trap or inform) with a
NotificationType, as pysnmp 7.1's (sendNotification also)."""

from typing import Any, List, Tuple

from ... import types as sx
from ...exceptions import SnmpxError
from ..smi.rfc1902 import NotificationType
from . import _values
from ._engine import Auth, Result, SnmpEngine, indication, send
from .cmdgen import deprecated
from .auth import CommunityData
from .context import ContextData
from .transport import _Target

__all__ = ["send_notification"]

_SYS_UPTIME = (1, 3, 6, 1, 2, 1, 1, 3, 0)
_TRAP_OID = (1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0)


def _parts(varBinds: Tuple[Any, ...]) -> Tuple[Any, List[sx.VarBind]]:
    """The trap OID and the varbinds after it, from NotificationTypes and
    ObjectTypes (an snmpTrapOID.0 varbind names the trap; sysUpTime.0 is
    the engine's)."""
    trap_oid: Any = None
    vbs: List[sx.VarBind] = []
    for item in varBinds:
        if isinstance(item, NotificationType):
            trap_oid = item.getOid()
            items: List[Any] = item.varbinds()
        else:
            items = [item]
        for oid, value in _values.request_varbinds(items):
            if tuple(oid) == _TRAP_OID:
                trap_oid = value
            elif tuple(oid) != _SYS_UPTIME:
                vbs.append(sx.VarBind(sx.OID(*oid),
                                      _values.to_snmpx(value)))
    if trap_oid is None:
        raise ValueError("send_notification needs a NotificationType or an "
                         "snmpTrapOID.0 varbind")
    return sx.OID(*trap_oid), vbs


async def send_notification(snmpEngine: SnmpEngine, authData: Auth,
                            transportTarget: _Target,
                            contextData: ContextData, notifyType: str,
                            *varBinds: Any, **options: Any) -> Result:
    """Send a notification: notifyType "trap" (sent once; the result is
    (None, 0, 0, [])) or "inform" (acknowledged, retried; the result
    holds the receiver's answer).  SNMPv1 traps are translated by RFC
    3584 3.2; an SNMPv1 inform raises ValueError."""
    trap_oid, vbs = _parts(varBinds)
    mgr = snmpEngine.manager(authData, transportTarget, contextData)
    if notifyType == "trap":
        try:
            # pysnmp's SNMPv1 traps carry agent-addr 0.0.0.0.
            mgr.trap(trap_oid, *vbs, agentAddr="0.0.0.0")
        except SnmpxError as exc:
            return indication(exc), 0, 0, []
        return None, 0, 0, []
    if notifyType != "inform":
        raise ValueError("notifyType must be 'trap' or 'inform', not %r"
                         % (notifyType,))
    if isinstance(authData, CommunityData) and authData.mpModel == 0:
        raise ValueError("SNMPv1 has no inform")
    return await send(snmpEngine, authData, transportTarget, contextData,
                      lambda m: m.inform(trap_oid, *vbs),
                      options.get("lookupMib", True), False, list)


def __getattr__(attr: str) -> Any:
    """sendNotification, with pysnmp's DeprecationWarning."""
    return deprecated(__name__, {"sendNotification": "send_notification"},
                      attr, globals())
