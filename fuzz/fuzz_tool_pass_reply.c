/* libFuzzer target: what a pass_persist program writes back
 * (tools/agent_pass.c), from memory: PONG, NONE, OID/TYPE/VALUE triples,
 * DONE and SET error words, split into lines as the agent reads them. */
#include <stdint.h>
#include <stdlib.h>

#include "agent_pass.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static snmpx_agent *agent;
  if (agent == NULL)
    agent = snmpx_agent_new(NULL); /* kept for the whole run */
  int rv = agent_pass_replay(agent, (const char *)data, size);
  if (rv < -1 || rv > 64)
    abort();
  return 0;
}
