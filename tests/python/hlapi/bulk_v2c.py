"""GETBULK with non-repeaters and repetitions."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1, retries=1)
    errorIndication, errorStatus, errorIndex, varBinds = await bulk_cmd(
        engine, CommunityData("public"), target, ContextData(), 1, 3,
        ObjectType(ObjectIdentity("1.3.6.1.2.1.1.1")),
        ObjectType(ObjectIdentity("1.3.6.1.2.1.1.4")), lookupMib=False)
    print(errorIndication, errorStatus, errorIndex, len(varBinds))
    for name, value in varBinds:
        print(name.prettyPrint(), "=", value.prettyPrint())
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
