"""What the pysnmp 7.1 test peers (hlapi_peer_agent.py,
hlapi_peer_receiver.py) share: an engine listening on a port, run until
killed.  Imported only by them, with pysnmp 7.1 on PYTHONPATH."""

import sys

from pysnmp.carrier.asyncio.dgram import udp, udp6
from pysnmp.entity import config, engine


def listening_engine(port, v6=False):
    """A pysnmp SnmpEngine on udp 127.0.0.1:PORT (and [::1]:PORT with
    |v6|); exits 3 when the port is taken (the caller picks another)."""
    snmp = engine.SnmpEngine()
    try:
        config.add_transport(snmp, udp.DOMAIN_NAME,
                             udp.UdpTransport().open_server_mode(
                                 ("127.0.0.1", port)))
        if v6:
            config.add_transport(snmp, udp6.DOMAIN_NAME,
                                 udp6.Udp6Transport().open_server_mode(
                                     ("::1", port)))
    except Exception as exc:  # the port was taken after the probe
        print("port taken: %s" % exc, flush=True)
        sys.exit(3)
    return snmp


def run(snmp):
    """Say "ready" and serve until killed."""
    snmp.transport_dispatcher.job_started(1)
    print("ready", flush=True)
    snmp.open_dispatcher()
