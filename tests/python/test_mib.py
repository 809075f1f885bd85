"""snmpx.mib (issue 14, 1): MIB modules from Python, checked against the
snmpx command built beside the package ($SNMPX_BUILD/snmpx):

- every node of every module of the IETF modules directory
  (../shared/mibs, as tests/mib/mib_lib.sh finds it) resolves and prints
  as `snmpx translate` prints it (-On, -OS, -Os, -Of);
- values print as `snmpx walk` prints them, walking an `snmpx agent` that
  serves SNMPX-TEST-MIB's data (hints, enumerations, BITS, strings,
  TimeTicks, wrong types, indexes of every kind) under many -O letters;
- load errors carry file:line; the compiled cache is the command's.
"""

import os
import subprocess
import sys
import threading
import time

import pytest

import agent
import snmpx
from snmpx import (OID, Counter32, Gauge32, Integer, IpAddress, NoSuchObject,
                   OctetString, TimeTicks)
from snmpx.mib import MibDatabase, MibError

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
MIB_DIR = os.path.join(os.path.dirname(SRC), "shared", "mibs")
if not os.path.isdir(MIB_DIR):
    MIB_DIR = "/work/shared/mibs"
MIB_DATA = os.path.join(SRC, "tests", "mib", "data")
BUILD = os.environ.get("SNMPX_BUILD", os.path.join(SRC, "build"))
SNMPX = os.path.join(BUILD, "snmpx")
SX = "1.3.6.1.4.1.99991"

need_mibs = pytest.mark.skipif(not os.path.isdir(MIB_DIR),
                               reason="no MIB directory %s" % MIB_DIR)
need_cmd = pytest.mark.skipif(not os.access(SNMPX, os.X_OK),
                              reason="no snmpx command at %s" % SNMPX)


@pytest.fixture(scope="module")
def mibenv(tmp_path_factory):
    """Private state for the command and the package alike (as
    tests/mib/mib_lib.sh): no snmp.conf, no $MIBS/$MIBDIRS, a private
    compiled cache, and no shipped modules (only the directories named)."""
    tmp = tmp_path_factory.mktemp("mib")
    (tmp / "conf").mkdir()
    env = {"SNMPCONFPATH": str(tmp / "conf"),
           "SNMP_PERSISTENT_DIR": str(tmp / "persist"),
           "SNMPX_MIBDB_CACHE_DIR": str(tmp / "cache"),
           "SNMPX_SHIPPED_MIBDIRS": ""}
    saved = {k: os.environ.get(k) for k in list(env) + ["MIBS", "MIBDIRS"]}
    os.environ.update(env)
    os.environ.pop("MIBS", None)
    os.environ.pop("MIBDIRS", None)
    yield tmp
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def run_snmpx(*args, check=True):
    p = subprocess.run([SNMPX] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    if check and p.returncode != 0:
        raise AssertionError("snmpx %s: exit %d: %s"
                             % (" ".join(args[:6]), p.returncode,
                                p.stderr.decode(errors="replace")[:2000]))
    return p.stdout.decode("utf-8", "surrogateescape")


@pytest.fixture(scope="module")
def alldb(mibenv):
    return MibDatabase(mibdirs=MIB_DIR, mibs="ALL", read_conf=False)


# ---- (a) every node, as snmpx translate prints and resolves it ---------


def translate(style, items, mibs="ALL", dirs=MIB_DIR, extra=()):
    """`snmpx translate -O<style>` of every item in one call per 2000
    items; one output line per item."""
    out = []
    for i in range(0, len(items), 2000):
        chunk = items[i:i + 2000]
        text = run_snmpx("translate", "-M", dirs, "-m", mibs,
                         "-O" + style, *extra, *chunk)
        # one line per OID, a blank line between two
        assert text.endswith("\n")
        lines = text[:-1].split("\n\n")
        assert len(lines) == len(chunk), (style, len(lines), len(chunk))
        out.extend(lines)
    return out


@need_mibs
@need_cmd
def test_mib_every_node_prints_as_translate(alldb):
    nodes = [n for n in alldb.nodes() if len(n.oid) > 1]
    assert len(nodes) > 2000
    numeric = [str(n.oid) for n in nodes]
    for style in ("n", "S", "s", "f", "u"):
        want = translate(style, numeric)
        got = [alldb.format_oid(n.oid, style) for n in nodes]
        bad = [(w, g) for w, g in zip(want, got) if w != g]
        assert not bad, (style, len(bad), bad[:5])


@need_mibs
@need_cmd
def test_mib_every_name_resolves_as_translate(alldb):
    nodes = [n for n in alldb.nodes() if len(n.oid) > 1]
    # MODULE::label, the bare label (Net-SNMP's random access), the
    # full path, and an instance below each.
    names = []
    for n in nodes:
        full = alldb.format_oid(n.oid, "f")
        names += [alldb.format_oid(n.oid, "S"),
                  alldb.format_oid(n.oid, "s"), full,
                  alldb.format_oid(n.oid, "S") + ".0"]
    want = translate("n", names, extra=("-IR",))
    got = [str(alldb.resolve(t).__str__()) for t in names]
    bad = [(t, w, "." + g) for t, w, g in zip(names, want, got)
           if w != "." + g]
    assert not bad, (len(bad), bad[:5])


@need_mibs
@need_cmd
def test_mib_lookup_breaks_indexes_as_translate(mibenv):
    db = MibDatabase(mibdirs=MIB_DIR + ":" + MIB_DATA, mibs="ALL",
                     read_conf=False)
    texts = ['IF-MIB::ifDescr.3', 'SNMPv2-MIB::sysDescr.0',
             'sxValue.1.1."abc".\'defg\'.10.0.0.1.120.121',
             'SNMP-VIEW-BASED-ACM-MIB::vacmAccessContextMatch."grp"."ctx".3.3',
             'vacmSecurityToGroupStatus.3."user"',
             'ipNetToPhysicalPhysAddress.2.ipv4."10.0.0.1"',
             'snmpTargetAddrTAddress.\'target\'']
    for style in ("S", "s", "f", "n", "u", "X", "b", "sX", "E"):
        want = translate(style, texts, dirs=MIB_DIR + ":" + MIB_DATA,
                         extra=("-IR",))
        got = [db.format_oid(db.resolve(t), style) for t in texts]
        assert got == want, style
    name = db.lookup(db.resolve('IF-MIB::ifDescr.3'))
    # RFC1213-MIB and IF-MIB both define ifDescr: the module is the one
    # the command names it by.
    assert str(name) == "%s::ifDescr.3" % name.module
    assert name.label == "ifDescr"
    assert name.module == db.object("ifDescr").module
    assert name.node_oid == OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 2)
    assert name.index == (Integer(3),)
    name = db.lookup(db.resolve(texts[3]))
    assert name.index == (OctetString(b"grp"), OctetString(b"ctx"),
                          Integer(3), Integer(3))
    assert db.lookup("SNMPv2-MIB::sysDescr.0").index == (0,)


