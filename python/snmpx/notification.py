"""Notifications: what a receiver hands its callback (Notification), the
receiver itself (Engine.NotificationReceiver), and the RFC 3584 3.1/3.2
mapping between SNMPv1 Trap-PDU fields and SNMPv2 snmpTrapOID.0 that both
the receiver and Manager.trap()/trapV1() use.

    def on_notification(n):
        print(n.source, n.trapOID, n.variableBindings)

    with Engine() as engine:
        rcv = engine.NotificationReceiver("127.0.0.1:0", on_notification)
        print("listening on port", rcv.port)
        engine.serve(timeout=10)
"""

from __future__ import annotations

import asyncio
import enum
import logging
from typing import TYPE_CHECKING, List, Optional, Tuple

from . import _args
from .security import SecurityLevel
from .types import OID, IpAddress, TimeTicks

if TYPE_CHECKING:
    from ._snmpx import Incoming
    from .types import VarBindList

__all__ = ["Notification", "NotificationReceiver", "PduType",
           "SYS_UPTIME_0", "SNMP_TRAP_OID_0", "SNMP_TRAP_ENTERPRISE_0",
           "SNMP_TRAPS"]

log = logging.getLogger("snmpx")

SYS_UPTIME_0 = OID(1, 3, 6, 1, 2, 1, 1, 3, 0)
SNMP_TRAP_OID_0 = OID(1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0)
SNMP_TRAP_ENTERPRISE_0 = OID(1, 3, 6, 1, 6, 3, 1, 1, 4, 3, 0)
# snmpTraps: coldStart(1) .. egpNeighborLoss(6) are generic traps 0..5
SNMP_TRAPS = OID(1, 3, 6, 1, 6, 3, 1, 1, 5)
ENTERPRISE_SPECIFIC = 6


class PduType(enum.IntEnum):
    """RFC 3416 / RFC 1157 PDU tags."""
    GetRequest = 0xa0
    GetNextRequest = 0xa1
    Response = 0xa2
    SetRequest = 0xa3
    TrapV1 = 0xa4
    GetBulkRequest = 0xa5
    InformRequest = 0xa6
    SNMPv2Trap = 0xa7
    Report = 0xa8


def v1_to_trap_oid(enterprise, generic, specific):
    """RFC 3584 3.1 (1)-(2): the snmpTrapOID.0 of a v1 trap."""
    if 0 <= generic < ENTERPRISE_SPECIFIC:
        return SNMP_TRAPS.extend(generic + 1)
    return OID(*enterprise, 0, specific)


class Notification:
    """One Trap, SNMPv2-Trap or InformRequest, as a receiver's callback
    gets it.

    - ``pduType`` (PduType.TrapV1, SNMPv2Trap or InformRequest),
      ``version`` (1, 2 for v2c, 3), ``source`` ((host, port) of the
      sender), ``requestID``;
    - v1/v2c: ``community`` (bytes); v3: ``securityName`` (the USM user),
      ``engineID`` (the sender's for traps, this engine's for informs),
      ``contextEngineID``, ``contextName``; ``securityName`` is the
      community for v1/v2c (RFC 3584), ``securityLevel`` noAuthNoPriv;
    - ``trapOID`` (snmpTrapOID.0; for v1 traps by RFC 3584 3.1) and
      ``uptime`` (sysUpTime.0, or the v1 time-stamp), in hundredths of a
      second;
    - v1 traps only: ``enterprise`` (OID), ``agentAddr`` (IpAddress),
      ``genericTrap``, ``specificTrap`` (None otherwise);
    - ``variableBindings``: the VarBindList as received (for SNMPv2
      notifications sysUpTime.0 and snmpTrapOID.0 come first).
    """

    __slots__ = ("pduType", "version", "source", "community",
                 "securityName", "securityLevel", "engineID",
                 "contextEngineID", "contextName", "requestID", "trapOID",
                 "uptime", "enterprise", "agentAddr", "genericTrap",
                 "specificTrap", "variableBindings")

    pduType: PduType
    version: int
    source: Tuple[str, int]
    community: Optional[bytes]
    securityName: Optional[bytes]
    securityLevel: SecurityLevel
    engineID: Optional[bytes]
    contextEngineID: Optional[bytes]
    contextName: Optional[bytes]
    requestID: int
    trapOID: Optional[OID]
    uptime: Optional[int]
    enterprise: Optional[OID]
    agentAddr: Optional[IpAddress]
    genericTrap: Optional[int]
    specificTrap: Optional[int]
    variableBindings: VarBindList

    def __init__(self, raw: Incoming) -> None:
        (ptype, version, source, community, user, level, engine_id,
         ctx_engine_id, ctx_name, request_id, _status, _index, varbinds,
         v1) = raw
        self.pduType = PduType(ptype)
        self.version = version
        self.source = source
        self.community = community
        self.securityName = user if user is not None else community
        self.securityLevel = SecurityLevel(level)
        self.engineID = engine_id
        self.contextEngineID = ctx_engine_id
        self.contextName = ctx_name
        self.requestID = request_id
        self.variableBindings = varbinds
        self.enterprise = self.agentAddr = None
        self.genericTrap = self.specificTrap = None
        self.trapOID = self.uptime = None
        if v1 is not None:
            (self.enterprise, addr, self.genericTrap, self.specificTrap,
             self.uptime) = v1
            self.agentAddr = IpAddress(addr)
            self.trapOID = v1_to_trap_oid(self.enterprise, self.genericTrap,
                                          self.specificTrap)
            return
        for name, value in varbinds[:2]:
            if name == SYS_UPTIME_0 and isinstance(value, TimeTicks):
                self.uptime = value.value
            elif name == SNMP_TRAP_OID_0 and isinstance(value, OID):
                self.trapOID = value

    @property
    def isInform(self) -> bool:
        """True for an InformRequest (acknowledged by the engine)."""
        return self.pduType == PduType.InformRequest

    def __repr__(self) -> str:
        return ("Notification(%s v%s from %s:%d, trapOID=%s, %d varbinds)"
                % (self.pduType.name, "2c" if self.version == 2 else
                   self.version, self.source[0], self.source[1],
                   self.trapOID, len(self.variableBindings)))


