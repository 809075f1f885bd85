"""Write the .snmprec data of SNMPX-TEST-MIB (tests/mib/data) to argv[1]:
DISPLAY-HINTs, enumerations, BITS, UNITS, wrong types and table indexes of
every kind, under 1.3.6.1.4.1.99991.  Served by snmpsim in
tests/mib/test_values.sh and by `snmpx agent` in tests/python/test_mib.py.
"""
import sys
B = "1.3.6.1.4.1.99991"
rows = []
def add(oid, tag, val):
    rows.append((B + "." + oid, tag, val))
def s(sub, inst, tag, val):
    add("1.%d.%d" % (sub, inst), tag, val)
# scalars: sub-id, instance, tag, value (x: hex)
for i, v in enumerate([1234, -5, 7, 0, -123456]): s(1, i, "2", v)
for i, v in enumerate([5, 123456, 4294967295]): s(2, i, "66", v)
for i, v in enumerate([255, -1]): s(3, i, "2", v)
s(4, 0, "2", 8); s(5, 0, "2", 5)
for i, v in enumerate([-1, 1, 7, 2147483647]): s(6, i, "2", v)
for i, v in enumerate(["d0", "1040", "20", "0001", "", "ffff"]): s(7, i, "4x", v)
for i, v in enumerate(["0a000001", ""]): s(8, i, "4x", v)
s(9, 0, "4x", "03aabbcc0102")
s(10, 0, "4x", "0001abcdef")
for i, v in enumerate(["68c3a96c6c6f", "610062"]): s(11, i, "4x", v)
s(12, 0, "4x", "0102")
for i, v in enumerate(["000c2901020f", ""]): s(13, i, "4x", v)
s(14, 0, "4x", "001122aabbcc")
for i, v in enumerate(["07e80b150a141e00", "07e80b150a141e002b0530"]): s(15, i, "4x", v)
for i, v in enumerate(["7461620968657265", "71756f7465225c", "6101"]): s(16, i, "4x", v)
for i, v in enumerate(["706c61696e", "00ff", ""]): s(17, i, "4x", v)
s(18, 0, "65", 42); s(19, 0, "70", 18446744073709551615)
s(20, 0, "67", 123456); s(21, 0, "64", "10.0.0.1")
s(22, 0, "6", "1.3.6.1.2.1.2.2.1.2.5")
s(22, 1, "6", B + ".2.1.7.1.1.3.97.98.99.100.101.102.103.10.0.0.1.120.121")
for i, v in enumerate([1, 3]): s(23, i, "2", v)
s(24, 0, "68x", "deadbeef")
s(25, 0, "66", 100); s(26, 0, "66", 7)
# wrong types
s(1, 9, "4", "text"); s(18, 9, "66", 5); s(16, 9, "2", 5); s(7, 9, "2", 1)
s(22, 9, "2", 3); s(20, 9, "65", 1); s(21, 9, "4", "abcd"); s(26, 9, "65", 3)
s(6, 9, "66", 1)
# sxTable: INDEX { int, enum, "str", fixed(4), IpAddress, IMPLIED str }
idx = ["1.1.3.97.98.99.100.101.102.103.10.0.0.1.120.121",
       "2.2.0.1.2.3.4.192.168.1.1",
       "3.5.2.0.255.32.34.39.92.1.2.3.4.34",
       "4.1"]
for i, x in enumerate(idx):
    add("2.1.7." + x, "2", i)
    add("2.1.8." + x, "2", 1)
    add("5.1.1." + x, "70", 1000 + i)
# sxAddrTable: INDEX { InetAddressType, InetAddress }
addrs = ["1.4.127.0.0.1", "2.16." + ".".join(["0"] * 15 + ["1"]),
         "3.8.169.254.0.1.0.0.0.3", "4.20." + ".".join(["254", "128"] + ["0"] * 13 + ["1", "0", "0", "0", "2"]),
         "16.3.97.98.99", "1.3.1.2.3", "2.4.1.2.3.4"]
for x in addrs:
    add("3.1.3." + x, "4", "name")
# sxOidTable: INDEX { OID, IMPLIED OID }
add("4.1.3.3.1.3.6.1.3.6.1.2.1", "2", 1)
add("4.1.3.2.0.0.1.3.6.1.4.1.99991.1.1", "2", 2)
# sxTimeTable: INDEX { TimeTicks, Integer32 }
for x in ["0.1", "123456.2", "8640005.3", "17280000.4"]:
    add("6.1.2." + x, "2", 5)
def key(r):
    return [int(p) for p in r[0].split(".")]
with open(sys.argv[1], "w") as f:
    for oid, tag, val in sorted(rows, key=key):
        f.write("%s|%s|%s\n" % (oid, tag, val))
