"""The snmpx package's build backend (PEP 517), which needs nothing but the
interpreter's own standard library, its headers (Python.h), a C compiler
and OpenSSL's libcrypto: no setuptools, no wheel package, no network.
So ``python3 -m pip install ./python`` works offline with any CPython
>= 3.9 (Debian's, pyenv's, a venv's), even one without setuptools: pip's
isolated build environment has nothing to install (pyproject.toml:
``requires = []``).

It compiles the extension as setup.py does (the package's C sources and
libsnmpx's own, ../src/**/*.c of this checkout, in parallel) with the
compiler the interpreter was built with (sysconfig CC, CCSHARED,
LDSHARED; $CC overrides it), and packs the pure-Python files, the stubs
and the extension into a wheel for this interpreter.  setup.py stays for
python/build.sh (tests, bench), which builds in place with setuptools.
"""

import base64
import concurrent.futures
import glob
import hashlib
import os
import shlex
import subprocess
import sys
import sysconfig
import tempfile
import zipfile

NAME = "snmpx"
VERSION = "0.1.0"
SUMMARY = ("SNMP v1/v2c/v3 manager over libsnmpx: blocking, handle-based "
           "and asyncio")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CFLAGS = ["-std=c11", "-O2", "-fvisibility=hidden", "-Wall",
          "-Wno-unused-parameter", "-Wno-missing-field-initializers",
          "-D_POSIX_C_SOURCE=200809L", "-D_DEFAULT_SOURCE"]
LIBS = ["-lcrypto", "-lm"]
DIST_INFO = "%s-%s.dist-info" % (NAME, VERSION)


def _tag():
    """This interpreter's wheel tag: cp311-cp311-linux_x86_64."""
    impl = "cp%d%d" % sys.version_info[:2]
    abi = impl + getattr(sys, "abiflags", "")
    plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return "%s-%s-%s" % (impl, abi, plat)


def _metadata():
    return ("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: %s\n"
            "Requires-Python: >=3.9\n" % (NAME, VERSION, SUMMARY))


def _wheel_file():
    return ("Wheel-Version: 1.0\nGenerator: snmpx_build\n"
            "Root-Is-Purelib: false\nTag: %s\n" % _tag())


def _sources():
    lib = sorted(glob.glob(os.path.join(ROOT, "src", "**", "*.c"),
                           recursive=True))
    if not lib:
        raise SystemExit("snmpx: libsnmpx sources not found under %s/src; "
                         "build from a checkout of the snmpx repository"
                         % ROOT)
    return sorted(glob.glob(os.path.join(HERE, "src", "*.c"))) + lib


def _config(name, default=""):
    return shlex.split(sysconfig.get_config_var(name) or default)


def _compile_extension(tmp):
    """Build _snmpx in |tmp|; returns its path."""
    cc = shlex.split(os.environ["CC"]) if os.environ.get("CC") else \
        _config("CC", "cc")
    ldshared = cc + ["-shared"] if os.environ.get("CC") else \
        _config("LDSHARED", "cc -shared")
    includes = ["-I" + os.path.join(ROOT, "include"),
                "-I" + os.path.join(ROOT, "src"),
                "-I" + os.path.join(HERE, "src"),
                "-I" + sysconfig.get_paths()["include"]]
    flags = _config("CCSHARED", "-fPIC") + CFLAGS + includes + \
        shlex.split(os.environ.get("CFLAGS", ""))
    if not os.path.exists(os.path.join(sysconfig.get_paths()["include"],
                                       "Python.h")):
        raise SystemExit("snmpx: Python.h not found in %s (python3-dev)"
                         % sysconfig.get_paths()["include"])

    def build(i_src):
        i, src = i_src
        obj = os.path.join(tmp, "%03d_%s.o" % (i, os.path.basename(src)[:-2]))
        r = subprocess.run(cc + flags + ["-c", src, "-o", obj],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True)
        if r.returncode != 0:
            raise SystemExit("snmpx: compiling %s failed:\n%s"
                             % (src, r.stdout))
        return obj

    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        objs = list(ex.map(build, enumerate(_sources())))
    out = os.path.join(tmp, "_snmpx" + sysconfig.get_config_var("EXT_SUFFIX"))
    r = subprocess.run(ldshared + objs + ["-o", out] + LIBS
                       + shlex.split(os.environ.get("LDFLAGS", "")),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    if r.returncode != 0:
        raise SystemExit("snmpx: linking %s failed:\n%s" % (out, r.stdout))
    return out


def _record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest())
    return "%s,sha256=%s,%d" % (arcname, digest.rstrip(b"=").decode(),
                                len(data))


# ---- PEP 517 hooks ----------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory,
                                     config_settings=None):
    path = os.path.join(metadata_directory, DIST_INFO)
    os.makedirs(path, exist_ok=True)
    for name, text in (("METADATA", _metadata()), ("WHEEL", _wheel_file()),
                       ("top_level.txt", NAME + "\n")):
        with open(os.path.join(path, name), "w") as f:
            f.write(text)
    return DIST_INFO


def build_wheel(wheel_directory, config_settings=None,
                metadata_directory=None):
    name = "%s-%s-%s.whl" % (NAME, VERSION, _tag())
    files = []
    pkg = os.path.join(HERE, NAME)
    # The package and its subpackages (snmpx.pysnmp.*).
    for pattern in ("*.py", "*.pyi", "py.typed"):
        for path in sorted(glob.glob(os.path.join(pkg, "**", pattern),
                                     recursive=True)):
            rel = os.path.relpath(path, pkg).replace(os.sep, "/")
            files.append((NAME + "/" + rel, path))
    with tempfile.TemporaryDirectory(prefix="snmpx-build-") as tmp:
        ext = _compile_extension(tmp)
        files.append((NAME + "/" + os.path.basename(ext), ext))
        records = []
        with zipfile.ZipFile(os.path.join(wheel_directory, name), "w",
                             zipfile.ZIP_DEFLATED) as whl:
            for arcname, path in files:
                with open(path, "rb") as f:
                    data = f.read()
                whl.writestr(arcname, data)
                records.append(_record_line(arcname, data))
            for meta, text in (("METADATA", _metadata()),
                               ("WHEEL", _wheel_file()),
                               ("top_level.txt", NAME + "\n")):
                arcname = DIST_INFO + "/" + meta
                whl.writestr(arcname, text)
                records.append(_record_line(arcname, text.encode()))
            records.append(DIST_INFO + "/RECORD,,")
            whl.writestr(DIST_INFO + "/RECORD", "\n".join(records) + "\n")
    return name
