/* snmpx: SNMP values and varbinds (RFC 2578 / RFC 3416 types). */
#ifndef SNMPX_VALUE_H
#define SNMPX_VALUE_H

#include "common.h"
#include "oid.h"

typedef enum snmpx_type {
  SNMPX_TYPE_INTEGER = 0x02,
  /* X.690 BIT STRING, as Net-SNMP's parser takes it in a response (SMIv2
   * encodes BITS as an OCTET STRING, RFC 2578 7.1.4): the raw content,
   * its first octet (the unused-bits count) included. */
  SNMPX_TYPE_BIT_STRING = 0x03,
  SNMPX_TYPE_OCTET_STRING = 0x04,
  SNMPX_TYPE_NULL = 0x05,
  SNMPX_TYPE_OID = 0x06,
  SNMPX_TYPE_IPADDRESS = 0x40,
  SNMPX_TYPE_COUNTER32 = 0x41,
  SNMPX_TYPE_GAUGE32 = 0x42, /* also Unsigned32 */
  SNMPX_TYPE_TIMETICKS = 0x43,
  SNMPX_TYPE_OPAQUE = 0x44,
  SNMPX_TYPE_NSAPADDRESS = 0x45, /* RFC 1442 NsapAddress: raw octets */
  SNMPX_TYPE_COUNTER64 = 0x46,
  SNMPX_TYPE_UINTEGER32 = 0x47, /* RFC 1442 UInteger32 (obsolete) */
  SNMPX_TYPE_NOSUCHOBJECT = 0x80,
  SNMPX_TYPE_NOSUCHINSTANCE = 0x81,
  SNMPX_TYPE_ENDOFMIBVIEW = 0x82,
  /* Net-SNMP's Opaque-wrapped types: an Opaque whose content is itself a
   * BER value with tag 0x9f 0x76..0x7b.  Decoded into these so callers see
   * the number; encoded back into the same Opaque wrapping.  Numbered above
   * 0xff so they never collide with a wire tag. */
  SNMPX_TYPE_OPAQUE_COUNTER64 = 0x176,
  SNMPX_TYPE_OPAQUE_FLOAT = 0x178,
  SNMPX_TYPE_OPAQUE_DOUBLE = 0x179,
  SNMPX_TYPE_OPAQUE_INT64 = 0x17a,
  SNMPX_TYPE_OPAQUE_UINT64 = 0x17b
} snmpx_type;

/** A value.  Which member is live depends on |type|:
 *   INTEGER, OPAQUE_INT64                        -> i
 *   COUNTER32, GAUGE32, TIMETICKS, UINTEGER32 (0..2^32-1),
 *   COUNTER64, OPAQUE_COUNTER64, OPAQUE_UINT64  -> u
 *   OPAQUE_FLOAT -> f; OPAQUE_DOUBLE -> d
 *   OCTET_STRING, IPADDRESS (4 bytes), OPAQUE (raw content),
 *   BIT_STRING (1 byte or more), NSAPADDRESS     -> bytes
 *   OID -> oid
 *   NULL, NOSUCHOBJECT, NOSUCHINSTANCE, ENDOFMIBVIEW -> nothing
 * In decoded PDUs, bytes and oid are views into the PDU's storage. */
typedef struct snmpx_value {
  snmpx_type type;
  union {
    int64_t i;
    uint64_t u;
    float f;
    double d;
    struct {
      const uint8_t *ptr;
      size_t len;
    } bytes;
    snmpx_oidv oid;
  } v;
} snmpx_value;

typedef struct snmpx_varbind {
  snmpx_oidv name;
  snmpx_value value;
} snmpx_varbind;

/** True for noSuchObject, noSuchInstance and endOfMibView. */
static inline bool snmpx_value_is_exception(const snmpx_value *v)
{
  return v->type == SNMPX_TYPE_NOSUCHOBJECT ||
         v->type == SNMPX_TYPE_NOSUCHINSTANCE ||
         v->type == SNMPX_TYPE_ENDOFMIBVIEW;
}

/** Constructors (no allocation; strings and OIDs are borrowed views). */
static inline snmpx_value snmpx_value_null(void)
{
  snmpx_value v;
  v.type = SNMPX_TYPE_NULL;
  v.v.u = 0;
  return v;
}
static inline snmpx_value snmpx_value_int(snmpx_type t, int64_t i)
{
  snmpx_value v;
  v.type = t;
  v.v.i = i;
  return v;
}
static inline snmpx_value snmpx_value_uint(snmpx_type t, uint64_t u)
{
  snmpx_value v;
  v.type = t;
  v.v.u = u;
  return v;
}
static inline snmpx_value snmpx_value_bytes(snmpx_type t, const void *p,
                                            size_t len)
{
  snmpx_value v;
  v.type = t;
  v.v.bytes.ptr = (const uint8_t *)p;
  v.v.bytes.len = len;
  return v;
}
static inline snmpx_value snmpx_value_oid(snmpx_oidv o)
{
  snmpx_value v;
  v.type = SNMPX_TYPE_OID;
  v.v.oid = o;
  return v;
}

/** Name of a type as Net-SNMP's snmpset letters know it: "INTEGER",
 *  "OCTET STRING", "Counter32"...  @return a static string, never NULL. */
SNMPX_EXTERN const char *snmpx_type_name(snmpx_type t);

#endif
