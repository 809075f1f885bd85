/* snmpx agent: the state file (-S, stateFile) that keeps snmpEngineID and
 * snmpEngineBoots across restarts (RFC 3414 2.2.2: boots never goes back
 * while the engine ID stays).
 *
 * The file is two lines the agent writes itself,
 *     engineID 80001f8880...
 *     boots 12
 * with '#' comments and blank lines allowed.  Anything else (an unknown
 * or repeated word, a bad number, an ID outside 5..32 octets, a line
 * without its newline, a NUL, a missing line) makes the whole file
 * unreadable: the agent then refuses to start rather than lose the ID or
 * move boots back, and never writes over it. */
#ifndef SNMPX_TOOLS_AGENT_STATE_H
#define SNMPX_TOOLS_AGENT_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest state file read (it holds some 100 octets). */
#define AGENT_STATE_MAX_SIZE 65536

typedef struct agent_state {
  bool present;          /* the file existed (false: first start) */
  uint8_t engine_id[32]; /* RFC 3411 SnmpEngineID: 5..32 octets */
  size_t engine_id_len;
  uint32_t boots;        /* 0..2147483647 */
} agent_state;

/** Parse the state file's text |text|[0..len) (not NUL-terminated) read
 *  from |path| (for messages).  @return 0 with *st filled (present set);
 *  -1 with "PATH:LINE: message" (or "PATH: message") in |err|. */
int agent_state_parse(const char *text, size_t len, const char *path,
                      agent_state *st, char *err, size_t errcap);

/** Read |path|: a missing file is a first start (0, st->present false).
 *  @return 0; -1 with the message in |err| (unreadable, a directory,
 *  over AGENT_STATE_MAX_SIZE, or what agent_state_parse refuses). */
int agent_state_read(const char *path, agent_state *st, char *err,
                     size_t errcap);

/** Write |st| to |path| durably: the directories leading to it are made
 *  (mode 0700) when missing, the text goes to PATH.tmp, which is synced,
 *  renamed over |path|, and the directory synced, so a crash leaves the
 *  old file or the new one, never half of one.
 *  @return 0; -1 with "PATH: message" in |err|. */
int agent_state_write(const char *path, const agent_state *st, char *err,
                      size_t errcap);

#endif
