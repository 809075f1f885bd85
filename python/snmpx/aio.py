"""asyncio: AsyncEngine, whose managers' requests are awaitables and whose
walks are async iterators, driven by the running loop's reader on the
engine's sockets and one timer (loop.add_reader, loop.call_at): no thread
per request.

    async with AsyncEngine() as engine:
        mgr = engine.Manager("127.0.0.1:1161", version=2)
        resp = await mgr.get("1.3.6.1.2.1.1.1.0")
        async for name, value in mgr.bulkWalk("1.3.6.1.2.1.2.2.1.2"):
            ...
"""

from __future__ import annotations

import asyncio
import socket
from typing import (TYPE_CHECKING, AsyncIterable, AsyncIterator, Dict,
                    Mapping, Optional, Protocol, Set, Tuple, Union)

from . import _args, _snmpx
from .engine import (AddressLike, ConfigLike, Engine, PathLike, VersionLike,
                     _address)
from .security import Tsm
from .manager import Manager

if TYPE_CHECKING:
    from ._snmpx import OIDLike, Octets, VarBindLike
    from .types import IpAddress, ResponsePDU, TimeTicks, VarBind

__all__ = ["AsyncEngine", "AsyncManager", "ResolvingManager"]

# The transports of snmpx_addr_parse (src/transport/addr_parse.c): the
# family a host name resolves in and the spelling of the resolved
# address; None for UNIX sockets (a path, nothing to resolve).
_TRANSPORTS: Dict[str, Optional[Tuple[socket.AddressFamily, str]]] = {
    "udp": (socket.AF_INET, "udp"), "udp6": (socket.AF_INET6, "udp6"),
    "udpv6": (socket.AF_INET6, "udp6"), "udpipv6": (socket.AF_INET6, "udp6"),
    "ipv6": (socket.AF_INET6, "udp6"),
    "tcp": (socket.AF_INET, "tcp"), "tcp6": (socket.AF_INET6, "tcp6"),
    "tcpv6": (socket.AF_INET6, "tcp6"), "tcpipv6": (socket.AF_INET6, "tcp6"),
    "tlstcp": (socket.AF_INET, "tlstcp"), "tls": (socket.AF_INET, "tlstcp"),
    "dtlsudp": (socket.AF_INET, "dtlsudp"),
    "dtls": (socket.AF_INET, "dtlsudp"),
    "dtlsudp6": (socket.AF_INET6, "dtlsudp"),
    "dtls6": (socket.AF_INET6, "dtlsudp"),
    "unix": None}


def _host_name(spec: str) -> Optional[Tuple[str, Optional[int], int, str]]:
    """(host, port or None, family, transport) when libsnmpx would ask the
    resolver for |spec| ("[transport:]host[:port]"), else None: a numeric
    address, a UNIX path, or one it refuses at once (it then says why).
    The resolved address is spelled "transport:ip[:port]"."""
    family, transport = socket.AF_INET, "udp"
    head, sep, tail = spec.partition(":")
    if sep and head.lower() in _TRANSPORTS:
        asked = _TRANSPORTS[head.lower()]
        if asked is None:
            return None
        (family, transport), spec = asked, tail
    if spec.startswith("/"):
        return None                      # a UNIX path, as Net-SNMP
    if spec.startswith("[") or spec.count(":") >= 2:
        return None                      # an IPv6 literal
    host, sep, port = spec.partition(":")
    if not host or len(host) > 255:
        return None
    if sep and (not (port.isascii() and port.isdigit()) or
                int(port) > 65535):
        return None
    try:
        socket.inet_pton(family, host)
        return None
    except OSError:
        return host, int(port) if sep else None, family, transport


