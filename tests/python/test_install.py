"""`pip install ./python` builds offline with Debian's setuptools, from a
copy of the checkout's python/, src/ and include/ (so the build leaves
nothing in the source tree), into a venv that sees the system packages."""

import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def test_pip_install_offline(tmp_path):
    if not os.path.exists("/usr/lib/python3/dist-packages/setuptools") or \
            subprocess.run(["/usr/bin/python3", "-c", "import ensurepip"],
                           capture_output=True).returncode != 0:
        pytest.fail("needs python3-setuptools and python3-venv "
                    "(scripts/install-deps.sh)")
    tree = tmp_path / "checkout"
    for part in ("python", "src", "include"):
        shutil.copytree(os.path.join(ROOT, part), tree / part,
                        ignore=shutil.ignore_patterns("build", "*.so",
                                                      "*.egg-info"))
    venv = tmp_path / "venv"
    subprocess.run(["/usr/bin/python3", "-m", "venv",
                    "--system-site-packages", str(venv)], check=True)
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("PYTHONPATH", None)
    r = subprocess.run([str(venv / "bin" / "pip"), "install", "--no-index",
                        str(tree / "python")], env=env, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    r = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import snmpx, os; print(snmpx.__file__); "
         "print(snmpx.OID.parse('1.3.6').extend(1)); "
         "print(os.path.exists(os.path.join(os.path.dirname(snmpx.__file__),"
         " '_snmpx.pyi')))"],
        env=env, capture_output=True, text=True, cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    path, oid, stubs = r.stdout.split()
    assert path.startswith(str(venv)) and oid == "1.3.6.1" and stubs == "True"