def test_mib_resolve_parts_encodes_by_index(mibenv):
    db = MibDatabase(mibdirs=MIB_DIR + ":" + MIB_DATA,
                     mibs="IF-MIB:SNMP-VIEW-BASED-ACM-MIB:SNMPX-TEST-MIB:"
                          "SNMP-TARGET-MIB", read_conf=False)
    assert db.resolve_parts("IF-MIB", "ifDescr", 3) == \
        db.resolve("IF-MIB::ifDescr.3")
    assert db.resolve_parts("SNMPv2-MIB", "sysDescr", 0) == \
        OID(1, 3, 6, 1, 2, 1, 1, 1, 0)
    assert db.resolve_parts("SNMPv2-MIB", "sysDescr") == \
        OID(1, 3, 6, 1, 2, 1, 1, 1)
    o = db.resolve_parts("SNMP-VIEW-BASED-ACM-MIB", "vacmAccessContextMatch",
                         "grp", b"ctx", 3, "authPriv")
    assert db.format_oid(o) == \
        'SNMP-VIEW-BASED-ACM-MIB::vacmAccessContextMatch."grp"."ctx".3.authPriv'
    # INDEX { int, enum, "str", fixed(4), IpAddress, IMPLIED str }
    o = db.resolve_parts("SNMPX-TEST-MIB", "sxValue", 1, 1, "abc", "defg",
                         "10.0.0.1", "xy")
    assert str(o) == SX + ".2.1.7.1.1.3.97.98.99.100.101.102.103.10.0.0.1" \
                          ".120.121"
    o = db.resolve_parts("SNMP-TARGET-MIB", "snmpTargetAddrTAddress", "t1")
    assert db.format_oid(o) == "SNMP-TARGET-MIB::snmpTargetAddrTAddress.'t1'"
    with pytest.raises(ValueError, match="takes 6 index values"):
        db.resolve_parts("SNMPX-TEST-MIB", "sxValue", 1)
    with pytest.raises(TypeError, match=r"index\[0\] \(ifIndex\)"):
        db.resolve_parts("IF-MIB", "ifDescr", "x")
    with pytest.raises(ValueError, match="Unknown Object Identifier"):
        db.resolve_parts("IF-MIB", "noSuchThing", 1)


def test_mib_object_info(mibenv):
    db = MibDatabase(mibdirs=MIB_DIR, mibs="IF-MIB:HOST-RESOURCES-MIB",
                     read_conf=False)
    o = db.object("IF-MIB::ifAdminStatus")
    assert (o.syntax, o.access, o.status) == \
        ("INTEGER", "read-write", "current")
    assert o.enums == {"up": 1, "down": 2, "testing": 3}
    assert "desired state" in o.description
    o = db.object("ifPhysAddress")
    assert (o.syntax, o.tc, o.hint) == ("OCTET STRING", "PhysAddress", "1x:")
    o = db.object("ifEntry")
    assert o.index == [("ifIndex", False)]
    assert db.object("ifXEntry").augments == "ifEntry"
    o = db.object("hrMemorySize")
    assert (o.syntax, o.tc, o.units) == ("Integer32", "KBytes", "KBytes")
    o = db.object("ifDescr")
    assert o.size_ranges and o.ranges == [(0, 255)]
    assert db.object("ifDescr.7").label == "ifDescr"
    assert db.object(OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 2)).name == \
        "IF-MIB::ifDescr"


