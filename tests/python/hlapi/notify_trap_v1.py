"""SNMPv1 traps (RFC 3584 translation): a generic coldStart and an enterprise-specific trap."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    for trap in ("1.3.6.1.6.3.1.1.5.1", "1.3.6.1.4.1.99.0.7"):
        engine = SnmpEngine()
        target = await UdpTransportTarget.create(("127.0.0.1", port))
        result = await send_notification(
            engine, CommunityData("public", mpModel=0), target, ContextData(),
            "trap",
            NotificationType(ObjectIdentity(trap)).add_varbinds(
                ObjectType(ObjectIdentity("1.3.6.1.2.1.1.5.0"),
                           OctetString("v1 trap")),
                ObjectType(ObjectIdentity("1.3.6.1.2.1.2.2.1.1.1"),
                           Integer32(1))),
            lookupMib=False)
        print(result)
        engine.close_dispatcher()


asyncio.run(main(int(sys.argv[2])))
