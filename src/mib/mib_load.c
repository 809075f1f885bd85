/* Finding and loading modules: the search path, the index of module names
 * to files, IMPORTS, "ALL", and Net-SNMP's MIBS/MIBDIRS/snmp.conf rules. */
#define _GNU_SOURCE /* dladdr */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mib_priv.h"

typedef struct mib_file_ent {
  char *module;
  char *path;
} mib_file_ent;

/* Net-SNMP 5.9's compiled-in module list (net-snmp-config --default-mibs)
 * and directories. */
static const char default_mibs[] =
    ":SNMPv2-MIB:IF-MIB:IP-MIB:TCP-MIB:UDP-MIB:HOST-RESOURCES-MIB:"
    "NOTIFICATION-LOG-MIB:DISMAN-EVENT-MIB:DISMAN-SCHEDULE-MIB:"
    "HOST-RESOURCES-TYPES:MTA-MIB:NETWORK-SERVICES-MIB:UCD-DISKIO-MIB:"
    "UCD-DLMOD-MIB:LM-SENSORS-MIB:UCD-SNMP-MIB:UCD-DEMO-MIB:SNMP-TARGET-MIB:"
    "NET-SNMP-AGENT-MIB:SNMP-FRAMEWORK-MIB:SNMP-MPD-MIB:"
    "SNMP-USER-BASED-SM-MIB:SNMP-VIEW-BASED-ACM-MIB:SNMP-COMMUNITY-MIB:"
    "IPV6-ICMP-MIB:IPV6-MIB:IPV6-TCP-MIB:IPV6-UDP-MIB:IP-FORWARD-MIB:"
    "NET-SNMP-PASS-MIB:NET-SNMP-EXTEND-MIB:SNMP-NOTIFICATION-MIB:SNMPv2-TM:"
    "NET-SNMP-VACM-MIB";
static const char default_dirs_tail[] =
    "/.snmp/mibs:/usr/share/snmp/mibs:/usr/share/snmp/mibs/iana:"
    "/usr/share/snmp/mibs/ietf";

/* Net-SNMP 5.9's module_map: old modules and the modules that replaced
 * them, for all of one (no tag) or for the imported names that equal
 * |tag| (|tag_len| 0) or begin with its first |tag_len| characters. */
static const struct {
  const char *old, *now, *tag;
  size_t tag_len;
} module_map[] = {
    {"RFC1065-SMI", "RFC1155-SMI", NULL, 0},
    {"RFC1066-MIB", "RFC1156-MIB", NULL, 0},
    {"RFC1156-MIB", "RFC1158-MIB", NULL, 0},
    {"RFC1158-MIB", "RFC1213-MIB", NULL, 0},
    {"RFC1155-SMI", "SNMPv2-SMI", NULL, 0},
    {"RFC1213-MIB", "SNMPv2-SMI", "mib-2", 0},
    {"RFC1213-MIB", "SNMPv2-MIB", "sys", 3},
    {"RFC1213-MIB", "IF-MIB", "if", 2},
    {"RFC1213-MIB", "IP-MIB", "ip", 2},
    {"RFC1213-MIB", "IP-MIB", "icmp", 4},
    {"RFC1213-MIB", "TCP-MIB", "tcp", 3},
    {"RFC1213-MIB", "UDP-MIB", "udp", 3},
    {"RFC1213-MIB", "SNMPv2-SMI", "transmission", 0},
    {"RFC1213-MIB", "SNMPv2-MIB", "snmp", 4},
    {"RFC1231-MIB", "TOKENRING-MIB", NULL, 0},
    {"RFC1271-MIB", "RMON-MIB", NULL, 0},
    {"RFC1286-MIB", "SOURCE-ROUTING-MIB", "dot1dSr", 7},
    {"RFC1286-MIB", "BRIDGE-MIB", NULL, 0},
    {"RFC1315-MIB", "FRAME-RELAY-DTE-MIB", NULL, 0},
    {"RFC1316-MIB", "CHARACTER-MIB", NULL, 0},
    {"RFC1406-MIB", "DS1-MIB", NULL, 0},
    {"RFC-1213", "RFC1213-MIB", NULL, 0},
};

#define N_MODULE_MAP (sizeof(module_map) / sizeof(module_map[0]))

const char *snmpx__mibdb_import_replacement(const char *old, const char *sym)
{
  for (size_t i = 0; i < N_MODULE_MAP; i++)
    if (strcmp(module_map[i].old, old) == 0 &&
        (module_map[i].tag_len
             ? strncmp(module_map[i].tag, sym, module_map[i].tag_len) == 0
             : module_map[i].tag == NULL ||
                   strcmp(module_map[i].tag, sym) == 0))
      return module_map[i].now;
  return NULL;
}

/* The module Net-SNMP reads instead of all of the missing |old|
 * (read_module_replacements: the first entry for it), or NULL. */
static const char *module_replacement(const char *old)
{
  for (size_t i = 0; i < N_MODULE_MAP; i++)
    if (strcmp(module_map[i].old, old) == 0)
      return module_map[i].now;
  return NULL;
}

