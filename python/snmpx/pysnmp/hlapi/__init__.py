"""pysnmp.hlapi: v3arch.asyncio (also as hlapi.asyncio) and v1arch.asyncio."""
