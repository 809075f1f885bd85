"""Issue 13: a randomized test of the Python layer's parsers.

Seeded and bounded (a few thousand cases each, well under a second or
two in all): OID.parse and the OID constructor, OIDs given to requests
(the extension's parser), agent address strings and (host, port) tuples,
the constructor of every value class with random bytes, ints, strings,
None, floats and huge ints, and values sent through a Python agent and
back (conversion both ways, and of the response).  Each case either
succeeds with a result that agrees with a small reference model here (and
round-trips) or raises TypeError, ValueError or OverflowError: never
SystemError, another exception class, a crash or a hang.

SNMPX_FUZZ_SEED=N picks another seed (the default keeps runs identical);
SNMPX_FUZZ_CASES=N scales every loop.
"""

import ipaddress
import math
import os
import random
import struct
import threading

import pytest

from snmpx import (OID, Counter32, Counter64, Engine, Gauge32, Integer,
                   IpAddress, OctetString, Opaque, OpaqueCounter64,
                   OpaqueDouble, OpaqueFloat, OpaqueInt64, OpaqueUInt64,
                   TimeTicks, VarBind)

SEED = int(os.environ.get("SNMPX_FUZZ_SEED", "20261207"))
CASES = int(os.environ.get("SNMPX_FUZZ_CASES", "3000"))
ALLOWED = (TypeError, ValueError, OverflowError)
U32 = (1 << 32) - 1


def outcome(fn, *args, **kw):
    """("ok", result) or (exception class, exception); any exception not in
    ALLOWED fails the test at once, with the call."""
    try:
        return "ok", fn(*args, **kw)
    except ALLOWED as exc:
        return type(exc), exc
    except Exception as exc:  # noqa: BLE001 - that is the finding
        pytest.fail("%s%r raised %s: %s" % (getattr(fn, "__name__", fn),
                                            args, type(exc).__name__, exc))


def kind(cls):
    """The class an outcome is compared as: ValueError covers its
    subclasses (UnicodeEncodeError...)."""
    if cls == "ok":
        return cls
    for base in (TypeError, OverflowError, ValueError):
        if issubclass(cls, base):
            return base
    return cls


# ---- a reference model of what an OID is --------------------------------

def rules(arcs):
    """None when |arcs| (ints in range) make a valid OID, else "value"."""
    if not arcs or len(arcs) > 128 or arcs[0] > 2 or \
            (len(arcs) > 1 and arcs[0] < 2 and arcs[1] > 39):
        return ValueError
    return None


def ref_parse(text):
    """OID.parse(text) by the rules: a tuple, or the exception class."""
    if not isinstance(text, str):
        return TypeError
    try:
        text.encode()
    except UnicodeEncodeError:
        return ValueError
    body = text[1:] if text.startswith(".") else text
    parts = body.split(".")
    if body == "" or any(not p or not all("0" <= c <= "9" for c in p)
                         for p in parts):
        return ValueError
    arcs = tuple(int(p) for p in parts)
    if len(arcs) > 128 or any(a > U32 for a in arcs):
        return ValueError
    return rules(arcs) or arcs


def is_int(a):
    return isinstance(a, int) and not isinstance(a, bool)


def ref_arcs_python(arcs):
    """OID(*arcs): length, then every type, then every range, then the
    rules."""
    if len(arcs) > 128:
        return ValueError
    if not all(is_int(a) for a in arcs):
        return TypeError
    if any(not 0 <= a <= U32 for a in arcs):
        return ValueError
    return rules(arcs) or tuple(arcs)


def ref_arcs_c(arcs):
    """An OID given to a request as a sequence: the extension checks the
    length, then each item in order (type, range), then the rules."""
    if len(arcs) > 128:
        return ValueError
    for a in arcs:
        if not is_int(a):
            return TypeError
        if not 0 <= a <= U32:
            return ValueError
    return rules(arcs) or tuple(arcs)


