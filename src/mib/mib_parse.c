/* SMIv1 (RFC 1155, 1212, 1215) and SMIv2 (RFC 2578, 2579, 2580) module
 * parser: text in, one syntax tree per module out.
 *
 * The parser is deliberately forgiving where real MIBs are sloppy (as
 * Net-SNMP is): unknown clauses are skipped, "--" starts a comment that
 * runs to the next "--" or the end of the line, underscores are allowed in
 * names (Net-SNMP needs -Pu for those), macro
 * definitions are skipped.  It stops a module at the first real error and
 * reports file:line:column; definitions before the error are kept. */
#include <ctype.h>
#include <setjmp.h>
#include <stdio.h>
#include <inttypes.h>
#include <stdlib.h>

#include "mib_priv.h"

/* ---- Arena ------------------------------------------------------------ */

typedef struct arena_chunk {
  struct arena_chunk *next;
  size_t used, cap;
  max_align_t data[];
} arena_chunk;

struct mib_arena {
  const snmpx_mem *mem;
  arena_chunk *head;
};

mib_arena *snmpx__mibdb_arena_new(const snmpx_mem *mem)
{
  mib_arena *a = snmpx__calloc(mem, 1, sizeof(*a));
  if (a != NULL)
    a->mem = mem;
  return a;
}

void snmpx__mibdb_arena_free(mib_arena *a)
{
  if (a == NULL)
    return;
  arena_chunk *c = a->head;
  while (c != NULL) {
    arena_chunk *next = c->next;
    snmpx__free(a->mem, c);
    c = next;
  }
  snmpx__free(a->mem, a);
}

void *snmpx__mibdb_arena_alloc(mib_arena *a, size_t n)
{
  n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
  if (a->head == NULL || a->head->cap - a->head->used < n) {
    size_t cap = n > 65536 ? n : 65536;
    arena_chunk *c = snmpx__malloc(a->mem, sizeof(*c) + cap);
    if (c == NULL)
      return NULL;
    c->used = 0;
    c->cap = cap;
    c->next = a->head;
    a->head = c;
  }
  void *p = (char *)a->head->data + a->head->used;
  a->head->used += n;
  return p;
}

char *snmpx__mibdb_arena_strndup(mib_arena *a, const char *s, size_t n)
{
  char *p = snmpx__mibdb_arena_alloc(a, n + 1);
  if (p != NULL) {
    memcpy(p, s, n);
    p[n] = '\0';
  }
  return p;
}

/* ---- Lexer ------------------------------------------------------------ */

enum tok_kind {
  TK_EOF = 0,
  TK_IDENT,
  TK_NUMBER,
  TK_STRING, /* "..." (text without the quotes) */
  TK_BINHEX, /* 'xx'H or '01'B, value in num */
  TK_ASSIGN, /* ::= */
  TK_DOTDOT, /* .. */
  TK_PUNCT   /* one character in ch */
};

typedef struct token {
  enum tok_kind kind;
  char ch;
  const char *text; /* into the source */
  size_t len;
  int64_t num;
  bool num_overflow;
  int line, col;
} token;

/* Items of the lists being read (enumerations, ranges, INDEX, OBJECTS,
 * IMPORTS, OID values) and the text of a DEFVAL, on the heap.  A finished
 * list is copied into the arena once: growing an arena array per item
 * would copy the whole list each time and keep every copy until the
 * database is freed, so memory grew with the square of the list's length.
 * Lists can nest (an INDEX entry's bare type may have a range), so each
 * one notes where it starts and pops back to there when done. */
typedef struct scratch {
  unsigned char *p;
  size_t len, cap;
} scratch;

typedef struct parser {
  mib_arena *arena;
  const snmpx_mem *mem;
  scratch sc;
  size_t imports_base; /* IMPORTS being read start here, else SIZE_MAX */
  const char *file;
  const char *src, *end, *p;
  int line;
  const char *line_start;
  token tok;  /* current */
  token peek; /* one ahead, valid when has_peek */
  bool has_peek;
  mib_diag_fn diag;
  void *ud;
  jmp_buf fail;
  int fail_code; /* SNMPX_ENOMEM or SNMPX_EMIB_SYNTAX */
  ast_module *mod;
} parser;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4), noreturn))
#endif
static void
fail_at(parser *ps, const token *t, const char *fmt, ...)
{
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  if (ps->diag != NULL)
    ps->diag(ps->ud, ps->file, t->line, t->col, msg);
  ps->fail_code = SNMPX_EMIB_SYNTAX;
  longjmp(ps->fail, 1);
}

#if defined(__GNUC__)
__attribute__((noreturn))
#endif
static void
fail_nomem(parser *ps)
{
  ps->fail_code = SNMPX_ENOMEM;
  longjmp(ps->fail, 1);
}

static bool is_name_char(int c)
{
  return isalnum(c) || c == '-' || c == '_';
}

static void skip_space_and_comments(parser *ps)
{
  while (ps->p < ps->end) {
    char c = *ps->p;
    if (c == '\n') {
      ps->line++;
      ps->line_start = ++ps->p;
    } else if (isspace((unsigned char)c) || c == '\0') {
      ps->p++;
    } else if (c == '-' && ps->p + 1 < ps->end && ps->p[1] == '-') {
      /* X.680 and Net-SNMP's default: a comment runs to the next "--" or
       * the end of the line.  A run of an odd number of dashes ("-----")
       * is all comment here, where Net-SNMP would trip on the last one. */
      ps->p += 2;
      while (ps->p < ps->end && *ps->p != '\n' &&
             !(ps->p[0] == '-' && ps->p + 1 < ps->end && ps->p[1] == '-'))
        ps->p++;
      if (ps->p < ps->end && *ps->p == '-') {
        ps->p += 2;
        while (ps->p < ps->end && *ps->p == '-')
          ps->p++;
      }
    } else {
      break;
    }
  }
}

static void lex_string(parser *ps, token *t)
{
  const char *start = ++ps->p;
  while (ps->p < ps->end && *ps->p != '"') {
    if (*ps->p == '\n') {
      ps->line++;
      ps->line_start = ps->p + 1;
    }
    ps->p++;
  }
  if (ps->p >= ps->end)
    fail_at(ps, t, "unterminated string");
  t->kind = TK_STRING;
  t->text = start;
  t->len = (size_t)(ps->p - start);
  ps->p++;
  if (t->len > MIB_MAX_TOKEN * 16)
    fail_at(ps, t, "string too long");
}

