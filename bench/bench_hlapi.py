"""One workload of `make bench-python`, as a plain pysnmp 7.1 hlapi
program: bench/bench_python.py runs it with pysnmp 7.1 and once more with
its imports rewritten to ``snmpx.pysnmp.`` (the one change issue 14 asks
of a pysnmp user), in a process of its own per workload.

    python3 bench_hlapi.py WORKLOAD PORT N

WORKLOAD: get (N sequential v2c GETs), v3get (N sequential SHA/AES
authPriv GETs, after one for discovery), walk (bulk_walk_cmd of the
N-row column, maxRepetitions 25), gather (N GETs at once through
asyncio.gather), mib (N GETs of ObjectIdentity('SNMPv2-MIB', 'sysDescr',
0), then the column walked and printed with names).  Prints one line:
the varbinds received and the CPU seconds (user+sys of this process) the
workload took, imports and engine set-up excluded, or ``unavailable:
REASON`` when this hlapi cannot run the workload.
"""

import asyncio
import io
import sys
import time

from pysnmp.error import PySnmpError
from pysnmp.hlapi.v3arch.asyncio import *

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
COLUMN = "1.3.6.1.2.1.1.9.1.3"      # SNMPv2-MIB::sysORDescr: the rows
USER, AUTHPASS, PRIVPASS = "u_sha_aes", "authpass123", "privpass123"


async def get_one(engine, auth, target, name):
    err, status, _, vbs = await get_cmd(engine, auth, target, ContextData(),
                                        ObjectType(name))
    if err or status:
        raise RuntimeError("get: %s %s" % (err, status))
    return len(vbs)


async def gets(engine, auth, target, n, name=lambda: ObjectIdentity(SYS_DESCR)):
    got = 0
    for _ in range(n):
        got += await get_one(engine, auth, target, name())
    return got


async def walk(engine, target, out=None):
    got = 0
    async for err, status, _, vbs in bulk_walk_cmd(
            engine, CommunityData("public"), target, ContextData(), 0, 25,
            ObjectType(ObjectIdentity(COLUMN)), lexicographicMode=False):
        if err or status:
            raise RuntimeError("walk: %s %s" % (err, status))
        got += len(vbs)
        if out is not None:
            for vb in vbs:
                print(" = ".join(x.prettyPrint() for x in vb), file=out)
    return got


async def main(workload, port, n):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=2,
                                            retries=3)
    v2c = CommunityData("public")
    if workload == "v3get":
        auth = UsmUserData(USER, AUTHPASS, PRIVPASS,
                           authProtocol=usmHMACSHAAuthProtocol,
                           privProtocol=usmAesCfb128Protocol)
        await get_one(engine, auth, target, ObjectIdentity(SYS_DESCR))
    c0 = time.process_time()
    if workload == "get":
        got = await gets(engine, v2c, target, n)
    elif workload == "v3get":
        got = await gets(engine, auth, target, n)
    elif workload == "walk":
        got = await walk(engine, target)
    elif workload == "gather":
        got = sum(await asyncio.gather(*[
            get_one(engine, v2c, target, ObjectIdentity(SYS_DESCR))
            for _ in range(n)]))
    elif workload == "mib":
        try:
            got = await gets(engine, v2c, target, n, lambda: ObjectIdentity(
                "SNMPv2-MIB", "sysDescr", 0))
        except PySnmpError as exc:
            print("unavailable: %s" % exc)
            return
        got += await walk(engine, target, io.StringIO())
    else:
        raise SystemExit("unknown workload %r" % workload)
    cpu = time.process_time() - c0
    engine.close_dispatcher()
    print(got, cpu)


asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
