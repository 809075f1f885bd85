"""OID, value classes, VarBind: no agent needed."""

import pytest

from snmpx import (OID, Counter32, Counter64, EndOfMibView, FixedLength,
                   Gauge32, Implied, Integer, IpAddress, NoSuchInstance,
                   NoSuchObject, Null, OctetString, Opaque, OpaqueDouble,
                   OpaqueInt64, TimeTicks, Unsigned32, VarBind, VarBindList)

IF_DESCR = OID.parse("1.3.6.1.2.1.2.2.1.2")


def test_oid_parse_format_compare():
    o = OID.parse(".1.3.6.1.2.1")
    assert o == OID(1, 3, 6, 1, 2, 1)
    assert str(o) == "1.3.6.1.2.1"
    assert repr(o) == "OID(1, 3, 6, 1, 2, 1)"
    assert OID.parse("1.3.6.1.2.1.1") < OID.parse("1.3.6.1.2.1.2")
    assert OID.parse("1.3") < OID.parse("1.3.0")
    assert hash(OID(1, 3)) == hash(OID.parse("1.3"))
    assert OID.parse("1.3.6.4294967295")[-1] == 4294967295
    for bad in ("1..3", "1.3.", "a.b", "1.3.4294967296", "1.-3", " 1.3"):
        with pytest.raises(ValueError):
            OID.parse(bad)
    with pytest.raises(ValueError):
        OID(1, 2 ** 32)
    with pytest.raises(ValueError):
        OID(*range(129))


def test_oid_text_by_libsnmpx():
    """str(OID) is libsnmpx's formatter (_snmpx.oid_text), the same text
    as the arcs joined by dots, up to 128 arcs of 2**32-1."""
    from snmpx import _snmpx
    for arcs in [(0,), (1, 3, 6, 1, 2, 1, 1, 1, 0),
                 (2,) + (4294967295,) * 127]:
        assert str(OID(*arcs)) == _snmpx.oid_text(arcs) == \
            ".".join(map(str, arcs))
    with pytest.raises(TypeError):
        _snmpx.oid_text((1, True))
    with pytest.raises(ValueError):
        _snmpx.oid_text((1, 1 << 32))


def test_oid_extend_startswith():
    o = IF_DESCR.extend(7)
    assert isinstance(o, OID) and str(o) == "1.3.6.1.2.1.2.2.1.2.7"
    assert o.startswith(IF_DESCR) and o.startswith("1.3.6")
    assert not IF_DESCR.startswith(o)
    assert isinstance(IF_DESCR + (1, 2), OID)


def test_extract_index_integer():
    assert IF_DESCR.extend(7).extractIndex(IF_DESCR, Integer) == Integer(7)
    assert IF_DESCR.extend(7).extractIndex(str(IF_DESCR), Integer) == \
        Integer(7)
    with pytest.raises(OID.BadPrefix):
        OID.parse("1.3.6.1.2.1.2.2.1.3.7").extractIndex(IF_DESCR, Integer)
    with pytest.raises(OID.BadPrefix):
        OID.parse("1.3.6").extractIndex(IF_DESCR, Integer)
    with pytest.raises(OID.IndexDecodeError):  # nothing after the prefix
        IF_DESCR.extractIndex(IF_DESCR, Integer)
    with pytest.raises(OID.IndexDecodeError):  # left over
        IF_DESCR.extend(7, 8).extractIndex(IF_DESCR, Integer)
    with pytest.raises(OID.IndexDecodeError):  # > 2**31-1 as INTEGER
        IF_DESCR.extend(2 ** 31).extractIndex(IF_DESCR, Integer)
    assert IF_DESCR.extend(2 ** 31).extractIndex(IF_DESCR, Gauge32) == \
        Gauge32(2 ** 31)
    assert IF_DESCR.extractIndex(IF_DESCR) is None


def test_extract_index_composite():
    prefix = OID.parse("1.3.6.1.2.1.4.22.1.2")  # ipNetToMediaPhysAddress
    name = prefix.extend(3, 192, 0, 2, 1)
    ifindex, addr = name.extractIndex(prefix, Integer, IpAddress)
    assert ifindex == Integer(3) and addr.value == "192.0.2.1"
    s = OID(1, 3).appendIndex(OctetString(b"ab"), OID(1, 2, 3), Integer(5))
    assert s == OID(1, 3, 2, 97, 98, 3, 1, 2, 3, 5)
    assert s.extractIndex(OID(1, 3), OctetString, OID, Integer) == \
        (OctetString(b"ab"), OID(1, 2, 3), Integer(5))
    with pytest.raises(OID.IndexDecodeError):  # string arc over 255
        OID(1, 3, 1, 256).extractIndex(OID(1, 3), OctetString)
    with pytest.raises(OID.IndexDecodeError):  # too short
        OID(1, 3, 5, 1).extractIndex(OID(1, 3), OctetString)


def test_index_integer_is_never_negative():
    """RFC 2578 7.7 (1): an INTEGER index is one non-negative arc; -1 is
    refused, not encoded as 4294967295 (which extractIndex refuses)."""
    for bad in (Integer(-1), Integer(-(2 ** 31))):
        with pytest.raises(ValueError):
            OID(1, 3).appendIndex(bad)
    with pytest.raises(ValueError):  # nothing half-appended either
        OID(1, 3).appendIndex(Integer(1), Integer(-1))
    top = OID(1, 3).appendIndex(Integer(2 ** 31 - 1))
    assert top == OID(1, 3, 2 ** 31 - 1)
    assert top.extractIndex(OID(1, 3), Integer) == Integer(2 ** 31 - 1)
    with pytest.raises(OID.IndexDecodeError):
        OID(1, 3, 4294967295).extractIndex(OID(1, 3), Integer)