static int load_module_at(snmpx_mibdb *m, const char *name, const char *from,
                          int line);
static int load_path(snmpx_mibdb *m, const char *path, const char *only);
static void warn_not_found(snmpx_mibdb *m, const char *name, const char *from,
                           int line);

/* The file holding this code (the shared library, or the program it is
 * linked into): a cache is valid only for the build that wrote it. */
static bool self_path(char *buf, size_t cap)
{
  Dl_info info;
  if (dladdr((void *)snmpx_mibdb_new, &info) != 0 && info.dli_fname != NULL &&
      info.dli_fname[0] == '/') {
    snprintf(buf, cap, "%s", info.dli_fname);
    return true;
  }
  ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
  if (n <= 0)
    return false;
  buf[n] = '\0';
  return true;
}

/* ---- Life cycle -----------------------------------------------------------
 */

snmpx_mibdb *snmpx_mibdb_new(const snmpx_mem *mem)
{
  snmpx_mibdb *m = snmpx__calloc(mem, 1, sizeof(*m));
  if (m == NULL)
    return NULL;
  m->mem = mem;
  if (snmpx__mibdb_db_init(m) != 0) {
    snmpx_mibdb_free(m);
    return NULL;
  }
  return m;
}

static void free_list(snmpx_mibdb *m, char ***list, size_t *n)
{
  for (size_t i = 0; i < *n; i++)
    snmpx__free(m->mem, (*list)[i]);
  snmpx__free(m->mem, *list);
  *list = NULL;
  *n = 0;
}

static void free_dirs(snmpx_mibdb *m)
{
  free_list(m, &m->dirs, &m->n_dirs);
}

static void free_index(snmpx_mibdb *m)
{
  for (size_t i = 0; i < m->n_files; i++) {
    snmpx__free(m->mem, m->files[i].module);
    snmpx__free(m->mem, m->files[i].path);
  }
  snmpx__free(m->mem, m->files);
  m->files = NULL;
  m->n_files = 0;
  m->n_user_files = 0;
  m->scanned = false;
}

void snmpx_mibdb_free(snmpx_mibdb *m)
{
  if (m == NULL)
    return;
  snmpx__mibdb_db_clear(m);
  free_dirs(m);
  free_list(m, &m->shipped, &m->n_shipped);
  free_index(m);
  for (size_t i = 0; i < m->n_arenas; i++)
    snmpx__mibdb_arena_free(m->arenas[i]);
  snmpx__free(m->mem, m->arenas);
  snmpx__free(m->mem, m->orphans);

  snmpx__free(m->mem, m);
}

void snmpx_mibdb_set_diag(snmpx_mibdb *m, snmpx_mibdb_diag_cb cb,
                          void *user_data)
{
  m->diag_cb = cb;
  m->diag_ud = user_data;
}

int snmpx_mibdb_error_count(const snmpx_mibdb *m)
{
  return m->errors;
}

bool snmpx_mibdb_is_from_cache(const snmpx_mibdb *m)
{
  return m->from_cache;
}

size_t snmpx_mibdb_module_count(const snmpx_mibdb *m)
{
  return m->modules.n;
}

size_t snmpx_mibdb_node_count(const snmpx_mibdb *m)
{
  return m->nodes.n;
}

static char *dup_n(const snmpx_mibdb *m, const char *s, size_t n)
{
  char *p = snmpx__malloc(m->mem, n + 1);
  if (p != NULL) {
    memcpy(p, s, n);
    p[n] = '\0';
  }
  return p;
}

/* Split the ':'-separated |list| into |*out| (|*n| entries). */
static int split_dirs(snmpx_mibdb *m, const char *list, char ***out,
                      size_t *count)
{
  free_list(m, out, count);
  for (const char *p = list; *p;) {
    size_t n = strcspn(p, ":");
    if (n > 0) {
      char **d = snmpx__realloc(m->mem, *out, (*count + 1) * sizeof(*d));
      if (d == NULL)
        return SNMPX_ENOMEM;
      *out = d;
      if ((d[*count] = dup_n(m, p, n)) == NULL)
        return SNMPX_ENOMEM;
      (*count)++;
    }
    p += n;
    if (*p == ':')
      p++;
  }
  return 0;
}

int snmpx_mibdb_set_dirs(snmpx_mibdb *m, const char *list)
{
  if (m == NULL || list == NULL)
    return SNMPX_EINVAL;
  free_index(m);
  return split_dirs(m, list, &m->dirs, &m->n_dirs);
}

int snmpx_mibdb_get_dirs(const snmpx_mibdb *m, char *buf, size_t cap)
{
  size_t len = 0;
  for (size_t i = 0; i < m->n_dirs; i++) {
    size_t n = strlen(m->dirs[i]);
    if (len + n + 2 > cap)
      return SNMPX_ENOSPACE;
    if (i)
      buf[len++] = ':';
    memcpy(buf + len, m->dirs[i], n);
    len += n;
  }
  if (cap == 0)
    return SNMPX_ENOSPACE;
  buf[len] = '\0';
  return (int)len;
}

