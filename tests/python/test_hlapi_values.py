"""snmpx.pysnmp's received varbinds (hlapi/_values.result_varbinds) are
made without running ObjectIdentity/ObjectType.__init__: they must be the
objects those would make."""

from snmpx import types as sx
from snmpx.pysnmp.hlapi import _values
from snmpx.pysnmp.proto import rfc1902 as r
from snmpx.pysnmp.smi.rfc1902 import ObjectIdentity, ObjectType


def test_received_objects_as_init_makes_them():
    name = sx.OID(1, 3, 6, 1, 2, 1, 1, 1, 0)
    value = sx.OctetString(b"text")
    for vb in _values.result_varbinds((sx.VarBind(name, value),), True,
                                      False):
        oid = r.ObjectName(name)
        made = ObjectType(ObjectIdentity(oid), vb[1])
        assert type(vb) is ObjectType and type(vb[0]) is ObjectIdentity
        assert set(vars(vb)) == set(vars(made))
        # _received: the (oid, value) the name and value are rendered from
        # when first printed (smi.rfc1902.received).
        assert set(vars(vb[0])) - {"_received"} == set(vars(made[0]))
        assert str(vb[0]) == str(made[0])
        for key, want in vars(made[0]).items():
            assert getattr(vb[0], key) == want, key
        assert vb == made and vb[0].getOid() == oid
        assert type(vb[1]) is r.OctetString and vb[1] == b"text"
    pairs = _values.result_varbinds((sx.VarBind(name, sx.Integer(5)),),
                                    False, True)
    assert pairs == [(r.ObjectName(name), r.Integer32(5))]
    assert type(pairs[0][0]) is r.ObjectName
    assert type(pairs[0][1]) is r.Integer32


def test_null():
    assert r.Null("") == b"" and r.Null("").isValue
    assert r.Null(b"").isValue and not r.Null().isValue
    assert type(r.Null("")) is r.Null
