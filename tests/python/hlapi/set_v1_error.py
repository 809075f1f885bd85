"""SET over SNMPv1 with a read-only community: noSuchName with noSuchObject values."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *
from pysnmp.hlapi.v3arch.asyncio.cmdgen import setCmd

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1, retries=1)
    errorIndication, errorStatus, errorIndex, varBinds = await setCmd(
        engine, CommunityData("public", mpModel=0), target, ContextData(),
        ObjectType(ObjectIdentity("1.3.6.1.2.1.1.4.0"), OctetString("x")),
        lookupMib=False)
    print(errorIndication, errorStatus, errorIndex)
    for name, value in varBinds:
        print(name, type(value).__name__, value.prettyPrint())
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
