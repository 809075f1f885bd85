"""The camelCase names pysnmp still takes: getCmd, nextCmd, bulkCmd."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *
from pysnmp.hlapi.v3arch.asyncio.cmdgen import bulkCmd, getCmd, nextCmd

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1, retries=1)
    show(await getCmd(engine, CommunityData("public"), target, ContextData(),
                      ObjectType(ObjectIdentity("1.3.6.1.2.1.1.5.0")),
                      lookupMib=False))
    show(await nextCmd(engine, CommunityData("public"), target, ContextData(),
                       ObjectType(ObjectIdentity("1.3.6.1.2.1.1.4")),
                       lookupMib=False))
    show(await bulkCmd(engine, CommunityData("public"), target, ContextData(),
                       0, 2, ObjectType(ObjectIdentity("1.3.6.1.2.1.1.4")),
                       lookupMib=False))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