/* 'xxxx'H or '0101'B; the value saturates (flagged) beyond 63 bits. */
static void lex_binhex(parser *ps, token *t)
{
  const char *start = ++ps->p;
  while (ps->p < ps->end && *ps->p != '\'' && *ps->p != '\n')
    ps->p++;
  if (ps->p + 1 >= ps->end || *ps->p != '\'')
    fail_at(ps, t, "unterminated quoted value");
  const char *stop = ps->p++;
  char radix = (char)toupper((unsigned char)*ps->p++);
  if (radix != 'H' && radix != 'B')
    fail_at(ps, t, "expected 'H or 'B after a quoted value");
  uint64_t v = 0;
  bool over = false;
  for (const char *q = start; q < stop; q++) {
    int d;
    if (radix == 'H' && isxdigit((unsigned char)*q))
      d = isdigit((unsigned char)*q) ? *q - '0'
                                     : toupper((unsigned char)*q) - 'A' + 10;
    else if (radix == 'B' && (*q == '0' || *q == '1'))
      d = *q - '0';
    else if (isspace((unsigned char)*q))
      continue;
    else
      fail_at(ps, t, "bad digit in quoted value");
    unsigned shift = radix == 'H' ? 4 : 1;
    if (v >> (63 - shift))
      over = true;
    v = (v << shift) | (uint64_t)d;
  }
  t->kind = TK_BINHEX;
  t->text = start;
  t->len = (size_t)(stop - start);
  t->num = over ? INT64_MAX : (int64_t)v;
  t->num_overflow = over;
}

static void lex_number(parser *ps, token *t)
{
  const char *start = ps->p;
  bool neg = false;
  if (*ps->p == '-') {
    neg = true;
    ps->p++;
  }
  uint64_t v = 0;
  bool over = false;
  while (ps->p < ps->end && isdigit((unsigned char)*ps->p)) {
    uint64_t d = (uint64_t)(*ps->p++ - '0');
    if (v > (UINT64_MAX - d) / 10)
      over = true;
    else
      v = v * 10 + d;
  }
  /* A number glued to letters ("1x") is a name in sloppy MIBs. */
  t->kind = TK_NUMBER;
  t->text = start;
  t->len = (size_t)(ps->p - start);
  if (over || v > (uint64_t)INT64_MAX) {
    t->num_overflow = true;
    v = (uint64_t)INT64_MAX;
  }
  t->num = neg ? -(int64_t)v : (int64_t)v;
}

static void next_raw(parser *ps, token *t)
{
  skip_space_and_comments(ps);
  memset(t, 0, sizeof(*t));
  t->line = ps->line;
  t->col = (int)(ps->p - ps->line_start) + 1;
  if (ps->p >= ps->end) {
    t->kind = TK_EOF;
    return;
  }
  char c = *ps->p;
  if (c == '"') {
    lex_string(ps, t);
  } else if (c == '\'') {
    lex_binhex(ps, t);
  } else if (isdigit((unsigned char)c) || (c == '-' && ps->p + 1 < ps->end &&
                                           isdigit((unsigned char)ps->p[1]))) {
    lex_number(ps, t);
  } else if (isalpha((unsigned char)c) || c == '_' || c == '&') {
    const char *start = ps->p++;
    while (ps->p < ps->end && is_name_char((unsigned char)*ps->p))
      ps->p++;
    t->kind = TK_IDENT;
    t->text = start;
    t->len = (size_t)(ps->p - start);
    if (t->len > MIB_MAX_TOKEN)
      fail_at(ps, t, "name too long");
  } else if (c == ':' && ps->end - ps->p >= 3 && ps->p[1] == ':' &&
             ps->p[2] == '=') {
    t->kind = TK_ASSIGN;
    t->text = ps->p;
    t->len = 3;
    ps->p += 3;
  } else if (c == '.' && ps->p + 1 < ps->end && ps->p[1] == '.') {
    t->kind = TK_DOTDOT;
    t->text = ps->p;
    t->len = 2;
    ps->p += 2;
  } else {
    t->kind = TK_PUNCT;
    t->ch = c;
    t->text = ps->p++;
    t->len = 1;
  }
}

static void advance(parser *ps)
{
  if (ps->has_peek) {
    ps->tok = ps->peek;
    ps->has_peek = false;
  } else {
    next_raw(ps, &ps->tok);
  }
}

static const token *peek(parser *ps)
{
  if (!ps->has_peek) {
    next_raw(ps, &ps->peek);
    ps->has_peek = true;
  }
  return &ps->peek;
}

static bool tok_is(const token *t, const char *word)
{
  size_t n = strlen(word);
  return t->kind == TK_IDENT && t->len == n && memcmp(t->text, word, n) == 0;
}

static bool tok_punct(const token *t, char c)
{
  return t->kind == TK_PUNCT && t->ch == c;
}

static const char *tok_dup(parser *ps, const token *t)
{
  char *s = snmpx__mibdb_arena_strndup(ps->arena, t->text, t->len);
  if (s == NULL)
    fail_nomem(ps);
  return s;
}

static void *arena_array(parser *ps, size_t n, size_t elt)
{
  if (n != 0 && elt > SIZE_MAX / n)
    fail_nomem(ps);
  void *p = snmpx__mibdb_arena_alloc(ps->arena, n * elt);
  if (p == NULL)
    fail_nomem(ps);
  return p;
}

static void scratch_push(parser *ps, const void *item, size_t n)
{
  scratch *sc = &ps->sc;
  if (n == 0)
    return;
  if (sc->cap - sc->len < n) {
    size_t cap = sc->cap ? sc->cap : 256;
    while (cap - sc->len < n) {
      if (cap > SIZE_MAX / 2)
        fail_nomem(ps);
      cap *= 2;
    }
    unsigned char *p = snmpx__realloc(ps->mem, sc->p, cap);
    if (p == NULL)
      fail_nomem(ps);
    sc->p = p;
    sc->cap = cap;
  }
  memcpy(sc->p + sc->len, item, n);
  sc->len += n;
}

