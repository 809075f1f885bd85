"""SNMPv3 authPriv trap (this engine authoritative, fixed snmpEngineID) and inform."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    user = UsmUserData("u_sha256_aes", "authpass123", "privpass123",
                       authProtocol=USM_AUTH_HMAC192_SHA256,
                       privProtocol=USM_PRIV_CFB128_AES)
    for kind in ("trap", "inform"):
        engine = SnmpEngine(OctetString(hexValue="8000000001020304"))
        target = await UdpTransportTarget.create(("127.0.0.1", port),
                                                timeout=2, retries=2)
        show(await send_notification(
            engine, user, target, ContextData(), kind,
            NotificationType(ObjectIdentity("1.3.6.1.6.3.1.1.5.2")).add_varbinds(
                ObjectType(ObjectIdentity("1.3.6.1.2.1.1.5.0"),
                           OctetString("v3 " + kind))),
            lookupMib=False))
        engine.close_dispatcher()


asyncio.run(main(int(sys.argv[2])))
