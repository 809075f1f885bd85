"""walkCmd limited by maxCalls."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *
from pysnmp.hlapi.v3arch.asyncio.cmdgen import walkCmd

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1, retries=1)
    async for errorIndication, errorStatus, errorIndex, varBinds in walkCmd(
            engine, CommunityData("public"), target, ContextData(),
            ObjectType(ObjectIdentity("1.3.6.1.2.1.1.5")), maxCalls=2,
            lookupMib=False):
        show((errorIndication, errorStatus, errorIndex, varBinds))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
