/* snmpx poll's targets file, for the command and for fuzz_tool_poll. */
#ifndef SNMPX_TOOLS_POLL_H
#define SNMPX_TOOLS_POLL_H

#include <stddef.h>
#include <stdio.h>

typedef struct poll_run poll_run;

/** A run with no target yet, its engine and I/O (no socket opened).
 *  @return the run, or NULL when out of memory. */
poll_run *poll_run_new(void);

/** Read a targets file (see cmd_poll.c) from |f| (borrowed) into |r|;
 *  |fname| (borrowed) names it in messages.  Every bad line is reported
 *  on stderr as "FNAME:LINE: ..." and the reading goes on to the end, so
 *  that all are reported; the lines read well stay in |r|.
 *  @return 0, or -1 when any line was bad (or memory ran out). */
int poll_read_targets(poll_run *r, FILE *f, const char *fname);

/** How many targets |r| holds. */
size_t poll_target_count(const poll_run *r);

/** Free |r| and every target in it.  NULL: no-op. */
void poll_run_free(poll_run *r);

#endif
