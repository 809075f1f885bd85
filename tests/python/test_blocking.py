"""The blocking API against a private Net-SNMP snmpd: every request kind,
v1/v2c communities, v3 with every auth x priv pair, errors, timeouts."""

import pytest

import agent
import snmpx
from snmpx import (OID, Counter32, ErrorResponse, ErrorStatus, Gauge32,
                   Integer, NoSuchInstance, NoSuchName, NoSuchObject,
                   OctetString, ResponsePDU, TimeTicks, Timeout, UsmError,
                   VarBind)

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_NAME = "1.3.6.1.2.1.1.5.0"
SYSTEM = OID.parse("1.3.6.1.2.1.1")
IF_DESCR = OID.parse("1.3.6.1.2.1.2.2.1.2")


def names(vbs):
    return [str(vb.name) for vb in vbs]


def test_get_v2c(v2):
    resp = v2.get(SYS_NAME, OID.parse(SYS_DESCR))
    assert isinstance(resp, ResponsePDU)
    assert resp.errorStatus == 0 and resp.errorIndex == 0
    assert names(resp.variableBindings) == [SYS_NAME, SYS_DESCR]
    assert resp.variableBindings[0].value == OctetString(b"snmpx-python")
    assert resp.variableBindings[1].value.data.startswith(b"Linux")


def test_get_exceptions_v2c(v2):
    resp = v2.get("1.3.6.1.2.1.1.5", "1.3.6.1.2.1.1.5.1", "1.3.6.1.99.0")
    values = [vb.value for vb in resp.variableBindings]
    assert values[0] in (NoSuchObject(), NoSuchInstance())
    assert values[1] == NoSuchInstance()
    assert values[2] == NoSuchObject()


def test_getnext_and_getbulk(v2):
    resp = v2.getNext(SYSTEM, IF_DESCR)
    assert names(resp.variableBindings) == [SYS_DESCR,
                                            str(IF_DESCR.extend(1))]
    bulk = v2.getBulk(SYS_NAME, SYSTEM, nonRepeaters=1, maxRepetitions=3)
    got = names(bulk.variableBindings)
    assert got[0] == "1.3.6.1.2.1.1.6.0"
    assert got[1:] == [SYS_DESCR, "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.3.0"]
    assert isinstance(bulk.variableBindings[3].value, TimeTicks)


def test_walk_and_bulkwalk_agree(v2):
    walked = list(v2.walk(SYSTEM))
    assert walked[0].name == OID.parse(SYS_DESCR)
    assert all(vb.name.startswith(SYSTEM) for vb in walked)
    assert [vb.name for vb in walked] == sorted(vb.name for vb in walked)
    bulk = list(v2.bulkWalk(SYSTEM, maxRepetitions=7))
    # sysUpTime moves between the walks; compare names and stable values
    assert [vb.name for vb in bulk] == [vb.name for vb in walked]
    stable = [i for i, vb in enumerate(walked)
              if not vb.name.startswith("1.3.6.1.2.1.1.3")]
    assert [walked[i] for i in stable] == [bulk[i] for i in stable]
    ifs = list(v2.bulkWalk(IF_DESCR))
    assert ifs and all(vb.name.extractIndex(IF_DESCR, Integer).value > 0
                       for vb in ifs)


def test_walk_past_end_and_stop_early(engine, v2):
    assert list(v2.walk("1.3.6.1.6.3.99999")) == []
    w = v2.bulkWalk("1.3.6.1.2.1", maxRepetitions=5)
    w.close()  # before the first response is read
    assert list(w) == [] and not w.running
    w = v2.walk("1.3.6.1.2.1")
    assert next(w).name == OID.parse(SYS_DESCR)
    del w  # dropped mid-walk: it stops at its next response
    for _ in range(50):
        if engine.pending == 0:
            break
        engine.run_once()
    assert engine.pending == 0


def test_set_v2c(engine, snmpd):
    rw = engine.Manager(snmpd.address, version=2, community="private")
    oid_i = agent.WRITABLE["int"][0]
    oid_s = agent.WRITABLE["str"][0]
    oid_o = agent.WRITABLE["oid"][0]
    resp = rw.set(VarBind(oid_i, Integer(42)),
                  (oid_s, OctetString(b"from python")),
                  (oid_o, OID.parse("1.3.6.1.4.1.8072")))
    assert resp.errorStatus == 0
    got = rw.get(oid_i, oid_s, oid_o).variableBindings
    assert [vb.value for vb in got] == [
        Integer(42), OctetString(b"from python"),
        OID.parse("1.3.6.1.4.1.8072")]
    rw.set((oid_i, 7), (oid_s, "plain str"))  # plain int and str
    got = rw.get(oid_i, oid_s).variableBindings
    assert got[0].value == Integer(7)
    assert got[1].value == OctetString(b"plain str")
    for key, cls in (("counter", Counter32), ("gauge", Gauge32),
                     ("ticks", TimeTicks)):
        rw.set((agent.WRITABLE[key][0], cls(1234)))
        assert rw.get(agent.WRITABLE[key][0]).variableBindings[0].value == \
            cls(1234)


