"""Name resolution never blocks: an AsyncEngine's Manager() with a host
name returns at once and the loop resolves it (loop.getaddrinfo) while
other coroutines, requests included, run; a blocking Manager() releases
the GIL while the resolver works.  Both shown with a resolver held until
the test lets it answer, not with timing.  And an AsyncEngine made
outside a running loop binds to the loop that first uses it."""

import asyncio
import os
import subprocess
import sys

import pytest

from snmpx import AsyncEngine, ResolvingManager

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYSTEM = "1.3.6.1.2.1.1"


class GatedLoop(asyncio.SelectorEventLoop):
    """A loop whose resolver answers only once ``gate`` is set, every name
    as 127.0.0.1 (nothing leaves the host); ``asked`` is set when a
    look-up starts, and ``names`` lists the names looked up."""

    def __init__(self):
        super().__init__()
        self.asked = self.gate = None
        self.names = []

    async def getaddrinfo(self, host, port, **kwargs):
        self.names.append(host)
        self.asked.set()
        await self.gate.wait()
        if host.endswith(".unresolvable"):
            raise OSError("no such name")
        return await super().getaddrinfo("127.0.0.1", port, **kwargs)


def run_gated(coroutine_fn):
    loop = GatedLoop()
    try:
        return loop.run_until_complete(coroutine_fn(loop))
    finally:
        loop.close()


def test_async_manager_resolves_without_blocking(snmpd):
    port = snmpd.address[1] if isinstance(snmpd.address, tuple) else \
        int(snmpd.address.rsplit(":", 1)[1])

    async def main(loop):
        loop.asked, loop.gate = asyncio.Event(), asyncio.Event()
        async with AsyncEngine(defaultVersion=2) as eng:
            named = eng.Manager("agent.test:%d" % port, timeout=1,
                                retries=1)
            assert isinstance(named, ResolvingManager)
            assert loop.names == []              # nothing asked yet
            pending = named.get(SYS_DESCR)
            walk = named.bulkWalk(SYSTEM)
            await loop.asked.wait()              # the look-up is running
            # ... and the loop runs other coroutines meanwhile, a request
            # of the same engine included
            direct = eng.Manager(snmpd.address)
            assert (await direct.get(SYS_DESCR)).variableBindings
            assert not pending.done()
            loop.gate.set()
            resp = await pending
            names = [vb.name async for vb in walk]
            assert loop.names == ["agent.test"]  # looked up once
            mgr = await named.resolved()
            assert mgr._peer == ("127.0.0.1", port)
            assert (await named.getNext(SYSTEM)).variableBindings
            bad = eng.Manager("agent.unresolvable:%d" % port)
            with pytest.raises(ValueError, match="agent.unresolvable"):
                await bad.get(SYS_DESCR)
            with pytest.raises(TypeError):       # checked at once
                eng.Manager("agent.test", timeout="1")
            return resp, names

    resp, names = run_gated(main)
    assert resp.variableBindings[0].name == (1, 3, 6, 1, 2, 1, 1, 1, 0)
    assert len(names) > 3


def test_async_engine_made_outside_a_loop(snmpd):
    eng = AsyncEngine(defaultVersion=2)
    assert eng.loop is None
    m = eng.Manager(snmpd.address)
    seen = []
    rcv = eng.NotificationReceiver("127.0.0.1:0", seen.append)  # a socket
    with pytest.raises(RuntimeError, match="running asyncio loop"):
        m.get(SYS_DESCR)                         # no loop to await in

    async def main():
        assert (await m.get(SYS_DESCR)).variableBindings
        assert eng.loop is asyncio.get_running_loop()
        sender = eng.Manager(("127.0.0.1", rcv.port))
        sender.trap("1.3.6.1.4.1.8072.2.3.0.1")
        for _ in range(500):                     # bounded: 5 s
            if seen:
                break
            await asyncio.sleep(0.01)
        return seen

    async def made_in_a_coroutine():
        inside = AsyncEngine()                   # bound at once, as before
        try:
            return inside.loop is asyncio.get_running_loop()
        finally:
            inside.close()

    try:
        assert asyncio.run(made_in_a_coroutine())
        assert asyncio.run(main())               # the early socket works
        async def other_loop():
            with pytest.raises(RuntimeError, match="another"):
                m.get(SYS_DESCR)
        asyncio.run(other_loop())
    finally:
        eng.close()


PRELOAD_C = r"""
/* getaddrinfo("held.test") waits for a byte on fd $HOLD_IN after writing
 * one to fd $HOLD_OUT, then answers 127.0.0.1; other names go on. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int getaddrinfo(const char *node, const char *service,
                const struct addrinfo *hints, struct addrinfo **res)
{
  int (*real)(const char *, const char *, const struct addrinfo *,
              struct addrinfo **) = dlsym(RTLD_NEXT, "getaddrinfo");
  if (node != NULL && strcmp(node, "held.test") == 0) {
    char c = 1;
    if (write(atoi(getenv("HOLD_OUT")), &c, 1) != 1 ||
        read(atoi(getenv("HOLD_IN")), &c, 1) != 1)
      return EAI_FAIL;
    struct addrinfo h = *hints;
    h.ai_flags |= AI_NUMERICHOST;
    return real("127.0.0.1", service, &h, res);
  }
  return real(node, service, hints, res);
}
"""

CHILD = r"""
import os, sys, threading
import snmpx
hold_in_w, hold_out_r = int(sys.argv[1]), int(sys.argv[2])
result = {}
def make():
    with snmpx.Engine() as eng:
        result["peer"] = eng.Manager("held.test:1161", version=2)._peer
t = threading.Thread(target=make)
t.start()
os.read(hold_out_r, 1)         # the resolver holds the look-up now
# Python runs here only if Manager() let go of the GIL
result["ran"] = sum(range(1000))
os.write(hold_in_w, b"x")      # let it answer
t.join()
print(result["ran"], result["peer"])
"""


def test_blocking_manager_releases_the_gil(tmp_path):
    lib = tmp_path / "held.so"
    src = tmp_path / "held.c"
    src.write_text(PRELOAD_C)
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(lib), str(src),
                    "-ldl"], check=True)
    hold_in_r, hold_in_w = os.pipe()
    hold_out_r, hold_out_w = os.pipe()
    env = dict(os.environ, LD_PRELOAD=str(lib), HOLD_IN=str(hold_in_r),
               HOLD_OUT=str(hold_out_w))
    try:
        # A Manager() holding the GIL would never let the child's main
        # thread run: the timeout then fails the test.
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(hold_in_w), str(hold_out_r)],
            env=env, pass_fds=(hold_in_r, hold_in_w, hold_out_r,
                               hold_out_w),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            timeout=30)
    finally:
        for fd in (hold_in_r, hold_in_w, hold_out_r, hold_out_w):
            os.close(fd)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split(None, 1) == ["499500", "('127.0.0.1', 1161)\n"]
