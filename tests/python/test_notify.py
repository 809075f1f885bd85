"""Notifications: traps and informs sent from Python (to an snmpx
receiver and to Net-SNMP's snmptrapd) and received by
Engine.NotificationReceiver (from snmpx and from Net-SNMP's snmptrap and
snmpinform), v1, v2c and v3 authPriv, blocking and asyncio."""

import asyncio
import contextlib
import logging
import threading

import pytest

import netsnmp
import snmpx
from snmpx import (OID, Aes128Cfb, Counter32, Counter64, Engine, Gauge32,
                   HmacSha256, Integer, IpAddress, OctetString, PduType,
                   SnmpxError, TimeTicks, Timeout, VarBind, authPriv)

TRAP_OID = OID.parse("1.3.6.1.4.1.99999.0.1")
OBJ = "1.3.6.1.4.1.99999.1.0"
SYS_UPTIME_0 = OID.parse("1.3.6.1.2.1.1.3.0")
SNMP_TRAP_OID_0 = OID.parse("1.3.6.1.6.3.1.1.4.1.0")
SENDER_ID = bytes.fromhex("80001f8804736e6d7078")   # "snmpx", format 4
AUTH = netsnmp.AUTHPASS
PRIV = netsnmp.PRIVPASS


def add_user(engine, name, engineID=None):
    engine.addUser(name, authProtocol=HmacSha256, authSecret=AUTH,
                   privProtocol=Aes128Cfb, privSecret=PRIV,
                   engineID=engineID)


@pytest.fixture
def rx():
    """A receiving engine and what its receiver got."""
    with Engine(timeout=0.5, retries=1) as e:
        e.got = []
        e.receiver = e.NotificationReceiver("127.0.0.1:0", e.got.append)
        yield e


@pytest.fixture
def tx():
    with Engine(timeout=0.5, retries=2) as e:
        yield e


def serve_until(engine, n, timeout=3.0):
    engine.serve(timeout=timeout, until=lambda: len(engine.got) >= n)
    return engine.got


@contextlib.contextmanager
def serving(engine, timeout=10.0):
    """|engine| serves in a thread for the block (for exchanges that
    need both engines running, such as v3 discovery)."""
    t = threading.Thread(target=engine.serve, kwargs=dict(timeout=timeout))
    t.start()
    try:
        yield engine
    finally:
        engine.stop()
        t.join()


# ---- snmpx to snmpx ------------------------------------------------------

def test_v2c_trap_fields_and_order(rx, tx):
    mgr = tx.Manager(("127.0.0.1", rx.receiver.port), version=2,
                     community="public")
    values = [Integer(-5), OctetString(b"\x00bin"), IpAddress("192.0.2.7"),
              Counter32(7), Gauge32(8), TimeTicks(9), Counter64(1 << 40),
              OID.parse("1.3.6.1.4.1")]
    vbs = [VarBind("1.3.6.1.4.1.99999.1.%d" % i, v)
           for i, v in enumerate(values)]
    assert mgr.trap(TRAP_OID, *vbs, uptime=4242) is None
    (n,) = serve_until(rx, 1)
    assert n.pduType == PduType.SNMPv2Trap and not n.isInform
    assert n.version == 2 and n.community == b"public"
    assert n.securityName == b"public" and n.engineID is None
    assert n.source[0] == "127.0.0.1" and n.source[1] > 0
    assert n.trapOID == TRAP_OID and n.uptime == 4242
    assert n.enterprise is None and n.genericTrap is None
    # RFC 3416 4.2.6: sysUpTime.0 then snmpTrapOID.0, then ours
    got = n.variableBindings
    assert [vb.name for vb in got[:2]] == [SYS_UPTIME_0, SNMP_TRAP_OID_0]
    assert got[0].value == TimeTicks(4242)
    assert list(got[2:]) == vbs
    assert rx.receiver.received == 1


def test_default_uptime_counts_from_engine_start(rx, tx):
    mgr = tx.Manager(("127.0.0.1", rx.receiver.port), version=2)
    tx._started -= 12.5          # as if the engine were made 12.5 s ago
    mgr.trap("1.3.6.1.4.1.99999.0.2")
    (n,) = serve_until(rx, 1)
    assert 1250 <= n.uptime < 1450


