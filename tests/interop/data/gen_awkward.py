import struct
P = "1.3.6.1.4.1.99999"
rows = []
def add(sub, tag, val):
    rows.append((P + "." + sub, tag, val))
def hx(b): return b.hex()
# 1: integers
for i, v in enumerate([0, 1, -1, 2147483647, -2147483648, 42], 1):
    add("1.%d.0" % i, "2", str(v))
# 2: strings
strs = [b"hello world", b"", b'He said "hi"', b"back\\slash", b"line1\nline2",
        b"\x00\x01\x02\x03\xff", bytes(range(256)) + bytes(range(44)),
        b"abc\x01def", b"abc\x00", b"a\tb", b"a\r\nb", "caf\u00e9".encode(),
        b"   ", b"0123456789abcdef", b"\x80" * 16, b"\x80" * 17,
        b"x" * 300, b"\x00", b"ab\x00cd", b"quote\"and\\back",
        b"\x01", b"abc\x00\x00", b"trail\n", b"a" * 79 + b"\x01",
        b"\x7f", b"\x1b[0m", b"{}|~", b"\xff" * 33]
for i, s in enumerate(strs, 1):
    add("2.%d.0" % i, "4x", hx(s))
# 3: null
add("3.1.0", "5", "")
# 4: OIDs
for i, v in enumerate(["1.3.6.1.2.1.1", "0.0", "1.3.6.1.4.1.99999.4294967295",
                       "2.999.1", "1.3." + ".".join(str(x) for x in range(100))], 1):
    add("4.%d.0" % i, "6", v)
# 5: IpAddress
for i, v in enumerate(["192.168.1.254", "0.0.0.0", "255.255.255.255", "10.0.0.1"], 1):
    add("5.%d.0" % i, "64", v)
# 6: Counter32, 7: Gauge32, 8: TimeTicks
for n, tag in ((6, "65"), (7, "66")):
    for i, v in enumerate([0, 1, 4294967295, 2147483648], 1):
        add("%d.%d.0" % (n, i), tag, str(v))
for i, v in enumerate([0, 1, 99, 100, 123456, 8640000, 8639999, 4294967295,
                       360000, 6000], 1):
    add("8.%d.0" % i, "67", str(v))
# 9: Opaque
opq = [b"\xde\xad\xbe\xef", b"",
       b"\x9f\x78\x04" + struct.pack(">f", 1.5),
       b"\x9f\x79\x08" + struct.pack(">d", -2.25),
       b"\x9f\x76\x08" + (2**64 - 1).to_bytes(8, "big"),
       b"\x9f\x7a\x01\xff",
       b"\x9f\x7b\x02\x01\x00",
       b"\x9f\x78\x04" + struct.pack(">f", 3.14159),
       b"\x9f\x79\x08" + struct.pack(">d", 1e300),
       b"\x9f\x7a\x08" + (2**63).to_bytes(8, "big"),
       b"\x9f\x76\x01\x05",
       b"hello"]
for i, v in enumerate(opq, 1):
    add("9.%d.0" % i, "68x", hx(v))
# 10: Counter64
for i, v in enumerate([0, 1, 2**64 - 1, 2**32, 2**63], 1):
    add("10.%d.0" % i, "70", str(v))
# 11: big index arcs, long OID
add("11.4294967295", "2", "7")
add("11.4294967295.4294967295", "4", "big index")
add("12." + ".".join(str(x) for x in range(1, 101)), "2", "100")
def key(r): return [int(x) for x in r[0].split(".")]
rows.sort(key=key)
for r in rows:
    print("%s|%s|%s" % r)
