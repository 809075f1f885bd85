/* snmpx translate: Net-SNMP's snmptranslate.  Names to numbers and back
 * (-On -Of -Os -OS -Ou), -IR for a label anywhere in the tree, -Td for an
 * object's details and -Tp for the tree below it.  The output was read
 * off snmptranslate 5.9.3 (tests/mib/ compares the two). */
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "ere.h"

typedef struct translate {
  snmpx_mibdb *mib;
  fmt_opts fmt;
  bool random;
  bool details; /* -Td */
  bool tree;    /* -Tp */
  /* Reports of every node: -Tl labeled, -To numeric, -Ts symbolic,
   * -Tz label and number. */
  bool rep_l, rep_o, rep_s, rep_z;
  bool find_all;       /* -TB: every node whose label matches a regex */
  bool find_best;      /* -Ib: the best match of a regex */
  unsigned char *seen; /* -Ib: nodes searched, kept from one OID to the next
                        * as Net-SNMP keeps its "reported" flags */
} translate;

static void usage(void)
{
  fprintf(stderr, "USAGE: %s [OPTIONS] OID [OID]...\n\n",
          cli_invoked_name("snmptranslate"));
  fprintf(stderr,
          "  Version:  " SNMPX_VERSION_STRING " (snmpx)\n\n"
          "OPTIONS:\n"
          "  -h\t\t\tdisplay this help message\n"
          "  -V\t\t\tdisplay package version number\n"
          "  -m MIB[:...]\t\tload given list of MIBs (ALL loads "
          "everything)\n"
          "  -M DIR[:...]\t\tlook in given list of directories for MIBs\n"
          "  -T TRANSOPTS\t\tSet various options controlling report "
          "produced:\n"
          "\t\t\t  d:  print full details of the given OID\n"
          "\t\t\t  p:  print tree format symbol table\n"
          "\t\t\t  l:  enable labeled OID report\n"
          "\t\t\t  o:  enable OID report\n"
          "\t\t\t  s:  enable dotted symbolic report\n"
          "\t\t\t  z:  enable MIB child OID report\n"
          "\t\t\t  B:  print all matching objects for a regex search\n"
          "  -O OUTOPTS\t\tToggle various defaults controlling output "
          "display:\n"
          "\t\t\t  b:  do not break OID indexes down\n"
          "\t\t\t  E:  escape quotes in string indices\n"
          "\t\t\t  f:  print full OIDs on output\n"
          "\t\t\t  n:  print OIDs numerically\n"
          "\t\t\t  s:  print only last symbolic element of OID\n"
          "\t\t\t  S:  print MIB module-id plus last element\n"
          "\t\t\t  u:  print OIDs using UCD-style prefix suppression\n"
          "\t\t\t  X:  extended index format\n"
          "  -I INOPTS\t\tToggle various defaults controlling input "
          "parsing:\n"
          "\t\t\t  b:  do best/regex matching to find a MIB node\n"
          "\t\t\t  R:  do random access to OID labels\n");
}

/* ---- -Td ----------------------------------------------------------------- */

static const char *macro_name(snmpx_mibdb_type t)
{
  switch (t) {
  case SNMPX_MIBDB_TYPE_MODID:
    return "MODULE-IDENTITY";
  case SNMPX_MIBDB_TYPE_OBJIDENTITY:
    return "OBJECT-IDENTITY";
  case SNMPX_MIBDB_TYPE_NOTIFTYPE:
    return "NOTIFICATION-TYPE";
  case SNMPX_MIBDB_TYPE_OBJGROUP:
    return "OBJECT-GROUP";
  /* Net-SNMP's parser leaves a TRAP-TYPE's type at 0, which its -Td calls
   * OBJECT-TYPE, and it has no name for NOTIFICATION-GROUP (type 23). */
  case SNMPX_MIBDB_TYPE_NOTIFGROUP:
    return "type_23";
  case SNMPX_MIBDB_TYPE_MODCOMP:
    return "MODULE-COMPLIANCE";
  case SNMPX_MIBDB_TYPE_AGENTCAP:
    return "AGENT-CAPABILITIES";
  default:
    return "OBJECT-TYPE";
  }
}

