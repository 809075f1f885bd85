"""pysnmp.hlapi.v1arch.asyncio.slim: Slim, one object for quick
community-based requests (``slim = Slim(2); await slim.get("public",
"host", 161, ObjectType(...)); slim.close()``)."""

from typing import Any

from ..._engine import Result
from ...transport import UdpTransportTarget
from . import cmdgen
from .auth import CommunityData
from .dispatch import SnmpDispatcher

__all__ = ["Slim"]


class Slim:
    """Requests with SNMP |version| 1 or 2 (v2c)."""

    def __init__(self, version: int = 2) -> None:
        if version not in (1, 2):
            raise ValueError("Slim supports SNMP versions 1 and 2 only, "
                             "not %r" % (version,))
        self.version = version
        self.snmpDispatcher = SnmpDispatcher()

    def close(self) -> None:
        self.snmpDispatcher.close()

    def _auth(self, communityName: str) -> CommunityData:
        return CommunityData(communityName, mpModel=self.version - 1)

    async def _call(self, command: Any, communityName: str, address: str,
                    port: int, timeout: float, retries: int,
                    *args: Any) -> Result:
        target = await UdpTransportTarget.create((address, port),
                                                 timeout=timeout,
                                                 retries=retries)
        return await command(self.snmpDispatcher,  # type: ignore[no-any-return]
                             self._auth(communityName), target, *args)

    async def get(self, communityName: str, address: str, port: int,
                  *varBinds: Any, timeout: float = 1,
                  retries: int = 5) -> Result:
        """One GET."""
        return await self._call(cmdgen.get_cmd, communityName, address, port,
                                timeout, retries, *varBinds)

    async def next(self, communityName: str, address: str, port: int,
                   *varBinds: Any, timeout: float = 1,
                   retries: int = 5) -> Result:
        """One GETNEXT."""
        return await self._call(cmdgen.next_cmd, communityName, address,
                                port, timeout, retries, *varBinds)

    async def set(self, communityName: str, address: str, port: int,
                  *varBinds: Any, timeout: float = 1,
                  retries: int = 5) -> Result:
        """One SET."""
        return await self._call(cmdgen.set_cmd, communityName, address, port,
                                timeout, retries, *varBinds)

    async def bulk(self, communityName: str, address: str, port: int,
                   nonRepeaters: int, maxRepetitions: int, *varBinds: Any,
                   timeout: float = 1, retries: int = 5) -> Result:
        """One GETBULK (SNMPv2c only: ValueError for a Slim(1))."""
        if self.version == 1:
            raise ValueError("GETBULK needs SNMPv2c")
        return await self._call(cmdgen.bulk_cmd, communityName, address,
                                port, timeout, retries, nonRepeaters,
                                maxRepetitions, *varBinds)