/* ---- Files -----------------------------------------------------------------
 */

static int add_source(snmpx_mibdb *m, const char *path, const struct stat *st)
{
  mib_source s;
  memset(&s, 0, sizeof(s));
  s.path = snmpx__mibdb_str(m, path, strlen(path));
  if (s.path == MIB_NONE)
    return SNMPX_ENOMEM;
  if (st != NULL) {
    s.mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
    s.size = (int64_t)st->st_size;
  } else {
    s.mtime_ns = -1;
    s.size = -1;
  }
  return snmpx__mibdb_vec_push(m, &m->sources, sizeof(s), &s, NULL);
}

int snmpx__mibdb_read_file(const snmpx_mibdb *m, const char *path, size_t max,
                           size_t limit, char **out, size_t *len)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return SNMPX_EMIB_IO;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
      (uint64_t)st.st_size > max) {
    close(fd);
    return SNMPX_EMIB_IO;
  }
  size_t want = (size_t)st.st_size < limit ? (size_t)st.st_size : limit;
  char *buf = snmpx__malloc(m->mem, want + 1);
  if (buf == NULL) {
    close(fd);
    return SNMPX_ENOMEM;
  }
  size_t got = 0;
  while (got < want) {
    ssize_t r = read(fd, buf + got, want - got);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    got += (size_t)r;
  }
  close(fd);
  buf[got] = '\0';
  *out = buf;
  *len = got;
  return 0;
}

static int name_cmp(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int index_file(snmpx_mibdb *m, const char *path, bool shipped)
{
  char *text;
  size_t len;
  char name[256];
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return 0;
  if (add_source(m, path, &st) != 0)
    return SNMPX_ENOMEM;
  int rv = snmpx__mibdb_read_file(m, path, MIB_MAX_FILE, 16384, &text, &len);
  if (rv == SNMPX_ENOMEM)
    return rv;
  if (rv != 0)
    return 0;
  rv = snmpx__mibdb_first_module(text, len, name, sizeof(name));
  snmpx__free(m->mem, text);
  if (rv == SNMPX_ENOTFOUND && (size_t)st.st_size > 16384) {
    if ((rv = snmpx__mibdb_read_file(m, path, MIB_MAX_FILE, MIB_MAX_FILE, &text,
                                     &len)) != 0)
      return rv == SNMPX_ENOMEM ? rv : 0;
    rv = snmpx__mibdb_first_module(text, len, name, sizeof(name));
    snmpx__free(m->mem, text);
  }
  if (rv != 0)
    return 0;
  /* Net-SNMP's new_module(): a module seen again (a later file of the
   * directory, or a later directory) is read from the new file, and keeps
   * its place in the list ("ALL" order). */
  for (size_t i = 0; i < m->n_files; i++)
    if (strcmp(m->files[i].module, name) == 0) {
      if (shipped)
        return 0; /* the user's copy, or an earlier shipped one, wins */
      char *p = dup_n(m, path, strlen(path));
      if (p == NULL)
        return SNMPX_ENOMEM;
      snmpx__free(m->mem, m->files[i].path);
      m->files[i].path = p;
      return 0;
    }
  mib_file_ent *f =
      snmpx__realloc(m->mem, m->files, (m->n_files + 1) * sizeof(*f));
  if (f == NULL)
    return SNMPX_ENOMEM;
  m->files = f;
  f[m->n_files].module = dup_n(m, name, strlen(name));
  f[m->n_files].path = dup_n(m, path, strlen(path));
  if (f[m->n_files].module == NULL || f[m->n_files].path == NULL)
    return SNMPX_ENOMEM;
  m->n_files++;
  return 0;
}

/* Net-SNMP reads each directory's files in name order. */
static int scan_dir(snmpx_mibdb *m, const char *dir, bool shipped)
{
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return add_source(m, dir, NULL);
  if (add_source(m, dir, &st) != 0)
    return SNMPX_ENOMEM;
  DIR *d = opendir(dir);
  if (d == NULL)
    return 0;
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rv = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL && rv == 0) {
    size_t len = strlen(e->d_name);
    if (e->d_name[0] == '.' || e->d_name[len - 1] == '~')
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **p = snmpx__realloc(m->mem, names, cap * sizeof(*p));
      if (p == NULL) {
        rv = SNMPX_ENOMEM;
        break;
      }
      names = p;
    }
    if ((names[n] = dup_n(m, e->d_name, len)) == NULL)
      rv = SNMPX_ENOMEM;
    else
      n++;
  }
  closedir(d);
  if (rv == 0 && n > 1) /* an empty directory has no array at all */
    qsort(names, n, sizeof(*names), name_cmp);
  for (size_t i = 0; i < n; i++) {
    if (rv == 0) {
      size_t need = strlen(dir) + strlen(names[i]) + 2;
      char *path = snmpx__malloc(m->mem, need);
      if (path == NULL) {
        rv = SNMPX_ENOMEM;
      } else {
        snprintf(path, need, "%s/%s", dir, names[i]);
        rv = index_file(m, path, shipped);
        snmpx__free(m->mem, path);
      }
    }
    snmpx__free(m->mem, names[i]);
  }
  snmpx__free(m->mem, names);
  return rv;
}

