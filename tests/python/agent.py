"""A private Net-SNMP snmpd on 127.0.0.1 for the Python tests and the
bench: a free high port, config and state in a temporary directory, stopped
by its own pid.  Same conventions as tests/interop/lib.sh.

Communities: public (read-only), private (read-write).  SNMPv3: one user
per auth x priv pair Net-SNMP supports, named u_<auth>_<priv> (read-only),
u_<auth> (authNoPriv), u_noauth, and rw_sha256_aes (read-write), all with
AUTHPASS / PRIVPASS, and "user" (SHA-256/AES, the seed example's).  Writable objects under 1.3.6.1.4.1.99990 (WRITABLE).
"""

import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time

AUTHPASS = "authpass123"
PRIVPASS = "privpass123"
ENGINE_ID = "80001f8880aabbccdd00112233"

AUTHS = ["MD5", "SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512"]
PRIVS = ["DES", "AES", "AES-192", "AES-256", "AES-192-C", "AES-256-C"]

# (OID, snmpd override type, initial value as the agent returns it)
WRITABLE = {
    "int": ("1.3.6.1.4.1.99990.1.0", "integer", "1"),
    "str": ("1.3.6.1.4.1.99990.2.0", "octet_str", '"hello"'),
    "oid": ("1.3.6.1.4.1.99990.3.0", "object_id", ".1.3.6.1.4.1"),
    "counter": ("1.3.6.1.4.1.99990.5.0", "counter", "5"),
    "gauge": ("1.3.6.1.4.1.99990.6.0", "unsigned", "6"),
    "ticks": ("1.3.6.1.4.1.99990.7.0", "timeticks", "7"),
}
READONLY_INT = "1.3.6.1.4.1.99990.9.0"


def token(name):
    return name.lower().replace("-", "")


def user_name(auth, priv=None):
    if auth is None:
        return "u_noauth"
    return "u_%s_%s" % (token(auth), token(priv)) if priv else \
        "u_%s" % token(auth)


