#!/usr/bin/python3 -u
# A pass_persist program (snmpd.conf(5)) for the interop tests; what it
# does depends on the name it is run by:
#   pp_data  .1.3.6.1.4.1.99991: one object of each type under .1, a
#            writable string .2.0; "get" of .9.9.0 makes it exit (dies)
#   pp_slow  the same data under .1.3.6.1.4.1.99992, "get" answered 2 s late
#   pp_mute  answers PING, then never anything
import os
import sys
import time

MODE = os.path.basename(sys.argv[0])
BASE = {"pp_data": "99991", "pp_slow": "99992", "pp_mute": "99993"}[MODE]
P = ".1.3.6.1.4.1." + BASE
DATA = {
    P + ".1.1.0": ("integer", "42"),
    P + ".1.2.0": ("string", "hello world"),
    P + ".1.3.0": ("octet", "00 3f dd 7e"),
    P + ".1.4.0": ("objectid", ".1.3.6.1.4.1.8072"),
    P + ".1.5.0": ("counter", "7"),
    P + ".1.6.0": ("gauge", "8"),
    P + ".1.7.0": ("timeticks", "12345"),
    P + ".1.8.0": ("ipaddress", "10.1.2.3"),
    P + ".1.9.0": ("integer", "-5"),
    P + ".2.0": ("string", "writable"),
}


def key(oid):
    return tuple(int(x) for x in oid.strip(".").split("."))


def answer(oid):
    t, v = DATA[oid]
    print(oid)
    print(t)
    print(v)


def main():
    for line in sys.stdin:
        cmd = line.strip()
        if cmd == "":
            continue  # snmpd ends a "set" with a blank line
        if cmd == "PING":
            print("PONG")
            continue
        if MODE == "pp_mute":
            continue
        oid = sys.stdin.readline().strip()
        if cmd == "set":
            tv = sys.stdin.readline().strip()
        if MODE == "pp_slow" and cmd == "get":
            time.sleep(2)
        if cmd == "get":
            if oid == P + ".9.9.0":
                sys.exit(0)
            if oid in DATA:
                answer(oid)
            else:
                print("NONE")
        elif cmd == "getnext":
            later = sorted((k for k in DATA if key(k) > key(oid)), key=key)
            if later:
                answer(later[0])
            else:
                print("NONE")
        elif cmd == "set":
            t, _, v = tv.partition(" ")
            if oid != P + ".2.0":
                print("not-writable")
            elif t != "string":
                print("wrong-type")
            else:
                DATA[oid] = ("string", v.strip('"'))
                print("DONE")


main()
