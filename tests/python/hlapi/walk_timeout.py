"""walk_cmd against a dead agent: the timeout is yielded once with the request varbind."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1, retries=1)
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=0.3,
                                            retries=0)
    async for errorIndication, errorStatus, errorIndex, varBinds in walk_cmd(
            engine, CommunityData("nobody-knows"), target, ContextData(),
            ObjectType(ObjectIdentity("1.3.6.1.2.1.1")), lookupMib=False):
        print(errorIndication, errorStatus, errorIndex, len(varBinds))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
