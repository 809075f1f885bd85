/* The line reader of snmpx's configuration files (snmpx agent's
 * snmpd.conf words, snmpx trapd's snmptrapd.conf words): every line is
 * read whole, whatever its length, or refused with "FILE:LINE: ...";
 * never split into pieces that would each run as a directive. */
#ifndef SNMPX_TOOLS_CONF_READ_H
#define SNMPX_TOOLS_CONF_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Longer lines are refused (no directive needs a tenth of this). */
#define CONF_LINE_MAX 65536

typedef struct conf_reader {
  FILE *f;
  const char *name; /* the file name in messages (borrowed) */
  const char *prog; /* "snmpx trapd: " or "": what messages start with */
  int lineno;       /* of the line conf_reader_next returned last */
  char *line;       /* that line, NUL-terminated, without its newline */
  size_t cap;
  char where[512]; /* "FILE:LINE" of that line */
} conf_reader;

/** Open |path| for reading: a directory or any other file that cannot be
 *  read is refused with "PROGcannot read 'PATH': REASON" on stderr.
 *  |path| and |prog| are borrowed until conf_reader_close.
 *  @return 0 or -1 (printed). */
int conf_reader_open(conf_reader *r, const char *path, const char *prog);

/** Read |len| bytes at |data| (borrowed until conf_reader_close) as a file
 *  named |name|.  @return 0, or -1 when out of memory (printed). */
int conf_reader_open_mem(conf_reader *r, const char *name, const void *data,
                         size_t len, const char *prog);

/** The next line in r->line (its number in r->lineno, "FILE:LINE" in
 *  r->where).  A line holding a NUL byte, one longer than CONF_LINE_MAX
 * (reading stops there), one with a word whose opening quote is never closed,
 * and a read error are refused: "PROGFILE:LINE: REASON" on stderr.
 *  @return 1 (a line), 0 (end of file) or -1 (printed). */
int conf_reader_next(conf_reader *r);

/** Close the file and free the line. */
void conf_reader_close(conf_reader *r);

/** Whether |line| has a word that opens a quote and never closes it, by
 *  the rules of cli_split_words (a quote opens only at a word's start; a
 *  backslash makes the next character plain; '#' at a word's start ends
 *  the line). */
bool conf_has_open_quote(const char *line);

/** The text of |line| after its first |n| words and the white space that
 *  follows them (the end of the line when it has fewer words). */
const char *conf_skip_words(const char *line, int n);

#endif