def test_v1_traps_rfc3584(rx, tx):
    mgr = tx.Manager(("127.0.0.1", rx.receiver.port), version=1)
    mgr.trapV1("1.3.6.1.4.1.8072.4", 6, 17, (OBJ, Integer(1)),
               uptime=TimeTicks(55), agentAddr="192.0.2.1")
    # trap() translates: enterprise = trapOID minus ".0.1", specific 1.
    # A trap holding a Counter64 cannot be an SNMPv1 trap (RFC 3584 3.2):
    # refused whole, nothing sent.
    with pytest.raises(SnmpxError):
        mgr.trap(TRAP_OID, (OBJ, Integer(2)), ("1.3.6.1.4.1.99999.2.0",
                                               Counter64(5)), uptime=66)
    mgr.trap(TRAP_OID, (OBJ, Integer(2)), uptime=66)
    # a generic trap: linkUp (snmpTraps.4) is generic-trap 3
    mgr.trap("1.3.6.1.6.3.1.1.5.4", ("1.3.6.1.6.3.1.1.4.3.0",
                                     OID.parse("1.3.6.1.4.1.8072")))
    a, b, c = serve_until(rx, 3)
    assert a.pduType == PduType.TrapV1 and a.version == 1
    assert a.enterprise == OID.parse("1.3.6.1.4.1.8072.4")
    assert (a.genericTrap, a.specificTrap, a.uptime) == (6, 17, 55)
    assert a.agentAddr == IpAddress("192.0.2.1")
    assert a.trapOID == OID.parse("1.3.6.1.4.1.8072.4.0.17")
    assert list(a.variableBindings) == [VarBind(OBJ, Integer(1))]
    assert b.enterprise == OID.parse("1.3.6.1.4.1.99999")
    assert (b.genericTrap, b.specificTrap, b.uptime) == (6, 1, 66)
    assert b.trapOID == TRAP_OID
    assert b.agentAddr == IpAddress("127.0.0.1")   # towards the receiver
    assert list(b.variableBindings) == [VarBind(OBJ, Integer(2))]
    assert (c.genericTrap, c.specificTrap) == (3, 0)
    assert c.enterprise == OID.parse("1.3.6.1.4.1.8072")
    assert c.trapOID == OID.parse("1.3.6.1.6.3.1.1.5.4")


def test_trapv1_on_v2c_translates(rx, tx):
    mgr = tx.Manager(("127.0.0.1", rx.receiver.port), version=2)
    mgr.trapV1("1.3.6.1.4.1.8072", 0, 0, uptime=3)        # coldStart
    mgr.trapV1("1.3.6.1.4.1.8072", 6, 9, (OBJ, Integer(1)))
    a, b = serve_until(rx, 2)
    assert a.trapOID == OID.parse("1.3.6.1.6.3.1.1.5.1") and a.uptime == 3
    assert a.variableBindings[-1] == VarBind("1.3.6.1.6.3.1.1.4.3.0",
                                             OID.parse("1.3.6.1.4.1.8072"))
    assert b.trapOID == OID.parse("1.3.6.1.4.1.8072.0.9")
    # snmpTrapEnterprise.0 is appended for every translated trap, as
    # Net-SNMP does (RFC 3584 3.1 (4) asks it of proxies)
    assert b.variableBindings[2:] == (
        VarBind(OBJ, Integer(1)),
        VarBind("1.3.6.1.6.3.1.1.4.3.0", OID.parse("1.3.6.1.4.1.8072")))


def test_v2c_inform_blocking_and_handle(rx, tx):
    """An inform blocks until acknowledged: the receiver runs in the
    same engine here (one engine is both ends)."""
    rx_mgr = rx.Manager(("127.0.0.1", rx.receiver.port), version=2)
    resp = rx_mgr.inform(TRAP_OID, (OBJ, OctetString("x")), uptime=7)
    assert [str(vb.name) for vb in resp.variableBindings] == [
        str(SYS_UPTIME_0), str(SNMP_TRAP_OID_0), OBJ]
    assert rx.got[0].isInform and rx.got[0].pduType == PduType.InformRequest
    # from another engine: a handle, acknowledged while rx serves
    mgr = tx.Manager(("127.0.0.1", rx.receiver.port), version=2)
    h = mgr.inform(TRAP_OID, (OBJ, Integer(2)), wait=False)
    serve_until(rx, 2)
    assert h.wait().variableBindings[2] == VarBind(OBJ, Integer(2))
    with pytest.raises(ValueError):
        tx.Manager(("127.0.0.1", rx.receiver.port), version=1).inform(
            TRAP_OID)


def test_inform_timeout(tx, dead_address):
    mgr = tx.Manager(dead_address, version=2, timeout=0.1, retries=1)
    with pytest.raises(Timeout):
        mgr.inform(TRAP_OID)


