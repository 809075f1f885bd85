"""Issue 13 (10, 8): every public entry point refuses bad arguments with
TypeError or ValueError naming the argument: nothing hangs, nothing
silently means a default, nothing is coerced into something else (an int
into zero octets, a float into an int), pass phrases have 8 characters.
No agent needed: the managers point at a free port and nothing is sent
unless a test says so."""

import math

import pytest

import snmpx
from snmpx import (OID, Aes128Cfb, Counter32, Engine, HmacSha, HmacSha256,
                   Integer, IpAddress, KeyType, OctetString, Opaque,
                   OpaqueDouble, OpaqueFloat, SnmpxError, TimeTicks)


@pytest.fixture
def eng():
    with Engine(timeout=0.2, retries=0) as e:
        yield e


@pytest.fixture
def mgr(eng, dead_address):
    return eng.Manager(dead_address, version=2)


def refused(exc, match, fn, *args, **kw):
    """fn(*args, **kw) raises exactly |exc| (not an SnmpxError) whose
    message matches |match|."""
    with pytest.raises(exc, match=match) as info:
        fn(*args, **kw)
    assert not isinstance(info.value, SnmpxError), info.value
    return info.value


# ---- timeout and retries: no hang, no silent default ---------------------

BAD_TIMEOUTS = [(-1, ValueError), (-0.001, ValueError), (0, ValueError),
                (0.0, ValueError), (float("nan"), ValueError),
                (float("inf"), ValueError), (86401, ValueError),
                (10 ** 400, OverflowError), ("1", TypeError),
                (None, TypeError), (True, TypeError)]


@pytest.mark.parametrize("value,exc", BAD_TIMEOUTS)
def test_engine_timeout_refused(value, exc):
    refused(exc, "timeout", Engine, timeout=value)


@pytest.mark.parametrize("value,exc", [v for v in BAD_TIMEOUTS
                                       if v[0] is not None])
def test_manager_timeout_refused(eng, dead_address, value, exc):
    refused(exc, "timeout", eng.Manager, dead_address, version=2,
            timeout=value)


@pytest.mark.parametrize("value,exc", [(-1, ValueError), (-5, ValueError),
                                       (2 ** 31, ValueError),
                                       (2 ** 70, ValueError),
                                       (1.0, TypeError), ("2", TypeError),
                                       (True, TypeError)])
def test_retries_refused(eng, dead_address, value, exc):
    refused(exc, "retries", Engine, retries=value)
    refused(exc, "retries", eng.Manager, dead_address, version=2,
            retries=value)


def test_timeout_and_retries_kept_exactly(eng, dead_address):
    """Small values are what they say (0.001 s, 0 retries): a request to
    a dead address times out at once, not after the defaults' 6 s (1 s,
    5 retries); 5 s leaves room for a busy machine."""
    import time
    m = eng.Manager(dead_address, version=2, timeout=0.001, retries=0)
    start = time.monotonic()
    with pytest.raises(snmpx.Timeout):
        m.get("1.3.6.1.2.1.1.1.0")
    assert time.monotonic() - start < 5
    assert Engine(timeout=86400, retries=2 ** 31 - 1).retries == 2 ** 31 - 1


def test_serve_and_run_once_timeouts(eng):
    calls = []

    def until():       # ends a serve() that would otherwise never return
        calls.append(1)
        if len(calls) > 30:
            raise RuntimeError("serve(timeout=%r) did not stop" % t)
        return False

    for t, exc in ((float("nan"), ValueError), (-1, ValueError),
                   ("1", TypeError), (True, TypeError)):
        refused(exc, "timeout", eng.serve, timeout=t, until=until)
        refused(exc, "timeout", eng.run_once, t)
    refused(TypeError, "until", eng.serve, timeout=0, until=5)
    eng.serve(timeout=0)


# ---- OIDs: ValueError, not SnmpxError -------------------------------------

BAD_OIDS = ["", ".", "3.1", "1.40", "0.40", "9", "1..3", "1.3.", "a.b",
            "1.3.4294967296", (3, 1), (1, 40), (), [7]]


@pytest.mark.parametrize("oid", BAD_OIDS)
def test_bad_oid_is_value_error(mgr, oid):
    for call in (mgr.get, mgr.getNext, mgr.getBulk, mgr.walk, mgr.bulkWalk):
        e = refused(ValueError, "", call, oid)
        if call in (mgr.get, mgr.getNext, mgr.getBulk):
            assert "argument 1" in str(e)
    refused(ValueError, "", mgr.get, "1.3.6", oid)
    refused(ValueError, "varbind 1", mgr.set, (oid, Integer(1)))
    refused(ValueError, "", mgr.trap, oid)
    refused(ValueError, "", mgr.inform, oid)


