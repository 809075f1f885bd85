"""asyncio: awaitable requests and async-for walks on the running loop
(its reader on the engine's socket, one timer), 1,000 in flight."""

import asyncio
import time

import pytest

import agent
import snmpx
from snmpx import (OID, AsyncEngine, ErrorResponse, Integer, OctetString,
                   ResponsePDU, Timeout, UsmError)

SYS_NAME = "1.3.6.1.2.1.1.5.0"
SYSTEM = "1.3.6.1.2.1.1"
OIDS = ["1.3.6.1.2.1.1.%d.0" % i for i in (1, 2, 4, 5, 6, 7)] + \
    [v[0] for v in agent.WRITABLE.values()]


def run(coro, limit=60):
    return asyncio.run(asyncio.wait_for(coro, limit))


def test_every_call(snmpd):
    async def main():
        async with AsyncEngine(defaultVersion=2, timeout=1.0) as engine:
            m = engine.Manager(snmpd.address)
            resp = await m.get(SYS_NAME)
            assert isinstance(resp, ResponsePDU)
            assert resp.variableBindings[0].value == \
                OctetString(b"snmpx-python")
            nxt = await m.getNext(SYSTEM)
            assert str(nxt.variableBindings[0].name) == "1.3.6.1.2.1.1.1.0"
            bulk = await m.getBulk(SYSTEM, maxRepetitions=3)
            assert len(bulk.variableBindings) == 3
            rw = engine.Manager(snmpd.address, community="private")
            oid = agent.WRITABLE["int"][0]
            await rw.set((oid, Integer(99)))
            assert (await rw.get(oid)).variableBindings[0].value == \
                Integer(99)
            with pytest.raises(ErrorResponse):
                await rw.set((oid, OctetString(b"wrong type")))
            walked = [vb async for vb in m.walk(SYSTEM)]
            bulked = [vb async for vb in m.bulkWalk(SYSTEM,
                                                    maxRepetitions=4)]
            assert [vb.name for vb in walked] == [vb.name for vb in bulked]
            assert len(walked) >= 7
            with pytest.raises(RuntimeError):  # no blocking iteration here
                next(iter(m.walk(SYSTEM)))
            return True
    assert run(main())


def test_1000_in_flight_v2c_and_v3(snmpd):
    async def main():
        async with AsyncEngine(retries=5, timeout=0.5) as engine:
            engine.addUser("u_sha256_aes", authProtocol=snmpx.HmacSha256,
                           authSecret=agent.AUTHPASS,
                           privProtocol=snmpx.Aes128Cfb,
                           privSecret=agent.PRIVPASS)
            v2 = engine.Manager(snmpd.address, version=2)
            v3 = engine.Manager(snmpd.address)
            for m in (v2, v3):
                futs = [m.get(OIDS[i % len(OIDS)]) for i in range(1000)]
                assert engine.pending == 1000  # all in flight at once
                resps = await asyncio.gather(*futs)
                for i, r in enumerate(resps):
                    assert r.variableBindings[0].name == \
                        OID.parse(OIDS[i % len(OIDS)])
                assert engine.pending == 0
            return True
    t0 = time.monotonic()
    assert run(main())
    assert time.monotonic() - t0 < 30


def test_concurrent_walks(snmpd):
    async def walk(m, root):
        return [vb.name async for vb in m.bulkWalk(root, maxRepetitions=5)]

    async def main():
        async with AsyncEngine(defaultVersion=2) as engine:
            m = engine.Manager(snmpd.address)
            roots = [SYSTEM, "1.3.6.1.2.1.2", "1.3.6.1.6.3.15",
                     "1.3.6.1.2.1.11"]
            results = await asyncio.gather(*(walk(m, r) for r in roots))
            for root, names in zip(roots, results):
                assert names and all(n.startswith(root) for n in names)
            return True
    assert run(main())


def test_timeout_and_usm_error(snmpd, dead_address):
    async def main():
        async with AsyncEngine(defaultVersion=2, timeout=0.1,
                               retries=1) as engine:
            dead = engine.Manager(dead_address)
            t0 = asyncio.get_running_loop().time()
            with pytest.raises(Timeout):
                await dead.get(SYS_NAME)
            assert asyncio.get_running_loop().time() - t0 >= 0.15
            with pytest.raises(Timeout):
                async for _ in dead.walk(SYSTEM):
                    pass
            engine.addUser("u_sha_aes", authProtocol="SHA",
                           authSecret="not the password",
                           privProtocol="AES", privSecret=agent.PRIVPASS)
            with pytest.raises(UsmError):
                await engine.Manager(snmpd.address, version=3).get(SYS_NAME)
            return True
    assert run(main())


def test_timeouts_after_answers_with_other_timeouts(snmpd, dead_address):
    """The loop's one timer outlives answered requests (AsyncEngine keeps
    it while it fires no later than the engine's deadline): a request
    that is never answered still times out, neither before its timeout
    nor never, whether the timer left behind is earlier or later."""
    async def main():
        loop = asyncio.get_running_loop()
        async with AsyncEngine(defaultVersion=2, retries=0) as engine:
            live = engine.Manager(snmpd.address)
            dead = engine.Manager(dead_address)
            for before, after in ((0.1, 0.4), (3.0, 0.2), (0.1, 0.3)):
                for _ in range(3):
                    await live.get(SYS_NAME, timeout=before)
                t0 = loop.time()
                with pytest.raises(Timeout):
                    await dead.get(SYS_NAME, timeout=after)
                assert loop.time() - t0 >= after * 0.9
            return True
    assert run(main(), limit=30)


def test_close_cancels(dead_address):
    async def main():
        engine = AsyncEngine(defaultVersion=2, timeout=5.0)
        fut = engine.Manager(dead_address).get(SYS_NAME)
        await asyncio.sleep(0.01)
        engine.close()
        with pytest.raises(asyncio.CancelledError):
            await fut
        assert engine.closed
        return True
    assert run(main())


def test_burst_of_5000_to_one_agent_all_answered(snmpd):
    """5,000 concurrent gets to one snmpd with default settings: the
    engine's per-agent window paces them (64 on the wire, the rest queue),
    so none is lost to the agent's socket buffer.  Without it (agentWindow
    0) about a tenth ended in Timeout."""
    async def main():
        async with AsyncEngine(defaultVersion=2) as engine:
            m = engine.Manager(snmpd.address)
            futs = [m.get(OIDS[i % len(OIDS)]) for i in range(5000)]
            assert engine.pending == 5000
            resps = await asyncio.gather(*futs, return_exceptions=True)
            failed = [r for r in resps if not isinstance(r, ResponsePDU)]
            assert failed == [], "%d of 5000 failed: %r" % (
                len(failed), failed[:3])
            stats = engine.stats()
            assert stats["windowed"] >= 5000 - 64
            return True
    assert run(main(), limit=120)


def test_engine_pacing_arguments():
    async def main():
        for bad in (-1, 2 ** 32, 1.5, "8", True):
            with pytest.raises((ValueError, TypeError)):
                AsyncEngine(agentWindow=bad)
        with pytest.raises(ValueError):
            AsyncEngine(retryJitter=101)
        AsyncEngine(agentWindow=0, retryJitter=0).close()
        return True
    assert run(main())
