"""An inform with a community the receiver does not take: no answer, RequestTimedOut."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=0.3,
                                            retries=1)
    errorIndication, errorStatus, errorIndex, varBinds = await send_notification(
        engine, CommunityData("not-this-one"), target, ContextData(), "inform",
        NotificationType(ObjectIdentity("1.3.6.1.6.3.1.1.5.4")),
        lookupMib=False)
    print(repr(errorIndication), errorStatus, errorIndex, varBinds)
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[2])))