def test_set_errors(engine, snmpd, v2):
    rw = engine.Manager(snmpd.address, version=2, community="private")
    with pytest.raises(ErrorResponse) as err:
        rw.set((agent.WRITABLE["int"][0], OctetString(b"x")))
    assert err.value.errorStatus == ErrorStatus.wrongType
    assert err.value.errorIndex == 1
    assert err.value.oid == OID.parse(agent.WRITABLE["int"][0])
    with pytest.raises(ErrorResponse) as err:  # read-only community
        v2.set((agent.WRITABLE["int"][0], Integer(1)))
    assert err.value.errorStatus in (ErrorStatus.noAccess,
                                     ErrorStatus.authorizationError)
    with pytest.raises(ErrorResponse) as err:
        rw.set((agent.READONLY_INT, Integer(1)))
    assert err.value.errorStatus == ErrorStatus.notWritable
    with pytest.raises(TypeError):
        rw.set(("1.3.6.1", object()))
    with pytest.raises(ValueError):
        rw.get("1.3.x")


def test_v1(engine, snmpd):
    v1 = engine.Manager(snmpd.address, version=1)
    assert v1.get(SYS_NAME).variableBindings[0].value == \
        OctetString(b"snmpx-python")
    with pytest.raises(NoSuchName) as err:
        v1.get(SYS_NAME, "1.3.6.1.2.1.1.5")
    assert err.value.errorStatus == ErrorStatus.noSuchName
    assert err.value.errorIndex == 2
    assert isinstance(err.value, ErrorResponse)
    assert [vb.name for vb in v1.walk(SYSTEM)] == \
        [vb.name for vb in engine.Manager(snmpd.address, version="2c")
         .walk(SYSTEM)]
    with pytest.raises(snmpx.SnmpxError):  # no GETBULK in SNMPv1
        v1.getBulk(SYSTEM)


def test_wrong_community_times_out(engine, snmpd):
    m = engine.Manager(snmpd.address, version=2, community=b"nope",
                       timeout=0.2, retries=1)
    with pytest.raises(Timeout):
        m.get(SYS_NAME)


def test_timeout(engine, dead_address):
    m = engine.Manager(dead_address, version=2, timeout=0.1, retries=2)
    with pytest.raises(Timeout) as err:
        m.get(SYS_NAME)
    assert err.value.code == snmpx._snmpx.SNMPX_ETIMEDOUT
    with pytest.raises(Timeout):
        list(m.walk(SYSTEM))
    assert engine.stats()["retransmits"] >= 2


@pytest.mark.parametrize("auth", agent.AUTHS)
def test_v3_every_auth_priv_pair(snmpd, auth):
    with snmpx.Engine(retries=2) as engine:
        for priv in agent.PRIVS:
            engine.addUser(agent.user_name(auth, priv), authProtocol=auth,
                           authSecret=agent.AUTHPASS, privProtocol=priv,
                           privSecret=agent.PRIVPASS)
            m = engine.Manager(snmpd.address,
                               user=agent.user_name(auth, priv))
            vb = m.get(SYS_NAME).variableBindings[0]
            assert vb.value == OctetString(b"snmpx-python"), (auth, priv)
        engine.addUser(agent.user_name(auth), authProtocol=auth,
                       authSecret=agent.AUTHPASS)
        m = engine.Manager(snmpd.address, user=agent.user_name(auth))
        assert len(list(m.bulkWalk(SYSTEM))) >= 7


PROTOCOL_CLASSES = [
    (snmpx.HmacMd5, snmpx.DesCbc), (snmpx.HmacSha, snmpx.Aes128Cfb),
    (snmpx.HmacSha224, snmpx.Aes192Cfb),
    (snmpx.HmacSha256, snmpx.Aes256Cfb),
    (snmpx.HmacSha384, snmpx.Aes192CfbReeder),
    (snmpx.HmacSha512, snmpx.Aes256CfbReeder),
    (snmpx.HmacSha, snmpx.Aes192Cfb), (snmpx.HmacMd5, snmpx.Aes256CfbReeder),
]


@pytest.mark.parametrize("auth,priv", PROTOCOL_CLASSES)
def test_v3_protocol_classes(snmpd, auth, priv):
    with snmpx.Engine(retries=2) as engine:
        user = agent.user_name(auth.name, priv.name)
        engine.addUser(user, authProtocol=auth, authSecret=agent.AUTHPASS,
                       privProtocol=priv, privSecret=agent.PRIVPASS)
        resp = engine.Manager(snmpd.address).get(SYS_NAME)
        assert resp.variableBindings[0].value == OctetString(b"snmpx-python")


