"""snmpx._snmpx.Waiter: what an asyncio engine's manager gives with
_waiters set (snmpx.pysnmp's requests): asyncio's future protocol, with the
awaiting task woken in the loop turn that read the response."""

import asyncio

import pytest

from snmpx import AsyncEngine, Timeout

SYS_NAME = "1.3.6.1.2.1.1.5.0"


def manager(engine, address):
    m = engine.Manager(address)
    m._waiters = asyncio.get_running_loop()
    return m


def test_await_gather_and_protocol(snmpd):
    async def main():
        async with AsyncEngine(defaultVersion=2, timeout=1.0) as engine:
            m = manager(engine, snmpd.address)
            w = m.get(SYS_NAME)
            assert asyncio.isfuture(w) and not w.done()
            assert w.get_loop() is asyncio.get_running_loop()
            with pytest.raises(asyncio.InvalidStateError):
                w.result()
            seen = []
            w.add_done_callback(seen.append)
            w.add_done_callback(seen.append)
            assert w.remove_done_callback(seen.append) == 2
            w.add_done_callback(lambda f: seen.append("cb"))
            resp = await w
            assert w.done() and not w.cancelled()
            assert w.exception() is None and w.result() is resp
            assert str(resp.variableBindings[0].name) == SYS_NAME
            await asyncio.sleep(0)
            assert seen == ["cb"]
            # Many at once, through tasks and through gather.
            got = await asyncio.gather(*[m.get(SYS_NAME) for _ in range(50)])
            assert len(got) == 50
            tasks = [asyncio.ensure_future(m.getNext(SYS_NAME))
                     for _ in range(20)]
            done = await asyncio.gather(*tasks)
            assert all(len(r.variableBindings) == 1 for r in done)
            assert m._waiters is asyncio.get_running_loop()
            m._waiters = None
            assert isinstance(m.get(SYS_NAME), asyncio.Future)
    asyncio.run(main())


def test_errors_and_cancellation(snmpd, dead_address):
    async def main():
        async with AsyncEngine(defaultVersion=2, timeout=0.2,
                               retries=0) as engine:
            dead = manager(engine, dead_address)
            w = dead.get(SYS_NAME)
            with pytest.raises(Timeout):
                await w
            assert isinstance(w.exception(), Timeout)
            # A task cancelled while it waits.
            task = asyncio.ensure_future(dead.get(SYS_NAME))
            await asyncio.sleep(0)
            task.cancel("stop")
            with pytest.raises(asyncio.CancelledError):
                await task
            # wait_for around a coroutine awaiting a waiter.

            async def one():
                return await dead.get(SYS_NAME)
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(one(), 0.05)
            w = dead.get(SYS_NAME)
            assert w.cancel("why") and w.cancelled() and not w.cancel()
            with pytest.raises(asyncio.CancelledError):
                w.result()
            # close() cancels what is in flight.
            w = dead.get(SYS_NAME)
            engine.close()
            with pytest.raises(asyncio.CancelledError):
                await w
    asyncio.run(main())


def test_only_for_asyncio_engines(engine):
    m = engine.Manager("127.0.0.1:161", version=2)
    with pytest.raises(RuntimeError):
        m._waiters = object()
