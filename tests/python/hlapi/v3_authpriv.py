"""SNMPv3 authPriv with several protocol pairs, named both ways (USM_*
constants and usm*Protocol aliases): SHA-96/AES-128, SHA-256/AES-128,
SHA-384/AES-192 and SHA-512/AES-256 (Blumenthal key extension),
SHA-256/AES-256 (Reeder key extension, pysnmp's USM_PRIV_CFB256_AES)."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show

USERS = [
    ("u_sha_aes", usmHMACSHAAuthProtocol, usmAesCfb128Protocol),
    ("u_sha256_aes", USM_AUTH_HMAC192_SHA256, USM_PRIV_CFB128_AES),
    ("u_sha384_aes192", USM_AUTH_HMAC256_SHA384,
     USM_PRIV_CFB192_AES_BLUMENTHAL),
    ("u_sha512_aes256", usmHMAC384SHA512AuthProtocol,
     usmAesBlumenthalCfb256Protocol),
    ("u_sha256_aes256c", USM_AUTH_HMAC192_SHA256, usmAesCfb256Protocol),
]


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1,
                                            retries=1)
    for name, auth, priv in USERS:
        user = UsmUserData(name, "authpass123", "privpass123",
                           authProtocol=auth, privProtocol=priv)
        print(name)
        show(await get_cmd(engine, user, target, ContextData(),
                           ObjectType(ObjectIdentity("1.3.6.1.2.1.1.1.0")),
                           ObjectType(ObjectIdentity("1.3.6.1.2.1.1.5.0")),
                           lookupMib=False))
        show(await next_cmd(engine, user, target, ContextData(),
                            ObjectType(ObjectIdentity("1.3.6.1.2.1.1.1.0")),
                            lookupMib=False))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