static const char *syntax_name(snmpx_mibdb_type t)
{
  switch (t) {
  case SNMPX_MIBDB_TYPE_OBJID:
    return "OBJECT IDENTIFIER";
  case SNMPX_MIBDB_TYPE_OCTETSTR:
    return "OCTET STRING";
  case SNMPX_MIBDB_TYPE_INTEGER:
    return "INTEGER";
  case SNMPX_MIBDB_TYPE_NETADDR:
    return "NetworkAddress";
  case SNMPX_MIBDB_TYPE_IPADDR:
    return "IpAddress";
  case SNMPX_MIBDB_TYPE_COUNTER:
    return "Counter32";
  case SNMPX_MIBDB_TYPE_GAUGE:
    return "Gauge32";
  case SNMPX_MIBDB_TYPE_TIMETICKS:
    return "TimeTicks";
  case SNMPX_MIBDB_TYPE_OPAQUE:
    return "Opaque";
  case SNMPX_MIBDB_TYPE_NULL:
    return "NULL";
  case SNMPX_MIBDB_TYPE_COUNTER64:
    return "Counter64";
  case SNMPX_MIBDB_TYPE_BITS:
    return "BITS";
  case SNMPX_MIBDB_TYPE_NSAP:
    return "NsapAddress";
  case SNMPX_MIBDB_TYPE_UINTEGER:
    return "UInteger32";
  case SNMPX_MIBDB_TYPE_UNSIGNED32:
    return "Unsigned32";
  case SNMPX_MIBDB_TYPE_INTEGER32:
    return "Integer32";
  default:
    return NULL;
  }
}

static void print_range(FILE *out, const snmpx_mibdb *m, snmpx_mibdb_node n,
                        size_t i)
{
  int64_t lo, hi;
  snmpx_mibdb_range_at(m, n, i, &lo, &hi);
  if (lo == hi)
    fprintf(out, "%" PRId64, lo);
  else
    fprintf(out, "%" PRId64 "..%" PRId64, lo, hi);
}

static void print_enums(FILE *out, const snmpx_mibdb *m, snmpx_mibdb_node n,
                        size_t count)
{
  for (size_t i = 0; i < count; i++) {
    const char *label;
    int64_t v;
    snmpx_mibdb_enum_at(m, n, i, &label, &v);
    fprintf(out, "%s%s(%" PRId64 ")", i ? ", " : "", label, v);
  }
}

/* Net-SNMP formats a range only for these types; for any other (an
 * Opaque, a type it could not resolve...) it prints its scratch buffer,
 * which still holds the last module name of the "-- FROM" line. */
static bool range_printable(snmpx_mibdb_type t)
{
  return t == SNMPX_MIBDB_TYPE_INTEGER || t == SNMPX_MIBDB_TYPE_INTEGER32 ||
         t == SNMPX_MIBDB_TYPE_UNSIGNED32 || t == SNMPX_MIBDB_TYPE_OCTETSTR ||
         t == SNMPX_MIBDB_TYPE_GAUGE || t == SNMPX_MIBDB_TYPE_UINTEGER;
}

/* "  SYNTAX\tINTEGER (1..5)  {a(1), b(2)} " as Net-SNMP prints it: with no
 * known type, no SYNTAX word and no line end, only what follows it. */
static void print_syntax(FILE *out, const snmpx_mibdb *m, snmpx_mibdb_node n,
                         const snmpx_mibdb_info *in)
{
  const char *name = syntax_name(in->type);
  if (name != NULL)
    fprintf(out, "  SYNTAX\t%s", name);
  else if (in->n_enums)
    return; /* Net-SNMP crashes there (strlen of its missing name) */
  if (in->n_ranges) {
    fputs(" (", out);
    for (size_t i = 0; i < in->n_ranges; i++) {
      if (!range_printable(in->type)) {
        fputs(in->n_modules ? snmpx_mibdb_module_at(m, n, in->n_modules - 1)
                            : "#-1",
              out);
        continue;
      }
      if (i)
        fputs(" | ", out);
      print_range(out, m, n, i);
    }
    fputs(") ", out);
  }
  if (in->n_enums) {
    fputs(" {", out);
    print_enums(out, m, n, in->n_enums);
    fputs("} ", out);
  }
  if (name != NULL)
    fputc('\n', out);
}

static void print_list(FILE *out, const char *clause, const snmpx_mibdb *m,
                       snmpx_mibdb_node n, size_t count, bool index)
{
  fprintf(out, "  %s{ ", clause);
  for (size_t i = 0; i < count; i++) {
    bool implied = false;
    const char *s = index ? snmpx_mibdb_index_at(m, n, i, &implied)
                          : snmpx_mibdb_object_at(m, n, i);
    fprintf(out, "%s%s%s", i ? ", " : "", implied ? "IMPLIED " : "", s);
  }
  fputs(" }\n", out);
}

