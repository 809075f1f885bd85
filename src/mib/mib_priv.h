/* src/mib internals: the lexer and parser's syntax tree (mib_parse.c), the
 * flat database every query reads (mib_db.c), loading and the search path
 * (mib_load.c), the compiled cache (mib_cache.c), and printing
 * (mib_print.c).
 *
 * The database is a handful of flat arrays and one string pool, indexed by
 * uint32_t, so the compiled cache is those arrays written out as they are
 * and read back with one read(). */
#ifndef SNMPX_MIBDB_PRIV_H
#define SNMPX_MIBDB_PRIV_H

#include <stdarg.h>

#include <snmpx/mib.h>

#include "internal.h"

#define MIB_NONE UINT32_MAX
/* Bounds that keep hostile input cheap. */
#define MIB_MAX_TOKEN 65536 /* longest identifier or quoted string */
#define MIB_MAX_FILE (16u << 20)

/* Base syntax of a node (Net-SNMP's TYPE_* kinds, which decide how a
 * value is printed and how -Tp names it). */
enum mib_type {
  MIB_T_NONE = 0,
  MIB_T_OBJID,
  MIB_T_OCTETSTR,
  MIB_T_INTEGER,
  MIB_T_NETADDR,
  MIB_T_IPADDR,
  MIB_T_COUNTER,
  MIB_T_GAUGE,
  MIB_T_TIMETICKS,
  MIB_T_OPAQUE,
  MIB_T_NULL,
  MIB_T_COUNTER64,
  MIB_T_BITS,
  MIB_T_NSAP,
  MIB_T_UINTEGER,
  MIB_T_UNSIGNED32,
  MIB_T_INTEGER32,
  MIB_T_TRAPTYPE,  /* TRAP-TYPE */
  MIB_T_NOTIFTYPE, /* NOTIFICATION-TYPE */
  MIB_T_OBJGROUP,
  MIB_T_NOTIFGROUP,
  MIB_T_MODCOMP,
  MIB_T_AGENTCAP,
  MIB_T_MODID,
  MIB_T_OBJIDENTITY
};

/* ---- Syntax tree of one module (arena-allocated) -------------------- */

typedef struct mib_arena mib_arena;

typedef struct ast_enum {
  const char *label;
  int64_t value;
} ast_enum;

typedef struct ast_range {
  int64_t lo, hi;
} ast_range;

typedef struct ast_syntax {
  uint8_t builtin;   /* MIB_T_* when the type is a base type */
  bool is_sequence;  /* SEQUENCE OF x, or a SEQUENCE type */
  bool is_size;      /* ranges are SIZE */
  const char *tname; /* a named type (TC) when builtin == 0 */
  ast_enum *enums;
  size_t n_enums;
  ast_range *ranges;
  size_t n_ranges;
} ast_syntax;

typedef struct ast_oidc {
  const char *label; /* NULL for a bare number */
  int64_t num;       /* -1 when absent (a bare label) */
} ast_oidc;

typedef struct ast_def {
  struct ast_def *next;
  const char *label;
  uint8_t kind; /* MIB_T_* of the macro: OBJID for plain assignments,
                 * NONE for OBJECT-TYPE (its syntax decides) */
  bool has_syntax;
  bool is_objtype;
  int line, col;
  ast_oidc *oid;
  size_t n_oid;
  ast_syntax syntax;
  const char *units, *access, *status, *description, *reference, *defval;
  const char *augments, *hint;
  const char **index;
  uint8_t *implied;
  size_t n_index;
  const char **objects;
  size_t n_objects;
  const char *enterprise; /* TRAP-TYPE */
} ast_def;

typedef struct ast_tc {
  struct ast_tc *next;
  const char *name;
  const char *hint;
  const char *status, *description;
  bool is_tc; /* TEXTUAL-CONVENTION (not a plain type assignment) */
  ast_syntax syntax;
  int line;
} ast_tc;

typedef struct ast_import {
  const char *sym;
  const char *module;
  int line, col;
} ast_import;

/* A module a MODULE-COMPLIANCE's MODULE clause or an AGENT-CAPABILITIES'
 * SUPPORTS clause names: Net-SNMP reads it as it parses the clause. */
typedef struct ast_modref {
  struct ast_modref *next;
  const struct ast_def *def; /* the definition with the clause */
  const char *name;
  int line;
  bool supports; /* SUPPORTS (AGENT-CAPABILITIES), else MODULE */
} ast_modref;

typedef struct ast_module {
  struct ast_module *next;
  const char *name;
  const char *file;
  int line;
  ast_import *imports;
  size_t n_imports;
  ast_def *defs, **defs_tail;
  ast_tc *tcs, **tcs_tail;
  ast_modref *modrefs, **modrefs_tail;
} ast_module;

/* Report sink for parse errors: "file:line:col: message". */
typedef void (*mib_diag_fn)(void *ud, const char *file, int line, int col,
                            const char *msg);