def test_mib_bad_arguments_name_the_argument(mibenv):
    with pytest.raises(TypeError, match="mibs must be str"):
        MibDatabase(mibs=3)
    with pytest.raises(TypeError, match="read_conf must be bool"):
        MibDatabase(read_conf=None)
    db = MibDatabase(mibdirs=MIB_DIR, mibs="SNMPv2-MIB", read_conf=False)
    with pytest.raises(TypeError, match="text must be str"):
        db.resolve(1.5)
    with pytest.raises(ValueError, match="style: unknown output option"):
        db.format_oid("sysDescr.0", "Z")
    with pytest.raises(ValueError, match="style: unknown output option"):
        db.format_value("sysDescr.0", OctetString(b"x"), "Z")
    with pytest.raises(TypeError, match=r"modules\[1\] must be str"):
        db.load("SNMPv2-MIB", 5)
    with pytest.raises(ValueError, match="noSuchName.0: Unknown Object"):
        db.resolve("noSuchName.0")
    with pytest.raises(TypeError, match="value must be"):
        db.pretty("sysDescr.0", 1.5)


# ---- (b) values, as snmpx walk prints them --------------------------------


@pytest.fixture(scope="module")
def sxagent(mibenv):
    """`snmpx agent` serving SNMPX-TEST-MIB's data (tests/mib/
    sxtest_snmprec.py) on 127.0.0.1; stopped by its pid."""
    if not os.access(SNMPX, os.X_OK):
        pytest.skip("no snmpx command at %s" % SNMPX)
    rec = mibenv / "sxtest.snmprec"
    subprocess.run([sys.executable,
                    os.path.join(SRC, "tests", "mib", "sxtest_snmprec.py"),
                    str(rec)], check=True, timeout=60)
    for _ in range(10):  # another process may take the probed port
        port = agent.free_port()
        proc = subprocess.Popen([SNMPX, "agent", "-q", "-c", "sxtest", "-D",
                                 str(rec), "udp:127.0.0.1:%d" % port],
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        addr = "127.0.0.1:%d" % port
        deadline = time.monotonic() + 15
        up = False
        while time.monotonic() < deadline and proc.poll() is None:
            p = subprocess.run([SNMPX, "get", "-v2c", "-c", "sxtest", "-r",
                                "0", "-t", "0.5", "-On", addr,
                                SX + ".1.1.0"],
                               stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, timeout=30)
            if p.returncode == 0 and b"INTEGER" in p.stdout:
                up = True
                break
        if up:
            break
        proc.kill()
        proc.wait()
    else:
        pytest.fail("snmpx agent did not start")
    yield addr
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def sxdb(mibenv):
    return MibDatabase(mibdirs=MIB_DIR + ":" + MIB_DATA, mibs="ALL",
                       read_conf=False)


@pytest.fixture(scope="module")
def sxwalk(sxagent):
    with snmpx.Engine(timeout=2.0, retries=2) as e:
        m = e.Manager(sxagent, version=2, community=b"sxtest")
        return list(m.walk(SX))


STYLES = ["", "q", "v", "Q", "e", "x", "a", "T", "U", "t", "b", "X", "E",
          "f", "s", "u", "n", "xq", "Xq", "eQ", "Tx", "vq", "qt"]


@need_mibs
@pytest.mark.parametrize("style", STYLES)
def test_mib_values_print_as_snmpx_walk(sxagent, sxdb, sxwalk, style):
    args = ["walk", "-v2c", "-c", "sxtest", "-M", MIB_DIR + ":" + MIB_DATA,
            "-m", "ALL"] + (["-O" + style] if style else []) + \
        [sxagent, SX]
    want = run_snmpx(*args)
    got = "".join(sxdb.format_varbind(vb.name, vb.value, style) + "\n"
                  for vb in sxwalk)
    assert len(sxwalk) > 50
    if got != want:
        w, g = want.split("\n"), got.split("\n")
        diff = [(a, b) for a, b in zip(w, g) if a != b]
        assert got == want, diff[:5]


@need_mibs
def test_mib_format_value_is_the_text_after_equals(sxagent, sxdb, sxwalk):
    want = run_snmpx("walk", "-v2c", "-c", "sxtest", "-M",
                     MIB_DIR + ":" + MIB_DATA, "-m", "ALL", "-Ov",
                     sxagent, SX)
    got = "".join(sxdb.format_value(vb.name, vb.value) + "\n"
                  for vb in sxwalk)
    assert got == want


def test_mib_format_value_by_hand(mibenv):
    db = MibDatabase(mibdirs=MIB_DIR, mibs="IF-MIB:HOST-RESOURCES-MIB",
                     read_conf=False)
    assert db.format_value("IF-MIB::ifType.1", Integer(24)) == \
        "INTEGER: softwareLoopback(24)"
    assert db.format_value("ifType.1", Integer(24), "q") == \
        "softwareLoopback"
    assert db.format_value("ifType.1", Integer(24), "e") == "INTEGER: 24"
    assert db.format_value("ifPhysAddress.1",
                           OctetString(b"\x00\x11\x22\xaa\xbb\xcc")) == \
        "STRING: 0:11:22:aa:bb:cc"
    assert db.format_value("ifLastChange.1", TimeTicks(8640100)) == \
        "Timeticks: (8640100) 1 day, 0:00:01.00"
    assert db.format_value("ifLastChange.1", TimeTicks(8640100), "t") == \
        "8640100"
    assert db.format_value("hrMemorySize.0", Integer(1024)) == \
        "INTEGER: 1024 KBytes"
    assert db.format_value("hrMemorySize.0", Integer(1024), "U") == \
        "INTEGER: 1024"
    assert db.format_value("ifHighSpeed.1", Gauge32(1000)) == \
        "Gauge32: 1000"
    assert db.format_value("ifInOctets.1", Integer(5)) == \
        "Wrong Type (should be Counter32): INTEGER: 5"
    assert db.format_value("ifDescr.1", NoSuchObject()) == \
        "No Such Object available on this agent at this OID"
    assert db.format_value("1.3.6.1.4.1.99999.1", 7) == "INTEGER: 7"
    assert db.format_varbind("ifInOctets.1", Counter32(5)) == \
        "IF-MIB::ifInOctets.1 = Counter32: 5"


# ---- pysnmp's prettyPrint ---------------------------------------------------


def test_mib_pretty_as_pysnmp(mibenv):
    """The texts pysnmp 7.1 prints for these values of its own compiled
    modules (read off pysnmp's output: ObjectType(...).resolve_with_mib()
    then [1].prettyPrint())."""
    db = MibDatabase(mibdirs=MIB_DIR,
                     mibs="SNMPv2-MIB:SNMP-FRAMEWORK-MIB:"
                          "SNMP-VIEW-BASED-ACM-MIB:SNMP-TARGET-MIB:"
                          "SNMP-USER-BASED-SM-MIB",
                     read_conf=False)
    cases = [
        ("sysObjectID.0", OID(1, 3, 6, 1, 4, 1, 8072, 3, 2, 10),
         "SNMPv2-SMI::enterprises.8072.3.2.10"),
        ("sysObjectID.0", OID(1, 3, 6, 1, 6, 3, 1), "SNMPv2-MIB::snmpMIB"),
        ("sysUpTime.0", TimeTicks(8640100), "8640100"),
        ("sysDescr.0", OctetString(b"Linux box"), "Linux box"),
        ("sysDescr.0", OctetString(b"a\nb"), "a\nb"),
        ("sysDescr.0", OctetString("h\u00e9llo".encode()), "hllo"),
        ("sysServices.0", Integer(72), "72"),
        ("snmpEnableAuthenTraps.0", Integer(2), "disabled"),
        ("snmpEngineID.0", OctetString(b"\x80\x00\x1f\x88\x04abc"),
         "0x80001f8804616263"),
        ("vacmViewTreeFamilyMask.1.118.3.1.3.6", OctetString(b"\xff"),
         "0xff"),
        ("vacmViewTreeFamilyMask.1.118.3.1.3.6", OctetString(b""), ""),
        ('vacmAccessContextMatch."g"."c".3.3', Integer(1), "exact"),
        ('vacmSecurityToGroupStatus.2."u"', Integer(1), "active"),
        ('vacmGroupName.2."u"', OctetString(b"grp"), "grp"),
        ("snmpTargetAddrTAddress.'t'",
         OctetString(b"\x7f\x00\x00\x01\x00\xa1"), "0x7f00000100a1"),
        ("snmpTargetAddrTDomain.'t'", OID(1, 3, 6, 1, 6, 1, 1),
         "SNMPv2-SMI::snmpDomains.1"),
        ("snmpTargetAddrTimeout.'t'", Integer(1500), "1500"),
        ("usmUserAuthProtocol.1.0.1.117",
         OID(1, 3, 6, 1, 6, 3, 10, 1, 1, 2),
         "SNMP-USER-BASED-SM-MIB::usmHMACMD5AuthProtocol"),
        ("sysDescr.0", NoSuchObject(),
         "No Such Object currently exists at this OID"),
        ("snmpTargetAddrTimeout.'t'", IpAddress("10.0.0.1"), "10.0.0.1"),
    ]
    got = [db.pretty(name, value) for name, value, _ in cases]
    assert got == [want for _, _, want in cases]
    # The one call snmpx.pysnmp makes per printed varbind answers both.
    for name, value, _ in cases:
        oid = db.resolve(name)
        assert db._describe(oid, value) == \
            (db.lookup(oid), db.pretty(oid, value)), name


def test_mib_resolve_keeps_names_until_a_load(mibenv):
    """A name is parsed once (the Manager resolves it at every request)
    and parsed again after a load, which may change what it names."""
    db = MibDatabase(mibdirs=MIB_DIR, mibs="SNMPv2-MIB", read_conf=False)
    first = db.resolve("SNMPv2-MIB::sysDescr.0")
    assert first == OID(1, 3, 6, 1, 2, 1, 1, 1, 0)
    assert db.resolve("SNMPv2-MIB::sysDescr.0") is first
    assert db.resolve("SNMPv2-MIB::sysDescr.0", False) is not first
    with pytest.raises(ValueError):
        db.resolve("vacmGroupName")
    db.load("SNMP-VIEW-BASED-ACM-MIB")
    again = db.resolve("SNMPv2-MIB::sysDescr.0")
    assert again == first and again is not first
    assert db.resolve("vacmGroupName") == \
        OID(1, 3, 6, 1, 6, 3, 16, 1, 2, 1, 3)


def test_mib_row_index_found_once_per_column(mibenv):
    """Every varbind of a walk names its index by the same row: the
    row's INDEX is looked up once per column, not per varbind, and again
    after a load (which may change the tree)."""
    db = MibDatabase(mibdirs=MIB_DIR, mibs="SNMP-VIEW-BASED-ACM-MIB",
                     read_conf=False)
    calls = []
    find = db._find_row_index
    db._find_row_index = lambda node: calls.append(node) or find(node)
    names = [db.lookup('vacmSecurityToGroupStatus.2."u%d"' % i)
             for i in range(5)]
    assert [n.index for n in names] == \
        [(Integer(2), OctetString(b"u%d" % i)) for i in range(5)]
    assert len(calls) == 1
    db.load("SNMP-TARGET-MIB")
    db.lookup('vacmSecurityToGroupStatus.2."u"')
    assert len(calls) == 2



def _pysnmp_reference(db, oid, value):
    """What snmpx.pysnmp printed before the C rendering, in Python:
    (the name as _names prints it, pretty())."""
    from snmpx.pysnmp.smi import _names
    found, text = db._describe(oid, value)
    return _names._symbol_text(_names._symbol(found)), text


# Index tails after each node: none, instances, strings, addresses, OIDs,
# and tails that decode by no INDEX.
_TAILS = [(), (0,), (1,), (3, 97, 98, 99), (4, 10, 0, 0, 1), (2, 128, 1),
          (5, 1, 3, 6, 1, 2), (1, 0, 4294967295), (255,)]


def _values_to_render(rnd):
    return [Integer(0), Integer(1), Integer(2), Integer(-5), Integer(255),
            Integer(2 ** 31 - 1), Integer(-2 ** 31), Gauge32(0), Gauge32(7),
            Gauge32(2 ** 32 - 1), TimeTicks(12345), Counter32(5),
            snmpx.Counter64(2 ** 64 - 1), OctetString(b""),
            OctetString(b"abc"), OctetString(b"\x00\xff\x10"),
            OctetString(b"h\xc3\xa9llo"), OctetString(bytes(range(40))),
            OctetString(bytes(range(0x80, 0x8a))), IpAddress("10.0.0.1"),
            snmpx.Null(), NoSuchObject(), snmpx.NoSuchInstance(),
            snmpx.EndOfMibView(),
            OctetString(bytes(rnd.randrange(256)
                              for _ in range(rnd.randrange(12))))]


@need_mibs
def test_mib_pysnmp_texts_as_python_renders_them(mibenv):
    """snmpx.pysnmp's name and value texts of a varbind, made in one C
    call (py_mib_text.c), are the Python rendering's (_describe, kept as
    the reference and the fallback) for every node of the IETF modules and
    of SNMPX-TEST-MIB (hints, enumerations, BITS, indexes of every kind),
    under each index tail, for values of every type."""
    import random
    db = MibDatabase(mibdirs=MIB_DIR + ":" + MIB_DATA, mibs="ALL",
                     read_conf=False)
    rnd = random.Random(14)  # seeded: the same cases every run
    cases = covered = 0
    bad = []
    for info in db.nodes():
        for tail in _TAILS:
            try:
                oid = OID(*(tuple(info.oid) + tail))
            except ValueError:  # not an OID (a root's first arcs)
                continue
            for value in _values_to_render(rnd):
                got = db._pysnmp_texts(oid, value)
                cases += 1
                if got is None:
                    continue
                covered += 1
                want = _pysnmp_reference(db, oid, value)
                if got != want:
                    bad.append((str(oid), value, info.hint, got, want))
    assert not bad, (len(bad), bad[:5])
    assert cases > 100000 and covered == cases
    # Left to Python: OID and Opaque values.
    assert db._pysnmp_texts(OID(1, 3, 6, 1, 2, 1, 1, 2, 0),
                            OID(1, 3, 6, 1)) is None
    assert db._pysnmp_texts(OID(1, 3, 6, 1, 2, 1, 1, 1, 0),
                            snmpx.Opaque(b"\x9f\x78")) is None


def test_mib_pysnmp_hints_as_python_applies_them(mibenv):
    """DISPLAY-HINTs as py_mib_text.c and mib.py apply them (pysnmp's
    algorithm), on made-up hints and values: the same text, or the C
    code leaves it to Python (None)."""
    import random
    from snmpx import mib as M
    db = MibDatabase(mibdirs=MIB_DIR, mibs="SNMPv2-MIB", read_conf=False)
    oid = OID(1, 3, 6, 1, 2, 1, 1, 1, 0)
    node = db._db.find(oid)[0]

    class Info:  # what _pretty reads of an ObjectInfo
        enums = bits = {}

    rnd = random.Random(3)
    alphabet = "0123456789*axdotb.:-, "
    bad, covered = [], 0
    for i in range(20000):
        hint = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(8)))
        data = bytes(rnd.randrange(256) if rnd.random() < .3
                     else rnd.randrange(32, 127)
                     for _ in range(rnd.randrange(20)))
        num = rnd.choice([0, 1, -1, 255, -12345, 2 ** 31 - 1, -2 ** 31,
                          rnd.randrange(-2 ** 31, 2 ** 31)])
        for typ, value in ((M._T_OCTETSTR, OctetString(data)),
                           (M._T_INTEGER, Integer(num)),
                           (M._T_GAUGE, Gauge32(abs(num)))):
            plan = ("M::x", None, typ, hint, None, None)
            got = db._db.pysnmp_texts(oid, value, {node: plan})
            if got is None:
                continue
            covered += 1
            info = Info()
            info._type, info.hint = typ, hint
            want = M._pretty(db, info, value)
            if got != ("M::x.0", want):
                bad.append((hint, value, got, want))
    assert not bad, (len(bad), bad[:5])
    assert covered > 50000
    # A hint whose every pass takes no octet would never end (pysnmp
    # 7.1 loops for ever on it): refused, the plain text printed.
    assert M._pretty_octets_hint("0a", b"abc") is None
    assert M._pretty_octets_hint("0a1a", b"abc") == "abc"
    assert db._db.pysnmp_texts(
        oid, OctetString(b"abc"),
        {node: ("M::x", None, M._T_OCTETSTR, "0a", None, None)}) == \
        ("M::x.0", "abc")

