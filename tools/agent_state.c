/* snmpx agent: reading and writing the state file (agent_state.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent_state.h"

#define MAX_BOOTS 2147483647u /* RFC 3414 2.2.2 */

static int fail(char *err, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t cap, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, cap, fmt, ap);
  va_end(ap);
  return -1;
}

static bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

static bool is_hex(char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
         (c >= 'A' && c <= 'F');
}

static unsigned hex_value(char c)
{
  if (c <= '9')
    return (unsigned)(c - '0');
  return (unsigned)((c | 0x20) - 'a' + 10);
}

/* |s|[0..n) without the blanks around it. */
static void trim(const char **s, size_t *n)
{
  while (*n > 0 && is_space(**s)) {
    (*s)++;
    (*n)--;
  }
  while (*n > 0 && is_space((*s)[*n - 1]))
    (*n)--;
}

/* The engine ID's hex digits (with or without 0x): 5..32 octets. */
static bool parse_id(const char *s, size_t n, agent_state *st)
{
  if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s += 2;
    n -= 2;
  }
  if (n % 2 != 0 || n / 2 < 5 || n / 2 > sizeof(st->engine_id))
    return false;
  for (size_t i = 0; i < n; i += 2) {
    if (!is_hex(s[i]) || !is_hex(s[i + 1]))
      return false;
    st->engine_id[i / 2] = (uint8_t)(hex_value(s[i]) << 4 | hex_value(s[i + 1]));
  }
  st->engine_id_len = n / 2;
  return true;
}

/* Decimal digits only, 0..MAX_BOOTS. */
static bool parse_boots(const char *s, size_t n, uint32_t *out)
{
  if (n == 0 || n > 10)
    return false;
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    v = v * 10 + (uint64_t)(s[i] - '0');
  }
  if (v > MAX_BOOTS)
    return false;
  *out = (uint32_t)v;
  return true;
}

/* One line's content (without its newline).  @return 0 or -1. */
static int parse_line(const char *s, size_t n, const char *path,
                      unsigned line, agent_state *st, bool *seen_id,
                      bool *seen_boots, char *err, size_t cap)
{
  trim(&s, &n);
  if (n == 0 || s[0] == '#')
    return 0;
  size_t w = 0;
  while (w < n && !is_space(s[w]))
    w++;
  const char *arg = s + w;
  size_t alen = n - w;
  trim(&arg, &alen);
  if (w == 8 && memcmp(s, "engineID", 8) == 0) {
    if (*seen_id)
      return fail(err, cap, "%s:%u: engineID given twice", path, line);
    if (!parse_id(arg, alen, st))
      return fail(err, cap,
                  "%s:%u: bad engineID (5 to 32 octets in hex expected)", path,
                  line);
    *seen_id = true;
    return 0;
  }
  if (w == 5 && memcmp(s, "boots", 5) == 0) {
    if (*seen_boots)
      return fail(err, cap, "%s:%u: boots given twice", path, line);
    if (!parse_boots(arg, alen, &st->boots))
      return fail(err, cap, "%s:%u: bad boots (0 to %u expected)", path, line,
                  MAX_BOOTS);
    *seen_boots = true;
    return 0;
  }
  return fail(err, cap, "%s:%u: unknown line (engineID or boots expected)",
              path, line);
}

int agent_state_parse(const char *text, size_t len, const char *path,
                      agent_state *st, char *err, size_t errcap)
{
  memset(st, 0, sizeof(*st));
  bool seen_id = false, seen_boots = false;
  unsigned line = 0;
  size_t at = 0;
  while (at < len) {
    line++;
    const char *nl = memchr(text + at, '\n', len - at);
    if (nl == NULL)
      return fail(err, errcap,
                  "%s:%u: last line has no newline (a truncated file?)", path,
                  line);
    size_t n = (size_t)(nl - (text + at));
    if (memchr(text + at, '\0', n) != NULL)
      return fail(err, errcap, "%s:%u: NUL byte in line", path, line);
    if (parse_line(text + at, n, path, line, st, &seen_id, &seen_boots, err,
                   errcap) < 0)
      return -1;
    at += n + 1;
  }
  if (!seen_id)
    return fail(err, errcap, "%s: no engineID line", path);
  if (!seen_boots)
    return fail(err, errcap, "%s: no boots line", path);
  st->present = true;
  return 0;
}

