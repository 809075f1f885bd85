"""Certificates for the TLS tests, made with the openssl command in a
directory laid out as Net-SNMP's configuration directory: tls/ca-certs/
ca.crt, tls/certs/{server,client}.crt and tls/private/{server,client}.key
(EC P-256, SHA-256, valid 30 days).  The server's certificate carries
subjectAltName IP:127.0.0.1 and DNS:localhost; the client's CN is
"client"."""

import os
import shutil
import subprocess
import tempfile


def _openssl(*args, cwd):
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("the openssl command is not installed")
    subprocess.run([openssl, *args], cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _leaf(work, name, cn, ext):
    key = os.path.join("tls", "private", name + ".key")
    csr = name + ".csr"
    with open(os.path.join(work, name + ".ext"), "w") as f:
        f.write(ext)
    _openssl("req", "-new", "-newkey", "ec", "-pkeyopt",
             "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out",
             csr, "-subj", "/CN=" + cn, cwd=work)
    _openssl("x509", "-req", "-in", csr, "-CA", "tls/ca-certs/ca.crt",
             "-CAkey", "ca.key", "-CAcreateserial", "-days", "30",
             "-sha256", "-extfile", name + ".ext", "-out",
             os.path.join("tls", "certs", name + ".crt"), cwd=work)
    os.chmod(os.path.join(work, key), 0o600)


def make(names=("server", "client")):
    """A new directory with a CA and the certificates |names| (see the
    module doc); remove it with shutil.rmtree."""
    work = tempfile.mkdtemp(prefix="snmpx-py-tls.")
    for sub in ("certs", "ca-certs", "private"):
        os.makedirs(os.path.join(work, "tls", sub))
    _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt",
             "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
             "-out", "tls/ca-certs/ca.crt", "-days", "30", "-sha256",
             "-subj", "/CN=snmpx python test CA", "-addext",
             "basicConstraints=critical,CA:TRUE", "-addext",
             "keyUsage=critical,keyCertSign,cRLSign", cwd=work)
    for name in names:
        if name == "server":
            ext = ("basicConstraints=CA:FALSE\n"
                   "subjectAltName=IP:127.0.0.1,DNS:localhost\n")
            cn = "localhost"
        else:
            ext = "basicConstraints=CA:FALSE\n"
            cn = name
        _leaf(work, name, cn, ext)
    return work


def fingerprint(work, name):
    """The SHA-256 fingerprint of certificate |name|, as Net-SNMP writes
    it (hex pairs joined by ':')."""
    out = subprocess.run(
        [shutil.which("openssl") or "openssl", "x509", "-noout",
         "-fingerprint", "-sha256", "-in",
         os.path.join(work, "tls", "certs", name + ".crt")],
        check=True, capture_output=True, text=True).stdout
    return out.strip().split("=", 1)[1]
