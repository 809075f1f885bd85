"""snmpx from Python beside the libraries its users come from, against one
private `snmpx agent` serving a .snmprec of BENCH_ROWS rows (the column
SNMPv2-MIB::sysORDescr) on a free port, stopped by its pid:

1. bench/bench_hlapi.py, one plain pysnmp 7.1 hlapi program, run with
   pysnmp 7.1 (the test peer ../shared/peers/pysnmp7 beside the checkout,
   or /work/shared/peers/pysnmp7) and with its imports rewritten
   ``pysnmp.`` -> ``snmpx.pysnmp.``;
2. the seed API (snmpx.Engine / Manager) beside easysnmp
   (python3-easysnmp) on the same workloads, where easysnmp has them.

Workloads: sequential v2c GETs, sequential v3 authPriv (SHA/AES) GETs, a
GETBULK walk of the rows, concurrent GETs (asyncio.gather; handles with
wait=False for the seed API), and MIB names (GETs of
SNMPv2-MIB::sysDescr.0 by name, then the rows walked and printed: with
names by pysnmp's prettyPrint and by easysnmp; the seed API's
print(varbind) has none, numeric OID and the value's repr).  Every workload runs in a process of its own; the number is that
process's CPU time (user+sys) over the workload, set-up and imports
excluded, the least of BENCH_REPEAT runs.  Prints CPU per varbind and the ratios; asserts nothing (the
machines are shared and noisy; not a test).

    bench/bench_python.sh [BUILD_DIR]    (builds the package, then this)
    BENCH_GETS=2000 BENCH_V3_GETS=1000 BENCH_ROWS=10000
    BENCH_CONCURRENT=1000 BENCH_MIB_GETS=500 BENCH_REPEAT=3
    SNMPX=path/to/snmpx

Also ``bench_python.py --client seed|easysnmp WORKLOAD PORT N`` runs one
workload of part 2 (what the driver starts) and prints "VARBINDS CPU".
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(SRC, "tests", "python"))

import agent as harness  # noqa: E402

PY = "/usr/bin/python3"
SYS_DESCR = "1.3.6.1.2.1.1.1.0"
COLUMN = "1.3.6.1.2.1.1.9.1.3"       # SNMPv2-MIB::sysORDescr
MAX_REP = 25
V3_USER = "u_sha_aes"
WORKLOADS = ["get", "v3get", "walk", "gather", "mib"]


def sizes():
    """N per workload, from the environment."""
    env = os.environ.get
    return {"get": int(env("BENCH_GETS", "2000")),
            "v3get": int(env("BENCH_V3_GETS", "1000")),
            "walk": int(env("BENCH_ROWS", "10000")),
            "gather": int(env("BENCH_CONCURRENT", "1000")),
            "mib": int(env("BENCH_MIB_GETS", "500"))}


def label(workload, n, rows):
    return {"get": "%d GETs v2c" % n,
            "v3get": "%d GETs v3 SHA/AES" % n,
            "walk": "bulk walk of %d rows" % rows,
            "gather": "%d GETs at once" % n,
            "mib": "%d GETs by name + %d-row walk named" % (n, rows)}[workload]


# ---- the clients of part 2, one workload per process ------------------

def _seed(workload, port, n):
    import snmpx
    with snmpx.Engine(defaultVersion=3 if workload == "v3get" else 2) as e:
        if workload == "v3get":
            e.addUser(V3_USER, authProtocol=snmpx.HmacSha,
                      authSecret=harness.AUTHPASS,
                      privProtocol=snmpx.Aes128Cfb,
                      privSecret=harness.PRIVPASS)
        m = e.Manager("127.0.0.1:%d" % port)
        if workload == "v3get":
            m.get(SYS_DESCR)                 # discovery, outside the count
        if workload == "mib":
            try:
                m.get("SNMPv2-MIB::sysDescr.0")
            except ValueError as exc:
                return "unavailable: %s" % exc
        c0 = time.process_time()
        got = 0
        if workload in ("get", "v3get"):
            for _ in range(n):
                got += len(m.get(SYS_DESCR).variableBindings)
        elif workload == "walk":
            got = sum(1 for _ in m.bulkWalk(COLUMN, maxRepetitions=MAX_REP))
        elif workload == "gather":
            handles = [m.get(SYS_DESCR, wait=False) for _ in range(n)]
            got = sum(len(h.wait().variableBindings) for h in handles)
        elif workload == "mib":
            for _ in range(n):
                got += len(m.get("SNMPv2-MIB::sysDescr.0").variableBindings)
            with open(os.devnull, "w") as out:
                for vb in m.bulkWalk("SNMPv2-MIB::sysORDescr",
                                     maxRepetitions=MAX_REP):
                    print(vb, file=out)
                    got += 1
        return "%d %r" % (got, time.process_time() - c0)


def _easysnmp(workload, port, n):
    try:
        import easysnmp
    except ImportError:
        return "unavailable: no easysnmp (python3-easysnmp)"
    if workload == "gather":
        return "unavailable: easysnmp has no concurrent requests"
    common = dict(hostname="127.0.0.1", remote_port=port, timeout=2,
                  retries=3)
    if workload == "v3get":
        s = easysnmp.Session(version=3, security_level="auth_with_privacy",
                             security_username=V3_USER, auth_protocol="SHA",
                             auth_password=harness.AUTHPASS,
                             privacy_protocol="AES",
                             privacy_password=harness.PRIVPASS, **common)
        s.get(SYS_DESCR)                     # discovery, outside the count
    else:
        s = easysnmp.Session(version=2, community="public", **common)
    c0 = time.process_time()
    got = 0
    if workload in ("get", "v3get"):
        for _ in range(n):
            got += s.get(SYS_DESCR) is not None
    elif workload == "walk":
        got = len(s.bulkwalk(COLUMN, non_repeaters=0,
                             max_repetitions=MAX_REP))
    elif workload == "mib":
        for _ in range(n):
            got += s.get("SNMPv2-MIB::sysDescr.0") is not None
        with open(os.devnull, "w") as out:
            for v in s.bulkwalk("SNMPv2-MIB::sysORDescr", non_repeaters=0,
                                max_repetitions=MAX_REP):
                print("%s.%s = %s" % (v.oid, v.oid_index, v.value), file=out)
                got += 1
    return "%d %r" % (got, time.process_time() - c0)


# ---- the driver -------------------------------------------------------

def _shared(*path):
    """../shared/PATH beside the checkout (or /work/shared/PATH)."""
    for d in (os.path.join(SRC, "..", "shared"), "/work/shared"):
        if os.path.exists(os.path.join(d, *path)):
            return os.path.abspath(os.path.join(d, *path))
    return None


def run_best(argv, env, repeat):
    """run_client |repeat| times: the run with the least CPU per varbind
    (the machines are shared: other load only adds), or the first
    reason one could not run."""
    best = None
    for _ in range(repeat):
        r = run_client(argv, env)
        if isinstance(r, str):
            return r
        if best is None or r[1] / max(r[0], 1) < best[1] / max(best[0], 1):
            best = r
    return best


def run_client(argv, env):
    """(varbinds, CPU seconds) of one client process, or the reason it
    could not run the workload."""
    p = subprocess.run(argv, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True,
                       timeout=3600)
    lines = p.stdout.strip().splitlines()
    if p.returncode != 0 or not lines:
        err = (p.stderr.strip().splitlines() or ["exit %d" % p.returncode])
        return "failed: %s" % err[-1]
    m = re.match(r"^(\d+) ([0-9.e-]+)$", lines[-1])
    if not m:
        return lines[-1]
    return int(m.group(1)), float(m.group(2))


def cell(result):
    """'CPU per varbind (total)' or the reason."""
    if isinstance(result, str):
        return result.split(":")[0]
    got, cpu = result
    return "%8.1f us %7.0f ms" % (1e6 * cpu / max(got, 1), 1e3 * cpu)


def ratio(slow, fast):
    if isinstance(slow, str) or isinstance(fast, str) or fast[1] <= 0:
        return "-"
    return "%.1fx" % ((slow[1] / max(slow[0], 1)) /
                      (fast[1] / max(fast[0], 1)))


def print_table(title, names, target, rows):
    print("\n" + title)
    print("%-38s %-20s %-20s %7s  (target %s)" % ("", names[0], names[1],
                                                 "ratio", target))
    for name, a, b in rows:
        print("%-38s %-20s %-20s %7s" % (name, cell(a), cell(b), ratio(a, b)))
        for who, r in zip(names, (a, b)):
            if isinstance(r, str):
                print("  %s: %s" % (who, r))
        if not isinstance(a, str) and not isinstance(b, str) \
                and a[0] != b[0]:
            print("  note: %s got %d varbinds, %s %d"
                  % (names[0], a[0], names[1], b[0]))


def snmprec(path, rows):
    with open(path, "w") as f:
        for i in range(1, rows + 1):
            f.write("%s.%d|4|bench component %d\n" % (COLUMN, i, i))


def snmpx_lib():
    import snmpx
    return os.path.dirname(os.path.dirname(os.path.abspath(snmpx.__file__)))


def main():
    # Stopped by SIGTERM: through the finally below, so the agent stops too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    n = sizes()
    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    binary = os.environ.get("SNMPX") or os.path.join(SRC, "build", "snmpx")
    peer = _shared("peers", "pysnmp7", "pysnmp") and \
        _shared("peers", "pysnmp7")
    mibs = _shared("mibs")
    base = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    with tempfile.TemporaryDirectory(prefix="snmpx-bench-") as tmp:
        data = os.path.join(tmp, "rows.snmprec")
        snmprec(data, n["walk"])
        with open(os.path.join(HERE, "bench_hlapi.py")) as f:
            source = f.read()
        rewritten = os.path.join(tmp, "bench_hlapi_snmpx.py")
        with open(rewritten, "w") as f:
            f.write(re.sub(r"^(\s*)(from|import)\s+pysnmp\.",
                           r"\1\2 snmpx.pysnmp.", source, flags=re.M))
        proc, port = harness.start_answering(
            lambda p: harness.snmpx_agent_argv(binary, p, data), None)
        try:
            print("snmpx Python bench: snmpx agent (%s) at 127.0.0.1:%d "
                  "serving %d rows; client CPU (user+sys) per varbind "
                  "and in all, best of %d runs"
                  % (binary, port, n["walk"], repeat))
            hl = []
            for w in WORKLOADS:
                args = [w, str(port), str(n[w])]
                ref = run_best([PY, os.path.join(HERE, "bench_hlapi.py")]
                               + args, dict(base, PYTHONPATH=peer), repeat) \
                    if peer else "unavailable: pysnmp 7.1 peer not found"
                ours = run_best([PY, rewritten] + args,
                                dict(base, PYTHONPATH=snmpx_lib()), repeat)
                hl.append((label(w, n[w], n["walk"]), ref, ours))
            print_table("1. the same hlapi program (bench/bench_hlapi.py)",
                        ("pysnmp 7.1", "snmpx.pysnmp"), ">= 50x", hl)
            seed = []
            for w in WORKLOADS:
                args = [w, str(port), str(n[w])]
                me = [PY, os.path.abspath(__file__), "--client"]
                env = dict(base, PYTHONPATH=snmpx_lib(),
                           MIBDIRS="+" + mibs) if mibs else \
                    dict(base, PYTHONPATH=snmpx_lib())
                seed.append((label(w, n[w], n["walk"]),
                             run_best(me + ["easysnmp"] + args, env, repeat),
                             run_best(me + ["seed"] + args, env, repeat)))
            print_table("2. the seed API beside easysnmp",
                        ("easysnmp", "snmpx"), ">= 3x", seed)
        finally:
            harness.stop_process(proc)
    print("\nratio: CPU per varbind of the other / of snmpx (higher: snmpx "
          "uses less); the agent's CPU is not counted")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--client"]:
        who, workload, port, count = sys.argv[2:6]
        fn = {"seed": _seed, "easysnmp": _easysnmp}[who]
        print(fn(workload, int(port), int(count)))
    else:
        main()