PYSNMP7 = os.path.join(os.path.dirname(SRC), "shared", "peers", "pysnmp7")
if not os.path.isdir(PYSNMP7):
    PYSNMP7 = "/work/shared/peers/pysnmp7"

# What pysnmp prints, by pysnmp itself: (module, symbol, index, value
# class, value) with pysnmp's own compiled modules.
PYSNMP_PROBE = r"""
import json, sys
from pysnmp.smi import builder, view, rfc1902
from pysnmp.proto import rfc1902 as t
b = builder.MibBuilder()
b.load_modules("SNMPv2-MIB", "SNMP-FRAMEWORK-MIB", "SNMP-VIEW-BASED-ACM-MIB",
               "SNMP-TARGET-MIB", "SNMP-COMMUNITY-MIB")
mv = view.MibViewController(b)
out = []
for mod, sym, idx, cls, val in json.load(sys.stdin):
    if cls == "OctetString":
        val = bytes.fromhex(val)
    ot = rfc1902.ObjectType(rfc1902.ObjectIdentity(mod, sym, *idx),
                            getattr(t, cls)(val)).resolve_with_mib(mv)
    out.append([str(ot[0].get_oid()), ot[1].prettyPrint()])
json.dump(out, sys.stdout)
"""


@pytest.mark.skipif(not os.path.isdir(PYSNMP7), reason="no pysnmp 7.1 peer")
def test_mib_pretty_as_pysnmp_prints_it(mibenv):
    """The same values printed by pysnmp 7.1 itself (the test peer, run
    with Debian's python3) and by MibDatabase.pretty."""
    import json
    cases = [
        ("SNMPv2-MIB", "sysDescr", [0], "OctetString", b"Linux 6.1".hex()),
        ("SNMPv2-MIB", "sysDescr", [0], "OctetString", b"\x01\xfftab".hex()),
        ("SNMPv2-MIB", "sysObjectID", [0], "ObjectIdentifier",
         "1.3.6.1.4.1.8072.3.2.10"),
        ("SNMPv2-MIB", "sysUpTime", [0], "TimeTicks", 123456),
        ("SNMPv2-MIB", "sysServices", [0], "Integer", 76),
        ("SNMPv2-MIB", "snmpEnableAuthenTraps", [0], "Integer", 1),
        ("SNMPv2-MIB", "snmpEnableAuthenTraps", [0], "Integer", 9),
        ("SNMPv2-MIB", "sysORLastChange", [], "TimeTicks", 5),
        ("SNMP-FRAMEWORK-MIB", "snmpEngineID", [0], "OctetString",
         "80001f8880aabbccdd"),
        ("SNMP-FRAMEWORK-MIB", "snmpEngineTime", [0], "Integer", 77),
        ("SNMP-VIEW-BASED-ACM-MIB", "vacmViewTreeFamilyType",
         ["all", "1.3.6"], "Integer", 2),
        ("SNMP-VIEW-BASED-ACM-MIB", "vacmGroupName", [3, "admin"],
         "OctetString", "61646d696e"),
        ("SNMP-VIEW-BASED-ACM-MIB", "vacmAccessStorageType",
         ["g", "", 3, 3], "Integer", 3),
        ("SNMP-TARGET-MIB", "snmpTargetAddrTAddress", ["t"], "OctetString",
         "7f00000100a1"),
        ("SNMP-TARGET-MIB", "snmpTargetAddrTagList", ["t"], "OctetString",
         "612062"),
        ("SNMP-COMMUNITY-MIB", "snmpCommunityStatus", ["c"], "Integer", 4),
    ]
    env = dict(os.environ, PYTHONPATH=PYSNMP7)
    p = subprocess.run(["/usr/bin/python3", "-c", PYSNMP_PROBE],
                       input=json.dumps(cases).encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=env, timeout=120)
    if p.returncode != 0:
        pytest.fail("pysnmp: %s" % p.stderr.decode()[-2000:])
    want = json.loads(p.stdout)
    db = MibDatabase(mibdirs=MIB_DIR,
                     mibs="SNMPv2-MIB:SNMP-FRAMEWORK-MIB:"
                          "SNMP-VIEW-BASED-ACM-MIB:SNMP-TARGET-MIB:"
                          "SNMP-COMMUNITY-MIB", read_conf=False)
    classes = {"OctetString": lambda v: OctetString(bytes.fromhex(v)),
               "ObjectIdentifier": OID.parse, "TimeTicks": TimeTicks,
               "Integer": Integer}
    got = [[oid, db.pretty(oid, classes[cls](val))]
           for (_, _, _, cls, val), (oid, _) in zip(cases, want)]
    assert got == want