/* "::= { iso(1) org(3) ... 7 }" for the OID asked (|v|), as Net-SNMP
 * prints it: each arc but the last by the label of the node it reaches
 * (a number for an unnamed node), the arcs past the known tree and the
 * last one as numbers, whichever node the details came from. */
static void print_oid_value(FILE *out, const snmpx_mibdb *m, snmpx_oidv v)
{
  size_t known = 0;
  snmpx_mibdb_node n = snmpx_mibdb_find(m, v, &known);
  snmpx_mibdb_node path[SNMPX_OID_MAX_LEN];
  for (size_t k = known; k-- > 0; n = snmpx_mibdb_parent(m, n))
    path[k] = n;
  fputs("::= {", out);
  for (size_t i = 0; i + 1 < v.len; i++) {
    snmpx_mibdb_info pi;
    if (i < known && snmpx_mibdb_info_get(m, path[i], &pi) == 0 &&
        !pi.is_anonymous)
      fprintf(out, " %s(%" PRIu32 ")", pi.label, v.arcs[i]);
    else
      fprintf(out, " %" PRIu32, v.arcs[i]);
  }
  fprintf(out, " %" PRIu32 " }\n", v.len ? v.arcs[v.len - 1] : 0);
}

static void print_details(FILE *out, const snmpx_mibdb *m, snmpx_oidv v)
{
  snmpx_mibdb_node n = snmpx_mibdb_find(m, v, NULL);
  snmpx_mibdb_info in;
  if (snmpx_mibdb_info_get(m, n, &in) != 0) {
    /* Net-SNMP's description of nothing fails, and it says so. */
    fputs(" [TRUNCATED]\n", out);
    return;
  }
  fprintf(out, "%s %s\n", in.label, macro_name(in.type));
  /* No module defines the three roots: Net-SNMP names their module -1. */
  fputs(in.n_modules ? "  -- FROM" : "  -- FROM\t#-1", out);
  for (size_t i = 0; i < in.n_modules; i++)
    fprintf(out, "%s%s", i ? ", " : "\t", snmpx_mibdb_module_at(m, n, i));
  fputc('\n', out);
  if (*in.tc)
    fprintf(out, "  -- TEXTUAL CONVENTION %s\n", in.tc);
  print_syntax(out, m, n, &in);
  if (*in.hint)
    fprintf(out, "  DISPLAY-HINT\t\"%s\"\n", in.hint);
  if (*in.units)
    fprintf(out, "  UNITS\t\t\"%s\"\n", in.units);
  /* Access and status only for OBJECT-TYPE, as Net-SNMP prints them. */
  bool objtype = in.type < SNMPX_MIBDB_TYPE_TRAPTYPE;
  if (*in.access && objtype)
    fprintf(out, "  MAX-ACCESS\t%s\n", in.access);
  if (*in.status && objtype)
    fprintf(out, "  STATUS\t%s\n", in.status);
  if (*in.augments)
    fprintf(out, "  AUGMENTS\t{ %s }\n", in.augments);
  if (in.n_index)
    print_list(out, "INDEX\t\t", m, n, in.n_index, true);
  if (in.n_objects && (in.type == SNMPX_MIBDB_TYPE_NOTIFTYPE ||
                       in.type == SNMPX_MIBDB_TYPE_TRAPTYPE))
    print_list(out, "OBJECTS\t", m, n, in.n_objects, false);
  if (in.has_description)
    fprintf(out, "  DESCRIPTION\t\"%s\"\n", in.description);
  if (*in.defval)
    fprintf(out, "  DEFVAL\t{ %s }\n", in.defval);
  print_oid_value(out, m, v);
}

/* ---- -Tp ----------------------------------------------------------------- */

