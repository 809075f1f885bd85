"""GETNEXT over SNMPv2c, and past the end of the MIB (endOfMibView)."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1, retries=1)
    result = await next_cmd(engine, CommunityData("public"), target,
                            ContextData(),
                            ObjectType(ObjectIdentity("1.3.6.1.2.1.1.4")),
                            ObjectType(ObjectIdentity("1.3.6.1.2.1.1.5")),
                            lookupMib=False)
    show(result)
    print(result[1], result[2])
    result = await next_cmd(engine, CommunityData("public"), target,
                            ContextData(),
                            ObjectType(ObjectIdentity("1.3.6.1.9")),
                            lookupMib=False)
    show(result)
    print(type(result[3][0][1]).__name__, is_end_of_mib(result[3]))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