# ---- (c) load errors, (d) the cache -----------------------------------------


def test_mib_load_errors_carry_file_and_line(mibenv, tmp_path):
    bad = tmp_path / "BROKEN-MIB.txt"
    bad.write_text("BROKEN-MIB DEFINITIONS ::= BEGIN\n"
                   "IMPORTS enterprises FROM SNMPv2-SMI;\n"
                   "broken OBJECT IDENTIFIER ::= { enterprises 99992 }\n"
                   "brokenObj OBJECT-TYPE\n"
                   "    SYNTAX Integer32\n"
                   "    MAX-ACCESS read-only\n"
                   "    STATUS current ::= { broken 1 \n"
                   "END\n")
    db = MibDatabase(mibdirs=MIB_DIR, mibs="SNMPv2-MIB", read_conf=False)
    with pytest.raises(MibError) as info:
        db.load(str(bad))
    assert info.value.messages
    assert all(m.startswith(str(bad) + ":") for m in info.value.messages), \
        info.value.messages
    line = int(info.value.messages[0].split(":")[1])
    assert 4 <= line <= 9, info.value.messages  # the line after END at most
    assert str(bad) in str(info.value)
    assert db.warnings[-len(info.value.messages):] == info.value.messages
    with pytest.raises(MibError, match="Cannot find module \\(NO-SUCH-MIB\\)"):
        db.load("NO-SUCH-MIB")
    db.load("IF-MIB")  # still usable
    assert db.resolve("ifDescr.1") == db.resolve("IF-MIB::ifDescr.1")


