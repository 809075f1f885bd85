"""The value types as programs use them: prettyPrint, str, int,
comparisons, asOctets, asNumbers, clone, isValue; errorStatus names and
the errind messages."""

import sys

from pysnmp.proto import errind, rfc1902, rfc1905

for data in (b"abc", b"a\x00", b"\t\n", b"\x7f", b"\xe9t\xe9", b"", b" ~"):
    s = rfc1902.OctetString(data)
    print(repr(s.prettyPrint()), repr(str(s)), s.asNumbers(), s.asOctets(),
          len(s), s == data)
print(rfc1902.OctetString(hexValue="0102ff").asNumbers())
print(rfc1902.OctetString("abc").clone(b"xy").prettyPrint())
for cls in (rfc1902.Integer, rfc1902.Integer32, rfc1902.Counter32,
            rfc1902.Gauge32, rfc1902.Unsigned32, rfc1902.TimeTicks,
            rfc1902.Counter64):
    v = cls(42)
    print(cls.__name__, v.prettyPrint(), str(v), int(v), v == 42, v < 43,
          v > 41, v.clone(7).prettyPrint(), type(v.clone(7)).__name__,
          v.isValue, cls().isValue)
print(rfc1902.Integer(-5).prettyPrint(), rfc1902.Counter64(2 ** 64 - 1))
ip = rfc1902.IpAddress("192.0.2.1")
print(ip.prettyPrint(), ip.asNumbers(), ip.asOctets())
oid = rfc1902.ObjectIdentifier("1.3.6.1.2.1")
print(oid.prettyPrint(), str(oid), tuple(oid), oid.asTuple(), len(oid),
      oid[0], oid[1:].prettyPrint(), (oid + (1, 0)).prettyPrint(),
      oid.isPrefixOf((1, 3, 6, 1, 2, 1, 1)), oid.isPrefixOf((1, 3, 6)),
      oid == (1, 3, 6, 1, 2, 1), oid < (1, 3, 7))
print(repr(rfc1902.Null("").prettyPrint()), rfc1902.Null("").isValue)
for v in (rfc1905.NoSuchObject(""), rfc1905.NoSuchInstance(""),
          rfc1905.EndOfMibView("")):
    print(type(v).__name__, v.prettyPrint(), repr(str(v)),
          isinstance(v, rfc1902.Null))
print(rfc1905.endOfMibView.prettyPrint())
print(rfc1902.Opaque(b"\x01\x02").prettyPrint(),
      rfc1902.Bits(b"\x80").prettyPrint())
for n in range(19):
    print(n, rfc1905.errorStatus.clone(n).prettyPrint(),
          str(rfc1905.errorStatus.clone(n)))
for e in (errind.requestTimedOut, errind.wrongDigest, errind.unknownUserName,
          errind.decryptionError, errind.unknownEngineID,
          errind.notInTimeWindow, errind.unsupportedSecurityLevel,
          errind.oidNotIncreasing, errind.reportPduReceived):
    print(repr(e), str(e), bool(e), e == type(e)(),
          isinstance(e, errind.ErrorIndication))
print(errind.RequestTimedOut() == errind.requestTimedOut,
      errind.requestTimedOut == "requestTimedOut")
sys.exit(0)