def test_index_round_trips():
    """appendIndex and extractIndex are libsnmpx's codec: every kind it
    has, IMPLIED and fixed-length strings included, round-trips."""
    base = OID(1, 3, 6, 1, 4, 1, 99999, 1)
    cases = [
        ((Integer(0),), (Integer,)),
        ((Gauge32(2 ** 32 - 1),), (Gauge32,)),
        ((Counter32(5), TimeTicks(6)), (Counter32, TimeTicks)),
        ((OctetString(b""),), (OctetString,)),
        ((OctetString(b"\x00\xff"), IpAddress("192.0.2.9")),
         (OctetString, IpAddress)),
        ((OID(1, 3, 6), Integer(4)), (OID, Integer)),
        ((Integer(7), Implied(OctetString(b"name"))),
         (Integer, Implied(OctetString))),
        ((Implied(OID(1, 2, 3)),), (Implied(OID),)),
        ((FixedLength(OctetString(b"\x00\x11\x22\x33\x44\x55"), 6),
          Integer(1)), (FixedLength(OctetString, 6), Integer)),
    ]
    for values, types in cases:
        name = base.appendIndex(*values)
        got = name.extractIndex(base, *types)
        got = got if isinstance(got, tuple) and len(types) > 1 else (got,)
        want = tuple(v.item if isinstance(v, (Implied, FixedLength)) else v
                     for v in values)
        assert got == want, (values, name, got)
        assert all(type(g) is type(w) for g, w in zip(got, want))
    assert base.appendIndex(Implied(OctetString(b"ab"))) == \
        base.extend(97, 98)
    assert base.appendIndex(OctetString(b"ab")) == base.extend(2, 97, 98)
    assert base.appendIndex(FixedLength(OctetString(b"ab"), 2)) == \
        base.extend(97, 98)
    assert base.appendIndex(Implied(OID(2, 999))) == base.extend(2, 999)


def test_index_refusals():
    for bad in (Counter64(1), OpaqueInt64(1), Opaque(b"x"), Null(), 5,
                Implied(Integer(1)), FixedLength(OID(1), 1)):
        with pytest.raises(TypeError):
            OID(1, 3).appendIndex(bad)
    for bad in (Counter64, Opaque, Implied(IpAddress), int):
        with pytest.raises(TypeError):
            OID(1, 3, 1).extractIndex(OID(1, 3), bad)
    with pytest.raises(ValueError):  # not its fixed size
        OID(1, 3).appendIndex(FixedLength(OctetString(b"abc"), 4))
    with pytest.raises(ValueError):  # over 128 sub-identifiers
        OID(*range(125)).appendIndex(OctetString(b"abc"))
    assert len(OID(*range(125)).appendIndex(OctetString(b"ab"))) == 128
    with pytest.raises(OID.IndexDecodeError):  # too short for the size
        OID(1, 3, 1).extractIndex(OID(1, 3), FixedLength(OctetString, 2))
    with pytest.raises(OID.IndexDecodeError):  # an address arc over 255
        OID(1, 3, 1, 2, 3, 256).extractIndex(OID(1, 3), IpAddress)
    with pytest.raises(OID.IndexDecodeError):  # arcs and no index types
        OID(1, 3, 1).extractIndex(OID(1, 3))


def test_values():
    assert Integer(5).value == 5 and Integer(-5) != Integer(5)
    assert Integer(5) != Gauge32(5)  # same number, other type
    assert {Counter32(1), Counter32(1)} == {Counter32(1)}
    assert OctetString("hé").data == "hé".encode()
    assert OctetString(b"x") == OctetString(b"x")
    assert Opaque(b"x") != OctetString(b"x")
    assert IpAddress("10.1.2.3").data == b"\x0a\x01\x02\x03"
    assert IpAddress(b"\x0a\x01\x02\x03").value == "10.1.2.3"
    assert Unsigned32 is Gauge32
    assert TimeTicks(100).value == 100
    assert Counter64(2 ** 64 - 1).value == 2 ** 64 - 1
    assert OpaqueDouble(1.5).value == 1.5
    for cls, bad in ((Integer, 2 ** 31), (Integer, -2 ** 31 - 1),
                     (Counter32, -1), (Gauge32, 2 ** 32),
                     (Counter64, 2 ** 64)):
        with pytest.raises(ValueError):
            cls(bad)
    with pytest.raises(TypeError):
        Integer("5")
    with pytest.raises(ValueError):
        IpAddress(b"\x01\x02")
    assert Null() == Null() and NoSuchObject() != NoSuchInstance()
    assert repr(EndOfMibView()) == "EndOfMibView()"


def test_varbind():
    vb = VarBind("1.3.6.1.2.1.1.5.0", OctetString(b"x"))
    name, value = vb
    assert name == vb.name == OID.parse("1.3.6.1.2.1.1.5.0")
    assert value == vb.value == OctetString(b"x")
    assert VarBind("1.3").value == Null()
    vbl = VarBindList(vb, ("1.3.6", Integer(1)))
    assert len(vbl) == 2 and vbl[1].value == Integer(1)
