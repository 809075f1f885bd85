"""pysnmp.smi: ObjectIdentity, ObjectType, NotificationType (rfc1902)."""
