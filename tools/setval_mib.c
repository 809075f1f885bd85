/* snmpx set with MIBs: what Net-SNMP 5.9's snmpset does before it
 * parses a value when the object is in a loaded module (read off its
 * messages; tests/mib/test_set_names.sh compares them):
 *  - "=" takes the letter of the object's type;
 *  - a letter of another type than the object's is refused with
 *    "Bad variable type (Type of attribute is X, not Y)";
 *  - "i" takes an enumeration label, and an INTEGER outside the object's
 *    ranges is refused with "Value out of range (V :: {(lo..hi), (v)})";
 *  - "o" takes a name. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "setval_mib.h"

/* The letter "=" stands for, by the object's type (0: none). */
static char letter_of(snmpx_mibdb_type t)
{
  switch (t) {
  case SNMPX_MIBDB_TYPE_INTEGER:
  case SNMPX_MIBDB_TYPE_INTEGER32:
    return 'i';
  case SNMPX_MIBDB_TYPE_GAUGE:
  case SNMPX_MIBDB_TYPE_UNSIGNED32:
    return 'u';
  case SNMPX_MIBDB_TYPE_TIMETICKS:
    return 't';
  case SNMPX_MIBDB_TYPE_IPADDR:
    return 'a';
  case SNMPX_MIBDB_TYPE_OBJID:
    return 'o';
  case SNMPX_MIBDB_TYPE_OCTETSTR:
    return 's';
  case SNMPX_MIBDB_TYPE_BITS:
    return 'b';
  default:
    return 0;
  }
}

/* Which letters an object of type |t| takes, and the name of each
 * letter's type.  Letters not listed here are not checked. */
static bool letter_fits(char letter, snmpx_mibdb_type t, const char **name)
{
  switch (letter) {
  case 'i':
    *name = "INTEGER";
    return t == SNMPX_MIBDB_TYPE_INTEGER || t == SNMPX_MIBDB_TYPE_INTEGER32;
  case 'u':
    *name = "Unsigned32";
    return t == SNMPX_MIBDB_TYPE_GAUGE || t == SNMPX_MIBDB_TYPE_UNSIGNED32;
  case 't':
    *name = "Timeticks";
    return t == SNMPX_MIBDB_TYPE_TIMETICKS;
  case 'a':
    *name = "IpAddress";
    return t == SNMPX_MIBDB_TYPE_IPADDR;
  case 'o':
    *name = "OBJECT IDENTIFIER";
    return t == SNMPX_MIBDB_TYPE_OBJID;
  case 's':
  case 'x':
  case 'd':
    *name = "OCTET STRING";
    return t == SNMPX_MIBDB_TYPE_OCTETSTR || t == SNMPX_MIBDB_TYPE_BITS;
  case 'b':
    *name = "BITS";
    return t == SNMPX_MIBDB_TYPE_BITS;
  default:
    *name = NULL;
    return true;
  }
}

/* An enumeration label for "i" becomes its number; a plain number
 * stays.  @return false for a word that names no enumeration. */
static bool integer_text(const snmpx_mibdb *m, snmpx_mibdb_node n,
                         const snmpx_mibdb_info *in, const char **text,
                         char *buf, size_t cap)
{
  char *end;
  strtol(*text, &end, 10);
  if (**text == '\0' || *end == '\0')
    return true;
  for (size_t i = 0; i < in->n_enums; i++) {
    const char *label;
    int64_t v;
    snmpx_mibdb_enum_at(m, n, i, &label, &v);
    if (strcmp(label, *text) == 0) {
      snprintf(buf, cap, "%" PRId64, v);
      *text = buf;
      return true;
    }
  }
  return false;
}

/* A name as an "o" value becomes its number; numbers go on to setval. */
static void oid_text(snmpx_mibdb *m, const char **text, char *buf, size_t cap)
{
  snmpx_oid oid;
  if (**text != '\0' && strspn(*text, ".0123456789") != strlen(*text) &&
      snmpx_mibdb_parse_oid(m, *text,
                            SNMPX_MIBDB_AUTOLOAD | SNMPX_MIBDB_FALLBACK_RANDOM,
                            &oid, NULL, 0) == 0 &&
      snmpx_oid_format(snmpx_oid_view(&oid), buf, cap) > 0)
    *text = buf;
}

void setval_mib_lookup(const snmpx_mibdb *m, snmpx_oidv name, setval_mib_obj *o)
{
  o->node = snmpx_mibdb_find(m, name, NULL);
  o->typed = snmpx_mibdb_info_get(m, o->node, &o->info) == 0 &&
             snmpx_mibdb_type_name(o->info.type) != NULL;
}

int setval_mib_prepare(snmpx_mibdb *m, const setval_mib_obj *o, char *type,
                       const char **text, char *buf, size_t cap, char *err,
                       size_t errlen)
{
  /* Only an object with a type is checked; "=" without a letter for its
   * type is left to setval_parse, which gives Net-SNMP's message. */
  if (o->typed) {
    if (*type == '=' && letter_of(o->info.type) != 0)
      *type = letter_of(o->info.type);
    const char *want;
    if (*type != '=' && !letter_fits(*type, o->info.type, &want)) {
      snprintf(err, errlen,
               "Bad variable type (Type of attribute is %s, not %s)",
               snmpx_mibdb_type_name(o->info.type), want);
      return -1;
    }
    if (*type == 'i') {
      if (!integer_text(m, o->node, &o->info, text, buf, cap)) {
        snprintf(err, errlen, "Value out of range (%s)", *text);
        return -1;
      }
      char list[512];
      long v = strtol(*text, NULL, 10);
      if (**text != '\0' &&
          !snmpx_mibdb_in_ranges(m, o->node, v, list, sizeof(list))) {
        snprintf(err, errlen, "Value out of range (%s :: {%s})", *text, list);
        return -1;
      }
    }
  }
  /* Given as "o", or "=" for an OBJECT IDENTIFIER. */
  if (*type == 'o')
    oid_text(m, text, buf, cap);
  return 0;
}

int setval_mib_check_size(const snmpx_mibdb *m, const setval_mib_obj *o,
                          char type, size_t len, char *err, size_t errlen)
{
  if (strchr("sxd", type) == NULL || !o->typed ||
      o->info.type != SNMPX_MIBDB_TYPE_OCTETSTR || o->info.n_ranges == 0)
    return 0;
  char list[512];
  if (snmpx_mibdb_in_ranges(m, o->node, (int64_t)len, list, sizeof(list)))
    return 0;
  /* A text typed for a "255a" hint is checked against the hint first. */
  char *end;
  unsigned long width = strtoul(o->info.hint, &end, 10);
  bool text_hint = end != o->info.hint && end[0] == 'a' && end[1] == '\0';
  snprintf(err, errlen, "Value out of range (%s :: {%s})",
           type == 's' && text_hint && len > width
               ? "Value does not match DISPLAY-HINT"
               : "Bad string length",
           list);
  return -1;
}
