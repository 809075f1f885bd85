"""Net-SNMP peers for the notification and agent tests: a private
snmptrapd (free 127.0.0.1 port, config and state in a temporary
directory, its log on stdout with -Lo, stopped by its own pid), and the
command-line tools (snmptrap, snmpinform, snmpget, snmpwalk, snmpset) run
with MIBS= and a private SNMP_PERSISTENT_DIR."""

import os
import shutil
import subprocess
import tempfile
import time

import agent as snmpd_agent

AUTHPASS = snmpd_agent.AUTHPASS
PRIVPASS = snmpd_agent.PRIVPASS

# One line per notification: agent-addr|enterprise|generic|specific|
# uptime|kind, version, community or user|varbinds separated by "~".
TRAP_FORMAT = "TRAP %a|%N|%w|%q|%T|%P|%V~%v\n"


def _tool(name):
    path = shutil.which(name) or os.path.join("/usr/bin", name)
    if not os.path.exists(path):
        raise RuntimeError("%s is not installed (scripts/install-deps.sh)"
                           % name)
    return path


class Tools:
    """Net-SNMP's command-line tools with a private persistent dir."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="snmpx-tools.")
        os.makedirs(os.path.join(self.dir, "cert_indexes"))
        self.env = dict(os.environ, MIBS="", SNMP_PERSISTENT_DIR=self.dir,
                        SNMPCONFPATH=self.dir, HOME=self.dir)

    def start(self, name, *args):
        """Start a tool; returns the Popen (stdout and stderr piped)."""
        return subprocess.Popen([_tool(name), "-On", *args], env=self.env,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def run(self, name, *args, timeout=10):
        """Run a tool to its end: (returncode, stdout, stderr)."""
        p = self.start(name, *args)
        out, err = p.communicate(timeout=timeout)
        return p.returncode, out, err

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def v3_args(user, engine_id=None):
    """snmp* -v3 arguments for |user| at authPriv with SHA-256/AES."""
    args = ["-v3", "-u", user, "-l", "authPriv", "-a", "SHA-256", "-A",
            AUTHPASS, "-x", "AES", "-X", PRIVPASS]
    if engine_id is not None:
        args += ["-e", "0x" + engine_id.hex()]
    return args


class Snmptrapd:
    """snmptrapd on 127.0.0.1:port accepting community public and the
    SNMPv3 users given as (name, engine_id or None) with AUTHPASS/
    PRIVPASS (SHA-256/AES); read what it logged with lines()."""

    def __init__(self, users=()):
        self.users = users
        self.dir = None
        self.proc = None
        self.port = None
        self._out = None

    def start(self, timeout=10.0):
        self.dir = tempfile.mkdtemp(prefix="snmpx-trapd.")
        persist = os.path.join(self.dir, "persist")
        os.makedirs(os.path.join(persist, "cert_indexes"))
        conf = os.path.join(self.dir, "snmptrapd.conf")
        with open(conf, "w") as f:
            f.write("authCommunity log public\n")
            f.write("doNotRetainNotificationLogs yes\n")
            for name, engine_id in self.users:
                eid = "-e 0x%s " % engine_id.hex() if engine_id else ""
                f.write('createUser %s%s SHA-256 "%s" AES "%s"\n'
                        % (eid, name, AUTHPASS, PRIVPASS))
                f.write("authUser log %s priv\n" % name)
        self.port = snmpd_agent.free_port()
        self._out = open(os.path.join(self.dir, "out"), "w+")
        env = dict(os.environ, MIBS="", SNMP_PERSISTENT_DIR=persist)
        self.proc = subprocess.Popen(
            [_tool("snmptrapd"), "-f", "-Lo", "-C", "-c", conf, "-n", "-On",
             "-F", TRAP_FORMAT, "-p", os.path.join(self.dir, "pid"),
             "udp:127.0.0.1:%d" % self.port],
            env=env, stdout=self._out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            if "NET-SNMP version" in self._read():
                return self
            time.sleep(0.02)
        log = self._read()
        self.stop()
        raise RuntimeError("snmptrapd did not start: %s" % log[-2000:])

    def _read(self):
        self._out.flush()
        with open(self._out.name) as f:
            return f.read()

    @property
    def address(self):
        return "127.0.0.1:%d" % self.port

    def lines(self):
        """The notifications logged so far, each a dict: addr, enterprise,
        generic, specific, uptime, kind (e.g. "TRAP2, SNMP v2c, community
        public") and varbinds ([(oid text, type and value text)])."""
        out = []
        for line in self._read().splitlines():
            if not line.startswith("TRAP "):
                continue
            fields = line[5:].split("|", 6)
            vbs = []
            for vb in fields[6].split("~") if fields[6] else []:
                name, _, value = vb.partition(" = ")
                vbs.append((name.lstrip("."), value))
            out.append(dict(addr=fields[0], enterprise=fields[1],
                            generic=fields[2], specific=fields[3],
                            uptime=fields[4], kind=fields[5], varbinds=vbs))
        return out

    def wait_for(self, n, timeout=5.0):
        """The logged notifications once there are at least |n|."""
        deadline = time.monotonic() + timeout
        while True:
            got = self.lines()
            if len(got) >= n or time.monotonic() > deadline:
                return got
            time.sleep(0.02)

    def stop(self):
        snmpd_agent.stop_process(self.proc)
        self.proc = None
        if self._out is not None:
            self._out.close()
            self._out = None
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
