"""The test harness itself on a busy machine: a probed free port can be
taken by another program before snmpd binds it; the private snmpd must
then start on another port (agent.Snmpd.start), and probed ports come from
below the kernel's ephemeral range."""

import socket

import agent


def test_free_port_below_ephemeral_range():
    with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
        low = int(f.read().split()[0])
    for _ in range(20):
        assert agent.free_port() < low


def test_snmpd_restarts_when_its_port_is_taken(monkeypatch):
    taken = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    taken.bind(("127.0.0.1", 0))
    first = [taken.getsockname()[1]]
    probe = agent.free_port

    def racy_free_port():
        # The first probe's port is taken by the time snmpd binds it.
        return first.pop() if first else probe()

    monkeypatch.setattr(agent, "free_port", racy_free_port)
    a = agent.Snmpd().start()
    try:
        assert a.port != taken.getsockname()[1]
        assert not first
    finally:
        a.stop()
        taken.close()
