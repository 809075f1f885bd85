"""Engine.Agent: Python data served over SNMP, queried by snmpx managers
(v1, v2c, v3 authPriv) and by Net-SNMP's snmpget, snmpgetnext, snmpwalk,
snmpbulkwalk and snmpset; error-status and error-index, exceptions,
access, GetBulk shortened to fit."""

import threading

import pytest

import netsnmp
from snmpx import (OID, Aes128Cfb, Counter32, Counter64, EndOfMibView,
                   Engine, ErrorResponse, ErrorStatus, HmacSha256, Integer,
                   IpAddress, NoSuchInstance, NoSuchName, NoSuchObject,
                   OctetString, TimeTicks, Timeout, UsmError, VarBind,
                   authNoPriv, noAuthNoPriv)

BASE = OID.parse("1.3.6.1.4.1.99999")
NAME = BASE.extend(1, 0)
COUNT = BASE.extend(2, 0)
UPTIME = BASE.extend(3, 0)
BIG = BASE.extend(4, 0)
TABLE = BASE.extend(5)           # a column: TABLE.1 .. TABLE.50
OTHER = OID.parse("1.3.6.1.4.1.99998")
AUTH, PRIV = netsnmp.AUTHPASS, netsnmp.PRIVPASS
AGENT_ID = bytes.fromhex("80001f8804616765")


def add_user(engine, name):
    engine.addUser(name, authProtocol=HmacSha256, authSecret=AUTH,
                   privProtocol=Aes128Cfb, privSecret=PRIV)


class Served:
    """An engine with an agent, serving in a thread for the test."""

    def __init__(self):
        self.engine = Engine()
        self.engine.setLocalEngine(AGENT_ID)
        add_user(self.engine, "reader")
        add_user(self.engine, "writer")
        add_user(self.engine, "stranger")      # known, but not served
        self.data = {NAME: OctetString(b"snmpx agent"),
                     COUNT: Counter32(7),
                     UPTIME: lambda: TimeTicks(self.engine.uptime),
                     BIG: Counter64(1 << 40)}
        for i in range(1, 51):
            self.data[TABLE.extend(i)] = Integer(i * 10)
        self.sets = []
        self.agent = self.engine.Agent(
            "127.0.0.1:0", communities={"public": "read",
                                        "private": "write"},
            users={"reader": "read", "writer": "write"})
        self.agent.register(BASE, self.data, setter=self.setter,
                            check=self.check)
        self.agent.register(OTHER, lambda: {OTHER.extend(1, 0): 1})
        self.address = ("127.0.0.1", self.agent.port)
        self.thread = threading.Thread(target=self.engine.serve,
                                       kwargs=dict(timeout=30))
        self.thread.start()

    @staticmethod
    def check(oid, value):
        if oid == NAME and not isinstance(value, OctetString):
            return ErrorStatus.wrongType
        if oid == COUNT:
            return ErrorStatus.notWritable
        return None

    def setter(self, oid, value):
        if oid == UPTIME:
            raise RuntimeError("a failing setter")
        if oid.startswith(TABLE) and value == Integer(-1):
            return ErrorStatus.wrongValue
        self.sets.append((oid, value))
        self.data[oid] = value
        return None

    def close(self):
        self.engine.stop()
        self.thread.join()
        self.engine.close()


@pytest.fixture(scope="module")
def served():
    s = Served()
    yield s
    s.close()


@pytest.fixture
def mgr(engine, served):
    return engine.Manager(served.address, version=2, community="public",
                          timeout=0.5, retries=1)


@pytest.fixture
def rw(engine, served):
    return engine.Manager(served.address, version=2, community="private",
                          timeout=0.5, retries=1)


def vbs(resp):
    return list(resp.variableBindings)


# ---- snmpx managers -----------------------------------------------------

def test_get_values_and_exceptions(mgr):
    resp = mgr.get(NAME, COUNT, BASE.extend(1, 1), BASE.extend(9, 0),
                   "1.3.6.1.2.1.1.1.0", BASE)
    assert vbs(resp)[:2] == [VarBind(NAME, OctetString(b"snmpx agent")),
                             VarBind(COUNT, Counter32(7))]
    assert [vb.value for vb in vbs(resp)[2:]] == [
        NoSuchInstance(), NoSuchObject(), NoSuchObject(), NoSuchObject()]
    t1 = mgr.get(UPTIME).variableBindings[0].value
    assert isinstance(t1, TimeTicks)


