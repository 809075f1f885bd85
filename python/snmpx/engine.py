"""The Engine: one per program, holding the sockets, the requests in
flight and the SNMPv3 users; Engine.Manager() makes a manager per agent.
"""

from __future__ import annotations

import enum
import logging
import os
import time
from typing import (TYPE_CHECKING, Callable, Dict, Generic, List, Literal,
                    Mapping, Optional, Sequence, Tuple, TypeVar, Union,
                    overload)

from . import _args, _snmpx
from .agent import Agent
from .manager import Manager
from .notification import NotificationReceiver
from .security import (AuthLike, PrivLike, SecurityLevel, Tsm, auth_code,
                       priv_code)

if TYPE_CHECKING:
    from ._snmpx import Octets
    from .notification import Notification
    from .types import ResponsePDU

# What a request of the engine's managers gives without wait=: a
# ResponsePDU (autowait=True), a RequestHandle, or (AsyncEngine) a future.
_W_co = TypeVar("_W_co", covariant=True)
_E = TypeVar("_E", bound="Engine[object]")
AddressLike = Union[str, Tuple[str, int]]
VersionLike = Union[int, str]
# A directory (Engine.configureTls confDir) and configuration text.
PathLike = Union[str, "os.PathLike[str]", List[Union[str, "os.PathLike[str]"]]]
ConfigLike = Union[str, Sequence[str]]

log = logging.getLogger("snmpx")

__all__ = ["Engine", "Version", "SNMPv1", "SNMPv2c", "SNMPv3",
           "KeyType", "RequestPoller"]


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


def _version(v, name="version"):
    if isinstance(v, str):
        try:
            return _VERSION_NAMES[v.lower()]
        except KeyError:
            raise ValueError("unknown SNMP %s %r" % (name, v)) from None
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError("%s must be 1, 2 (v2c), 3 or their names, not %s"
                        % (name, type(v).__name__))
    if v in (1, 2, 3):
        return int(v)
    raise ValueError("%s must be 1, 2 (v2c) or 3, not %r" % (name, v))


def _address(addr, name="address"):
    """"host:port" text as libsnmpx parses it, or a (host, port) tuple."""
    if isinstance(addr, str):
        if "\0" in addr:
            raise ValueError("%s %r holds a NUL character" % (name, addr))
        return addr
    if not isinstance(addr, tuple) or len(addr) != 2:
        raise TypeError("%s must be \"host:port\" or (host, port), not %r"
                        % (name, addr))
    host, port = addr
    if not isinstance(host, str):
        raise TypeError("the host of %s must be str, not %s"
                        % (name, type(host).__name__))
    if not host or "\0" in host:
        raise ValueError("bad host %r in %s" % (host, name))
    port = _args.integer(port, "the port of " + name, 0, 65535)
    if ":" in host:
        return "udp6:[%s]:%d" % (host, port)
    return "%s:%d" % (host, port)


# RFC 5591 securityModel of the Transport Security Model.
_TSM = 4

# Net-SNMP's names of the secure transports (src/transport/addr_parse.c).
_SECURE = frozenset(("tlstcp", "tls", "dtlsudp", "dtls", "dtlsudp6", "dtls6"))


def _secure_transport(spec):
    """Whether the address |spec| names TLS or DTLS."""
    head, sep, _ = spec.partition(":")
    return bool(sep) and head.lower() in _SECURE


def _host_of(spec):
    """The host of "transport:host[:port]" ("[v6]" without brackets)."""
    rest = spec.partition(":")[2]
    if rest.startswith("["):
        return rest[1:rest.find("]")] if "]" in rest else rest[1:]
    if rest.count(":") == 1:
        return rest.partition(":")[0]
    return rest


def _tsm_name(user):
    if user is None:
        raise ValueError("Manager: an agent over TLS or DTLS needs a "
                         "securityName: security=Tsm(name) or user=name")
    return _args.octets(user, "user", optional=False)


