#!/usr/bin/env python3
"""A scripted SNMPv3 agent for tests/interop/test_v3.sh: it answers the
engine ID probe with an unknownEngineID Report, then every request with a
usmStats Report (--report N: usmStats.N, 5 = wrongDigests) that it
*authenticates* (authNoPriv, HMAC-SHA-96) with the keys of --password,
whatever password the manager used, as some agents do.  A manager with
another password cannot verify that Report.

Prints "ready PORT" once listening on 127.0.0.1:PORT (--port 0: a free
one); runs until killed, or --lifetime seconds at most."""
import argparse
import hashlib
import hmac
import select
import socket
import time

from ber_lite import enc_int, enc_oid, items, read_tlv, tlv

ENGINE_ID = bytes.fromhex("80001f8880deadbeef0001")
BOOTS = 3
USM_STATS = (1, 3, 6, 1, 6, 3, 15, 1, 1)


def localized_key(password):
    """RFC 3414 A.2.2: SHA-1 password to key, localized to ENGINE_ID."""
    pw = password.encode()
    ku = hashlib.sha1((pw * (1048576 // len(pw) + 1))[:1048576]).digest()
    return hashlib.sha1(ku + ENGINE_ID + ku).digest()


def report(msg_id, req_id, user, kind, key, started):
    """A Report of usmStats.|kind|; signed with |key| when given."""
    vb = tlv(0x30, enc_oid(USM_STATS + (kind, 0)) + enc_int(1, 0x41))
    pdu = tlv(0xA8, enc_int(req_id) + enc_int(0) + enc_int(0) +
              tlv(0x30, vb))
    scoped = tlv(0x30, tlv(0x04, ENGINE_ID) + tlv(0x04, b"") + pdu)
    flags = 0x01 if key else 0x00
    secparams = tlv(0x30, tlv(0x04, ENGINE_ID) + enc_int(BOOTS) +
                    enc_int(int(time.monotonic() - started)) +
                    tlv(0x04, user if key else b"") +
                    tlv(0x04, bytes(12) if key else b"") + tlv(0x04, b""))
    header = tlv(0x30, enc_int(msg_id) + enc_int(65507) +
                 tlv(0x04, bytes([flags])) + enc_int(3))
    msg = tlv(0x30, enc_int(3) + header + tlv(0x04, secparams) + scoped)
    if key:
        mac = hmac.new(key, msg, hashlib.sha1).digest()[:12]
        at = msg.index(bytes([0x04, 12]) + bytes(12)) + 2
        msg = msg[:at] + mac + msg[at + 12:]
    return msg


def answer(data, key, kind, started):
    _, body, _ = read_tlv(data, 0)
    parts = items(body)
    header = items(parts[1][1])
    msg_id = int.from_bytes(header[0][1], "big", signed=True)
    flags = header[2][1][0]
    sec = items(read_tlv(parts[2][1], 0)[1])
    user = sec[3][1]
    if flags & 0x02:
        return None  # encrypted: this agent only talks authNoPriv
    scoped = items(parts[3][1])
    req_id = int.from_bytes(items(scoped[2][1])[0][1], "big", signed=True)
    if len(sec[0][1]) == 0:  # the probe (RFC 3414 4)
        return report(msg_id, req_id, b"", 4, None, started)
    return report(msg_id, req_id, user, kind, key, started)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--password", default="rightpass1")
    ap.add_argument("--report", type=int, default=5)
    ap.add_argument("--lifetime", type=float, default=300)
    a = ap.parse_args()
    key = localized_key(a.password)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", a.port))
    print("ready", s.getsockname()[1], flush=True)
    started = time.monotonic()
    end = started + a.lifetime
    while time.monotonic() < end:
        r, _, _ = select.select([s], [], [], 0.5)
        if not r:
            continue
        data, peer = s.recvfrom(65535)
        try:
            out = answer(data, key, a.report, started)
        except (IndexError, ValueError):
            out = None
        if out:
            s.sendto(out, peer)


if __name__ == "__main__":
    main()
