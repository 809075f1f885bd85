"""snmpx.pysnmp's SnmpEngine(snmpEngineID=...) keeps snmpEngineBoots in
pysnmp's file, TMPDIR/__pysnmp/<engine ID>/boots, one more at each start
(RFC 3414 2.2.2).  A file that holds something else is not overwritten:
a RuntimeWarning names it, and the engine starts with boots 1."""

import os
import tempfile
import warnings

import pytest

from snmpx.pysnmp.hlapi import _engine
from snmpx.pysnmp.hlapi.v3arch.asyncio import SnmpEngine

ENGINE_ID = b"\x80\x00\x4f\xb8\x05\x01\x02\x03\x04"


@pytest.fixture
def boots_file(tmp_path, monkeypatch):
    """The boots file's path, under a private TMPDIR."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    folder = tmp_path / "__pysnmp" / ("0x" + ENGINE_ID.hex())
    return folder / "boots"


def _start(boots_file):
    """boots of a new engine, and the warnings its start gave."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        engine = SnmpEngine(snmpEngineID=ENGINE_ID)
    return engine._boots, seen


def test_boots_counts_up_in_pysnmps_file(boots_file):
    for want in (1, 2, 3):
        boots, seen = _start(boots_file)
        assert (boots, seen) == (want, [])
        assert boots_file.read_text() == str(want)


def test_boots_stops_at_its_maximum(boots_file):
    boots_file.parent.mkdir(parents=True)
    boots_file.write_text("2147483646\n")
    assert _start(boots_file) == (2147483647, [])
    assert _start(boots_file) == (2147483647, [])
    assert boots_file.read_text() == "2147483647"


@pytest.mark.parametrize("content", [
    b"garbage", b"", b"12abc", b"\xff\xfe", b"-5", b"2147483648", b"1.5",
])
def test_garbage_boots_file_warned_and_left(boots_file, content):
    boots_file.parent.mkdir(parents=True)
    boots_file.write_bytes(content)
    before = os.stat(boots_file)
    boots, seen = _start(boots_file)
    assert boots == 1
    assert [w.category for w in seen] == [RuntimeWarning]
    message = str(seen[0].message)
    assert str(boots_file) in message
    assert "left as it is" in message
    # pointed at the program's SnmpEngine(...) line
    assert seen[0].filename == __file__
    assert boots_file.read_bytes() == content
    after = os.stat(boots_file)
    assert (after.st_ino, after.st_mtime_ns) == \
        (before.st_ino, before.st_mtime_ns)
    assert os.listdir(boots_file.parent) == ["boots"]  # no temporary left


def test_unreadable_boots_file_warned_and_left(boots_file):
    boots_file.mkdir(parents=True)  # a directory where the file should be
    boots, seen = _start(boots_file)
    assert boots == 1
    assert [w.category for w in seen] == [RuntimeWarning]
    assert str(boots_file) in str(seen[0].message)
    assert boots_file.is_dir() and os.listdir(boots_file) == []


def test_engine_without_id_keeps_no_file(boots_file):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        engine = SnmpEngine()
    assert (engine._boots, seen) == (1, [])
    assert not boots_file.parent.parent.exists()


def test_next_boots_direct(boots_file):
    boots_file.parent.mkdir(parents=True)
    boots_file.write_text("41")
    engine_id = _engine.r.OctetString(ENGINE_ID)
    assert _engine._next_boots(engine_id) == 42
    assert boots_file.read_text() == "42"
