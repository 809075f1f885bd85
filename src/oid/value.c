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
  case SNMPX_TYPE_BIT_STRING:
    return "BIT STRING";
  case SNMPX_TYPE_NSAPADDRESS:
    return "NsapAddress";
  case SNMPX_TYPE_UINTEGER32:
    return "UInteger32";
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

bool snmpx__oid_value_has_bytes(snmpx_type t)
{
  return t == SNMPX_TYPE_OCTET_STRING || t == SNMPX_TYPE_IPADDRESS ||
         t == SNMPX_TYPE_OPAQUE || t == SNMPX_TYPE_BIT_STRING ||
         t == SNMPX_TYPE_NSAPADDRESS;
}

size_t snmpx__oid_value_extra(const snmpx_value *v)
{
  if (snmpx__oid_value_has_bytes(v->type))
    return v->v.bytes.ptr == NULL && v->v.bytes.len > 0 ? SIZE_MAX
                                                        : v->v.bytes.len;
  if (v->type != SNMPX_TYPE_OID)
    return 0;
  if ((v->v.oid.arcs == NULL && v->v.oid.len > 0) ||
      v->v.oid.len > SNMPX_OID_MAX_LEN)
    return SIZE_MAX;
  return v->v.oid.len * sizeof(uint32_t);
}

void snmpx__oid_value_copy_to(const snmpx_value *in, snmpx_value *out,
                              void *dst)
{
  bool bytes = snmpx__oid_value_has_bytes(in->type);
  const void *src =
      bytes ? (const void *)in->v.bytes.ptr : (const void *)in->v.oid.arcs;
  size_t n = bytes                        ? in->v.bytes.len
             : in->type == SNMPX_TYPE_OID ? in->v.oid.len * sizeof(uint32_t)
                                          : 0;
  *out = *in;
  if (n > 0)
    memcpy(dst, src, n);
  if (bytes)
    out->v.bytes.ptr = dst;
  else if (in->type == SNMPX_TYPE_OID)
    out->v.oid.arcs = dst;
}

static bool bytes_equal(const snmpx_value *a, const snmpx_value *b)
{
  return a->v.bytes.len == b->v.bytes.len &&
         (a->v.bytes.len == 0 ||
          memcmp(a->v.bytes.ptr, b->v.bytes.ptr, a->v.bytes.len) == 0);
}

bool snmpx__oid_value_equal(const snmpx_value *a, const snmpx_value *b)
{
  if (a->type != b->type)
    return false;
  switch (a->type) {
  case SNMPX_TYPE_INTEGER:
  case SNMPX_TYPE_OPAQUE_INT64:
    return a->v.i == b->v.i;
  case SNMPX_TYPE_COUNTER32:
  case SNMPX_TYPE_GAUGE32:
  case SNMPX_TYPE_TIMETICKS:
  case SNMPX_TYPE_UINTEGER32:
  case SNMPX_TYPE_COUNTER64:
  case SNMPX_TYPE_OPAQUE_COUNTER64:
  case SNMPX_TYPE_OPAQUE_UINT64:
    return a->v.u == b->v.u;
  case SNMPX_TYPE_OPAQUE_FLOAT: /* bit patterns: NaN equals itself */
    return memcmp(&a->v.f, &b->v.f, sizeof(float)) == 0;
  case SNMPX_TYPE_OPAQUE_DOUBLE:
    return memcmp(&a->v.d, &b->v.d, sizeof(double)) == 0;
  case SNMPX_TYPE_OCTET_STRING:
  case SNMPX_TYPE_IPADDRESS:
  case SNMPX_TYPE_OPAQUE:
  case SNMPX_TYPE_BIT_STRING:
  case SNMPX_TYPE_NSAPADDRESS:
    return bytes_equal(a, b);
  case SNMPX_TYPE_OID:
    return snmpx_oidv_compare(a->v.oid, b->v.oid) == 0;
  default:
    return true; /* NULL and the exceptions carry nothing */
  }
}
