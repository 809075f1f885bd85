"""UdpTransportTarget and Udp6TransportTarget: where requests go, with
pysnmp's timeout (seconds per try) and retries (resends after the first
try: 0 means one request)."""

import asyncio
import socket
from typing import Tuple, Type, TypeVar

__all__ = ["UdpTransportTarget", "Udp6TransportTarget"]

_T = TypeVar("_T", bound="_Target")


class _Target:
    _family = socket.AF_INET

    def __init__(self, timeout: float = 1, retries: int = 5,
                 tagList: bytes = b"") -> None:
        self.timeout = timeout
        self.retries = retries
        self.tagList = tagList
        self.transport_address: Tuple[str, int] = ("", 0)

    @classmethod
    async def create(cls: Type[_T], address: Tuple[str, int],
                     *args: float, **kwargs: float) -> _T:
        """Resolve |address| (host, port) without blocking the loop, then
        make the target; raises pysnmp's PySnmpError-like OSError when the
        name does not resolve."""
        target = cls(*args, **kwargs)  # type: ignore[arg-type]
        host, port = address
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, port, family=cls._family, type=socket.SOCK_DGRAM)
        if not infos:
            raise OSError("cannot resolve %r" % (host,))
        sa = infos[0][4]
        target.transport_address = (str(sa[0]), int(sa[1]))
        return target

    def snmpx_address(self) -> str:
        host, port = self.transport_address
        if self._family == socket.AF_INET6:
            return "udp6:[%s]:%d" % (host, port)
        return "%s:%d" % (host, port)

    def __repr__(self) -> str:
        return "%s(%r, timeout=%r, retries=%r, tagList=%r)" % (
            type(self).__name__, self.transport_address, self.timeout,
            self.retries, self.tagList)


class UdpTransportTarget(_Target):
    """An agent over UDP/IPv4: ``await UdpTransportTarget.create((host,
    port), timeout=1, retries=5)``."""


class Udp6TransportTarget(_Target):
    """An agent over UDP/IPv6: ``await Udp6TransportTarget.create((host,
    port), timeout=1, retries=5)``."""
    _family = socket.AF_INET6
