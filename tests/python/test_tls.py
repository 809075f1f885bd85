"""Certificates from Python: Engine.configureTls (and the tlsConfDir,
tlsConfig keywords), Tsm, Manager(peerCert=, hostname=), tlsError() and
tlsStats(); argument errors that name the argument or the line; a Python
manager's GET and walk over tls: against a Python Engine.Agent that maps
the client's certificate to a securityName (certSecName), and the
refusals: a server that is not the peerCert, a host name the server's
certificate does not carry."""

import os
import shutil
import threading

import pytest

import tls_certs
from snmpx import (OID, AsyncEngine, Engine, OctetString, Timeout, Tsm,
                   authNoPriv, authPriv, noAuthNoPriv)

BASE = OID.parse("1.3.6.1.4.1.99999")
NAME = BASE.extend(1, 0)
SERVER = ["localCert server", "trustCert ca",
          "certSecName 10 client --sn mgr"]
CLIENT = ["localCert client", "trustCert ca"]


@pytest.fixture(scope="module")
def certs():
    d = tls_certs.make()
    yield d
    shutil.rmtree(d, ignore_errors=True)


class TlsAgent:
    """A Python Engine.Agent on tls:127.0.0.1 (or |scheme|: dtls; a free
    port) whose client
    certificate "client" is the securityName "mgr", served in a thread."""

    def __init__(self, certs, scheme="tls"):
        self.engine = Engine(tlsConfDir=certs, tlsConfig=SERVER)
        try:
            self.agent = self.engine.Agent("%s:127.0.0.1:0" % scheme,
                                           users={"mgr": "read"})
        except ValueError:
            self.engine.close()
            raise
        data = {NAME: OctetString(b"over tls")}
        for i in range(2, 12):
            data[BASE.extend(i, 0)] = i
        self.agent.register(BASE, data)
        self.port = self.agent.port
        self.thread = threading.Thread(target=self.engine.serve,
                                       kwargs=dict(timeout=120))
        self.thread.start()

    def close(self):
        """Stop serving, keep the engine's TLS counters (``stats``)."""
        self.engine.stop()
        self.thread.join()
        self.stats = self.engine.tlsStats()
        self.engine.close()


@pytest.fixture(scope="module")
def tls_agent(certs):
    a = TlsAgent(certs)
    yield a
    a.close()


# ---- end to end ----------------------------------------------------------

def test_get_and_walk_over_tls(certs):
    tls_agent = TlsAgent(certs)
    try:
        get_and_walk(certs, tls_agent)
    finally:
        tls_agent.close()
    assert tls_agent.stats["session_accepts"] >= 1


def get_and_walk(certs, tls_agent):
    with Engine(timeout=5.0, retries=1, tlsConfDir=certs,
                tlsConfig=CLIENT) as e:
        m = e.Manager("tls:127.0.0.1:%d" % tls_agent.port,
                      security=Tsm("mgr"))
        resp = m.get(NAME)
        assert resp.variableBindings[0].value == OctetString(b"over tls")
        rows = list(m.walk(BASE))
        assert len(rows) == 11
        # user=/securityLevel= spell the same, per manager and per request
        m2 = e.Manager("tlstcp:127.0.0.1:%d" % tls_agent.port, user="mgr",
                       securityLevel=authPriv)
        assert m2.get(NAME).variableBindings[0].value == \
            OctetString(b"over tls")
        assert m.get(NAME, securityLevel=authPriv).variableBindings[0] \
            .value == OctetString(b"over tls")
        stats = e.tlsStats()
        assert stats["session_opens"] >= 1
        assert e.tlsError() == ""


def test_peer_cert_and_hostname(certs, tls_agent):
    """The server must be peerCert (by name or fingerprint), or carry the
    host name; otherwise the session is refused and counted."""
    addr = "tls:127.0.0.1:%d" % tls_agent.port
    fp = tls_certs.fingerprint(certs, "server")
    with Engine(timeout=5.0, retries=0, tlsConfDir=certs,
                tlsConfig=CLIENT) as e:
        for kw in (dict(peerCert="server"), dict(peerCert=fp),
                   dict(hostname="localhost")):
            m = e.Manager(addr, security=Tsm("mgr"), **kw)
            assert m.get(NAME).variableBindings[0].value == \
                OctetString(b"over tls"), kw
    for kw in (dict(peerCert="client"), dict(hostname="other.example")):
        with Engine(timeout=1.0, retries=0, tlsConfDir=certs,
                    tlsConfig=CLIENT) as e:
            m = e.Manager(addr, security=Tsm("mgr"), **kw)
            with pytest.raises(Timeout):
                m.get(NAME)
            assert e.tlsError() != "", kw
            s = e.tlsStats()
            assert s["session_open_errors"] + s["unknown_server_certificate"] \
                + s["invalid_server_certificates"] >= 1, (kw, s)


