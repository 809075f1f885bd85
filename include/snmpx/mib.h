/* snmpx: MIB modules (SMIv1 and SMIv2), a name database, and names printed
 * as Net-SNMP prints them.
 *
 * A snmpx_mibdb is a database of OID nodes built from MIB module files
 * (the text of MIBs; the agent's tree of served objects is snmpx_mib, in
 * agent.h).
 * Load modules into it (by module name through a search path, by file, or
 * from memory), then ask it for names, numbers and the details of objects.
 * Loading is not thread-safe; after loading, every const query may run
 * from any number of threads at once (the database is then read-only).
 *
 * Module loading follows Net-SNMP: modules are found by the name at the
 * top of each file in the search directories, IMPORTS load the modules they
 * name first, and the first module to define a node gives it its name.
 * A module that does not parse is reported (file:line:column) and the
 * other modules still load. */
#ifndef SNMPX_MIBDB_H
#define SNMPX_MIBDB_H

#include "common.h"
#include "mem.h"
#include "oid.h"
#include "value.h"

typedef struct snmpx_mibdb snmpx_mibdb;

/** Receives each warning and parse error as one line of text (no '\n'),
 *  e.g. "Cannot find module (FOO-MIB): At line 1 in (none)" or
 *  "/x/A-MIB.txt:12:5: expected '::='".  |text| is valid during the
 *  call only. */
typedef void (*snmpx_mibdb_diag_cb)(void *user_data, const char *text);

/** An empty database (only the roots ccitt, iso, joint-iso-ccitt).
 *  @param mem allocator, borrowed for the life of the object; NULL: libc.
 *  @return the database, or NULL when out of memory. */
SNMPX_EXTERN snmpx_mibdb *snmpx_mibdb_new(const snmpx_mem *mem);

/** Free |m| and everything it owns.  NULL is a no-op. */
SNMPX_EXTERN void snmpx_mibdb_free(snmpx_mibdb *m);

/** Where warnings and parse errors go; NULL (the default) drops them. */
SNMPX_EXTERN void snmpx_mibdb_set_diag(snmpx_mibdb *m, snmpx_mibdb_diag_cb cb,
                                       void *user_data);

/** Replace the search path with the directories in |list|, separated by
 *  ':' (copied).  @return 0; SNMPX_EINVAL, SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_mibdb_set_dirs(snmpx_mibdb *m, const char *list);

/** Load module |name| (and what it imports) from the search path.  A
 *  module already loaded is not loaded again.
 *  @return 0; SNMPX_EINVAL, SNMPX_ENOMEM, SNMPX_EMIB_NOMODULE (no file
 *  holds it; a "Cannot find module" warning was reported),
 *  SNMPX_EMIB_SYNTAX (it loaded, but with parse errors), SNMPX_EMIB_IO
 *  (its file could not be read). */
SNMPX_EXTERN int snmpx_mibdb_load_module(snmpx_mibdb *m, const char *name);

/** Load every module of every file in the search path, in Net-SNMP's
 *  order for "ALL".  @return 0; SNMPX_ENOMEM, SNMPX_EMIB_SYNTAX (some
 *  module had parse errors; the others loaded). */
SNMPX_EXTERN int snmpx_mibdb_load_all(snmpx_mibdb *m);

/** Load every module in file |path|.
 *  @return 0; SNMPX_EINVAL, SNMPX_ENOMEM, SNMPX_EMIB_IO (cannot read
 *  it), SNMPX_EMIB_SYNTAX. */
SNMPX_EXTERN int snmpx_mibdb_load_file(snmpx_mibdb *m, const char *path);

/** Load the modules in |text| (|len| bytes); |name| is used as the file
 *  name in messages.  Imports are looked up in the search path.
 *  @return as snmpx_mibdb_load_file, without SNMPX_EMIB_IO. */
SNMPX_EXTERN int snmpx_mibdb_load_buffer(snmpx_mibdb *m, const char *name,
                                         const char *text, size_t len);

