#!/usr/bin/env python3
"""A deliberately misbehaving SNMPv1/v2c agent for interop tests.

It serves a tiny fixed MIB over UDP on 127.0.0.1 and misbehaves as told:

  --mode decreasing   GETNEXT after the 3rd object goes back to the 2nd
                      (an agent that returns a non-increasing OID)
  --mode other-source answers from a second socket on 127.0.0.2, not from
                      the address the manager asked (a multi-homed agent)
  --mode late         ignores retransmissions and answers the FIRST send of
                      each request only after --delay seconds
  --mode toobig       answers GETBULK with tooBig while max-repetitions > 2
  --mode badtype      answers every GET value with tag --tag (default 0x49,
                      a tag no SNMP type has), two octets of content
  --mode rawvalue     answers every GET value with --value, a whole BER
                      value in hex (tag, length, content)
  --mode unsigned     serves UNSIGNED_MIB instead: Counter32, Gauge32,
                      TimeTicks, UInteger32 and Counter64 values whose first
                      content octet has the high bit set with no leading
                      00 octet (1, 2, 4, 5 and 8 octets), for GET and walk

Prints "ready PORT" on stdout once listening; runs until killed, or for
--lifetime seconds at most (so a forgotten process never lingers).
Hand-written BER (ber_lite.py): only what the tests need.
"""
import argparse
import select
import socket
import time

from ber_lite import dec_int, dec_oid, enc_int, enc_oid, read_tlv, tlv

MIB = [
    ((1, 3, 6, 1, 4, 1, 99998, 1, 1, 0), 11),
    ((1, 3, 6, 1, 4, 1, 99998, 1, 2, 0), 12),
    ((1, 3, 6, 1, 4, 1, 99998, 1, 3, 0), 13),
    ((1, 3, 6, 1, 4, 1, 99998, 1, 4, 0), 14),
    ((1, 3, 6, 1, 4, 1, 99998, 1, 5, 0), 15),
]

# --mode unsigned: .1.3.6.1.4.1.99998.1.N.0 -> a whole BER value (hex).
UNSIGNED_MIB = [
    "410180",                # Counter32, 1 octet
    "41028000",              # Counter32, 2 octets
    "4104fffffffe",          # Counter32, 4 octets
    "410580000000ff",        # Counter32, 5 octets (wider than 32 bits)
    "4201ff",                # Gauge32 (Unsigned32), 1 octet
    "42028001",              # Gauge32, 2 octets
    "4304ff000000",          # TimeTicks, 4 octets
    "430580000000ff",        # TimeTicks, 5 octets
    "470180",                # UInteger32, 1 octet
    "460180",                # Counter64, 1 octet
    "46028000",              # Counter64, 2 octets
    "460480000000",          # Counter64, 4 octets
    "46058000000001",        # Counter64, 5 octets
    "46088000000000000001",  # Counter64, 8 octets
    "4608ffffffffffffffff",  # Counter64, 8 octets, all ones
    "4600",                  # Counter64, empty
    "44049f760180",          # Opaque Counter64, 1 octet
    "44049f7b0180",          # Opaque UInt64, 1 octet
]


def parse(msg):
    _, seq, _ = read_tlv(msg, 0)
    _, ver, p = read_tlv(seq, 0)
    _, comm, p = read_tlv(seq, p)
    ptype, pdu, _ = read_tlv(seq, p)
    _, rid, q = read_tlv(pdu, 0)
    _, f1, q = read_tlv(pdu, q)
    _, f2, q = read_tlv(pdu, q)
    _, vbl, _ = read_tlv(pdu, q)
    names, r = [], 0
    while r < len(vbl):
        _, vb, r = read_tlv(vbl, r)
        _, name, _ = read_tlv(vb, 0)
        names.append(dec_oid(name))
    return dec_int(ver), comm, ptype, dec_int(rid), dec_int(f1), dec_int(f2), names


