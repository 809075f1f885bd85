/* Value type names. */
#include "internal.h"

const char *snmpx_type_name(snmpx_type t)
{
  switch (t) {
  case SNMPX_TYPE_INTEGER:
    return "INTEGER";
  case SNMPX_TYPE_OCTET_STRING:
    return "OCTET STRING";
  case SNMPX_TYPE_NULL:
    return "NULL";
  case SNMPX_TYPE_OID:
    return "OBJECT IDENTIFIER";
  case SNMPX_TYPE_IPADDRESS:
    return "IpAddress";
  case SNMPX_TYPE_COUNTER32:
    return "Counter32";
  case SNMPX_TYPE_GAUGE32:
    return "Gauge32";
  case SNMPX_TYPE_TIMETICKS:
    return "TimeTicks";
  case SNMPX_TYPE_OPAQUE:
    return "Opaque";
  case SNMPX_TYPE_COUNTER64:
    return "Counter64";
  case SNMPX_TYPE_NOSUCHOBJECT:
    return "noSuchObject";
  case SNMPX_TYPE_NOSUCHINSTANCE:
    return "noSuchInstance";
  case SNMPX_TYPE_ENDOFMIBVIEW:
    return "endOfMibView";
  case SNMPX_TYPE_OPAQUE_COUNTER64:
    return "Opaque Counter64";
  case SNMPX_TYPE_OPAQUE_FLOAT:
    return "Opaque Float";
  case SNMPX_TYPE_OPAQUE_DOUBLE:
    return "Opaque Double";
  case SNMPX_TYPE_OPAQUE_INT64:
    return "Opaque Int64";
  case SNMPX_TYPE_OPAQUE_UINT64:
    return "Opaque UInt64";
  }
  return "unknown";
}