static const char *tree_type(const snmpx_mibdb_info *in)
{
  switch (in->type) {
  case SNMPX_MIBDB_TYPE_OBJID:
    return "ObjID";
  case SNMPX_MIBDB_TYPE_OCTETSTR:
    return "String";
  case SNMPX_MIBDB_TYPE_INTEGER:
    return in->n_enums ? "EnumVal" : "INTEGER";
  case SNMPX_MIBDB_TYPE_INTEGER32:
    return in->n_enums ? "EnumVal" : "Integer32";
  case SNMPX_MIBDB_TYPE_NETADDR:
    return "NetAddr";
  case SNMPX_MIBDB_TYPE_IPADDR:
    return "IpAddr";
  case SNMPX_MIBDB_TYPE_COUNTER:
    return "Counter";
  case SNMPX_MIBDB_TYPE_GAUGE:
    return "Gauge";
  case SNMPX_MIBDB_TYPE_TIMETICKS:
    return "TimeTicks";
  case SNMPX_MIBDB_TYPE_OPAQUE:
    return "Opaque";
  case SNMPX_MIBDB_TYPE_NULL:
    return "Null";
  case SNMPX_MIBDB_TYPE_COUNTER64:
    return "Counter64";
  case SNMPX_MIBDB_TYPE_BITS:
    return "BitString";
  case SNMPX_MIBDB_TYPE_NSAP:
    return "NsapAddr";
  case SNMPX_MIBDB_TYPE_UINTEGER:
    return "UInteger";
  case SNMPX_MIBDB_TYPE_UNSIGNED32:
    return "Unsigned";
  default:
    return NULL;
  }
}

static const char *tree_access(const char *access)
{
  static const char *const map[][2] = {
      {"read-only", "-R--"},
      {"read-write", "-RW-"},
      {"write-only", "--W-"},
      {"not-accessible", "----"},
      {"accessible-for-notify", "---N"},
      {"read-create", "CR--"},
  };
  for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
    if (strcmp(access, map[i][0]) == 0)
      return map[i][1];
  return "    ";
}

/* One node and its subtree, drawn as Net-SNMP's print_mib_leaves draws
 * them: a "|" line goes before a child unless the node printed just
 * before was a leaf with a type (or an identity, notification...) and the
 * child has a type too. */
static void tree_node(FILE *out, const snmpx_mibdb *m, snmpx_mibdb_node n,
                      const char *prefix, bool more, int depth,
                      bool *was_simple)
{
  snmpx_mibdb_info in;
  if (snmpx_mibdb_info_get(m, n, &in) != 0 || depth > 64)
    return;
  const char *type = tree_type(&in);
  if (type != NULL)
    fprintf(out, "%s+-- %s %-9s %s(%" PRIu32 ")\n", prefix,
            tree_access(in.access), type, in.label, in.subid);
  else
    fprintf(out, "%s+--%s(%" PRIu32 ")\n", prefix, in.label, in.subid);
  char detail[1100];
  snprintf(detail, sizeof(detail), "%.1000s%c        ", prefix,
           more ? '|' : ' ');
  if (type != NULL) {
    if (*in.tc)
      fprintf(out, "%sTextual Convention: %s\n", detail, in.tc);
    if (in.n_enums) {
      fprintf(out, "%sValues: ", detail);
      print_enums(out, m, n, in.n_enums);
      fputc('\n', out);
    }
  }
  /* Net-SNMP draws ranges only under a simple type, and formats them
   * only for the types range_printable() names. */
  if (in.n_ranges && type != NULL) {
    fprintf(out, "%s%s: ", detail,
            in.type == SNMPX_MIBDB_TYPE_OCTETSTR ||
                    in.type == SNMPX_MIBDB_TYPE_OPAQUE
                ? "Size"
                : "Range");
    for (size_t i = 0; i < in.n_ranges; i++) {
      if (i)
        fputs(" | ", out);
      if (range_printable(in.type))
        print_range(out, m, n, i);
    }
    fputc('\n', out);
  }
  *was_simple = in.type != SNMPX_MIBDB_TYPE_NONE;
  snmpx_mibdb_node c = snmpx_mibdb_first_child(m, n);
  if (c == SNMPX_MIBDB_NODE_NONE)
    return;
  char sub[1100];
  snprintf(sub, sizeof(sub), "%.1000s%s", prefix, more ? "|  " : "   ");
  if (in.n_index && type == NULL) {
    fprintf(out, "%s|  Index: ", sub);
    for (size_t i = 0; i < in.n_index; i++)
      fprintf(out, "%s%s", i ? ", " : "", snmpx_mibdb_index_at(m, n, i, NULL));
    fputc('\n', out);
  }
  while (c != SNMPX_MIBDB_NODE_NONE) {
    /* Several labels on one sub-identifier (two modules naming an arc
     * differently): the library keeps the newest first, Net-SNMP's
     * insertion sort prints the oldest first. */
    snmpx_mibdb_node run[64];
    size_t n_run = 0;
    snmpx_mibdb_info ci;
    snmpx_mibdb_info_get(m, c, &ci);
    uint32_t subid = ci.subid;
    snmpx_mibdb_node next = c;
    while (next != SNMPX_MIBDB_NODE_NONE && n_run < 64) {
      snmpx_mibdb_info ni;
      snmpx_mibdb_info_get(m, next, &ni);
      if (ni.subid != subid)
        break;
      run[n_run++] = next;
      next = snmpx_mibdb_next_sibling(m, next);
    }
    for (size_t i = n_run; i-- > 0;) {
      snmpx_mibdb_info_get(m, run[i], &ci);
      if (!*was_simple || ci.type == SNMPX_MIBDB_TYPE_NONE)
        fprintf(out, "%s|\n", sub);
      tree_node(out, m, run[i], sub, i > 0 || next != SNMPX_MIBDB_NODE_NONE,
                depth + 1, was_simple);
    }
    c = next;
  }
  *was_simple = false;
}

