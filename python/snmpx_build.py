"""The snmpx package's build backend (PEP 517), which needs nothing but the
interpreter's own standard library, its headers (Python.h), a C compiler
and OpenSSL (libssl, libcrypto): no setuptools, no wheel package, no
network.
So ``python3 -m pip install ./python`` works offline with any CPython
>= 3.9 (Debian's, pyenv's, a venv's), even one without setuptools: pip's
isolated build environment has nothing to install (pyproject.toml:
``requires = []``).

It compiles the extension as setup.py does (the package's C sources and
libsnmpx's own, ../src/**/*.c of this checkout, in parallel) with the
compiler the interpreter was built with (sysconfig CC, CCSHARED,
LDSHARED; $CC overrides it), and packs the pure-Python files, the stubs
and the extension into a wheel for this interpreter, with the package's
metadata (below: the one place it is written; the version is
snmpx/__init__.py's).  Objects go to a temporary directory: nothing is
written into the source tree.

build_sdist packs what a build needs into snmpx-VERSION.tar.gz: this
directory (backend, setup.py, snmpx/**, src/ of the extension),
libsnmpx's sources and headers as libsnmpx/src/** and libsnmpx/include/**
(where the backend and setup.py look when there is no checkout around
them), the LICENSE and docs/python.md as README.md.  The unpacked sdist
builds alone, with this backend or with setup.py.

setup.py stays for python/build.sh (tests, bench), which builds in place
with setuptools.
"""

import base64
import concurrent.futures
import glob
import hashlib
import io
import os
import shlex
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import zipfile

NAME = "snmpx"
SUMMARY = ("SNMP v1/v2c/v3 manager, agent and notifications over libsnmpx: "
           "blocking, handle-based and asyncio")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CFLAGS = ["-std=c11", "-O2", "-fvisibility=hidden", "-Wall",
          "-Wno-unused-parameter", "-Wno-missing-field-initializers",
          "-D_POSIX_C_SOURCE=200809L", "-D_DEFAULT_SOURCE"]
LIBS = ["-lssl", "-lcrypto", "-lm"]
REQUIRES_PYTHON = ">=3.9"
LICENSE = "MIT"
CLASSIFIERS = [
    "Development Status :: 4 - Beta",
    "Framework :: AsyncIO",
    "Intended Audience :: Developers",
    "Intended Audience :: System Administrators",
    "License :: OSI Approved :: MIT License",
    "Operating System :: POSIX :: Linux",
    "Programming Language :: C",
    "Programming Language :: Python :: 3",
    "Programming Language :: Python :: 3 :: Only",
    "Programming Language :: Python :: 3.9",
    "Programming Language :: Python :: 3.10",
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",
    "Programming Language :: Python :: 3.13",
    "Programming Language :: Python :: Implementation :: CPython",
    "Topic :: System :: Networking :: Monitoring",
    "Typing :: Typed",
]
KEYWORDS = "snmp,snmpv3,net-snmp,pysnmp,asyncio,monitoring"


def _version():
    """snmpx.__version__, read from snmpx/__init__.py (not imported: the
    extension is not built yet)."""
    with open(os.path.join(HERE, NAME, "__init__.py")) as f:
        for line in f:
            if line.startswith("__version__ = "):
                return line.split("=", 1)[1].strip().strip("\"'")
    raise SystemExit("snmpx: no __version__ in snmpx/__init__.py")


VERSION = _version()
DIST_INFO = "%s-%s.dist-info" % (NAME, VERSION)
SDIST = "%s-%s" % (NAME, VERSION)


def lib_root():
    """Where libsnmpx's src/ and include/ are: the checkout around this
    directory, or libsnmpx/ of an unpacked sdist."""
    for root in (os.path.join(HERE, "libsnmpx"), ROOT):
        if os.path.isdir(os.path.join(root, "src")) and \
                os.path.isdir(os.path.join(root, "include", "snmpx")):
            return root
    raise SystemExit("snmpx: libsnmpx sources not found (../src and "
                     "../include of a checkout, or libsnmpx/ of the sdist)")