typedef struct mib_parse_out {
  ast_module *modules; /* in file order */
  int errors;
} mib_parse_out;

mib_arena *snmpx__mibdb_arena_new(const snmpx_mem *mem);
void snmpx__mibdb_arena_free(mib_arena *a);
void *snmpx__mibdb_arena_alloc(mib_arena *a, size_t n);
char *snmpx__mibdb_arena_strndup(mib_arena *a, const char *s, size_t n);

/** Parse every module in |text| (|len| bytes, need not be terminated).
 *  Trees go into |a|; errors are reported through |diag| and counted.
 *  A module with an error keeps the definitions before it.
 *  @return 0; SNMPX_ENOMEM. */
int snmpx__mibdb_parse(mib_arena *a, const char *file, const char *text,
                       size_t len, mib_diag_fn diag, void *ud,
                       mib_parse_out *out);

/** The name of the first module in |text| (the word before DEFINITIONS),
 *  copied into |out| (|cap| bytes).  @return 0; SNMPX_ENOTFOUND. */
int snmpx__mibdb_first_module(const char *text, size_t len, char *out,
                              size_t cap);

/* ---- The database ----------------------------------------------------- */

typedef struct mib_node {
  uint32_t subid;
  uint32_t parent, child, sibling; /* children ascending by subid */
  uint32_t label;                  /* string offsets; 0 is "" */
  uint32_t module;                 /* first defining module, or MIB_NONE */
  uint32_t modlist;                /* into mods: every defining module */
  uint32_t hash_next;              /* label hash chain */
  uint32_t tc;                     /* TC named in SYNTAX */
  uint32_t hint, units, description, reference, defval, augments;
  uint32_t access, status;
  uint32_t enums, n_enums;
  uint32_t ranges, n_ranges;
  uint32_t indexes, n_indexes;
  uint32_t objects, n_objects;
  uint32_t line; /* where defined, for -Td's "-- FROM" */
  uint8_t type;  /* MIB_T_* */
  uint8_t is_size;
  uint8_t defined;      /* a macro or assignment defined it, not only a(n) */
  uint8_t is_anonymous; /* made for a bare number: "anonymous#N" */
} mib_node;

typedef struct mib_enum {
  int64_t value;
  uint32_t label;
  uint32_t pad;
} mib_enum;

typedef struct mib_range {
  int64_t lo, hi;
} mib_range;

typedef struct mib_index {
  uint32_t label;
  uint32_t implied;
} mib_index;

typedef struct mib_modref { /* a node's list of modules */
  uint32_t module;
  uint32_t next;
} mib_modref;

typedef struct mib_tc {
  uint32_t name, module, hint, hash_next;
  uint32_t enums, n_enums, ranges, n_ranges;
  uint8_t type, is_size, is_tc, pad;
} mib_tc;

typedef struct mib_module {
  uint32_t name;
  uint32_t file;
} mib_module;

/* A growable array. */
typedef struct mib_vec {
  void *p;
  uint32_t n, cap;
} mib_vec;

typedef struct mib_source { /* a file or directory the load read */
  uint32_t path;
  uint32_t pad;
  int64_t mtime_ns;
  int64_t size;
} mib_source;

#define MIB_HASH_SIZE 4096u

struct snmpx_mibdb {
  const snmpx_mem *mem;
  mib_vec nodes, strings, enums, ranges, indexes, u32s, mods, tcs, modules;
  mib_vec sources; /* what the cache depends on */
  mib_vec diags;   /* text of every warning, replayed from the cache */
  uint32_t node_hash[MIB_HASH_SIZE];
  uint32_t tc_hash[MIB_HASH_SIZE];
  /* Loading state (not part of the cache). */
  char **dirs;
  size_t n_dirs;
  char **shipped; /* searched after dirs, for modules found nowhere else */
  size_t n_shipped;
  struct mib_file_ent *files; /* module name -> file, from the scan */
  size_t n_files;
  size_t n_user_files; /* of them, found in dirs (not in shipped) */
  bool scanned;
  bool from_cache;
  bool said_path;     /* "MIB search path:" goes out once */
  mib_arena **arenas; /* syntax trees, kept until the database is freed */
  size_t n_arenas;
  struct mib_orphan *orphans;
  size_t n_orphans, cap_orphans;
  /* Net-SNMP's list of orphans, whose order its reports follow: a key per
   * orphan, smaller ones made at the front, larger at the back. */
  int64_t orphan_front, orphan_back;
  uint32_t anon_seq;      /* next "anonymous#N" */
  mib_vec named;          /* nodes an unnamed node's label was given to */
  uint64_t link_tries;    /* definitions tried, to test settling is linear */
  char last_missing[128]; /* the module "Cannot find module" named last */

  /* Names of the modules being loaded (import cycles), borrowed from
   * their syntax trees. */
  const char *loading[64];
  size_t n_loading;
  snmpx_mibdb_diag_cb diag_cb;
  void *diag_ud;
  int errors;
};

