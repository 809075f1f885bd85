"""The package as pip sees it (PEP 517, offline, python/snmpx_build.py):
an sdist that carries every C source it needs and builds alone once
unpacked, a wheel with complete metadata and a RECORD that matches it,
and builds that write nothing into the source tree (a git checkout's
``git status --porcelain --ignored`` stays empty)."""

import base64
import csv
import email.parser
import glob
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile

import pytest

import snmpx

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PY = "/usr/bin/python3"
SDIST_TOP = "snmpx-%s" % snmpx.__version__


def run(args, **kwargs):
    env = dict(os.environ, PIP_NO_INDEX="1",
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)   # as a user runs it
    r = subprocess.run(args, env=env, capture_output=True, text=True,
                       timeout=600, **kwargs)
    assert r.returncode == 0, " ".join(map(str, args)) + "\n" + \
        r.stdout[-3000:] + r.stderr[-3000:]
    return r.stdout


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """A git checkout of the parts the package is built from."""
    tree = tmp_path_factory.mktemp("pkg") / "checkout"
    def ignore(path, names):
        # what a build in the checkout made, but python/__pycache__, a
        # file there (see it)
        return [n for n in names if n in ("build", "__pycache__") and
                os.path.isdir(os.path.join(path, n)) or
                n.endswith((".so", ".egg-info"))]

    for part in ("python", "src", "include", "docs", "mibs"):
        shutil.copytree(os.path.join(ROOT, part), tree / part,
                        ignore=ignore)
    shutil.copy(os.path.join(ROOT, "LICENSE"), tree / "LICENSE")
    git = ["git", "-C", str(tree), "-c", "user.name=t",
           "-c", "user.email=t@localhost"]
    run(git[:3] + ["init", "-q"])
    run(git + ["add", "-A"])
    run(git + ["commit", "-q", "-m", "snapshot"])
    return tree


def git_status(tree):
    return run(["git", "-C", str(tree), "status", "--porcelain",
                "--ignored"])


def source_files(*parts):
    out = set()
    for part in parts:
        for path in glob.glob(os.path.join(ROOT, part, "**", "*.[ch]"),
                              recursive=True):
            out.add(os.path.relpath(path, os.path.join(ROOT, part)))
    return out


@pytest.fixture(scope="module")
def sdist(checkout, tmp_path_factory):
    out = tmp_path_factory.mktemp("sdist")
    # as a PEP 517 frontend runs the hook: importing the backend leaves
    # no python/__pycache__/snmpx_build.*.pyc (python/__pycache__ is a
    # file)
    name = run([PY, "-c", "import snmpx_build, sys; "
                "print(snmpx_build.build_sdist(sys.argv[1]))", str(out)],
               cwd=str(checkout / "python")).strip()
    assert name == SDIST_TOP + ".tar.gz"
    assert git_status(checkout) == ""
    return out / name


