"""bulkWalkCmd with maxRows (which also lowers maxRepetitions) and maxCalls."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *
from pysnmp.hlapi.v3arch.asyncio.cmdgen import bulkWalkCmd

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1, retries=1)
    async for errorIndication, errorStatus, errorIndex, varBinds in bulkWalkCmd(
            engine, CommunityData("public"), target, ContextData(), 0, 4,
            ObjectType(ObjectIdentity("1.3.6.1.2.1.1.1")), maxRows=3,
            lookupMib=False):
        print("call", len(varBinds))
        show((errorIndication, errorStatus, errorIndex, varBinds))
    async for errorIndication, errorStatus, errorIndex, varBinds in bulk_walk_cmd(
            engine, CommunityData("public"), target, ContextData(), 0, 2,
            ObjectType(ObjectIdentity("1.3.6.1.2.1.1.1")), maxCalls=2,
            lookupMib=False):
        print("call", len(varBinds))
        show((errorIndication, errorStatus, errorIndex, varBinds))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
