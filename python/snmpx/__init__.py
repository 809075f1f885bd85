"""snmpx: SNMP v1, v2c and v3 for Python, over the libsnmpx C engine.

One Engine per program; Engine.Manager() makes a manager per agent;
requests block and return a ResponsePDU, or (wait=False / autowait=False)
return a RequestHandle whose wait() gives it, so that thousands may be in
flight at once.  AsyncEngine does the same for asyncio (await, async for).

Managers also send notifications (trap, trapV1, inform); the engine
receives them (Engine.NotificationReceiver) and serves Python data as an
agent (Engine.Agent), run by Engine.serve() or the asyncio loop.

    from snmpx import Engine, HmacSha256, Aes128Cfb
    with Engine() as engine:
        engine.addUser("admin", authProtocol=HmacSha256, authSecret=b"...",
                       privProtocol=Aes128Cfb, privSecret=b"...")
        mgr = engine.Manager("127.0.0.1:161")          # SNMPv3
        print(mgr.get("1.3.6.1.2.1.1.1.0").variableBindings)
"""

from . import _snmpx
from . import types as _types
from .agent import Agent
from .aio import AsyncEngine, AsyncManager, AsyncWalk, ResolvingManager
from .engine import (SNMPv1, SNMPv2c, SNMPv3, Engine, KeyType, RequestPoller,
                     Version)
from .manager import Manager
from .notification import Notification, NotificationReceiver, PduType
from .exceptions import (ErrorResponse, ImproperResponse, NoSuchName,
                         SnmpxError, Timeout, UsmError, WalkError, make_error)
from .security import (Aes128Cfb, Aes192Cfb, Aes192CfbReeder, Aes256Cfb,
                       Aes256CfbReeder, AuthProtocol, DesCbc, HmacMd5,
                       HmacSha, HmacSha224, HmacSha256, HmacSha384,
                       HmacSha512, PrivProtocol, SecurityLevel,
                       TripleDesCbc, Tsm, authNoPriv, authPriv,
                       noAuthNoPriv)
from .types import (OID, Counter32, Counter64, EndOfMibView, ErrorStatus,
                    FixedLength, Gauge32, Implied, Integer, Integer32,
                    IpAddress, NoSuchInstance,
                    NoSuchObject, Null, OctetString, Opaque, OpaqueCounter64,
                    OpaqueDouble, OpaqueFloat, OpaqueInt64, OpaqueUInt64,
                    ResponsePDU, TimeTicks, Unsigned32, Value, VarBind,
                    VarBindList, VALUE_CLASSES)

RequestHandle = _snmpx.RequestHandle
Walk = _snmpx.Walk

__version__ = "0.1.0"

_snmpx._setup(OID, VarBind, VarBindList, ResponsePDU, make_error, AsyncWalk,
              dict(VALUE_CLASSES), ImproperResponse, _types._slot_classes())

from . import mib  # noqa: E402  (names wherever an OID is taken)

__all__ = [
    "Engine", "AsyncEngine", "Manager", "AsyncManager", "ResolvingManager", "RequestHandle", "RequestPoller",
    "Walk",
    "NotificationReceiver", "Notification", "Agent", "PduType",
    "Version", "SNMPv1", "SNMPv2c", "SNMPv3", "KeyType",
    "SecurityLevel", "noAuthNoPriv", "authNoPriv", "authPriv",
    "AuthProtocol", "PrivProtocol", "HmacMd5", "HmacSha", "HmacSha224",
    "HmacSha256", "HmacSha384", "HmacSha512", "DesCbc", "TripleDesCbc",
    "Aes128Cfb", "Aes192Cfb", "Aes256Cfb", "Aes192CfbReeder",
    "Aes256CfbReeder", "Tsm",
    "OID", "Value", "Integer", "Integer32", "OctetString", "Null",
    "IpAddress", "Counter32", "Gauge32", "Unsigned32", "TimeTicks",
    "Opaque", "Counter64", "NoSuchObject", "NoSuchInstance",
    "EndOfMibView", "OpaqueFloat", "OpaqueDouble", "OpaqueInt64",
    "OpaqueUInt64", "OpaqueCounter64", "VarBind", "VarBindList",
    "ResponsePDU", "ErrorStatus", "Implied", "FixedLength",
    "SnmpxError", "Timeout", "ErrorResponse", "NoSuchName", "UsmError",
    "WalkError", "ImproperResponse",
]