def rand_arc(rng):
    r = rng.random()
    if r < 0.45:
        return rng.randint(0, 50)
    if r < 0.6:
        return rng.choice([0, 1, 2, 3, 39, 40, 41, 255, U32, U32 + 1])
    if r < 0.75:
        return rng.randint(0, U32)
    if r < 0.85:
        return rng.choice([-1, -U32, 1 << 64, 1 << 200, -(1 << 70)])
    return rng.choice([True, False, 1.0, 2.5, None, "1", b"1", float("nan"),
                       [1], object()])


def rand_arcs(rng):
    n = rng.choice([0, 1, 2, 2, 3, 5, 8, 12, 20, 127, 128, 129, 200])
    first = [rng.choice([0, 1, 2, 3, 7, 40, 1000])] if n else []
    good = rng.random() < 0.5  # mostly plain arcs after the first two
    return first + [rng.randint(0, 100) if good else rand_arc(rng)
                    for _ in range(n - len(first))]


JUNK = ["", ".", "..", " ", "-", "+", "a", "x", "\0", "é", "\ud800",
        "\uff11", "١", "0x1", "1e3", "\t", "\n", "[", "]"]


def rand_oid_text(rng):
    r = rng.random()
    arcs = rand_arcs(rng)
    arcs = [a if is_int(a) else rng.randint(0, 9) for a in arcs]
    text = ".".join(str(abs(a)) for a in arcs)
    if r < 0.15:
        text = "." + text
    elif r < 0.5:  # damage it somewhere
        for _ in range(rng.randint(1, 3)):
            i = rng.randint(0, len(text))
            text = text[:i] + rng.choice(JUNK) + text[i:]
    elif r < 0.55:
        text = "".join(rng.choice("0123456789.") for _ in
                       range(rng.randint(0, 40)))
    elif r < 0.6:
        text = "1.3." + "9" * rng.randint(9, 40)
    return text


def test_oid_parse_random():
    rng = random.Random(SEED)
    seen = {"ok": 0, ValueError: 0, TypeError: 0}
    for _ in range(CASES):
        text = rand_oid_text(rng) if rng.random() < 0.97 else \
            rng.choice([None, 5, b"1.3", 1.5, ["1", "3"]])
        got, value = outcome(OID.parse, text)
        want = ref_parse(text)
        if got == "ok":
            assert isinstance(value, OID) and tuple(value) == want, text
            assert OID.parse(str(value)) == value == OID(*value)
            assert OID.parse("." + str(value)) == value
        else:
            assert kind(got) is want, (text, value)
        seen[kind(got)] += 1
    assert min(seen.values()) > CASES // 100, seen  # all outcomes covered


def test_oid_constructor_random():
    rng = random.Random(SEED + 1)
    seen = {"ok": 0, ValueError: 0, TypeError: 0}
    for _ in range(CASES):
        arcs = rand_arcs(rng)
        got, value = outcome(OID, *arcs)
        want = ref_arcs_python(arcs)
        if got == "ok":
            assert tuple(value) == want and type(value) is OID
            assert OID.parse(str(value)) == value
            assert value.extend() == value and value + () == value
        else:
            assert kind(got) is want, (arcs, value)
        seen[kind(got)] += 1
    assert min(seen.values()) > CASES // 100, seen


@pytest.fixture
def dead_manager(dead_address):
    with Engine(timeout=5, retries=0, autowait=False) as e:
        yield e.Manager(dead_address, version=2)