def mib_macros():
    """-D macros of src/mib/mib_load.c: SNMPX_MIB_BUILD_ID, the hash of
    src/mib/ that names the compiled MIB caches, computed as
    CMakeLists.txt computes it (so the snmpx command and this package built
    from one tree share their caches), and, in a checkout, SNMPX_SOURCE_MIBS
    (its mibs/, the modules shipped with snmpx, searched last)."""
    mib = os.path.join(lib_root(), "src", "mib")
    hashes = ""
    for f in sorted(glob.glob(os.path.join(mib, "*.c")) +
                    glob.glob(os.path.join(mib, "*.h"))):
        with open(f, "rb") as fh:
            hashes += hashlib.sha256(fh.read()).hexdigest()
    macros = [("SNMPX_MIB_BUILD_ID",
               '"%s"' % hashlib.sha256(hashes.encode()).hexdigest()[:16])]
    shipped = [os.path.join(ROOT, "mibs", d) for d in ("ietf", "netsnmp")]
    if all(os.path.isdir(d) and ":" not in d and '"' not in d
           for d in shipped):
        macros.append(("SNMPX_SOURCE_MIBS", '"%s"' % ":".join(shipped)))
    return macros


def _first(*paths):
    for path in paths:
        if os.path.exists(path):
            return path
    return None


def _readme():
    """docs/python.md of the checkout, or README.md of the sdist."""
    return _first(os.path.join(HERE, "README.md"),
                  os.path.join(ROOT, "docs", "python.md"))


def _license():
    return _first(os.path.join(HERE, "LICENSE"),
                  os.path.join(ROOT, "LICENSE"))


def _tag():
    """This interpreter's wheel tag: cp311-cp311-linux_x86_64."""
    impl = "cp%d%d" % sys.version_info[:2]
    abi = impl + getattr(sys, "abiflags", "")
    plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return "%s-%s-%s" % (impl, abi, plat)


def _metadata():
    """Core metadata 2.1 (PKG-INFO, METADATA), the readme as the
    description."""
    lines = ["Metadata-Version: 2.1", "Name: " + NAME,
             "Version: " + VERSION, "Summary: " + SUMMARY,
             "Keywords: " + KEYWORDS, "License: " + LICENSE,
             "Requires-Python: " + REQUIRES_PYTHON]
    lines += ["Classifier: " + c for c in CLASSIFIERS]
    lines.append("Description-Content-Type: text/markdown; charset=UTF-8")
    readme = _readme()
    body = ""
    if readme is not None:
        with open(readme, encoding="utf-8") as f:
            body = f.read()
    return "\n".join(lines) + "\n\n" + body


def _wheel_file():
    return ("Wheel-Version: 1.0\nGenerator: snmpx_build\n"
            "Root-Is-Purelib: false\nTag: %s\n" % _tag())


def _sources():
    lib = sorted(glob.glob(os.path.join(lib_root(), "src", "**", "*.c"),
                           recursive=True))
    return sorted(glob.glob(os.path.join(HERE, "src", "*.c"))) + lib


def _config(name, default=""):
    return shlex.split(sysconfig.get_config_var(name) or default)


def _compile_extension(tmp):
    """Build _snmpx in |tmp|; returns its path."""
    cc = shlex.split(os.environ["CC"]) if os.environ.get("CC") else \
        _config("CC", "cc")
    ldshared = cc + ["-shared"] if os.environ.get("CC") else \
        _config("LDSHARED", "cc -shared")
    includes = ["-I" + os.path.join(lib_root(), "include"),
                "-I" + os.path.join(lib_root(), "src"),
                "-I" + os.path.join(HERE, "src"),
                "-I" + sysconfig.get_paths()["include"]]
    flags = _config("CCSHARED", "-fPIC") + CFLAGS + includes + \
        ["-D%s=%s" % m for m in mib_macros()] + \
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


def _package_files():
    """(path in the wheel, file) of the package: snmpx/** (subpackages
    too) .py, .pyi and py.typed."""
    files = []
    pkg = os.path.join(HERE, NAME)
    for dirpath, dirnames, filenames in os.walk(pkg):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith((".py", ".pyi")) or name == "py.typed":
                path = os.path.join(dirpath, name)
                files.append((os.path.relpath(path, HERE).replace(os.sep,
                                                                  "/"),
                              path))
    return files