def test_v3_trap_user_bound_to_sender_engine_id(rx, tx):
    tx.setLocalEngine(SENDER_ID, boots=3)
    assert tx.engineID == SENDER_ID and tx.engineBoots == 3
    add_user(tx, "trapper")
    add_user(rx, "trapper", engineID=SENDER_ID)
    mgr = tx.Manager(("127.0.0.1", rx.receiver.port), user="trapper")
    mgr.trap(TRAP_OID, (OBJ, OctetString("secret")))
    (n,) = serve_until(rx, 1)
    assert n.version == 3 and n.securityName == b"trapper"
    assert n.securityLevel == authPriv and n.engineID == SENDER_ID
    assert n.community is None and n.contextName == b""
    assert n.variableBindings[2] == VarBind(OBJ, OctetString("secret"))
    # another sender's engine ID has no user here: dropped and counted
    tx.setLocalEngine(SENDER_ID[:-1] + b"\x00")
    mgr.trap(TRAP_OID)
    rx.serve(timeout=0.3)
    assert len(rx.got) == 1
    assert rx.stats()["usm_unknown_engine_ids"] >= 1 or \
        rx.stats()["in_bad_security"] >= 1


def test_v3_inform_discovers_receiver(rx, tx):
    rx.setLocalEngine(bytes.fromhex("80001f88047278"))
    add_user(rx, "informer")
    add_user(tx, "informer")
    mgr = tx.Manager(("127.0.0.1", rx.receiver.port), user="informer")
    with serving(rx):
        resp = mgr.inform(TRAP_OID, (OBJ, Integer(3)))
    assert resp.variableBindings[2] == VarBind(OBJ, Integer(3))
    assert tx.stats()["discoveries"] == 1
    (n,) = rx.got
    assert n.isInform and n.engineID == rx.engineID
    assert n.securityLevel == authPriv


def test_community_filter(tx):
    with Engine() as e:
        got = []
        r = e.NotificationReceiver("127.0.0.1:0", got.append,
                                   communities=["public"])
        tx.Manager(("127.0.0.1", r.port), version=2,
                   community="wrong").trap(TRAP_OID)
        tx.Manager(("127.0.0.1", r.port), version=2).trap(TRAP_OID)
        e.serve(timeout=2, until=lambda: got and r.dropped)
        assert len(got) == 1 and r.dropped == 1 and r.received == 1
        # a refused inform is not acknowledged: its sender times out
        bad = tx.Manager(("127.0.0.1", r.port), version=2,
                         community="wrong", timeout=0.2, retries=1)
        with serving(e), pytest.raises(Timeout):
            bad.inform(TRAP_OID)
        assert r.dropped == 3 and len(got) == 1       # sent twice


def test_callback_exception_ends_serve(rx, tx):
    def boom(n):
        raise KeyError("from the callback")
    rx.receiver.callback = boom
    tx.Manager(("127.0.0.1", rx.receiver.port), version=2).trap(TRAP_OID)
    with pytest.raises(KeyError, match="from the callback"):
        rx.serve(timeout=3)


def test_callback_may_send_but_not_block(rx, tx):
    """A callback may send a trap (or start a request with wait=False)
    from its own engine, but not wait on it."""
    seen = []

    def forward(n):
        seen.append(n)
        if len(seen) == 1:
            fwd.trap(n.trapOID, *n.variableBindings[2:])
            with pytest.raises(RuntimeError, match="cannot wait"):
                fwd.get("1.3.6.1.2.1.1.1.0")
            with pytest.raises(RuntimeError, match="cannot close"):
                rx.close()
    rx.receiver.callback = forward
    fwd = rx.Manager(("127.0.0.1", rx.receiver.port), version=2,
                     timeout=0.1, retries=0)
    tx.Manager(("127.0.0.1", rx.receiver.port), version=2).trap(
        TRAP_OID, (OBJ, Integer(1)))
    rx.serve(timeout=3, until=lambda: len(seen) >= 2)
    assert len(seen) == 2 and seen[1].variableBindings[2:] == \
        seen[0].variableBindings[2:]


def test_callback_error_outside_serve_is_logged(rx, tx, caplog):
    def boom(n):
        raise ValueError("logged")
    rx.receiver.callback = boom
    tx.Manager(("127.0.0.1", rx.receiver.port), version=2).trap(TRAP_OID)
    with caplog.at_level(logging.ERROR, logger="snmpx"):
        rx.run_once(2.0)
    assert "logged" in caplog.text


