/* Fuzz target: arbitrary datagrams into an engine with requests in flight.
 * The RNG is fixed, so the first bytes of the input can name a live
 * request-id and reach the completion path, not only the decoder. */
#include <stdlib.h>
#include <string.h>

#include <netinet/in.h>

#include "fuzz_engine_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void count_completion(snmpx_engine *e, int64_t handle, int status,
                             const snmpx_msg *resp, void *ud)
{
  (void)e;
  (void)handle;
  /* Touch every varbind so ASan sees any bad view. */
  if (status == 0 && resp != NULL) {
    size_t sum = 0;
    for (size_t i = 0; i < resp->pdu.n_varbinds; i++) {
      const snmpx_varbind *vb = &resp->pdu.varbinds[i];
      for (size_t j = 0; j < vb->name.len; j++)
        sum += vb->name.arcs[j];
      if (vb->value.type == SNMPX_TYPE_OCTET_STRING ||
          vb->value.type == SNMPX_TYPE_OPAQUE ||
          vb->value.type == SNMPX_TYPE_IPADDRESS)
        for (size_t j = 0; j < vb->value.v.bytes.len; j++)
          sum += vb->value.v.bytes.ptr[j];
    }
    *(size_t *)ud += sum | 1;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const uint32_t name[] = {1, 3, 6, 1, 2, 1, 1, 1, 0};
  uint32_t counter = 0;
  size_t seen = 0;
  snmpx_engine *e = fuzz_engine_new(&counter);
  if (e == NULL)
    return 0;
  snmpx_target t;
  memset(&t, 0, sizeof(t));
  struct sockaddr_in *sin = (struct sockaddr_in *)&t.addr.u.in4;
  sin->sin_family = AF_INET;
  t.addr.len = sizeof(*sin);
  t.community = (const uint8_t *)"public";
  t.community_len = 6;
  snmpx_varbind vb = {SNMPX_OIDV(name), snmpx_value_null()};
  snmpx_pdu pdu;
  memset(&pdu, 0, sizeof(pdu));
  pdu.type = SNMPX_PDU_GET;
  pdu.varbinds = &vb;
  pdu.n_varbinds = 1;
  /* Two v1 and two v2c requests: ids 1..4. */
  for (int i = 0; i < 4; i++) {
    t.version = i < 2 ? SNMPX_VERSION_1 : SNMPX_VERSION_2C;
    snmpx_engine_submit(e, &t, &pdu, count_completion, &seen);
  }
  snmpx_engine_recv(e, data, size, &t.addr);
  snmpx_engine_free(e);
  return 0;
}
