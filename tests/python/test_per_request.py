"""Per-request settings (python-snmp's): timeout, retries, community, user,
securityLevel and context on get/getNext/getBulk/set/walk/bulkWalk, in the
blocking, handle and asyncio forms, checked as Engine.Manager() checks
them; the manager's own settings are unchanged."""

import asyncio
import threading
import time

import pytest

import agent
import snmpx
from snmpx import (AsyncEngine, Engine, ErrorResponse, Integer, OctetString,
                   Timeout, authNoPriv, authPriv)

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYSTEM = "1.3.6.1.2.1.1"
WRITABLE_INT = agent.WRITABLE["int"][0]


def test_community_per_request(engine, snmpd):
    m = engine.Manager(snmpd.address, version=2, community=b"nope",
                       timeout=0.2, retries=0)
    assert m.get(SYS_DESCR, community="public").variableBindings
    assert m.getNext(SYSTEM, community=b"public").variableBindings
    assert m.getBulk(SYSTEM, maxRepetitions=3,
                     community="public").variableBindings
    assert len(list(m.walk(SYSTEM, community="public"))) > 3
    assert len(list(m.bulkWalk(SYSTEM, maxRepetitions=5,
                               community="public"))) > 3
    with pytest.raises(Timeout):                  # the manager's own
        m.get(SYS_DESCR)
    h = m.get(SYS_DESCR, community="public", wait=False)
    assert h.wait().variableBindings
    ro = engine.Manager(snmpd.address, version=2, community="public")
    with pytest.raises(ErrorResponse):
        ro.set((WRITABLE_INT, Integer(5)))
    ro.set((WRITABLE_INT, Integer(5)), community="private")
    assert ro.get(WRITABLE_INT).variableBindings[0].value == Integer(5)


def test_retries_and_timeout_per_request(engine, dead_address):
    m = engine.Manager(dead_address, version=2, timeout=60, retries=0)
    before = engine.stats()["retransmits"]
    with pytest.raises(Timeout):
        m.get(SYS_DESCR, timeout=0.05, retries=3)
    assert engine.stats()["retransmits"] - before == 3
    # The manager's 60 s would outlast the bound below: the request's
    # 0.05 s is what counts.
    h = m.get(SYS_DESCR, timeout=0.05, retries=1, wait=False)
    deadline = time.monotonic() + 20
    while not h.done() and time.monotonic() < deadline:
        engine.run_once(0.1)
    assert h.done()
    with pytest.raises(Timeout):
        h.wait()
    assert engine.pending == 0


def test_user_and_level_per_request(engine, snmpd):
    engine.addUser("u_noauth")
    engine.addUser("u_sha256", authProtocol=snmpx.HmacSha256,
                   authSecret=agent.AUTHPASS)
    engine.addUser("user", authProtocol=snmpx.HmacSha256,
                   authSecret=agent.AUTHPASS, privProtocol=snmpx.Aes128Cfb,
                   privSecret=agent.PRIVPASS)
    m = engine.Manager(snmpd.address, user="u_noauth", retries=0,
                       timeout=0.3)
    assert m.get(SYS_DESCR, user="user").variableBindings      # authPriv
    assert m.get(SYS_DESCR, user=b"u_sha256").variableBindings  # authNoPriv
    # snmpd serves "user" at authPriv only: the request's level is sent
    with pytest.raises(ErrorResponse, match="authorizationError"):
        m.get(SYS_DESCR, user="user", securityLevel=authNoPriv)
    pm = engine.Manager(snmpd.address, user="user", retries=0, timeout=0.3)
    with pytest.raises(ErrorResponse, match="authorizationError"):
        pm.getNext(SYSTEM, securityLevel=authNoPriv)
    assert pm.getNext(SYSTEM).variableBindings          # its own: authPriv
    assert m.get(SYS_DESCR).variableBindings            # its own: u_noauth


def test_bad_settings_refused_before_sending(engine, snmpd):
    engine.addUser("u_sha256", authProtocol=snmpx.HmacSha256,
                   authSecret=agent.AUTHPASS)
    v2 = engine.Manager(snmpd.address, version=2)
    v3 = engine.Manager(snmpd.address, user="u_sha256")
    sent = engine.stats()["out_pkts"]
    bad = [(v2, dict(timeout=0), ValueError), (v2, dict(timeout="1"),
                                                 TypeError),
           (v2, dict(retries=-1), ValueError), (v2, dict(retries=1.0),
                                                TypeError),
           (v2, dict(community=5), TypeError),
           (v2, dict(user="u_sha256"), ValueError),
           (v2, dict(securityLevel=authNoPriv), ValueError),
           (v2, dict(context=b"c"), ValueError),
           (v3, dict(community="public"), ValueError),
           (v3, dict(user="nobody"), ValueError),
           (v3, dict(securityLevel=authPriv), ValueError),
           (v3, dict(securityLevel=7), ValueError),
           (v3, dict(context=3), TypeError)]
    for mgr, kw, exc in bad:
        with pytest.raises(exc):
            mgr.get(SYS_DESCR, **kw)
        with pytest.raises(exc):
            mgr.walk(SYSTEM, **kw)
    with pytest.raises(TypeError, match="unexpected keyword"):
        v2.get(SYS_DESCR, timeout=1, bogus=1)
    assert engine.stats()["out_pkts"] == sent


def test_context_per_request():
    """A Python agent serving context "ctx" only: the manager's context
    gets snmpUnknownContexts, the request's is served."""
    eng = Engine()
    eng.setLocalEngine(bytes.fromhex("80001f8804637478"))
    eng.addUser("admin", authProtocol=snmpx.HmacSha256,
                authSecret=agent.AUTHPASS)
    ag = eng.Agent("127.0.0.1:0", users={"admin": "read"},
                   contextName=b"ctx")
    ag.register("1.3.6.1.4.1.99996", {"1.3.6.1.4.1.99996.1.0":
                                      OctetString(b"in ctx")})
    thread = threading.Thread(target=eng.serve, kwargs=dict(timeout=60))
    thread.start()
    try:
        with Engine() as client:
            client.addUser("admin", authProtocol=snmpx.HmacSha256,
                           authSecret=agent.AUTHPASS)
            m = client.Manager(("127.0.0.1", ag.port), timeout=0.5,
                               retries=0)
            with pytest.raises(snmpx.SnmpxError):
                m.get("1.3.6.1.4.1.99996.1.0")
            resp = m.get("1.3.6.1.4.1.99996.1.0", context=b"ctx")
            assert resp.variableBindings[0].value == OctetString(b"in ctx")
            assert [vb.value for vb in m.walk("1.3.6.1.4.1.99996",
                                              context="ctx")] == \
                [OctetString(b"in ctx")]
    finally:
        eng.stop()
        thread.join()
        eng.close()


def test_asyncio_per_request(snmpd):
    async def main():
        async with AsyncEngine(defaultVersion=2) as eng:
            m = eng.Manager(snmpd.address, community="nope", timeout=0.2,
                            retries=0)
            resp = await m.get(SYS_DESCR, community="public", timeout=1,
                               retries=2)
            names = [vb.name async for vb in
                     m.bulkWalk(SYSTEM, community="public")]
            with pytest.raises(Timeout):
                await m.get(SYS_DESCR)
            return resp, names

    resp, names = asyncio.run(main())
    assert resp.variableBindings and len(names) > 3
