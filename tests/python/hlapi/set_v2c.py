"""SET of sysContact and sysLocation, then GET them back; the second SET is on a read-only object."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1, retries=1)
    rw = CommunityData("private")
    show(await set_cmd(engine, rw, target, ContextData(),
                       ObjectType(ObjectIdentity("1.3.6.1.2.1.1.4.0"),
                                  OctetString("ops@example.org")),
                       ObjectType(ObjectIdentity("1.3.6.1.2.1.1.6.0"),
                                  OctetString(b"rack \x01")),
                       lookupMib=False))
    show(await get_cmd(engine, rw, target, ContextData(),
                       ObjectType(ObjectIdentity("1.3.6.1.2.1.1.4.0")),
                       ObjectType(ObjectIdentity("1.3.6.1.2.1.1.6.0")),
                       lookupMib=False))
    errorIndication, errorStatus, errorIndex, varBinds = await set_cmd(
        engine, rw, target, ContextData(),
        ObjectType(ObjectIdentity("1.3.6.1.2.1.1.1.0"), OctetString("x")),
        lookupMib=False)
    print(errorIndication, errorStatus.prettyPrint(), int(errorIndex))
    show(await set_cmd(engine, rw, target, ContextData(),
                       ObjectType(ObjectIdentity("1.3.6.1.2.1.1.6.0"),
                                  OctetString("")), lookupMib=False))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
