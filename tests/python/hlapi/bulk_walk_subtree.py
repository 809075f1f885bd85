"""bulk_walk_cmd of the system group, lexicographicMode=False, 3 repetitions a call."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1, retries=1)
    async for errorIndication, errorStatus, errorIndex, varBinds in bulk_walk_cmd(
            engine, CommunityData("public"), target, ContextData(), 0, 3,
            ObjectType(ObjectIdentity("1.3.6.1.2.1.1")),
            lexicographicMode=False, lookupMib=False):
        print("call", len(varBinds))
        show((errorIndication, errorStatus, errorIndex, varBinds))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