def test_oid_constructor_rules():
    for arcs in ((3, 1), (1, 40), (0, 40), (9,), ()):
        refused(ValueError, "invalid OID", OID, *arcs)
    for text in ("3.1", "1.40", "", "."):
        refused(ValueError, "OID", OID.parse, text)
    for arcs in ((True, 3), (1.0, 3), ("1", 3), (1, None)):
        refused(TypeError, "sub-identifier", OID, *arcs)
    for bad in (5, None, b"1.3", 1.5):
        refused(TypeError, "", OID.parse, bad)
    assert OID(2, 999) == OID.parse("2.999") and OID(1) == OID.parse(".1")
    assert OID(1, 39) and OID(0, 0)


def test_oid_arguments_type_errors(mgr):
    for bad in (None, 5, b"1.3", 1.5, [1, "3"], (True, 3)):
        refused(TypeError, "argument 1", mgr.get, bad)
    refused(TypeError, "maxRepetitions", mgr.getBulk, "1.3",
            maxRepetitions=True)
    refused(TypeError, "maxRepetitions", mgr.getBulk, "1.3",
            maxRepetitions=1.5)
    refused(ValueError, "nonRepeaters", mgr.getBulk, "1.3",
            nonRepeaters=2 ** 70)
    # walk() has no maxRepetitions: refused, not ignored
    refused(TypeError, "maxRepetitions", mgr.walk, "1.3", maxRepetitions=5)


# ---- values -----------------------------------------------------------------

def test_octet_string_refuses_ints():
    for cls in (OctetString, Opaque):
        for bad in (12, 0, True, None, 1.5):
            refused(TypeError, cls.__name__, cls, bad)
        assert cls(b"ab").data == b"ab" and cls("é").data == "é".encode()
        assert cls(bytearray(b"x")).data == b"x"
        assert cls(memoryview(b"yz")).data == b"yz"
        assert cls([1, 2]).data == b"\x01\x02"
        refused(ValueError, cls.__name__, cls, [1, 256])


def test_number_values_refuse_other_types():
    for cls in (Integer, Counter32, TimeTicks):
        for bad in ("5", 5.0, None, True):
            refused(TypeError, cls.__name__, cls, bad)
    for cls in (OpaqueFloat, OpaqueDouble):
        for bad in ("1.5", None, True, b"1"):
            refused(TypeError, cls.__name__, cls, bad)
    refused(OverflowError, "", OpaqueFloat, 1e300)   # beyond single precision
    refused(OverflowError, "", OpaqueDouble, 10 ** 400)
    assert OpaqueFloat(0.1).value == 0.10000000149011612  # what is sent
    assert math.isinf(OpaqueFloat(float("inf")).value)
    refused(TypeError, "IpAddress", IpAddress, 5)
    refused(ValueError, "", IpAddress, "1.2.3")


def test_set_values_checked(mgr):
    refused(ValueError, "varbind 1.*Integer", mgr.set, ("1.3.6.1", 2 ** 40))
    refused(ValueError, "varbind 2", mgr.set, ("1.3.6.1", 1),
            ("1.3.6.1", -2 ** 31 - 1))
    for bad in (1.5, None, True, object()):
        refused(TypeError, "varbind 1", mgr.set, ("1.3.6.1", bad))
    i = Integer(1)
    i.value = 2 ** 40          # changed behind the constructor's back
    refused(ValueError, "Integer", mgr.set, ("1.3.6.1", i))
    c = Counter32(1)
    c.value = "x"
    refused(TypeError, "", mgr.set, ("1.3.6.1", c))
    refused(TypeError, "pair", mgr.trap, "1.3.6.1.6.3.1.1.5.1", 5)


# ---- engines, managers, addresses -----------------------------------------

