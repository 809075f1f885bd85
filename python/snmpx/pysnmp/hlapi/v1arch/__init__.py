"""pysnmp.hlapi.v1arch: the asyncio hlapi for SNMPv1/v2c only."""