/** Net-SNMP's choice of what to load, and the compiled cache. */
typedef struct snmpx_mibdb_config {
  /** -M: directories (":"-separated); a leading '+' appends them to the
   *  built-in default, a leading '-' puts them before it (never to
   *  $MIBDIRS or snmp.conf's, as Net-SNMP).  When a module is in several
   *  files of the path, the last one is read.  NULL: $MIBDIRS, else
   *  snmp.conf "mibdirs", else the default ($HOME/.snmp/mibs:
   *  /usr/share/snmp/mibs:/usr/share/snmp/mibs/iana:
   *  /usr/share/snmp/mibs/ietf). */
  const char *mibdirs;
  /** -m: modules (":"-separated, "ALL" for every one, a path for a file);
   *  a leading '+' adds them to Net-SNMP's default list.  NULL: $MIBS,
   *  else snmp.conf "mibs", else that default list. */
  const char *mibs;
  /** Directory of the compiled cache.  NULL: $SNMPX_MIBDB_CACHE_DIR, else
   *  $XDG_CACHE_HOME/snmpx, else $HOME/.cache/snmpx.  "" disables it
   *  (so does SNMPX_MIBDB_CACHE=0 in the environment). */
  const char *cache_dir;
  /** Do not read snmp.conf files (tests). */
  bool no_conf;
} snmpx_mibdb_config;

/** Load what Net-SNMP's tools would load with these settings, through
 *  the compiled cache.  Modules found nowhere in the search path are then
 *  looked for in the modules shipped with snmpx ($SNMPX_SHIPPED_MIBDIRS,
 *  ":"-separated, "" for none; default: share/snmpx/mibs/{ietf,netsnmp}
 *  beside the installed program or library, else the configured DATADIR's,
 *  else the source tree's mibs/).
 *  The first run parses and writes the cache, later runs read it unless
 *  a file or directory it came from has changed.
 *  Warnings are reported (again, from the cache) through the diag
 *  callback.  @return 0 (also when some modules were missing or broken:
 *  that is reported, as Net-SNMP does); SNMPX_EINVAL, SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_mibdb_load_netsnmp(snmpx_mibdb *m,
                                          const snmpx_mibdb_config *cfg);

/** The search path in effect, ':'-separated, into |buf| (|cap| bytes).
 *  @return the length; SNMPX_ENOSPACE. */
SNMPX_EXTERN int snmpx_mibdb_get_dirs(const snmpx_mibdb *m, char *buf,
                                      size_t cap);

/** Number of parse errors seen so far. */
SNMPX_EXTERN int snmpx_mibdb_error_count(const snmpx_mibdb *m);

/** True when the last snmpx_mibdb_load_netsnmp came from the cache. */
SNMPX_EXTERN bool snmpx_mibdb_is_from_cache(const snmpx_mibdb *m);

/* ---- Names to numbers ------------------------------------------------ */

/** Flags for snmpx_mibdb_parse_oid. */
#define SNMPX_MIBDB_RANDOM 0x1   /* -IR: a bare label anywhere in the tree */
#define SNMPX_MIBDB_AUTOLOAD 0x2 /* "MOD::x" loads MOD when not loaded yet */
/* The tools' rule: a path from the top first, then a bare label anywhere
 * (the failure reason stays the first one's). */
#define SNMPX_MIBDB_FALLBACK_RANDOM 0x4

/** Parse an OID as Net-SNMP's tools do: "1.3.6.1", ".1.3.6.1",
 *  "iso.org.dod", ".iso.3.6", "SNMPv2-MIB::sysDescr.0",
 *  "IF-MIB::ifDescr.1", with SNMPX_MIBDB_RANDOM also "sysDescr.0".  Index
 *  parts may be numbers, "quoted strings" (length, then bytes) or 'fixed'
 *  strings.  With SNMPX_MIBDB_AUTOLOAD the call may load modules and is then
 *  not safe to run beside other calls on |m|.
 *  On failure |why| (|why_cap| bytes, may be NULL) gets Net-SNMP's
 *  reason, e.g. "Sub-id not found: (top) -> sysDescr", or "" when
 *  Net-SNMP prints none.
 *  @return 0; SNMPX_EINVAL, SNMPX_EMIB_UNKNOWN (unknown name),
 *  SNMPX_EOID_TOOLONG, SNMPX_ENOMEM (only with SNMPX_MIBDB_AUTOLOAD). */
SNMPX_EXTERN int snmpx_mibdb_parse_oid(snmpx_mibdb *m, const char *text,
                                       unsigned flags, snmpx_oid *out,
                                       char *why, size_t why_cap);

