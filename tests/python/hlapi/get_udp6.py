"""Udp6TransportTarget: SNMPv2c and SNMPv3 authPriv requests to [::1]."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await Udp6TransportTarget.create(("::1", port), timeout=1,
                                             retries=1)
    show(await get_cmd(engine, CommunityData("public"), target, ContextData(),
                       ObjectType(ObjectIdentity("1.3.6.1.2.1.1.5.0")),
                       lookupMib=False))
    user = UsmUserData("u_sha_aes", "authpass123", "privpass123",
                       authProtocol=USM_AUTH_HMAC96_SHA,
                       privProtocol=USM_PRIV_CFB128_AES)
    show(await next_cmd(engine, user, target, ContextData(),
                        ObjectType(ObjectIdentity("1.3.6.1.2.1.1.4")),
                        lookupMib=False))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
