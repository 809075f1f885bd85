"""Handles: autowait defaults and wait= overrides, 1,000 requests in
flight at once on one engine, cancel, dropped handles."""

import time

import pytest

import agent
import snmpx
from snmpx import OID, OctetString, RequestHandle, ResponsePDU, Timeout

SYS_NAME = "1.3.6.1.2.1.1.5.0"
# Objects of the agent that hold still: request i asks for OIDS[i % n]
# and must get exactly that name back.
OIDS = ["1.3.6.1.2.1.1.%d.0" % i for i in (1, 2, 4, 5, 6, 7)] + \
    [v[0] for v in agent.WRITABLE.values()]


def test_autowait_defaults_and_overrides(snmpd):
    with snmpx.Engine(defaultVersion=2, autowait=False) as engine:
        m = engine.Manager(snmpd.address)
        assert m.autowait is False
        h = m.get(SYS_NAME)
        assert isinstance(h, RequestHandle)
        assert isinstance(m.get(SYS_NAME, wait=True), ResponsePDU)
        blocking = engine.Manager(snmpd.address, autowait=True)
        assert isinstance(blocking.get(SYS_NAME), ResponsePDU)
        assert isinstance(blocking.getNext(SYS_NAME, wait=False),
                          RequestHandle)
        assert isinstance(blocking.getBulk(SYS_NAME, wait=False),
                          RequestHandle)
        assert isinstance(blocking.set(("1.3.6.1.2.1.1.5.0", 1), wait=False),
                          RequestHandle)
        m.autowait = True
        assert isinstance(m.get(SYS_NAME), ResponsePDU)
        first = h.wait()
        assert h.done() and h.wait() is first
        assert first.variableBindings[0].value == \
            OctetString(b"snmpx-python")
    with snmpx.Engine(defaultVersion=2) as engine:
        assert isinstance(engine.Manager(snmpd.address).get(SYS_NAME),
                          ResponsePDU)


def _thousand(engine, mgr, n=1000):
    t0 = time.monotonic()
    handles = [mgr.get(OIDS[i % len(OIDS)], wait=False) for i in range(n)]
    assert engine.pending == n  # all in flight at once
    for i, h in enumerate(handles):
        vb = h.wait().variableBindings[0]
        assert vb.name == OID.parse(OIDS[i % len(OIDS)]), i
    assert engine.pending == 0
    return time.monotonic() - t0


def test_1000_in_flight_v2c(snmpd):
    with snmpx.Engine(defaultVersion=2, retries=5, timeout=0.5) as engine:
        m = engine.Manager(snmpd.address)
        elapsed = _thousand(engine, m)
        assert elapsed < 30


def test_1000_in_flight_v3_authpriv(snmpd):
    with snmpx.Engine(retries=5, timeout=0.5) as engine:
        engine.addUser("u_sha_aes", authProtocol=snmpx.HmacSha,
                       authSecret=agent.AUTHPASS,
                       privProtocol=snmpx.Aes128Cfb,
                       privSecret=agent.PRIVPASS)
        m = engine.Manager(snmpd.address)
        elapsed = _thousand(engine, m)
        assert elapsed < 30
        assert engine.stats()["password_hashes"] == 2  # auth + priv, once


def test_1000_in_flight_over_many_managers(snmpd):
    """One engine, 1,000 managers (one per request), one socket."""
    with snmpx.Engine(defaultVersion=2, retries=5, timeout=0.5) as engine:
        mgrs = [engine.Manager(snmpd.address) for _ in range(1000)]
        handles = [m.get(OIDS[i % len(OIDS)], wait=False)
                   for i, m in enumerate(mgrs)]
        assert engine.pending == 1000
        got = [h.wait().variableBindings[0].name for h in reversed(handles)]
        assert got[::-1] == [OID.parse(OIDS[i % len(OIDS)])
                             for i in range(1000)]


def test_cancel_and_drop(engine, dead_address, snmpd):
    m = engine.Manager(dead_address, version=2, timeout=5.0)
    h = m.get(SYS_NAME, wait=False)
    assert engine.pending == 1 and not h.done()
    assert h.cancel() is True
    assert engine.pending == 0 and h.done()
    with pytest.raises(RuntimeError):
        h.wait()
    h = m.get(SYS_NAME, wait=False)
    del h  # a dropped handle cancels its request
    assert engine.pending == 0
    live = engine.Manager(snmpd.address, version=2)
    h = live.get(SYS_NAME, wait=False)
    while not h.done():
        engine.run_once()
    del h  # a completed result nobody took is dropped too
    assert engine.pending == 0


def test_timeouts_in_flight(engine, dead_address, snmpd):
    dead = engine.Manager(dead_address, version=2, timeout=0.2, retries=1)
    live = engine.Manager(snmpd.address, version=2)
    hs = [dead.get(SYS_NAME, wait=False) for _ in range(50)]
    ok = [live.get(SYS_NAME, wait=False) for _ in range(50)]
    for h in ok:
        assert h.wait().variableBindings[0].value == \
            OctetString(b"snmpx-python")
    for h in hs:
        with pytest.raises(Timeout):
            h.wait()
    assert engine.stats()["timeouts"] == 50


def test_blocking_wait_releases_the_gil(dead_address):
    """A thread blocked in a request lets others run; they may not use its
    engine meanwhile (RuntimeError, even to read ``pending``), and what
    they drop (a manager with a walk, a handle) is freed and cancelled
    once that thread comes out of the engine."""
    import threading
    with snmpx.Engine(defaultVersion=2, timeout=0.3, retries=1) as engine:
        m = engine.Manager(dead_address)
        slow = engine.Manager(dead_address, timeout=5, retries=0)
        h = slow.get(SYS_NAME, wait=False)
        walk = slow.walk("1.3.6.1.2.1.1")
        assert engine.pending == 2
        outcome = []

        def blocked():
            try:
                m.get(SYS_NAME)
            except Timeout:
                outcome.append("timeout")

        def in_use():
            try:
                engine.pending
            except RuntimeError:
                return True
            return False

        t = threading.Thread(target=blocked)
        t.start()
        deadline = time.monotonic() + 5
        while not in_use() and time.monotonic() < deadline:
            time.sleep(0.005)
        ran = 0
        t0 = time.monotonic()
        while time.monotonic() - t0 < 0.1:  # this thread keeps running
            ran += 1
        with pytest.raises(RuntimeError):
            m.get(SYS_NAME)
        with pytest.raises(RuntimeError):
            engine.pending
        with pytest.raises(RuntimeError):
            h.done()
        del walk, h, slow  # deferred: freed when the thread comes out
        t.join(10)
        assert outcome == ["timeout"] and ran > 1000
        assert engine.pending == 0  # the walk and the handle: cancelled
        with snmpx.Engine(defaultVersion=2) as other:  # other engines: fine
            assert other.pending == 0


def test_stats_has_every_counter():
    """stats() gives every field of snmpx_engine_stats (engine.h)."""
    import os
    import re
    header = os.path.join(os.path.dirname(__file__), "..", "..", "include",
                          "snmpx", "engine.h")
    with open(header) as f:
        text = f.read()
    body = re.search(r"typedef struct snmpx_engine_stats \{(.*?)\}", text,
                     re.S).group(1)
    fields = re.findall(r"uint64_t\s+(\w+);", body)
    assert len(fields) > 25
    with snmpx.Engine() as engine:
        stats = engine.stats()
    assert sorted(stats) == sorted(fields)
    assert all(v == 0 for v in stats.values())