class AsyncManager(Protocol):
    """What an AsyncEngine's Manager() gives, for annotations: a Manager
    whose requests are futures, or a ResolvingManager (same calls)."""

    @property
    def version(self) -> int: ...

    def get(self, *oids: OIDLike, timeout: Optional[float] = ...,
            retries: Optional[int] = ..., community: Optional[Octets] = ...,
            user: Optional[Octets] = ..., securityLevel: Optional[int] = ...,
            context: Optional[Octets] = ...
            ) -> asyncio.Future[ResponsePDU]: ...

    def getNext(self, *oids: OIDLike, timeout: Optional[float] = ...,
                retries: Optional[int] = ...,
                community: Optional[Octets] = ...,
                user: Optional[Octets] = ...,
                securityLevel: Optional[int] = ...,
                context: Optional[Octets] = ...
                ) -> asyncio.Future[ResponsePDU]: ...

    def getBulk(self, *oids: OIDLike, nonRepeaters: int = ...,
                maxRepetitions: int = ..., timeout: Optional[float] = ...,
                retries: Optional[int] = ...,
                community: Optional[Octets] = ...,
                user: Optional[Octets] = ...,
                securityLevel: Optional[int] = ...,
                context: Optional[Octets] = ...
                ) -> asyncio.Future[ResponsePDU]: ...

    def set(self, *varbinds: VarBindLike, timeout: Optional[float] = ...,
            retries: Optional[int] = ..., community: Optional[Octets] = ...,
            user: Optional[Octets] = ..., securityLevel: Optional[int] = ...,
            context: Optional[Octets] = ...
            ) -> asyncio.Future[ResponsePDU]: ...

    def walk(self, oid: OIDLike, *, allowNonIncreasing: bool = ...,
             timeout: Optional[float] = ..., retries: Optional[int] = ...,
             community: Optional[Octets] = ..., user: Optional[Octets] = ...,
             securityLevel: Optional[int] = ...,
             context: Optional[Octets] = ...) -> AsyncIterable[VarBind]: ...

    def bulkWalk(self, oid: OIDLike, *, maxRepetitions: int = ...,
                 allowNonIncreasing: bool = ...,
                 timeout: Optional[float] = ..., retries: Optional[int] = ...,
                 community: Optional[Octets] = ...,
                 user: Optional[Octets] = ...,
                 securityLevel: Optional[int] = ...,
                 context: Optional[Octets] = ...
                 ) -> AsyncIterable[VarBind]: ...

    def trap(self, trapOID: OIDLike, *varbinds: VarBindLike,
             uptime: Union[int, TimeTicks, None] = ...,
             agentAddr: Union[IpAddress, str, bytes, None] = ...
             ) -> None: ...

    def inform(self, trapOID: OIDLike, *varbinds: VarBindLike,
               uptime: Union[int, TimeTicks, None] = ...
               ) -> asyncio.Future[ResponsePDU]: ...