def test_getnext_across_subtrees_and_end(mgr):
    resp = mgr.getNext("1.3", NAME, TABLE.extend(50), OTHER.extend(1, 0),
                       "1.3.6.1.4.1.99999.4.1")
    # OTHER (99998) sorts first; after the last object, endOfMibView
    # with the name asked for (RFC 3416 4.2.2)
    assert [vb.name for vb in vbs(resp)] == [
        OTHER.extend(1, 0), COUNT, TABLE.extend(50), NAME, TABLE.extend(1)]
    assert vbs(resp)[2].value == EndOfMibView()
    assert vbs(resp)[0].value == Integer(1)


def test_walk_and_bulkwalk(mgr, served):
    expect = [VarBind(k, v) for k, v in sorted(served.data.items())
              if k != UPTIME]
    walked = [vb for vb in mgr.walk(BASE) if vb.name != UPTIME]
    assert walked == expect
    bulk = [vb for vb in mgr.bulkWalk(BASE, maxRepetitions=7)
            if vb.name != UPTIME]
    assert bulk == expect


def test_getbulk_nonrepeaters_and_end(mgr):
    resp = mgr.getBulk(NAME, TABLE.extend(48), nonRepeaters=1,
                       maxRepetitions=5)
    names = [vb.name for vb in vbs(resp)]
    assert names[0] == COUNT
    assert names[1:3] == [TABLE.extend(49), TABLE.extend(50)]
    # past the last object: endOfMibView, and the agent stops repeating
    assert vbs(resp)[3] == VarBind(TABLE.extend(50), EndOfMibView())
    assert len(names) == 4


def test_getbulk_shortened_to_fit(engine, served):
    """2,000 repetitions of a 50-row column: the answer is cut to fit the
    largest datagram instead of failing (RFC 3416 4.2.3)."""
    served.data[BASE.extend(6, 0)] = OctetString(b"x" * 1000)
    try:
        mgr = engine.Manager(served.address, version=2, timeout=0.5,
                             retries=1)
        resp = mgr.getBulk(*([BASE.extend(6)] * 100), maxRepetitions=1)
        assert 1 <= len(resp.variableBindings) < 100
        assert resp.errorStatus == 0
        # a GET that cannot fit is tooBig with no varbinds
        with pytest.raises(ErrorResponse) as e:
            mgr.get(*([BASE.extend(6, 0)] * 100))
        assert e.value.errorStatus == ErrorStatus.tooBig
        assert e.value.errorIndex == 0
        assert len(e.value.response.variableBindings) == 0
    finally:
        del served.data[BASE.extend(6, 0)]


def test_set_check_setter_and_error_index(rw, served):
    resp = rw.set((NAME, OctetString(b"renamed")),
                  (TABLE.extend(3), Integer(33)))
    assert vbs(resp)[0].value == OctetString(b"renamed")
    assert served.data[TABLE.extend(3)] == Integer(33)
    assert served.sets[-2:] == [(NAME, OctetString(b"renamed")),
                                (TABLE.extend(3), Integer(33))]
    n = len(served.sets)
    # check() refuses before any setter runs: nothing set
    with pytest.raises(ErrorResponse) as e:
        rw.set((TABLE.extend(4), Integer(44)), (NAME, Integer(1)))
    assert (e.value.errorStatus, e.value.errorIndex) == (
        ErrorStatus.wrongType, 2)
    assert len(served.sets) == n
    with pytest.raises(ErrorResponse) as e:
        rw.set((NAME, OctetString(b"x")), (COUNT, Counter32(1)))
    assert (e.value.errorStatus, e.value.errorIndex) == (
        ErrorStatus.notWritable, 2)
    # the setter's own refusal, at its index
    with pytest.raises(ErrorResponse) as e:
        rw.set((TABLE.extend(5), Integer(-1)))
    assert (e.value.errorStatus, e.value.errorIndex) == (
        ErrorStatus.wrongValue, 1)
    # a setter that raises: genErr at its index
    with pytest.raises(ErrorResponse) as e:
        rw.set((TABLE.extend(6), Integer(6)), (UPTIME, TimeTicks(1)))
    assert (e.value.errorStatus, e.value.errorIndex) == (
        ErrorStatus.genErr, 2)
    # outside any writable subtree
    for oid in (OTHER.extend(1, 0), "1.3.6.1.2.1.1.5.0"):
        with pytest.raises(ErrorResponse) as e:
            rw.set((oid, Integer(1)))
        assert e.value.errorStatus == ErrorStatus.notWritable


