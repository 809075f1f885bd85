/* POSIX extended regular expressions for snmpx translate's -TB and -Ib, in
 * time linear in the subject: a pattern is compiled to a Thompson NFA
 * program and searched by a Pike VM, which keeps at most one thread per
 * instruction.  glibc's regcomp, which Net-SNMP calls, takes minutes on
 * some patterns ("s{,9}{0,9}{,9}"): this takes at most
 * (subject length + 1) * program size steps.
 *
 * What is accepted and what matches is what glibc 2.36's regcomp and
 * regexec do with REG_EXTENDED (and REG_ICASE) in the C locale, rule for
 * rule: literals, ".", bracket expressions (ranges, "^" negation,
 * [:class:], [.c.] and [=c=] of one character, "]" first and "-" first or
 * last as members, backslash a member), the anchors "^" "$" (of the whole
 * subject) and GNU's \` \' \< \> \b \B, \w \W \s \S, groups, "|" (empty
 * alternatives too), "*" "+" "?" and {m} {m,} {m,n} {,n} up to 32767; any
 * other escaped character stands for itself.  An unmatched ")" and a lone
 * "}" are literals.  Case-insensitive matching folds ASCII letters as
 * glibc does: the pattern and the subject are upper-cased, except a
 * character after a backslash (so "\a" matches nothing, as in glibc).
 * Bytes 0x80-0xff are literals that no class holds.
 *
 * Two things glibc accepts are refused: back-references (\1 to a group
 * already closed; they cannot be matched in linear time), ERE_EBACKREF,
 * and a pattern whose program, once its bounded repetitions are copied
 * out, exceeds ERE_MAX_PROG instructions, ERE_ETOOBIG. */
#ifndef SNMPX_TOOLS_ERE_H
#define SNMPX_TOOLS_ERE_H

#include <stdbool.h>
#include <stddef.h>

/** The most instructions a compiled pattern may have.  "x" is 1,
 *  "[a-z]" 1, "x*" 3, "x{0,n}" 2n, "(ab|cd){n}" 7n (plus 1 in all). */
#define ERE_MAX_PROG 4096

/** The largest count in {m,n}, as glibc's RE_DUP_MAX. */
#define ERE_DUP_MAX 32767

/** Match letters whatever their case (REG_ICASE). */
#define ERE_ICASE 1u

/** ere_compile's errors.  Those from ERE_BADPAT to ERE_ESIZE are
 *  glibc's regcomp errors of the same name (REG_BADPAT...): glibc refuses the
 * same patterns, see ere_is_posix_error. */
enum {
  ERE_ENOMEM = -1,   /* out of memory */
  ERE_BADPAT = -2,   /* "[" or "[^" at the end */
  ERE_EBRACK = -3,   /* "[" without its "]" */
  ERE_EPAREN = -4,   /* "(" without its ")" */
  ERE_EBRACE = -5,   /* "{" without its "}" */
  ERE_BADBR = -6,    /* not {m}, {m,}, {m,n} or {,n} with m <= n */
  ERE_ERANGE = -7,   /* a range whose end is before its start */
  ERE_ECTYPE = -8,   /* an unknown [:class:] */
  ERE_ECOLLATE = -9, /* [.name.] or [=name=] not of one character */
  ERE_EESCAPE = -10, /* a backslash at the end */
  ERE_BADRPT = -11,  /* "*", "+", "?" or "{" with nothing to repeat */
  ERE_ESUBREG = -12, /* \N where group N is not closed yet */
  ERE_ESIZE = -13,   /* a count over ERE_DUP_MAX */
  ERE_EBACKREF = -14,
  ERE_ETOOBIG = -15,
};

typedef struct ere ere;

/** Compile |pattern| (a C string, borrowed) with |flags| (0 or ERE_ICASE).
 *  @param out    set to the compiled pattern (the caller's, ere_free it)
 *                on success, to NULL on error.
 *  @param where  if not NULL, set on error to the offset in |pattern| the
 *                error was found at.
 *  @return 0, ERE_ENOMEM, ERE_EBACKREF, ERE_ETOOBIG, or one of glibc's
 *          errors ERE_BADPAT..ERE_ESIZE. */
int ere_compile(const char *pattern, unsigned flags, ere **out, size_t *where);

/** Where the leftmost match of |re| in |subject| (|len| bytes, borrowed)
 *  starts, as regexec's rm_so: the pattern may match anywhere unless
 *  anchored.  Uses scratch space inside |re|: one search at a time.
 *  Takes at most (len + 1) * program size steps; allocates nothing.
 *  @return the offset, or -1 where it matches nowhere. */
long ere_search(ere *re, const char *subject, size_t len);

/** The number of instructions |re| compiled to (at most ERE_MAX_PROG). */
size_t ere_size(const ere *re);

/** Free |re|; NULL is a no-op. */
void ere_free(ere *re);

/** A short English description of an ere_compile error. */
const char *ere_strerror(int err);

/** Whether glibc's regcomp refuses a pattern with this error too (all but
 *  ERE_ENOMEM, ERE_EBACKREF and ERE_ETOOBIG). */
bool ere_is_posix_error(int err);

#endif