class AsyncEngine(Engine["asyncio.Future[ResponsePDU]"]):
    """An Engine driven by an asyncio loop: |loop|, else the loop running
    when it is first used (a request, serve(), ``async with``), so it may
    be made outside any loop, before asyncio.run().

    Its managers' get/getNext/getBulk/set return futures (await them; many
    may be in flight at once), and walk/bulkWalk are ``async for``
    iterators.  Manager() never blocks the loop: an address with a host
    name is resolved by the loop (loop.getaddrinfo, a worker thread) and
    gives a ResolvingManager whose requests wait for it.  Takes the
    keyword arguments of Engine."""

    def __init__(self, defaultVersion: VersionLike = 3,
                 defaultCommunity: Octets = b"public", *,
                 loop: Optional[asyncio.AbstractEventLoop] = None,
                 timeout: float = 1.0, retries: int = 5,
                 agentWindow: int = 64, retryJitter: int = 10,
                 tlsConfDir: Optional[PathLike] = None,
                 tlsConfig: Optional[ConfigLike] = None) -> None:
        if loop is not None and not isinstance(loop,
                                               asyncio.AbstractEventLoop):
            raise TypeError("loop must be an asyncio event loop, not %s"
                            % type(loop).__name__)
        super().__init__(defaultVersion, defaultCommunity, True, timeout,
                         retries, agentWindow, retryJitter,
                         tlsConfDir=tlsConfDir, tlsConfig=tlsConfig)
        if loop is None:            # made in a coroutine: its loop, as before
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                pass                # bound at first use (_bind)
        self._loop = loop
        self._timer: Optional[asyncio.TimerHandle] = None
        # coroutine callbacks running
        self._tasks: Set[asyncio.Task[None]] = set()
        self._stopped: Optional[asyncio.Future[None]] = None
        # What the engine asked of the loop before it had one.
        self._early_sockets: Dict[int, int] = {}   # fd -> what
        self._early_timer: Optional[int] = None    # timeout_ms
        self._set_loop(_LoopBinder(self), self._on_socket, self._on_timer)

    def Manager(self, address: AddressLike,  # type: ignore[override]
                version: Optional[VersionLike] = None,
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
                hostname: Optional[str] = None) -> AsyncManager:
        """As Engine.Manager(), without blocking the loop: an address with
        a host name gives a ResolvingManager, which the loop resolves
        (loop.getaddrinfo) while its requests wait.  The arguments are
        checked at once, as Engine.Manager() checks them.  ``autowait``
        has no effect: requests are futures."""
        kwargs = dict(version=version, community=community, user=user,
                      namespace=namespace, securityLevel=securityLevel,
                      autowait=autowait, timeout=timeout, retries=retries,
                      engineID=engineID, contextName=contextName,
                      security=security, peerCert=peerCert,
                      hostname=hostname)
        host = _host_name(_address(address))
        if host is not None and host[3] in ("tlstcp", "dtlsudp") and \
                hostname is None and peerCert is None:
            kwargs["hostname"] = host[0]   # checked against the name given
        if host is None:
            return super().Manager(address, **kwargs)  # type: ignore
        return ResolvingManager(self, address, host, kwargs)  # noqa

    @property
    def loop(self) -> Optional[asyncio.AbstractEventLoop]:
        """The asyncio loop the engine runs on; None until first used."""
        return self._loop

    def _bind(self) -> asyncio.AbstractEventLoop:
        """The engine's loop: the running one at first use.  Raises
        RuntimeError outside a running loop before that, or from another
        loop than the one it runs on."""
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if self._loop is None:
            if running is None:
                raise RuntimeError("snmpx: an AsyncEngine is used from a "
                                   "running asyncio loop (or made with "
                                   "loop=)")
            self._loop = running
            early, self._early_sockets = self._early_sockets, {}
            for fd, what in early.items():
                self._on_socket(fd, what)
            if self._early_timer is not None:
                self._early_timer = None
                self._timer_rearm()
        elif running is not None and running is not self._loop:
            raise RuntimeError("snmpx: this AsyncEngine runs on another "
                               "asyncio loop")
        return self._loop

    async def __aenter__(self) -> AsyncEngine:
        self._bind()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Cancel what is in flight (their futures are cancelled), stop
        watching the sockets and close them."""
        super().close()
        for task in list(self._tasks):
            task.cancel()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    async def serve(self, timeout: Optional[float] = None  # type: ignore
                    ) -> None:
        """Serve the receiver and agent (the loop does the work) until
        ``timeout`` seconds pass (None: no limit) or stop() is called.
        Raises what a receiver callback raised; TypeError/ValueError for
        a timeout that is not a number >= 0 or None."""
        timeout = _args.duration(timeout)
        loop = self._bind()
        self._serving, self._error = True, None
        self._stopped = loop.create_future()
        try:
            await asyncio.wait_for(asyncio.shield(self._stopped), timeout)
        except asyncio.TimeoutError:
            pass
        finally:
            self._serving = False
            self._stopped = None
        error, self._error = self._error, None
        if error is not None:
            raise error

    def stop(self) -> None:
        """End serve()."""
        super().stop()
        stopped = getattr(self, "_stopped", None)
        if stopped is not None and not stopped.done():
            stopped.set_result(None)

    def _spawn(self, coroutine):
        """Run a coroutine callback as a task; its exception is handled as
        a plain callback's."""
        task = self._bind().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task):
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self._callback_failed(task.exception(), task)

    def _callback_failed(self, exc, fn):
        super()._callback_failed(exc, fn)
        if self._serving:
            self.stop()

    def _on_socket(self, fd, what):
        loop = self._loop
        if loop is None:                       # until the loop is known
            if what & _snmpx.POLL_REMOVE:
                self._early_sockets.pop(fd, None)
            else:
                self._early_sockets[fd] = what
        elif what & _snmpx.POLL_REMOVE:
            loop.remove_reader(fd)
            loop.remove_writer(fd)
        else:
            loop.add_reader(fd, self._on_readable, fd)
            # A TCP or UNIX connection connecting, or with a full buffer.
            if what & _snmpx.POLL_OUT:
                loop.add_writer(fd, self._on_writable, fd)
            else:
                loop.remove_writer(fd)

    # The engine keeps its deadline and asks for the loop's one timer only
    # when none fires by it (py_engine.c, loop_timer_cb): a timer firing
    # early is armed again for the deadline (_on_timer_due), so the
    # engine's timers run exactly when it asked.

    def _on_timer(self, timeout_ms):
        """The loop's timer, in |timeout_ms| (replacing the one armed)."""
        loop = self._loop
        if loop is None:
            self._early_timer = timeout_ms if timeout_ms >= 0 else None
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = loop.call_at(loop.time() + timeout_ms / 1000.0,
                                   self._fire)

    def _fire(self):
        self._timer = None
        self._on_timer_due()