def _config_lines(config):
    """(line number, word, rest) of each configuration line of |config|
    (str text or an iterable of str lines), blank lines and comments
    skipped."""
    if config is None:
        return []
    if isinstance(config, str):
        lines = config.splitlines()
    elif isinstance(config, (bytes, bytearray)):
        raise TypeError("tlsConfig must be str or an iterable of str, not "
                        "%s" % type(config).__name__)
    else:
        try:
            lines = list(config)
        except TypeError:
            raise TypeError("tlsConfig must be str or an iterable of str, "
                            "not %s" % type(config).__name__) from None
    out = []
    for number, line in enumerate(lines, 1):
        if not isinstance(line, str):
            raise TypeError("tlsConfig line %d must be str, not %s"
                            % (number, type(line).__name__))
        if "\0" in line:
            raise ValueError("tlsConfig:%d: holds a NUL character" % number)
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        parts = text.split(None, 1)
        out.append((number, parts[0], parts[1] if len(parts) > 1 else ""))
    return out


def _bytes(v, what):
    return _args.octets(v, what)


def _addresses(address):
    if isinstance(address, list):
        if not address:
            raise ValueError("no address to listen on")
        return [_address(a) for a in address]
    return [_address(address)]


def _check_secret(secret, kind, auth, name, is_auth):
    """RFC 3414 11.2 and Net-SNMP: a pass phrase has at least 8
    characters; a key (KeyType.master, KeyType.localized) is not a pass
    phrase, and a master or localized auth key is one digest long (RFC
    3414 2.6, RFC 7860 4.2.2)."""
    if kind == KeyType.password:
        if len(secret) < _args.MIN_PASSPHRASE:
            raise ValueError("addUser: %s is a pass phrase of %d octets; "
                             "the USM needs at least %d (RFC 3414 11.2)"
                             % (name, len(secret), _args.MIN_PASSPHRASE))
    elif kind == KeyType.master or is_auth:
        need = _snmpx.auth_digest_len(auth)
        if len(secret) != need:
            raise ValueError("addUser: %s is a %s key of %d octets; this "
                             "authProtocol's keys are %d" %
                             (name, kind.name, len(secret), need))


class RequestPoller:
    """Waits on many RequestHandles at once (python-snmp's
    RequestPoller, made by Engine.poll()).

        poller = engine.poll(*handles)
        while poller:                       # handles not yet returned
            for handle in poller.wait():    # those that are done
                print(handle.wait())        # does not block
    """

    __slots__ = ("_engine", "_handles")

    def __init__(self, engine: Engine[object],
                 handles: Sequence[_snmpx.RequestHandle] = ()) -> None:
        self._engine = engine
        # id -> handle, in the order registered
        self._handles: Dict[int, _snmpx.RequestHandle] = {}
        for h in handles:
            self.register(h)

    def register(self, handle: _snmpx.RequestHandle) -> None:
        """Watch |handle| (once, however often registered).  Raises
        TypeError for anything but a RequestHandle, ValueError for one of
        another engine."""
        if not isinstance(handle, _snmpx.RequestHandle):
            raise TypeError("poll() watches RequestHandles, not %s"
                            % type(handle).__name__)
        if handle.engine is not self._engine:
            raise ValueError("poll(): a RequestHandle of another engine")
        self._handles.setdefault(id(handle), handle)

    def __bool__(self) -> bool:
        return bool(self._handles)

    def __len__(self) -> int:
        return len(self._handles)

    def wait(self, timeout: Optional[float] = None
             ) -> List[_snmpx.RequestHandle]:
        """The handles that are done (their wait() returns or raises at
        once), in the order registered, which are then no longer
        watched.  Runs the engine (every request in flight) until at
        least one is, or ``timeout`` seconds pass (None: no limit; 0:
        just look), then returns [].  Raises TypeError/ValueError for a
        timeout that is not a number >= 0 or None, RuntimeError on an
        AsyncEngine (use asyncio.wait) or while another thread is in
        the engine."""
        timeout = _args.duration(timeout)
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._handles:
            ready = [h for h in self._handles.values() if h.done()]
            if ready:
                for h in ready:
                    del self._handles[id(h)]
                return ready
            left = None if deadline is None else \
                deadline - time.monotonic()
            if left is not None and left <= 0:
                break
            self._engine.run_once(left)
        return []


# snmpx_engine_set_agent_window and snmpx_engine_set_retry_jitter's
# defaults (SNMPX_ENGINE_AGENT_WINDOW, SNMPX_ENGINE_RETRY_JITTER).
_AGENT_WINDOW = 64
_RETRY_JITTER = 10


