"""OID, value classes, VarBind: no agent needed."""

import pytest

from snmpx import (OID, Counter32, Counter64, EndOfMibView, Gauge32,
                   Integer, IpAddress, NoSuchInstance, NoSuchObject, Null,
                   OctetString, Opaque, OpaqueDouble, TimeTicks, Unsigned32,
                   VarBind, VarBindList)

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
