"""pysnmp.entity: the engine (entity.engine.SnmpEngine)."""
