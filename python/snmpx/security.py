"""SNMPv3 security: levels and the USM authentication and privacy
protocols (RFC 3414, RFC 7860, RFC 3826, and the AES-192/256 key
extensions).

Protocols are classes, passed to Engine.addUser as python-snmp takes them:
``engine.addUser("admin", authProtocol=HmacSha256, authSecret=b"...",
privProtocol=Aes128Cfb, privSecret=b"...")``.  Their Net-SNMP names are
accepted too (``authProtocol="SHA-256"``, ``privProtocol="AES"``).

AES-192 and AES-256 come in two key extensions: Aes192Cfb/Aes256Cfb are
Blumenthal's (Net-SNMP "AES-192"/"AES-256"), Aes192CfbReeder/
Aes256CfbReeder are Reeder's (Net-SNMP "AES-192-C"/"AES-256-C", Cisco).

Over TLS and DTLS (RFC 6353) SNMPv3 uses the Transport Security Model
(RFC 5591) instead of USM users: ``Tsm(securityName, securityLevel)``,
passed as Engine.Manager(security=...).
"""

import enum
from typing import Optional, Type, Union

from . import _args, _snmpx

__all__ = [
    "SecurityLevel", "noAuthNoPriv", "authNoPriv", "authPriv",
    "AuthProtocol", "PrivProtocol",
    "HmacMd5", "HmacSha", "HmacSha224", "HmacSha256", "HmacSha384",
    "HmacSha512",
    "DesCbc", "TripleDesCbc", "Aes128Cfb", "Aes192Cfb", "Aes256Cfb",
    "Aes192CfbReeder", "Aes256CfbReeder", "Tsm",
]


class SecurityLevel(enum.IntEnum):
    """RFC 3411 securityLevel."""
    noAuthNoPriv = 1
    authNoPriv = 2
    authPriv = 3


noAuthNoPriv = SecurityLevel.noAuthNoPriv
authNoPriv = SecurityLevel.authNoPriv
authPriv = SecurityLevel.authPriv


class AuthProtocol:
    """Base of the authentication protocols; ``name`` is Net-SNMP's."""
    name: Optional[str] = None
    code: int = 0


class PrivProtocol:
    """Base of the privacy protocols; ``name`` is Net-SNMP's."""
    name: Optional[str] = None
    code: int = 0


def _auth(cls_name: str, name: str) -> Type[AuthProtocol]:
    return type(cls_name, (AuthProtocol,), {
        "__doc__": "Authentication protocol %s." % name, "name": name,
        "code": _snmpx.auth_from_name(name), "__module__": __name__})


def _priv(cls_name: str, name: str) -> Type[PrivProtocol]:
    return type(cls_name, (PrivProtocol,), {
        "__doc__": "Privacy protocol %s." % name, "name": name,
        "code": _snmpx.priv_from_name(name), "__module__": __name__})


# What addUser() takes: a protocol class, its Net-SNMP name, or None.
AuthLike = Union[Type[AuthProtocol], str, None]
PrivLike = Union[Type[PrivProtocol], str, None]

HmacMd5 = _auth("HmacMd5", "MD5")
HmacSha = _auth("HmacSha", "SHA")
HmacSha224 = _auth("HmacSha224", "SHA-224")
HmacSha256 = _auth("HmacSha256", "SHA-256")
HmacSha384 = _auth("HmacSha384", "SHA-384")
HmacSha512 = _auth("HmacSha512", "SHA-512")

DesCbc = _priv("DesCbc", "DES")
TripleDesCbc = _priv("TripleDesCbc", "3DES")
Aes128Cfb = _priv("Aes128Cfb", "AES")
Aes192Cfb = _priv("Aes192Cfb", "AES-192")
Aes256Cfb = _priv("Aes256Cfb", "AES-256")
Aes192CfbReeder = _priv("Aes192CfbReeder", "AES-192-C")
Aes256CfbReeder = _priv("Aes256CfbReeder", "AES-256-C")


def auth_code(proto: "AuthLike") -> int:
    """The libsnmpx number of |proto|: a class above, or a name."""
    if proto is None:
        return 0
    if isinstance(proto, str):
        return _snmpx.auth_from_name(proto)
    if isinstance(proto, type) and issubclass(proto, AuthProtocol):
        return proto.code
    raise TypeError("authProtocol must be an AuthProtocol class or a name, "
                    "not %r" % (proto,))


def priv_code(proto: "PrivLike") -> int:
    """The libsnmpx number of |proto|: a class above, or a name."""
    if proto is None:
        return 0
    if isinstance(proto, str):
        return _snmpx.priv_from_name(proto)
    if isinstance(proto, type) and issubclass(proto, PrivProtocol):
        return proto.code
    raise TypeError("privProtocol must be a PrivProtocol class or a name, "
                    "not %r" % (proto,))


class Tsm:
    """The Transport Security Model (RFC 5591) for a manager of a tls: or
    dtls: agent: no USM user, no keys, no discovery; the (D)TLS session
    authenticates and encrypts, with the certificates of
    Engine.configureTls().  |securityName| (1 to 32 octets, bytes or str)
    is the name the requests carry (Net-SNMP's -u), |securityLevel| the
    level they ask of the session (default authPriv, which a TLS session
    always gives).  Raises TypeError/ValueError for bad values, naming
    the argument."""

    __slots__ = ("securityName", "securityLevel")

    def __init__(self, securityName: Union[bytes, str],
                 securityLevel: int = SecurityLevel.authPriv) -> None:
        name = _args.octets(securityName, "securityName", optional=False)
        if not 1 <= len(name) <= 32:
            raise ValueError("Tsm: securityName must be 1 to 32 octets "
                             "(RFC 3411 SnmpAdminString), not %d" % len(name))
        self.securityName: bytes = name
        self.securityLevel: SecurityLevel = _args.enum_member(
            SecurityLevel, securityLevel, "securityLevel")

    def __repr__(self) -> str:
        return "Tsm(%r, %s)" % (self.securityName, self.securityLevel.name)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Tsm) and
                (self.securityName, self.securityLevel) ==
                (other.securityName, other.securityLevel))

    def __hash__(self) -> int:
        return hash((self.securityName, self.securityLevel))