def test_read_only_community_and_unknown_community(mgr, engine, served):
    with pytest.raises(ErrorResponse) as e:
        mgr.set((NAME, OctetString(b"no")))
    assert (e.value.errorStatus, e.value.errorIndex) == (
        ErrorStatus.noAccess, 1)
    dropped = served.agent.dropped
    bad = engine.Manager(served.address, version=2, community="nope",
                         timeout=0.2, retries=0)
    with pytest.raises(Timeout):
        bad.get(NAME)
    assert served.agent.dropped == dropped + 1


def test_v1_errors_rfc3584(engine, served):
    v1 = engine.Manager(served.address, version=1, community="private",
                        timeout=0.5, retries=1)
    assert v1.get(NAME).variableBindings[0].value == \
        served.data[NAME]
    with pytest.raises(NoSuchName) as e:
        v1.get(NAME, BASE.extend(9, 0))
    assert e.value.errorIndex == 2
    # Counter64 does not exist for SNMPv1: skipped by GetNext, noSuchName
    # for Get (RFC 3584 4.2.2.1)
    assert v1.getNext(UPTIME).variableBindings[0].name == TABLE.extend(1)
    with pytest.raises(NoSuchName):
        v1.get(BIG)
    with pytest.raises(NoSuchName):
        v1.getNext(TABLE.extend(50))               # end of the MIB view
    with pytest.raises(ErrorResponse) as e:        # wrongType -> badValue
        v1.set((NAME, Integer(1)))
    assert e.value.errorStatus == ErrorStatus.badValue
    with pytest.raises(NoSuchName):                # notWritable
        v1.set((OTHER.extend(1, 0), Integer(1)))


def test_v3_users_levels_and_context(engine, served):
    add_user(engine, "reader")
    add_user(engine, "writer")
    add_user(engine, "stranger")
    reader = engine.Manager(served.address, user="reader", timeout=0.5,
                            retries=1)
    assert reader.get(NAME).variableBindings[0].value == served.data[NAME]
    assert engine.stats()["discoveries"] == 1
    with pytest.raises(ErrorResponse) as e:
        reader.set((TABLE.extend(7), Integer(7)))
    assert e.value.errorStatus == ErrorStatus.noAccess
    writer = engine.Manager(served.address, user="writer", timeout=0.5,
                            retries=1)
    writer.set((TABLE.extend(7), Integer(77)))
    assert served.data[TABLE.extend(7)] == Integer(77)
    # below the agent's securityLevel (authNoPriv), or not a listed user
    for mgr in (engine.Manager(served.address, user="reader",
                               securityLevel=noAuthNoPriv, timeout=0.5,
                               retries=1),
                engine.Manager(served.address, user="stranger",
                               timeout=0.5, retries=1)):
        with pytest.raises(ErrorResponse) as e:
            mgr.get(NAME)
        assert e.value.errorStatus == ErrorStatus.authorizationError
    assert engine.Manager(served.address, user="reader",
                          securityLevel=authNoPriv, timeout=0.5,
                          retries=1).get(NAME).variableBindings
    # an unknown context is answered with a Report (RFC 3413 3.2)
    ctx = engine.Manager(served.address, user="reader", contextName="other",
                         timeout=0.5, retries=1)
    with pytest.raises(UsmError):
        ctx.get(NAME)


def test_v3_unknown_user_report(engine, served):
    engine.addUser("nobody", authProtocol=HmacSha256, authSecret=AUTH)
    m = engine.Manager(served.address, user="nobody", timeout=0.5,
                       retries=1)
    with pytest.raises(UsmError) as e:
        m.get(NAME)
    assert e.value.name == "SNMPX_EUSM_UNKNOWN_USER"


def test_failing_source_answers_generr(engine):
    with Engine(timeout=0.5, retries=1) as e:
        a = e.Agent("127.0.0.1:0")

        def broken():
            raise OSError("backend down")
        a.register("1.3.6.1.4.1.7", broken)
        a.register("1.3.6.1.4.1.8", {"1.3.6.1.4.1.8.1.0": 1.5})  # no type
        m = e.Manager(("127.0.0.1", a.port), version=2)
        for oid in ("1.3.6.1.4.1.7.1.0", "1.3.6.1.4.1.8.1.0"):
            with pytest.raises(ErrorResponse) as err:
                m.get(oid)
            assert err.value.errorStatus == ErrorStatus.genErr
        assert m.get("1.3.6.1.4.1.9.0").variableBindings[0].value == \
            NoSuchObject()