static int ensure_index(snmpx_mibdb *m)
{
  if (m->scanned)
    return 0;
  free_index(m);
  for (size_t i = 0; i < m->n_dirs; i++) {
    int rv = scan_dir(m, m->dirs[i], false);
    if (rv != 0)
      return rv;
  }
  m->n_user_files = m->n_files;
  for (size_t i = 0; i < m->n_shipped; i++) {
    int rv = scan_dir(m, m->shipped[i], true);
    if (rv != 0)
      return rv;
  }
  m->scanned = true;
  return 0;
}

static const char *find_file(const snmpx_mibdb *m, const char *module)
{
  for (size_t i = 0; i < m->n_files; i++)
    if (strcmp(m->files[i].module, module) == 0)
      return m->files[i].path;
  return NULL;
}

/* ---- Parsing and linking ---------------------------------------------- */

static void parse_diag(void *ud, const char *file, int line, int col,
                       const char *msg)
{
  snmpx_mibdb *m = ud;
  snmpx__mibdb_warn(m, "%s:%d:%d: %s", file, line, col, msg);
}

static bool is_loaded(const snmpx_mibdb *m, const char *name)
{
  return snmpx__mibdb_module_id(m, name, strlen(name)) != MIB_NONE;
}

static bool is_loading(const snmpx_mibdb *m, const char *name)
{
  for (size_t i = 0; i < m->n_loading; i++)
    if (strcmp(m->loading[i], name) == 0)
      return true;
  return false;
}

/* True when the FROM clause of import |i| names only macros and base
 * types: Net-SNMP's lexer takes those as keywords and never asks for the
 * module. */
static bool imports_only_keywords(const ast_module *am, size_t i)
{
  const char *mod = am->imports[i].module;
  for (; i < am->n_imports && am->imports[i].module == mod; i++)
    if (!snmpx__mibdb_is_keyword(am->imports[i].sym))
      return false;
  return true;
}

/* A FROM clause naming a module that is not there: as Net-SNMP, each
 * imported name is read from the module that replaced it (or all of a
 * replacement is read), and only when none was found is the module
 * reported missing. */
static int load_replacements(snmpx_mibdb *m, const ast_module *am, size_t i)
{
  const char *mod = am->imports[i].module;
  int line = am->imports[i].line, found = 0;
  for (; i < am->n_imports && am->imports[i].module == mod; i++) {
    const char *sym = am->imports[i].sym;
    if (snmpx__mibdb_is_keyword(sym))
      continue;
    const char *now = snmpx__mibdb_import_replacement(mod, sym);
    if (now == NULL)
      now = module_replacement(mod);
    if (now == NULL)
      continue;
    found++;
    if (load_module_at(m, now, am->file, line) == SNMPX_ENOMEM)
      return SNMPX_ENOMEM;
  }
  if (found == 0)
    warn_not_found(m, mod, am->file, line);
  return 0;
}

/* Load what |am| imports, in the order of its FROM clauses. */
static int load_imports(snmpx_mibdb *m, const ast_module *am)
{
  for (size_t i = 0; i < am->n_imports; i++) {
    const char *mod = am->imports[i].module;
    if (mod == NULL || (i > 0 && am->imports[i - 1].module == mod) ||
        imports_only_keywords(am, i) || is_loaded(m, mod) || is_loading(m, mod))
      continue;
    int rv = ensure_index(m);
    if (rv != 0)
      return rv;
    if (find_file(m, mod) == NULL && strcmp(mod, "RFC-1212") != 0 &&
        strcmp(mod, "RFC-1215") != 0)
      rv = load_replacements(m, am, i);
    else
      rv = load_module_at(m, mod, am->file, am->imports[i].line);
    if (rv == SNMPX_ENOMEM)
      return rv;
  }
  return 0;
}

/* The modules |am|'s MODULE-COMPLIANCE and AGENT-CAPABILITIES clauses
 * name, read as Net-SNMP's parser reads them: one it cannot find ends its
 * definition's clauses with "Unknown module" (or "Module not found"). */
static int load_modrefs(snmpx_mibdb *m, const ast_module *am)
{
  const ast_def *failed = NULL;
  for (const ast_modref *r = am->modrefs; r != NULL; r = r->next) {
    if (r->def == failed || is_loaded(m, r->name) || is_loading(m, r->name))
      continue;
    int rv = ensure_index(m);
    if (rv != 0)
      return rv;
    const char *path = find_file(m, r->name);
    if (path == NULL) {
      snmpx__mibdb_warn(m, "%s (%s): At line %d in %s",
                        r->supports ? "Module not found" : "Unknown module",
                        r->name, r->line, am->file);
      failed = r->def;
      continue;
    }
    m->last_missing[0] = '\0';
    if ((rv = load_path(m, path, r->name)) == SNMPX_ENOMEM)
      return rv;
  }
  return 0;
}

