"""The Engine: one per program, holding the sockets, the requests in
flight and the SNMPv3 users; Engine.Manager() makes a manager per agent.
"""

import enum

from . import _snmpx
from .security import SecurityLevel, auth_code, priv_code

__all__ = ["Engine", "Version", "SNMPv1", "SNMPv2c", "SNMPv3",
           "KeyType"]


class Version(enum.IntEnum):
    """SNMP versions as people number them: Manager(version=2) is v2c."""
    SNMPv1 = 1
    SNMPv2c = 2
    SNMPv3 = 3


SNMPv1 = Version.SNMPv1
SNMPv2c = Version.SNMPv2c
SNMPv3 = Version.SNMPv3

_VERSION_NAMES = {"1": 1, "v1": 1, "2": 2, "2c": 2, "v2c": 2, "3": 3,
                  "v3": 3}


class KeyType(enum.IntEnum):
    """What an addUser secret is (Net-SNMP -A/-X, -3m/-3M, -3k/-3K)."""
    password = 0
    master = 1
    localized = 2


def _version(v):
    if isinstance(v, str):
        try:
            return _VERSION_NAMES[v.lower()]
        except KeyError:
            raise ValueError("unknown SNMP version %r" % v) from None
    if v in (1, 2, 3):
        return int(v)
    raise ValueError("version must be 1, 2 (v2c) or 3, not %r" % (v,))


def _address(addr):
    """"host:port" text as libsnmpx parses it, or a (host, port) tuple."""
    if isinstance(addr, str):
        return addr
    host, port = addr
    if ":" in host:
        return "udp6:[%s]:%d" % (host, port)
    return "%s:%d" % (host, port)


def _bytes(v, what):
    if v is None or isinstance(v, bytes):
        return v
    if isinstance(v, (str, bytearray)):
        return v.encode() if isinstance(v, str) else bytes(v)
    raise TypeError("%s must be bytes or str, not %r" % (what, v))


class Engine(_snmpx.Engine):
    """An SNMP engine: UDP sockets shared by all its managers, requests in
    flight, SNMPv3 users.

    ``autowait`` (default True) is the default of every manager's
    ``autowait``: requests block and return the ResponsePDU; with False
    they return a RequestHandle whose ``wait()`` gives it.
    ``defaultVersion`` (3), ``defaultCommunity`` (b"public"), ``timeout``
    (seconds per try, 1.0) and ``retries`` (5) are the defaults of
    Engine.Manager().  Use it as a context manager, or call close().
    """

    def __init__(self, defaultVersion=3, defaultCommunity=b"public",
                 autowait=True, timeout=1.0, retries=5):
        self.defaultVersion = _version(defaultVersion)
        self.defaultCommunity = _bytes(defaultCommunity, "community")
        self.autowait = bool(autowait)
        self.timeout = float(timeout)
        self.retries = int(retries)
        self._users = {}     # (namespace, name) -> SecurityLevel
        self._defaults = {}  # namespace -> default user name

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def addUser(self, user, authProtocol=None, authSecret=None,
                privProtocol=None, privSecret=None, secret=None,
                namespace="", default=None,
                keyType=KeyType.password) -> None:
        """Add (or replace) the SNMPv3 user |user| in |namespace|.

        authProtocol/privProtocol are protocol classes (HmacSha256,
        Aes128Cfb...) or Net-SNMP names; secrets are bytes or str, and
        ``secret`` sets both.  ``keyType`` says whether the secrets are
        passwords (default), master keys (Ku) or localized keys (Kul).
        The first user of a namespace, or one added with default=True, is
        the one Engine.Manager() uses when not told which.
        Raises ValueError for an unknown protocol, privacy without
        authentication, or a secret missing or of the wrong length."""
        name = _bytes(user, "user")
        authSecret = _bytes(authSecret if authSecret is not None else secret,
                            "authSecret")
        privSecret = _bytes(privSecret if privSecret is not None else secret,
                            "privSecret")
        auth, priv = auth_code(authProtocol), priv_code(privProtocol)
        if auth and not authSecret:
            raise ValueError("addUser: authProtocol needs authSecret")
        if priv and not privSecret:
            raise ValueError("addUser: privProtocol needs privSecret")
        kind = int(KeyType(keyType))
        self._add_user(namespace, name, auth, kind, authSecret if auth
                       else None, priv, kind, privSecret if priv else None)
        level = (SecurityLevel.authPriv if priv else
                 SecurityLevel.authNoPriv if auth else
                 SecurityLevel.noAuthNoPriv)
        self._users[(namespace, name)] = level
        if default or namespace not in self._defaults:
            self._defaults[namespace] = name

    def Manager(self, address, version=None, community=None, user=None,
                namespace="", securityLevel=None, autowait=None,
                timeout=None, retries=None, engineID=None,
                contextName=None) -> "_snmpx.Manager":
        """A manager for the agent at |address| ("127.0.0.1:1161",
        "udp6:[::1]:161", or a (host, port) tuple).

        version: 3 (default: the engine's defaultVersion), 2 (v2c) or 1,
        also "1", "2c", "3" or SNMPv1/SNMPv2c/SNMPv3.  v1/v2c use
        ``community`` (default the engine's defaultCommunity).  v3 uses
        ``user`` of ``namespace`` (default: that namespace's default user)
        at ``securityLevel`` (default: the most the user supports);
        ``engineID`` skips discovery, ``contextName`` names the context.
        ``autowait`` (default: the engine's) says whether requests block;
        ``timeout`` (seconds per try) and ``retries`` as Net-SNMP's -t/-r.
        """
        v = _version(self.defaultVersion if version is None else version)
        kw = dict(version=v,
                  timeout_ms=int(round(1000 * (self.timeout if timeout is
                                               None else timeout))),
                  retries=self.retries if retries is None else int(retries),
                  autowait=self.autowait if autowait is None else autowait)
        if v == 3:
            name = _bytes(user, "user") if user is not None else \
                self._defaults.get(namespace)
            if name is None:
                raise ValueError("Manager: no SNMPv3 user in namespace %r; "
                                 "call addUser first" % namespace)
            if (namespace, name) not in self._users:
                raise ValueError("Manager: unknown user %r in namespace %r"
                                 % (name, namespace))
            level = self._users[(namespace, name)] if securityLevel is None \
                else SecurityLevel(securityLevel)
            kw.update(user=name, namespace=namespace, level=int(level),
                      engine_id=_bytes(engineID, "engineID"),
                      context_name=_bytes(contextName, "contextName"))
        else:
            kw["community"] = _bytes(self.defaultCommunity if community is
                                     None else community, "community")
        return self._manager(_address(address), **kw)