/* ---- Numbers to names ------------------------------------------------- */

/** How an OID is printed (Net-SNMP's -O letters). */
typedef enum snmpx_mibdb_style {
  SNMPX_MIBDB_STYLE_MODULE = 0, /* -OS (default): IF-MIB::ifDescr.1 */
  SNMPX_MIBDB_STYLE_SUFFIX,     /* -Os: ifDescr.1 */
  SNMPX_MIBDB_STYLE_FULL,       /* -Of: .iso.org.dod...ifDescr.1 */
  SNMPX_MIBDB_STYLE_NUMERIC,    /* -On: .1.3.6.1.2.1.2.2.1.2.1 */
  SNMPX_MIBDB_STYLE_UCD         /* -Ou: interfaces.ifTable.ifEntry.ifDescr.1 */
} snmpx_mibdb_style;

#define SNMPX_MIBDB_FMT_NO_INDEX 0x1       /* -Ob: index arcs as numbers */
#define SNMPX_MIBDB_FMT_EXTENDED_INDEX 0x2 /* -OX: ifDescr[1] */
#define SNMPX_MIBDB_FMT_ESCAPE_QUOTES 0x4  /* -OE: \"index\" */
#define SNMPX_MIBDB_FMT_QUICK 0x8 /* -Oq: no "STRING: " in -OX indexes */

/** Print |oid| as Net-SNMP does, table indexes decoded by the INDEX of
 *  the row: integers, enumerations by label, "strings", IpAddress,
 *  IMPLIED and fixed-size strings, InetAddress after an InetAddressType.
 *  Writes at most |cap| bytes to |buf|, always NUL-terminated if cap > 0.
 *  @return the full length (as snprintf: a result >= cap means cut);
 *  SNMPX_EINVAL, SNMPX_ENOMEM (a name longer than 1 KiB needed memory). */
SNMPX_EXTERN int snmpx_mibdb_format_oid(const snmpx_mibdb *m, snmpx_oidv oid,
                                        snmpx_mibdb_style style, unsigned flags,
                                        char *buf, size_t cap);

/* ---- Objects ----------------------------------------------------------- */

/** Base syntax of an object, as Net-SNMP classifies it. */
typedef enum snmpx_mibdb_type {
  SNMPX_MIBDB_TYPE_NONE = 0,
  SNMPX_MIBDB_TYPE_OBJID,
  SNMPX_MIBDB_TYPE_OCTETSTR,
  SNMPX_MIBDB_TYPE_INTEGER,
  SNMPX_MIBDB_TYPE_NETADDR,
  SNMPX_MIBDB_TYPE_IPADDR,
  SNMPX_MIBDB_TYPE_COUNTER,
  SNMPX_MIBDB_TYPE_GAUGE,
  SNMPX_MIBDB_TYPE_TIMETICKS,
  SNMPX_MIBDB_TYPE_OPAQUE,
  SNMPX_MIBDB_TYPE_NULL,
  SNMPX_MIBDB_TYPE_COUNTER64,
  SNMPX_MIBDB_TYPE_BITS,
  SNMPX_MIBDB_TYPE_NSAP,
  SNMPX_MIBDB_TYPE_UINTEGER,
  SNMPX_MIBDB_TYPE_UNSIGNED32,
  SNMPX_MIBDB_TYPE_INTEGER32,
  SNMPX_MIBDB_TYPE_TRAPTYPE,
  SNMPX_MIBDB_TYPE_NOTIFTYPE,
  SNMPX_MIBDB_TYPE_OBJGROUP,
  SNMPX_MIBDB_TYPE_NOTIFGROUP,
  SNMPX_MIBDB_TYPE_MODCOMP,
  SNMPX_MIBDB_TYPE_AGENTCAP,
  SNMPX_MIBDB_TYPE_MODID,
  SNMPX_MIBDB_TYPE_OBJIDENTITY
} snmpx_mibdb_type;

/** A node of the database; a handle valid while |m| lives. */
typedef uint32_t snmpx_mibdb_node;
#define SNMPX_MIBDB_NODE_NONE UINT32_MAX

/** What is known of a node.  Strings point into the database: valid while
 *  it lives, never NULL ("" when absent). */
