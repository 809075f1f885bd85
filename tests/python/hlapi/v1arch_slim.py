"""v1arch: Slim for quick SNMPv2c and SNMPv1 requests; a timeout."""

import asyncio
import sys

from pysnmp.hlapi.v1arch.asyncio import *

from _show import show


async def main(port):
    slim = Slim(2)
    show(await slim.get("public", "127.0.0.1", port,
                        (ObjectIdentifier("1.3.6.1.2.1.1.5.0"), Null(""))))
    show(await slim.next("public", "127.0.0.1", port,
                         (ObjectIdentifier("1.3.6.1.2.1.1.5.0"), Null(""))))
    show(await slim.bulk("public", "127.0.0.1", port, 0, 2,
                         (ObjectIdentifier("1.3.6.1.2.1.1.5"), Null(""))))
    result = await slim.get("wrong", "127.0.0.1", port,
                            (ObjectIdentifier("1.3.6.1.2.1.1.5.0"), Null("")),
                            timeout=0.3, retries=1)
    print(repr(result[0]), result[1], result[2], result[3])
    slim.close()
    slim = Slim(1)
    show(await slim.get("public", "127.0.0.1", port,
                        (ObjectIdentifier("1.3.6.1.2.1.1.5.0"), Null(""))))
    slim.close()


asyncio.run(main(int(sys.argv[1])))