/* End the list whose items were pushed from |base| on: the |*n| elements
 * already at |old| (a clause may repeat) and the new ones, in one arena
 * array.  @return the array (|old| when nothing was added). */
static void *list_end(parser *ps, size_t base, void *old, size_t *n, size_t elt)
{
  size_t add = (ps->sc.len - base) / elt;
  void *p = old;
  if (add != 0) {
    if (*n > SIZE_MAX - add)
      fail_nomem(ps);
    p = arena_array(ps, *n + add, elt);
    if (*n != 0)
      memcpy(p, old, *n * elt);
    memcpy((char *)p + *n * elt, ps->sc.p + base, add * elt);
    *n += add;
  }
  ps->sc.len = base;
  return p;
}

static void expect_punct(parser *ps, char c)
{
  if (!tok_punct(&ps->tok, c))
    fail_at(ps, &ps->tok, "expected '%c'", c);
  advance(ps);
}

static const char *expect_ident(parser *ps, const char *what)
{
  if (ps->tok.kind != TK_IDENT)
    fail_at(ps, &ps->tok, "expected %s", what);
  const char *s = tok_dup(ps, &ps->tok);
  advance(ps);
  return s;
}

static const char *expect_string(parser *ps, const char *clause)
{
  if (ps->tok.kind != TK_STRING)
    fail_at(ps, &ps->tok, "expected a quoted string after %s", clause);
  const char *s = tok_dup(ps, &ps->tok);
  advance(ps);
  return s;
}

/* Skip a balanced group starting at the current '{', '(' or '['. */
static void skip_group(parser *ps)
{
  char open = ps->tok.ch;
  char close = open == '{' ? '}' : open == '(' ? ')' : ']';
  token start = ps->tok;
  int depth = 0;
  do {
    if (ps->tok.kind == TK_EOF)
      fail_at(ps, &start, "unbalanced '%c'", open);
    if (tok_punct(&ps->tok, open))
      depth++;
    else if (tok_punct(&ps->tok, close))
      depth--;
    advance(ps);
  } while (depth > 0);
}

/* A balanced {...} group without the outer braces, as Net-SNMP keeps a
 * DEFVAL: its tokens joined by single spaces, quoted strings as \"text\"
 * and 'hex'H or 'bits'B values as numbers. */
static const char *group_text(parser *ps)
{
  token open = ps->tok;
  size_t base = ps->sc.len;
  int depth = 0;
  advance(ps);
  for (;;) {
    if (ps->tok.kind == TK_EOF)
      fail_at(ps, &open, "unbalanced '{'");
    if (tok_punct(&ps->tok, '}') && depth == 0)
      break;
    if (tok_punct(&ps->tok, '{'))
      depth++;
    else if (tok_punct(&ps->tok, '}'))
      depth--;
    char num[32];
    const char *quote = "", *text = ps->tok.text;
    size_t n = strnlen(text, ps->tok.len); /* a NUL in a string ends it */
    if (ps->tok.kind == TK_STRING) {
      quote = "\\\"";
    } else if (ps->tok.kind == TK_BINHEX) {
      n = (size_t)snprintf(num, sizeof(num), "%" PRId64, ps->tok.num);
      text = num;
    }
    size_t len = ps->sc.len - base;
    size_t add = (len ? 1 : 0) + 2 * strlen(quote) + n;
    if (len + add > MIB_MAX_TOKEN)
      fail_at(ps, &open, "DEFVAL too long");
    if (len)
      scratch_push(ps, " ", 1);
    scratch_push(ps, quote, strlen(quote));
    scratch_push(ps, text, n);
    scratch_push(ps, quote, strlen(quote));
    advance(ps);
  }
  advance(ps);
  const char *s = "";
  if (ps->sc.len > base) {
    s = snmpx__mibdb_arena_strndup(ps->arena, (const char *)ps->sc.p + base,
                                   ps->sc.len - base);
    if (s == NULL)
      fail_nomem(ps);
  }
  ps->sc.len = base;
  return s;
}

/* ---- Types ------------------------------------------------------------ */

static const struct {
  const char *name;
  uint8_t type;
} builtin_types[] = {
    {"INTEGER", MIB_T_INTEGER},
    {"Integer32", MIB_T_INTEGER32},
    {"IpAddress", MIB_T_IPADDR},
    {"NetworkAddress", MIB_T_NETADDR},
    {"Counter", MIB_T_COUNTER},
    {"Counter32", MIB_T_COUNTER},
    {"Gauge", MIB_T_GAUGE},
    {"Gauge32", MIB_T_GAUGE},
    {"Unsigned32", MIB_T_UNSIGNED32},
    {"UInteger32", MIB_T_UINTEGER},
    {"TimeTicks", MIB_T_TIMETICKS},
    {"Opaque", MIB_T_OPAQUE},
    {"Counter64", MIB_T_COUNTER64},
    {"NsapAddress", MIB_T_NSAP},
    {"BITS", MIB_T_BITS},
    {"NULL", MIB_T_NULL},
};

static uint8_t builtin_of(const token *t)
{
  for (size_t i = 0; i < sizeof(builtin_types) / sizeof(builtin_types[0]); i++)
    if (tok_is(t, builtin_types[i].name))
      return builtin_types[i].type;
  return MIB_T_NONE;
}

static int64_t range_value(parser *ps)
{
  token t = ps->tok;
  if (t.kind == TK_NUMBER || t.kind == TK_BINHEX) {
    advance(ps);
    return t.num;
  }
  if (tok_is(&t, "MIN")) {
    advance(ps);
    return INT64_MIN;
  }
  if (tok_is(&t, "MAX")) {
    advance(ps);
    return INT64_MAX;
  }
  fail_at(ps, &t, "expected a number in a range");
}

