"""pysnmp.hlapi.v1arch.asyncio.dispatch: SnmpDispatcher, the v1arch
engine (SNMPv1/v2c only), over the same snmpx engine as v3arch's."""

from typing import Optional

from ..._engine import SnmpEngine

__all__ = ["SnmpDispatcher"]


class SnmpDispatcher(SnmpEngine):
    """pysnmp's v1arch SnmpDispatcher: sockets and requests in flight for
    community-based requests; ``close()`` ends them."""

    def __init__(self, transportDispatcher: Optional[object] = None) -> None:
        super().__init__()

    def close(self) -> None:
        self.close_dispatcher()
