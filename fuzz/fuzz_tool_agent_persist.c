/* libFuzzer target: snmpx agent's reader of snmpd's persistent file
 * (tools/agent_persist.c, agent_persist_parse): any bytes, the values
 * taken from psyscontact/psysname/psyslocation/pauthtrapenable lines and
 * freed after each input. */
#include <stdint.h>
#include <stdlib.h>

#include "agent_persist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *values[PERSIST_N] = {NULL, NULL, NULL, NULL};
  (void)agent_persist_parse((const char *)data, size, values);
  for (int k = 0; k < PERSIST_N; k++)
    free(values[k]);
  return 0;
}
