"""SNMPv3 authNoPriv: HMAC-SHA-96, and HMAC-MD5-96 as the authProtocol a
key without a protocol gets."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1,
                                            retries=1)
    for user in (UsmUserData("u_sha", "authpass123",
                             authProtocol=usmHMACSHAAuthProtocol),
                 UsmUserData("u_md5", "authpass123")):
        print(user.userName, user.authProtocol, user.privProtocol)
        show(await get_cmd(engine, user, target, ContextData(),
                           ObjectType(ObjectIdentity("1.3.6.1.2.1.1.5.0")),
                           lookupMib=False))
        show(await next_cmd(engine, user, target, ContextData(),
                            ObjectType(ObjectIdentity("1.3.6.1.2.1.1.1.0")),
                            lookupMib=False))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