int agent_state_read(const char *path, agent_state *st, char *err,
                     size_t errcap)
{
  memset(st, 0, sizeof(*st));
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT)
      return 0; /* first start */
    return fail(err, errcap, "%s: %s", path, strerror(errno));
  }
  struct stat sb;
  if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
    close(fd);
    return fail(err, errcap, "%s: not a regular file", path);
  }
  if (sb.st_size > AGENT_STATE_MAX_SIZE) {
    close(fd);
    return fail(err, errcap, "%s: larger than %d bytes", path,
                AGENT_STATE_MAX_SIZE);
  }
  char *buf = malloc(AGENT_STATE_MAX_SIZE + 1);
  if (buf == NULL) {
    close(fd);
    return fail(err, errcap, "%s: out of memory", path);
  }
  size_t len = 0;
  int rv = 0;
  while (len <= AGENT_STATE_MAX_SIZE) {
    ssize_t got = read(fd, buf + len, AGENT_STATE_MAX_SIZE + 1 - len);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0) {
      rv = fail(err, errcap, "%s: %s", path, strerror(errno));
      break;
    }
    if (got == 0)
      break;
    len += (size_t)got;
  }
  close(fd);
  if (rv == 0 && len > AGENT_STATE_MAX_SIZE)
    rv = fail(err, errcap, "%s: larger than %d bytes", path,
              AGENT_STATE_MAX_SIZE);
  if (rv == 0)
    rv = agent_state_parse(buf, len, path, st, err, errcap);
  free(buf);
  return rv;
}

/* Make the directories leading to |path| (like mkdir -p of its dirname). */
static int make_parents(const char *path, char *err, size_t cap)
{
  size_t n = strlen(path);
  char *dir = malloc(n + 1);
  if (dir == NULL)
    return fail(err, cap, "%s: out of memory", path);
  memcpy(dir, path, n + 1);
  int rv = 0;
  for (char *p = dir + 1; *p != '\0' && rv == 0; p++) {
    if (*p != '/')
      continue;
    *p = '\0';
    if (mkdir(dir, 0700) < 0 && errno != EEXIST)
      rv = fail(err, cap, "%s: cannot create directory '%s': %s", path, dir,
                strerror(errno));
    *p = '/';
  }
  free(dir);
  return rv;
}

static int write_all(int fd, const char *s, size_t n)
{
  while (n > 0) {
    ssize_t put = write(fd, s, n);
    if (put < 0 && errno == EINTR)
      continue;
    if (put <= 0)
      return -1;
    s += put;
    n -= (size_t)put;
  }
  return 0;
}

/* Sync the directory holding |path|, so the rename itself is durable. */
static int sync_dir(const char *path)
{
  const char *slash = strrchr(path, '/');
  char *dir = NULL;
  if (slash != NULL) {
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    dir = malloc(n + 1);
    if (dir == NULL)
      return -1;
    memcpy(dir, path, n);
    dir[n] = '\0';
  }
  int fd = open(dir != NULL ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  free(dir);
  if (fd < 0)
    return -1;
  int rv = fsync(fd);
  close(fd);
  return rv;
}

int agent_state_write(const char *path, const agent_state *st, char *err,
                      size_t errcap)
{
  char text[160];
  int n = snprintf(text, sizeof(text),
                   "# snmpx agent state: snmpEngineID and snmpEngineBoots\n"
                   "engineID ");
  for (size_t i = 0; i < st->engine_id_len && i < sizeof(st->engine_id); i++)
    n += snprintf(text + n, sizeof(text) - (size_t)n, "%02x", st->engine_id[i]);
  n += snprintf(text + n, sizeof(text) - (size_t)n, "\nboots %lu\n",
                (unsigned long)st->boots);
  if (make_parents(path, err, errcap) < 0)
    return -1;
  size_t plen = strlen(path);
  char *tmp = malloc(plen + 5);
  if (tmp == NULL)
    return fail(err, errcap, "%s: out of memory", path);
  memcpy(tmp, path, plen);
  memcpy(tmp + plen, ".tmp", 5);
  int rv = 0;
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    rv = fail(err, errcap, "%s: %s", tmp, strerror(errno));
  } else {
    if (write_all(fd, text, (size_t)n) < 0 || fsync(fd) < 0)
      rv = fail(err, errcap, "%s: %s", tmp, strerror(errno));
    if (close(fd) < 0 && rv == 0)
      rv = fail(err, errcap, "%s: %s", tmp, strerror(errno));
    if (rv == 0 && rename(tmp, path) < 0)
      rv = fail(err, errcap, "%s: %s", path, strerror(errno));
    if (rv < 0)
      unlink(tmp);
    else if (sync_dir(path) < 0)
      rv = fail(err, errcap, "%s: cannot sync its directory: %s", path,
                strerror(errno));
  }
  free(tmp);
  return rv;
}