typedef struct snmpx_mibdb_info {
  const char *label;
  const char *module; /* first module defining it; "" for roots */
  const char *tc;     /* TEXTUAL-CONVENTION named by SYNTAX */
  const char *hint;   /* DISPLAY-HINT (own or from the TC) */
  const char *units;
  const char *access; /* "read-only"..., "" when none */
  const char *status;
  const char *description; /* verbatim, without the quotes */
  const char *reference;
  const char *defval; /* the DEFVAL braces' contents */
  const char *augments;
  snmpx_mibdb_type type;
  uint32_t subid;
  size_t n_enums;  /* enumerations or BITS names */
  size_t n_ranges; /* ranges; SIZE ranges when is_size */
  bool is_size;
  /* No name of its own: only a bare number in an OID value made it, so
   * its label is a placeholder ("anonymous#N") that names print as the
   * number. */
  bool is_anonymous;
  size_t n_index;   /* INDEX components of a row */
  size_t n_objects; /* OBJECTS/VARIABLES/NOTIFICATIONS */
  size_t n_modules; /* modules that define it */
  bool has_description; /* DESCRIPTION given (description may be "") */
} snmpx_mibdb_info;

/** The deepest node on |oid|'s path; |*matched| (may be NULL) gets how
 *  many arcs it covers.  @return the node, or SNMPX_MIBDB_NODE_NONE when
 *  not even the first arc is known. */
SNMPX_EXTERN snmpx_mibdb_node snmpx_mibdb_find(const snmpx_mibdb *m,
                                               snmpx_oidv oid, size_t *matched);

/** Fill |out| for node |n|.  @return 0; SNMPX_EINVAL. */
SNMPX_EXTERN int snmpx_mibdb_info_get(const snmpx_mibdb *m, snmpx_mibdb_node n,
                                      snmpx_mibdb_info *out);

/** The |i|-th enumeration of |n|.  @return 0; SNMPX_EINVAL. */
SNMPX_EXTERN int snmpx_mibdb_enum_at(const snmpx_mibdb *m, snmpx_mibdb_node n,
                                     size_t i, const char **label,
                                     int64_t *value);

/** The label of |value| in |n|'s enumeration, or NULL. */
SNMPX_EXTERN const char *
snmpx_mibdb_enum_label(const snmpx_mibdb *m, snmpx_mibdb_node n, int64_t value);

/** The |i|-th range of |n|.  @return 0; SNMPX_EINVAL. */
SNMPX_EXTERN int snmpx_mibdb_range_at(const snmpx_mibdb *m, snmpx_mibdb_node n,
                                      size_t i, int64_t *lo, int64_t *hi);

/** The |i|-th INDEX component (|*implied| set for IMPLIED), the |i|-th
 *  OBJECTS entry, or the |i|-th defining module.
 *  @return the label; NULL when out of range. */
SNMPX_EXTERN const char *snmpx_mibdb_index_at(const snmpx_mibdb *m,
                                              snmpx_mibdb_node n, size_t i,
                                              bool *implied);
SNMPX_EXTERN const char *snmpx_mibdb_object_at(const snmpx_mibdb *m,
                                               snmpx_mibdb_node n, size_t i);
SNMPX_EXTERN const char *snmpx_mibdb_module_at(const snmpx_mibdb *m,
                                               snmpx_mibdb_node n, size_t i);

/** Tree walking: the parent, first child and next sibling of |n|
 *  (children in ascending sub-identifier order).  The roots are the
 *  children of SNMPX_MIBDB_NODE_NONE.
 *  @return a node or SNMPX_MIBDB_NODE_NONE. */
SNMPX_EXTERN snmpx_mibdb_node snmpx_mibdb_parent(const snmpx_mibdb *m,
                                                 snmpx_mibdb_node n);
SNMPX_EXTERN snmpx_mibdb_node snmpx_mibdb_first_child(const snmpx_mibdb *m,
                                                      snmpx_mibdb_node n);
SNMPX_EXTERN snmpx_mibdb_node snmpx_mibdb_next_sibling(const snmpx_mibdb *m,
                                                       snmpx_mibdb_node n);

/** The OID of node |n| into |out|.  @return 0; SNMPX_EINVAL,
 *  SNMPX_EOID_TOOLONG. */
