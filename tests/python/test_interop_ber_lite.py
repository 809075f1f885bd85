"""tests/interop/ber_lite.py, the BER both scripted interop peers
(fake_agent.py, usm_report_agent.py) share: minimal INTEGERs, OIDs and
long-form lengths read back as written."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "interop"))

import ber_lite  # noqa: E402


def test_enc_int_is_minimal():
    assert ber_lite.enc_int(0) == bytes.fromhex("020100")
    assert ber_lite.enc_int(127) == bytes.fromhex("02017f")
    assert ber_lite.enc_int(128) == bytes.fromhex("02020080")
    assert ber_lite.enc_int(-128) == bytes.fromhex("020180")
    assert ber_lite.enc_int(-129) == bytes.fromhex("0202ff7f")
    assert ber_lite.enc_int(65507) == bytes.fromhex("020300ffe3")
    assert ber_lite.enc_int(1, 0x41) == bytes.fromhex("410101")
    for v in (0, 1, -1, 255, 2**31 - 1, -2**31, 2**63 - 1):
        tag, body, end = ber_lite.read_tlv(ber_lite.enc_int(v), 0)
        assert (tag, ber_lite.dec_int(body)) == (2, v)


def test_oid_round_trip():
    for arcs in [(1, 3, 6, 1, 6, 3, 15, 1, 1, 5, 0), (0, 0),
                 (1, 3, 6, 1, 4, 1, 99998, 1, 16, 0), (2, 5, 2**32 - 1)]:
        tag, body, _ = ber_lite.read_tlv(ber_lite.enc_oid(arcs), 0)
        assert tag == 6 and ber_lite.dec_oid(body) == arcs


def test_long_lengths_and_items():
    body = b"x" * 200 + b"y" * 100
    seq = ber_lite.tlv(0x30, ber_lite.tlv(0x04, body[:200]) +
                       ber_lite.tlv(0x04, body[200:]))
    assert seq[:4] == bytes([0x30, 0x82, 0x01, 0x31])
    tag, inner, end = ber_lite.read_tlv(seq, 0)
    assert tag == 0x30 and end == len(seq)
    assert ber_lite.items(inner) == [(4, body[:200]), (4, body[200:])]