def test_async_manager_over_tls(certs, tls_agent):
    import asyncio

    async def run():
        async with AsyncEngine(timeout=5.0, retries=1, tlsConfDir=certs,
                               tlsConfig=CLIENT) as e:
            m = e.Manager("tls:localhost:%d" % tls_agent.port,
                          security=Tsm("mgr"))
            resp = await m.get(NAME)
            assert resp.variableBindings[0].value == OctetString(b"over tls")
    asyncio.run(run())


# ---- argument errors -----------------------------------------------------

def test_config_errors_name_the_line(certs):
    with Engine() as e:
        with pytest.raises(ValueError, match=r"tlsConfig:2: certSecName"):
            e.configureTls(config=["# a comment", "certSecName 10 nosuchcert "
                                   "--sn x"])
        with pytest.raises(ValueError, match=r"tlsConfig:1: certSecName"):
            e.configureTls(config="certSecName ten client --sn x")
        with pytest.raises(ValueError, match=r"tlsConfig:3: rocommunity: "
                           "not a TLS configuration word"):
            e.configureTls(config="localCert client\n\nrocommunity public")
        with pytest.raises(TypeError, match="tlsConfig"):
            e.configureTls(config=[b"localCert client"])
        with pytest.raises(TypeError, match="tlsConfig"):
            e.configureTls(config=5)
        with pytest.raises(FileNotFoundError, match="confDir"):
            e.configureTls(confDir=os.path.join(certs, "missing"))
        with pytest.raises(TypeError, match="confDir"):
            e.configureTls(confDir=5)
        with pytest.raises(ValueError, match="localCert"):
            e.configureTls(localCert="")
        with pytest.raises(TypeError, match="appName"):
            e.configureTls(appName=b"snmpd")
        assert e.configureTls(confDir=certs) >= 3     # ca, server, client
        assert e.configureTls(config=CLIENT, localCert="client",
                              appName="snmp") == 0
    with pytest.raises(ValueError, match=r"tlsConfig:1: peerCert"):
        Engine(tlsConfig=["peerCert"])


def test_tsm_and_peer_argument_errors():
    with pytest.raises(ValueError, match="securityName"):
        Tsm("")
    with pytest.raises(ValueError, match="securityName"):
        Tsm("x" * 33)
    with pytest.raises(TypeError, match="securityName"):
        Tsm(5)
    with pytest.raises(ValueError, match="securityLevel"):
        Tsm("mgr", 4)
    assert Tsm("mgr", noAuthNoPriv).securityLevel == noAuthNoPriv
    assert Tsm(b"mgr") == Tsm("mgr", authPriv)
    with Engine() as e:
        with pytest.raises(TypeError, match="security"):
            e.Manager("tls:127.0.0.1:10161", security="mgr")
        with pytest.raises(ValueError, match="securityName"):
            e.Manager("tls:127.0.0.1:10161")
        with pytest.raises(ValueError, match="address 'tls:127.0.0.1:10161'"
                           ".*SNMPv3"):
            e.Manager("tls:127.0.0.1:10161", version=2)
        for kw in (dict(security=Tsm("mgr")), dict(peerCert="server"),
                   dict(hostname="localhost")):
            name = next(iter(kw))
            with pytest.raises(ValueError, match="%s is for tls: and dtls:"
                               % name):
                e.Manager("tcp:127.0.0.1:1161", **kw)
        with pytest.raises(ValueError, match="not both"):
            e.Manager("tls:127.0.0.1:10161", security=Tsm("mgr"), user="x")
        with pytest.raises(TypeError, match="peerCert"):
            e.Manager("tls:127.0.0.1:10161", security=Tsm("mgr"), peerCert=5)
        m = e.Manager("tls:127.0.0.1:10161", security=Tsm("mgr",
                                                           authNoPriv))
        assert m.address == "tls:127.0.0.1:10161"
        with pytest.raises(ValueError, match="securityLevel"):
            m.get(NAME, securityLevel=7)


