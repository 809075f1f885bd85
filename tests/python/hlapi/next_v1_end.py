"""GETNEXT past the end over SNMPv1: noSuchName and no varbinds."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1, retries=1)
    result = await next_cmd(engine, CommunityData("public", mpModel=0),
                            target, ContextData(),
                            ObjectType(ObjectIdentity("1.3.6.1.9")),
                            lookupMib=False)
    print(result[0], result[1], result[2], len(result[3]))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