def _community_set(communities):
    if communities is None:
        return None
    if isinstance(communities, (bytes, str)):
        communities = [communities]
    if not isinstance(communities, (list, tuple, set, frozenset)):
        raise TypeError("communities must be bytes, str, a list of them or "
                        "None, not %s" % type(communities).__name__)
    return frozenset(_args.octets(c, "communities", optional=False)
                     for c in communities)


class _Listener:
    """What the receiver and the agent share: their bound addresses."""

    addresses: List[Tuple[str, int]] = []

    @property
    def address(self) -> Tuple[str, int]:
        """(host, port) of the first listening socket."""
        return self.addresses[0]

    @property
    def port(self) -> int:
        """The port of the first listening socket (useful with port 0)."""
        return self.addresses[0][1]


class NotificationReceiver(_Listener):
    """Receives notifications on one or more listening sockets of an
    engine and calls ``callback(notification)`` for each; made by
    Engine.NotificationReceiver().

    ``addresses`` are the (host, port) pairs bound (port 0 resolved);
    ``address`` and ``port`` the first.  ``received`` counts notifications
    handed to the callback, ``dropped`` those refused for their community
    (informs so refused are not acknowledged).
    close() stops the callbacks; the sockets close with the engine.
    """

    def __init__(self, engine, callback, addresses, communities=None):
        if not callable(callback):
            raise TypeError("callback must be callable")
        if getattr(engine, "_receiver", None) is not None:
            raise RuntimeError("the engine already has a notification "
                               "receiver; one per engine")
        self.engine = engine
        self.callback = callback
        self.communities = _community_set(communities)
        self.received = 0
        self.dropped = 0
        self.addresses = [engine._listen(a, 162) for a in addresses]
        engine._receiver = self
        engine._set_receiver(self._dispatch)

    def close(self) -> None:
        """Stop calling the callback; from now on notifications are
        dropped (informs not acknowledged) and counted by the engine
        (stats()["unknown_pdu_handlers"])."""
        if self.engine._receiver is self:
            self.engine._receiver = None
            if not self.engine.closed:
                self.engine._set_receiver(None)

    def _dispatch(self, raw):
        n = Notification(raw)
        if (self.communities is not None and n.community is not None and
                n.community not in self.communities):
            self.dropped += 1
            return False            # refused: an inform is not acknowledged
        self.received += 1
        try:
            result = self.callback(n)
            if asyncio.iscoroutine(result):
                self.engine._spawn(result)
        except Exception as exc:  # noqa: BLE001 - handed to the engine
            self.engine._callback_failed(exc, self.callback)
