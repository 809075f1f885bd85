"""Responses carrying the obsolete types Net-SNMP's tools still print
(UInteger32, BIT STRING, NsapAddress) come up as the nearest class
(Gauge32, OctetString of the raw octets), not as an error."""

import os
import subprocess
import sys

import pytest

import snmpx

FAKE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                    "interop", "fake_agent.py")


def answer_of(encoded_hex):
    """A v2c GET answered by fake_agent with the BER value |encoded_hex|."""
    p = subprocess.Popen([sys.executable, FAKE, "--mode", "rawvalue",
                          "--value", encoded_hex, "--lifetime", "60"],
                         stdout=subprocess.PIPE, text=True)
    try:
        word, port = p.stdout.readline().split()
        assert word == "ready"
        with snmpx.Engine(defaultVersion=2, timeout=5.0, retries=1) as e:
            m = e.Manager("127.0.0.1:%s" % port)
            return m.get("1.3.6.1.4.1.99998.1.1.0").variableBindings[0].value
    finally:
        p.kill()
        p.wait()


@pytest.mark.parametrize("encoded,cls,value", [
    ("470105", snmpx.Gauge32, 5),                 # UInteger32
    ("0303" "05a0c0", snmpx.OctetString, b"\x05\xa0\xc0"),  # BIT STRING
    ("4502" "abcd", snmpx.OctetString, b"\xab\xcd"),  # NsapAddress
])
def test_obsolete_types_as_nearest_class(encoded, cls, value):
    v = answer_of(encoded)
    assert isinstance(v, cls)
    if cls is snmpx.Gauge32:
        assert v.value == value
    else:
        assert v.data == value


# A broken agent's unsigned values whose first octet has the high bit set
# with no leading 00 (41 01 80): read as unsigned numbers, never
# sign-extended, as Net-SNMP 5.9.3's snmpget prints them
# (tests/interop/test_unsigned_values.sh compares the command line).
@pytest.mark.parametrize("encoded,cls,value", [
    ("410180", snmpx.Counter32, 128),
    ("41028000", snmpx.Counter32, 32768),
    ("4104fffffffe", snmpx.Counter32, 4294967294),
    ("410580000000ff", snmpx.Counter32, 255),     # low 32 bits
    ("4201ff", snmpx.Gauge32, 255),
    ("430580000000ff", snmpx.TimeTicks, 255),
    ("470180", snmpx.Gauge32, 128),               # UInteger32
    ("460180", snmpx.Counter64, 128),
    ("46088000000000000001", snmpx.Counter64, 2**63 + 1),
    ("4600", snmpx.Counter64, 0),
])
def test_unsigned_high_bit_not_sign_extended(encoded, cls, value):
    v = answer_of(encoded)
    assert isinstance(v, cls)
    assert v.value == value
