/* libFuzzer target: the agent's state file reader (tools/agent_state.c),
 * from memory.  Whatever the bytes, the parse either succeeds with an
 * engine ID of 5..32 octets and boots within RFC 3414's range, or fails
 * with a message naming the file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent_state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  agent_state st;
  char err[256];
  if (agent_state_parse((const char *)data, size, "fuzz", &st, err,
                        sizeof(err)) == 0) {
    if (st.engine_id_len < 5 || st.engine_id_len > 32 ||
        st.boots > 2147483647u || !st.present)
      abort();
  } else if (strncmp(err, "fuzz", 4) != 0) {
    abort();
  }
  return 0;
}