def test_mib_add_dirs(mibenv):
    db = MibDatabase(mibdirs=MIB_DIR, mibs="SNMPv2-MIB", read_conf=False)
    with pytest.raises(MibError):
        db.load("SNMPX-TEST-MIB")
    db.add_dirs(MIB_DATA)
    assert db.dirs[-1] == MIB_DATA
    db.load("SNMPX-TEST-MIB")
    assert str(db.resolve("SNMPX-TEST-MIB::sxCenti.0")) == SX + ".1.1.0"


@need_cmd
def test_mib_cache_shared_with_the_command(mibenv, tmp_path):
    cache = tmp_path / "cache"
    args = ["-M", MIB_DIR + ":" + MIB_DATA, "-m", "SNMPX-TEST-MIB"]
    # The command compiles and writes the cache ...
    out = subprocess.run([SNMPX, "translate", "-On"] + args +
                         ["SNMPX-TEST-MIB::sxCenti.0"],
                         stdout=subprocess.PIPE, timeout=60,
                         env=dict(os.environ,
                                  SNMPX_MIBDB_CACHE_DIR=str(cache)))
    assert out.stdout == b"." + SX.encode() + b".1.1.0\n"
    assert os.listdir(cache)
    # ... which the package reads, given the directory or by the same
    # environment variable (snmp.conf read, as by the command: that is in
    # the cache's key).
    db = MibDatabase(mibdirs=MIB_DIR + ":" + MIB_DATA, mibs="SNMPX-TEST-MIB",
                     cache_dir=str(cache))
    assert db.from_cache
    assert str(db.resolve("sxCenti.0")) == SX + ".1.1.0"
    os.environ["SNMPX_MIBDB_CACHE_DIR"] = str(cache)
    try:
        db = MibDatabase(mibdirs=MIB_DIR + ":" + MIB_DATA,
                         mibs="SNMPX-TEST-MIB")
        assert db.from_cache
    finally:
        os.environ["SNMPX_MIBDB_CACHE_DIR"] = str(mibenv / "cache")
    # Another set of modules is not in that cache yet; none at all with "".
    assert not MibDatabase(mibdirs=MIB_DIR, mibs="IF-MIB",
                           cache_dir=str(cache)).from_cache
    assert not MibDatabase(mibdirs=MIB_DIR + ":" + MIB_DATA,
                           mibs="SNMPX-TEST-MIB", cache_dir="").from_cache


