"""SNMPv3 noAuthNoPriv."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1, retries=1)
    show(await get_cmd(engine, UsmUserData("u_noauth"), target, ContextData(),
                       ObjectType(ObjectIdentity("1.3.6.1.2.1.1.5.0")),
                       lookupMib=False))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