def test_v3_levels_and_errors(engine, snmpd):
    engine.addUser("u_noauth")
    assert engine.Manager(snmpd.address, user="u_noauth").get(SYS_NAME)
    engine.addUser("u_sha_aes", authProtocol=snmpx.HmacSha,
                   authSecret="wrong password", privProtocol=snmpx.Aes128Cfb,
                   privSecret=agent.PRIVPASS)
    with pytest.raises(UsmError) as err:
        engine.Manager(snmpd.address, user="u_sha_aes", retries=0).get(
            SYS_NAME)
    assert err.value.code == snmpx._snmpx.SNMPX_EUSM_WRONG_DIGEST
    engine.addUser("nobody", authProtocol=snmpx.HmacSha, authSecret="x" * 8)
    with pytest.raises(UsmError) as err:
        engine.Manager(snmpd.address, user="nobody").get(SYS_NAME)
    assert err.value.code == snmpx._snmpx.SNMPX_EUSM_UNKNOWN_USER
    # authNoPriv user asked for authPriv: no key for that level, a bad
    # argument (ValueError naming it), not a failed request
    engine.addUser("u_sha", authProtocol=snmpx.HmacSha,
                   authSecret=agent.AUTHPASS)
    with pytest.raises(ValueError, match="authPriv"):
        engine.Manager(snmpd.address, user="u_sha",
                       securityLevel=snmpx.authPriv)
    with pytest.raises(ValueError):
        engine.addUser("x", privProtocol=snmpx.Aes128Cfb, privSecret="y" * 8)
    with pytest.raises(ValueError):
        engine.addUser("x", authProtocol="SHA-999", authSecret="y" * 8)
    with pytest.raises(ValueError):
        engine.Manager(snmpd.address, namespace="empty")


def test_v3_namespaces(snmpd):
    """Same user name, different secrets, in two namespaces."""
    with snmpx.Engine(retries=1, timeout=0.5) as engine:
        engine.addUser("u_sha256_aes", authProtocol=snmpx.HmacSha256,
                       authSecret=agent.AUTHPASS,
                       privProtocol=snmpx.Aes128Cfb,
                       privSecret=agent.PRIVPASS, namespace="good")
        engine.addUser("u_sha256_aes", authProtocol=snmpx.HmacSha256,
                       authSecret="some other secret",
                       privProtocol=snmpx.Aes128Cfb,
                       privSecret="some other secret", namespace="bad")
        good = engine.Manager(snmpd.address, namespace="good")
        bad = engine.Manager(snmpd.address, namespace="bad")
        assert good.get(SYS_NAME).variableBindings[0].value == \
            OctetString(b"snmpx-python")
        with pytest.raises(UsmError):
            bad.get(SYS_NAME)


def test_v3_set(engine, snmpd):
    engine.addUser("rw_sha256_aes", authProtocol="SHA-256",
                   authSecret=agent.AUTHPASS, privProtocol="AES",
                   privSecret=agent.PRIVPASS)
    m = engine.Manager(snmpd.address, user="rw_sha256_aes")
    oid = agent.WRITABLE["str"][0]
    m.set((oid, OctetString(b"v3 was here")))
    assert m.get(oid).variableBindings[0].value == \
        OctetString(b"v3 was here")


def test_address_forms_and_close(snmpd):
    engine = snmpx.Engine(defaultVersion=2)
    host, port = snmpd.address.split(":")
    m = engine.Manager((host, int(port)))
    assert m.get(SYS_NAME).variableBindings[0].value.data == b"snmpx-python"
    assert "127.0.0.1" in repr(m)
    engine.close()
    engine.close()
    assert engine.closed
    with pytest.raises(RuntimeError):
        m.get(SYS_NAME)
    with pytest.raises(ValueError):
        snmpx.Engine().Manager("no such host name.invalid:161", version=2)
    with pytest.raises(ValueError):
        snmpx.Engine().Manager(snmpd.address, version=4)


def test_seed_example_from_the_issue(snmpd):
    """The issue's example, unchanged but for the agent's address and
    secrets (and the body of its for loop, elided there)."""
    from snmpx import Engine, OID, Integer, HmacSha256, Aes128Cfb
    ifDescr = OID.parse("1.3.6.1.2.1.2.2.1.2")
    indexes = []
    with Engine(autowait=False) as engine:
        engine.addUser("user", authProtocol=HmacSha256,
                       authSecret=b"authpass123",
                       privProtocol=Aes128Cfb, privSecret=b"privpass123",
                       namespace="")
        mgr = engine.Manager(snmpd.address, autowait=True)  # v3 by default
        v2 = engine.Manager(snmpd.address, version=2, community=b"public")
        resp = mgr.get("1.3.6.1.2.1.1.1.0")                 # ResponsePDU
        handle = mgr.getBulk(ifDescr, maxRepetitions=4, wait=False)
        for name, value in handle.wait().variableBindings:
            try:
                index = name.extractIndex(ifDescr, Integer)  # OID.BadPrefix
            except OID.BadPrefix:
                break
            indexes.append(index)
        assert resp.variableBindings[0].value.data.startswith(b"Linux")
        # the engine's autowait=False is v2's default: a handle
        assert v2.get("1.3.6.1.2.1.1.1.0").wait().variableBindings[0] \
            .value == resp.variableBindings[0].value
    assert indexes and indexes[0] == Integer(1)
