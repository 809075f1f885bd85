#!/usr/bin/env python3
"""Seeds for fuzz_stream_conn's TLS mode from fuzz_tls_session's TLS seeds.

fuzz_tls_session's input: octet 0 (even: TLS), then records of a 2-octet
big-endian length and that many octets.  fuzz_stream_conn's: octet 0 (bit 7:
TLS; low bits: the size limit), then chunks of an octet n and n octets.
Each TLS seed's records are cut into chunks of at most 255 octets and
written as tls_<name> in the output directory.

Usage: fuzz/gen_stream_conn_tls_seeds.py [INDIR [OUTDIR]]
  (default fuzz/corpus/tls_session fuzz/corpus/stream_conn)
"""
import os
import sys


def convert(data):
    out = bytearray([0x80])
    pos = 1
    while pos + 2 <= len(data):
        n = data[pos] << 8 | data[pos + 1]
        pos += 2
        rec = data[pos:pos + n]
        pos += n
        for i in range(0, len(rec), 255):
            chunk = rec[i:i + 255]
            out.append(len(chunk))
            out += chunk
    return bytes(out)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus/tls_session"
    dst = sys.argv[2] if len(sys.argv) > 2 else "fuzz/corpus/stream_conn"
    for name in sorted(os.listdir(src)):
        with open(os.path.join(src, name), "rb") as f:
            data = f.read()
        if not data or data[0] & 1:
            continue  # DTLS
        with open(os.path.join(dst, "tls_" + name), "wb") as f:
            f.write(convert(data))


if __name__ == "__main__":
    main()
