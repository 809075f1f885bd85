"""pysnmp 7.1's hlapi on the snmpx engine.

A pysnmp program moves to snmpx by changing ``pysnmp.`` to
``snmpx.pysnmp.`` in its imports: ``snmpx.pysnmp.hlapi.v3arch.asyncio``
(get_cmd, next_cmd, bulk_cmd, walk_cmd, bulk_walk_cmd, set_cmd,
send_notification, SnmpEngine, CommunityData, UsmUserData,
UdpTransportTarget...), ``snmpx.pysnmp.proto.rfc1902`` / ``rfc1905`` (the
value types, with pysnmp's prettyPrint), ``snmpx.pysnmp.proto.errind``
and ``snmpx.pysnmp.smi.rfc1902`` (ObjectIdentity, ObjectType,
NotificationType).  No pyasn1: the values are snmpx's own classes that
behave as pysnmp's do where programs look (prettyPrint, int, str,
comparisons, asOctets, asNumbers, clone, isValue).
"""

__version__ = "7.1.26"