def test_manager_arguments(eng, dead_address):
    host, port = dead_address.split(":")
    for addr, exc in ((5, TypeError), (("127.0.0.1",), TypeError),
                      (("127.0.0.1", "161"), TypeError),
                      ((1, 2), TypeError), (("127.0.0.1", 70000), ValueError),
                      (("127.0.0.1", -1), ValueError),
                      (("127.0.0.1", True), TypeError),
                      ("127.0.0.1:70000", ValueError), ("", ValueError),
                      ("127.0.0.1\0:161", ValueError),
                      ("[::1:161", ValueError)):
        refused(exc, "address", eng.Manager, addr, version=2)
    for v, exc in ((2.0, TypeError), (True, TypeError), (4, ValueError),
                   ("2d", ValueError)):
        refused(exc, "version", eng.Manager, dead_address, version=v)
    refused(TypeError, "community", eng.Manager, dead_address, version=2,
            community=5)
    refused(TypeError, "namespace", eng.Manager, dead_address, namespace=5)
    refused(TypeError, "defaultCommunity", Engine, defaultCommunity=3)
    refused(TypeError, "defaultVersion", Engine, defaultVersion=2.0)
    eng.addUser("reader", authProtocol=HmacSha, authSecret="12345678")
    for eid in (b"", bytes(33)):
        refused(ValueError, "engineID", eng.Manager, dead_address,
                user="reader", engineID=eid)
    for level, exc in ((7, ValueError), ("authPriv", TypeError),
                       (3, ValueError)):   # 3: the user has no privacy
        refused(exc, "", eng.Manager, dead_address, user="reader",
                securityLevel=level)
    assert eng.Manager((host, int(port)), version=2)


def test_oid_method_arguments():
    refused(TypeError, "prefix", OID(1, 3, 6).startswith, 5)
    refused(TypeError, "prefix", OID(1, 3, 6).extractIndex, 5, Integer)
    assert OID(1, 3, 6).startswith((1, 3))


def test_async_engine_loop_argument():
    refused(TypeError, "loop", snmpx.AsyncEngine, loop=5)


def test_local_engine_arguments(eng):
    for boots, exc in ((-1, ValueError), (0, ValueError),
                       (2 ** 31, ValueError), (2 ** 32, ValueError),
                       (1.5, TypeError), ("1", TypeError)):
        refused(exc, "boots", eng.setLocalEngine, None, boots=boots)
    refused(TypeError, "namespace", eng.setLocalEngine, None, namespace=1)
    refused(ValueError, "engineID", eng.setLocalEngine, b"abc")
    refused(TypeError, "engineID", eng.setLocalEngine, 12345)


def test_notification_arguments(eng, dead_address):
    v1 = eng.Manager(dead_address, version=1)
    v2 = eng.Manager(dead_address, version=2)
    for up, exc in ((-1, ValueError), (2 ** 32, ValueError),
                    (1.5, TypeError), ("5", TypeError)):
        refused(exc, "uptime", v2.trap, "1.3.6.1.6.3.1.1.5.1", uptime=up)
    for addr, exc in ((5, TypeError), ("1.2.3", ValueError),
                      (b"\x01", ValueError)):
        refused(exc, "agentAddr", v2.trap, "1.3.6.1.6.3.1.1.5.1",
                agentAddr=addr)
        refused(exc, "agentAddr", v1.trapV1, "1.3.6.1.4.1.8072", 6, 1,
                agentAddr=addr)
    for g, exc in ((7, ValueError), (-1, ValueError), (1.7, TypeError),
                   ("1", TypeError)):
        refused(exc, "genericTrap", v1.trapV1, "1.3.6.1.4.1.8072", g, 0)
    refused(TypeError, "specificTrap", v1.trapV1, "1.3.6.1.4.1.8072", 6,
            1.5)
    refused(ValueError, "specificTrap", v1.trapV1, "1.3.6.1.4.1.8072", 6,
            2 ** 31)
    refused(TypeError, "enterprise", v1.trapV1, 5, 6, 1)
    refused(TypeError, "trapOID", v2.trap, 5)
    refused(TypeError, "callback", eng.NotificationReceiver, "127.0.0.1:0",
            None)
    refused(TypeError, "communities", eng.NotificationReceiver,
            "127.0.0.1:0", print, communities=5)
    refused(TypeError, "communities", eng.NotificationReceiver,
            "127.0.0.1:0", print, communities=[5])


