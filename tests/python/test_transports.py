"""Transports from Python: managers over tcp: and unix: against Net-SNMP's
snmpd, `snmpx agent` and a Python Engine.Agent; an Engine.Agent and a
NotificationReceiver listening on tcp: and unix: (Net-SNMP's tools send
to them); Net-SNMP's spellings of the transports; errors that name the
argument for addresses that do not parse or whose transport the engine
does not serve (tls:, dtls: while the io has no TLS/DTLS transport)."""

import asyncio
import os
import shutil
import tempfile
import threading

import pytest

import agent as harness
import netsnmp
from snmpx import (OID, Aes128Cfb, AsyncEngine, Engine, HmacSha256,
                   OctetString, ResolvingManager, Tsm)

SYS_NAME = "1.3.6.1.2.1.1.5.0"
SYSTEM = "1.3.6.1.2.1.1"
AUTH, PRIV = harness.AUTHPASS, harness.PRIVPASS


def add_user(engine, name="u_sha256_aes"):
    engine.addUser(name, authProtocol=HmacSha256, authSecret=AUTH,
                   privProtocol=Aes128Cfb, privSecret=PRIV)


@pytest.fixture(scope="module")
def stream_snmpd():
    a = harness.Snmpd(stream=True).start()
    yield a
    a.stop()


@pytest.fixture
def sockdir():
    d = tempfile.mkdtemp(prefix="snmpx-py-unix.")
    yield d
    shutil.rmtree(d, ignore_errors=True)


def check_get_and_walk(mgr, name):
    """A GET of sysName.0 gives |name| (also with a per-request timeout);
    a walk of system gives its objects in order, sysName among them."""
    resp = mgr.get(SYS_NAME)
    assert resp.variableBindings[0].value == OctetString(name.encode())
    # A per-request setting: a manager derived from this one, over the
    # same transport.
    resp = mgr.get(SYS_NAME, timeout=3.0, retries=1)
    assert resp.variableBindings[0].value == OctetString(name.encode())
    rows = list(mgr.walk(SYSTEM))
    oids = [vb.name for vb in rows]
    assert len(rows) >= 7, rows
    assert oids == sorted(oids)
    assert all(o.startswith(OID.parse(SYSTEM)) for o in oids)
    assert OID.parse(SYS_NAME) in oids


# ---- Net-SNMP's snmpd over tcp: and unix: ------------------------------

def test_snmpd_tcp_v2c_and_v3(stream_snmpd):
    with Engine(timeout=2.0, retries=1) as e:
        check_get_and_walk(e.Manager(stream_snmpd.tcp_address, version=2,
                                     community="public"), "snmpx-python")
        add_user(e)
        check_get_and_walk(e.Manager(stream_snmpd.tcp_address),
                           "snmpx-python")


@pytest.mark.parametrize("spelling", ["unix:", ""])
def test_snmpd_unix_v3(stream_snmpd, spelling):
    """unix:/path and a path alone (Net-SNMP's spellings)."""
    path = stream_snmpd.unix_address[len("unix:"):]
    with Engine(timeout=2.0, retries=1) as e:
        add_user(e)
        check_get_and_walk(e.Manager(spelling + path), "snmpx-python")


@pytest.mark.parametrize("spelling", ["tcp", "TCP", "tcpv6", "tcp6",
                                      "tcpipv6"])
def test_transport_spellings(spelling):
    """Net-SNMP's names of a transport, in any case; tcp6 spellings take
    bracketed IPv6 literals."""
    host = "[::1]" if "6" in spelling else "127.0.0.1"
    with Engine() as e:
        m = e.Manager("%s:%s:1161" % (spelling, host), version=2)
        assert m.address == "%s:%s:1161" % (spelling, host)


