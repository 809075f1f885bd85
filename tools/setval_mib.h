/* snmpx set with MIBs: Net-SNMP's checks and conveniences before a value
 * is parsed (setval_mib.c). */
#ifndef SNMPX_TOOLS_SETVAL_MIB_H
#define SNMPX_TOOLS_SETVAL_MIB_H

#include <stdbool.h>
#include <stddef.h>

#include <snmpx/mib.h>

/** What the database knows of the object a SET names, looked up once for
 *  setval_mib_prepare and setval_mib_check_size. */
typedef struct setval_mib_obj {
  snmpx_mibdb_node node; /* the deepest node on the name's path */
  snmpx_mibdb_info info; /* valid when |typed| */
  bool typed;            /* an object with a type: the checks apply */
} setval_mib_obj;

/** Look the object named |name| up in |m| into |o|. */
void setval_mib_lookup(const snmpx_mibdb *m, snmpx_oidv name,
                       setval_mib_obj *o);

/** Adjust snmpset's TYPE and VALUE for object |o| as Net-SNMP does with
 *  MIBs loaded: "=" becomes the object's type letter, an enumeration
 *  label of "i" its number, a name in an "o" value its number (|*text|
 *  may then point into |buf| of |cap| bytes; 1600 always suffice).
 *  A letter of another type than the object's, or an INTEGER out of its
 *  ranges, is refused with Net-SNMP's message in |err|.
 *  @return 0, or -1 with |err| set (the caller prints "NAME: err"). */
int setval_mib_prepare(snmpx_mibdb *m, const setval_mib_obj *o, char *type,
                       const char **text, char *buf, size_t cap, char *err,
                       size_t errlen);

/** After the value is parsed: an OCTET STRING of |len| octets (given with
 *  "s", "x" or "d") outside the object's SIZE is refused as Net-SNMP
 *  refuses it ("Value out of range (Bad string length :: {(0..255)})").
 *  @return 0, or -1 with |err| set. */
int setval_mib_check_size(const snmpx_mibdb *m, const setval_mib_obj *o,
                          char type, size_t len, char *err, size_t errlen);

#endif
