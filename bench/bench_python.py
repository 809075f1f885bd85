"""snmpx from Python beside pysnmp (Debian's python3-pysnmp4) in one run,
against one private snmpd (tests/python/agent.py): a GETBULK walk of a
subtree, N sequential GETs (v2c), and sequential v3 authPriv GETs
(SHA/AES), then N GETs with snmpx keeping many in flight; once unpinned,
once with both processes pinned to CPU 0 (a cross-CPU wake-up costs about
100 us on these VMs).  Prints rates, client CPU per operation and the
ratios.  Asserts nothing; not a test.

    bench/bench_python.sh            (builds the package, then runs this)
    BENCH_GETS=10000 BENCH_V3_GETS=2000 BENCH_WALK_ROOT=1.3.6.1
    BENCH_WINDOW=100 BENCH_PIN=both|no|yes
"""

import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "python"))

import agent  # noqa: E402
import snmpx  # noqa: E402

GETS = int(os.environ.get("BENCH_GETS", "10000"))
V3_GETS = int(os.environ.get("BENCH_V3_GETS", "2000"))
WALK_ROOT = os.environ.get("BENCH_WALK_ROOT", "1.3.6.1")
# Requests in flight for the last row: past a few hundred, snmpd's socket
# buffer overflows and retries set the pace.
WINDOW = int(os.environ.get("BENCH_WINDOW", "100"))
MAX_REP = 25
SYS_NAME = "1.3.6.1.2.1.1.5.0"
V3_USER = "u_sha_aes"


def measure(fn):
    """(result, wall seconds, client CPU seconds) of fn()."""
    w0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - w0, time.process_time() - c0


# ---- snmpx ------------------------------------------------------------

def snmpx_walk(address):
    with snmpx.Engine(defaultVersion=2) as engine:
        m = engine.Manager(address)
        return sum(1 for _ in m.bulkWalk(WALK_ROOT, maxRepetitions=MAX_REP))


def snmpx_gets(address, n, v3=False):
    with snmpx.Engine(defaultVersion=3 if v3 else 2) as engine:
        if v3:
            engine.addUser(V3_USER, authProtocol=snmpx.HmacSha,
                           authSecret=agent.AUTHPASS,
                           privProtocol=snmpx.Aes128Cfb,
                           privSecret=agent.PRIVPASS)
        m = engine.Manager(address)
        m.get(SYS_NAME)  # v3: discovery outside the loop, as for pysnmp
        ok = 0
        for _ in range(n):
            if m.get(SYS_NAME).variableBindings[0].value.data:
                ok += 1
        return ok


def snmpx_gets_in_flight(address, n, window):
    with snmpx.Engine(defaultVersion=2) as engine:
        m = engine.Manager(address)
        ok, sent, handles = 0, 0, []
        while sent < n or handles:
            while sent < n and len(handles) < window:
                handles.append(m.get(SYS_NAME, wait=False))
                sent += 1
            ok += len(handles.pop(0).wait().variableBindings)
        return ok


# ---- pysnmp -----------------------------------------------------------

def pysnmp_target(address):
    from pysnmp.hlapi import UdpTransportTarget
    host, port = address.split(":")
    return UdpTransportTarget((host, int(port)), timeout=1, retries=5)


def pysnmp_walk(address):
    from pysnmp.hlapi import (CommunityData, ContextData, ObjectIdentity,
                              ObjectType, SnmpEngine, bulkCmd)
    n = 0
    for err, status, _, vbs in bulkCmd(
            SnmpEngine(), CommunityData("public"), pysnmp_target(address),
            ContextData(), 0, MAX_REP, ObjectType(ObjectIdentity(WALK_ROOT)),
            lexicographicMode=False):
        if err or status:
            raise RuntimeError("pysnmp walk: %s %s" % (err, status))
        n += len(vbs)
    return n


def pysnmp_gets(address, n, v3=False):
    from pysnmp.hlapi import (CommunityData, ContextData, ObjectIdentity,
                              ObjectType, SnmpEngine, UsmUserData, getCmd,
                              usmAesCfb128Protocol, usmHMACSHAAuthProtocol)
    engine = SnmpEngine()
    auth = UsmUserData(V3_USER, agent.AUTHPASS, agent.PRIVPASS,
                       authProtocol=usmHMACSHAAuthProtocol,
                       privProtocol=usmAesCfb128Protocol) if v3 \
        else CommunityData("public")
    target = pysnmp_target(address)
    ctx = ContextData()

    def one():
        err, status, _, vbs = next(getCmd(
            engine, auth, target, ctx, ObjectType(ObjectIdentity(SYS_NAME))))
        if err or status:
            raise RuntimeError("pysnmp get: %s %s" % (err, status))
        return len(vbs)

    one()
    return sum(one() for _ in range(n))


# ---- report -----------------------------------------------------------

def row(label, ops, x, p):
    (xn, xw, xc), (pn, pw, pc) = x, p
    print("%-34s %9.0f/s %7.1f us  %9.0f/s %7.1f us   %6.1fx  %6.1fx"
          % (label, ops / xw, 1e6 * xc / ops, ops / pw, 1e6 * pc / ops,
             pw / xw, pc / xc if xc else float("inf")))
    if xn != pn:
        print("  note: snmpx got %d, pysnmp %d" % (xn, pn))


def run_all(pinned):
    if pinned:
        os.sched_setaffinity(0, {0})  # snmpd, started next, inherits it
    snmpd = agent.Snmpd().start()
    try:
        address = snmpd.address
        print("\n%s: snmpx %s vs pysnmp, one private snmpd at %s"
              % ("pinned to CPU 0" if pinned else "unpinned",
                 snmpx.__version__, address))
        print("%-34s %20s  %20s   %7s  %7s" % (
            "", "snmpx: rate, CPU/op", "pysnmp: rate, CPU/op", "wall",
            "CPU"))
        xw = measure(lambda: snmpx_walk(address))
        pw = measure(lambda: pysnmp_walk(address))
        row("bulk walk %s (%d varbinds)" % (WALK_ROOT, xw[0]), xw[0], xw, pw)
        xg = measure(lambda: snmpx_gets(address, GETS))
        pg = measure(lambda: pysnmp_gets(address, GETS))
        row("%d GETs v2c, one at a time" % GETS, GETS, xg, pg)
        x3 = measure(lambda: snmpx_gets(address, V3_GETS, v3=True))
        p3 = measure(lambda: pysnmp_gets(address, V3_GETS, v3=True))
        row("%d GETs v3 SHA/AES, one at a time" % V3_GETS, V3_GETS, x3, p3)
        xf = measure(lambda: snmpx_gets_in_flight(address, GETS, WINDOW))
        print("%-34s %9.0f/s %7.1f us  (snmpx only: handles)"
              % ("%d GETs v2c, %d in flight" % (GETS, WINDOW),
                 GETS / xf[1], 1e6 * xf[2] / GETS))
    finally:
        snmpd.stop()
        os.sched_setaffinity(0, range(os.cpu_count()))


def main():
    pin = os.environ.get("BENCH_PIN", "both")
    for pinned in {"both": (False, True), "no": (False,),
                   "yes": (True,)}[pin]:
        run_all(pinned)
    print("\nratios are pysnmp/snmpx of wall time and of client CPU "
          "(higher: snmpx faster); wall includes the agent's own time")


if __name__ == "__main__":
    main()
