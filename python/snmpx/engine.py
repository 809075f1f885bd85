"""The Engine: one per program, holding the sockets, the requests in
flight and the SNMPv3 users; Engine.Manager() makes a manager per agent.
"""

import enum
import logging
import time

from . import _snmpx
from .agent import Agent
from .manager import Manager
from .notification import NotificationReceiver
from .security import SecurityLevel, auth_code, priv_code

log = logging.getLogger("snmpx")

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
    if not isinstance(addr, tuple) or len(addr) != 2:
        raise TypeError("an address is \"host:port\" or (host, port), not "
                        "%r" % (addr,))
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


def _addresses(address):
    if isinstance(address, list):
        if not address:
            raise ValueError("no address to listen on")
        return [_address(a) for a in address]
    return [_address(address)]


# snmpx_engine_set_agent_window and snmpx_engine_set_retry_jitter's
# defaults (SNMPX_ENGINE_AGENT_WINDOW, SNMPX_ENGINE_RETRY_JITTER).
_AGENT_WINDOW = 64
_RETRY_JITTER = 10


def _count(value, what, most):
    """An int in 0..most for |what|, else ValueError/TypeError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("%s must be an int, not %s"
                        % (what, type(value).__name__))
    if not 0 <= value <= most:
        raise ValueError("%s must be in 0..%d, not %d" % (what, most, value))
    return value


class Engine(_snmpx.Engine):
    """An SNMP engine: UDP sockets shared by all its managers, requests in
    flight, SNMPv3 users.

    ``autowait`` (default True) is the default of every manager's
    ``autowait``: requests block and return the ResponsePDU; with False
    they return a RequestHandle whose ``wait()`` gives it.
    ``defaultVersion`` (3), ``defaultCommunity`` (b"public"), ``timeout``
    (seconds per try, 1.0) and ``retries`` (5) are the defaults of
    Engine.Manager().  Use it as a context manager, or call close().

    ``agentWindow`` (64) bounds the requests on the wire to one agent (one
    address and port) at once, whatever manager sends them: a burst waits
    in order and leaves as answers come back, so thousands of concurrent
    requests to one agent do not overflow its socket buffer; 0 lifts the
    limit.  ``retryJitter`` (10, in percent) spreads the retries of such a
    burst over that much more than the timeout.  See
    snmpx_engine_set_agent_window in engine.h.

    The same engine also receives notifications (NotificationReceiver)
    and serves requests (Agent) on sockets it listens on; serve() runs it
    for them.  setLocalEngine() sets who it is as an SNMPv3 authoritative
    engine (traps it sends, informs and requests it answers).
    """

    def __init__(self, defaultVersion=3, defaultCommunity=b"public",
                 autowait=True, timeout=1.0, retries=5,
                 agentWindow=_AGENT_WINDOW, retryJitter=_RETRY_JITTER):
        self.defaultVersion = _version(defaultVersion)
        self.defaultCommunity = _bytes(defaultCommunity, "community")
        self.autowait = bool(autowait)
        self.timeout = float(timeout)
        self.retries = int(retries)
        self._set_pacing(_count(agentWindow, "agentWindow", 2 ** 32 - 1),
                         _count(retryJitter, "retryJitter", 100))
        self._users = {}     # (namespace, name) -> SecurityLevel
        self._defaults = {}  # namespace -> default user name
        self._started = time.monotonic()
        self._namespace = ""  # of the users for inbound SNMPv3
        self._receiver = None
        self._agent = None
        self._serving = False
        self._stopping = False
        self._error = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def addUser(self, user, authProtocol=None, authSecret=None,
                privProtocol=None, privSecret=None, secret=None,
                namespace="", default=None,
                keyType=KeyType.password, engineID=None) -> None:
        """Add (or replace) the SNMPv3 user |user| in |namespace|.

        authProtocol/privProtocol are protocol classes (HmacSha256,
        Aes128Cfb...) or Net-SNMP names; secrets are bytes or str, and
        ``secret`` sets both.  ``keyType`` says whether the secrets are
        passwords (default), master keys (Ku) or localized keys (Kul).
        The first user of a namespace, or one added with default=True, is
        the one Engine.Manager() uses when not told which.

        The users of the local namespace (setLocalEngine, default "")
        also authenticate what this engine receives: requests to an Agent
        and informs.  For SNMPv3 traps the sender is authoritative: give
        its ``engineID`` (Net-SNMP's createUser -e) to bind the user to
        that sender, or none to accept the user from any sender.  A user
        with an engineID is only for receiving.
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
        engine_id = _bytes(engineID, "engineID")
        self._add_user(namespace, name, auth, kind, authSecret if auth
                       else None, priv, kind, privSecret if priv else None,
                       engine_id)
        if engine_id is not None:
            return
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
        return self._manager(_address(address), cls=Manager, **kw)

    # ---- the local engine (SNMPv3 authoritative side) -------------------

    def setLocalEngine(self, engineID=None, boots=1, namespace=""):
        """Set this engine's SNMPv3 identity: ``engineID`` (5 to 32
        octets; None makes a random RFC 3411 one), snmpEngineBoots, and
        the ``namespace`` of addUser() whose users authenticate incoming
        requests and informs.  snmpEngineTime restarts from 0.  Without a
        call the engine makes a random ID (boots 1) when first needed.
        Raises ValueError for an engineID of the wrong length."""
        self._set_local(_bytes(engineID, "engineID"), int(boots), namespace)
        self._namespace = namespace

    @property
    def engineID(self) -> bytes:
        """snmpEngineID of this engine (as authoritative engine)."""
        return self._local()[0]

    @property
    def engineBoots(self) -> int:
        """snmpEngineBoots of this engine."""
        return self._local()[1]

    @property
    def engineTime(self) -> int:
        """snmpEngineTime of this engine, in seconds."""
        return self._local()[2]

    @property
    def uptime(self) -> int:
        """Hundredths of a second since the engine was made (the default
        sysUpTime.0 of the notifications it sends), modulo 2**32."""
        return int((time.monotonic() - self._started) * 100) & 0xffffffff

    # ---- receiving and serving ------------------------------------------

    def NotificationReceiver(self, address, callback, communities=None
                             ) -> NotificationReceiver:
        """Listen on |address| ("127.0.0.1:162", "udp6:[::1]:0", (host,
        port), or a list of them; port 0 picks a free port, default 162)
        and call ``callback(notification)`` for every Trap, SNMPv2-Trap
        and InformRequest that arrives (a Notification).  Informs are
        acknowledged by the engine after the callback returns.

        ``communities`` (bytes, str or a list; None: any) restricts
        v1/v2c notifications; others are counted in ``dropped`` (an
        inform so dropped is not acknowledged, as with snmptrapd).  SNMPv3 ones must
        authenticate with a user of the local namespace (addUser, with
        engineID for traps).  The callback runs inside serve(), run_once()
        or any blocking call (or the asyncio loop); it may send traps and
        start requests with wait=False, but not block on the engine.  An
        exception it raises ends serve() with that exception; elsewhere
        it is logged (logger "snmpx").  On an AsyncEngine the callback
        may be a coroutine function.  One receiver per engine.
        Raises OSError when the address cannot be bound."""
        return NotificationReceiver(self, callback, _addresses(address),
                                    communities)

    def Agent(self, address, communities=None, users=None,
              securityLevel=SecurityLevel.authNoPriv, contextName=b""
              ) -> Agent:
        """Serve requests on |address| (as for NotificationReceiver;
        default port 161) from the subtrees registered with
        Agent.register().  ``communities`` maps v1/v2c communities to
        "read" or "write" (default {b"public": "read"}); ``users`` maps
        SNMPv3 users of the local namespace to "read" or "write" (None:
        every user, read-only) and ``securityLevel`` is the least level
        they must use; ``contextName`` the one context served.  One agent
        per engine.  Raises OSError when the address cannot be bound."""
        return Agent(self, _addresses(address), communities, users,
                     securityLevel, _bytes(contextName, "contextName"))

    def serve(self, timeout=None, until=None) -> None:
        """Run the engine for its receiver and agent (and any requests in
        flight) until ``timeout`` seconds have passed (None: no limit),
        ``until()`` returns true (checked at least every 0.1 s), or stop()
        is called, by a callback or another thread.  Raises what a
        receiver callback raised, KeyboardInterrupt, RuntimeError when
        called from a callback."""
        deadline = None if timeout is None else time.monotonic() + timeout
        self._serving, self._stopping, self._error = True, False, None
        try:
            while not self._stopping and (until is None or not until()):
                left = 0.1 if deadline is None else \
                    min(0.1, deadline - time.monotonic())
                if left <= 0:
                    break
                self.run_once(left)
        finally:
            self._serving = False
        error, self._error = self._error, None
        if error is not None:
            raise error

    def stop(self) -> None:
        """End serve() at its next wake-up (at once from a callback)."""
        self._stopping = True

    def _spawn(self, coroutine):
        coroutine.close()
        raise TypeError("a coroutine callback needs an AsyncEngine")

    def _callback_failed(self, exc, fn):
        if self._serving:
            if self._error is None:
                self._error = exc
            self._stopping = True
        else:
            log.error("snmpx: exception in callback %r", fn, exc_info=exc)