def test_receiver_over_tls(certs):
    """A NotificationReceiver on tls: gets a trap and an inform from a
    Python manager; the securityName is the certSecName's."""
    rx = Engine(tlsConfDir=certs, tlsConfig=SERVER)
    got = []
    receiver = rx.NotificationReceiver("tls:127.0.0.1:0", got.append)
    thread = threading.Thread(target=rx.serve, kwargs=dict(
        timeout=60, until=lambda: len(got) >= 2))
    thread.start()
    try:
        with Engine(timeout=5.0, retries=1, tlsConfDir=certs,
                    tlsConfig=CLIENT) as e:
            m = e.Manager("tls:127.0.0.1:%d" % receiver.port,
                          security=Tsm("mgr"))
            m.trap("1.3.6.1.4.1.99999.0.1", (NAME, OctetString(b"trap")))
            # The inform's wait runs this engine: the trap's handshake
            # completes, then both leave on the one session.
            resp = m.inform("1.3.6.1.4.1.99999.0.2")
            assert resp.errorStatus == 0
    finally:
        thread.join()
        rx.close()
    assert len(got) == 2
    assert [n.securityName for n in got] == [b"mgr", b"mgr"]
    assert all(n.securityLevel == authPriv for n in got)
    assert got[0].variableBindings[-1].value == OctetString(b"trap")


def test_no_certificate(certs, tls_agent):
    """A TLS listener without a usable certificate is refused naming its
    address and why; a manager without one times out, tlsError() says
    why."""
    with Engine() as e:
        with pytest.raises(ValueError, match=r"listening address "
                           r"'tls:127.0.0.1:0': certificate.*\(.+\)"):
            e.Agent("tls:127.0.0.1:0")
    with Engine(timeout=1.0, retries=0) as e:
        m = e.Manager("tls:127.0.0.1:%d" % tls_agent.port,
                      security=Tsm("mgr"))
        with pytest.raises(Timeout):
            m.get(NAME)
        assert e.tlsError() != ""


def test_get_and_walk_over_tls_to_snmpx_agent(certs):
    """`snmpx agent` on tlstcp: with snmpd.conf's words (localCert,
    trustCert, certSecName, rouser -s tsm) and the certificates of
    $SNMPCONFPATH; a Python manager GETs and walks over tls:."""
    import agent as harness
    import test_hlapi
    binary = test_hlapi._snmpx_binary()
    if binary is None:
        pytest.skip("snmpx binary not built (SNMPX_BUILD)")
    lines = ["localCert server", "trustCert ca",
             "certSecName 10 client --sn mgr", "rouser -s tsm mgr priv"]
    env = dict(os.environ, SNMPCONFPATH=certs, HOME=certs)
    proc, port = harness.start_answering(
        lambda p: harness.snmpx_agent_argv(
            binary, p, extra=["tlstcp:127.0.0.1:%d" % p], lines=lines), env)
    try:
        with Engine(timeout=5.0, retries=1, tlsConfDir=certs,
                    tlsConfig=CLIENT) as e:
            m = e.Manager("tls:127.0.0.1:%d" % port, security=Tsm("mgr"))
            resp = m.get("1.3.6.1.2.1.1.5.0")
            assert resp.variableBindings[0].value == \
                OctetString(b"snmpx-hlapi")
            rows = list(m.walk("1.3.6.1.2.1.1"))
            assert len(rows) >= 7
            assert e.tlsStats()["session_opens"] >= 1
    finally:
        harness.stop_process(proc)


def test_get_and_walk_over_dtls(certs):
    """The same over dtls: (DTLS over UDP)."""
    dtls_agent = TlsAgent(certs, "dtls")
    try:
        with Engine(timeout=5.0, retries=1, tlsConfDir=certs,
                    tlsConfig=CLIENT) as e:
            m = e.Manager("dtls:127.0.0.1:%d" % dtls_agent.port,
                          security=Tsm("mgr"))
            resp = m.get(NAME)
            assert resp.variableBindings[0].value == \
                OctetString(b"over tls")
            assert len(list(m.walk(BASE))) == 11
            assert e.tlsStats()["session_opens"] >= 1
    finally:
        dtls_agent.close()
    assert dtls_agent.stats["session_accepts"] >= 1