SNMPX_EXTERN int snmpx_mibdb_node_oid(const snmpx_mibdb *m, snmpx_mibdb_node n,
                                      snmpx_oid *out);

/** Number of modules loaded. */
SNMPX_EXTERN size_t snmpx_mibdb_module_count(const snmpx_mibdb *m);

/** Number of nodes (for statistics and benchmarks). */
SNMPX_EXTERN size_t snmpx_mibdb_node_count(const snmpx_mibdb *m);

/* ---- DISPLAY-HINT (RFC 2579 3.1), as Net-SNMP applies it ------------ */

/** Format |len| octets by an OCTET STRING |hint| ("255a", "1x:",
 *  "2d-1d-1d,1d:1d:1d.1d,1a1d:1d").  @return the full length as
 *  snprintf; SNMPX_EINVAL (a hint Net-SNMP rejects: the caller prints
 *  the value without it), SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_mibdb_hint_octets(const char *hint, const uint8_t *p,
                                         size_t len, char *buf, size_t cap);

/** Format an integer by an INTEGER |hint| ("d-2", "x", "o", "b").
 *  |is_unsigned| prints the value as unsigned.  @return as snprintf;
 *  SNMPX_EINVAL. */
SNMPX_EXTERN int snmpx_mibdb_hint_integer(const char *hint, int64_t value,
                                          bool is_unsigned, char *buf,
                                          size_t cap);

/* ---- Varbinds printed as snmpget/snmpwalk print them ------------------ */

/** How OCTET STRINGs are printed: the last of -Oa and -Ox wins. */
typedef enum snmpx_mibdb_str_style {
  SNMPX_MIBDB_STR_GUESS = 0, /* STRING: "..." if every byte is printable,
                                else Hex-STRING */
  SNMPX_MIBDB_STR_ASCII,     /* -Oa: always STRING, unprintable bytes '.' */
  SNMPX_MIBDB_STR_HEX        /* -Ox: always Hex-STRING */
} snmpx_mibdb_str_style;

/** Net-SNMP's output options (the -O letters).  Most letters *toggle*:
 *  "-Oqq" is the default again; Q toggles both quick and quick_eq.  Set
 *  it up with snmpx_mibdb_output_init and snmpx_mibdb_output_parse. */
typedef struct snmpx_mibdb_output {
  /** Names, types, enumerations and hints, borrowed; NULL prints as
   *  Net-SNMP does with no MIB loaded ("iso.3.6.1...", no hints). */
  const snmpx_mibdb *mib;
  snmpx_mibdb_style oid_style; /* the last of -OS -Os -Of -On -Ou */
  snmpx_mibdb_str_style str_style;
  bool quick;         /* -Oq: "OID value", no type prefix */
  bool quick_eq;      /* -OQ: "OID = value", no type prefix */
  bool bare_value;    /* -Ov: the value only */
  bool hex_text;      /* -OT: "  [text]" after each hex line */
  bool numeric_ticks; /* -Ot: TimeTicks as a bare number */
  /* Visible only with MIBs: */
  bool dont_break_index; /* -Ob */
  bool numeric_enum;     /* -Oe */
  bool escape_quotes;    /* -OE */
  bool extended_index;   /* -OX */
  bool no_units;         /* -OU */
  /** -Op PRECISION: floats print with "%" PRECISION "f".  Only a
   *  precision of digits and at most one '.' is honoured (stored here,
   *  e.g. "%.2f"); text after it is printed literally after the number,
   *  as Net-SNMP does ("-Op.2f" prints "1.50f"). */
  char float_fmt[16];
  char float_suffix[32];
} snmpx_mibdb_output;

/** Net-SNMP's defaults (no -O given), no MIB.  NULL is a no-op. */
SNMPX_EXTERN void snmpx_mibdb_output_init(snmpx_mibdb_output *o);

/** Apply the letters of one -O argument ("nq", "v", "x"...) left to
 *  right; 'p' takes the rest of the argument as its PRECISION.
 *  @return 0; the first unknown letter (> 0; the letters before it are
 *  applied); SNMPX_EINVAL (a NULL argument). */
SNMPX_EXTERN int snmpx_mibdb_output_parse(snmpx_mibdb_output *o,
                                          const char *letters);

