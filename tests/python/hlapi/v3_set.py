"""SNMPv3 authPriv SET by a read-write user, then GET."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1, retries=1)
    user = UsmUserData("rw_sha256_aes", "authpass123", "privpass123",
                       authProtocol=usmHMAC192SHA256AuthProtocol,
                       privProtocol=usmAesCfb128Protocol)
    show(await set_cmd(engine, user, target, ContextData(),
                       ObjectType(ObjectIdentity("1.3.6.1.2.1.1.5.0"),
                                  OctetString("v3-name")), lookupMib=False))
    show(await get_cmd(engine, user, target, ContextData(),
                       ObjectType(ObjectIdentity("1.3.6.1.2.1.1.5.0")),
                       lookupMib=False))
    show(await set_cmd(engine, user, target, ContextData(),
                       ObjectType(ObjectIdentity("1.3.6.1.2.1.1.5.0"),
                                  OctetString("")), lookupMib=False))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
