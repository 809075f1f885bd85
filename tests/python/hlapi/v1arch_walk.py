"""v1arch: walk_cmd and bulk_walk_cmd of the system group."""

import asyncio
import sys

from pysnmp.hlapi.v1arch.asyncio import *

from _show import show


async def main(port):
    dispatcher = SnmpDispatcher()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1,
                                            retries=1)
    async for errorIndication, errorStatus, errorIndex, varBinds in walk_cmd(
            dispatcher, CommunityData("public", mpModel=0), target,
            ObjectType(ObjectIdentity("1.3.6.1.2.1.1")),
            lexicographicMode=False, lookupMib=False):
        show((errorIndication, errorStatus, errorIndex, varBinds))
    async for errorIndication, errorStatus, errorIndex, varBinds in bulk_walk_cmd(
            dispatcher, CommunityData("public"), target, 0, 3,
            ObjectType(ObjectIdentity("1.3.6.1.2.1.1")),
            lexicographicMode=False, lookupMib=False):
        print("call", len(varBinds))
        show((errorIndication, errorStatus, errorIndex, varBinds))
    dispatcher.close()


asyncio.run(main(int(sys.argv[1])))
