"""Manager: one remote engine, made by Engine.Manager().  Requests
(get, getNext, getBulk, set, walk, bulkWalk) are the extension's; this
class adds the notifications an originator sends (RFC 3413 3.3):
trap() and trapV1(), sent once, and inform(), a confirmed request.
"""

from __future__ import annotations

import random
import socket
from typing import TYPE_CHECKING, Optional, TypeVar, Union

from . import _args, _snmpx
from .notification import ENTERPRISE_SPECIFIC, PduType
from .security import Tsm
from .types import IpAddress, TimeTicks, VarBindList, _as_oid

if TYPE_CHECKING:
    from ._snmpx import OIDLike, Octets, VarBindLike

# What a request gives without wait=: see _snmpx.pyi.
_R_co = TypeVar("_R_co", covariant=True)

__all__ = ["Manager"]


def _ticks(uptime, engine):
    if uptime is None:
        return engine.uptime
    if isinstance(uptime, TimeTicks):
        return uptime.value
    return _args.integer(uptime, "uptime", 0, _args.MAX_UINT32)


def _agent_ip(agent):
    """agentAddr as 4 octets (IpAddress, its text or 4 bytes), or None."""
    if agent is None or isinstance(agent, IpAddress):
        return None if agent is None else agent.data
    if not isinstance(agent, (str, bytes, bytearray)):
        raise TypeError("agentAddr must be an IpAddress, its text or 4 "
                        "bytes, not %s" % type(agent).__name__)
    try:
        return IpAddress(agent).data
    except ValueError as exc:
        raise ValueError("agentAddr: %s" % exc) from None


