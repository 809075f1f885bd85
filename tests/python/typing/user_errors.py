"""Mistakes mypy must find in a user's program (tests/python/test_typing.py):
each line marked ``# E`` must be reported, and no other."""

import asyncio

from snmpx import (AsyncEngine, Engine, Integer, OctetString,
                   RequestHandle, ResponsePDU)


def blocking() -> None:
    with Engine() as engine:
        mgr = engine.Manager("127.0.0.1:161", version=2)
        mgr.get(5)  # E
        resp = mgr.get("1.3.6.1.2.1.1.1.0")
        print(resp.variableBindings[0].name.nope)  # E
        h: RequestHandle = mgr.get("1.3.6.1.2.1.1.1.0")  # E
        print(h)
        mgr.get("1.3.6.1.2.1.1.1.0", retries="2")  # E
        mgr.getBulk("1.3.6.1.2.1.1", maxRepetitions=2.5)  # E
        mgr.set(("1.3.6.1.2.1.1.6.0", 3.5))  # E
        engine.poll("not a handle")  # E
        print(Integer("5"), OctetString(12))  # E
    Engine(timeout="1")  # E
    with Engine(autowait=False) as e2:
        r: ResponsePDU = e2.Manager("127.0.0.1:161").get("1.3")  # E
        print(r)


async def main() -> None:
    async with AsyncEngine() as engine:
        mgr = engine.Manager("127.0.0.1:161")
        resp: ResponsePDU = mgr.get("1.3.6.1.2.1.1.1.0")  # E
        for vb in mgr.walk("1.3.6.1.2.1.1"):  # E
            print(vb, resp)


asyncio.run(main())
