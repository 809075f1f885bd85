"""`pip install ./python` builds offline, from a copy of the checkout's
python/, src/ and include/ (so the build leaves nothing in the source
tree), into a venv: of Debian's /usr/bin/python3 (seeing the system
packages), and of a python3 that has no setuptools at all when one is
installed (pyenv's 3.12 and later): the package's own build backend
(python/snmpx_build.py) needs only the standard library."""

import glob
import os
import shutil
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def python_without_setuptools():
    """A CPython >= 3.9 with its headers and venv but no setuptools, or
    None."""
    for py in sorted(glob.glob("/root/.pyenv/versions/3.*/bin/python3") +
                     glob.glob("/usr/local/bin/python3.*[0-9]")):
        probe = ("import sys, sysconfig, os, ensurepip\n"
                 "assert sys.version_info >= (3, 9)\n"
                 "assert os.path.exists(os.path.join("
                 "sysconfig.get_paths()['include'], 'Python.h'))\n"
                 "try:\n import setuptools\nexcept ImportError:\n"
                 " sys.exit(0)\nsys.exit(1)\n")
        if subprocess.run([py, "-c", probe], capture_output=True,
                          env=dict(os.environ, PYTHONNOUSERSITE="1"))\
                .returncode == 0:
            return py
    return None


def pip_install_offline(tmp_path, python, system_site):
    tree = tmp_path / "checkout"
    for part in ("python", "src", "include"):
        shutil.copytree(os.path.join(ROOT, part), tree / part,
                        ignore=shutil.ignore_patterns("build", "*.so",
                                                      "*.egg-info",
                                                      "__pycache__"))
    venv = tmp_path / "venv"
    subprocess.run([python, "-m", "venv", str(venv)] +
                   (["--system-site-packages"] if system_site else []),
                   check=True)
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("PYTHONPATH", None)
    r = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install",
                        "--no-index", str(tree / "python")], env=env,
                       capture_output=True, text=True, timeout=500)
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
    # nothing written into the checkout's copy but pip's own build dirs
    assert not list((tree / "python").glob("*.egg-info"))


def test_pip_install_offline(tmp_path):
    if subprocess.run(["/usr/bin/python3", "-c", "import ensurepip"],
                      capture_output=True).returncode != 0:
        pytest.fail("needs python3-venv (scripts/install-deps.sh)")
    pip_install_offline(tmp_path, "/usr/bin/python3", system_site=True)


def test_pip_install_offline_without_setuptools(tmp_path):
    """Issue 13: docs/python.md's `pip install ./python` once worked
    offline only with Debian's python3 (pip fetched setuptools)."""
    python = python_without_setuptools()
    if python is None:
        pytest.skip("no python3 >= 3.9 without setuptools on this machine")
    pip_install_offline(tmp_path, python, system_site=False)