class AsyncWalk:
    """``async for`` over a Walk of an AsyncEngine's manager."""

    __slots__ = ("_walk",)

    def __init__(self, walk: _snmpx.Walk) -> None:
        self._walk = walk

    def __aiter__(self) -> AsyncWalk:
        return self

    async def __anext__(self) -> VarBind:
        walk = self._walk
        while True:
            item = walk._pop()  # StopAsyncIteration or the walk's error
            if item is not None:
                return item
            fut = asyncio.get_running_loop().create_future()
            walk._notify(fut.set_result)
            await fut

    async def aclose(self) -> None:
        """Stop the walk at its next response."""
        self._walk.close()


class _LoopBinder:
    """The extension's source of futures: the engine's loop, bound at
    first use (AsyncEngine._bind)."""

    __slots__ = ("_engine",)

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    def create_future(self) -> asyncio.Future[ResponsePDU]:
        return self._engine._bind().create_future()


class ResolvingManager:
    """An AsyncEngine's manager for an address with a host name, which the
    loop resolves (loop.getaddrinfo) at the first request, so that making
    it never blocks the loop; the requests made before it is resolved wait
    for it.  Same requests as a Manager (futures, ``async for`` walks,
    traps and informs); ``await mgr.resolved()`` gives that Manager.  A
    name that does not resolve fails each request with ValueError, as
    Engine.Manager() does."""

    def __init__(self, engine: AsyncEngine, address: AddressLike,
                 host: Tuple[str, Optional[int], int, str],
                 kwargs: Mapping[str, object]
                 ) -> None:
        self.engine = engine
        self.address = address
        self._host = host
        self._kwargs = kwargs
        self._manager: Optional[Manager[asyncio.Future[ResponsePDU]]] = None
        self._resolving: Optional[asyncio.Task[None]] = None
        # The arguments checked now, on the placeholder "any" address.
        probe = self._make("%s:%s:0" % (host[3], "[::]" if host[2] ==
                                         socket.AF_INET6 else "0.0.0.0"))
        self.version = probe.version

    def __repr__(self) -> str:
        return "<snmpx.ResolvingManager %r v%s%s>" % (
            self.address, {1: "1", 2: "2c", 3: "3"}[self.version],
            "" if self._manager is None else " (resolved)")

    def _make(self, numeric: str) -> Manager[asyncio.Future[ResponsePDU]]:
        return Engine.Manager(self.engine, numeric,  # type: ignore
                              **self._kwargs)

    async def resolved(self) -> Manager[asyncio.Future[ResponsePDU]]:
        """The Manager for the resolved address (resolving it now if no
        request has).  Raises ValueError when the name does not
        resolve."""
        if self._manager is None:
            if self._resolving is None:
                self._resolving = self.engine._bind().create_task(
                    self._resolve())
            await asyncio.shield(self._resolving)
        assert self._manager is not None
        return self._manager

    async def _resolve(self) -> None:
        host, port, family, transport = self._host
        loop = self.engine._bind()
        try:
            infos = await loop.getaddrinfo(host, port or 0, family=family,
                                           type=socket.SOCK_DGRAM)
        except OSError as exc:
            raise ValueError("bad agent address %r: %s"
                             % (self.address, exc)) from None
        if not infos:
            raise ValueError("bad agent address %r: no address"
                             % (self.address,))
        ip = infos[0][4][0]
        numeric = "[%s]" % ip if family == socket.AF_INET6 else ip
        self._manager = self._make("%s:%s%s" % (
            transport, numeric, "" if port is None else ":%d" % port))

    def _later(self, name: str, args: Tuple[object, ...],
               kwargs: Dict[str, object]
               ) -> asyncio.Future[ResponsePDU]:
        """The future of |name|(*args, **kwargs) of the Manager."""
        if self._manager is not None:
            return getattr(self._manager, name)(*args, **kwargs)
        loop = self.engine._bind()

        async def call() -> ResponsePDU:
            mgr = await self.resolved()
            return await getattr(mgr, name)(*args, **kwargs)
        return loop.create_task(call())

    def get(self, *oids: OIDLike, **kwargs: object
           ) -> asyncio.Future[ResponsePDU]:
        """As Manager.get: a future of the ResponsePDU."""
        return self._later("get", oids, kwargs)

    def getNext(self, *oids: OIDLike, **kwargs: object
               ) -> asyncio.Future[ResponsePDU]:
        """As Manager.getNext."""
        return self._later("getNext", oids, kwargs)

    def getBulk(self, *oids: OIDLike, **kwargs: object
               ) -> asyncio.Future[ResponsePDU]:
        """As Manager.getBulk."""
        return self._later("getBulk", oids, kwargs)

    def set(self, *varbinds: VarBindLike, **kwargs: object
           ) -> asyncio.Future[ResponsePDU]:
        """As Manager.set."""
        return self._later("set", varbinds, kwargs)

    def inform(self, *args: object, **kwargs: object
              ) -> asyncio.Future[ResponsePDU]:
        """As Manager.inform."""
        return self._later("inform", args, kwargs)

    def trap(self, *args: object, **kwargs: object) -> None:
        """As Manager.trap: sent now if resolved, else once resolved (an
        error then is handled as a callback's: logged)."""
        self._send_later("trap", args, kwargs)

    def trapV1(self, *args: object, **kwargs: object) -> None:
        """As Manager.trapV1 (see trap)."""
        self._send_later("trapV1", args, kwargs)

    def _send_later(self, name: str, args: Tuple[object, ...],
                    kwargs: Dict[str, object]) -> None:
        if self._manager is not None:
            getattr(self._manager, name)(*args, **kwargs)
            return

        async def send() -> None:
            getattr(await self.resolved(), name)(*args, **kwargs)
        self.engine._spawn(send())

    def walk(self, oid: OIDLike, *, allowNonIncreasing: bool = False,
             **settings: object) -> AsyncIterator[VarBind]:
        """As Manager.walk: an ``async for`` iterator."""
        return _ResolvingWalk(self, "walk", oid, dict(
            settings, allowNonIncreasing=allowNonIncreasing))

    def bulkWalk(self, oid: OIDLike, *, maxRepetitions: int = 10,
                 allowNonIncreasing: bool = False,
                 **settings: object) -> AsyncIterator[VarBind]:
        """As Manager.bulkWalk."""
        return _ResolvingWalk(self, "bulkWalk", oid, dict(
            settings, maxRepetitions=maxRepetitions,
            allowNonIncreasing=allowNonIncreasing))


class _ResolvingWalk:
    """``async for`` over a walk of a ResolvingManager: the walk starts
    once the name is resolved."""

    __slots__ = ("_mgr", "_name", "_oid", "_kwargs", "_walk")

    def __init__(self, mgr: ResolvingManager, name: str, oid: OIDLike,
                 kwargs: Dict[str, object]) -> None:
        self._mgr, self._name, self._oid = mgr, name, oid
        self._kwargs = kwargs
        self._walk: Optional[AsyncIterator[VarBind]] = None

    def __aiter__(self) -> _ResolvingWalk:
        return self

    async def __anext__(self) -> VarBind:
        if self._walk is None:
            mgr = await self._mgr.resolved()
            self._walk = getattr(mgr, self._name)(
                self._oid, **self._kwargs).__aiter__()
        return await self._walk.__anext__()

    async def aclose(self) -> None:
        """Stop the walk."""
        if isinstance(self._walk, AsyncWalk):
            await self._walk.aclose()
