"""GET of missing objects over SNMPv2c: noSuchObject/noSuchInstance values."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1, retries=1)
    errorIndication, errorStatus, errorIndex, varBinds = await get_cmd(
        engine, CommunityData("public"), target, ContextData(),
        ObjectType(ObjectIdentity("1.3.6.1.2.1.1.1.99")),
        ObjectType(ObjectIdentity("1.3.6.1.2.1.99.1.0")),
        lookupMib=False)
    print(errorIndication, errorStatus, errorIndex)
    for name, value in varBinds:
        print(name, type(value).__name__, value.prettyPrint(), repr(str(value)))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
