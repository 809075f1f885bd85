/* HOST-RESOURCES-MIB (RFC 2790).
 * Being written: registers nothing yet. */
#include "host_priv.h"

static int attach(snmpx_host *h, void *state, snmpx_agent *a, snmpx_mib *m)
{
  (void)h;
  (void)state;
  (void)a;
  (void)m;
  return 0;
}

const snmpx__host_module snmpx__host_hr = {"HOST-RESOURCES-MIB", NULL, NULL, attach, NULL,
                                          NULL};
