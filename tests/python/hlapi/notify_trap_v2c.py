"""An SNMPv2c trap carrying every value type."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port))
    result = await send_notification(
        engine, CommunityData("public"), target, ContextData(), "trap",
        NotificationType(ObjectIdentity("1.3.6.1.6.3.1.1.5.3")).add_varbinds(
            ObjectType(ObjectIdentity("1.3.6.1.4.1.99.1.1.0"), Integer(-7)),
            ObjectType(ObjectIdentity("1.3.6.1.4.1.99.1.2.0"),
                       OctetString(b"\x00\x01bin")),
            ObjectType(ObjectIdentity("1.3.6.1.4.1.99.1.3.0"),
                       IpAddress("192.0.2.9")),
            ObjectType(ObjectIdentity("1.3.6.1.4.1.99.1.4.0"), Counter32(4)),
            ObjectType(ObjectIdentity("1.3.6.1.4.1.99.1.5.0"), Gauge32(5)),
            ObjectType(ObjectIdentity("1.3.6.1.4.1.99.1.6.0"), TimeTicks(6)),
            ObjectType(ObjectIdentity("1.3.6.1.4.1.99.1.7.0"),
                       Counter64(2 ** 40)),
            ObjectType(ObjectIdentity("1.3.6.1.4.1.99.1.8.0"),
                       ObjectIdentifier("1.3.6.1.4.1.99")),
            ObjectType(ObjectIdentity("1.3.6.1.4.1.99.1.9.0"),
                       Unsigned32(9))),
        lookupMib=False)
    print(result)
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[2])))
