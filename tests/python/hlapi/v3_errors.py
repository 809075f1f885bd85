"""SNMPv3 errors: unknown user, wrong digest, wrong privacy key, and a level the user lacks."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1, retries=1)
    a = dict(authProtocol=USM_AUTH_HMAC192_SHA256, privProtocol=USM_PRIV_CFB128_AES)
    for user in (UsmUserData("nobody", "authpass123", "privpass123", **a),
                 UsmUserData("u_sha256_aes", "wrongpass123", "privpass123", **a),
                 UsmUserData("u_sha256_aes", "authpass123", "wrongpass123", **a),
                 UsmUserData("u_sha256_aes", "authpass123",
                             authProtocol=USM_AUTH_HMAC192_SHA256),
                 UsmUserData("u_sha256_aes")):
        errorIndication, errorStatus, errorIndex, varBinds = await get_cmd(
            engine, user, target, ContextData(),
            ObjectType(ObjectIdentity("1.3.6.1.2.1.1.5.0")), lookupMib=False)
        print(user.userName, repr(errorIndication), str(errorIndication),
              errorStatus, errorIndex, len(varBinds))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
