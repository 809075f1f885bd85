"""A walk on an agent whose GETNEXT answers never increase (hlapi_bad_agent.py): pysnmp 7.1 reports no OidNotIncreasing, so only maxRows or maxCalls end it, with or without ignoreNonIncreasingOid."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1,
                                            retries=1)
    auth = CommunityData("public")
    show(await next_cmd(engine, auth, target, ContextData(),
                        ObjectType(ObjectIdentity("1.3.6.1.2.1.1.1.0")),
                        lookupMib=False))
    for options in (dict(maxRows=3), dict(maxCalls=2),
                    dict(maxRows=2, ignoreNonIncreasingOid=True)):
        async for row in walk_cmd(engine, auth, target, ContextData(),
                                  ObjectType(ObjectIdentity("1.3.6.1.2.1.1")),
                                  lookupMib=False, **options):
            print(sorted(options), row[0], row[1], row[2])
            show(row)
    async for row in bulk_walk_cmd(engine, auth, target, ContextData(), 0, 2,
                                   ObjectType(ObjectIdentity("1.3.6.1.2.1.1")),
                                   lookupMib=False, maxCalls=2):
        print("bulk", row[0], row[1], row[2], len(row[3]))
        show(row)
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