/* "(1..10 | 20)" or "(SIZE (0..255))"; the current token is '('. */
static void parse_constraint(parser *ps, ast_syntax *sx)
{
  expect_punct(ps, '(');
  bool size = tok_is(&ps->tok, "SIZE");
  if (size) {
    advance(ps);
    expect_punct(ps, '(');
  }
  size_t base = ps->sc.len;
  for (;;) {
    ast_range r;
    r.lo = r.hi = range_value(ps);
    if (ps->tok.kind == TK_DOTDOT) {
      advance(ps);
      r.hi = range_value(ps);
    }
    scratch_push(ps, &r, sizeof(r));
    if (!tok_punct(&ps->tok, '|'))
      break;
    advance(ps);
  }
  sx->ranges = list_end(ps, base, sx->ranges, &sx->n_ranges, sizeof(ast_range));
  sx->is_size = size;
  if (size)
    expect_punct(ps, ')');
  expect_punct(ps, ')');
}

/* "{ up(1), down(2) }"; the current token is '{'. */
static void parse_enums(parser *ps, ast_syntax *sx)
{
  expect_punct(ps, '{');
  size_t base = ps->sc.len;
  while (!tok_punct(&ps->tok, '}')) {
    ast_enum e;
    e.label = expect_ident(ps, "an enumeration label");
    expect_punct(ps, '(');
    if (ps->tok.kind != TK_NUMBER)
      fail_at(ps, &ps->tok, "expected a number for enumeration '%s'", e.label);
    e.value = ps->tok.num;
    advance(ps);
    expect_punct(ps, ')');
    scratch_push(ps, &e, sizeof(e));
    if (tok_punct(&ps->tok, ','))
      advance(ps);
    else if (!tok_punct(&ps->tok, '}'))
      fail_at(ps, &ps->tok, "expected ',' or '}' in an enumeration");
  }
  sx->enums = list_end(ps, base, sx->enums, &sx->n_enums, sizeof(ast_enum));
  advance(ps);
}

static void parse_type(parser *ps, ast_syntax *sx)
{
  memset(sx, 0, sizeof(*sx));
  if (tok_punct(&ps->tok, '[')) { /* [APPLICATION n] IMPLICIT */
    skip_group(ps);
    if (tok_is(&ps->tok, "IMPLICIT") || tok_is(&ps->tok, "EXPLICIT"))
      advance(ps);
  }
  token t = ps->tok;
  if (tok_is(&t, "OCTET")) {
    advance(ps);
    if (!tok_is(&ps->tok, "STRING"))
      fail_at(ps, &ps->tok, "expected STRING after OCTET");
    advance(ps);
    sx->builtin = MIB_T_OCTETSTR;
  } else if (tok_is(&t, "OBJECT")) {
    advance(ps);
    if (!tok_is(&ps->tok, "IDENTIFIER"))
      fail_at(ps, &ps->tok, "expected IDENTIFIER after OBJECT");
    advance(ps);
    sx->builtin = MIB_T_OBJID;
  } else if (tok_is(&t, "SEQUENCE")) {
    advance(ps);
    sx->is_sequence = true;
    if (tok_is(&ps->tok, "OF")) {
      advance(ps);
      sx->tname = expect_ident(ps, "a row type after SEQUENCE OF");
    } else if (tok_punct(&ps->tok, '{')) {
      skip_group(ps);
    } else {
      fail_at(ps, &ps->tok, "expected OF or '{' after SEQUENCE");
    }
    return;
  } else if (tok_is(&t, "CHOICE")) {
    advance(ps);
    if (tok_punct(&ps->tok, '{'))
      skip_group(ps);
    sx->builtin = MIB_T_NONE;
    sx->tname = "CHOICE";
    return;
  } else if (t.kind == TK_IDENT) {
    advance(ps);
    sx->builtin = builtin_of(&t);
    if (sx->builtin == MIB_T_NONE) {
      /* Module.Type references are rare; keep the last part. */
      if (tok_punct(&ps->tok, '.') && peek(ps)->kind == TK_IDENT) {
        advance(ps);
        t = ps->tok;
        advance(ps);
      }
      sx->tname = tok_dup(ps, &t);
    }
  } else {
    fail_at(ps, &t, "expected a type");
  }
  if (tok_punct(&ps->tok, '{'))
    parse_enums(ps, sx);
  else if (tok_punct(&ps->tok, '('))
    parse_constraint(ps, sx);
}

/* ---- OID values --------------------------------------------------------- */

static void parse_oid_value(parser *ps, ast_def *d)
{
  expect_punct(ps, '{');
  size_t base = ps->sc.len;
  while (!tok_punct(&ps->tok, '}')) {
    ast_oidc c = {NULL, -1};
    if (ps->tok.kind == TK_IDENT) {
      c.label = tok_dup(ps, &ps->tok);
      advance(ps);
      if (tok_punct(&ps->tok, '(')) {
        advance(ps);
        if (ps->tok.kind != TK_NUMBER || ps->tok.num < 0 ||
            ps->tok.num > UINT32_MAX)
          fail_at(ps, &ps->tok, "expected a sub-identifier after '%s('",
                  c.label);
        c.num = ps->tok.num;
        advance(ps);
        expect_punct(ps, ')');
      }
    } else if (ps->tok.kind == TK_NUMBER) {
      if (ps->tok.num < 0 || ps->tok.num > UINT32_MAX || ps->tok.num_overflow)
        fail_at(ps, &ps->tok, "sub-identifier out of range");
      c.num = ps->tok.num;
      advance(ps);
    } else {
      fail_at(ps, &ps->tok, "expected a name or number in an OID value");
    }
    if (d->n_oid + (ps->sc.len - base) / sizeof(c) >= SNMPX_OID_MAX_LEN)
      fail_at(ps, &ps->tok, "OID value too long");
    scratch_push(ps, &c, sizeof(c));
    if (tok_punct(&ps->tok, ','))
      advance(ps);
  }
  d->oid = list_end(ps, base, d->oid, &d->n_oid, sizeof(ast_oidc));
  advance(ps);
  if (d->n_oid == 0)
    fail_at(ps, &ps->tok, "empty OID value for '%s'", d->label);
}

typedef struct index_item {
  const char *name;
  bool implied;
} index_item;

/* End an INDEX list begun at |base|: its items go onto the parallel
 * index and implied arrays. */
