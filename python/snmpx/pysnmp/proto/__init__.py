"""pysnmp.proto: the value types (rfc1902, rfc1905) and errind."""
