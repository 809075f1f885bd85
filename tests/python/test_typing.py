"""Type hints a user's program is checked with: mypy --strict (and
--disallow-any-expr: no Any reaches the program) over typing/
user_program.py, which uses the public API (blocking, handles, poll,
asyncio, per-request settings, notifications, an agent, values), against
the package installed in a venv as pip installs it (py.typed, the
extension's .pyi); typing/user_errors.py's mistakes are each reported;
and mypy passes over the package itself."""

import os
import re
import shutil
import subprocess
import sys
import sysconfig

import pytest

import snmpx

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.dirname(os.path.abspath(snmpx.__file__))


def mypy(args, cwd):
    if subprocess.run(["/usr/bin/python3", "-c", "import mypy"],
                      capture_output=True).returncode != 0:
        pytest.fail("needs python3-mypy (scripts/install-deps.sh)")
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)
    env.pop("MYPYPATH", None)
    return subprocess.run(["/usr/bin/python3", "-m", "mypy",
                           "--no-incremental", "--cache-dir", os.devnull,
                           "--no-error-summary", "--show-error-codes"] +
                          args, cwd=str(cwd), env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """A venv holding the built package in its site-packages."""
    root = tmp_path_factory.mktemp("typing") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip",
                    str(root)], check=True)
    py = root / "bin" / "python"
    site = subprocess.run([str(py), "-c", "import sysconfig; "
                           "print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True,
                          check=True).stdout.strip()
    shutil.copytree(PKG, os.path.join(site, "snmpx"),
                    ignore=shutil.ignore_patterns("__pycache__"))
    return py


def test_user_program_checks_strict(venv, tmp_path):
    r = mypy(["--strict", "--disallow-any-expr", "--python-executable",
              str(venv), os.path.join(HERE, "typing", "user_program.py")],
             tmp_path)
    assert r.returncode == 0 and r.stdout == "", r.stdout + r.stderr


def test_user_mistakes_are_found(venv, tmp_path):
    path = os.path.join(HERE, "typing", "user_errors.py")
    with open(path) as f:
        marked = {i for i, line in enumerate(f, 1)
                  if line.rstrip().endswith("  # E")}
    r = mypy(["--strict", "--python-executable", str(venv), path], tmp_path)
    found = {int(m.group(1)) for m in
             re.finditer(r"^[^:\n]*user_errors\.py:(\d+): error:", r.stdout,
                         re.M)}
    assert r.returncode == 1, r.stderr
    assert found == marked, r.stdout


def test_package_itself(tmp_path):
    """mypy over the package's own code (the default checks; --strict is
    what user programs get)."""
    shutil.copytree(PKG, tmp_path / "snmpx",
                    ignore=shutil.ignore_patterns("__pycache__"))
    r = mypy(["-p", "snmpx"], tmp_path)
    assert r.returncode == 0 and r.stdout == "", r.stdout + r.stderr
    assert sysconfig.get_paths()["purelib"]