def test_large_dict_get_and_key_changes():
    """A 100,000-entry dict: GET answers each value, noSuchInstance and
    noSuchObject straight from the dict; keys added, deleted or swapped
    between requests are seen by Get, GetNext and GetBulk.  (How fast is
    the bench's business; this checks the answers.)"""
    base = OID.parse("1.3.6.1.4.1.7")
    col = base.extend(1, 1)
    data = {col.extend(i): Integer(i) for i in range(1, 100001)}
    data["1.3.6.1.4.1.7.2.0"] = OctetString(b"text key")
    with Engine(timeout=0.5, retries=1) as e:
        a = e.Agent("127.0.0.1:0", communities={"public": "write"})
        a.register(base, data, setter=data.__setitem__)
        m = e.Manager(("127.0.0.1", a.port), version=2)

        def get(*oids):
            return [vb.value for vb in m.get(*oids).variableBindings]

        assert get(col.extend(1), col.extend(54321), col.extend(100000),
                   "1.3.6.1.4.1.7.2.0") == [
            Integer(1), Integer(54321), Integer(100000),
            OctetString(b"text key")]
        assert get(col.extend(100001), col.extend(5, 1), base.extend(2, 1),
                   base.extend(1, 2, 1), base.extend(3, 0), base.extend(1)
                   ) == [NoSuchInstance(), NoSuchInstance(),
                         NoSuchInstance(), NoSuchObject(), NoSuchObject(),
                         NoSuchObject()]
        data[col.extend(100001)] = Integer(-1)           # added
        assert get(col.extend(100001)) == [Integer(-1)]
        data[col.extend(50000)] = Integer(5)             # value changed
        assert get(col.extend(50000)) == [Integer(5)]
        del data[col.extend(50000)]                      # deleted
        assert get(col.extend(50000)) == [NoSuchInstance()]
        assert m.getNext(col.extend(49999)).variableBindings[0] == \
            VarBind(col.extend(50001), Integer(50001))
        del data[col.extend(7)]                          # swapped: same len
        data[col.extend(0)] = Integer(0)
        assert get(col.extend(0), col.extend(7)) == [Integer(0),
                                                     NoSuchInstance()]
        resp = m.getBulk(base, col.extend(6), maxRepetitions=2)
        assert [vb.name for vb in resp.variableBindings] == [
            col.extend(0), col.extend(8), col.extend(1), col.extend(9)]
        m.set((col.extend(200000), Integer(2)))          # SET adds a key
        assert m.getNext(col.extend(100001)).variableBindings[0] == \
            VarBind(col.extend(200000), Integer(2))


def test_oid_values_of_every_length_bulk():
    """Answers of up to 2,048 varbinds whose OID values have 2 to 128
    sub-identifiers and names 10 to 109 (arcs the extension copies for the
    engine, over several of its chunks) arrive intact, as does a SET's."""
    base = OID.parse("1.3.6.1.4.1.7")
    data = {}
    for i in range(1, 3001):
        name = base.extend(1, *range(i % 100 + 1))[:OID.MAXLEN - 1] + (i,)
        data[OID(*name)] = OID(*range(i % (OID.MAXLEN - 1) + 2))
    with Engine(timeout=2, retries=1) as e:
        a = e.Agent("127.0.0.1:0", maxGetbulkResponses=-1)
        a.register(base, data)
        m = e.Manager(("127.0.0.1", a.port), version=2)
        got = list(m.bulkWalk(base, maxRepetitions=2048))
        assert got == [VarBind(k, v) for k, v in sorted(data.items())]
        resp = m.getBulk(base, maxRepetitions=2048)
        assert 1 < len(resp.variableBindings) <= 2048
        with pytest.raises(ErrorResponse) as err:  # read-only: echoed
            m.set((base.extend(9), OID(*range(128))),
                  (base.extend(8), OctetString(b"x")))
        assert list(err.value.response.variableBindings) == [
            VarBind(base.extend(9), OID(*range(128))),
            VarBind(base.extend(8), OctetString(b"x"))]


