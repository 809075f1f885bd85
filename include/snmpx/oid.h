/* snmpx: object identifiers.
 *
 * Two shapes:
 *  - snmpx_oid: owned, fixed capacity (SNMPX_OID_MAX_LEN arcs), value
 *    semantics, never allocates.  Used to build and parse OIDs.
 *  - snmpx_oidv: a view (pointer + length) into arcs owned by someone else:
 *    an snmpx_oid, a decoded PDU, a static array.  Varbind names and OID
 *    values in decoded PDUs are views. */
#ifndef SNMPX_OID_H
#define SNMPX_OID_H

#include "common.h"

/** RFC 2578 3.5: at most 128 sub-identifiers. */
#define SNMPX_OID_MAX_LEN 128

typedef struct snmpx_oidv {
  const uint32_t *arcs;
  size_t len;
} snmpx_oidv;

typedef struct snmpx_oid {
  size_t len;
  uint32_t arcs[SNMPX_OID_MAX_LEN];
} snmpx_oid;

/** A view of |o|; valid while |o| is unchanged. */
static inline snmpx_oidv snmpx_oid_view(const snmpx_oid *o)
{
  snmpx_oidv v;
  v.arcs = o->arcs;
  v.len = o->len;
  return v;
}

/** A view of a static array: SNMPX_OIDV(arr) */
#define SNMPX_OIDV(arr)                                                       \
  ((snmpx_oidv){(arr), sizeof(arr) / sizeof((arr)[0])})

/** Parse dotted numeric text ("1.3.6.1", ".1.3.6.1") into |out|.  Each arc
 *  is 0..4294967295; empty arcs ("1..3"), signs, spaces and trailing dots are
 *  rejected.  An empty string or "." parses to the empty OID.
 *  @return 0; SNMPX_EINVAL (NULL argument), SNMPX_EOID_SYNTAX,
 *  SNMPX_EOID_ARC_RANGE, SNMPX_EOID_TOOLONG (more than 128 arcs). */
SNMPX_EXTERN int snmpx_oid_parse(snmpx_oid *out, const char *s);

/** Like snmpx_oid_parse for |len| bytes of |s| (need not be NUL-terminated).
 *  @return as snmpx_oid_parse. */
SNMPX_EXTERN int snmpx_oid_parse_n(snmpx_oid *out, const char *s, size_t len);

/** Format |o| as ".1.3.6.1" (leading dot, as Net-SNMP's -On) into |buf| of
 *  |cap| bytes, NUL-terminated.  The empty OID formats as ".".
 *  @return the length written (without NUL); SNMPX_ENOSPACE if it does not
 *  fit (|buf| then holds a truncated, terminated string if cap > 0). */
SNMPX_EXTERN int snmpx_oid_format(snmpx_oidv o, char *buf, size_t cap);

/** Lexicographic comparison, arc by arc; a proper prefix sorts first.
 *  @return <0, 0 or >0. */
SNMPX_EXTERN int snmpx_oidv_compare(snmpx_oidv a, snmpx_oidv b);

/** True when |prefix| is a prefix of |o| (equal counts as a prefix). */
SNMPX_EXTERN bool snmpx_oidv_has_prefix(snmpx_oidv o, snmpx_oidv prefix);

/** Copy |src| into |dst|.  @return 0; SNMPX_EOID_TOOLONG. */
SNMPX_EXTERN int snmpx_oid_set(snmpx_oid *dst, snmpx_oidv src);

/** Append one arc.  @return 0; SNMPX_EOID_TOOLONG (|o| unchanged). */
SNMPX_EXTERN int snmpx_oid_append(snmpx_oid *o, uint32_t arc);

/** Append every arc of |suffix|.  @return 0; SNMPX_EOID_TOOLONG (|o|
 *  unchanged). */
SNMPX_EXTERN int snmpx_oid_extend(snmpx_oid *o, snmpx_oidv suffix);

/* ---- Table indexes (RFC 2578 7.7) ---------------------------------- */

typedef enum snmpx_index_kind {
  SNMPX_INDEX_INTEGER,        /* INTEGER / Integer32: one arc, signed */
  SNMPX_INDEX_UNSIGNED,       /* Unsigned32, Gauge32, Counter32, TimeTicks */
  SNMPX_INDEX_STRING,         /* OCTET STRING: length arc then bytes */
  SNMPX_INDEX_STRING_FIXED,   /* OCTET STRING (SIZE(n)): n bytes, no length */
  SNMPX_INDEX_STRING_IMPLIED, /* IMPLIED OCTET STRING: rest of the OID */
  SNMPX_INDEX_IPADDRESS,      /* IpAddress: 4 arcs */
  SNMPX_INDEX_OID,            /* OBJECT IDENTIFIER: length arc then arcs */
  SNMPX_INDEX_OID_IMPLIED     /* IMPLIED OBJECT IDENTIFIER: rest of OID */
} snmpx_index_kind;

typedef struct snmpx_index_spec {
  snmpx_index_kind kind;
  size_t fixed_len; /* only for SNMPX_INDEX_STRING_FIXED */
} snmpx_index_spec;

struct snmpx_value;

/** Decode the index that follows |prefix| in |oid| into |out|[0..n), one
 *  value per spec.  INTEGER gives SNMPX_TYPE_INTEGER, UNSIGNED gives
 *  SNMPX_TYPE_GAUGE32, strings SNMPX_TYPE_OCTET_STRING (bytes copied into
 *  |scratch| of |scratch_cap| bytes), IpAddress SNMPX_TYPE_IPADDRESS (also
 *  in |scratch|), OIDs SNMPX_TYPE_OID as views into |oid|'s arcs.
 *  Every arc after the prefix must be consumed.
 *  @return 0; SNMPX_EINVAL, SNMPX_EOID_BADPREFIX (|prefix| is not a proper
 *  prefix of |oid|), SNMPX_EOID_BADINDEX (too few or too many arcs, an
 *  arc > 255 in a string or address, an INTEGER arc > INT32_MAX as signed),
 *  SNMPX_ENOSPACE (|scratch| too small). */
SNMPX_EXTERN int snmpx_oid_decode_index(snmpx_oidv oid, snmpx_oidv prefix,
                                        const snmpx_index_spec *specs,
                                        size_t n, struct snmpx_value *out,
                                        uint8_t *scratch, size_t scratch_cap);

/** Append the index encoding of |vals|[0..n) (kinds from |specs|) to |o|.
 *  @return 0; SNMPX_EINVAL (value type does not fit its spec, wrong fixed
 *  length), SNMPX_EOID_TOOLONG (|o| unchanged). */
SNMPX_EXTERN int snmpx_oid_encode_index(snmpx_oid *o,
                                        const snmpx_index_spec *specs,
                                        const struct snmpx_value *vals,
                                        size_t n);

#endif
