"""Engine.poll(): waiting on many RequestHandles at once (python-snmp's
RequestPoller): handles come back as they are done, each once; timeouts
and failures are done too; wait(timeout) returns [] when none is."""

import pytest

from snmpx import Engine, RequestPoller, Timeout

SYS_DESCR = "1.3.6.1.2.1.1.1.0"


def test_poll_many_handles(engine, snmpd):
    m = engine.Manager(snmpd.address, version=2, autowait=False)
    handles = [m.get(SYS_DESCR) for _ in range(200)]
    poller = engine.poll(*handles[:100])
    for h in handles[100:]:
        poller.register(h)
    poller.register(handles[0])                  # once only
    assert isinstance(poller, RequestPoller) and len(poller) == 200
    seen = []
    rounds = 0
    while poller and rounds < 10000:
        rounds += 1
        ready = poller.wait()
        assert ready
        for h in ready:
            assert h.done()
            assert h.wait().variableBindings     # does not block
        seen.extend(ready)
    assert not poller and len(seen) == 200
    assert {id(h) for h in seen} == {id(h) for h in handles}
    assert poller.wait() == [] and poller.wait(0) == []


def test_poll_timeouts_and_limit(engine, snmpd, dead_address):
    dead = engine.Manager(dead_address, version=2, timeout=30, retries=0)
    live = engine.Manager(snmpd.address, version=2)
    slow = dead.get(SYS_DESCR, wait=False)
    fast = live.get(SYS_DESCR, wait=False)
    poller = engine.poll(slow, fast)
    assert poller.wait() == [fast]
    assert poller.wait(0) == []                  # just looks
    assert poller.wait(0.01) == [] and len(poller) == 1
    quick = dead.get(SYS_DESCR, wait=False, timeout=0.05)
    poller.register(quick)
    assert poller.wait() == [quick]
    with pytest.raises(Timeout):
        quick.wait()
    slow.cancel()
    assert poller.wait() == [slow]               # cancelled is done


def test_poll_refuses(engine, snmpd):
    with pytest.raises(TypeError):
        engine.poll("a handle")
    with Engine() as other:
        h = other.Manager(snmpd.address, version=2).get(SYS_DESCR,
                                                        wait=False)
        with pytest.raises(ValueError):
            engine.poll(h)
        h.cancel()
    with pytest.raises(ValueError):
        engine.poll().wait(-1)
