"""A wrong community is dropped: the request times out after its retries."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *
from pysnmp.proto import errind

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1, retries=1)
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=0.3,
                                            retries=2)
    result = await get_cmd(engine, CommunityData("wrong"), target, ContextData(),
                           ObjectType(ObjectIdentity("1.3.6.1.2.1.1.1.0")),
                           lookupMib=False)
    print(repr(result[0]), result[1], result[2], result[3])
    print(isinstance(result[0], errind.RequestTimedOut),
          result[0] == errind.requestTimedOut)
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
