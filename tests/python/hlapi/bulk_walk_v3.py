"""bulk_walk_cmd over SNMPv3 authPriv, ignoreNonIncreasingOid set."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1, retries=1)
    user = UsmUserData("u_sha256_aes", "authpass123", "privpass123",
                       authProtocol=USM_AUTH_HMAC192_SHA256,
                       privProtocol=USM_PRIV_CFB128_AES)
    async for errorIndication, errorStatus, errorIndex, varBinds in bulk_walk_cmd(
            engine, user, target, ContextData(), 0, 5,
            ObjectType(ObjectIdentity("1.3.6.1.2.1.1")),
            lexicographicMode=False, ignoreNonIncreasingOid=True,
            lookupMib=False):
        show((errorIndication, errorStatus, errorIndex, varBinds))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