def test_async_manager_over_tcp(stream_snmpd):
    """An AsyncEngine over tcp:, by number and by host name (resolved by
    the loop in the TCP transport, not turned into UDP)."""
    port = stream_snmpd.port

    async def run():
        async with AsyncEngine(timeout=2.0, retries=1) as e:
            for addr in ("tcp:127.0.0.1:%d" % port, "tcp:localhost:%d" % port):
                m = e.Manager(addr, version=2, community="public")
                resp = await m.get(SYS_NAME)
                assert resp.variableBindings[0].value == \
                    OctetString(b"snmpx-python")
                if "localhost" in addr:
                    assert isinstance(m, ResolvingManager)
                    real = await m.resolved()
                    assert real.address.startswith("tcp:127.0.0.1:")
    asyncio.run(run())


# ---- `snmpx agent` over tcp: and unix: ---------------------------------

def test_snmpx_agent_tcp_and_unix(sockdir):
    import test_hlapi
    binary = test_hlapi._snmpx_binary()
    if binary is None:
        pytest.skip("snmpx binary not built (SNMPX_BUILD)")
    sock = os.path.join(sockdir, "agent.sock")
    proc, port = harness.start_answering(
        lambda p: harness.snmpx_agent_argv(
            binary, p, extra=["tcp:127.0.0.1:%d" % p, "unix:" + sock]),
        dict(os.environ))
    try:
        with Engine(timeout=2.0, retries=1) as e:
            check_get_and_walk(e.Manager("tcp:127.0.0.1:%d" % port,
                                         version=2, community="public"),
                               "snmpx-hlapi")
            add_user(e)
            check_get_and_walk(e.Manager("tcp:127.0.0.1:%d" % port),
                               "snmpx-hlapi")
            check_get_and_walk(e.Manager("unix:" + sock), "snmpx-hlapi")
    finally:
        harness.stop_process(proc)


# ---- a Python agent and receiver listening on tcp: and unix: -----------

class Served:
    """An Engine.Agent on |addresses|, served in a thread."""

    def __init__(self, addresses):
        self.engine = Engine()
        self.engine.setLocalEngine(bytes.fromhex("80001f8804707974"))
        add_user(self.engine, "reader")
        self.agent = self.engine.Agent(addresses, communities="public",
                                       users={"reader": "read"})
        self.agent.register(OID.parse(SYSTEM), {
            OID.parse("1.3.6.1.2.1.1.1.0"): OctetString(b"python agent"),
            OID.parse("1.3.6.1.2.1.1.2.0"): OID.parse("1.3.6.1.4.1.8072"),
            OID.parse("1.3.6.1.2.1.1.4.0"): OctetString(b"nobody"),
            OID.parse(SYS_NAME): OctetString(b"snmpx-pyagent"),
            OID.parse("1.3.6.1.2.1.1.6.0"): OctetString(b"lab"),
            OID.parse("1.3.6.1.2.1.1.7.0"): 72,
            OID.parse("1.3.6.1.2.1.1.8.0"): 0})
        self.thread = threading.Thread(target=self.engine.serve,
                                       kwargs=dict(timeout=60))
        self.thread.start()

    def close(self):
        self.engine.stop()
        self.thread.join()
        self.engine.close()


def test_python_agent_tcp_and_unix(sockdir):
    sock = os.path.join(sockdir, "pyagent.sock")
    served = Served(["tcp:127.0.0.1:0", "unix:" + sock])
    try:
        tcp, unix = served.agent.addresses
        assert tcp[0] == "127.0.0.1" and tcp[1] > 0
        assert unix == (sock, 0)
        with Engine(timeout=2.0, retries=1) as e:
            check_get_and_walk(e.Manager("tcp:127.0.0.1:%d" % tcp[1],
                                         version=2, community="public"),
                               "snmpx-pyagent")
            add_user(e, "reader")
            check_get_and_walk(e.Manager("tcp:127.0.0.1:%d" % tcp[1],
                                         user="reader"), "snmpx-pyagent")
            check_get_and_walk(e.Manager("unix:" + sock, user="reader"),
                               "snmpx-pyagent")
    finally:
        served.close()
    assert not os.path.exists(sock)      # removed with the engine


