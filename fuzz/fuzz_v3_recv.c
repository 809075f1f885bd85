/* Fuzz target: arbitrary datagrams into an engine with SNMPv3 requests in
 * flight, so the v3 framing, the USM checks (MAC verification, decryption
 * with fixed keys) and the scopedPDU decoder all see hostile input.  The
 * RNG is a counter: msgIDs are 1, 2, 3... in submit order. */
#include <string.h>

#include <netinet/in.h>

#include "fuzz_engine_util.h"
#include "fuzz_v3_keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore(snmpx_engine *e, int64_t h, int status,
                   const snmpx_msg *resp, void *ud)
{
  (void)e;
  (void)h;
  (void)ud;
  if (status == 0 && resp != NULL)
    for (size_t i = 0; i < resp->pdu.n_varbinds; i++)
      (void)resp->pdu.varbinds[i].name.arcs[0];
}

static void add_users(snmpx_engine *e)
{
  snmpx_user u;
  memset(&u, 0, sizeof(u));
  u.name = (const uint8_t *)"fuzz";
  u.name_len = 4;
  u.auth = SNMPX_USM_AUTH_SHA;
  u.auth_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_LOCALIZED, auth_key,
                                     sizeof(auth_key)};
  u.priv = SNMPX_USM_PRIV_AES128;
  u.priv_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_LOCALIZED, priv_key,
                                     sizeof(priv_key)};
  snmpx_engine_add_user(e, &u);
  u.user_namespace = "des";
  u.priv = SNMPX_USM_PRIV_DES;
  snmpx_engine_add_user(e, &u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const uint32_t name[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
  uint32_t counter = 0;
  snmpx_engine *e = fuzz_engine_new(&counter);
  if (e == NULL)
    return 0;
  add_users(e);
  snmpx_target t;
  memset(&t, 0, sizeof(t));
  struct sockaddr_in *sin = (struct sockaddr_in *)&t.addr.u.in4;
  sin->sin_family = AF_INET;
  t.addr.len = sizeof(*sin);
  t.version = SNMPX_VERSION_3;
  t.user = (const uint8_t *)"fuzz";
  t.user_len = 4;
  snmpx_varbind vb = {SNMPX_OIDV(name), snmpx_value_null()};
  snmpx_pdu pdu;
  memset(&pdu, 0, sizeof(pdu));
  pdu.type = SNMPX_PDU_GET;
  pdu.varbinds = &vb;
  pdu.n_varbinds = 1;
  /* msgID 1: a discovery probe (engine unknown at this address). */
  snmpx_engine_submit(e, &t, &pdu, ignore, NULL);
  /* msgIDs 2..4: authPriv AES, authPriv DES, authNoPriv at a known engine
   * on another port. */
  sin->sin_port = htons(161);
  t.engine_id = engine_id;
  t.engine_id_len = sizeof(engine_id);
  t.level = SNMPX_SECLEVEL_AUTHPRIV;
  snmpx_engine_submit(e, &t, &pdu, ignore, NULL);
  t.user_namespace = "des";
  snmpx_engine_submit(e, &t, &pdu, ignore, NULL);
  t.user_namespace = NULL;
  t.level = SNMPX_SECLEVEL_AUTHNOPRIV;
  snmpx_engine_submit(e, &t, &pdu, ignore, NULL);
  /* The input may be a reply from either address. */
  snmpx_engine_recv(e, data, size, &t.addr);
  sin->sin_port = 0;
  snmpx_engine_recv(e, data, size, &t.addr);
  snmpx_engine_free(e);
  return 0;
}