/* ---- -TB and -Ib: regular expressions ------------------------------------ */

#define NO_MATCH UINT_MAX

typedef struct search {
  const snmpx_mibdb *m;
  ere *re;
  unsigned char *seen; /* Net-SNMP's "reported" flag, per node */
  bool own;
  /* The children of every node on the path being searched, each level's
   * after its parent's: find_best walks them from the end.  One array for
   * the whole search, grown as needed: no per-level buffer on the stack,
   * and no node left out however many children it has. */
  snmpx_mibdb_node *kids;
  size_t n_kids, cap_kids;
  bool failed; /* out of memory: the result is not to be trusted */
} search;

/* Where the pattern matches |label| (0 is best), NO_MATCH if nowhere. */
static unsigned match_at(const search *s, const char *label)
{
  long at = ere_search(s->re, label, strlen(label));
  return at < 0 ? NO_MATCH : (unsigned)at;
}

static snmpx_mibdb_node find_best_roots(search *s, unsigned *match);

/* Append |parent|'s children to s->kids.  @return 0, or -1 (out of memory:
 * s->failed is set and s->kids is as it was). */
static int push_children(search *s, snmpx_mibdb_node parent)
{
  size_t base = s->n_kids;
  for (snmpx_mibdb_node c = snmpx_mibdb_first_child(s->m, parent);
       c != SNMPX_MIBDB_NODE_NONE; c = snmpx_mibdb_next_sibling(s->m, c)) {
    if (s->n_kids == s->cap_kids) {
      size_t cap = s->cap_kids ? 2 * s->cap_kids : 256;
      snmpx_mibdb_node *k = realloc(s->kids, cap * sizeof(*k));
      if (k == NULL) {
        s->n_kids = base;
        s->failed = true;
        return -1;
      }
      s->kids = k;
      s->cap_kids = cap;
    }
    s->kids[s->n_kids++] = c;
  }
  return 0;
}

/* Net-SNMP's find_best_tree_node, rule for rule: each node scored once
 * per search set, the first match at offset 0 ends the search.  Children
 * go from the highest sub-identifier down; Net-SNMP's own order is the
 * order its modules built the tree in, so among equal matches the first
 * one found can differ (docs/mibs.md). */
static snmpx_mibdb_node find_best(search *s, snmpx_mibdb_node parent,
                                  unsigned *match, int depth)
{
  if (parent == SNMPX_MIBDB_NODE_NONE)
    return find_best_roots(s, match);
  snmpx_mibdb_node best = SNMPX_MIBDB_NODE_NONE;
  unsigned old = NO_MATCH, now = NO_MATCH;
  size_t base = s->n_kids;
  if (depth >= SNMPX_OID_MAX_LEN || push_children(s, parent) != 0) {
    *match = old;
    return best;
  }
  /* s->kids[base..i) are |parent|'s children not yet visited; deeper
   * calls push theirs after them and pop them before returning (the
   * array may move meanwhile: indexes only). */
  for (size_t i = s->n_kids; i-- > base;) {
    snmpx_mibdb_node tp = s->kids[i];
    if (!s->seen[tp]) {
      snmpx_mibdb_info in;
      snmpx_mibdb_info_get(s->m, tp, &in);
      now = match_at(s, in.label);
    }
    s->seen[tp] = 1;
    if (now < old) {
      best = tp;
      old = now;
    }
    if (now == 0)
      break;
    if (snmpx_mibdb_first_child(s->m, tp) != SNMPX_MIBDB_NODE_NONE) {
      snmpx_mibdb_node r = find_best(s, tp, &now, depth + 1);
      if (now < old) {
        best = r;
        old = now;
      }
      if (now == 0)
        break;
    }
  }
  s->n_kids = base;
  *match = old;
  return best;
}

