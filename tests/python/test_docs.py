"""The examples of docs/python.md marked ``<!-- run:
tests/python/test_docs.py -->`` run as printed, against the private snmpd
(its address put in place of the page's 127.0.0.1:161 and localhost:161),
each in its own interpreter."""

import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MARK = "<!-- run: tests/python/test_docs.py -->"


def examples():
    with open(os.path.join(ROOT, "docs", "python.md")) as f:
        text = f.read()
    found = re.findall(re.escape(MARK) + r"\n```python\n(.*?)\n```", text,
                       re.S)
    assert len(found) == text.count(MARK), "a mark without a python block"
    return found


EXAMPLES = examples()


def test_the_page_has_examples():
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("index", range(len(EXAMPLES)))
def test_example_runs(snmpd, index):
    port = snmpd.address.rsplit(":", 1)[1]
    code = EXAMPLES[index].replace("127.0.0.1:161", snmpd.address) \
        .replace("localhost:161", "localhost:" + port)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True,
                       text=True, timeout=120, cwd=ROOT)
    assert r.returncode == 0, code + "\n" + r.stdout + r.stderr
    assert r.stdout.strip(), "the example printed nothing"
