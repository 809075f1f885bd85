"""pysnmp.hlapi.v3arch: the asyncio hlapi over an SNMPv3-capable engine."""