/* The roots as Net-SNMP lists them: iso, then ccitt, joint-iso-ccitt. */
static snmpx_mibdb_node find_best_roots(search *s, unsigned *match)
{
  static const uint32_t order[] = {1, 0, 2};
  snmpx_mibdb_node best = SNMPX_MIBDB_NODE_NONE;
  unsigned old = NO_MATCH, now = NO_MATCH;
  for (size_t i = 0; i < 3; i++) {
    uint32_t arc = order[i];
    snmpx_oidv v = {&arc, 1};
    size_t got;
    snmpx_mibdb_node tp = snmpx_mibdb_find(s->m, v, &got);
    if (tp == SNMPX_MIBDB_NODE_NONE || got != 1)
      continue;
    if (!s->seen[tp]) {
      snmpx_mibdb_info in;
      snmpx_mibdb_info_get(s->m, tp, &in);
      now = match_at(s, in.label);
    }
    s->seen[tp] = 1;
    if (now < old) {
      best = tp;
      old = now;
    }
    if (now == 0)
      break;
    snmpx_mibdb_node r = find_best(s, tp, &now, 1);
    if (now < old) {
      best = r;
      old = now;
    }
    if (now == 0)
      break;
  }
  *match = old;
  return best;
}

/* |seen| (node count + 1 bytes) is the caller's, or NULL for a fresh one
 * freed by search_free.  |opt| names the option the pattern came with.
 * Net-SNMP hands the pattern to glibc's regcomp (REG_EXTENDED|REG_ICASE)
 * and prints its "Unable to find" line for the patterns regcomp refuses;
 * ere refuses the same ones, and two more of its own (tools/ere.h). */
static int search_init(search *s, const snmpx_mibdb *m, const char *pattern,
                       unsigned char *seen, const char *opt)
{
  memset(s, 0, sizeof(s[0]));
  s->m = m;
  s->own = seen == NULL;
  s->seen = seen ? seen : calloc(snmpx_mibdb_node_count(m) + 1, 1);
  int rc = s->seen == NULL ? ERE_ENOMEM
                           : ere_compile(pattern, ERE_ICASE, &s->re, NULL);
  if (rc == 0)
    return 0;
  if (s->own)
    free(s->seen);
  if (rc == ERE_ENOMEM)
    fprintf(stderr, "snmptranslate: out of memory\n");
  else if (ere_is_posix_error(rc))
    fprintf(stderr, "Unable to find a matching object identifier for \"%s\"\n",
            pattern);
  else
    fprintf(stderr, "snmptranslate: %s pattern \"%s\": %s\n", opt, pattern,
            ere_strerror(rc));
  return 1;
}

static void search_free(search *s)
{
  free(s->kids);
  ere_free(s->re);
  if (s->own)
    free(s->seen);
}

static void print_node_name(const translate *t, snmpx_mibdb_node n)
{
  snmpx_oid oid;
  if (snmpx_mibdb_node_oid(t->mib, n, &oid) == 0) {
    fmt_print_oid(stdout, &t->fmt, snmpx_oid_view(&oid));
    fputc('\n', stdout);
  }
}

/* -TB PATTERN: Net-SNMP repeats its best-match search until it finds
 * nothing more, printing each find. */
static int find_all(translate *t, const char *pattern)
{
  search s;
  if (search_init(&s, t->mib, pattern, NULL, "-TB") != 0)
    return 1;
  int found = 0;
  unsigned match;
  snmpx_mibdb_node n;
  while ((n = find_best(&s, SNMPX_MIBDB_NODE_NONE, &match, 0)) !=
             SNMPX_MIBDB_NODE_NONE &&
         !s.failed) {
    print_node_name(t, n);
    found++;
  }
  bool failed = s.failed;
  search_free(&s);
  if (failed) {
    fprintf(stderr, "snmptranslate: out of memory\n");
    return 1;
  }
  if (found == 0) {
    fprintf(stderr,
            "Unable to find a matching object identifier for "
            "\"%s\"\n",
            pattern);
    return 1;
  }
  return 0;
}

