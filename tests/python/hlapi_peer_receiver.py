"""A pysnmp 7.1 notification receiver for tests/python/test_hlapi.py, run
with the pysnmp 7.1 test peer on PYTHONPATH (never imported by the tests).

    hlapi_peer_receiver.py PORT

Listens on udp 127.0.0.1:PORT for traps and informs: community public
(v1, v2c) and SNMPv3 user u_sha256_aes (SHA-256/AES, AUTHPASS/PRIVPASS),
for informs and for traps of the sender engine 8000000001020304.  Prints
each notification's varbinds, one "OID = value" line each, then "--", and
flushes; "ready" once it listens; exits 3 when the port is taken.
"""

import sys

from pysnmp.entity import config
from pysnmp.entity.rfc3413 import ntfrcv
from pysnmp.proto.rfc1902 import OctetString

from hlapi_peer_common import listening_engine, run

SENDER_ENGINE_ID = "8000000001020304"


def main(port):
    snmp = listening_engine(port)
    config.add_v1_system(snmp, "area", "public")
    for engine_id in (None, OctetString(hexValue=SENDER_ENGINE_ID)):
        kw = {} if engine_id is None else {"securityEngineId": engine_id}
        config.add_v3_user(snmp, "u_sha256_aes",
                           config.USM_AUTH_HMAC192_SHA256, "authpass123",
                           config.USM_PRIV_CFB128_AES, "privpass123", **kw)

    def received(snmpEngine, stateReference, contextEngineId, contextName,
                 varBinds, cbCtx):
        for name, value in varBinds:
            print("%s = %s" % (name.prettyPrint(), value.prettyPrint()))
        print("--", flush=True)

    ntfrcv.NotificationReceiver(snmp, received)
    run(snmp)


if __name__ == "__main__":
    main(int(sys.argv[1]))