def test_request_oids_random(dead_manager):
    """OIDs as requests take them (text, sequences, OID objects), through
    the extension's own parser: get, getNext, getBulk, walk, set."""
    rng = random.Random(SEED + 2)
    m = dead_manager
    for i in range(CASES):
        if rng.random() < 0.5:
            oid = rand_oid_text(rng)
            want = ref_parse(oid)
        else:
            arcs = rand_arcs(rng)
            oid = tuple(arcs) if rng.random() < 0.5 else list(arcs)
            want = ref_arcs_c(arcs)
        call = rng.choice(["get", "getNext", "getBulk", "walk", "set"])
        if call == "set":
            got, value = outcome(m.set, (oid, Integer(i)))
        elif call == "walk":
            got, value = outcome(m.walk, oid)
        else:
            got, value = outcome(getattr(m, call), oid)
        if got == "ok":
            assert not isinstance(want, type), (oid, want)
            if call == "walk":
                value.close()
            else:
                value.cancel()
        else:
            assert kind(got) is want, (call, oid, value)


# ---- agent addresses ------------------------------------------------------

BAD_PORTS = ["65536", "99999999999", "-1", "abc", "", " 1", "1 ", "+1",
             "0x1f", "1.5", "\uff11", "16\0"]


def rand_host(rng):
    """(text, family or None for a host that never resolves); only
    numeric addresses and localhost, so the resolver is never asked."""
    r = rng.random()
    if r < 0.45:
        return str(ipaddress.IPv4Address(rng.getrandbits(32))), 4
    if r < 0.85:
        return str(ipaddress.IPv6Address(rng.getrandbits(128))), 6
    if r < 0.9:
        return "localhost", 4
    return rng.choice(["", "1" * 300]), None


def rand_port(rng):
    if rng.random() < 0.7:
        p = rng.randint(0, 65535)
        return (("0" * rng.randint(0, 2)) + str(p), p)
    return rng.choice(BAD_PORTS), None


def rand_address(rng):
    """(address, (family, port) expected or None when it must be
    refused, whether a TypeError is the refusal)."""
    host, fam = rand_host(rng)
    r = rng.random()
    if r < 0.2:  # a (host, port) tuple
        port = rng.choice([rng.randint(0, 65535), rng.randint(0, 65535),
                           -1, 65536, 1 << 70, True, "161", 161.0, None])
        bad_type = not is_int(port) and host != ""  # the host comes first
        ok = fam is not None and is_int(port) and 0 <= port <= 65535
        return (host, port), ((fam, port) if ok else None), bad_type
    if r < 0.25:
        return rng.choice([5, None, b"127.0.0.1:161", ["127.0.0.1", 161],
                           ("127.0.0.1",)]), None, True
    ptext, port = rand_port(rng)
    with_port = rng.random() < 0.7
    dflt = 161
    if fam == 6:
        forms = [("[%s]:%s" % (host, ptext), True),
                 ("udp6:[%s]:%s" % (host, ptext), True),
                 ("[%s]" % host, False), ("udp6:%s" % host, False),
                 (host, False)]
    else:
        forms = [("%s:%s" % (host, ptext), True),
                 ("udp:%s:%s" % (host, ptext), True),
                 ("UDP:%s:%s" % (host, ptext), True),
                 (host, False), ("udp:%s" % host, False)]
    text, uses_port = rng.choice(forms) if with_port else \
        rng.choice([f for f in forms if not f[1]])
    if rng.random() < 0.1:  # broken, or a transport the io cannot carry
        text = rng.choice(["[" + text, "tlstcp:[" + text,
                           text + "]x", ":" + ptext, "[]:161",
                           text + "\0"])
        return text, None, False
    want_port = (port if uses_port else dflt)
    ok = fam is not None and want_port is not None
    return text, ((fam, want_port) if ok else None), False