/* -Ib PATTERN: the best match, then looked up by its label. */
static int best_text(translate *t, const char *pattern, char *out, size_t cap)
{
  search s;
  if (t->seen == NULL &&
      (t->seen = calloc(snmpx_mibdb_node_count(t->mib) + 1, 1)) == NULL)
    return 1;
  if (search_init(&s, t->mib, pattern, t->seen, "-Ib") != 0)
    return 1;
  unsigned match;
  snmpx_mibdb_node n = find_best(&s, SNMPX_MIBDB_NODE_NONE, &match, 0);
  bool failed = s.failed;
  search_free(&s);
  if (failed) {
    fprintf(stderr, "snmptranslate: out of memory\n");
    return 1;
  }
  snmpx_mibdb_info in;
  if (n == SNMPX_MIBDB_NODE_NONE || snmpx_mibdb_info_get(t->mib, n, &in)) {
    fprintf(stderr,
            "Unable to find a matching object identifier for "
            "\"%s\"\n",
            pattern);
    return 1;
  }
  snprintf(out, cap, "%s", in.label);
  return 0;
}

/* ---- Main ------------------------------------------------------------------
 */

static int parse_topts(translate *t, const char *s)
{
  for (; *s; s++) {
    switch (*s) {
    case 'd':
      t->details = true;
      break;
    case 'p':
      t->tree = true;
      break;
    case 'l':
      t->rep_l = true;
      break;
    case 'o':
      t->rep_o = true;
      break;
    case 's':
      t->rep_s = true;
      break;
    case 'z':
      t->rep_z = true;
      break;
    case 'B':
      t->find_all = true;
      break;
    default:
      return (unsigned char)*s;
    }
  }
  return 0;
}

/* ---- -Tl -To -Ts -Tz ------------------------------------------------ */

/* The path of |n| from its root, printed per report style. */
static void print_path(FILE *out, const snmpx_mibdb *m, snmpx_mibdb_node n,
                       char style)
{
  snmpx_mibdb_node path[SNMPX_OID_MAX_LEN];
  size_t k = 0;
  for (; n != SNMPX_MIBDB_NODE_NONE && k < SNMPX_OID_MAX_LEN;
       n = snmpx_mibdb_parent(m, n))
    path[k++] = n;
  while (k-- > 0) {
    snmpx_mibdb_info in;
    snmpx_mibdb_info_get(m, path[k], &in);
    if (style == 'l')
      fprintf(out, ".%s(%" PRIu32 ")", in.label, in.subid);
    else if (style == 's')
      fprintf(out, ".%s", in.label);
    else if (style == 'z')
      fprintf(out, "%" PRIu32, in.subid);
    else
      fprintf(out, ".%" PRIu32, in.subid);
    if (style == 'z' && k > 0)
      fputc('.', out);
  }
}

static void report_node(FILE *out, const translate *t, snmpx_mibdb_node n)
{
  if (t->rep_l) {
    print_path(out, t->mib, n, 'l');
    fputc('\n', out);
  }
  if (t->rep_o) {
    print_path(out, t->mib, n, 'o');
    fputc('\n', out);
  }
  if (t->rep_s) {
    print_path(out, t->mib, n, 's');
    fputc('\n', out);
  }
  if (t->rep_z) {
    snmpx_mibdb_info in;
    snmpx_mibdb_info_get(t->mib, n, &in);
    fprintf(out, "\"%s\"\t\t\t\"", in.label);
    print_path(out, t->mib, n, 'z');
    fputs("\"\n", out);
  }
}

static void report_below(FILE *out, const translate *t, snmpx_mibdb_node n,
                         int depth)
{
  for (snmpx_mibdb_node c = snmpx_mibdb_first_child(t->mib, n);
       c != SNMPX_MIBDB_NODE_NONE && depth < SNMPX_OID_MAX_LEN;
       c = snmpx_mibdb_next_sibling(t->mib, c)) {
    report_node(out, t, c);
    report_below(out, t, c, depth + 1);
  }
}

/* Every node below the roots, depth first, iso's subtree first as
 * Net-SNMP keeps it. */
static void report_all(const translate *t)
{
  static const uint32_t order[] = {1, 0, 2};
  for (size_t i = 0; i < 3; i++) {
    uint32_t arc = order[i];
    snmpx_oidv v = {&arc, 1};
    size_t matched;
    snmpx_mibdb_node r = snmpx_mibdb_find(t->mib, v, &matched);
    if (r != SNMPX_MIBDB_NODE_NONE && matched == 1)
      report_below(stdout, t, r, 0);
  }
}