def mib_root():
    """The modules shipped with snmpx (mibs/ietf, mibs/netsnmp): the
    checkout's mibs/, or libsnmpx/mibs/ of the sdist; None when absent."""
    path = os.path.join(lib_root(), "mibs")
    return path if os.path.isdir(os.path.join(path, "ietf")) else None


def _mib_files(prefix):
    """(|prefix| + path under mibs/, file) of the shipped MIB modules and
    their README (licences); the wheel carries them as snmpx/mibs/, which
    libsnmpx searches last, beside the extension (mibs/README.md)."""
    root = mib_root()
    if root is None:
        return []
    files = [(prefix + "README.md", os.path.join(root, "README.md"))]
    for part in ("ietf", "netsnmp"):
        for path in sorted(glob.glob(os.path.join(root, part, "*"))):
            if os.path.isfile(path):
                files.append((prefix + part + "/" + os.path.basename(path),
                              path))
    return [(a, p) for a, p in files if os.path.isfile(p)]


def _dist_info_files():
    """(name, bytes) of the .dist-info directory but RECORD."""
    files = [("METADATA", _metadata().encode("utf-8")),
             ("WHEEL", _wheel_file().encode()),
             ("top_level.txt", (NAME + "\n").encode())]
    lic = _license()
    if lic is not None:
        with open(lic, "rb") as f:
            files.append(("LICENSE", f.read()))
    return files


# ---- PEP 517 hooks ----------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory,
                                     config_settings=None):
    path = os.path.join(metadata_directory, DIST_INFO)
    os.makedirs(path, exist_ok=True)
    for name, data in _dist_info_files():
        with open(os.path.join(path, name), "wb") as f:
            f.write(data)
    return DIST_INFO


def build_wheel(wheel_directory, config_settings=None,
                metadata_directory=None):
    name = "%s-%s-%s.whl" % (NAME, VERSION, _tag())
    files = _package_files() + _mib_files(NAME + "/mibs/")
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
            for meta, data in _dist_info_files():
                arcname = DIST_INFO + "/" + meta
                whl.writestr(arcname, data)
                records.append(_record_line(arcname, data))
            records.append(DIST_INFO + "/RECORD,,")
            whl.writestr(DIST_INFO + "/RECORD", "\n".join(records) + "\n")
    return name


def _sdist_files():
    """(path in the sdist, file): what a build from it needs."""
    files = [(name, os.path.join(HERE, name))
             for name in ("pyproject.toml", "snmpx_build.py", "setup.py")]
    files += _package_files()
    files += [("src/" + os.path.basename(p), p)
              for p in sorted(glob.glob(os.path.join(HERE, "src", "*.[ch]")))]
    root = lib_root()
    for part in ("src", "include"):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root,
                                                                 part)):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                if name.endswith((".c", ".h")):
                    path = os.path.join(dirpath, name)
                    rel = os.path.relpath(path, root).replace(os.sep, "/")
                    files.append(("libsnmpx/" + rel, path))
    files += _mib_files("libsnmpx/mibs/")
    for arcname, path in (("LICENSE", _license()), ("README.md", _readme())):
        if path is not None:
            files.append((arcname, path))
    return files


def build_sdist(sdist_directory, config_settings=None):
    """snmpx-VERSION.tar.gz (PEP 625): PKG-INFO and _sdist_files() under
    snmpx-VERSION/, owned by root, dated $SOURCE_DATE_EPOCH (else 0), so
    the same sources give the same archive."""
    name = SDIST + ".tar.gz"
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))

    def add(tar, arcname, data, mode=0o644):
        info = tarfile.TarInfo(SDIST + "/" + arcname)
        info.size, info.mtime, info.mode = len(data), mtime, mode
        info.uname = info.gname = "root"
        tar.addfile(info, io.BytesIO(data))

    with tarfile.open(os.path.join(sdist_directory, name), "w:gz",
                      format=tarfile.PAX_FORMAT) as tar:
        add(tar, "PKG-INFO", _metadata().encode("utf-8"))
        for arcname, path in _sdist_files():
            with open(path, "rb") as f:
                add(tar, arcname, f.read())
    return name