def test_callable_source_new_dict_each_request():
    """A callable returning a new dict per request has its keys compared
    each time: a key replaced at the same length and last key is seen."""
    base = OID.parse("1.3.6.1.4.1.7")
    keys = [base.extend(1, 0), base.extend(2, 0), base.extend(9, 0)]
    with Engine(timeout=0.5, retries=1) as e:
        a = e.Agent("127.0.0.1:0")
        a.register(base, lambda: {k: Integer(k[-2]) for k in keys})
        m = e.Manager(("127.0.0.1", a.port), version=2)
        assert m.getNext(base.extend(1, 0)).variableBindings[0].name == \
            base.extend(2, 0)
        keys[1] = base.extend(3, 0)
        assert m.getNext(base.extend(1, 0)).variableBindings[0] == \
            VarBind(base.extend(3, 0), Integer(3))
        assert m.get(base.extend(2, 0)).variableBindings[0].value == \
            NoSuchObject()


def test_register_rules():
    with Engine() as e:
        a = e.Agent("127.0.0.1:0")
        a.register("1.3.6.1.4.1.7", {})
        with pytest.raises(ValueError):
            a.register("1.3.6.1.4.1.7.1", {})      # overlaps
        with pytest.raises(ValueError):
            a.register("1.3.6.1.4.1", {})           # overlaps
        with pytest.raises(TypeError):
            a.register("1.3.6.1.4.1.8", 5)
        a.unregister("1.3.6.1.4.1.7")
        with pytest.raises(KeyError):
            a.unregister("1.3.6.1.4.1.7")
        with pytest.raises(RuntimeError):
            e.Agent("127.0.0.1:0")                   # one per engine
        a.close()
        with pytest.raises(ValueError):
            e.Agent("127.0.0.1:0", communities={"public": "admin"})
        e.Agent("127.0.0.1:0").close()


def test_agent_and_manager_in_one_engine_and_asyncio():
    """One engine both serves and asks (a blocking GET answered by its own
    agent), and an AsyncEngine's agent is served by the running loop."""
    import asyncio
    import snmpx
    with Engine(timeout=0.5, retries=1) as e:
        a = e.Agent("127.0.0.1:0")
        a.register("1.3.6.1.4.1.7",
                   {"1.3.6.1.4.1.7.1.0": IpAddress("1.2.3.4")})
        m = e.Manager(("127.0.0.1", a.port), version=2)
        assert m.get("1.3.6.1.4.1.7.1.0").variableBindings[0].value == \
            IpAddress("1.2.3.4")

    async def main():
        async with snmpx.AsyncEngine(timeout=0.5, retries=1) as e:
            a = e.Agent("127.0.0.1:0")
            a.register("1.3.6.1.4.1.7", lambda: {
                "1.3.6.1.4.1.7.%d.0" % i: i for i in range(1, 4)})
            m = e.Manager(("127.0.0.1", a.port), version=2)
            return [vb async for vb in m.bulkWalk("1.3.6.1.4.1.7")]
    got = asyncio.run(main())
    assert [vb.value for vb in got] == [Integer(1), Integer(2), Integer(3)]


# ---- Net-SNMP tools -------------------------------------------------------

@pytest.fixture(scope="module")
def tools():
    t = netsnmp.Tools()
    yield t
    t.close()


def run(tools, name, *args):
    rc, out, err = tools.run(name, "-t", "1", "-r", "1", *args)
    assert rc == 0, err
    return out.splitlines()


@pytest.mark.parametrize("auth", [["-v2c", "-c", "public"],
                                  netsnmp.v3_args("reader")],
                         ids=["v2c", "v3"])
