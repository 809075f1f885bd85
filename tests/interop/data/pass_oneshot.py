#!/usr/bin/env python3
"""A program for snmpd.conf's `pass` (one run per query): serves
.1.3.6.1.4.1.99992.1.0 (INTEGER 42, read-only) and .2.0 (a STRING kept in
the file named by the first argument, writable with a string).  Called as
PROG STATEFILE -g OID | -n OID | -s OID TYPE VALUE, as snmpd calls it."""
import sys

BASE = (1, 3, 6, 1, 4, 1, 99992)
state = sys.argv[1]
op, oid = sys.argv[2], sys.argv[3]


def parse(text):
    return tuple(int(a) for a in text.strip(".").split(".") if a)


def text(o):
    return "." + ".".join(str(a) for a in o)


def value(o):
    if o == BASE + (1, 0):
        return "integer", "42"
    try:
        with open(state) as f:
            v = f.read()
    except OSError:
        v = "hello"
    return "string", v


names = [BASE + (1, 0), BASE + (2, 0)]
o = parse(oid)
if op == "-g":
    if o in names:
        t, v = value(o)
        print(text(o)), print(t), print(v)
elif op == "-n":
    for n in names:
        if n > o:
            t, v = value(n)
            print(text(n)), print(t), print(v)
            break
elif op == "-s":
    if o != BASE + (2, 0):
        print("not-writable")
    elif sys.argv[4] != "string":
        print("wrong-type")
    else:
        with open(state, "w") as f:
            f.write(sys.argv[5])
