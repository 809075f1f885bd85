"""walk_cmd over SNMPv1 past the last object: the walk ends quietly (noSuchName hidden)."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1, retries=1)
    rows = 0
    async for errorIndication, errorStatus, errorIndex, varBinds in walk_cmd(
            engine, CommunityData("public", mpModel=0), target, ContextData(),
            ObjectType(ObjectIdentity("1.3.6.1.9")), lookupMib=False):
        rows += 1
        show((errorIndication, errorStatus, errorIndex, varBinds))
    print("rows", rows)
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