static int link_module(snmpx_mibdb *m, const ast_module *am)
{
  if (is_loaded(m, am->name) || m->n_loading >= 64)
    return 0;
  m->loading[m->n_loading++] = am->name;
  int rv = load_imports(m, am);
  if (rv == 0)
    rv = load_modrefs(m, am);
  m->n_loading--;
  if (rv != 0)
    return rv;
  if (is_loaded(m, am->name)) /* an import cycle loaded it */
    return 0;
  snmpx__mibdb_check_imports(m, am);
  if ((rv = snmpx__mibdb_link(m, am)) != 0)
    return rv;
  return snmpx__mibdb_report_unlinked(m, m->modules.n - 1);
}

static int keep_arena(snmpx_mibdb *m, mib_arena *a)
{
  mib_arena **p =
      snmpx__realloc(m->mem, m->arenas, (m->n_arenas + 1) * sizeof(*p));
  if (p == NULL) {
    snmpx__mibdb_arena_free(a);
    return SNMPX_ENOMEM;
  }
  m->arenas = p;
  p[m->n_arenas++] = a;
  return 0;
}

/* Parse |text| and link its modules; only |only| when not NULL. */
static int load_text(snmpx_mibdb *m, const char *file, const char *text,
                     size_t len, const char *only)
{
  mib_arena *a = snmpx__mibdb_arena_new(m->mem);
  if (a == NULL || keep_arena(m, a) != 0)
    return SNMPX_ENOMEM;
  mib_parse_out out;
  int rv = snmpx__mibdb_parse(a, file, text, len, parse_diag, m, &out);
  if (rv != 0)
    return rv;
  m->errors += out.errors;
  for (ast_module *am = out.modules; am != NULL; am = am->next) {
    if (only != NULL && strcmp(am->name, only) != 0)
      continue;
    if ((rv = link_module(m, am)) != 0)
      return rv;
  }
  return out.errors ? SNMPX_EMIB_SYNTAX : 0;
}

static int load_path(snmpx_mibdb *m, const char *path, const char *only)
{
  char *text;
  size_t len;
  int rv =
      snmpx__mibdb_read_file(m, path, MIB_MAX_FILE, MIB_MAX_FILE, &text, &len);
  if (rv != 0)
    return rv;
  rv = load_text(m, path, text, len, only);
  snmpx__free(m->mem, text);
  return rv;
}

static const char *mapped_module(const snmpx_mibdb *m, const char *name)
{
  const char *now = module_replacement(name);
  return now != NULL && find_file(m, name) == NULL ? now : name;
}

static void warn_not_found(snmpx_mibdb *m, const char *name, const char *from,
                           int line)
{
  /* Net-SNMP does not repeat the report of the module it reported last. */
  if (strcmp(m->last_missing, name) == 0)
    return;
  snprintf(m->last_missing, sizeof(m->last_missing), "%s", name);
  char dirs[4096];
  if (!m->said_path && snmpx_mibdb_get_dirs(m, dirs, sizeof(dirs)) >= 0) {
    snmpx__mibdb_warn(m, "MIB search path: %s", dirs);
    m->said_path = true;
  }
  snmpx__mibdb_warn(m, "Cannot find module (%s): At line %d in %s", name, line,
                    from ? from : "(none)");
}

static int load_module_at(snmpx_mibdb *m, const char *name, const char *from,
                          int line)
{
  if (is_loaded(m, name) || is_loading(m, name))
    return 0;
  int rv = ensure_index(m);
  if (rv != 0)
    return rv;
  const char *real = mapped_module(m, name);
  if (real != name)
    return load_module_at(m, real, from, line);
  const char *path = find_file(m, name);
  if (path == NULL) {
    /* RFC-1212 and RFC-1215 only define macros; Net-SNMP knows them. */
    if (strcmp(name, "RFC-1212") == 0 || strcmp(name, "RFC-1215") == 0)
      return 0;
    warn_not_found(m, name, from, line);
    return SNMPX_EMIB_NOMODULE;
  }
  m->last_missing[0] = '\0'; /* Net-SNMP forgets it when it reads a file */
  return load_path(m, path, name);
}

int snmpx_mibdb_load_module(snmpx_mibdb *m, const char *name)
{
  if (m == NULL || name == NULL || *name == '\0')
    return SNMPX_EINVAL;
  if (is_loaded(m, name))
    return 0;
  /* Net-SNMP's "At line N" is the parser's line counter: 1 after it has
   * indexed some file of the search path, 0 when it found none. */
  int rv = ensure_index(m);
  if (rv != 0)
    return rv;
  rv = load_module_at(m, name, NULL, m->n_user_files > 0 ? 1 : 0);
  if (rv == 0 && !is_loaded(m, name) && !is_loaded(m, mapped_module(m, name)))
    rv = SNMPX_EMIB_NOMODULE;
  return rv;
}