class Manager(_snmpx.Manager[_R_co]):
    """One remote agent or notification receiver; made by
    Engine.Manager().

    get/getNext/getBulk/set block and return a ResponsePDU, or with
    wait=False (or autowait=False) return a RequestHandle; walk/bulkWalk
    iterate a subtree.  trap()/trapV1() send a notification once;
    inform() is a confirmed notification that blocks, returns a handle or
    (AsyncEngine) a future like the requests.
    """

    __slots__ = ()

    def trap(self, trapOID: OIDLike, *varbinds: VarBindLike,
             uptime: Union[int, TimeTicks, None] = None,
             agentAddr: Union[IpAddress, str, bytes, None] = None) -> None:
        """Send a notification once: an SNMPv2-Trap (v2c, v3) whose
        varbinds are sysUpTime.0 and snmpTrapOID.0 (RFC 3416 4.2.6) and
        then |varbinds| (VarBind or (name, value) pairs), or for an SNMPv1
        manager a Trap-PDU translated by RFC 3584 3.2 (a generic trap's
        enterprise from a snmpTrapEnterprise.0 varbind; a trap holding a
        Counter64 cannot be translated and raises SnmpxError).

        ``uptime`` is sysUpTime in hundredths of a second (int or
        TimeTicks; default: the engine's uptime); ``agentAddr`` (v1) the
        agent-addr field (default: this host's address towards the
        receiver).  v3 traps are sent with this engine authoritative: the
        receiver needs the user bound to Engine.engineID.
        Raises ValueError/TypeError for bad arguments and SnmpxError when
        the message cannot be built (unknown user, too big...)."""
        agent = _agent_ip(agentAddr)
        if self.version == 1:
            agent = self._agent_addr(agent)
        return self._notify(PduType.SNMPv2Trap, VarBindList(*varbinds),
                            trap_oid=_as_oid(trapOID, "trapOID"),
                            uptime=_ticks(uptime, self.engine),
                            agent_addr=agent,
                            request_id=random.getrandbits(31))

    def trapV1(self, enterprise: OIDLike, genericTrap: int,
               specificTrap: int, *varbinds: VarBindLike,
               uptime: Union[int, TimeTicks, None] = None,
               agentAddr: Union[IpAddress, str, bytes, None] = None
               ) -> None:
        """Send a notification given by its SNMPv1 fields: enterprise (OID),
        genericTrap (0 coldStart .. 5 egpNeighborLoss, 6
        enterpriseSpecific), specificTrap.  An SNMPv1 manager sends that
        Trap-PDU; a v2c/v3 manager an SNMPv2-Trap translated by RFC 3584
        3.1 (snmpTrapOID.0 from the fields; snmpTrapEnterprise.0 appended
        for a generic trap).  ``uptime`` and ``agentAddr`` as for trap()."""
        generic = _args.integer(genericTrap, "genericTrap", 0,
                                ENTERPRISE_SPECIFIC)
        specific = _args.integer(specificTrap, "specificTrap", 0,
                                 _args.MAX_INT32)
        return self._notify(PduType.TrapV1, VarBindList(*varbinds),
                            enterprise=_as_oid(enterprise, "enterprise"),
                            agent_addr=self._agent_addr(
                                _agent_ip(agentAddr)),
                            generic=generic, specific=specific,
                            uptime=_ticks(uptime, self.engine),
                            request_id=random.getrandbits(31))

    def inform(self, trapOID: OIDLike, *varbinds: VarBindLike,
               uptime: Union[int, TimeTicks, None] = None,
               wait: Optional[bool] = None) -> _R_co:
        """Send an InformRequest (v2c, v3; RFC 3416 4.2.7): sysUpTime.0,
        snmpTrapOID.0, then |varbinds|.  Like get(): blocks and returns
        the receiver's ResponsePDU (wait=True), returns a RequestHandle
        (wait=False), or a future on an AsyncEngine.  v3 informs discover
        the receiver's engine ID (the receiver is authoritative).
        Raises ValueError on an SNMPv1 manager; Timeout, ErrorResponse
        and the other SnmpxErrors as requests do."""
        if self.version == 1:
            raise ValueError("informs need SNMPv2c or SNMPv3, not SNMPv1")
        return self._notify(PduType.InformRequest, VarBindList(*varbinds),
                            trap_oid=_as_oid(trapOID, "trapOID"),
                            uptime=_ticks(uptime, self.engine), wait=wait)

    def _derive(self, timeout: Optional[float] = None,
                retries: Optional[int] = None,
                community: Optional[Octets] = None,
                user: Optional[Octets] = None,
                securityLevel: Optional[int] = None,
                context: Optional[Octets] = None) -> Manager[_R_co]:
        """A manager for one request: this one's settings but those given
        (the per-request keywords of get, getNext, getBulk, set, walk and
        bulkWalk; called by the extension).  ``timeout`` (seconds per try)
        and ``retries`` as for Engine.Manager(); ``community`` for v1/v2c;
        ``user``, ``securityLevel`` and ``context`` (the contextName) for
        SNMPv3.  Raises TypeError/ValueError as Engine.Manager() does, and
        ValueError for a setting of the other versions."""
        kw = self._target
        if timeout is not None:
            kw["timeout_ms"] = _args.timeout(timeout)
        if retries is not None:
            kw["retries"] = _args.retries(retries)
        v3 = {"user": user, "securityLevel": securityLevel,
              "context": context}
        if self.version != 3:
            for name, value in v3.items():
                if value is not None:
                    raise ValueError("%s is for SNMPv3 requests; this "
                                     "manager is SNMPv%s"
                                     % (name, "1" if self.version == 1
                                        else "2c"))
            if community is not None:
                kw["community"] = _args.octets(community, "community")
        else:
            if community is not None:
                raise ValueError("community is for SNMPv1/v2c requests; "
                                 "this manager is SNMPv3")
            if kw.get("security_model") == 4 and (
                    user is not None or securityLevel is not None):
                # TSM: a securityName and level, no USM user to check.
                tsm = Tsm(kw["user"] if user is None else user,
                          kw["level"] if securityLevel is None
                          else securityLevel)
                kw.update(user=tsm.securityName, level=int(tsm.securityLevel))
            elif user is not None or securityLevel is not None:
                # Another user without a level: the most it supports.
                who, level = self.engine._security(
                    kw["namespace"], kw["user"] if user is None else user,
                    securityLevel, "request")
                kw.update(user=who, level=int(level))
            if context is not None:
                kw["context_name"] = _args.octets(context, "context")
        # The address as resolved for this manager, in its transport: no
        # new look-up.
        return self.engine._manager(self._peer_spec, version=self.version,
                                    cls=type(self), **kw)

    def _agent_addr(self, agent):
        if agent is not None:
            return agent
        host, port = self._peer
        if ":" in host:
            return bytes(4)
        # The address this host would send from: a connected UDP socket
        # picks it without sending anything.
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            try:
                s.connect((host, port))
                return socket.inet_aton(s.getsockname()[0])
            except OSError:
                return bytes(4)