# ---- names in the Manager calls, the default database, threads ------------


def test_mib_names_in_manager_calls(mibenv, sxagent, monkeypatch):
    db = MibDatabase(mibdirs=MIB_DIR + ":" + MIB_DATA, mibs="SNMPX-TEST-MIB",
                     read_conf=False)
    monkeypatch.setattr(snmpx.mib, "_default", db)
    with snmpx.Engine(timeout=2.0, retries=2) as e:
        m = e.Manager(sxagent, version=2, community=b"sxtest")
        resp = m.get("SNMPX-TEST-MIB::sxCenti.0", "sxEnum.1")
        names = [vb.name for vb in resp.variableBindings]
        assert names == [OID.parse(SX + ".1.1.0"),
                         db.resolve("SNMPX-TEST-MIB::sxEnum.1")]
        assert str(names[1]).startswith(SX + ".1.")
        walked = list(m.walk("sxTable"))
        assert walked and all(vb.name.startswith(SX + ".2") for vb in walked)
        with pytest.raises(ValueError, match="noSuchLabel.0: Unknown Object"):
            m.get("noSuchLabel.0")
        with pytest.raises(ValueError, match="invalid OID"):
            m.get("1.3.")  # numeric text is never taken for a name


def test_mib_default_database_is_made_once(mibenv, monkeypatch):
    monkeypatch.setenv("MIBDIRS", MIB_DIR)
    monkeypatch.setenv("MIBS", "IF-MIB")
    monkeypatch.setattr(snmpx.mib, "_default", None)
    dbs = []
    threads = [threading.Thread(target=lambda: dbs.append(snmpx.mib.default()))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(dbs) == 4 and all(d is dbs[0] for d in dbs)
    assert str(dbs[0].resolve("ifDescr.2")) == "1.3.6.1.2.1.2.2.1.2.2"
    assert OID.parse("IF-MIB::ifType.1") == OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 3, 1)