int snmpx_mibdb_load_all(snmpx_mibdb *m)
{
  int rv = ensure_index(m), worst = 0;
  if (rv != 0)
    return rv;
  /* Net-SNMP keeps its module list newest first, so "ALL" loads the last
   * file of the last directory first. */
  for (size_t i = m->n_files; i-- > 0;) {
    rv = load_module_at(m, m->files[i].module, NULL, 1);
    if (rv == SNMPX_ENOMEM)
      return rv;
    if (rv == SNMPX_EMIB_SYNTAX)
      worst = rv;
  }
  /* Net-SNMP's read_all_mibs reports what it could not adopt (and its
   * caller does so again at the end). */
  rv = snmpx__mibdb_report_orphans(m);
  return rv != 0 ? rv : worst;
}

int snmpx_mibdb_load_file(snmpx_mibdb *m, const char *path)
{
  if (m == NULL || path == NULL)
    return SNMPX_EINVAL;
  struct stat st;
  if (stat(path, &st) == 0 && add_source(m, path, &st) != 0)
    return SNMPX_ENOMEM;
  return load_path(m, path, NULL);
}

int snmpx_mibdb_load_buffer(snmpx_mibdb *m, const char *name, const char *text,
                            size_t len)
{
  if (m == NULL || name == NULL || (text == NULL && len))
    return SNMPX_EINVAL;
  return load_text(m, name, text ? text : "", len, NULL);
}

/* ---- Net-SNMP's configuration ------------------------------------------ */

typedef struct str_buf {
  char *p;
  size_t len, cap;
  bool oom;
} str_buf;