def _port_range():
    """Ports to probe: below the kernel's ephemeral range, which is never
    handed to a socket bound to port 0 or sending unbound, so no client can
    take a probed port before our peer binds it (tests/interop/lib.sh)."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            low = int(f.read().split()[0])
        if low - 1 - 10000 >= 2000:
            return 10000, low - 1
    except (OSError, ValueError, IndexError):
        pass
    return 20000, 32767


def free_port():
    """A UDP and TCP port on 127.0.0.1 that nothing uses now (a probe: the
    caller's peer retries on another if it is taken after all)."""
    lo, hi = _port_range()
    for _ in range(200):
        port = random.randint(lo, hi)
        try:
            for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                with socket.socket(socket.AF_INET, kind) as s:
                    s.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
    raise RuntimeError("no free port")


def _config(port, extra=()):
    lines = [
        "agentAddress %s" % ",".join(["udp:127.0.0.1:%d" % port] +
                                     list(extra)),
        "master no",
        "dontLogTCPWrappersConnects yes",
        "exactEngineID 0x%s" % ENGINE_ID,
        "rocommunity public 127.0.0.1",
        "rwcommunity private 127.0.0.1",
        "sysLocation python-lab",
        "sysContact nobody@example.org",
        "sysName snmpx-python",
        "sysServices 72",
    ]
    for oid, kind, value in WRITABLE.values():
        lines.append("override -rw .%s %s %s" % (oid, kind, value))
    lines.append("override .%s integer 9" % READONLY_INT)
    return "\n".join(lines) + "\n"


def _users():
    lines = []
    for a in AUTHS:
        for p in PRIVS:
            lines.append('createUser %s %s "%s" %s "%s"'
                         % (user_name(a, p), a, AUTHPASS, p, PRIVPASS))
            lines.append("rouser %s priv" % user_name(a, p))
        lines.append('createUser %s %s "%s"' % (user_name(a), a, AUTHPASS))
        lines.append("rouser %s auth" % user_name(a))
    lines.append("createUser u_noauth")
    lines.append("rouser u_noauth noauth")
    lines.append('createUser rw_sha256_aes SHA-256 "%s" AES "%s"'
                 % (AUTHPASS, PRIVPASS))
    lines.append("rwuser rw_sha256_aes priv")
    # The user of the README's / issue's seed example.
    lines.append('createUser user SHA-256 "%s" AES "%s"' % (AUTHPASS, PRIVPASS))
    lines.append("rouser user priv")
    return "\n".join(lines) + "\n"


class _PortTaken(Exception):
    """snmpd could not bind its port: another program took it."""


class Snmpd:
    """Start with start(), stop with stop(); ``address`` is
    "127.0.0.1:PORT".  With stream=True it also listens on TCP (the same
    port: ``tcp_address``) and on a UNIX socket in its directory
    (``unix_address``)."""

    def __init__(self, stream=False):
        self.stream = stream
        self.tcp_address = None
        self.unix_address = None
        self.dir = None
        self.proc = None
        self.port = None
        self.address = None

    def start(self, timeout=15.0, tries=5):
        """Start snmpd on a free port; when it exits before answering (its
        port was taken after the probe), start it again on another."""
        for attempt in range(tries):
            try:
                return self._start_once(timeout)
            except _PortTaken:
                if attempt == tries - 1:
                    raise RuntimeError("snmpd could not bind a port in %d "
                                       "tries" % tries)

    def _start_once(self, timeout):
        snmpd = shutil.which("snmpd") or "/usr/sbin/snmpd"
        if not os.path.exists(snmpd):
            raise RuntimeError("snmpd is not installed "
                               "(scripts/install-deps.sh)")
        self.dir = tempfile.mkdtemp(prefix="snmpx-python.")
        persist = os.path.join(self.dir, "persist")
        os.makedirs(os.path.join(persist, "cert_indexes"))
        conf = os.path.join(self.dir, "snmpd.conf")
        users = os.path.join(self.dir, "users.conf")
        self.port = free_port()
        extra = []
        if self.stream:
            self.tcp_address = "tcp:127.0.0.1:%d" % self.port
            self.unix_address = "unix:" + os.path.join(self.dir, "snmpd.sock")
            extra = [self.tcp_address, self.unix_address]
        with open(conf, "w") as f:
            f.write(_config(self.port, extra))
        with open(users, "w") as f:
            f.write(_users())
        env = dict(os.environ, MIBS="", SNMP_PERSISTENT_DIR=persist)
        self.proc = subprocess.Popen(
            [snmpd, "-f", "-C", "-c", "%s,%s" % (conf, users), "-I", "-smux",
             "-p", os.path.join(self.dir, "snmpd.pid"),
             "-Lf", os.path.join(self.dir, "snmpd.log")],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.address = "127.0.0.1:%d" % self.port
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout):
        """A raw v2c GET of sysName.0 until it is answered."""
        msg = _v2c_get_sysname()
        deadline = time.monotonic() + timeout
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(0.2)
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                s.sendto(msg, ("127.0.0.1", self.port))
                try:
                    s.recvfrom(2048)
                    return
                except socket.timeout:
                    continue
        log = ""
        try:
            with open(os.path.join(self.dir, "snmpd.log")) as f:
                log = f.read()[-2000:]
        except OSError:
            pass
        self.stop()
        if "Error opening specified endpoint" in log:
            raise _PortTaken(log)
        raise RuntimeError("snmpd did not answer: %s" % log)

    def stop(self):
        stop_process(self.proc)
        self.proc = None
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None


def stop_process(proc):
    """SIGTERM |proc| (a Popen we started, or None), SIGKILL it after 10 s,
    and reap it."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _v2c_get_sysname():
    """A v2c GetRequest for sysName.0 (community public), BER by hand so
    that readiness does not depend on the code under test."""
    def tlv(tag, body):
        assert len(body) < 128
        return bytes([tag, len(body)]) + body
    oid = tlv(0x06, bytes([0x2b, 6, 1, 2, 1, 1, 5, 0]))
    vb = tlv(0x30, oid + b"\x05\x00")
    pdu = tlv(0xa0, tlv(0x02, b"\x01") + tlv(0x02, b"\x00") +
              tlv(0x02, b"\x00") + tlv(0x30, vb))
    return tlv(0x30, tlv(0x02, b"\x01") + tlv(0x04, b"public") + pdu)


def wait_answer(port, proc, timeout=20.0):
    """A raw v2c GET of sysName.0 until answered; False if |proc| ended."""
    msg = _v2c_get_sysname()
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


def start_answering(argv_for_port, env, tries=5):
    """Start an agent on a free port, again on another when it dies before
    answering (its port taken after the probe).  (proc, port)."""
    for _ in range(tries):
        port = free_port()
        proc = subprocess.Popen(argv_for_port(port), env=env,
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        if wait_answer(port, proc):
            return proc, port
        stop_process(proc)
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


def snmpx_agent_argv(binary, port, data=None, extra=(), lines=()):
    """argv of `snmpx agent` on 127.0.0.1 and ::1 at |port| (and the
    addresses |extra|) with the communities public/private and the USERS
    (and the configuration |lines|), serving the .snmprec file |data| too
    when given."""
    x = ["rocommunity public 127.0.0.1", "rwcommunity private 127.0.0.1",
         "rocommunity6 public ::1", "rwcommunity6 private ::1",
         "sysDescr snmpx test agent", "sysContact nobody",
         "sysName snmpx-hlapi", "sysLocation lab"]
    for name, auth, priv in USERS:
        words = ["createUser", name]
        level = "noauth"
        if auth:
            words += [auth, AUTHPASS]
            level = "auth"
        if priv:
            words += [priv, PRIVPASS]
            level = "priv"
        x.append(" ".join(words))
        x.append("%s %s %s" % ("rwuser" if name.startswith("rw_")
                               else "rouser", name, level))
    argv = [binary, "agent", "-q"] + (["-D", data] if data else [])
    for line in x + list(lines):
        argv += ["-X", line]
    return argv + ["udp:127.0.0.1:%d" % port, "udp6:[::1]:%d" % port] + \
        list(extra)
