/* libFuzzer target: snmpx poll's targets file (tools/cmd_poll.c): line
 * continuation, word splitting, every line's command-line options, OIDs
 * by number and by name, agents (numeric only: no DNS), SNMPv3 users per
 * line.  Read from memory (fmemopen); nothing is sent. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "poll.h"
#include "fuzz_tool_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static bool ready;
  if (!ready) {
    fuzz_tool_setup();
    ready = true;
  }
  if (size == 0 || size > 16384)
    return 0;
  /* fmemopen reads the bytes as they are, NULs included. */
  FILE *f = fmemopen((void *)data, size, "r");
  if (f == NULL)
    return 0;
  poll_run *r = poll_run_new();
  if (r != NULL) {
    (void)poll_read_targets(r, f, "fuzz");
    poll_run_free(r);
  }
  fclose(f);
  return 0;
}
