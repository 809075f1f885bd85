"""snmpx.pysnmp against pysnmp 7.1: every program in tests/python/hlapi/
is a plain pysnmp 7.1 hlapi program (imports from ``pysnmp.``).  Each runs
twice, once with pysnmp 7.1 (the test peer in ../shared/peers/pysnmp7
beside the checkout, or /work/shared/peers/pysnmp7) and once with its
imports rewritten to ``snmpx.pysnmp.``, against pysnmp's own agent
(hlapi_peer_agent.py) and against ``snmpx agent``; both runs must print
the same lines.  The bad_* programs run against hlapi_bad_agent.py (an
agent whose answers do not increase) instead.

The notify_* programs send notifications instead (argv[2] is the
receiver's port): to pysnmp's receiver (hlapi_peer_receiver.py) and to
``snmpx trapd``; what each receiver prints for the two runs must match
too.

Masked before comparing, as they change between the two runs: the value
of sysUpTime.0 (TimeTicks since the agent or sender started) and of
snmpEngineTime.0 (seconds since it started); in snmpx trapd's lines also
the date and time, the sender's UDP port and the Uptime/Timeticks text;
nothing else.
"""

import os
import re
import shutil
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


def _agent(kind):
    """Start the agent |kind|: (process, port)."""
    if kind == "bad-agent":
        env = dict(os.environ, PYTHONPATH=_snmpx_lib(),
                   PYTHONDONTWRITEBYTECODE="1")
        return harness.start_answering(
            lambda p: [PY, os.path.join(HERE, "hlapi_bad_agent.py"), str(p)],
            env)
    if kind == "pysnmp-agent":
        env = dict(os.environ, PYTHONPATH=PEER, PYTHONDONTWRITEBYTECODE="1")
        return harness.start_answering(
            lambda p: [PY, os.path.join(HERE, "hlapi_peer_agent.py"), str(p)],
            env)
    binary = _snmpx_binary()
    if binary is None:
        pytest.skip("snmpx binary not built (SNMPX_BUILD)")
    return harness.start_answering(
        lambda p: harness.snmpx_agent_argv(binary, p), dict(os.environ))


@pytest.fixture(scope="module", params=["pysnmp-agent", "snmpx-agent"])
def agent_port(request):
    proc, port = _agent(request.param)
    yield port
    harness.stop_process(proc)


@pytest.fixture(scope="module")
def bad_agent_port():
    proc, port = _agent("bad-agent")
    yield port
    harness.stop_process(proc)


_MASKS = [
    # sysUpTime.0 and snmpEngineTime.0 move on between the two runs.
    (re.compile(r"^(1\.3\.6\.1\.2\.1\.1\.3\.0 = )\d+$", re.M), r"\1<ticks>"),
    (re.compile(r"^(1\.3\.6\.1\.6\.3\.10\.2\.1\.3\.0 = )\d+$", re.M),
     r"\1<secs>"),
]