def test_agent_arguments(eng):
    # bytes(5) would have made a community of five NULs
    refused(TypeError, "community", eng.Agent, "127.0.0.1:0",
            communities={5: "read"})
    refused(TypeError, "user", eng.Agent, "127.0.0.1:0", users=[7])
    refused(TypeError, "communities", eng.Agent, "127.0.0.1:0",
            communities=5)
    refused(ValueError, "securityLevel", eng.Agent, "127.0.0.1:0",
            securityLevel=9)
    refused(TypeError, "contextName", eng.Agent, "127.0.0.1:0",
            contextName=1)
    a = eng.Agent("127.0.0.1:0")
    refused(TypeError, "setter", a.register, "1.3.6.1.4.1.1", {},
            setter=5)
    refused(TypeError, "check", a.register, "1.3.6.1.4.1.1", {}, check="x")
    refused(ValueError, "OID", a.register, "", {})
    refused(ValueError, "OID", a.register, "5.1", {})
    refused(TypeError, "prefix", a.register, 5, {})


# ---- addUser: pass phrases (issue 13, 8) ---------------------------------

def test_add_user_short_pass_phrases(eng):
    """Net-SNMP: "passphrase chosen is below the length requirements of
    the USM (min=8)" (RFC 3414 11.2)."""
    refused(ValueError, "authSecret", eng.addUser, "u",
            authProtocol=HmacSha, authSecret="1234567")
    refused(ValueError, "privSecret", eng.addUser, "u",
            authProtocol=HmacSha, authSecret="12345678",
            privProtocol=Aes128Cfb, privSecret=b"short")
    refused(ValueError, "secret", eng.addUser, "u", authProtocol=HmacSha,
            secret="")
    refused(ValueError, "secret", eng.addUser, "u", authProtocol=HmacSha,
            privProtocol=Aes128Cfb, secret="seven77")
    eng.addUser("u8", authProtocol=HmacSha, authSecret="12345678",
                privProtocol=Aes128Cfb, privSecret="abcdefgh")
    eng.addUser("u8s", authProtocol=HmacSha256, privProtocol=Aes128Cfb,
                secret="8 chars!")


def test_add_user_keys_are_not_pass_phrases(eng):
    """Keys (-3m/-3k) are no pass phrases: any length the protocol has,
    and exactly that length for master and localized auth keys."""
    eng.addUser("k", authProtocol=HmacSha, authSecret=bytes(20),
                privProtocol=Aes128Cfb, privSecret=bytes(16),
                keyType=KeyType.localized)
    eng.addUser("m", authProtocol=HmacSha256, authSecret=bytes(32),
                privProtocol=Aes128Cfb, privSecret=bytes(32),
                keyType=KeyType.master)
    refused(ValueError, "authSecret.*20", eng.addUser, "k",
            authProtocol=HmacSha, authSecret=bytes(7),
            keyType=KeyType.localized)
    refused(ValueError, "privSecret.*32", eng.addUser, "m",
            authProtocol=HmacSha256, authSecret=bytes(32),
            privProtocol=Aes128Cfb, privSecret=bytes(16),
            keyType=KeyType.master)


def test_add_user_other_arguments(eng):
    refused(ValueError, "authProtocol", eng.addUser, "u",
            authSecret="12345678")          # a secret for nothing
    refused(ValueError, "authProtocol", eng.addUser, "u", secret="12345678")
    refused(ValueError, "privProtocol", eng.addUser, "u",
            authProtocol=HmacSha, authSecret="12345678",
            privSecret="12345678")
    refused(ValueError, "authProtocol", eng.addUser, "u",
            privProtocol=Aes128Cfb, privSecret="12345678")
    refused(ValueError, "user", eng.addUser, "")
    refused(ValueError, "user", eng.addUser, "x" * 33)
    refused(TypeError, "user", eng.addUser, 5)
    refused(TypeError, "namespace", eng.addUser, "u", namespace=5)
    refused(TypeError, "keyType", eng.addUser, "u", keyType=True)
    refused(ValueError, "keyType", eng.addUser, "u", keyType=9)
    refused(TypeError, "authSecret", eng.addUser, "u",
            authProtocol=HmacSha, authSecret=12345678)
    refused(ValueError, "engineID", eng.addUser, "u", engineID=b"")
    refused(ValueError, "engineID", eng.addUser, "u", engineID=bytes(33))
    refused(ValueError, "", eng.addUser, "u", authProtocol="SHA-999",
            authSecret="12345678")
    refused(TypeError, "authProtocol", eng.addUser, "u", authProtocol=5,
            authSecret="12345678")


def test_no_user_arguments_reach_c_untyped(eng):
    """A few wrong types that once reached the extension's argument
    parsers unnamed (or unchecked: 'I' takes -1 as 4294967295)."""
    refused(TypeError, "namespace", eng.addUser, "u", namespace=None)
    refused(ValueError, "boots", eng.setLocalEngine, None, boots=-1)

