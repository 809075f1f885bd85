#!/usr/bin/env python3
"""Write the seed corpus of fuzz_msg_decode: valid SNMPv1/v2c messages of
every PDU type and value type, plus malformed ones.  Encodings are built
here from X.690 rules, independently of the C encoder.
Usage: fuzz/gen_msg_corpus.py [OUTDIR]  (default fuzz/corpus/msg_decode)"""
import os
import struct
import sys


def length(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    return bytes([tag]) + length(len(content)) + content


def int_content(v):
    n = 1
    while not -(1 << (8 * n - 1)) <= v < (1 << (8 * n - 1)):
        n += 1
    return v.to_bytes(n, "big", signed=True)


def uint_content(v):
    return int_content(v)  # a non-negative int gets its 0x00 sign octet


def integer(v, tag=0x02):
    return tlv(tag, int_content(v))


def subid(v):
    out = [v & 0x7F]
    v >>= 7
    while v:
        out.append(0x80 | (v & 0x7F))
        v >>= 7
    return bytes(reversed(out))


def oid(text):
    arcs = [int(a) for a in text.strip(".").split(".")]
    body = subid(arcs[0] * 40 + arcs[1]) + b"".join(subid(a) for a in arcs[2:])
    return tlv(0x06, body)


def seq(*parts):
    return tlv(0x30, b"".join(parts))


def vb(name, value):
    return seq(oid(name), value)


NULL = b"\x05\x00"


def opaque(tag2, content):
    return tlv(0x44, bytes([0x9F, tag2]) + length(len(content)) + content)


def pdu(tag, varbinds, reqid=1, status=0, index=0):
    return tlv(tag, integer(reqid) + integer(status) + integer(index) +
               seq(*varbinds))


def msg(version, pdu_bytes, community=b"public"):
    return seq(integer(version), tlv(0x04, community), pdu_bytes)


def trap_v1(varbinds):
    return tlv(0xA4, oid("1.3.6.1.4.1.8072.2.3") + tlv(0x40, b"\x7f\0\0\1") +
               integer(6) + integer(17) + integer(123456, 0x43) +
               seq(*varbinds))


SYS = "1.3.6.1.2.1.1.1.0"
VALUES = {
    "null": NULL,
    "int_min": integer(-(1 << 31)),
    "int_max": integer((1 << 31) - 1),
    "int_m129": integer(-129),
    "str_empty": tlv(0x04, b""),
    "str": tlv(0x04, b"Linux host 6.1.0 #1 SMP x86_64"),
    "oid": oid("1.3.6.1.4.1.8072.3.2.10"),
    "oid_bigarc": oid("2.4294967295.4294967295"),
    "ip": tlv(0x40, b"\xc0\xa8\x01\x01"),
    "counter32": integer(0xFFFFFFFF, 0x41),
    "gauge32": integer(128, 0x42),
    "timeticks": integer(8765432, 0x43),
    "opaque": tlv(0x44, b"\x01\x02\x03"),
    "counter64": integer((1 << 64) - 1, 0x46),
    "opaque_float": opaque(0x78, struct.pack(">f", 1.5)),
    "opaque_double": opaque(0x79, struct.pack(">d", -2.25)),
    "opaque_counter64": opaque(0x76, uint_content((1 << 64) - 1)),
    "opaque_int64": opaque(0x7A, int_content(-(1 << 63))),
    "opaque_uint64": opaque(0x7B, uint_content(1 << 63)),
    "bit_string": tlv(0x03, b"\x00\xa5\xc0"),
    "nsapaddress": tlv(0x45, b"\x01\x02\x03"),
    "nsapaddress_empty": tlv(0x45, b""),
    "uinteger32": integer(0xFFFFFFFF, 0x47),
    "nosuchobject": b"\x80\x00",
    "nosuchinstance": b"\x81\x00",
    "endofmibview": b"\x82\x00",
}


def corpus():
    out = {}
    reqs = [vb(SYS, NULL), vb("1.3.6.1.2.1.1.3.0", NULL)]
    for name, tag in [("get", 0xA0), ("getnext", 0xA1), ("set", 0xA3)]:
        out["v1_" + name] = msg(0, pdu(tag, reqs))
        out["v2c_" + name] = msg(1, pdu(tag, reqs))
    out["v2c_getbulk"] = msg(1, pdu(0xA5, reqs, 7, 1, 10))
    out["v1_response_nosuchname"] = msg(0, pdu(0xA2, reqs, 2, 2, 1))
    out["v1_trap"] = msg(0, trap_v1([vb(SYS, tlv(0x04, b"x"))]))
    trap2 = [vb("1.3.6.1.2.1.1.3.0", integer(42, 0x43)),
             vb("1.3.6.1.6.3.1.1.4.1.0", oid("1.3.6.1.6.3.1.1.5.3"))]
    out["v2c_trap"] = msg(1, pdu(0xA7, trap2))
    out["v2c_inform"] = msg(1, pdu(0xA6, trap2))
    out["v2c_report"] = msg(1, pdu(0xA8, [vb("1.3.6.1.6.3.15.1.1.4.0",
                                              integer(3, 0x41))]))
    for name, value in VALUES.items():
        out["v2c_response_" + name] = msg(1, pdu(0xA2, [vb(SYS, value)]))
    out["v2c_response_all"] = msg(1, pdu(0xA2, [vb(SYS, v) for v in
                                                 VALUES.values()]))
    out["v1_response_all"] = msg(0, pdu(0xA2, [
        vb(SYS, v) for k, v in VALUES.items()
        if k not in ("counter64",) and not k.startswith("no")
        and not k.startswith("end")]))
    out["v2c_set_values_in_get"] = msg(1, pdu(0xA0, [vb(SYS, integer(5))]))
    out["v2c_oid_128_arcs"] = msg(1, pdu(0xA0, [vb(
        "1.3" + ".7" * 126, NULL)]))
    # tolerated oddities
    def long_tlv(tag, content, octets):  # long-form, non-minimal length
        return (bytes([tag, 0x80 | octets]) +
                len(content).to_bytes(octets, "big") + content)
    out["odd_long_form_lengths"] = long_tlv(0x30, long_tlv(
        0x02, b"\x01", 1) + long_tlv(0x04, b"public", 2) + long_tlv(
        0xA0, integer(1) + integer(0) + integer(0) + long_tlv(
            0x30, long_tlv(0x30, oid(SYS) + NULL, 1), 3), 1), 4)
    out["odd_counter32_ff"] = msg(1, pdu(0xA2, [vb(SYS, b"\x41\x01\xff")]))
    out["odd_counter32_wide"] = msg(1, pdu(0xA2, [vb(
        SYS, b"\x41\x05\x01\x00\x00\x00\x05")]))
    out["odd_int_nonminimal"] = msg(1, pdu(0xA2, [vb(
        SYS, b"\x02\x03\x00\x00\x7f")]))
    out["odd_trap_short_agent_addr"] = msg(0, tlv(
        0xA4, oid("1.3.6.1.4.1.1") + b"\x40\x00" + integer(0) + integer(0) +
        integer(0, 0x43) + seq()))
    out["odd_opaque_bad_float"] = msg(1, pdu(0xA2, [vb(
        SYS, b"\x44\x04\x9f\x78\x01\x00")]))
    # malformed
    good = out["v2c_get"]
    out["bad_truncated"] = good[:-3]
    out["bad_trailing"] = good + b"\x00"
    out["bad_indefinite"] = b"\x30\x80" + good[2:] + b"\x00\x00"
    out["bad_version3"] = msg(3, pdu(0xA0, reqs))
    out["bad_pdu_tag"] = msg(1, tlv(0xA9, pdu(0xA0, reqs)[2:]))
    out["bad_empty_oid"] = msg(1, pdu(0xA0, [seq(b"\x06\x00", NULL)]))
    out["bad_oid_129_arcs"] = msg(1, pdu(0xA0, [vb(
        "1.3" + ".7" * 127, NULL)]))
    out["bad_oid_arc_2_32"] = msg(1, pdu(0xA0, [seq(
        b"\x06\x06\x2b\x90\x80\x80\x80\x00", NULL)]))
    out["bad_ip_3_bytes"] = msg(1, pdu(0xA2, [vb(
        SYS, b"\x40\x03\x01\x02\x03")]))
    out["bad_second_varbind"] = msg(1, pdu(0xA2, [vb(SYS, NULL),
                                                   vb(SYS, b"\x48\x00")]))
    out["bad_bit_string_empty"] = msg(1, pdu(0xA2, [vb(SYS, b"\x03\x00")]))
    out["bad_uinteger32_empty"] = msg(1, pdu(0xA2, [vb(SYS, b"\x47\x00")]))
    out["bad_length_5_octets"] = b"\x30\x85\x00\x00\x00\x00\x03\x02\x01\x01"
    deep = b""
    for _ in range(20):
        deep = seq(deep)
    out["bad_deep"] = deep
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        here, "corpus", "msg_decode")
    os.makedirs(outdir, exist_ok=True)
    for name, data in sorted(corpus().items()):
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)
    print("wrote %d seeds to %s" % (len(corpus()), outdir))


if __name__ == "__main__":
    main()