@need_mibs
def test_mib_queries_from_threads_during_a_load(mibenv):
    db = MibDatabase(mibdirs=MIB_DIR, mibs="SNMPv2-MIB", read_conf=False)
    want = db.format_oid("sysDescr.0", "f")
    errors = []

    def query():
        for _ in range(300):
            if db.format_oid("sysDescr.0", "f") != want:
                errors.append("changed")

    threads = [threading.Thread(target=query) for _ in range(3)]
    for t in threads:
        t.start()
    db.load("IF-MIB", "IP-MIB", "HOST-RESOURCES-MIB")
    for t in threads:
        t.join(60)
    assert not errors
    assert db.format_oid("ifDescr.1") == "IF-MIB::ifDescr.1"


PYSET_MIB = """SNMPX-PYSET-MIB DEFINITIONS ::= BEGIN
IMPORTS OBJECT-TYPE, enterprises FROM SNMPv2-SMI;
pyset OBJECT IDENTIFIER ::= { enterprises 99990 }
pysetInt OBJECT-TYPE
    SYNTAX INTEGER { one(1), two(2), seven(7) }
    MAX-ACCESS read-write
    STATUS current
    DESCRIPTION "agent.py's WRITABLE int"
    ::= { pyset 1 }
pysetStr OBJECT-TYPE
    SYNTAX OCTET STRING (SIZE(0..8))
    MAX-ACCESS read-write
    STATUS current
    DESCRIPTION "agent.py's WRITABLE str"
    ::= { pyset 2 }
END
"""


def test_mib_set_values_typed_and_checked(mibenv, engine, snmpd, tmp_path,
                                          monkeypatch):
    (tmp_path / "SNMPX-PYSET-MIB.txt").write_text(PYSET_MIB)
    db = MibDatabase(mibdirs=MIB_DIR + ":" + str(tmp_path),
                     mibs="SNMPv2-MIB:IF-MIB:SNMPX-PYSET-MIB", read_conf=False)
    monkeypatch.setattr(snmpx.mib, "_default", db)
    m = engine.Manager(snmpd.address, version=2, community=b"private")
    # Refused before anything is sent, with snmpset's messages.
    with pytest.raises(ValueError, match=r"sysServices\.0: Value out of range "
                                         r"\(300 :: \{\(0\.\.127\)\}\)"):
        m.set(("SNMPv2-MIB::sysServices.0", 300))
    with pytest.raises(ValueError, match=r"Bad string length :: "
                                         r"\{\(0\.\.8\)\}"):
        m.set(("pysetStr.0", "x" * 9))
    with pytest.raises(ValueError, match=r"Bad variable type \(Type of "
                                         r"attribute is INTEGER, not OCTET "
                                         r"STRING\)"):
        m.set(("ifAdminStatus.1", OctetString(b"up")))
    with pytest.raises(ValueError, match=r"ifAdminStatus\.1: Value out of "
                                         r"range \(sideways\)"):
        m.set(("ifAdminStatus.1", "sideways"))
    # Plain values typed by the MIB: an enumeration label, a str.
    try:
        resp = m.set(("SNMPX-PYSET-MIB::pysetInt.0", "two"),
                     ("pysetStr.0", "typed"))
        assert [vb.value for vb in resp.variableBindings] == \
            [Integer(2), OctetString(b"typed")]
        got = m.get("pysetInt.0", "pysetStr.0").variableBindings
        assert [db.format_value(vb.name, vb.value) for vb in got] == \
            ["INTEGER: two(2)", 'STRING: "typed"']
    finally:
        m.set((agent.WRITABLE["int"][0], Integer(1)),
              (agent.WRITABLE["str"][0], OctetString(b"hello")))
    assert db.value_for("ifAdminStatus.1", "down") == Integer(2)
    assert db.value_for("ifAdminStatus.1", 2) == Integer(2)
    assert db.value_for("sysObjectID.0", "snmpMIB") == db.resolve("snmpMIB")
    assert db.value_for("ifLastChange.1", 5) == TimeTicks(5)
    # Numeric names are sent as given (no MIB lookup): the agent refuses.
    with pytest.raises(snmpx.ErrorResponse):
        m.set(("1.3.6.1.2.1.1.7.0", 300))


def test_mib_doc_examples(mibenv, monkeypatch, capsys):
    """docs/python.md's MIBs section: its code runs, and prints the lines
    of its "# ->" comments."""
    with open(os.path.join(SRC, "docs", "python.md")) as f:
        doc = f.read()
    section = doc[doc.index("\n## MIBs\n"):]
    section = section[:section.index("\n## ", 5)]
    code = section[section.index("```python\n") + 10:]
    code = code[:code.index("```")]
    want = [line.split("# -> ", 1)[1] for line in code.split("\n")
            if "# -> " in line]
    assert len(want) >= 8
    monkeypatch.setenv("MIBDIRS", MIB_DIR)
    exec(compile(code, "docs/python.md", "exec"), {})
    assert capsys.readouterr().out.split("\n")[:-1] == want
