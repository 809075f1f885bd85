"""MIB names: ObjectIdentity(module, label, index), responses named as
pysnmp names them by default (lookupMib) within the modules its engine
has, and the error for a name no module defines."""

import asyncio
import sys

from pysnmp.error import PySnmpError
from pysnmp.hlapi.v3arch.asyncio import *
from pysnmp.smi.error import NoSuchObjectError

from _show import show


async def main(port):
    engine = SnmpEngine()
    target = await UdpTransportTarget.create(("127.0.0.1", port), timeout=1,
                                            retries=1)
    auth = CommunityData("public")
    show(await get_cmd(engine, auth, target, ContextData(),
                       ObjectType(ObjectIdentity("SNMPv2-MIB", "sysDescr", 0)),
                       ObjectType(ObjectIdentity("SNMPv2-MIB", "sysName", 0)),
                       ObjectType(ObjectIdentity("1.3.6.1.2.1.1.7.0"))))
    show(await next_cmd(engine, auth, target, ContextData(),
                        ObjectType(ObjectIdentity("SNMPv2-MIB", "sysContact")),
                        ObjectType(ObjectIdentity("1.3.6.1.6.3.15.1.2.2.1.3")),
                        ObjectType(ObjectIdentity("1.3.6.1.6.3.10.2.1.1"))))
    errorIndication, errorStatus, errorIndex, varBinds = await get_cmd(
        engine, auth, target, ContextData(),
        ObjectType(ObjectIdentity("SNMPv2-MIB", "sysLocation", 0)))
    name = varBinds[0][0]
    print(name.prettyPrint(), name.get_oid(), name.get_mib_symbol()[:2])
    try:
        await get_cmd(engine, auth, target, ContextData(),
                      ObjectType(ObjectIdentity("SNMPv2-MIB", "noSuchThing", 0)))
    except PySnmpError as exc:
        print(type(exc).__name__, isinstance(exc, NoSuchObjectError))
    engine.close_dispatcher()


asyncio.run(main(int(sys.argv[1])))
