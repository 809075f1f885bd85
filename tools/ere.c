/* POSIX extended regular expressions in linear time (see ere.h).
 *
 * The parser reads the pattern once, left to right, with an explicit
 * stack of open groups (no recursion: nesting depth costs memory, not
 * stack), and emits code as it goes.  Every jump in the code is relative
 * and stays inside the fragment it was made for, so a fragment (an atom
 * or a closed group) can be moved or copied as it is: a quantifier inserts
 * a SPLIT before its operand, {m,n} copies it out, "|" inserts a SPLIT
 * before the alternative so far.  The rules for what is an error, and
 * which error, follow glibc's regcomp (posix/regcomp.c, read for its
 * behaviour: peek_token, parse_expression, parse_dup_op, fetch_number,
 * parse_bracket_exp), checked against it by tests/unit/test_tool_ere.c.
 *
 * The search is a Pike VM: one list of threads (instruction, start of the
 * match) per subject position, at most one thread per instruction.
 * Threads stay in the order of their start, so the first to reach an
 * instruction has the earliest start and the later ones can be dropped:
 * what follows from an instruction does not depend on where its match
 * began.  Only the start of the leftmost match is wanted (regexec's rm_so
 * for Net-SNMP's "best match"), which is the same under POSIX's
 * leftmost-longest rule and any other. */
#include "ere.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- Program ------------------------------------------------------------ */

typedef enum op {
  OP_CHAR,   /* the subject byte (folded) is c */
  OP_SET,    /* the subject byte (folded) is in sets[x] */
  OP_ANY,    /* any byte */
  OP_SPLIT,  /* go on at +x and at +y */
  OP_JMP,    /* go on at +x */
  OP_ASSERT, /* go on if the assertion c holds here */
  OP_MATCH,
} op;

/* Zero-width assertions (OP_ASSERT's c). */
enum {
  AS_BOL,        /* ^ and \` : the start of the subject */
  AS_EOL,        /* $ and \' : its end */
  AS_WORD_FIRST, /* \< */
  AS_WORD_LAST,  /* \> */
  AS_WORD_EDGE,  /* \b */
  AS_NOT_EDGE,   /* \B */
};

typedef struct insn {
  uint8_t op;
  uint8_t c;
  int32_t x, y;
} insn;

typedef struct charset {
  uint8_t bits[32];
} charset;

typedef struct thread {
  uint32_t pc;
  size_t start;
} thread;

struct ere {
  insn *code;
  size_t n;
  charset *sets;
  bool icase;
  /* ere_search's scratch: two thread lists, a mark per instruction (the
   * generation that last added it), the closure's stack. */
  thread *cur, *next;
  uint32_t *mark;
  uint32_t gen;
  uint32_t *stack;
};

static bool set_has(const charset *s, unsigned c)
{
  return (s->bits[c >> 3] >> (c & 7)) & 1;
}

static void set_add(charset *s, unsigned c)
{
  s->bits[c >> 3] |= (uint8_t)(1u << (c & 7));
}

