#!/usr/bin/env python3
"""Writes seed inputs for fuzz_dtls_listen (fuzz/corpus/dtls_listen/) from
seeds of other targets: a real DTLS ClientHello of snmpx's client (from
fuzz/corpus/tls_session/gen_dtls_hello) and a TSM GET (from
fuzz/corpus/tsm_recv/gen_get_authpriv).  Files are named gen_*.
  python3 fuzz/gen_dtls_listen_seeds.py fuzz/corpus"""
import os
import struct
import sys

corpus = sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus"
hello_seed = open(os.path.join(corpus, "tls_session", "gen_dtls_hello"), "rb").read()
hello = hello_seed[3:3 + struct.unpack(">H", hello_seed[1:3])[0]]
tsm_seed = open(os.path.join(corpus, "tsm_recv", "gen_get_authpriv"), "rb").read()
get = tsm_seed[2 + tsm_seed[1]:]

PEER_MASK, WRAP, TICK = 3, 4, 8


def rec(flags, data):
    return bytes([flags]) + struct.pack(">H", len(data)) + data


def write(name, data):
    out = os.path.join(corpus, "dtls_listen")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "gen_" + name), "wb") as f:
        f.write(data)


junk = bytes([23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 5, 0, 3, 1, 2, 3])
# No session: ClientHellos (answered with HelloVerifyRequests), junk.
write("hello_peers", b"\x00" + rec(1, hello) + rec(2, hello) + rec(1, hello))
write("junk_peers", b"\x00" + rec(1, junk) + rec(3, b"\x30\x03\x02\x01\x00")
      + rec(2, hello[:20]) + rec(TICK, b""))
# Peer 0 shakes hands first: then a message on its session (answered),
# junk on it, a ClientHello of a client starting again, the timers.
write("session_get", b"\x01" + rec(WRAP, get) + rec(TICK, b""))
write("session_junk", b"\x01" + rec(0, junk) + rec(WRAP, get))
write("session_restart", b"\x01" + rec(0, hello) + rec(WRAP, get)
      + rec(1, hello))
write("session_only", b"\x01")