def response(ver, comm, rid, varbinds, err=0, idx=0):
    vbl = b"".join(tlv(0x30, enc_oid(n) + v) for n, v in varbinds)
    pdu = tlv(0xA2, enc_int(rid) + enc_int(err) + enc_int(idx) + tlv(0x30, vbl))
    return tlv(0x30, enc_int(ver) + tlv(0x04, comm) + pdu)


BAD_TAG = 0x49
RAW_VALUE = b"\x05\x00"


def next_index(name, mode, calls):
    i = 0
    while i < len(MIB) and MIB[i][0] <= name:
        i += 1
    if mode == "decreasing" and i == 3:
        return 1  # back to an earlier OID
    return i


def encoded(value):
    """A MIB entry's value as BER: ints are INTEGERs, bytes already BER."""
    return value if isinstance(value, bytes) else enc_int(value)


def answer(req, mode):
    ver, comm, ptype, rid, f1, f2, names = req
    end = (0x82, b"")
    if ptype == 0xA0 and mode == "rawvalue":
        return response(ver, comm, rid, [(n, RAW_VALUE) for n in names])
    if ptype == 0xA0 and mode == "badtype":
        return response(ver, comm, rid, [(n, tlv(BAD_TAG, b"\x01\x02")) for n in names])
    if ptype == 0xA0:  # GET
        vbs = []
        for n in names:
            match = [v for o, v in MIB if o == n]
            vbs.append((n, encoded(match[0]) if match else tlv(0x80, b"")))
        return response(ver, comm, rid, vbs)
    if ptype == 0xA5 and mode == "toobig" and f2 > 2:
        return response(ver, comm, rid, [(n, tlv(0x05, b"")) for n in names], 1, 0)
    reps = f2 if ptype == 0xA5 else 1
    vbs = []
    name = names[0]
    for _ in range(max(reps, 1)):
        i = next_index(name, mode, 0)
        if i >= len(MIB):
            if ver == 0:
                return response(ver, comm, rid, [(names[0], tlv(0x05, b""))], 2, 1)
            vbs.append((name, tlv(end[0], end[1])))
            break
        name = MIB[i][0]
        vbs.append((name, encoded(MIB[i][1])))
    return response(ver, comm, rid, vbs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", required=True)
    ap.add_argument("--delay", type=float, default=1.5)
    ap.add_argument("--lifetime", type=float, default=300)
    ap.add_argument("--tag", type=lambda t: int(t, 0), default=0x49)
    ap.add_argument("--value", type=bytes.fromhex, default=b"\x05\x00")
    args = ap.parse_args()
    global BAD_TAG, RAW_VALUE, MIB
    BAD_TAG = args.tag
    RAW_VALUE = args.value
    if args.mode == "unsigned":
        MIB = [((1, 3, 6, 1, 4, 1, 99998, 1, i, 0), bytes.fromhex(v))
               for i, v in enumerate(UNSIGNED_MIB, 1)]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    other = None
    if args.mode == "other-source":
        other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        other.bind(("127.0.0.2", 0))
    print("ready", sock.getsockname()[1], flush=True)
    seen = set()
    delayed = []  # (due, reply, addr)
    deadline = time.monotonic() + args.lifetime
    while time.monotonic() < deadline:
        wait = 0.05
        r, _, _ = select.select([sock], [], [], wait)
        now = time.monotonic()
        for due, reply, addr in [d for d in delayed if d[0] <= now]:
            sock.sendto(reply, addr)
        delayed = [d for d in delayed if d[0] > now]
        if not r:
            continue
        data, addr = sock.recvfrom(65535)
        try:
            req = parse(data)
        except (IndexError, ValueError):
            continue
        reply = answer(req, args.mode)
        if args.mode == "late":
            if req[3] in seen:
                continue  # a retransmission: ignore it
            seen.add(req[3])
            delayed.append((now + args.delay, reply, addr))
        elif other is not None:
            other.sendto(reply, addr)
        else:
            sock.sendto(reply, addr)


if __name__ == "__main__":
    main()
