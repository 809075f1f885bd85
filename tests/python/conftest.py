"""Fixtures: one private snmpd for the whole session (see agent.py) and a
dead address where nothing answers.  The snmpx package is imported from
PYTHONPATH (tests/python/run.sh builds it), or from python/ of this
checkout when built in place."""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
try:
    import snmpx  # noqa: F401
except ImportError:
    sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))

import agent  # noqa: E402


@pytest.fixture(scope="session")
def snmpd():
    a = agent.Snmpd().start()
    yield a
    a.stop()


@pytest.fixture
def dead_address():
    """127.0.0.1 at a free port: requests there time out."""
    return "127.0.0.1:%d" % agent.free_port()


@pytest.fixture
def engine():
    import snmpx
    with snmpx.Engine(timeout=1.0, retries=2) as e:
        yield e


@pytest.fixture
def v2(engine, snmpd):
    return engine.Manager(snmpd.address, version=2, community=b"public")


@pytest.fixture
def v3(engine, snmpd):
    import snmpx
    engine.addUser("u_sha256_aes", authProtocol=snmpx.HmacSha256,
                   authSecret=agent.AUTHPASS, privProtocol=snmpx.Aes128Cfb,
                   privSecret=agent.PRIVPASS)
    return engine.Manager(snmpd.address)
