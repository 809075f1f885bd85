/* snmpx configuration files: whole lines or a FILE:LINE refusal (see
 * conf_read.h). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conf_read.h"

static int refuse(const conf_reader *r, const char *what)
{
  fprintf(stderr, "%s%s: %s\n", r->prog, r->where, what);
  return -1;
}

int conf_reader_open(conf_reader *r, const char *path, const char *prog)
{
  memset(r, 0, sizeof(*r));
  r->name = path;
  r->prog = prog;
  struct stat st;
  r->f = fopen(path, "r");
  int err = errno;
  if (r->f != NULL && fstat(fileno(r->f), &st) == 0 && S_ISDIR(st.st_mode)) {
    /* fopen takes a directory, and reading it gives nothing: it would
     * pass for an empty file. */
    fclose(r->f);
    r->f = NULL;
    err = EISDIR;
  }
  if (r->f == NULL) {
    fprintf(stderr, "%scannot read '%s': %s\n", prog, path, strerror(err));
    return -1;
  }
  return 0;
}

int conf_reader_open_mem(conf_reader *r, const char *name, const void *data,
                         size_t len, const char *prog)
{
  memset(r, 0, sizeof(*r));
  r->name = name;
  r->prog = prog;
  if (len == 0)
    return 0; /* no file: conf_reader_next says end of file */
  r->f = fmemopen((void *)data, len, "r");
  if (r->f == NULL) {
    fprintf(stderr, "%s%s: %s\n", prog, name, strerror(errno));
    return -1;
  }
  return 0;
}

/* Past the word at |p| (not white space, not the end), by the rules of
 * cli_split_words; *open set when its quote is never closed. */
static const char *skip_word(const char *p, bool *open)
{
  char quote = *p == '"' || *p == '\'' ? *p++ : '\0';
  while (*p != '\0' && (quote ? *p != quote : !isspace((unsigned char)*p))) {
    if (*p == '\\' && p[1] != '\0')
      p++;
    p++;
  }
  *open = quote && *p != quote;
  return quote && *p == quote ? p + 1 : p;
}

bool conf_has_open_quote(const char *line)
{
  const char *p = line;
  bool open = false;
  for (;;) {
    while (isspace((unsigned char)*p))
      p++;
    if (*p == '\0' || *p == '#')
      return false;
    p = skip_word(p, &open);
    if (open)
      return true;
  }
}

const char *conf_skip_words(const char *line, int n)
{
  const char *p = line;
  bool open;
  for (int i = 0; i < n; i++) {
    while (isspace((unsigned char)*p))
      p++;
    if (*p == '\0' || *p == '#')
      return p;
    p = skip_word(p, &open);
  }
  while (isspace((unsigned char)*p))
    p++;
  return p;
}

/* The next line's bytes into r->line, without its newline.  Reading
 * stops at CONF_LINE_MAX + 1 bytes: an endless line (/dev/zero) is
 * refused, not held in memory.  @return its length; -1 at the end of the
 * file; -2 on a read error. */
static long read_line(conf_reader *r)
{
  size_t len = 0;
  int ch;
  while ((ch = getc(r->f)) != EOF && ch != '\n') {
    if (len + 1 >= r->cap) {
      size_t cap = r->cap ? r->cap * 2 : 256;
      char *grown = realloc(r->line, cap);
      if (grown == NULL)
        return -3;
      r->line = grown;
      r->cap = cap;
    }
    r->line[len++] = (char)ch;
    if (len > CONF_LINE_MAX)
      break;
  }
  if (ch == EOF && ferror(r->f))
    return -2;
  if (ch == EOF && len == 0)
    return -1;
  if (r->line == NULL && (r->line = malloc(r->cap = 256)) == NULL)
    return -3;
  r->line[len] = '\0';
  return (long)len;
}

int conf_reader_next(conf_reader *r)
{
  if (r->f == NULL)
    return 0;
  errno = 0;
  long n = read_line(r);
  r->lineno++;
  snprintf(r->where, sizeof(r->where), "%s:%d", r->name, r->lineno);
  if (n == -1)
    return 0;
  if (n == -2)
    return refuse(r, errno ? strerror(errno) : "read error");
  if (n == -3)
    return refuse(r, "out of memory");
  size_t len = (size_t)n;
  if (len > CONF_LINE_MAX)
    return refuse(r, "line too long (more than 65536 bytes)");
  if (memchr(r->line, '\0', len) != NULL)
    return refuse(r, "NUL byte in the line");
  if (conf_has_open_quote(r->line))
    return refuse(r, "unterminated quote");
  return 1;
}

void conf_reader_close(conf_reader *r)
{
  if (r->f != NULL)
    fclose(r->f);
  free(r->line);
  r->f = NULL;
  r->line = NULL;
  r->cap = 0;
}
