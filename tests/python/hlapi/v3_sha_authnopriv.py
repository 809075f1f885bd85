"""SNMPv3 authNoPriv: HMAC-SHA-96."""

import asyncio
import sys

from pysnmp.hlapi.v3arch.asyncio import *


def show(result):
    errorIndication, errorStatus, errorIndex, varBinds = result
    if errorIndication:
        print(errorIndication)
    elif errorStatus:
        print("%s at %s" % (errorStatus.prettyPrint(),
                            errorIndex and varBinds[int(errorIndex) - 1][0]
                            or "?"))
    else:
        for varBind in varBinds:
            print(" = ".join([x.prettyPrint() for x in varBind]))


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1, retries=1)
    user = UsmUserData("u_sha", "authpass123", None,
                       authProtocol=usmHMACSHAAuthProtocol, privProtocol=None)
    show(await get_cmd(engine, user, target, ContextData(),
                       ObjectType(ObjectIdentity("1.3.6.1.2.1.1.1.0")),
                       ObjectType(ObjectIdentity("1.3.6.1.2.1.1.5.0")),
                       lookupMib=False))
    show(await next_cmd(engine, user, target, ContextData(),
                        ObjectType(ObjectIdentity("1.3.6.1.2.1.1.1.0")),
                        lookupMib=False))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
