"""A misbehaving agent for tests/python/test_hlapi.py (run with the snmpx
package on PYTHONPATH): on udp 127.0.0.1:PORT it answers any v1/v2c
request, whatever the community, with the names it was asked and the
value Integer(1) (so a GETNEXT's answer never increases, RFC 3416 4.2.2
broken on purpose).  Used to show what walks do with a non-increasing
agent.

    hlapi_bad_agent.py PORT
"""

import sys

import snmpx
from snmpx.notification import PduType


def main(port):
    engine = snmpx.Engine()
    try:
        engine._listen("127.0.0.1:%d" % port, 161)
    except OSError as exc:  # the port was taken after the probe
        print("port taken: %s" % exc, flush=True)
        sys.exit(3)

    def answer(raw):
        varbinds = raw[12]
        return (PduType.Response, 0, 0,
                [(vb.name, snmpx.Integer(1)) for vb in varbinds])

    engine._set_responder(answer)
    engine.serve()


if __name__ == "__main__":
    main(int(sys.argv[1]))