static void sb_add(const snmpx_mibdb *m, str_buf *b, const char *s, size_t n)
{
  if (b->oom)
    return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = (b->len + n + 1) * 2;
    char *p = snmpx__realloc(m->mem, b->p, cap);
    if (p == NULL) {
      b->oom = true;
      return;
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

static void sb_set(const snmpx_mibdb *m, str_buf *b, const char *s)
{
  b->len = 0;
  sb_add(m, b, s, strlen(s));
}

/* "+X" adds X after |base|; anything else replaces it. */
static void apply_list(const snmpx_mibdb *m, str_buf *b, const char *base,
                       const char *value)
{
  if (value[0] == '+') {
    sb_set(m, b, base);
    sb_add(m, b, ":", 1);
    sb_add(m, b, value + 1, strlen(value + 1));
  } else if (value[0] == '-') {
    sb_set(m, b, value + 1);
    sb_add(m, b, ":", 1);
    sb_add(m, b, base, strlen(base));
  } else {
    sb_set(m, b, value);
  }
}

/* "mibs" and "mibdirs" lines of the snmp.conf files Net-SNMP's tools
 * read: snmp.conf then snmp.local.conf in each directory of SNMPCONFPATH
 * (default /etc/snmp, /usr/share/snmp, /usr/lib/.../snmp, ~/.snmp). */
static void read_conf(const snmpx_mibdb *m, const char *home, str_buf *mibs,
                      bool *have_mibs, str_buf *dirs, bool *have_dirs,
                      const char *def_dirs)
{
  char defpath[1024];
  const char *path = getenv("SNMPCONFPATH");
  if (path == NULL) {
    snprintf(defpath, sizeof(defpath),
             "/etc/snmp:/usr/share/snmp:/usr/lib/x86_64-linux-gnu/snmp:"
             "%s/.snmp",
             home);
    path = defpath;
  }
  static const char *const names[] = {"snmp.conf", "snmp.local.conf"};
  for (const char *p = path; *p;) {
    size_t n = strcspn(p, ":");
    for (size_t f = 0; f < 2 && n > 0; f++) {
      char file[1200];
      snprintf(file, sizeof(file), "%.*s/%s", (int)n, p, names[f]);
      FILE *fp = fopen(file, "r");
      if (fp == NULL)
        continue;
      char line[2048];
      for (int lines = 0; lines < 100000 && fgets(line, sizeof(line), fp);
           lines++) {
        char *s = line + strspn(line, " \t");
        size_t w = strcspn(s, " \t\r\n");
        char *v = s + w;
        v += strspn(v, " \t");
        v[strcspn(v, "\r\n")] = '\0';
        for (size_t e = strlen(v);
             e > 0 && (v[e - 1] == ' ' || v[e - 1] == '\t'); e--)
          v[e - 1] = '\0';
        if (w == 4 && strncmp(s, "mibs", 4) == 0) {
          char base[sizeof(default_mibs) + 4096];
          snprintf(base, sizeof(base), "%s",
                   *have_mibs && mibs->p ? mibs->p : default_mibs);
          apply_list(m, mibs, base, v);
          *have_mibs = true;
        } else if (w == 7 && strncmp(s, "mibdirs", 7) == 0) {
          char base[4096];
          snprintf(base, sizeof(base), "%s",
                   *have_dirs && dirs->p ? dirs->p : def_dirs);
          apply_list(m, dirs, base, v);
          *have_dirs = true;
        }
      }
      fclose(fp);
    }
    p += n;
    if (*p == ':')
      p++;
  }
}

static int load_list(snmpx_mibdb *m, const char *list)
{
  char name[1024];
  for (const char *p = list; *p;) {
    size_t n = strcspn(p, ":");
    if (n > 0 && n < sizeof(name)) {
      memcpy(name, p, n);
      name[n] = '\0';
      int rv;
      if (strcmp(name, "ALL") == 0)
        rv = snmpx_mibdb_load_all(m);
      else if (strchr(name, '/') != NULL)
        rv = snmpx_mibdb_load_file(m, name);
      else
        rv = snmpx_mibdb_load_module(m, name);
      if (rv == SNMPX_ENOMEM)
        return rv;
    }
    p += n;
    if (*p == ':')
      p++;
  }
  return 0;
}

/* Same choices as Net-SNMP 5.9 (checked against snmptranslate): -M beats
 * $MIBDIRS beats snmp.conf's mibdirs beats the default (a "+" or "-" of -M
 * adds to the default itself); -m (which Net-SNMP
 * turns into $MIBS) beats $MIBS beats snmp.conf beats the default list. */
static int resolve_config(snmpx_mibdb *m, const snmpx_mibdb_config *cfg,
                          str_buf *dirs, str_buf *mibs)
{
  const char *home = getenv("HOME");
  if (home == NULL)
    home = "";
  char def_dirs[2048];
  snprintf(def_dirs, sizeof(def_dirs), "%s%s", home, default_dirs_tail);
  str_buf conf_mibs = {0}, conf_dirs = {0};
  bool have_mibs = false, have_dirs = false;
  if (!cfg->no_conf)
    read_conf(m, home, &conf_mibs, &have_mibs, &conf_dirs, &have_dirs,
              def_dirs);
  str_buf base = {0};
  const char *env_dirs = getenv("MIBDIRS");
  if (env_dirs != NULL)
    apply_list(m, &base, def_dirs, env_dirs);
  else if (have_dirs)
    sb_set(m, &base, conf_dirs.p);
  else
    sb_set(m, &base, def_dirs);
  /* -M "+DIR" and "-DIR" add to the compiled-in default, not to $MIBDIRS
   * or snmp.conf's "mibdirs" (snmp_parse_args sets the directory before
   * either is read; checked against snmptranslate 5.9). */
  if (cfg->mibdirs != NULL)
    apply_list(m, dirs, def_dirs, cfg->mibdirs);
  else
    sb_set(m, dirs, base.p ? base.p : "");
  const char *env_mibs = getenv("MIBS");
  const char *src = cfg->mibs   ? cfg->mibs
                    : env_mibs  ? env_mibs
                    : have_mibs ? (conf_mibs.p ? conf_mibs.p : "")
                                : default_mibs;
  apply_list(m, mibs, default_mibs, src);
  bool oom =
      base.oom || conf_mibs.oom || conf_dirs.oom || dirs->oom || mibs->oom;
  snmpx__free(m->mem, base.p);
  snmpx__free(m->mem, conf_mibs.p);
  snmpx__free(m->mem, conf_dirs.p);
  if (dirs->p == NULL)
    sb_set(m, dirs, "");
  if (mibs->p == NULL)
    sb_set(m, mibs, "");
  return oom || dirs->oom || mibs->oom ? SNMPX_ENOMEM : 0;
}

static bool cache_wanted(const snmpx_mibdb_config *cfg, char *dir, size_t cap)
{
  const char *off = getenv("SNMPX_MIBDB_CACHE");
  if (off != NULL && strcmp(off, "0") == 0)
    return false;
  const char *d = cfg->cache_dir;
  if (d == NULL)
    d = getenv("SNMPX_MIBDB_CACHE_DIR");
  if (d != NULL) {
    if (*d == '\0')
      return false;
    snprintf(dir, cap, "%s", d);
    return true;
  }
  const char *xdg = getenv("XDG_CACHE_HOME");
  const char *home = getenv("HOME");
  if (xdg != NULL && *xdg)
    snprintf(dir, cap, "%s/snmpx", xdg);
  else if (home != NULL && *home)
    snprintf(dir, cap, "%s/.cache/snmpx", home);
  else
    return false;
  return true;
}

/* FNV-1a of the strings |s| (|n| of them), each followed by 0xff. */
static uint64_t fnv64(const char *const *s, size_t n)
{
  uint64_t h = 14695981039346656037ull;
  for (size_t i = 0; i < n; i++) {
    for (const char *p = s[i]; *p; p++)
      h = (h ^ (uint8_t)*p) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
  }
  return h;
}

static void make_dirs(const char *dir)
{
  char tmp[1024];
  snprintf(tmp, sizeof(tmp), "%s", dir);
  for (char *p = tmp + 1; *p; p++) {
    if (*p == '/') {
      *p = '\0';
      mkdir(tmp, 0700);
      *p = '/';
    }
  }
  mkdir(tmp, 0700);
}

static bool is_dir(const char *path, size_t n)
{
  char buf[1024];
  struct stat st;
  if (n >= sizeof(buf))
    return false;
  memcpy(buf, path, n);
  buf[n] = '\0';
  return stat(buf, &st) == 0 && S_ISDIR(st.st_mode);
}

/* DIR/../share/snmpx/mibs (and ../../share, for lib/<triplet>/) beside
 * the file holding this code, when it exists: an installation moved or
 * installed with another prefix than the one it was configured with. */
static bool shipped_beside_self(char *buf, size_t cap)
{
  char self[1024];
  if (!self_path(self, sizeof(self)))
    return false;
  static const char *const up[] = {"/../share/snmpx/mibs",
                                   "/../../share/snmpx/mibs"};
  char *slash = strrchr(self, '/');
  if (slash == NULL)
    return false;
  *slash = '\0';
  for (size_t i = 0; i < 2; i++) {
    char dir[1200];
    snprintf(dir, sizeof(dir), "%s%s/ietf", self, up[i]);
    if (is_dir(dir, strlen(dir))) {
      snprintf(buf, cap, "%s%s/ietf:%s%s/netsnmp", self, up[i], self, up[i]);
      return true;
    }
  }
  return false;
}

/* The MIB modules shipped with snmpx (mibs/README.md): $SNMPX_SHIPPED_MIBDIRS
 * when set ("" for none), else the installed copy (beside the program or
 * library, else where it was configured to go), else the source tree's (a
 * build that was never installed).  |buf| (|cap| bytes) may hold it. */
static const char *shipped_dirs(char *buf, size_t cap)
{
  const char *env = getenv("SNMPX_SHIPPED_MIBDIRS");
  if (env != NULL)
    return env;
  if (shipped_beside_self(buf, cap))
    return buf;
  static const char *const builtin[] = {
#ifdef SNMPX_SHIPPED_MIBS
      SNMPX_SHIPPED_MIBS,
#endif
#ifdef SNMPX_SOURCE_MIBS
      SNMPX_SOURCE_MIBS,
#endif
      "",
  };
  for (size_t i = 0; i + 1 < sizeof(builtin) / sizeof(builtin[0]); i++)
    if (is_dir(builtin[i], strcspn(builtin[i], ":")))
      return builtin[i];
  return "";
}

int snmpx_mibdb_load_netsnmp(snmpx_mibdb *m, const snmpx_mibdb_config *cfg)
{
  snmpx_mibdb_config none;
  if (m == NULL)
    return SNMPX_EINVAL;
  if (cfg == NULL) {
    memset(&none, 0, sizeof(none));
    cfg = &none;
  }
  str_buf dirs = {0}, mibs = {0};
  int rv = resolve_config(m, cfg, &dirs, &mibs);
  if (rv == 0)
    rv = snmpx_mibdb_set_dirs(m, dirs.p);
  char shipped_buf[2600];
  const char *shipped = shipped_dirs(shipped_buf, sizeof(shipped_buf));
  if (rv == 0)
    rv = split_dirs(m, shipped, &m->shipped, &m->n_shipped);
  char cdir[1024], cpath[1200];
  /* Nothing to load (Debian's "mibs :"), nothing worth caching.  A cache
   * belongs to the MIB code that wrote it (another build may read MIBs
   * differently): to the build of these sources when the build names them
   * (SNMPX_MIB_BUILD_ID, a hash of src/mib/, so that the snmpx command and
   * the Python package built from one tree share their caches), else to
   * the library file, so each has its own and one without a path has
   * none. */
#ifdef SNMPX_MIB_BUILD_ID
  const char *identity = SNMPX_MIB_BUILD_ID;
  const char *reader = ""; /* no library file among the sources */
  bool have_identity = true;
#else
  char self[1024];
  const char *identity = self, *reader = self;
  bool have_identity = self_path(self, sizeof(self));
#endif
  bool use_cache = rv == 0 && mibs.p[strspn(mibs.p, ":")] != '\0' &&
                   cache_wanted(cfg, cdir, sizeof(cdir)) && have_identity;
  if (use_cache) {
    const char *key[] = {dirs.p, mibs.p, identity, shipped};
    snprintf(cpath, sizeof(cpath), "%s/mib-%016llx.cache", cdir,
             (unsigned long long)fnv64(key, 4));
    if (snmpx__mibdb_cache_load(m, cpath, reader) == 0) {
      m->from_cache = true;
      snmpx__free(m->mem, dirs.p);
      snmpx__free(m->mem, mibs.p);
      return 0;
    }
  }
  m->from_cache = false;
  if (rv == 0)
    rv = load_list(m, mibs.p);
  if (rv == 0)
    rv = snmpx__mibdb_report_orphans(m);
  struct stat sst;
  if (rv == 0 && use_cache &&
      (reader[0] == '\0' ||
       (stat(reader, &sst) == 0 && add_source(m, reader, &sst) == 0))) {
    make_dirs(cdir);
    snmpx__mibdb_cache_save(m, cpath); /* best effort */
  }
  snmpx__free(m->mem, dirs.p);
  snmpx__free(m->mem, mibs.p);
  return rv;
}
