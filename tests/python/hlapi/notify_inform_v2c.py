"""An SNMPv2c inform: the receiver acknowledges it with its varbinds."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=2,
                                            retries=2)
    show(await send_notification(
        engine, CommunityData("public"), target, ContextData(), "inform",
        NotificationType(ObjectIdentity("1.3.6.1.6.3.1.1.5.4")).add_varbinds(
            ObjectType(ObjectIdentity("1.3.6.1.2.1.2.2.1.1.2"), Integer(2))),
        lookupMib=False))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[2])))
