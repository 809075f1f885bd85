"""A pysnmp 7.1 agent for tests/python/test_hlapi.py, run with the
pysnmp 7.1 test peer on PYTHONPATH (never imported by the tests).

    hlapi_peer_agent.py PORT

Serves pysnmp's own SNMPv2-MIB, SNMP-FRAMEWORK-MIB... instrumentation on
udp 127.0.0.1:PORT and [::1]:PORT: communities public (read) and private (read-write),
SNMPv3 users named as tests/python/agent.py names them (u_md5_des,
u_sha_aes, u_sha256_aes, u_sha512_aes256, u_sha, u_noauth, rw_sha256_aes)
with AUTHPASS/PRIVPASS.  Prints "ready" once it listens; exits 3 when
the port is taken (the caller picks another).
"""

import sys

from pysnmp.entity import config
from pysnmp.entity.rfc3413 import cmdrsp, context

from hlapi_peer_common import listening_engine, run

AUTHPASS = "authpass123"
PRIVPASS = "privpass123"

AUTH = {"md5": config.USM_AUTH_HMAC96_MD5, "sha": config.USM_AUTH_HMAC96_SHA,
        "sha224": config.USM_AUTH_HMAC128_SHA224,
        "sha256": config.USM_AUTH_HMAC192_SHA256,
        "sha384": config.USM_AUTH_HMAC256_SHA384,
        "sha512": config.USM_AUTH_HMAC384_SHA512}
PRIV = {"des": config.USM_PRIV_CBC56_DES, "3des": config.USM_PRIV_CBC168_3DES,
        "aes": config.USM_PRIV_CFB128_AES,
        "aes192": config.USM_PRIV_CFB192_AES_BLUMENTHAL,
        "aes256": config.USM_PRIV_CFB256_AES_BLUMENTHAL,
        "aes192c": config.USM_PRIV_CFB192_AES,
        "aes256c": config.USM_PRIV_CFB256_AES}
USERS = [("u_md5_des", "md5", "des"), ("u_sha_aes", "sha", "aes"),
         ("u_sha224_3des", "sha224", "3des"),
         ("u_sha256_aes", "sha256", "aes"),
         ("u_sha384_aes192", "sha384", "aes192"),
         ("u_sha512_aes256", "sha512", "aes256"),
         ("u_sha256_aes256c", "sha256", "aes256c"),
         ("u_sha", "sha", None), ("u_md5", "md5", None),
         ("u_noauth", None, None), ("rw_sha256_aes", "sha256", "aes")]


def main(port):
    snmp = listening_engine(port, v6=True)
    config.add_v1_system(snmp, "ro-area", "public")
    config.add_v1_system(snmp, "rw-area", "private")
    for model in (1, 2):
        config.add_vacm_user(snmp, model, "ro-area", "noAuthNoPriv",
                             (1, 3, 6), ())
        config.add_vacm_user(snmp, model, "rw-area", "noAuthNoPriv",
                             (1, 3, 6), (1, 3, 6))
    for name, auth, priv in USERS:
        if auth is None:
            config.add_v3_user(snmp, name)
            level = "noAuthNoPriv"
        elif priv is None:
            config.add_v3_user(snmp, name, AUTH[auth], AUTHPASS)
            level = "authNoPriv"
        else:
            config.add_v3_user(snmp, name, AUTH[auth], AUTHPASS, PRIV[priv],
                               PRIVPASS)
            level = "authPriv"
        write = (1, 3, 6) if name.startswith("rw_") else ()
        config.add_vacm_user(snmp, 3, name, level, (1, 3, 6), write)
    ctx = context.SnmpContext(snmp)
    cmdrsp.GetCommandResponder(snmp, ctx)
    cmdrsp.SetCommandResponder(snmp, ctx)
    cmdrsp.NextCommandResponder(snmp, ctx)
    cmdrsp.BulkCommandResponder(snmp, ctx)
    run(snmp)


if __name__ == "__main__":
    main(int(sys.argv[1]))