static void index_end(parser *ps, size_t base, ast_def *d)
{
  size_t add = (ps->sc.len - base) / sizeof(index_item);
  if (add != 0) {
    size_t n = d->n_index;
    if (n > SIZE_MAX - add)
      fail_nomem(ps);
    const char **index = arena_array(ps, n + add, sizeof(*index));
    uint8_t *implied = arena_array(ps, n + add, 1);
    if (n != 0) {
      memcpy(index, d->index, n * sizeof(*index));
      memcpy(implied, d->implied, n);
    }
    for (size_t i = 0; i < add; i++) {
      index_item it;
      memcpy(&it, ps->sc.p + base + i * sizeof(it), sizeof(it));
      index[n + i] = it.name;
      implied[n + i] = it.implied;
    }
    d->index = index;
    d->implied = implied;
    d->n_index = n + add;
  }
  ps->sc.len = base;
}

/* "{ a, b, c }" of names (OBJECTS, NOTIFICATIONS, INDEX...). */
static void parse_name_list(parser *ps, ast_def *d, bool is_index)
{
  expect_punct(ps, '{');
  size_t base = ps->sc.len;
  while (!tok_punct(&ps->tok, '}')) {
    bool implied = false;
    if (is_index && tok_is(&ps->tok, "IMPLIED")) {
      implied = true;
      advance(ps);
    }
    const char *name;
    if (is_index && (tok_is(&ps->tok, "OCTET") || tok_is(&ps->tok, "OBJECT"))) {
      /* SMIv1 allows a bare type as an index; it names no column. */
      ast_syntax sx;
      token t = ps->tok;
      parse_type(ps, &sx);
      name = tok_dup(ps, &t);
    } else {
      name = expect_ident(ps, "a name in a list");
    }
    if (is_index) {
      index_item it = {name, implied};
      scratch_push(ps, &it, sizeof(it));
    } else {
      scratch_push(ps, &name, sizeof(name));
    }
    if (tok_punct(&ps->tok, ','))
      advance(ps);
    else if (!tok_punct(&ps->tok, '}'))
      fail_at(ps, &ps->tok, "expected ',' or '}' in a list");
  }
  if (is_index)
    index_end(ps, base, d);
  else
    d->objects = (const char **)list_end(ps, base, (void *)d->objects,
                                         &d->n_objects, sizeof(char *));
  advance(ps);
}

/* ---- Definitions ----------------------------------------------------- */

static const struct {
  const char *word;
  uint8_t kind;
} macros[] = {
    {"OBJECT-TYPE", MIB_T_NONE},
    {"OBJECT-IDENTITY", MIB_T_OBJIDENTITY},
    {"MODULE-IDENTITY", MIB_T_MODID},
    {"NOTIFICATION-TYPE", MIB_T_NOTIFTYPE},
    {"TRAP-TYPE", MIB_T_TRAPTYPE},
    {"OBJECT-GROUP", MIB_T_OBJGROUP},
    {"NOTIFICATION-GROUP", MIB_T_NOTIFGROUP},
    {"MODULE-COMPLIANCE", MIB_T_MODCOMP},
    {"AGENT-CAPABILITIES", MIB_T_AGENTCAP},
};

static int macro_index(const token *t)
{
  for (size_t i = 0; i < sizeof(macros) / sizeof(macros[0]); i++)
    if (tok_is(t, macros[i].word))
      return (int)i;
  return -1;
}

static bool is_clause_word(const token *t)
{
  if (t->kind != TK_IDENT || !isupper((unsigned char)t->text[0]))
    return false;
  for (size_t i = 0; i < t->len; i++)
    if (islower((unsigned char)t->text[i]))
      return false;
  return true;
}

/* One clause of OBJECT-TYPE and friends; the current token is its name. */
static void parse_clause(parser *ps, ast_def *d)
{
  token kw = ps->tok;
  advance(ps);
  if (tok_is(&kw, "SYNTAX")) {
    parse_type(ps, &d->syntax);
    d->has_syntax = true;
  } else if (tok_is(&kw, "UNITS")) {
    d->units = expect_string(ps, "UNITS");
  } else if (tok_is(&kw, "MAX-ACCESS") || tok_is(&kw, "ACCESS")) {
    d->access = expect_ident(ps, "an access value");
  } else if (tok_is(&kw, "STATUS")) {
    d->status = expect_ident(ps, "a status value");
  } else if (tok_is(&kw, "DESCRIPTION")) {
    const char *s = expect_string(ps, "DESCRIPTION");
    if (d->description == NULL)
      d->description = s;
    /* Net-SNMP keeps the first 4095 characters of a description. */
    if (strlen(d->description) > 4095)
      ((char *)d->description)[4095] = '\0';
  } else if (tok_is(&kw, "REFERENCE")) {
    d->reference = expect_string(ps, "REFERENCE");
  } else if (tok_is(&kw, "DISPLAY-HINT")) {
    d->hint = expect_string(ps, "DISPLAY-HINT");
  } else if (tok_is(&kw, "INDEX")) {
    parse_name_list(ps, d, true);
  } else if (tok_is(&kw, "AUGMENTS")) {
    expect_punct(ps, '{');
    d->augments = expect_ident(ps, "a row name in AUGMENTS");
    expect_punct(ps, '}');
  } else if (tok_is(&kw, "DEFVAL")) {
    if (!tok_punct(&ps->tok, '{'))
      fail_at(ps, &ps->tok, "expected '{' after DEFVAL");
    d->defval = group_text(ps);
  } else if (tok_is(&kw, "OBJECTS") || tok_is(&kw, "VARIABLES") ||
             tok_is(&kw, "NOTIFICATIONS")) {
    parse_name_list(ps, d, false);
  } else if (tok_is(&kw, "ENTERPRISE")) {
    if (tok_punct(&ps->tok, '{')) {
      ast_def tmp;
      memset(&tmp, 0, sizeof(tmp));
      tmp.label = d->label;
      parse_oid_value(ps, &tmp);
      d->enterprise = tmp.oid[tmp.n_oid - 1].label;
      if (d->enterprise == NULL)
        fail_at(ps, &kw, "ENTERPRISE needs a name");
    } else {
      d->enterprise = expect_ident(ps, "an enterprise name");
    }
  } else {
    /* LAST-UPDATED, ORGANIZATION, CONTACT-INFO, REVISION and anything a
     * vendor invented: skip its value. */
    while (!is_clause_word(&ps->tok) && ps->tok.kind != TK_ASSIGN) {
      if (ps->tok.kind == TK_EOF)
        fail_at(ps, &kw, "unexpected end of file in %.*s", (int)kw.len,
                kw.text);
      if (tok_punct(&ps->tok, '{') || tok_punct(&ps->tok, '('))
        skip_group(ps);
      else
        advance(ps);
    }
  }
}