/* The three printers below write at most |cap| bytes to |buf| (|buf| may
 * be NULL when |cap| is 0), NUL-terminated when cap > 0, and return the
 * full length as snprintf does (a result >= cap means cut; call again
 * with length + 1 bytes).  The text may hold NUL bytes (a DISPLAY-HINT
 * "a" of a zero octet): use the length, not strlen.
 * @return the length; SNMPX_EINVAL (|o| or |v| NULL, |buf| NULL with
 * cap > 0), SNMPX_ENOSPACE (over INT_MAX). */

/** What snmpwalk prints after " = " for |v| under the name |name|: by
 *  the MIB object of |name| (o->mib set; its base type, enumerations,
 *  BITS names, DISPLAY-HINT and UNITS; "Wrong Type (should be X): ..."
 *  for another type), else as with no MIB.  An empty |name| prints |v|
 *  with no object. */
SNMPX_EXTERN int snmpx_mibdb_format_value(const snmpx_mibdb_output *o,
                                          snmpx_oidv name, const snmpx_value *v,
                                          char *buf, size_t cap);

/** The whole line snmpwalk prints for |vb| (without '\n'): name, " = "
 *  (" " with -Oq), value; the value only with -Ov. */
SNMPX_EXTERN int snmpx_mibdb_format_varbind(const snmpx_mibdb_output *o,
                                            const snmpx_varbind *vb, char *buf,
                                            size_t cap);

/** |oid| printed as the tools print names: snmpx_mibdb_format_oid's
 *  names with o->mib (a numeric OID when that fails), else "iso.3.6.1"
 *  (".iso.3.6.1" with -Of/-Ou, ".1.3.6.1" with -On; an empty OID as ""). */
SNMPX_EXTERN int snmpx_mibdb_format_name(const snmpx_mibdb_output *o,
                                         snmpx_oidv oid, char *buf, size_t cap);

/** Net-SNMP's text for TimeTicks |t| (hundredths of a second):
 *  "0:20:34.56", "1 day, 0:00:00.00", "497 days, 2:27:52.95"; with |quick|
 *  the -Oq form "0:0:20:34.56".  64 bytes always suffice.
 *  @return as snprintf; SNMPX_EINVAL (|buf| NULL with cap > 0). */
SNMPX_EXTERN int snmpx_mibdb_format_timeticks(uint32_t t, bool quick,
                                              char *buf, size_t cap);

/* ---- SET values checked by the MIB, as snmpset checks them ------------ */

/** Net-SNMP's name of base type |t| ("INTEGER", "Integer32", "OCTET
 *  STRING", "Gauge32", "Timeticks"...), as in snmpset's "Type of attribute
 *  is X"; NULL for what holds no value (a NOTIFICATION-TYPE, a group...). */
SNMPX_EXTERN const char *snmpx_mibdb_type_name(snmpx_mibdb_type t);

/** Whether |v| is within node |n|'s ranges (its SIZEs for a string; true
 *  when it has none).  |list| (|cap| bytes, may be NULL when cap is 0) gets
 *  them as Net-SNMP lists them: "(0..255)", "(1), (4..8)". */
SNMPX_EXTERN bool snmpx_mibdb_in_ranges(const snmpx_mibdb *m,
                                        snmpx_mibdb_node n, int64_t v,
                                        char *list, size_t cap);

/** Check |v| as a SET value of the object |name| names, as snmpset does
 *  with MIBs loaded: an INTEGER, Unsigned32/Gauge32, TimeTicks, IpAddress,
 *  OBJECT IDENTIFIER or OCTET STRING value for an object of another type
 *  is refused ("Bad variable type (Type of attribute is Gauge32, not
 *  INTEGER)"), an INTEGER outside the object's ranges ("Value out of
 *  range (7 :: {(1..3)})") and a string outside its SIZEs ("Value out of
 *  range (Bad string length :: {(0..255)})").  Other value types, and
 *  names of no typed object, pass.  |err| (|errlen| bytes, may be NULL)
 *  gets the message.  @return 0; SNMPX_EINVAL, SNMPX_EMIB_BADTYPE,
 *  SNMPX_EMIB_RANGE. */
SNMPX_EXTERN int snmpx_mibdb_check_value(const snmpx_mibdb *m,
                                         snmpx_oidv name, const snmpx_value *v,
                                         char *err, size_t errlen);

#endif