def test_receiver_close_and_bad_arguments(rx, tx):
    with pytest.raises(RuntimeError):
        rx.NotificationReceiver("127.0.0.1:0", print)
    rx.receiver.close()
    tx.Manager(("127.0.0.1", rx.receiver.port), version=2).trap(TRAP_OID)
    rx.serve(timeout=0.3)
    assert rx.got == []
    with pytest.raises(TypeError):
        tx.NotificationReceiver("127.0.0.1:0", "not callable")
    with pytest.raises(ValueError):
        tx.NotificationReceiver("nonsense:address:x", print)
    with pytest.raises(OSError):
        tx.NotificationReceiver("192.0.2.1:0", print)     # not local
    with pytest.raises(ValueError):
        tx.setLocalEngine(b"1234")                      # too short
    with pytest.raises(ValueError):
        tx.Manager("127.0.0.1:1", version=2).trapV1("1.3.6", 7, 0)


def test_async_receiver_and_inform():
    async def main():
        start = asyncio.get_running_loop().time()
        async with snmpx.AsyncEngine(timeout=0.5, retries=2) as e:
            got = []

            async def on_note(n):
                await asyncio.sleep(0)
                got.append(n)
                if len(got) == 2:
                    e.stop()
            r = e.NotificationReceiver("127.0.0.1:0", on_note)
            served = asyncio.ensure_future(e.serve(timeout=3))
            mgr = e.Manager(("127.0.0.1", r.port), version=2)
            mgr.trap(TRAP_OID, (OBJ, Integer(1)))
            resp = await mgr.inform(TRAP_OID, (OBJ, Integer(2)))
            assert resp.variableBindings[2].value == Integer(2)
            await served            # ended by stop(), not the timeout
            assert not e._serving and asyncio.get_running_loop().time() \
                < start + 2.5
            return got
    got = asyncio.run(main())
    assert [n.pduType for n in got] == [PduType.SNMPv2Trap,
                                         PduType.InformRequest]


def test_coroutine_callback_needs_async_engine(rx, tx):
    async def coro(n):
        pass
    rx.receiver.callback = coro
    tx.Manager(("127.0.0.1", rx.receiver.port), version=2).trap(TRAP_OID)
    with pytest.raises(TypeError, match="AsyncEngine"):
        rx.serve(timeout=3)


# ---- to Net-SNMP's snmptrapd ---------------------------------------------

@pytest.fixture(scope="module")
def trapd():
    d = netsnmp.Snmptrapd(users=[("trapper", SENDER_ID),
                                 ("informer", None)]).start()
    yield d
    d.stop()


def test_snmptrapd_receives_v1_v2c_v3_traps(trapd):
    before = len(trapd.lines())
    with Engine(timeout=0.5, retries=2) as e:
        e.setLocalEngine(SENDER_ID)
        add_user(e, "trapper")
        e.Manager(trapd.address, version=1).trapV1(
            "1.3.6.1.4.1.99999", 6, 7, (OBJ, Integer(1)), uptime=1234,
            agentAddr="192.0.2.9")
        e.Manager(trapd.address, version=2).trap(
            TRAP_OID, (OBJ, OctetString("v2c")), uptime=50)
        e.Manager(trapd.address, user="trapper").trap(
            TRAP_OID, (OBJ, OctetString("v3")), uptime=60)
    v1, v2, v3 = trapd.wait_for(before + 3)[before:]
    assert v1["kind"] == "TRAP, SNMP v1, community public"
    assert (v1["addr"], v1["enterprise"], v1["generic"], v1["specific"],
            v1["uptime"]) == ("192.0.2.9", ".1.3.6.1.4.1.99999", "6", ".7",
                              "1234")
    assert v1["varbinds"] == [(OBJ, "INTEGER: 1")]
    assert v2["kind"] == "TRAP2, SNMP v2c, community public"
    assert v2["varbinds"] == [
        ("1.3.6.1.2.1.1.3.0", "Timeticks: (50) 0:00:00.50"),
        ("1.3.6.1.6.3.1.1.4.1.0", "OID: .1.3.6.1.4.1.99999.0.1"),
        (OBJ, 'STRING: "v2c"')]
    assert v3["kind"] == "TRAP2, SNMP v3, user trapper, context "
    assert v3["varbinds"][2] == (OBJ, 'STRING: "v3"')


def test_snmptrapd_acknowledges_v2c_and_v3_informs(trapd):
    before = len(trapd.lines())
    with Engine(timeout=0.5, retries=2) as e:
        add_user(e, "informer")
        r2 = e.Manager(trapd.address, version=2).inform(
            TRAP_OID, (OBJ, OctetString("i2")))
        r3 = e.Manager(trapd.address, user="informer").inform(
            TRAP_OID, (OBJ, OctetString("i3")))
    assert r2.variableBindings[2] == VarBind(OBJ, OctetString("i2"))
    assert r3.variableBindings[2] == VarBind(OBJ, OctetString("i3"))
    i2, i3 = trapd.wait_for(before + 2)[before:]
    assert i2["kind"] == "INFORM, SNMP v2c, community public"
    assert i3["kind"] == "INFORM, SNMP v3, user informer, context "
    assert i3["varbinds"][2] == (OBJ, 'STRING: "i3"')