#define VEC_AT(m, vec, type, i) (((type *)(m)->vec.p)[(i)])
#define NODE(m, i) VEC_AT(m, nodes, mib_node, i)
#define STR(m, off) ((const char *)(m)->strings.p + (off))

int snmpx__mibdb_vec_push(snmpx_mibdb *m, mib_vec *v, size_t elt,
                          const void *item, uint32_t *idx);
/** Intern |s| (|n| bytes) in the string pool.  @return the offset, or
 *  MIB_NONE when out of memory. */
uint32_t snmpx__mibdb_str(snmpx_mibdb *m, const char *s, size_t n);
/** The bucket of |s| (|n| bytes) in node_hash and tc_hash (FNV-1a). */
uint32_t snmpx__mibdb_hash(const char *s, size_t n);
/** First node labelled |label| (any module), MIB_NONE if none. */
uint32_t snmpx__mibdb_find_label(const snmpx_mibdb *m, const char *label,
                                 size_t n);
/** The node labelled |label| that |module| defines, MIB_NONE if none. */
uint32_t snmpx__mibdb_find_in_module(const snmpx_mibdb *m, const char *label,
                                     size_t n, uint32_t module);
uint32_t snmpx__mibdb_module_id(const snmpx_mibdb *m, const char *name,
                                size_t n);
bool snmpx__mibdb_node_has_module(const snmpx_mibdb *m, uint32_t node,
                                  uint32_t module);
/** Link one parsed module into the database (its imports must be loaded
 *  already).  @return 0; SNMPX_ENOMEM. */
int snmpx__mibdb_link(snmpx_mibdb *m, const ast_module *am);
/** True for the words Net-SNMP's lexer keeps for itself (macro names and
 *  base types): importing one asks for nothing. */
bool snmpx__mibdb_is_keyword(const char *s);
/** Net-SNMP's "Did not find 'x' in module M (file)" for each imported
 *  symbol that the (loaded or missing) module does not define. */
void snmpx__mibdb_check_imports(snmpx_mibdb *m, const ast_module *am);
/** The module Net-SNMP reads |sym| from when |old|, which it is imported
 *  from, is missing (its module_map), or NULL. */
const char *snmpx__mibdb_import_replacement(const char *old, const char *sym);
/** "Unlinked OID" / "Undefined identifier" for the definitions of
 *  |module| left without a parent.  @return 0; SNMPX_ENOMEM. */
int snmpx__mibdb_report_unlinked(snmpx_mibdb *m, uint32_t module);
/** "Cannot adopt OID" for every definition still without a parent.
 *  @return 0; SNMPX_ENOMEM. */
int snmpx__mibdb_report_orphans(snmpx_mibdb *m);
/** Report a warning; it is also kept for the cache. */
void snmpx__mibdb_warn(snmpx_mibdb *m, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/** Reset to the empty database (three roots). @return 0; SNMPX_ENOMEM. */
int snmpx__mibdb_db_init(snmpx_mibdb *m);
void snmpx__mibdb_db_clear(snmpx_mibdb *m);

/** Read the regular file |path| into a new NUL-terminated buffer |*out|
 *  (|*len| bytes, at most |limit|; freed with snmpx__free); a file larger
 *  than |max| bytes is refused.  @return 0; SNMPX_EMIB_IO, SNMPX_ENOMEM. */
int snmpx__mibdb_read_file(const snmpx_mibdb *m, const char *path, size_t max,
                           size_t limit, char **out, size_t *len);

/* Cache (mib_cache.c). */
/** Write |m| to |path| (through a temporary file renamed into place); its
 *  sources must include the writer's own library file.
 *  @return 0; SNMPX_ENOMEM, SNMPX_EMIB_IO. */
int snmpx__mibdb_cache_save(const snmpx_mibdb *m, const char *path);
/** Replace |m| with the cache at |path| if that is valid for the library
 *  in file |self| ("": any reader, the build being named in the cache's
 *  file name) and its sources are unchanged; else leave |m| as it was.
 *  @return 0; SNMPX_EMIB_CACHE, SNMPX_ENOMEM. */
int snmpx__mibdb_cache_load(snmpx_mibdb *m, const char *path, const char *self);

/** Replace |m| with the cache image |buf| (|len| bytes), checked as
 *  snmpx__mibdb_cache_load checks a file; |self| NULL skips the check of
 *  its sources (fuzzing: an image in memory has none to compare).
 *  @return 0; SNMPX_EMIB_CACHE, SNMPX_ENOMEM. */
int snmpx__mibdb_cache_parse(snmpx_mibdb *m, const uint8_t *buf, size_t len,
                             const char *self);
/** The checksum a cache image ends with (over the bytes before it). */
uint64_t snmpx__mibdb_cache_checksum(const uint8_t *p, size_t n);

#endif