static void append_def(parser *ps, ast_def *d)
{
  *ps->mod->defs_tail = d;
  ps->mod->defs_tail = &d->next;
}

static ast_def *new_def(parser *ps, const token *name)
{
  ast_def *d = arena_array(ps, 1, sizeof(*d));
  memset(d, 0, sizeof(*d));
  d->label = tok_dup(ps, name);
  d->line = name->line;
  d->col = name->col;
  return d;
}

/* After MODULE or SUPPORTS: the module named there, if it is a name
 * (Net-SNMP's LABEL: no word of its lexer) other than this module's. */
static void add_modref(parser *ps, const ast_def *d, bool supports)
{
  if (ps->tok.kind != TK_IDENT)
    return;
  const char *name = tok_dup(ps, &ps->tok);
  if (snmpx__mibdb_is_keyword(name) || strcmp(name, ps->mod->name) == 0)
    return;
  ast_modref *r = arena_array(ps, 1, sizeof(*r));
  memset(r, 0, sizeof(*r));
  r->def = d;
  r->name = name;
  r->line = ps->tok.line;
  r->supports = supports;
  *ps->mod->modrefs_tail = r;
  ps->mod->modrefs_tail = &r->next;
  advance(ps);
}

/* name MACRO clauses ::= value */
static void parse_macro_value(parser *ps, const token *name, int mi)
{
  ast_def *d = new_def(ps, name);
  d->kind = macros[mi].kind;
  d->is_objtype = mi == 0;
  token kw = ps->tok;
  advance(ps);
  if (d->kind == MIB_T_MODCOMP || d->kind == MIB_T_AGENTCAP) {
    /* Their clauses repeat SYNTAX and friends for other objects; only the
     * name and OID matter here. */
    while (ps->tok.kind != TK_ASSIGN) {
      if (ps->tok.kind == TK_EOF)
        fail_at(ps, &kw, "expected '::=' to end %s", d->label);
      if ((tok_is(&ps->tok, "MODULE") || tok_is(&ps->tok, "SUPPORTS")) &&
          d->kind ==
              (tok_is(&ps->tok, "MODULE") ? MIB_T_MODCOMP : MIB_T_AGENTCAP)) {
        bool supports = d->kind == MIB_T_AGENTCAP;
        advance(ps);
        add_modref(ps, d, supports);
      } else if (tok_is(&ps->tok, "STATUS") && d->status == NULL) {
        advance(ps);
        d->status = expect_ident(ps, "a status value");
      } else if (tok_is(&ps->tok, "DESCRIPTION") && d->description == NULL) {
        advance(ps);
        d->description = expect_string(ps, "DESCRIPTION");
      } else if (tok_punct(&ps->tok, '{') || tok_punct(&ps->tok, '(')) {
        skip_group(ps);
      } else {
        advance(ps);
      }
    }
  } else {
    while (ps->tok.kind != TK_ASSIGN) {
      if (ps->tok.kind == TK_EOF)
        fail_at(ps, &kw, "expected '::=' to end %s", d->label);
      if (ps->tok.kind != TK_IDENT)
        fail_at(ps, &ps->tok, "unexpected '%.*s' in %s", (int)ps->tok.len,
                ps->tok.text, d->label);
      parse_clause(ps, d);
    }
  }
  advance(ps); /* ::= */
  if (d->kind == MIB_T_TRAPTYPE) {
    /* RFC 1215: the trap number; the OID is enterprise.0.number. */
    if (ps->tok.kind != TK_NUMBER || ps->tok.num < 0 ||
        ps->tok.num > UINT32_MAX)
      fail_at(ps, &ps->tok, "expected a trap number");
    if (d->enterprise == NULL)
      fail_at(ps, name, "TRAP-TYPE %s has no ENTERPRISE", d->label);
    d->oid = arena_array(ps, 3, sizeof(ast_oidc));
    /* Net-SNMP names the ".0" node after the enterprise: "ent#". */
    size_t el = strlen(d->enterprise);
    char *zero = arena_array(ps, el + 2, 1);
    memcpy(zero, d->enterprise, el);
    memcpy(zero + el, "#", 2);
    d->oid[0] = (ast_oidc){d->enterprise, -1};
    d->oid[1] = (ast_oidc){zero, 0};
    d->oid[2] = (ast_oidc){NULL, ps->tok.num};
    d->n_oid = 3;
    advance(ps);
  } else {
    parse_oid_value(ps, d);
  }
  append_def(ps, d);
}

/* Name ::= TEXTUAL-CONVENTION ... SYNTAX type, or Name ::= type */
static void parse_type_assignment(parser *ps, const token *name)
{
  ast_tc *tc = arena_array(ps, 1, sizeof(*tc));
  memset(tc, 0, sizeof(*tc));
  tc->name = tok_dup(ps, name);
  tc->line = name->line;
  if (tok_is(&ps->tok, "TEXTUAL-CONVENTION")) {
    tc->is_tc = true;
    advance(ps);
    ast_def tmp;
    memset(&tmp, 0, sizeof(tmp));
    tmp.label = tc->name;
    while (!tmp.has_syntax) {
      if (ps->tok.kind != TK_IDENT)
        fail_at(ps, &ps->tok, "expected SYNTAX in TEXTUAL-CONVENTION %s",
                tc->name);
      parse_clause(ps, &tmp);
    }
    tc->hint = tmp.hint;
    tc->status = tmp.status;
    tc->description = tmp.description;
    tc->syntax = tmp.syntax;
  } else {
    parse_type(ps, &tc->syntax);
  }
  /* A builtin's own definition (SNMPv2-SMI's "Counter32 ::= ...") adds
   * nothing: the builtin keeps its meaning. */
  if (builtin_of(name) != MIB_T_NONE || tc->syntax.is_sequence)
    return;
  *ps->mod->tcs_tail = tc;
  ps->mod->tcs_tail = &tc->next;
}

/* End the IMPORTS list begun at ps->imports_base (also when an error cuts
 * it short: the module keeps the imports read so far). */
