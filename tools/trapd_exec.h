/* snmpx trapd: a command per notification, off the receiving thread.
 *
 * The receiver only copies the notification's text into a bounded queue;
 * one worker thread runs "/bin/sh -c COMMAND" for each entry with the text
 * on its standard input, one at a time.  When the queue is full the
 * notification is dropped for the command (it was still printed), counted,
 * and said on stderr: the receiver never waits for a command. */
#ifndef SNMPX_TOOLS_TRAPD_EXEC_H
#define SNMPX_TOOLS_TRAPD_EXEC_H

#include <stddef.h>
#include <stdint.h>

typedef struct trapd_exec trapd_exec;

typedef struct trapd_exec_stats {
  uint64_t run;       /* commands that ran (whatever their exit status) */
  uint64_t failed;    /* could not start, or exited non-zero */
  uint64_t dropped;   /* not queued: the queue was full */
  uint64_t abandoned; /* queued, but still waiting when the worker stopped */
} trapd_exec_stats;

/** Start the worker for |command| (copied) with room for |capacity|
 *  waiting notifications.  @return NULL when out of memory or the thread
 *  cannot start. */
trapd_exec *trapd_exec_new(const char *command, size_t capacity);

/** Queue |len| bytes of |text| (malloc'd; the queue takes it, and frees
 *  it when dropped) for the command.  Never blocks on the command.
 *  @return 0 when queued; when dropped (queue full), the number dropped
 *  so far, this one included (>= 1). */
uint64_t trapd_exec_push(trapd_exec *x, char *text, size_t len);

/** Let the worker finish what is queued, waiting at most |grace_ms|, then
 *  stop it and free everything (entries still queued are counted as
 *  abandoned).  The final counters go to |final_stats| unless NULL.  NULL
 *  |x| is a no-op. */
void trapd_exec_free(trapd_exec *x, unsigned grace_ms,
                     trapd_exec_stats *final_stats);

#endif