def test_addresses_random():
    rng = random.Random(SEED + 3)
    n_ok = 0
    with Engine(timeout=5, retries=0, autowait=False) as e:
        for _ in range(CASES):
            addr, want, type_error = rand_address(rng)
            got, value = outcome(e.Manager, addr, version=2)
            if want is None:
                assert got != "ok", (addr, value)
                assert kind(got) is (TypeError if type_error
                                     else ValueError), (addr, value)
                continue
            assert got == "ok", (addr, value)
            host, port = value._peer
            fam, want_port = want
            assert port == want_port, (addr, value._peer)
            assert ipaddress.ip_address(host).version == fam
            if not isinstance(addr, tuple) and "localhost" not in addr:
                text = addr[1:] if addr[0] == "[" else addr
                assert host in text or \
                    ipaddress.ip_address(host).exploded in \
                    ipaddress.ip_address(host).exploded, addr
            n_ok += 1
    assert CASES // 4 < n_ok < CASES, n_ok


# ---- value classes --------------------------------------------------------

NUMBERS = {Integer: (-(1 << 31), (1 << 31) - 1), Counter32: (0, U32),
           Gauge32: (0, U32), TimeTicks: (0, U32),
           Counter64: (0, (1 << 64) - 1), OpaqueCounter64: (0, (1 << 64) - 1),
           OpaqueUInt64: (0, (1 << 64) - 1),
           OpaqueInt64: (-(1 << 63), (1 << 63) - 1)}
STRINGS = (OctetString, Opaque)
ALL = list(NUMBERS) + list(STRINGS) + [IpAddress, OpaqueFloat, OpaqueDouble]


def rand_input(rng):
    r = rng.random()
    if r < 0.3:
        return rng.choice([
            rng.randint(-300, 300), rng.randint(-(1 << 70), 1 << 70),
            rng.choice([-(1 << 31) - 1, -(1 << 31), (1 << 31) - 1,
                        1 << 31, U32, U32 + 1, (1 << 63) - 1, 1 << 63,
                        -(1 << 63) - 1, (1 << 64) - 1, 1 << 64, 10 ** 400,
                        0, -1])])
    if r < 0.45:
        return rng.randbytes(rng.randint(0, 40))
    if r < 0.6:
        return "".join(chr(rng.choice([rng.randint(32, 126),
                                       rng.randint(0, 0x10ffff)]))
                       for _ in range(rng.randint(0, 12)))
    if r < 0.65:
        return str(ipaddress.IPv4Address(rng.getrandbits(32)))
    if r < 0.8:
        return rng.choice([float("nan"), float("inf"), -float("inf"), -0.0,
                           1e300, -1e300, 3.4e38, 3.5e38, 1e-300, 1e-45,
                           rng.uniform(-1e6, 1e6), rng.random()])
    return rng.choice([None, True, False, [1, 2, 300], [rng.randint(0, 255)],
                       bytearray(b"ab"), memoryview(b"\x01\x02\x03\x04"),
                       ("a",), object(), 1j, {1: 2}, range(3)])


def check_value(cls, arg, value):
    """The invariants of a constructed value, and what the reference
    says about |arg|."""
    assert type(value) is cls
    if cls in NUMBERS:
        lo, hi = NUMBERS[cls]
        assert is_int(arg) and lo <= arg <= hi and value.value == arg
    elif cls in STRINGS:
        assert not isinstance(arg, (int, float, type(None)))
        assert type(value.data) is bytes
        if isinstance(arg, str):
            assert value.data == arg.encode()
        elif isinstance(arg, (bytes, bytearray, memoryview)):
            assert value.data == bytes(arg)
    elif cls is IpAddress:
        assert len(value.data) == 4 and IpAddress(value.value) == value
    else:
        assert isinstance(value.value, float) and \
            (is_int(arg) or isinstance(arg, float))
        if cls is OpaqueFloat and not math.isnan(value.value):
            assert struct.unpack("<f", struct.pack("<f", value.value))[0] \
                == value.value


def ref_number(cls, arg):
    lo, hi = NUMBERS[cls]
    if not is_int(arg):
        return TypeError
    return "ok" if lo <= arg <= hi else ValueError