static void imports_end(parser *ps)
{
  size_t base = ps->imports_base;
  ps->imports_base = SIZE_MAX;
  ps->mod->imports = list_end(ps, base, ps->mod->imports, &ps->mod->n_imports,
                              sizeof(ast_import));
}

static void parse_imports(parser *ps)
{
  advance(ps); /* IMPORTS */
  size_t base = ps->sc.len, first_pending = base;
  ps->imports_base = base;
  while (!tok_punct(&ps->tok, ';')) {
    if (ps->tok.kind == TK_EOF)
      fail_at(ps, &ps->tok, "expected ';' to end IMPORTS");
    if (tok_is(&ps->tok, "FROM")) {
      advance(ps);
      token mt = ps->tok;
      const char *modname = expect_ident(ps, "a module name after FROM");
      for (size_t off = first_pending; off < ps->sc.len;
           off += sizeof(ast_import)) {
        ast_import im;
        memcpy(&im, ps->sc.p + off, sizeof(im));
        im.module = modname;
        im.line = mt.line;
        im.col = mt.col;
        memcpy(ps->sc.p + off, &im, sizeof(im));
      }
      first_pending = ps->sc.len;
      /* An OID value may follow the module name (X.208); skip it. */
      if (tok_punct(&ps->tok, '{'))
        skip_group(ps);
      continue;
    }
    if (ps->tok.kind == TK_IDENT) {
      ast_import im = {tok_dup(ps, &ps->tok), NULL, 0, 0};
      scratch_push(ps, &im, sizeof(im));
      advance(ps);
      if (tok_punct(&ps->tok, '{')) /* "name{}" in some old MIBs */
        skip_group(ps);
    } else if (tok_punct(&ps->tok, ',')) {
      advance(ps);
    } else {
      fail_at(ps, &ps->tok, "unexpected '%.*s' in IMPORTS", (int)ps->tok.len,
              ps->tok.text);
    }
  }
  if (first_pending != ps->sc.len)
    fail_at(ps, &ps->tok, "imported names without FROM");
  imports_end(ps);
  advance(ps);
}

/* A value of some other type ("x INTEGER ::= 5"): the type, "::=" and
 * one value are skipped.  Anything else here is an error (text between
 * two comments, say), not something to swallow silently. */
static void skip_value_assignment(parser *ps)
{
  ast_syntax sx;
  parse_type(ps, &sx);
  if (ps->tok.kind != TK_ASSIGN)
    fail_at(ps, &ps->tok, "expected '::=', found '%.*s'", (int)ps->tok.len,
            ps->tok.text);
  advance(ps);
  if (tok_punct(&ps->tok, '{'))
    skip_group(ps);
  else
    advance(ps);
}

static void parse_assignment(parser *ps)
{
  token name = ps->tok;
  if (name.kind != TK_IDENT)
    fail_at(ps, &name, "expected a definition, found '%.*s'", (int)name.len,
            name.text);
  advance(ps);
  if (ps->tok.kind == TK_ASSIGN) {
    advance(ps);
    parse_type_assignment(ps, &name);
    return;
  }
  if (tok_is(&ps->tok, "MACRO")) {
    while (!tok_is(&ps->tok, "END")) {
      if (ps->tok.kind == TK_EOF)
        fail_at(ps, &name, "MACRO %.*s has no END", (int)name.len, name.text);
      advance(ps);
    }
    advance(ps);
    return;
  }
  int mi = macro_index(&ps->tok);
  if (mi >= 0) {
    parse_macro_value(ps, &name, mi);
    return;
  }
  if (tok_is(&ps->tok, "OBJECT") && tok_is(peek(ps), "IDENTIFIER")) {
    advance(ps);
    advance(ps);
    if (ps->tok.kind != TK_ASSIGN)
      fail_at(ps, &ps->tok, "expected '::=' after OBJECT IDENTIFIER");
    advance(ps);
    ast_def *d = new_def(ps, &name);
    d->kind = MIB_T_NONE; /* a plain node, as Net-SNMP has it */
    parse_oid_value(ps, d);
    append_def(ps, d);
    return;
  }
  skip_value_assignment(ps);
}

static void parse_module_body(parser *ps)
{
  while (!tok_is(&ps->tok, "END")) {
    if (ps->tok.kind == TK_EOF)
      fail_at(ps, &ps->tok, "expected END of module %s", ps->mod->name);
    if (tok_is(&ps->tok, "IMPORTS")) {
      parse_imports(ps);
    } else if (tok_is(&ps->tok, "EXPORTS")) {
      while (!tok_punct(&ps->tok, ';')) {
        if (ps->tok.kind == TK_EOF)
          fail_at(ps, &ps->tok, "expected ';' to end EXPORTS");
        advance(ps);
      }
      advance(ps);
    } else if (tok_punct(&ps->tok, ';')) {
      advance(ps);
    } else {
      parse_assignment(ps);
    }
  }
  advance(ps);
}

/* NAME [{ oid }] DEFINITIONS [tags] ::= BEGIN */
static void parse_module_header(parser *ps)
{
  token name = ps->tok;
  if (name.kind != TK_IDENT)
    fail_at(ps, &name, "expected a module name");
  advance(ps);
  if (tok_punct(&ps->tok, '{'))
    skip_group(ps);
  if (!tok_is(&ps->tok, "DEFINITIONS"))
    fail_at(ps, &ps->tok, "expected DEFINITIONS after module name %.*s",
            (int)name.len, name.text);
  advance(ps);
  while (ps->tok.kind == TK_IDENT && !tok_is(&ps->tok, "BEGIN"))
    advance(ps); /* EXPLICIT TAGS, IMPLICIT TAGS, AUTOMATIC TAGS */
  if (ps->tok.kind != TK_ASSIGN)
    fail_at(ps, &ps->tok, "expected '::=' after DEFINITIONS");
  advance(ps);
  if (!tok_is(&ps->tok, "BEGIN"))
    fail_at(ps, &ps->tok, "expected BEGIN");
  advance(ps);
}

