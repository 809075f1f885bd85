"""GET over SNMPv1 (mpModel=0), then a missing object (noSuchName)."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1, retries=1)
    v1 = CommunityData("public", mpModel=0)
    show(await get_cmd(engine, v1, target, ContextData(),
                       ObjectType(ObjectIdentity("1.3.6.1.2.1.1.2.0")),
                       lookupMib=False))
    result = await get_cmd(engine, v1, target, ContextData(),
                           ObjectType(ObjectIdentity("1.3.6.1.2.1.1.2.0")),
                           ObjectType(ObjectIdentity("1.3.6.1.2.1.1.99.0")),
                           lookupMib=False)
    show(result)
    print(int(result[1]), int(result[2]), len(result[3]))
    for name, value in result[3]:
        print(name.prettyPrint(), type(value).__name__, repr(value.prettyPrint()))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