@pytest.fixture(scope="module")
def wheel(checkout, tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    run([PY, "-m", "pip", "wheel", "--no-index", "--no-deps", "-w",
         str(out), str(checkout / "python")])
    assert git_status(checkout) == ""          # nothing left in the tree
    (whl,) = out.glob("snmpx-*.whl")
    return whl


def test_sdist_carries_the_c_sources(sdist):
    with tarfile.open(sdist) as tar:
        names = {n[len(SDIST_TOP) + 1:] for n in tar.getnames()}
        assert all(n.startswith(SDIST_TOP + "/") for n in tar.getnames())
        pkg_info = tar.extractfile(SDIST_TOP + "/PKG-INFO").read().decode()
    for must in ("PKG-INFO", "pyproject.toml", "snmpx_build.py", "setup.py",
                 "LICENSE", "README.md", "snmpx/__init__.py",
                 "snmpx/_snmpx.pyi", "snmpx/py.typed"):
        assert must in names
    assert {"libsnmpx/src/" + f for f in source_files("src")} <= names
    assert {"libsnmpx/include/" + f for f in source_files("include")} <= \
        names
    assert {"src/" + f for f in source_files("python/src")} <= names
    assert {"libsnmpx/mibs/ietf/IF-MIB.txt", "libsnmpx/mibs/README.md",
            "libsnmpx/mibs/netsnmp/NET-SNMP-MIB.txt"} <= names
    assert "Name: snmpx" in pkg_info


def test_sdist_builds_alone(sdist, tmp_path):
    with tarfile.open(sdist) as tar:
        tar.extractall(tmp_path)
    tree = tmp_path / SDIST_TOP
    # setup.py (Debian's setuptools) finds libsnmpx/ there too
    assert run([PY, "-B", "setup.py", "--name", "--version"],
               cwd=str(tree)).split() == ["snmpx", snmpx.__version__]
    out = tmp_path / "wheels"
    run([PY, "-m", "pip", "wheel", "--no-index", "--no-deps", "-w",
         str(out), str(tree)])
    (whl,) = out.glob("snmpx-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(whl) as z:
        z.extractall(site)
    got = run([PY, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
               "import snmpx; print(snmpx.__file__); "
               "print(snmpx.OID.parse('1.3.6').extend(1))", str(site)],
              cwd=str(tmp_path)).split()
    assert got == [str(site / "snmpx" / "__init__.py"), "1.3.6.1"]
    # names work from the wheel's own modules (snmpx/mibs/), with no
    # checkout and an empty search path: the standard modules ship
    empty = tmp_path / "no-mibs"
    empty.mkdir()
    got = run([PY, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
               "import snmpx.mib as m; db = m.MibDatabase(mibdirs=sys.argv[2],"
               " mibs='IF-MIB', cache_dir='', read_conf=False); "
               "print(db.resolve('IF-MIB::ifDescr.3')); "
               "print(db.format_oid(db.resolve('ifHCInOctets.7')))",
               str(site), str(empty)], cwd=str(tmp_path)).split()
    assert got == ["1.3.6.1.2.1.2.2.1.2.3", "IF-MIB::ifHCInOctets.7"]


def test_wheel_metadata_and_record(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        dist = "snmpx-%s.dist-info/" % snmpx.__version__
        meta = email.parser.Parser().parsestr(
            z.read(dist + "METADATA").decode("utf-8"))
        record = list(csv.reader(io.StringIO(
            z.read(dist + "RECORD").decode())))
        files = {n: z.read(n) for n in names}
    assert meta["Metadata-Version"] == "2.1"
    assert meta["Name"] == "snmpx"
    assert meta["Version"] == snmpx.__version__
    assert "SNMP" in meta["Summary"]
    assert meta["License"] == "MIT"
    assert meta["Requires-Python"] == ">=3.9"
    classifiers = meta.get_all("Classifier")
    for c in ("License :: OSI Approved :: MIT License", "Typing :: Typed",
              "Programming Language :: Python :: 3.9"):
        assert c in classifiers
    assert meta["Description-Content-Type"].startswith("text/markdown")
    assert meta.get_payload().startswith("# snmpx for Python")
    assert dist + "LICENSE" in names
    for must in ("snmpx/py.typed", "snmpx/_snmpx.pyi", "snmpx/aio.py",
                 "snmpx/mibs/README.md", "snmpx/mibs/ietf/IF-MIB.txt",
                 "snmpx/mibs/netsnmp/UCD-SNMP-MIB.txt"):
        assert must in names
    assert any(n.startswith("snmpx/_snmpx.") and n.endswith(".so")
               for n in names)
    # RECORD lists every file once, with its hash and size (PEP 376)
    listed = {row[0]: row for row in record}
    assert set(listed) == names and len(record) == len(names)
    for name, data in files.items():
        if name == dist + "RECORD":
            continue
        algo, digest = listed[name][1].split("=", 1)
        assert algo == "sha256"
        assert digest == base64.urlsafe_b64encode(
            hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert int(listed[name][2]) == len(data)
    assert sys.version_info >= (3, 9)
