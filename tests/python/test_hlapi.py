"""snmpx.pysnmp against pysnmp 7.1: every program in tests/python/hlapi/
is a plain pysnmp 7.1 hlapi program (imports from ``pysnmp.``).  Each runs
twice, once with pysnmp 7.1 (the test peer in ../shared/peers/pysnmp7
beside the checkout, or /work/shared/peers/pysnmp7) and once with its
imports rewritten to ``snmpx.pysnmp.``, against pysnmp's own agent
(hlapi_peer_agent.py) and against ``snmpx agent``; both runs must print
the same lines.

Masked before comparing, as they change between the two runs: the value
of sysUpTime.0 (TimeTicks since the agent started) and of
snmpEngineTime.0 (seconds since it started); nothing else.
"""

import os
import re
import subprocess
import sys
import tempfile
import time

import pytest

import agent as harness

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("SNMPX_SRC") or os.path.dirname(os.path.dirname(HERE))
PROGRAMS = os.path.join(HERE, "hlapi")
PY = "/usr/bin/python3"


def _peer_path():
    for path in (os.path.join(SRC, "..", "shared", "peers", "pysnmp7"),
                 "/work/shared/peers/pysnmp7"):
        if os.path.isdir(os.path.join(path, "pysnmp")):
            return os.path.abspath(path)
    return None


PEER = _peer_path()
pytestmark = pytest.mark.skipif(PEER is None,
                                reason="pysnmp 7.1 test peer not found")


def _snmpx_lib():
    """The PYTHONPATH entry of the snmpx package under test."""
    import snmpx
    return os.path.dirname(os.path.dirname(os.path.abspath(snmpx.__file__)))


def _snmpx_binary():
    for d in (os.environ.get("SNMPX_BUILD"), os.path.join(SRC, "build"),
              os.path.join(SRC, "build-check")):
        if d and os.access(os.path.join(d, "snmpx"), os.X_OK):
            return os.path.join(d, "snmpx")
    return None


def _wait_answer(port, proc, timeout=20.0):
    """A raw v2c GET of sysName.0 until answered; False if |proc| ended."""
    import socket
    msg = harness._v2c_get_sysname()
    deadline = time.monotonic() + timeout
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(0.2)
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False
            s.sendto(msg, ("127.0.0.1", port))
            try:
                s.recvfrom(4096)
                return True
            except socket.timeout:
                continue
    return False


def _start(argv_for_port, env, tries=5):
    """Start an agent on a free port, again on another when it dies before
    answering (its port taken after the probe).  (proc, port)."""
    for _ in range(tries):
        port = harness.free_port()
        proc = subprocess.Popen(argv_for_port(port), env=env,
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        if _wait_answer(port, proc):
            return proc, port
        harness.stop_process(proc)
    raise RuntimeError("agent %r did not start" % (argv_for_port(0),))


# SNMPv3 users of both agents: (name, auth, priv) in Net-SNMP's words.
USERS = [("u_md5_des", "MD5", "DES"), ("u_sha_aes", "SHA", "AES"),
         ("u_sha224_3des", "SHA-224", "3DES"),
         ("u_sha256_aes", "SHA-256", "AES"),
         ("u_sha384_aes192", "SHA-384", "AES-192"),
         ("u_sha512_aes256", "SHA-512", "AES-256"),
         ("u_sha256_aes256c", "SHA-256", "AES-256-C"),
         ("u_sha", "SHA", None), ("u_md5", "MD5", None),
         ("u_noauth", None, None), ("rw_sha256_aes", "SHA-256", "AES")]


def _snmpx_agent_argv(binary, port):
    x = ["rocommunity public 127.0.0.1", "rwcommunity private 127.0.0.1",
         "sysDescr snmpx test agent", "sysContact nobody",
         "sysName snmpx-hlapi", "sysLocation lab"]
    for name, auth, priv in USERS:
        words = ["createUser", name]
        level = "noauth"
        if auth:
            words += [auth, harness.AUTHPASS]
            level = "auth"
        if priv:
            words += [priv, harness.PRIVPASS]
            level = "priv"
        x.append(" ".join(words))
        x.append("%s %s %s" % ("rwuser" if name.startswith("rw_")
                               else "rouser", name, level))
    argv = [binary, "agent", "-q"]
    for line in x:
        argv += ["-X", line]
    return argv + ["udp:127.0.0.1:%d" % port]


@pytest.fixture(scope="module", params=["pysnmp-agent", "snmpx-agent"])
def agent_port(request):
    if request.param == "pysnmp-agent":
        env = dict(os.environ, PYTHONPATH=PEER, PYTHONDONTWRITEBYTECODE="1")
        proc, port = _start(
            lambda p: [PY, os.path.join(HERE, "hlapi_peer_agent.py"),
                       str(p)], env)
    else:
        binary = _snmpx_binary()
        if binary is None:
            pytest.skip("snmpx binary not built (SNMPX_BUILD)")
        proc, port = _start(lambda p: _snmpx_agent_argv(binary, p),
                            dict(os.environ))
    yield port
    harness.stop_process(proc)


_MASKS = [
    # sysUpTime.0 and snmpEngineTime.0 move on between the two runs.
    (re.compile(r"^(1\.3\.6\.1\.2\.1\.1\.3\.0 = )\d+$", re.M), r"\1<ticks>"),
    (re.compile(r"^(1\.3\.6\.1\.6\.3\.10\.2\.1\.3\.0 = )\d+$", re.M),
     r"\1<secs>"),
]


def _mask(text):
    for pattern, repl in _MASKS:
        text = pattern.sub(repl, text)
    return text


def rewrite(source):
    """The one change a pysnmp program needs: pysnmp. -> snmpx.pysnmp."""
    return re.sub(r"^(\s*)(from|import)\s+pysnmp\.",
                  r"\1\2 snmpx.pysnmp.", source, flags=re.M)


def run_program(path, args, which, timeout=120):
    with open(path) as f:
        source = f.read()
    if which == "snmpx":
        source = rewrite(source)
        assert "from pysnmp." not in source
        pythonpath = _snmpx_lib()
    else:
        pythonpath = PEER
    with tempfile.TemporaryDirectory(prefix="hlapi.") as d:
        prog = os.path.join(d, os.path.basename(path))
        with open(prog, "w") as f:
            f.write(source)
        env = dict(os.environ, PYTHONPATH=pythonpath,
                   PYTHONDONTWRITEBYTECODE="1")
        proc = subprocess.run([PY, prog] + [str(a) for a in args], env=env,
                              capture_output=True, text=True,
                              timeout=timeout, cwd=d)
    return proc


def _programs():
    return sorted(n[:-3] for n in os.listdir(PROGRAMS)
                  if n.endswith(".py") and not n.startswith("_"))


def test_rewrite_is_only_the_imports():
    src = "from pysnmp.hlapi.v3arch.asyncio import *\nx = 'pysnmp.'\n"
    assert rewrite(src) == ("from snmpx.pysnmp.hlapi.v3arch.asyncio import "
                            "*\nx = 'pysnmp.'\n")


def test_enough_programs():
    assert len(_programs()) >= 25


@pytest.mark.parametrize("name", _programs())
def test_program(agent_port, name):
    path = os.path.join(PROGRAMS, name + ".py")
    expected = run_program(path, [agent_port], "pysnmp")
    assert expected.returncode == 0, expected.stderr
    got = run_program(path, [agent_port], "snmpx")
    assert got.returncode == 0, got.stderr
    assert expected.stdout.strip(), "the program printed nothing"
    assert _mask(got.stdout).splitlines() == \
        _mask(expected.stdout).splitlines()