def test_netsnmp_tools_to_python_agent_over_tcp(sockdir):
    served = Served(["tcp:127.0.0.1:0"])
    tools = netsnmp.Tools()
    try:
        port = served.agent.port
        rc, out, err = tools.run("snmpget", "-v2c", "-c", "public", "-t",
                                 "5", "-r", "1", "tcp:127.0.0.1:%d" % port,
                                 SYS_NAME, timeout=30)
        assert rc == 0, err
        assert "snmpx-pyagent" in out
    finally:
        tools.close()
        served.close()


class Receiving:
    """An engine with a NotificationReceiver on |addresses|."""

    def __init__(self, addresses):
        self.engine = Engine()
        self.got = []
        self.receiver = self.engine.NotificationReceiver(
            addresses, self.got.append, communities="public")


@pytest.mark.parametrize("sender", ["snmpx", "snmptrap"])
def test_receiver_over_tcp(sender):
    """Notifications over TCP, from a Python manager (trap and inform) and
    from Net-SNMP's snmptrap."""
    rx = Receiving(["tcp:127.0.0.1:0"])
    port = rx.receiver.port
    try:
        if sender == "snmpx":
            with Engine(timeout=2.0, retries=2) as tx:
                m = tx.Manager("tcp:127.0.0.1:%d" % port, version=2,
                               community="public")
                m.trap("1.3.6.1.4.1.99999.0.1",
                       ("1.3.6.1.4.1.99999.1.0", OctetString(b"over tcp")))
                rx.engine.serve(timeout=10, until=lambda: len(rx.got) >= 1)
                done = []
                t = threading.Thread(target=lambda: done.append(
                    m.inform("1.3.6.1.4.1.99999.0.2")))
                t.start()
                rx.engine.serve(timeout=10, until=lambda: len(rx.got) >= 2
                                and not t.is_alive())
                t.join()
                assert len(done) == 1
            assert len(rx.got) == 2
            assert [vb.value for vb in rx.got[0].variableBindings][-1] == \
                OctetString(b"over tcp")
        else:
            tools = netsnmp.Tools()
            try:
                p = tools.start("snmptrap", "-v2c", "-c", "public",
                                "tcp:127.0.0.1:%d" % port, "0",
                                "1.3.6.1.4.1.99999.0.3",
                                "1.3.6.1.4.1.99999.1.0", "s", "from net-snmp")
                rx.engine.serve(timeout=15, until=lambda: p.poll() is not None
                                and len(rx.got) >= 1)
                _, err = p.communicate(timeout=10)
                assert p.returncode == 0, err
            finally:
                tools.close()
            assert len(rx.got) == 1
            assert rx.got[0].variableBindings[-1].value == \
                OctetString(b"from net-snmp")
    finally:
        rx.engine.close()


# ---- errors that name the argument --------------------------------------

def test_unavailable_transports_name_the_argument():
    with Engine() as e:
        add_user(e)
        # What the io does not serve yet (tls: since fix-tlsstream, dtls:
        # once DTLS is in) is refused naming the address and transport.
        for addr, name in (("tls:127.0.0.1:10161", "tlstcp"),
                           ("dtls:127.0.0.1:10161", "dtlsudp")):
            try:
                e.Manager(addr, security=Tsm("admin"))
                continue                            # served
            except ValueError as exc:
                assert str(exc) == (
                    "agent address %r: the %s transport is not available in "
                    "this engine (transport domain not available)"
                    % (addr, name))
            with pytest.raises(ValueError, match="listening address %r: the "
                               "%s transport is not available"
                               % (addr, name)):
                e.Agent(addr)
        with pytest.raises(ValueError, match="bad agent address 'bogus:x:y'"):
            e.Manager("bogus:x:y")
        with pytest.raises(ValueError, match="bad listening address"):
            e.NotificationReceiver("unix:", print)
        with pytest.raises(ValueError, match="address 'tcp:127.0.0.1:1'.*"
                           "TLS or DTLS|tls: and dtls:"):
            e.Manager("tcp:127.0.0.1:1", security=Tsm("admin"))
