"""v1arch: SnmpDispatcher with GET, GETNEXT, SET and GETBULK over SNMPv1 and
SNMPv2c, varbinds as plain (OID, value) pairs (no MIB lookup)."""

import asyncio
import sys

from pysnmp.hlapi.v1arch.asyncio import *

from _show import show


async def main(port):
    dispatcher = SnmpDispatcher()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1,
                                            retries=1)
    for model in (0, 1):
        auth = CommunityData("public", mpModel=model)
        show(await get_cmd(dispatcher, auth, target,
                           (ObjectIdentifier("1.3.6.1.2.1.1.1.0"), Null("")),
                           (ObjectIdentifier("1.3.6.1.2.1.1.5.0"), Null(""))))
        show(await next_cmd(dispatcher, auth, target,
                            (ObjectIdentifier("1.3.6.1.2.1.1.6"), Null(""))))
        result = await get_cmd(dispatcher, auth, target,
                               (ObjectIdentifier("1.3.6.1.2.1.1.77.0"), Null("")))
        print(result[0], result[1], result[2],
              [(n.prettyPrint(), v.prettyPrint()) for n, v in result[3]])
    show(await bulk_cmd(dispatcher, CommunityData("public"), target, 0, 2,
                        (ObjectIdentifier("1.3.6.1.2.1.1.4"), Null(""))))
    show(await set_cmd(dispatcher, CommunityData("private"), target,
                       (ObjectIdentifier("1.3.6.1.2.1.1.6.0"), OctetString("v1arch"))))
    show(await set_cmd(dispatcher, CommunityData("private"), target,
                       (ObjectIdentifier("1.3.6.1.2.1.1.6.0"), OctetString(""))))
    dispatcher.close()


asyncio.run(main(int(sys.argv[1])))