static unsigned ascii_upper(unsigned c)
{
  return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

static bool is_word(int c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z') || c == '_';
}

/* ---- Character classes (the C locale's, ASCII only) --------------------- */

static bool in_class(const char *name, unsigned c)
{
  bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
  bool digit = c >= '0' && c <= '9';
  bool graph = c > 0x20 && c < 0x7f;
  if (strcmp(name, "alpha") == 0)
    return upper || lower;
  if (strcmp(name, "upper") == 0)
    return upper;
  if (strcmp(name, "lower") == 0)
    return lower;
  if (strcmp(name, "digit") == 0)
    return digit;
  if (strcmp(name, "alnum") == 0)
    return upper || lower || digit;
  if (strcmp(name, "xdigit") == 0)
    return digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  if (strcmp(name, "space") == 0)
    return c == ' ' || (c >= '\t' && c <= '\r');
  if (strcmp(name, "blank") == 0)
    return c == ' ' || c == '\t';
  if (strcmp(name, "cntrl") == 0)
    return c < 0x20 || c == 0x7f;
  if (strcmp(name, "print") == 0)
    return graph || c == ' ';
  if (strcmp(name, "graph") == 0)
    return graph;
  /* punct */
  return graph && !upper && !lower && !digit;
}

static bool class_known(const char *name)
{
  static const char *const names[] = {
      "alpha", "upper", "lower", "digit", "alnum", "xdigit",
      "space", "blank", "cntrl", "print", "graph", "punct",
  };
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    if (strcmp(name, names[i]) == 0)
      return true;
  return false;
}

/* Add [:name:] to |s|.  As glibc does when it ignores case, upper and
 * lower are alpha (the subject is upper-cased before it is looked up). */
static int set_add_class(charset *s, const char *name, bool icase)
{
  if (!class_known(name))
    return ERE_ECTYPE;
  if (icase && (strcmp(name, "upper") == 0 || strcmp(name, "lower") == 0))
    name = "alpha";
  for (unsigned c = 0; c < 256; c++)
    if (in_class(name, c))
      set_add(s, c);
  return 0;
}

/* ---- Compiler state ----------------------------------------------------- */

#define NONE SIZE_MAX

/* A group being parsed (frames[0] is the whole pattern). */
typedef struct frame {
  size_t start;   /* where its code begins */
  size_t pending; /* the JMP ending its last alternative but one, or NONE */
  unsigned index; /* its number for back-references, from 0 */
  /* The groups closed before it, and those closed in its alternatives
   * before the current one: glibc lets \N refer to a group closed before
   * it in its own alternative only. */
  uint32_t initial, accum;
} frame;

typedef struct comp {
  const unsigned char *p;
  size_t i, n;
  bool icase;
  insn *code;
  size_t pc, cap;
  charset *sets;
  size_t nsets, cap_sets;
  frame *frames;
  size_t depth, cap_frames;
  size_t atom;     /* where the last repeatable fragment begins, NONE */
  unsigned groups; /* groups opened so far */
  uint32_t closed; /* bit k: group k+1 (k < 9) is closed */
  bool backref;    /* a back-reference was read */
  /* The code outgrew ERE_MAX_PROG: no more code is made, but the pattern
   * is read to its end for the errors glibc would find in it. */
  bool too_big;
} comp;

/* Make room for |more| instructions after pc.  @return 0, 1 if the code
 * is (now) too big to be made, or ERE_ENOMEM. */
static int reserve(comp *c, size_t more)
{
  if (c->too_big)
    return 1;
  if (more > ERE_MAX_PROG || c->pc + more > ERE_MAX_PROG) {
    c->too_big = true;
    return 1;
  }
  size_t need = c->pc + more;
  if (need <= c->cap)
    return 0;
  size_t cap = c->cap ? c->cap : 64;
  while (cap < need)
    cap *= 2;
  if (cap > ERE_MAX_PROG)
    cap = ERE_MAX_PROG;
  insn *code = realloc(c->code, cap * sizeof(*code));
  if (code == NULL)
    return ERE_ENOMEM;
  c->code = code;
  c->cap = cap;
  return 0;
}

static int emit(comp *c, op o, unsigned ch, int32_t x, int32_t y)
{
  int rc = reserve(c, 1);
  if (rc != 0)
    return rc < 0 ? rc : 0;
  c->code[c->pc++] = (insn){(uint8_t)o, (uint8_t)ch, x, y};
  return 0;
}

/* Insert one instruction at |at| (<= pc), moving the code after it: the
 * jumps in what moves are relative and move with it. */
static int insert(comp *c, size_t at, op o, int32_t x, int32_t y)
{
  int rc = reserve(c, 1);
  if (rc != 0)
    return rc < 0 ? rc : 0;
  memmove(c->code + at + 1, c->code + at, (c->pc - at) * sizeof(insn));
  c->code[at] = (insn){(uint8_t)o, 0, x, y};
  c->pc++;
  return 0;
}

/* @return the index of a new, empty set, or ERE_ENOMEM. */
static long new_set(comp *c)
{
  if (c->nsets == c->cap_sets) {
    size_t cap = c->cap_sets ? 2 * c->cap_sets : 8;
    charset *s = realloc(c->sets, cap * sizeof(*s));
    if (s == NULL)
      return ERE_ENOMEM;
    c->sets = s;
    c->cap_sets = cap;
  }
  memset(&c->sets[c->nsets], 0, sizeof(charset));
  return (long)c->nsets++;
}

/* ---- Tokens (glibc's peek_token, for REG_EXTENDED) ---------------------- */

typedef enum tk {
  TK_END,
  TK_CHAR, /* c: the byte, folded unless escaped */
  TK_ANY,
  TK_ALT,
  TK_STAR,
  TK_PLUS,
  TK_QUES,
  TK_OPEN_DUP,
  TK_CLOSE_DUP,
  TK_OPEN,
  TK_CLOSE,
  TK_BRACKET,
  TK_ANCHOR,    /* c: AS_* */
  TK_CLASS,     /* c: 'w', 'W', 's' or 'S' */
  TK_BACKREF,   /* c: the group number, 1-9 */
  TK_BACKSLASH, /* at the end of the pattern */
} tk;

typedef struct token {
  tk type;
  unsigned char c;
} token;

static unsigned fold(const comp *c, unsigned ch)
{
  return c->icase ? ascii_upper(ch) : ch;
}

static token lex(comp *c)
{
  if (c->i >= c->n)
    return (token){TK_END, 0};
  unsigned ch = c->p[c->i++];
  if (ch == '\\') {
    if (c->i >= c->n)
      return (token){TK_BACKSLASH, '\\'};
    /* glibc takes the escaped character as written, not upper-cased. */
    unsigned char e = c->p[c->i++];
    switch (e) {
    case '<':
      return (token){TK_ANCHOR, AS_WORD_FIRST};
    case '>':
      return (token){TK_ANCHOR, AS_WORD_LAST};
    case 'b':
      return (token){TK_ANCHOR, AS_WORD_EDGE};
    case 'B':
      return (token){TK_ANCHOR, AS_NOT_EDGE};
    case '`':
      return (token){TK_ANCHOR, AS_BOL};
    case '\'':
      return (token){TK_ANCHOR, AS_EOL};
    case 'w':
    case 'W':
    case 's':
    case 'S':
      return (token){TK_CLASS, e};
    default:
      if (e >= '1' && e <= '9')
        return (token){TK_BACKREF, (unsigned char)(e - '0')};
      return (token){TK_CHAR, e};
    }
  }
  switch (ch) {
  case '|':
    return (token){TK_ALT, '|'};
  case '*':
    return (token){TK_STAR, '*'};
  case '+':
    return (token){TK_PLUS, '+'};
  case '?':
    return (token){TK_QUES, '?'};
  case '{':
    return (token){TK_OPEN_DUP, '{'};
  case '}':
    return (token){TK_CLOSE_DUP, '}'};
  case '(':
    return (token){TK_OPEN, '('};
  case ')':
    return (token){TK_CLOSE, ')'};
  case '[':
    return (token){TK_BRACKET, '['};
  case '.':
    return (token){TK_ANY, '.'};
  case '^':
    return (token){TK_ANCHOR, AS_BOL};
  case '$':
    return (token){TK_ANCHOR, AS_EOL};
  default:
    return (token){TK_CHAR, (unsigned char)fold(c, ch)};
  }
}

/* ---- Bracket expressions (glibc's parse_bracket_exp) -------------------- */

typedef enum btk {
  BT_END,
  BT_CHAR,
  BT_RANGE, /* - */
  BT_CLOSE, /* ] */
  BT_NOT,   /* ^ */
  BT_COLL,  /* [. */
  BT_EQUIV, /* [= */
  BT_CLASS, /* [: */
} btk;

typedef struct btoken {
  btk type;
  unsigned char c;
  size_t len;
} btoken;

/* The token at c->i, not consumed.  A backslash is a member. */
static btoken bpeek(const comp *c)
{
  if (c->i >= c->n)
    return (btoken){BT_END, 0, 0};
  unsigned char ch = (unsigned char)fold(c, c->p[c->i]);
  if (ch == '[' && c->i + 1 < c->n) {
    unsigned char c2 = c->p[c->i + 1];
    if (c2 == '.')
      return (btoken){BT_COLL, c2, 2};
    if (c2 == '=')
      return (btoken){BT_EQUIV, c2, 2};
    if (c2 == ':')
      return (btoken){BT_CLASS, c2, 2};
  }
  switch (ch) {
  case '-':
    return (btoken){BT_RANGE, ch, 1};
  case ']':
    return (btoken){BT_CLOSE, ch, 1};
  case '^':
    return (btoken){BT_NOT, ch, 1};
  default:
    return (btoken){BT_CHAR, ch, 1};
  }
}

/* Longest [.name.], [=name=] or [:name:] glibc reads, plus its NUL. */
#define NAME_MAX_LEN 32

typedef struct belem {
  btk type; /* BT_CHAR, BT_COLL, BT_EQUIV or BT_CLASS */
  unsigned char c;
  char name[NAME_MAX_LEN];
} belem;

/* The name after "[.", "[=" or "[:", up to the same character and "]". */
static int bsymbol(comp *c, belem *e, btoken t)
{
  e->type = t.type;
  if (c->i >= c->n)
    return ERE_EBRACK;
  for (size_t k = 0;; k++) {
    if (k >= NAME_MAX_LEN)
      return ERE_EBRACK;
    /* Class names keep their case; the others are folded. */
    unsigned ch = c->p[c->i++];
    if (t.type != BT_CLASS)
      ch = fold(c, ch);
    if (c->i >= c->n)
      return ERE_EBRACK;
    if (ch == t.c && c->p[c->i] == ']') {
      e->name[k] = '\0';
      break;
    }
    e->name[k] = (char)ch;
  }
  c->i++;
  return 0;
}

static int belement(comp *c, belem *e, btoken t, bool accept_hyphen)
{
  c->i += t.len;
  if (t.type == BT_COLL || t.type == BT_EQUIV || t.type == BT_CLASS)
    return bsymbol(c, e, t);
  /* A "-" that starts an element is one only first or last. */
  if (t.type == BT_RANGE && !accept_hyphen && bpeek(c).type != BT_CLOSE)
    return ERE_ERANGE;
  e->type = BT_CHAR;
  e->c = t.c;
  return 0;
}

/* The byte a range starts or ends with, or an error. */
static int range_end(const belem *e)
{
  if (e->type == BT_CHAR)
    return e->c;
  if (strlen(e->name) != 1)
    return ERE_ECOLLATE;
  return (unsigned char)e->name[0];
}

static int badd_range(charset *s, const belem *lo, const belem *hi)
{
  if (lo->type == BT_CLASS || lo->type == BT_EQUIV || hi->type == BT_CLASS ||
      hi->type == BT_EQUIV)
    return ERE_ERANGE;
  int a = range_end(lo), b = range_end(hi);
  if (a < 0)
    return a;
  if (b < 0)
    return b;
  if (a > b)
    return ERE_ERANGE;
  for (int ch = a; ch <= b; ch++)
    set_add(s, (unsigned)ch);
  return 0;
}

static int badd(const comp *c, charset *s, const belem *e)
{
  if (e->type == BT_CHAR) {
    set_add(s, e->c);
    return 0;
  }
  if (e->type == BT_CLASS)
    return set_add_class(s, e->name, c->icase);
  /* [.c.] and [=c=]: in the C locale, one character and only itself */
  if (strlen(e->name) != 1)
    return ERE_ECOLLATE;
  set_add(s, (unsigned char)e->name[0]);
  return 0;
}

/* Read a bracket expression (its "[" read) into |s|. */
static int bracket(comp *c, charset *s)
{
  bool negate = false;
  btoken t = bpeek(c);
  if (t.type == BT_NOT) {
    negate = true;
    c->i += t.len;
    t = bpeek(c);
  }
  if (t.type == BT_END)
    return ERE_BADPAT;
  if (t.type == BT_CLOSE)
    t.type = BT_CHAR; /* "]" first is a member */
  for (bool first = true;; first = false) {
    belem lo, hi;
    int rc = belement(c, &lo, t, first);
    if (rc != 0)
      return rc;
    t = bpeek(c);
    bool range = false;
    btoken t2 = {BT_END, 0, 0};
    if (lo.type != BT_CLASS && lo.type != BT_EQUIV) {
      if (t.type == BT_END)
        return ERE_EBRACK;
      if (t.type == BT_RANGE) {
        c->i += t.len;
        t2 = bpeek(c);
        if (t2.type == BT_END)
          return ERE_EBRACK;
        if (t2.type == BT_CLOSE) {
          c->i -= t.len; /* "-" last is a member */
          t.type = BT_CHAR;
        } else {
          range = true;
        }
      }
    }
    if (range) {
      if ((rc = belement(c, &hi, t2, true)) != 0)
        return rc;
      t = bpeek(c);
      rc = badd_range(s, &lo, &hi);
    } else {
      rc = badd(c, s, &lo);
    }
    if (rc != 0)
      return rc;
    if (t.type == BT_END)
      return ERE_EBRACK;
    if (t.type == BT_CLOSE)
      break;
  }
  c->i += 1;
  if (negate)
    for (size_t k = 0; k < sizeof(s->bits); k++)
      s->bits[k] = (uint8_t)~s->bits[k];
  return 0;
}

/* ---- Repetition (glibc's parse_dup_op) ---------------------------------- */

/* glibc's fetch_number: a count up to the next "," or "}" (in |t|), -1 if
 * there are no digits, -2 if anything else is there or the pattern ends. */
static long fetch_number(comp *c, token *t)
{
  long num = -1;
  for (;;) {
    *t = lex(c);
    if (t->type == TK_END)
      return -2;
    if (t->type == TK_CLOSE_DUP || t->c == ',')
      break;
    if (t->type != TK_CHAR || t->c < '0' || t->c > '9' || num == -2)
      num = -2;
    else if (num == -1)
      num = t->c - '0';
    else if ((num = num * 10 + (t->c - '0')) > ERE_DUP_MAX + 1)
      num = ERE_DUP_MAX + 1;
  }
  return num;
}

/* Read "{m}", "{m,}", "{m,n}" or "{,n}" (its "{" read): *max -1 is no
 * limit. */
static int interval(comp *c, long *min, long *max)
{
  token t;
  long lo = fetch_number(c, &t), hi = 0;
  if (lo == -1) {
    if (t.type == TK_CHAR && t.c == ',')
      lo = 0; /* "{,n}" is "{0,n}" */
    else
      return ERE_BADBR; /* "{}" */
  }
  if (lo != -2)
    hi = t.type == TK_CLOSE_DUP              ? lo
         : (t.type == TK_CHAR && t.c == ',') ? fetch_number(c, &t)
                                             : -2;
  if (lo == -2 || hi == -2)
    return t.type == TK_END ? ERE_EBRACE : ERE_BADBR;
  if ((hi != -1 && lo > hi) || t.type != TK_CLOSE_DUP)
    return ERE_BADBR;
  if ((hi == -1 ? lo : hi) > ERE_DUP_MAX)
    return ERE_ESIZE;
  *min = lo;
  *max = hi;
  return 0;
}

/* x* : SPLIT(+1, past) x JMP(back to the SPLIT) */
static int star(comp *c, size_t at)
{
  size_t len = c->pc - at;
  int rc = reserve(c, 2);
  if (rc != 0)
    return rc < 0 ? rc : 0;
  insert(c, at, OP_SPLIT, 1, (int32_t)len + 2);
  return emit(c, OP_JMP, 0, -(int32_t)len - 1, 0);
}

/* x+ : x SPLIT(back to x, +1) */
static int plus(comp *c, size_t at)
{
  return emit(c, OP_SPLIT, 0, -(int32_t)(c->pc - at), 1);
}

/* x? : SPLIT(+1, past) x */
static int optional(comp *c, size_t at)
{
  return insert(c, at, OP_SPLIT, 1, (int32_t)(c->pc - at) + 1);
}

/* x{min,max}: min copies of x, then x* or (max - min) times x?. */
static int repeat(comp *c, size_t at, long min, long max)
{
  size_t len = c->pc - at;
  if (c->too_big || (min == 1 && max == 1))
    return 0;
  if (max == 0) {
    c->pc = at; /* x{0} and x{0,0} match the empty string */
    return 0;
  }
  /* The size first, so that nothing is copied in vain. */
  uint64_t size = (uint64_t)min * len;
  size +=
      max < 0 ? (min == 0 ? len + 2 : 1) : (uint64_t)(max - min) * (len + 1);
  int rc = at + size > ERE_MAX_PROG ? reserve(c, ERE_MAX_PROG + 1)
                                    : reserve(c, (size_t)size - len);
  if (rc != 0)
    return rc < 0 ? rc : 0;
  insn *x = malloc(len * sizeof(*x));
  if (x == NULL)
    return ERE_ENOMEM;
  memcpy(x, c->code + at, len * sizeof(*x));
  c->pc = at;
  for (long k = 0; k < min; k++) {
    memcpy(c->code + c->pc, x, len * sizeof(*x));
    c->pc += len;
  }
  if (max < 0) {
    if (min == 0) {
      memcpy(c->code + c->pc, x, len * sizeof(*x));
      c->pc += len;
      rc = star(c, c->pc - len);
    } else {
      rc = plus(c, c->pc - len);
    }
  } else {
    for (long k = min; k < max; k++) {
      c->code[c->pc++] = (insn){OP_SPLIT, 0, 1, (int32_t)len + 1};
      memcpy(c->code + c->pc, x, len * sizeof(*x));
      c->pc += len;
    }
  }
  free(x);
  return rc;
}

/* A quantifier token |t| after the fragment at c->atom. */
static int quantifier(comp *c, token t)
{
  long min = 0, max = -1;
  if (c->atom == NONE)
    return ERE_BADRPT; /* before "{"'s content is read, as glibc does */
  if (t.type == TK_OPEN_DUP) {
    int rc = interval(c, &min, &max);
    if (rc != 0)
      return rc;
  }
  if (c->pc == c->atom)
    return 0; /* repeating nothing ("()*", "x{0}*") is nothing */
  switch (t.type) {
  case TK_STAR:
    return star(c, c->atom);
  case TK_PLUS:
    return plus(c, c->atom);
  case TK_QUES:
    return optional(c, c->atom);
  default:
    return repeat(c, c->atom, min, max);
  }
}

/* ---- Groups and alternatives -------------------------------------------- */

static int open_group(comp *c)
{
  if (c->depth + 1 == c->cap_frames) {
    size_t cap = 2 * c->cap_frames;
    frame *f = realloc(c->frames, cap * sizeof(*f));
    if (f == NULL)
      return ERE_ENOMEM;
    c->frames = f;
    c->cap_frames = cap;
  }
  c->frames[++c->depth] = (frame){c->pc, NONE, c->groups++, c->closed, 0};
  c->atom = NONE;
  return 0;
}

/* End the alternatives of the innermost frame: its pending JMP, if any,
 * goes to here. */
static void end_alternatives(comp *c)
{
  frame *f = &c->frames[c->depth];
  if (f->pending != NONE && !c->too_big)
    c->code[f->pending].x = (int32_t)(c->pc - f->pending);
}

static void close_group(comp *c)
{
  end_alternatives(c);
  frame *f = &c->frames[c->depth--];
  c->closed |= f->accum;
  if (f->index < 9)
    c->closed |= 1u << f->index;
  c->atom = f->start;
}

/* "|": what the frame holds so far becomes SPLIT(+1, next) it JMP(end),
 * the next alternative following.  Nested to the left, a|b|c is (a|b)|c,
 * each alternative's JMP going to the next one's, the last to the end. */
static int alternative(comp *c)
{
  frame *f = &c->frames[c->depth];
  size_t len = c->pc - f->start;
  f->accum |= c->closed;
  c->closed = f->initial;
  c->atom = NONE;
  int rc = reserve(c, 2);
  if (rc != 0)
    return rc < 0 ? rc : 0;
  end_alternatives(c);
  insert(c, f->start, OP_SPLIT, 1, (int32_t)len + 2);
  f->pending = c->pc;
  return emit(c, OP_JMP, 0, 0, 0);
}

/* ---- Compile ------------------------------------------------------------ */

static int atom_set(comp *c, const charset *s)
{
  long k = new_set(c);
  if (k < 0)
    return (int)k;
  c->sets[k] = *s;
  c->atom = c->pc;
  return emit(c, OP_SET, 0, (int32_t)k, 0);
}

/* \w \W \s \S */
static int atom_class(comp *c, unsigned which)
{
  charset s;
  memset(&s, 0, sizeof(s));
  set_add_class(&s, which == 'w' || which == 'W' ? "alnum" : "space", false);
  if (which == 'w' || which == 'W')
    set_add(&s, '_');
  if (which == 'W' || which == 'S')
    for (size_t k = 0; k < sizeof(s.bits); k++)
      s.bits[k] = (uint8_t)~s.bits[k];
  return atom_set(c, &s);
}

static int step(comp *c, token t)
{
  charset s;
  switch (t.type) {
  case TK_CHAR:
  case TK_CLOSE_DUP: /* a "}" with no "{" is itself */
    c->atom = c->pc;
    return emit(c, OP_CHAR, t.c, 0, 0);
  case TK_ANY:
    c->atom = c->pc;
    return emit(c, OP_ANY, 0, 0, 0);
  case TK_BRACKET: {
    memset(&s, 0, sizeof(s));
    int rc = bracket(c, &s);
    return rc != 0 ? rc : atom_set(c, &s);
  }
  case TK_CLASS:
    return atom_class(c, t.c);
  case TK_OPEN:
    return open_group(c);
  case TK_CLOSE:
    if (c->depth == 0) { /* an unmatched ")" is itself */
      c->atom = c->pc;
      return emit(c, OP_CHAR, ')', 0, 0);
    }
    close_group(c);
    return 0;
  case TK_ALT:
    return alternative(c);
  case TK_STAR:
  case TK_PLUS:
  case TK_QUES:
  case TK_OPEN_DUP:
    return quantifier(c, t);
  case TK_ANCHOR:
    c->atom = NONE; /* glibc: an anchor cannot be repeated */
    return emit(c, OP_ASSERT, t.c, 0, 0);
  case TK_BACKREF:
    if (!((c->closed >> (t.c - 1)) & 1))
      return ERE_ESUBREG;
    /* Refused once the pattern is read (glibc's errors first); an atom
     * until then. */
    c->backref = true;
    c->atom = c->pc;
    return emit(c, OP_ANY, 0, 0, 0);
  case TK_BACKSLASH:
    return ERE_EESCAPE;
  default:
    return 0;
  }
}

/* The compiled pattern, its scratch space allocated, code and sets taken
 * from |c|. */
static int finish(comp *c, ere **out)
{
  ere *re = calloc(1, sizeof(*re));
  if (re == NULL)
    return ERE_ENOMEM;
  re->code = c->code;
  re->n = c->pc;
  re->sets = c->sets;
  re->icase = c->icase;
  c->code = NULL;
  c->sets = NULL;
  re->cur = malloc(re->n * sizeof(thread));
  re->next = malloc(re->n * sizeof(thread));
  re->mark = calloc(re->n, sizeof(uint32_t));
  re->stack = malloc(re->n * sizeof(uint32_t));
  if (re->cur == NULL || re->next == NULL || re->mark == NULL ||
      re->stack == NULL) {
    ere_free(re);
    return ERE_ENOMEM;
  }
  *out = re;
  return 0;
}

int ere_compile(const char *pattern, unsigned flags, ere **out, size_t *where)
{
  comp c;
  memset(&c, 0, sizeof(c));
  c.p = (const unsigned char *)pattern;
  c.n = strlen(pattern);
  c.icase = (flags & ERE_ICASE) != 0;
  c.atom = NONE;
  c.cap_frames = 8;
  *out = NULL;
  int rc = ERE_ENOMEM;
  c.frames = malloc(c.cap_frames * sizeof(frame));
  if (c.frames != NULL) {
    c.frames[0] = (frame){0, NONE, 0, 0, 0};
    rc = 0;
  }
  for (token t; rc == 0 && (t = lex(&c)).type != TK_END;)
    rc = step(&c, t);
  if (rc == 0 && c.depth > 0)
    rc = ERE_EPAREN;
  if (rc == 0 && c.backref)
    rc = ERE_EBACKREF;
  if (rc == 0) {
    end_alternatives(&c);
    rc = emit(&c, OP_MATCH, 0, 0, 0);
  }
  if (rc == 0 && c.too_big)
    rc = ERE_ETOOBIG;
  if (rc == 0)
    rc = finish(&c, out);
  if (rc != 0 && where != NULL)
    *where = c.i;
  free(c.code);
  free(c.sets);
  free(c.frames);
  return rc;
}

/* ---- Search ------------------------------------------------------------- */

typedef struct run {
  ere *re;
  const unsigned char *s;
  size_t len;
  long best; /* the earliest start of a match found, -1 */
} run;

static bool holds(const run *r, unsigned kind, size_t pos)
{
  bool before = pos > 0 && is_word(r->s[pos - 1]);
  bool after = pos < r->len && is_word(r->s[pos]);
  switch (kind) {
  case AS_BOL:
    return pos == 0;
  case AS_EOL:
    return pos == r->len;
  case AS_WORD_FIRST:
    return !before && after;
  case AS_WORD_LAST:
    return before && !after;
  case AS_WORD_EDGE:
    return before != after;
  default: /* AS_NOT_EDGE */
    return before == after;
  }
}

/* Add the thread (pc, start) at subject position |pos| to |list| (*n
 * threads), following jumps, splits and assertions, unless an earlier
 * thread of this position already went there. */
static void add(run *r, thread *list, size_t *n, uint32_t pc0, size_t start,
                size_t pos)
{
  ere *re = r->re;
  size_t sp = 0;
  if (re->mark[pc0] == re->gen)
    return;
  re->mark[pc0] = re->gen;
  re->stack[sp++] = pc0;
  while (sp > 0) {
    uint32_t pc = re->stack[--sp];
    const insn *in = &re->code[pc];
    uint32_t to[2];
    int k = 0;
    switch (in->op) {
    case OP_JMP:
      to[k++] = pc + (uint32_t)in->x;
      break;
    case OP_SPLIT:
      to[k++] = pc + (uint32_t)in->y;
      to[k++] = pc + (uint32_t)in->x;
      break;
    case OP_ASSERT:
      if (holds(r, in->c, pos))
        to[k++] = pc + 1;
      break;
    case OP_MATCH:
      if (r->best < 0 || (long)start < r->best)
        r->best = (long)start;
      break;
    default:
      list[(*n)++] = (thread){pc, start};
      break;
    }
    for (int j = 0; j < k; j++)
      if (re->mark[to[j]] != re->gen) {
        re->mark[to[j]] = re->gen;
        re->stack[sp++] = to[j];
      }
  }
}

static bool consumes(const ere *re, const insn *in, unsigned ch)
{
  if (re->icase)
    ch = ascii_upper(ch);
  switch (in->op) {
  case OP_CHAR:
    return ch == in->c;
  case OP_SET:
    return set_has(&re->sets[in->x], ch);
  default: /* OP_ANY */
    return true;
  }
}

/* A new generation of marks: no instruction is in the list being made. */
static void next_gen(ere *re)
{
  if (++re->gen == 0) {
    memset(re->mark, 0, re->n * sizeof(*re->mark));
    re->gen = 1;
  }
}

long ere_search(ere *re, const char *subject, size_t len)
{
  run r = {re, (const unsigned char *)subject, len, -1};
  size_t n = 0;
  next_gen(re);
  for (size_t pos = 0;; pos++) {
    /* A match starting here, last: it starts after every other thread. */
    if (r.best < 0)
      add(&r, re->cur, &n, 0, pos, pos);
    if (pos == len || (n == 0 && r.best >= 0))
      break;
    size_t m = 0;
    next_gen(re);
    for (size_t k = 0; k < n; k++) {
      const thread *t = &re->cur[k];
      /* A thread that began at or after a match found cannot better it. */
      if (r.best >= 0 && (long)t->start >= r.best)
        break;
      if (consumes(re, &re->code[t->pc], r.s[pos]))
        add(&r, re->next, &m, t->pc + 1, t->start, pos + 1);
    }
    thread *tmp = re->cur;
    re->cur = re->next;
    re->next = tmp;
    n = m;
  }
  return r.best;
}

size_t ere_size(const ere *re)
{
  return re->n;
}

void ere_free(ere *re)
{
  if (re == NULL)
    return;
  free(re->code);
  free(re->sets);
  free(re->cur);
  free(re->next);
  free(re->mark);
  free(re->stack);
  free(re);
}

#define ERE_STR2(x) #x
#define ERE_STR(x) ERE_STR2(x)

const char *ere_strerror(int err)
{
  switch (err) {
  case 0:
    return "success";
  case ERE_ENOMEM:
    return "out of memory";
  case ERE_BADPAT:
    return "\"[\" or \"[^\" at the end";
  case ERE_EBRACK:
    return "unmatched [, [^, [:, [. or [=";
  case ERE_EPAREN:
    return "unmatched (";
  case ERE_EBRACE:
    return "unmatched {";
  case ERE_BADBR:
    return "invalid content of {}";
  case ERE_ERANGE:
    return "invalid range end";
  case ERE_ECTYPE:
    return "invalid character class name";
  case ERE_ECOLLATE:
    return "invalid collation character";
  case ERE_EESCAPE:
    return "trailing backslash";
  case ERE_BADRPT:
    return "invalid preceding regular expression";
  case ERE_ESUBREG:
    return "invalid back reference";
  case ERE_ESIZE:
    return "repetition count over 32767";
  case ERE_EBACKREF:
    return "back-references (\\1 to \\9) are not supported";
  case ERE_ETOOBIG:
    return "too large once its repetitions are copied out (over " ERE_STR(
        ERE_MAX_PROG) " instructions)";
  default:
    return "unknown error";
  }
}

bool ere_is_posix_error(int err)
{
  return err <= ERE_BADPAT && err >= ERE_ESIZE;
}