static int one(translate *t, const char *arg)
{
  snmpx_oid oid;
  char why[256], label[256];
  if (t->find_best) {
    if (best_text(t, arg, label, sizeof(label)) != 0)
      return 1;
    arg = label;
    t->random = true;
  }
  unsigned flags = SNMPX_MIBDB_AUTOLOAD | (t->random ? SNMPX_MIBDB_RANDOM : 0);
  if (snmpx_mibdb_parse_oid(t->mib, arg, flags, &oid, why, sizeof(why)) != 0) {
    if (t->random && strstr(arg, "::") == NULL)
      fprintf(stderr, "Unknown object identifier: %s\n", arg);
    else if (why[0])
      fprintf(stderr, "%s: Unknown Object Identifier (%s)\n", arg, why);
    else
      fprintf(stderr, "%s: Unknown Object Identifier\n", arg);
    return 2;
  }
  snmpx_oidv v = snmpx_oid_view(&oid);
  if (t->tree) {
    snmpx_mibdb_node n = snmpx_mibdb_find(t->mib, v, NULL);
    bool simple = false;
    if (n == SNMPX_MIBDB_NODE_NONE) {
      fprintf(stderr,
              "Unable to find a matching object identifier for \"%s\"\n", arg);
      return 1;
    }
    tree_node(stdout, t->mib, n, "", false, 0, &simple);
    return 0;
  }
  fmt_print_oid(stdout, &t->fmt, v);
  fputc('\n', stdout);
  if (t->details)
    print_details(stdout, t->mib, v);
  return 0;
}

int cmd_translate(int argc, char **argv)
{
  return cmd_translate_with(argc, argv, NULL);
}

int cmd_translate_with(int argc, char **argv, snmpx_mibdb *mib)
{
  translate t;
  memset(&t, 0, sizeof(t));
  fmt_opts_init(&t.fmt);
  const char *mibs = NULL, *dirs = NULL;
  static const struct option longopts[] = {{"help", no_argument, NULL, 'h'},
                                           {"version", no_argument, NULL, 'V'},
                                           {NULL, 0, NULL, 0}};
  int ch, bad;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "hVm:M:D::w:T:O:I:P:L:", longopts,
                           NULL)) != -1) {
    switch (ch) {
    case 'h':
      usage();
      return 0;
    case 'V':
      fprintf(stderr, "snmpx version: %s\n", SNMPX_VERSION_STRING);
      return 0;
    case 'm':
      mibs = optarg;
      break;
    case 'M':
      dirs = optarg;
      break;
    case 'T':
      if ((bad = parse_topts(&t, optarg)) != 0) {
        fprintf(stderr, "Invalid -T<lostpad> character: %c\n", bad);
        usage();
        return 1;
      }
      break;
    case 'O':
      if ((bad = fmt_opts_parse(&t.fmt, optarg)) != 0) {
        fprintf(stderr, "Unknown output option passed to -O: %c.\n", bad);
        usage();
        return 1;
      }
      break;
    case 'I':
      if ((bad = cli_parse_inopts(optarg, &t.random, &t.find_best)) != 0) {
        cli_bad_inopt(bad);
        usage();
        return 1;
      }
      break;
    case 'D':
    case 'w':
    case 'P':
    case 'L':
      break; /* debugging, width, parser and logging options: accepted */
    default:
      usage();
      return 1;
    }
  }
  t.mib = mib != NULL ? mib : cli_load_mib(mibs, dirs);
  if (t.mib == NULL) {
    fprintf(stderr, "snmptranslate: out of memory\n");
    return 1;
  }
  t.fmt.mib = t.mib;
  int rv = 0;
  if (t.find_all && optind < argc) {
    rv = find_all(&t, argv[optind]);
    if (mib == NULL)
      snmpx_mibdb_free(t.mib);
    return rv;
  }
  bool report = t.rep_l || t.rep_o || t.rep_s || t.rep_z;
  if (optind >= argc && report) {
    /* the report below is the whole output */
  } else if (optind >= argc) {
    if (t.tree) {
      /* Net-SNMP draws its tree_head, iso, alone (not ccitt or
       * joint-iso-ccitt). */
      static const uint32_t iso[] = {1};
      snmpx_mibdb_node r = snmpx_mibdb_find(t.mib, SNMPX_OIDV(iso), NULL);
      bool simple = false;
      if (r != SNMPX_MIBDB_NODE_NONE)
        tree_node(stdout, t.mib, r, "", false, 0, &simple);
    } else {
      usage();
      rv = 1;
    }
  }
  for (int i = optind; i < argc && rv == 0; i++) {
    rv = one(&t, argv[i]);
    if (rv == 0 && i + 1 < argc)
      fputc('\n', stdout);
  }
  if (rv == 0 && report)
    report_all(&t);
  free(t.seen);
  if (mib == NULL)
    snmpx_mibdb_free(t.mib);
  return rv;
}