def test_value_constructors_random():
    rng = random.Random(SEED + 4)
    made = 0
    for _ in range(CASES):
        cls = rng.choice(ALL)
        arg = rand_input(rng)
        got, value = outcome(cls, arg)
        if cls in NUMBERS:
            assert kind(got) is ref_number(cls, arg), (cls, arg, value)
        if cls in STRINGS and (isinstance(arg, (int, float)) or arg is None):
            assert got is TypeError, (cls, arg)  # never zero octets
        if got == "ok":
            check_value(cls, arg, value)
            made += 1
    assert made > CASES // 8


def _encodes(text):
    try:
        text.encode()
        return True
    except UnicodeEncodeError:
        return False


def same(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, OpaqueFloat) and math.isnan(a.value):
        return math.isnan(b.value)
    return a == b


class Loopback:
    """An agent on 127.0.0.1 serving one writable subtree, and a manager
    of another engine that sets values there; the agent's setter keeps
    what it received."""

    BASE = OID.parse("1.3.6.1.4.1.99997")

    def __init__(self):
        self.agent_engine = Engine()
        self.received = {}
        agent = self.agent_engine.Agent("127.0.0.1:0",
                                        communities={"private": "write"})
        agent.register(self.BASE, self.received,
                       setter=self.received.__setitem__)
        self.thread = threading.Thread(target=self.agent_engine.serve,
                                       kwargs=dict(timeout=60))
        self.thread.start()
        self.engine = Engine(timeout=2, retries=2)
        self.mgr = self.engine.Manager(("127.0.0.1", agent.port), version=2,
                                       community="private")

    def close(self):
        self.agent_engine.stop()
        self.thread.join()
        self.engine.close()
        self.agent_engine.close()


@pytest.fixture
def loopback():
    lb = Loopback()
    yield lb
    lb.close()


def test_values_through_an_agent_random(loopback):
    """Random values (and plain int/bytes/str, and OIDs) set on a Python
    agent: what the agent receives and what the response carries are the
    values sent, of the same class."""
    rng = random.Random(SEED + 5)
    sent = 0
    for i in range(max(CASES // 5, 50)):
        cls = rng.choice(ALL + [OID, int, bytes, str])
        arg = rand_input(rng)
        if cls is OID:
            got, value = outcome(OID, *rand_arcs(rng))
        elif cls in (int, bytes, str):
            got, value = ("ok", arg) if type(arg) is cls else (None, None)
        else:
            got, value = outcome(cls, arg)
        if got != "ok":
            continue
        name = loopback.BASE.extend(i % 7, i)
        res, resp = outcome(loopback.mgr.set, (name, value))
        if cls is int and not -(1 << 31) <= value < (1 << 31):
            assert res is ValueError, value   # a plain int is an Integer
            continue
        if cls is str and not _encodes(value):
            assert kind(res) is ValueError, value  # not UTF-8: surrogates
            continue
        if cls is bytes or cls is str:
            value = OctetString(value)
        elif cls is int:
            value = Integer(value)
        elif cls is OID and len(value) == 1:
            value = value.extend(0)  # {n} goes out as {n, 0}, as Net-SNMP
        assert res == "ok", (value, resp)
        back = resp.variableBindings[0]
        assert back.name == name and same(back.value, value), (value, back)
        assert same(loopback.received[name], value)
        sent += 1
    assert sent > 20


def test_mutated_values_refused(dead_manager):
    """Value objects whose attributes were changed to anything: the
    extension refuses what its type cannot carry, with an allowed
    exception."""
    rng = random.Random(SEED + 6)
    for i in range(CASES // 3):
        cls = rng.choice(ALL)
        value = cls.__new__(cls)
        attr = "data" if cls in STRINGS or cls is IpAddress else "value"
        setattr(value, attr, rand_input(rng))
        got, res = outcome(dead_manager.set, ("1.3.6.1.4.1.1.%d" % i, value))
        if got == "ok":
            res.cancel()
        got, res = outcome(VarBind, "1.3.6.1", value)
        assert got == "ok"