static ast_module *new_module(parser *ps, const token *name)
{
  ast_module *m = arena_array(ps, 1, sizeof(*m));
  memset(m, 0, sizeof(*m));
  m->name = tok_dup(ps, name);
  m->file = ps->file;
  m->line = name->line;
  m->defs_tail = &m->defs;
  m->tcs_tail = &m->tcs;
  m->modrefs_tail = &m->modrefs;
  return m;
}

/* Where the lexer is, to look ahead and come back (no peeked token). */
typedef struct lex_mark {
  const char *p, *line_start;
  int line;
  token tok;
} lex_mark;

static lex_mark lex_save(const parser *ps)
{
  lex_mark k = {ps->p, ps->line_start, ps->line, ps->tok};
  return k;
}

static void lex_restore(parser *ps, const lex_mark *k)
{
  ps->p = k->p;
  ps->line_start = k->line_start;
  ps->line = k->line;
  ps->tok = k->tok;
  ps->has_peek = false;
}

/* With the current token '{' after a name: true when a short balanced
 * group and then DEFINITIONS follow (the module's OID value), as
 * snmpx__mibdb_first_module reads a header.  The lexer is left anywhere. */
static bool is_header_oid(parser *ps)
{
  int depth = 1;
  for (int i = 0; i < 64 && depth > 0; i++) {
    next_raw(ps, &ps->tok);
    if (ps->tok.kind == TK_EOF || tok_is(&ps->tok, "DEFINITIONS"))
      return false;
    if (tok_punct(&ps->tok, '{'))
      depth++;
    else if (tok_punct(&ps->tok, '}'))
      depth--;
  }
  if (depth > 0)
    return false;
  next_raw(ps, &ps->tok);
  return tok_is(&ps->tok, "DEFINITIONS");
}

/* Skip to the next "NAME DEFINITIONS" or "NAME { oid } DEFINITIONS" and
 * stop at NAME, so a broken module does not hide the modules after it in
 * the same file.  A brace group that is not a header's is read through
 * token by token, so no header inside it is missed.  Called with no
 * peeked token. */
static bool find_next_module(parser *ps)
{
  for (;;) {
    if (ps->tok.kind == TK_EOF)
      return false;
    if (ps->tok.kind == TK_IDENT) {
      lex_mark name = lex_save(ps);
      next_raw(ps, &ps->tok);
      if (tok_is(&ps->tok, "DEFINITIONS")) {
        lex_restore(ps, &name);
        return true;
      }
      if (tok_punct(&ps->tok, '{')) {
        lex_mark open = lex_save(ps);
        if (is_header_oid(ps)) {
          lex_restore(ps, &name);
          return true;
        }
        lex_restore(ps, &open);
        next_raw(ps, &ps->tok);
      }
      continue;
    }
    next_raw(ps, &ps->tok);
  }
}

static int parse_modules(parser *ps, mib_parse_out *out)
{
  ast_module **volatile tail = &out->modules;
  volatile bool first = true;
  for (;;) {
    if (setjmp(ps->fail) != 0) {
      if (ps->fail_code == SNMPX_ENOMEM)
        return SNMPX_ENOMEM;
      out->errors++;
      /* Keep what the broken module defined before the error. */
      if (ps->mod != NULL) {
        if (ps->imports_base != SIZE_MAX)
          imports_end(ps);
        *tail = ps->mod;
        tail = &ps->mod->next;
        ps->mod = NULL;
      }
      ps->imports_base = SIZE_MAX;
      ps->sc.len = 0;
      ps->has_peek = false;
      if (ps->p < ps->end)
        next_raw(ps, &ps->tok);
      else
        return 0;
      if (!find_next_module(ps))
        return 0;
      continue;
    }
    if (first) {
      advance(ps);
      first = false;
    }
    if (ps->tok.kind == TK_EOF)
      break;
    token name = ps->tok;
    parse_module_header(ps);
    ps->mod = new_module(ps, &name);
    parse_module_body(ps);
    *tail = ps->mod;
    tail = &ps->mod->next;
    ps->mod = NULL;
  }
  return 0;
}

int snmpx__mibdb_parse(mib_arena *a, const char *file, const char *text,
                       size_t len, mib_diag_fn diag, void *ud,
                       mib_parse_out *out)
{
  parser ps;
  memset(&ps, 0, sizeof(ps));
  memset(out, 0, sizeof(*out));
  ps.arena = a;
  ps.mem = a->mem;
  ps.imports_base = SIZE_MAX;
  ps.file = snmpx__mibdb_arena_strndup(a, file, strlen(file));
  if (ps.file == NULL)
    return SNMPX_ENOMEM;
  ps.src = ps.p = ps.line_start = text;
  ps.end = text + len;
  ps.line = 1;
  ps.diag = diag;
  ps.ud = ud;
  int rv = parse_modules(&ps, out);
  snmpx__free(ps.mem, ps.sc.p);
  return rv;
}

int snmpx__mibdb_first_module(const char *text, size_t len, char *out,
                              size_t cap)
{
  parser ps;
  memset(&ps, 0, sizeof(ps));
  ps.src = ps.p = ps.line_start = text;
  ps.end = text + len;
  ps.line = 1;
  ps.file = "";
  if (setjmp(ps.fail) != 0)
    return SNMPX_ENOTFOUND;
  token prev;
  memset(&prev, 0, sizeof(prev));
  /* The name is the word before DEFINITIONS (or before "{ oid }
   * DEFINITIONS"); give up after a few hundred tokens. */
  for (int i = 0; i < 400; i++) {
    token t;
    next_raw(&ps, &t);
    if (t.kind == TK_EOF)
      break;
    if (tok_is(&t, "DEFINITIONS") && prev.kind == TK_IDENT) {
      if (prev.len + 1 > cap)
        return SNMPX_ENOTFOUND;
      memcpy(out, prev.text, prev.len);
      out[prev.len] = '\0';
      return 0;
    }
    if (tok_punct(&t, '{')) {
      /* skip a module OID value, keeping prev */
      int depth = 1;
      for (int j = 0; j < 64 && depth > 0; j++) {
        next_raw(&ps, &t);
        if (t.kind == TK_EOF)
          return SNMPX_ENOTFOUND;
        if (tok_punct(&t, '{'))
          depth++;
        else if (tok_punct(&t, '}'))
          depth--;
      }
      continue;
    }
    prev = t;
  }
  return SNMPX_ENOTFOUND;
}