def test_netsnmp_get_walk(served, tools, auth):
    addr = "127.0.0.1:%d" % served.agent.port
    name = served.data[NAME].data.decode()
    assert run(tools, "snmpget", *auth, addr, str(NAME), str(COUNT)) == [
        '.%s = STRING: "%s"' % (NAME, name), ".%s = Counter32: 7" % (COUNT,)]
    lines = run(tools, "snmpget", *auth, addr, str(BASE.extend(1, 1)),
                str(BASE.extend(9, 0)))
    assert lines == [
        ".%s = No Such Instance currently exists at this OID"
        % (BASE.extend(1, 1),),
        ".%s = No Such Object available on this agent at this OID"
        % (BASE.extend(9, 0),)]
    walked = run(tools, "snmpwalk", *auth, addr, str(BASE))
    # the subtree is the last of the agent: Net-SNMP prints the
    # endOfMibView that ends its walk
    assert len(walked) == len(served.data) + 1
    assert walked[0].startswith(".%s = STRING:" % (NAME,))
    assert walked[-2:] == [
        ".%s = INTEGER: 500" % (TABLE.extend(50),),
        ".%s = No more variables left in this MIB View (It is past the end "
        "of the MIB tree)" % (TABLE.extend(50),)]
    ticking = ".%s = Timeticks:" % (UPTIME,)       # a callable's value
    assert sum(line.startswith(ticking) for line in walked) == 1
    bulk = run(tools, "snmpbulkwalk", *auth, "-Cr5", addr, str(BASE))
    assert [line for line in bulk if not line.startswith(ticking)] == \
        [line for line in walked if not line.startswith(ticking)]
    assert run(tools, "snmpwalk", *auth, addr, "1.3.6.1.4.1.99998") == [
        ".%s = INTEGER: 1" % (OTHER.extend(1, 0),)]


@pytest.mark.parametrize("auth", [["-v2c", "-c", "private"],
                                  netsnmp.v3_args("writer")],
                         ids=["v2c", "v3"])
def test_netsnmp_set(served, tools, auth):
    addr = "127.0.0.1:%d" % served.agent.port
    oid = TABLE.extend(9)
    value = 900 + len(auth)
    assert run(tools, "snmpset", *auth, addr, str(oid), "i", str(value)) \
        == [".%s = INTEGER: %d" % (str(oid), value)]
    assert served.data[oid] == Integer(value)
    rc, out, err = tools.run("snmpset", "-t", "1", "-r", "1", *auth, addr,
                             str(NAME), "i", "5")
    assert rc != 0 and "wrongType" in err and "Failed object: .%s" % (NAME,) \
        in err


# ---- GetBulk limits (snmpd's maxGetbulkResponses, maxGetbulkRepeats) ----

def bulk_agent(e, **limits):
    a = e.Agent("127.0.0.1:0", **limits)
    base = OID.parse("1.3.6.1.4.1.7")
    a.register(base, {base.extend(1, i): Integer(i) for i in range(1, 1001)})
    return a, e.Manager(("127.0.0.1", a.port), version=2), base


def test_getbulk_limited_as_snmpd_by_default():
    """max-repetitions 10000 gets 100 varbinds, as from snmpd and the C
    agent; with 3 repeating varbinds 33 repetitions (99); non-repeaters
    are not counted."""
    with Engine(timeout=2, retries=1) as e:
        a, m, base = bulk_agent(e)
        assert len(m.getBulk(base, maxRepetitions=10000)
                   .variableBindings) == 100
        resp = m.getBulk(base, base, base, maxRepetitions=10000)
        assert len(resp.variableBindings) == 99
        resp = m.getBulk(base, base, base, nonRepeaters=2,
                         maxRepetitions=10000)
        assert len(resp.variableBindings) == 2 + 100
        # the limits are attributes, read at each request
        a.maxGetbulkResponses = 10
        assert len(m.getBulk(base, maxRepetitions=50).variableBindings) == 10


def test_getbulk_limits_configurable():
    with Engine(timeout=2, retries=1) as e:
        _a, m, base = bulk_agent(e, maxGetbulkResponses=500,
                                 maxGetbulkRepeats=7)
        assert len(m.getBulk(base, base, maxRepetitions=1000)
                   .variableBindings) == 14
    with Engine(timeout=2, retries=1) as e:
        _a, m, base = bulk_agent(e, maxGetbulkResponses=250)
        assert len(m.getBulk(base, base, maxRepetitions=1000)
                   .variableBindings) == 250
    with Engine(timeout=2, retries=1) as e:
        _a, m, base = bulk_agent(e, maxGetbulkResponses=-1)
        assert len(m.getBulk(base, maxRepetitions=1000)
                   .variableBindings) == 1000
    with Engine() as e:
        with pytest.raises(ValueError):
            e.Agent("127.0.0.1:0", maxGetbulkResponses=-2)
        with pytest.raises(TypeError):
            e.Agent("127.0.0.1:0", maxGetbulkRepeats="7")
        assert e.Agent("127.0.0.1:0").maxGetbulkResponses == 0