# ---- from Net-SNMP's snmptrap and snmpinform -----------------------------

@pytest.fixture
def tools():
    t = netsnmp.Tools()
    yield t
    t.close()


def run_and_serve(engine, tools, name, *args, n=1):
    """Run a Net-SNMP tool while |engine| serves (until the tool ends and
    |engine| got |n| notifications); its (rc, out, err)."""
    p = tools.start(name, *args)
    engine.serve(timeout=8, until=lambda: p.poll() is not None and
                 len(engine.got) >= n)
    out, err = p.communicate(timeout=5)
    return p.returncode, out, err


def test_from_snmptrap_v1_and_v2c(rx, tools):
    addr = "127.0.0.1:%d" % rx.receiver.port
    rc, _, err = run_and_serve(rx, tools, "snmptrap", "-v1", "-c", "public",
                               addr, "1.3.6.1.4.1.8072", "192.0.2.5", "6",
                               "99", "777", OBJ, "i", "42")
    assert rc == 0, err
    rc, _, err = run_and_serve(rx, tools, "snmptrap", "-v2c", "-c",
                               "public", addr, "888", str(TRAP_OID), OBJ,
                               "s", "hello", "1.3.6.1.4.1.99999.2.0", "c",
                               "5", n=2)
    assert rc == 0, err
    v1, v2 = rx.got
    assert v1.pduType == PduType.TrapV1 and v1.community == b"public"
    assert v1.enterprise == OID.parse("1.3.6.1.4.1.8072")
    assert (v1.genericTrap, v1.specificTrap, v1.uptime) == (6, 99, 777)
    assert v1.agentAddr == IpAddress("192.0.2.5")
    assert list(v1.variableBindings) == [VarBind(OBJ, Integer(42))]
    assert v2.pduType == PduType.SNMPv2Trap and v2.uptime == 888
    assert v2.trapOID == TRAP_OID
    assert list(v2.variableBindings[2:]) == [
        VarBind(OBJ, OctetString("hello")),
        VarBind("1.3.6.1.4.1.99999.2.0", Counter32(5))]


def test_from_snmpinform_v2c(rx, tools):
    rc, out, err = run_and_serve(rx, tools, "snmpinform", "-v2c", "-c",
                                 "public", "-t", "1", "-r", "1",
                                 "127.0.0.1:%d" % rx.receiver.port, "5",
                                 str(TRAP_OID), OBJ, "s", "ack me")
    assert rc == 0, err            # snmpinform fails without the ack
    (n,) = rx.got
    assert n.isInform and n.variableBindings[2] == VarBind(
        OBJ, OctetString("ack me"))


def test_from_snmptrap_and_snmpinform_v3_authpriv(rx, tools):
    add_user(rx, "trapper", engineID=SENDER_ID)   # traps: sender's ID
    add_user(rx, "informer")                      # informs: ours
    addr = "127.0.0.1:%d" % rx.receiver.port
    rc, _, err = run_and_serve(
        rx, tools, "snmptrap", *netsnmp.v3_args("trapper", SENDER_ID), addr,
        "", str(TRAP_OID), OBJ, "s", "v3 trap")
    assert rc == 0, err
    rc, _, err = run_and_serve(
        rx, tools, "snmpinform", *netsnmp.v3_args("informer"), "-t", "1",
        "-r", "1", addr, "", str(TRAP_OID), OBJ, "s", "v3 inform", n=2)
    assert rc == 0, err
    trap, inform = rx.got
    assert trap.version == 3 and trap.securityName == b"trapper"
    assert trap.engineID == SENDER_ID and trap.securityLevel == authPriv
    assert trap.variableBindings[2] == VarBind(OBJ, OctetString("v3 trap"))
    assert inform.isInform and inform.engineID == rx.engineID
    assert inform.variableBindings[2] == VarBind(OBJ,
                                                 OctetString("v3 inform"))
    # a wrong password is not delivered
    rc, _, _ = run_and_serve(
        rx, tools, "snmpinform", "-v3", "-u", "informer", "-l", "authPriv",
        "-a", "SHA-256", "-A", "wrong-password", "-x", "AES", "-X", PRIV,
        "-t", "0.3", "-r", "0", addr, "", str(TRAP_OID), n=0)
    assert rc != 0 and len(rx.got) == 2
