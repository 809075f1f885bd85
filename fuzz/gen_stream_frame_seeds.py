#!/usr/bin/env python3
"""Write the seed corpus of fuzz_stream_frame: SNMP messages back to back
(RFC 3430 2.1) behind the target's 3-octet prefix (limit selector, two
chunk-seed octets), plus every refused header.  Messages are built here
from X.690 rules, independently of the C encoder.
Usage: fuzz/gen_stream_frame_seeds.py [OUTDIR]  (default
fuzz/corpus/stream_frame)"""
import hashlib
import os
import sys


def length(n, octets=None):
    if octets is None and n < 0x80:
        return bytes([n])
    b = n.to_bytes(octets or (n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content, octets=None):
    return bytes([tag]) + length(len(content), octets) + content


def get(reqid, community=b"public", text=None, octets=None):
    """A v2c GET (a Response with an OCTET STRING when |text| is given)."""
    oid = tlv(0x06, bytes([0x2B, 6, 1, 2, 1, 1, 1, 0]))
    value = tlv(0x05, b"") if text is None else tlv(0x04, text)
    vbl = tlv(0x30, tlv(0x30, oid + value))
    pdu = tlv(0xA0 if text is None else 0xA2,
              tlv(0x02, bytes([reqid])) + tlv(0x02, b"\0") +
              tlv(0x02, b"\0") + vbl)
    return tlv(0x30, tlv(0x02, b"\1") + tlv(0x04, community) + pdu, octets)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus/stream_frame"
    os.makedirs(out, exist_ok=True)
    small = get(1)
    mid = get(2, text=b"x" * 150)           # 0x81 length
    large = get(3, text=b"y" * 1000)        # 0x82 length
    nonmin = get(4, octets=2)               # 0x82 0x00 xx: accepted
    nonmin4 = get(5, octets=4)              # 0x84 0x00 0x00 0x00 xx
    streams = [
        small, small * 5, small + mid + large, large + small + mid,
        nonmin + nonmin4 + small, small + mid[:40],  # ends mid-message
        b"\x30\x00" * 3, small + b"\x02\x01\x00",    # not a SEQUENCE
        small + b"\x30\x80\x02\x01\x00\x00\x00",     # indefinite length
        mid + b"\x30\x85\x00\x00\x00\x00\x05",       # 5 length octets
        b"\x30\x84\xff\xff\xff\xff",                 # over any limit
        b"\x30\x83\x00\xff\xde" + b"\0" * 64,        # 65507 octets: fits
        b"\x30\x83\x00\xff\xdf" + b"\0" * 64,        # 65507 + 1: too big
        b"\x3f\x00", b"\x30",
    ]
    # Prefixes: the default limit or a small one, each chunk-size class.
    prefixes = [b"\x80\x00\x01", b"\xff\x01\x02", b"\x90\x02\x03",
                b"\x80\x03\x04", b"\x10\x00\x05", b"\x00\x01\x06",
                b"\x7f\x03\x07"]
    for i, s in enumerate(streams):
        for p in prefixes[i % 3::2]:
            data = p + s
            name = hashlib.sha1(data).hexdigest()
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