_TRAPD_MASKS = [
    (re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ", re.M), "<time> "),
    (re.compile(r"\]:\d+->"), "]:<port>->"),
    (re.compile(r"Timeticks: \(\d+\) [\d:.]+"), "Timeticks: <ticks>"),
    (re.compile(r"Uptime: [\d:.]+"), "Uptime: <ticks>"),
    (re.compile(r"^(1\.3\.6\.1\.2\.1\.1\.3\.0 = )\d+$", re.M),
     r"\1<ticks>"),
]


def _mask_receiver(text):
    for pattern, repl in _TRAPD_MASKS:
        text = pattern.sub(repl, text)
    return text


def _mask(text):
    for pattern, repl in _MASKS:
        text = pattern.sub(repl, text)
    return text


def rewrite(source):
    """The one change a pysnmp program needs: pysnmp. -> snmpx.pysnmp."""
    return re.sub(r"^(\s*)(from|import)\s+pysnmp\.",
                  r"\1\2 snmpx.pysnmp.", source, flags=re.M)


def run_program(path, args, which, timeout=120, tmpdir=None):
    """Run the program (as is, or rewritten for snmpx.pysnmp) in a scratch
    directory; TMPDIR is |tmpdir| (where both keep an engine's boots)."""
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
        shutil.copy(os.path.join(PROGRAMS, "_show.py"), d)
        env = dict(os.environ, PYTHONPATH=pythonpath,
                   PYTHONDONTWRITEBYTECODE="1", TMPDIR=tmpdir or d)
        proc = subprocess.run([PY, prog] + [str(a) for a in args], env=env,
                              capture_output=True, text=True,
                              timeout=timeout, cwd=d)
    return proc


def _programs(kind=""):
    """The programs named |kind|* (notify_, bad_), or ("") all others."""
    kinds = ("notify_", "bad_")
    return sorted(n[:-3] for n in os.listdir(PROGRAMS)
                  if n.endswith(".py") and not n.startswith("_") and
                  (n.startswith(kind) if kind else
                   not n.startswith(kinds)))


def test_rewrite_is_only_the_imports():
    src = "from pysnmp.hlapi.v3arch.asyncio import *\nx = 'pysnmp.'\n"
    assert rewrite(src) == ("from snmpx.pysnmp.hlapi.v3arch.asyncio import "
                            "*\nx = 'pysnmp.'\n")


def test_enough_programs():
    assert len(_programs()) + len(_programs("notify_")) + \
        len(_programs("bad_")) >= 25


def _has_mib_layer():
    try:
        import snmpx.mib  # noqa: F401
    except ImportError:
        return False
    return True


def _same_lines(name, port):
    path = os.path.join(PROGRAMS, name + ".py")
    expected = run_program(path, [port], "pysnmp")
    assert expected.returncode == 0, expected.stderr
    got = run_program(path, [port], "snmpx")
    assert got.returncode == 0, got.stderr
    assert expected.stdout.strip(), "the program printed nothing"
    assert _mask(got.stdout).splitlines() == \
        _mask(expected.stdout).splitlines()


@pytest.mark.parametrize("name", _programs())
def test_program(agent_port, name):
    if name.startswith("names_") and not _has_mib_layer():
        pytest.skip("MIB names need snmpx.mib (the MIB layer)")
    _same_lines(name, agent_port)


@pytest.mark.parametrize("name", _programs("bad_"))
def test_bad_agent_program(bad_agent_port, name):
    _same_lines(name, bad_agent_port)


# ---- notifications -------------------------------------------------------

MARKER = (1, 3, 6, 1, 4, 1, 99999, 0, 0)


def _ber_oid(arcs):
    body = bytearray([arcs[0] * 40 + arcs[1]])
    for a in arcs[2:]:
        chunk = [a & 0x7f]
        a >>= 7
        while a:
            chunk.append(0x80 | (a & 0x7f))
            a >>= 7
        body += bytes(reversed(chunk))
    return bytes(body)


def _marker_trap():
    """A v2c trap (community public) whose snmpTrapOID.0 is MARKER, BER by
    hand: sent after a program's notifications, its arrival says the
    receiver has printed theirs (one socket, in order, on loopback)."""
    def tlv(tag, body):
        assert len(body) < 128
        return bytes([tag, len(body)]) + body
    uptime = tlv(0x30, tlv(0x06, _ber_oid((1, 3, 6, 1, 2, 1, 1, 3, 0))) +
                 tlv(0x43, b"\x00"))
    trap_oid = tlv(0x30, tlv(0x06, _ber_oid((1, 3, 6, 1, 6, 3, 1, 1, 4, 1,
                                              0))) +
                   tlv(0x06, _ber_oid(MARKER)))
    pdu = tlv(0xa7, tlv(0x02, b"\x01") + tlv(0x02, b"\x00") +
              tlv(0x02, b"\x00") + tlv(0x30, uptime + trap_oid))
    return tlv(0x30, tlv(0x02, b"\x01") + tlv(0x04, b"public") + pdu)


MARKER_TEXT = ".".join(map(str, MARKER[1:]))


class Receiver:
    """A notification receiver writing to |log|; ``since(offset)`` gives
    what it printed after |offset| up to the next marker trap."""

    def __init__(self, argv_for_port, log, env):
        self.log = log
        for _ in range(5):
            self.port = harness.free_port()
            with open(log, "w"):
                pass
            self.out = open(log + ".stdout", "w")
            self.proc = subprocess.Popen(argv_for_port(self.port), env=env,
                                         stdout=self.out,
                                         stderr=subprocess.STDOUT)
            if self._marked(0, 20.0) is not None:
                return
            harness.stop_process(self.proc)
            self.out.close()
        raise RuntimeError("receiver %r did not start" % (argv_for_port(0),))

    def size(self):
        return os.path.getsize(self.log)

    def _marked(self, offset, timeout):
        """Send the marker until it shows after |offset|; the text before
        it, or None when |timeout| passes or the receiver exits."""
        import socket
        deadline = time.monotonic() + timeout
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.sendto(_marker_trap(), ("127.0.0.1", self.port))
            next_send = time.monotonic() + 1.0
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    return None
                with open(self.log, errors="replace") as f:
                    f.seek(offset)
                    text = f.read()
                at = text.find(MARKER_TEXT)
                if at >= 0:
                    return text[:text.rfind("\n", 0, at) + 1]
                if time.monotonic() >= next_send:
                    # Only when the first was lost (the receiver was not
                    # listening yet): at start-up, never between runs.
                    if offset == 0:
                        s.sendto(_marker_trap(), ("127.0.0.1", self.port))
                    next_send = time.monotonic() + 1.0
                time.sleep(0.05)
        return None

    def since(self, offset):
        text = self._marked(offset, 30.0)
        assert text is not None, "the receiver never saw the marker trap"
        return text

    def stop(self):
        harness.stop_process(self.proc)
        self.out.close()


_TRAPD_CONF = """createUser -e 0x8000000001020304 u_sha256_aes SHA-256 %s AES %s
createUser u_sha256_aes SHA-256 %s AES %s
authUser log u_sha256_aes
authCommunity log public
""" % ((harness.AUTHPASS, harness.PRIVPASS) * 2)


@pytest.fixture(scope="module", params=["pysnmp-receiver", "snmpx-trapd"])
def receiver(request, tmp_path_factory):
    d = tmp_path_factory.mktemp("receiver")
    log = str(d / "notifications.log")
    if request.param == "pysnmp-receiver":
        env = dict(os.environ, PYTHONPATH=PEER, PYTHONDONTWRITEBYTECODE="1",
                   PYTHONUNBUFFERED="1")
        script = os.path.join(HERE, "hlapi_peer_receiver.py")
        # The receiver prints to stdout: the log is its stdout.
        rcv = Receiver(lambda p: ["sh", "-c", 'exec "$0" "$1" "$2" > "$3"',
                                  PY, script, str(p), log], log, env)
    else:
        binary = _snmpx_binary()
        if binary is None:
            pytest.skip("snmpx binary not built (SNMPX_BUILD)")
        conf = str(d / "trapd.conf")
        with open(conf, "w") as f:
            f.write(_TRAPD_CONF)
        rcv = Receiver(lambda p: [binary, "trapd", "-n", "-c", conf, "-L",
                                  "f", log, "udp:127.0.0.1:%d" % p],
                       log, dict(os.environ))
    yield rcv
    rcv.stop()


@pytest.mark.parametrize("name", _programs("notify_"))
def test_notify_program(receiver, name, tmp_path):
    path = os.path.join(PROGRAMS, name + ".py")
    runs = {}
    for which in ("pysnmp", "snmpx"):
        offset = receiver.size()
        proc = run_program(path, [0, receiver.port], which,
                           tmpdir=str(tmp_path))
        assert proc.returncode == 0, proc.stderr
        runs[which] = (proc.stdout, receiver.since(offset))
    expected, got = runs["pysnmp"], runs["snmpx"]
    assert expected[0].strip(), "the program printed nothing"
    assert _mask(got[0]).splitlines() == _mask(expected[0]).splitlines()
    assert _mask_receiver(got[1]).splitlines() == \
        _mask_receiver(expected[1]).splitlines()