class Engine(_snmpx.Engine, Generic[_W_co]):
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

    @overload
    def __init__(self: Engine[ResponsePDU], defaultVersion: VersionLike = 3,
                 defaultCommunity: Octets = b"public",
                 autowait: Literal[True] = True, timeout: float = 1.0,
                 retries: int = 5, agentWindow: int = _AGENT_WINDOW,
                 retryJitter: int = _RETRY_JITTER,
                 tlsConfDir: Optional[PathLike] = None,
                 tlsConfig: Optional[ConfigLike] = None) -> None: ...

    @overload
    def __init__(self: Engine[_snmpx.RequestHandle],
                 defaultVersion: VersionLike = 3,
                 defaultCommunity: Octets = b"public", *,
                 autowait: Literal[False], timeout: float = 1.0,
                 retries: int = 5, agentWindow: int = _AGENT_WINDOW,
                 retryJitter: int = _RETRY_JITTER,
                 tlsConfDir: Optional[PathLike] = None,
                 tlsConfig: Optional[ConfigLike] = None) -> None: ...

    @overload
    def __init__(self: Engine[Union[ResponsePDU, _snmpx.RequestHandle]],
                 defaultVersion: VersionLike = 3,
                 defaultCommunity: Octets = b"public",
                 autowait: bool = True, timeout: float = 1.0,
                 retries: int = 5, agentWindow: int = _AGENT_WINDOW,
                 retryJitter: int = _RETRY_JITTER,
                 tlsConfDir: Optional[PathLike] = None,
                 tlsConfig: Optional[ConfigLike] = None) -> None: ...

    @overload
    def __init__(self, defaultVersion: VersionLike = 3,  # subclasses
                 defaultCommunity: Octets = b"public",
                 autowait: bool = True, timeout: float = 1.0,
                 retries: int = 5, agentWindow: int = _AGENT_WINDOW,
                 retryJitter: int = _RETRY_JITTER,
                 tlsConfDir: Optional[PathLike] = None,
                 tlsConfig: Optional[ConfigLike] = None) -> None: ...

    def __init__(self, defaultVersion: VersionLike = 3,
                 defaultCommunity: Octets = b"public",
                 autowait: bool = True, timeout: float = 1.0,
                 retries: int = 5, agentWindow: int = _AGENT_WINDOW,
                 retryJitter: int = _RETRY_JITTER,
                 tlsConfDir: Optional[PathLike] = None,
                 tlsConfig: Optional[ConfigLike] = None) -> None:
        self.defaultVersion = _version(defaultVersion, "defaultVersion")
        self.defaultCommunity = _args.octets(defaultCommunity,
                                             "defaultCommunity",
                                             optional=False)
        self.autowait = bool(autowait)
        _args.timeout(timeout)
        self.timeout = float(timeout)
        self.retries = _args.retries(retries)
        self._set_pacing(
            _args.integer(agentWindow, "agentWindow", 0, 2 ** 32 - 1),
            _args.integer(retryJitter, "retryJitter", 0, 100))
        # (namespace, name) -> SecurityLevel
        self._users: Dict[Tuple[str, bytes], SecurityLevel] = {}
        self._defaults: Dict[str, bytes] = {}  # namespace -> default user
        self._started = time.monotonic()
        self._namespace = ""  # of the users for inbound SNMPv3
        self._receiver = None
        self._agent = None
        self._serving = False
        self._stopping = False
        self._error = None
        if tlsConfDir is not None or tlsConfig is not None:
            self.configureTls(tlsConfDir, tlsConfig)

    def __enter__(self: _E) -> _E:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def addUser(self, user: Octets, authProtocol: AuthLike = None,
                authSecret: Optional[Octets] = None,
                privProtocol: PrivLike = None,
                privSecret: Optional[Octets] = None,
                secret: Optional[Octets] = None, namespace: str = "",
                default: Optional[bool] = None,
                keyType: int = KeyType.password,
                engineID: Optional[Octets] = None) -> None:
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
        authentication, a pass phrase under 8 characters (RFC 3414 11.2,
        as Net-SNMP), a secret missing, given without its protocol or a
        key of the wrong length; TypeError for arguments of the wrong
        type."""
        name = _args.octets(user, "user", optional=False)
        if not 1 <= len(name) <= 32:
            raise ValueError("addUser: user must be 1 to 32 octets "
                             "(RFC 3414 usmUserName), not %d" % len(name))
        _args.text(namespace, "namespace")
        secret_b = _args.octets(secret, "secret")
        auth_name = "authSecret" if authSecret is not None else "secret"
        priv_name = "privSecret" if privSecret is not None else "secret"
        auth_b = _args.octets(authSecret, "authSecret")
        priv_b = _args.octets(privSecret, "privSecret")
        auth, priv = auth_code(authProtocol), priv_code(privProtocol)
        if auth_b is not None and not auth:
            raise ValueError("addUser: authSecret given without "
                             "authProtocol")
        if priv_b is not None and not priv:
            raise ValueError("addUser: privSecret given without "
                             "privProtocol")
        if secret_b is not None and not auth and not priv:
            raise ValueError("addUser: secret given without authProtocol")
        auth_b = secret_b if auth_b is None else auth_b
        priv_b = secret_b if priv_b is None else priv_b
        if priv and not auth:
            raise ValueError("addUser: privProtocol needs an authProtocol "
                             "(no authPriv without authentication)")
        if auth and not auth_b:
            raise ValueError("addUser: authProtocol needs authSecret (or "
                             "secret)")
        if priv and not priv_b:
            raise ValueError("addUser: privProtocol needs privSecret (or "
                             "secret)")
        kind = _args.enum_member(KeyType, keyType, "keyType")
        if auth:
            _check_secret(auth_b, kind, auth, auth_name, True)
        if priv:
            _check_secret(priv_b, kind, auth, priv_name, False)
        engine_id = _args.octets(engineID, "engineID")
        if engine_id is not None and not 1 <= len(engine_id) <= 32:
            raise ValueError("addUser: engineID must be 1 to 32 octets, "
                             "not %d" % len(engine_id))
        kind = int(kind)
        self._add_user(namespace, name, auth, kind, auth_b if auth
                       else None, priv, kind, priv_b if priv else None,
                       engine_id)
        if engine_id is not None:
            return
        level = (SecurityLevel.authPriv if priv else
                 SecurityLevel.authNoPriv if auth else
                 SecurityLevel.noAuthNoPriv)
        self._users[(namespace, name)] = level
        if default or namespace not in self._defaults:
            self._defaults[namespace] = name

    @overload
    def Manager(self, address: AddressLike, version: Optional[VersionLike] = None,
                community: Optional[Octets] = None,
                user: Optional[Octets] = None, namespace: str = "",
                securityLevel: Optional[int] = None,
                autowait: None = None,
                timeout: Optional[float] = None,
                retries: Optional[int] = None,
                engineID: Optional[Octets] = None,
                contextName: Optional[Octets] = None,
                security: Optional[Tsm] = None,
                peerCert: Optional[str] = None,
                hostname: Optional[str] = None) -> Manager[_W_co]: ...

    @overload
    def Manager(self, address: AddressLike, version: Optional[VersionLike] = None,
                community: Optional[Octets] = None,
                user: Optional[Octets] = None, namespace: str = "",
                securityLevel: Optional[int] = None,
                *, autowait: Literal[True],
                timeout: Optional[float] = None,
                retries: Optional[int] = None,
                engineID: Optional[Octets] = None,
                contextName: Optional[Octets] = None,
                security: Optional[Tsm] = None,
                peerCert: Optional[str] = None,
                hostname: Optional[str] = None) -> Manager[ResponsePDU]: ...

    @overload
    def Manager(self, address: AddressLike, version: Optional[VersionLike] = None,
                community: Optional[Octets] = None,
                user: Optional[Octets] = None, namespace: str = "",
                securityLevel: Optional[int] = None,
                *, autowait: Literal[False],
                timeout: Optional[float] = None,
                retries: Optional[int] = None,
                engineID: Optional[Octets] = None,
                contextName: Optional[Octets] = None,
                security: Optional[Tsm] = None,
                peerCert: Optional[str] = None,
                hostname: Optional[str] = None) -> Manager[_snmpx.RequestHandle]: ...

    def Manager(self, address: AddressLike, version: Optional[VersionLike] = None,
                community: Optional[Octets] = None,
                user: Optional[Octets] = None, namespace: str = "",
                securityLevel: Optional[int] = None,
                autowait: Optional[bool] = None,
                timeout: Optional[float] = None,
                retries: Optional[int] = None,
                engineID: Optional[Octets] = None,
                contextName: Optional[Octets] = None,
                security: Optional[Tsm] = None,
                peerCert: Optional[str] = None,
                hostname: Optional[str] = None) -> Manager[object]:
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

        The address may name its transport as Net-SNMP does: "udp:",
        "udp6:", "tcp:", "tcp6:", "unix:/path" (or a path alone),
        "tls:"/"tlstcp:" and "dtls:"/"dtlsudp:" (port 10161 when none is
        given).  An agent over TLS or DTLS is reached with SNMPv3 and the
        Transport Security Model: ``security=Tsm(securityName, level)``
        (or ``user`` and ``securityLevel``, default authPriv; no addUser),
        certificates from configureTls(); the agent must present
        ``peerCert`` (a fingerprint, file name or path, as Net-SNMP's
        -T peerCert=) or, when no certificate is named, a certificate for
        ``hostname`` (default: the host of the address).  These settings
        are per agent address (the io's snmpx_io_tls_peer).
        Raises ValueError naming the argument for an address that does not
        parse or whose transport the engine does not serve, TSM settings
        for an address that is not tls:/dtls:, or peerCert/hostname for
        one that is not.
        """
        v = _version(self.defaultVersion if version is None else version)
        kw = dict(version=v,
                  timeout_ms=_args.timeout(self.timeout if timeout is None
                                           else timeout),
                  retries=_args.retries(self.retries if retries is None
                                        else retries),
                  autowait=self.autowait if autowait is None else
                  bool(autowait))
        spec = _address(address)
        _args.text(namespace, "namespace")
        secure = _secure_transport(spec)
        if security is not None and not isinstance(security, Tsm):
            raise TypeError("security must be a Tsm, not %s"
                            % type(security).__name__)
        if peerCert is not None:
            _args.text(peerCert, "peerCert")
        if hostname is not None:
            _args.text(hostname, "hostname")
        if not secure and (security is not None or peerCert is not None or
                           hostname is not None):
            what = ("security" if security is not None else "peerCert"
                    if peerCert is not None else "hostname")
            raise ValueError("Manager: %s is for tls: and dtls: addresses "
                             "(the Transport Security Model), not %r"
                             % (what, spec))
        if security is not None and (user is not None or
                                     securityLevel is not None):
            raise ValueError("Manager: give security=Tsm(...) or user and "
                             "securityLevel, not both")
        if secure:
            if v != 3:
                raise ValueError("Manager: address %r is TLS or DTLS, "
                                 "reached with SNMPv3 (the Transport "
                                 "Security Model), not version %r"
                                 % (spec, version))
            tsm = security if security is not None else Tsm(
                _tsm_name(user), SecurityLevel.authPriv
                if securityLevel is None else securityLevel)
            self._tls_peer(spec, peerCert, hostname if hostname is not None
                           or peerCert is not None else _host_of(spec))
            engine_id = _bytes(engineID, "engineID")
            if engine_id is not None and not 1 <= len(engine_id) <= 32:
                raise ValueError("Manager: engineID must be 1 to 32 octets, "
                                 "not %d" % len(engine_id))
            kw.update(user=tsm.securityName, namespace=namespace,
                      level=int(tsm.securityLevel), engine_id=engine_id,
                      context_name=_bytes(contextName, "contextName"),
                      security_model=_TSM)
            return self._manager(spec, cls=Manager, **kw)
        if v == 3:
            name, level = self._security(namespace, user, securityLevel)
            engine_id = _bytes(engineID, "engineID")
            if engine_id is not None and not 1 <= len(engine_id) <= 32:
                raise ValueError("Manager: engineID must be 1 to 32 octets, "
                                 "not %d" % len(engine_id))
            kw.update(user=name, namespace=namespace, level=int(level),
                      engine_id=engine_id,
                      context_name=_bytes(contextName, "contextName"))
        else:
            kw["community"] = _bytes(self.defaultCommunity if community is
                                     None else community, "community")
        return self._manager(spec, cls=Manager, **kw)

    def _security(self, namespace: str, user: Optional[Octets],
                  securityLevel: Optional[int], fn: str = "Manager"
                  ) -> Tuple[bytes, SecurityLevel]:
        """The SNMPv3 user (bytes; None: the namespace's default) and
        security level (None: the most the user supports) to send with,
        checked against addUser()."""
        name = _bytes(user, "user") if user is not None else \
            self._defaults.get(namespace)
        if name is None:
            raise ValueError("%s: no SNMPv3 user in namespace %r; call "
                             "addUser first" % (fn, namespace))
        if (namespace, name) not in self._users:
            raise ValueError("%s: unknown user %r in namespace %r"
                             % (fn, name, namespace))
        most = self._users[(namespace, name)]
        level = most if securityLevel is None else \
            _args.enum_member(SecurityLevel, securityLevel, "securityLevel")
        if level > most:
            raise ValueError("%s: user %r has no %s (added with %s)"
                             % (fn, name, level.name, most.name))
        return name, level

    # ---- TLS and DTLS (RFC 6353) -----------------------------------------

    def configureTls(self, confDir: Optional[PathLike] = None,
                     config: Optional[ConfigLike] = None,
                     localCert: Optional[str] = None,
                     appName: Optional[str] = None) -> int:
        """Give the engine its certificates, as Net-SNMP's configuration
        gives them: ``confDir`` (a directory, or a list of them, as the
        entries of SNMPCONFPATH) holds tls/certs, tls/ca-certs and
        tls/private, which are indexed; ``config`` is snmp.conf text
        (one str, or an iterable of lines) with localCert, peerCert,
        trustCert, certSecName, tsmUseTransportPrefix, serverCert and
        clientCert lines; blank lines and # comments are skipped.
        ``localCert`` names this end's certificate (a fingerprint, file
        name or path; default: the localCert line, else one named after
        ``appName``, default "snmp"; an Agent or NotificationReceiver
        would name "snmpd"/"snmptrapd").  Call it before the first (D)TLS
        connection or listener: the TLS contexts are made then (later
        certSecName, peerCert and trustCert lines still apply to new
        sessions).  The engine(tlsConfDir=, tlsConfig=) keywords call it.
        Returns the number of certificates indexed.
        Raises FileNotFoundError naming confDir when a directory is
        missing; ValueError naming the line ("tlsConfig:LINE: WORD: why")
        for a line that is bad or not one of these words; TypeError for
        arguments of the wrong type.  Why a session later failed is in
        tlsError()."""
        indexed = 0
        dirs = [] if confDir is None else confDir if isinstance(
            confDir, (list, tuple)) else [confDir]
        for d in dirs:
            if not isinstance(d, (str, os.PathLike)):
                raise TypeError("confDir must be a path or a list of paths, "
                                "not %s" % type(d).__name__)
            path = os.fsdecode(os.fspath(d))
            if "\0" in path:
                raise ValueError("confDir %r holds a NUL character" % path)
            if not os.path.isdir(path):
                raise FileNotFoundError(2, "confDir: no such directory",
                                        path)
            indexed += self._tls_add_confdir(path)
        for number, word, rest in _config_lines(config):
            if not self._tls_conf_line(word, rest, "tlsConfig", number):
                raise ValueError("tlsConfig:%d: %s: not a TLS "
                                 "configuration word (localCert, peerCert, "
                                 "trustCert, certSecName, "
                                 "tsmUseTransportPrefix, serverCert, "
                                 "clientCert)" % (number, word))
        if localCert is not None or appName is not None:
            for v, name in ((localCert, "localCert"), (appName, "appName")):
                if v is not None and (not isinstance(v, str) or not v or
                                      "\0" in v):
                    raise (TypeError if not isinstance(v, str) else
                           ValueError)("%s must be a non-empty str, not %r"
                                       % (name, v))
            self._tls_set_opts(localCert, appName)
        return indexed

    def tlsError(self) -> str:
        """Why the last TLS context could not be made or the last (D)TLS
        session failed ("" when nothing has): a certificate file that
        cannot be read, "certificate has expired", "no certSecName maps
        the certificate"...  A request that fails for it times out."""
        return self._tls_error()

    def tlsStats(self) -> Dict[str, int]:
        """RFC 6353 snmpTlstmSessionStats as the engine's TLS and DTLS
        transports counted them: session_opens, session_client_closes,
        session_open_errors, session_accepts, session_server_closes,
        session_no_sessions, invalid_client_certificates,
        unknown_server_certificate, invalid_server_certificates,
        invalid_caches."""
        return self._tls_stats()

    def poll(self, *handles: _snmpx.RequestHandle) -> RequestPoller:
        """A RequestPoller watching |handles| (RequestHandles of this
        engine's requests; more may be added with register()): its
        wait(timeout) returns those whose wait() no longer blocks, as
        python-snmp's Engine.poll() does.  Raises as register()."""
        return RequestPoller(self, handles)

    # ---- the local engine (SNMPv3 authoritative side) -------------------

    def setLocalEngine(self, engineID: Optional[Octets] = None,
                       boots: int = 1, namespace: str = "") -> None:
        """Set this engine's SNMPv3 identity: ``engineID`` (5 to 32
        octets; None makes a random RFC 3411 one), snmpEngineBoots, and
        the ``namespace`` of addUser() whose users authenticate incoming
        requests and informs.  snmpEngineTime restarts from 0.  Without a
        call the engine makes a random ID (boots 1) when first needed.
        Raises ValueError for an engineID of the wrong length or boots
        not in 1..2147483647 (RFC 3414 2.2.1), TypeError for arguments
        of the wrong type."""
        self._set_local(_bytes(engineID, "engineID"),
                        _args.integer(boots, "boots", 1, _args.MAX_INT32),
                        _args.text(namespace, "namespace"))
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

    def NotificationReceiver(
            self, address: Union[AddressLike, List[AddressLike]],
            callback: Callable[[Notification], object],
            communities: Union[Octets, Sequence[Octets], None] = None
    ) -> NotificationReceiver:
        """Listen on |address| ("127.0.0.1:162", "udp6:[::1]:0",
        "tcp:127.0.0.1:1162", "unix:/path", "tls:127.0.0.1:10162" with
        configureTls()'s certificates, (host, port), or a list of them;
        port 0 picks a free port, default 162)
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
        Raises OSError when the address cannot be bound, ValueError
        naming it when it does not parse or names a transport the engine
        does not serve."""
        _args.function(callback, "callback", optional=False)
        return NotificationReceiver(self, callback, _addresses(address),
                                    communities)

    def Agent(self, address: Union[AddressLike, List[AddressLike]],
              communities: Optional[Mapping[Octets, str]] = None,
              users: Optional[Mapping[Octets, str]] = None,
              securityLevel: int = SecurityLevel.authNoPriv,
              contextName: Octets = b"",
              maxGetbulkResponses: Optional[int] = 0,
              maxGetbulkRepeats: Optional[int] = 0) -> Agent:
        """Serve requests on |address| (as for NotificationReceiver;
        default port 161) from the subtrees registered with
        Agent.register().  ``communities`` maps v1/v2c communities to
        "read" or "write" (default {b"public": "read"}); ``users`` maps
        SNMPv3 users of the local namespace to "read" or "write" (None:
        every user, read-only; over tls: the securityNames certSecName
        gives the clients' certificates) and ``securityLevel`` is the
        least level they must use; ``contextName`` the one context served.
        ``maxGetbulkResponses`` and ``maxGetbulkRepeats`` limit a
        GetBulk's answer as snmpd's directives of those names (and the C
        agent) do: max-repetitions is lowered to maxGetbulkRepeats, then
        so that repetitions times repeating varbinds stay within
        maxGetbulkResponses (non-repeaters not counted), never an error;
        0 is the default (100 varbinds; no repeat limit of its own), -1
        or None no limit (unsafe with untrusted managers); both are
        attributes of the agent, read at each request.  One agent per
        engine.  Raises OSError when the address cannot be bound,
        ValueError naming it when it does not parse or names a transport
        the engine does not serve, TypeError or ValueError for a bad
        limit."""
        return Agent(self, _addresses(address), communities, users,
                     _args.enum_member(SecurityLevel, securityLevel,
                                       "securityLevel"),
                     _args.octets(contextName, "contextName",
                                  optional=False),
                     maxGetbulkResponses, maxGetbulkRepeats)

    def serve(self, timeout: Optional[float] = None,
              until: Optional[Callable[[], object]] = None) -> None:
        """Run the engine for its receiver and agent (and any requests in
        flight) until ``timeout`` seconds have passed (None: no limit),
        ``until()`` returns true (checked at least every 0.1 s), or stop()
        is called, by a callback or another thread.  Raises what a
        receiver callback raised, KeyboardInterrupt, RuntimeError when
        called from a callback; TypeError/ValueError for a timeout that
        is not a number >= 0 or None, or an until that is not callable."""
        timeout = _args.duration(timeout)
        _args.function(until, "until")
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

