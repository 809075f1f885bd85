/* Fuzz target: the notification receiver's input path.  Each input is one
 * datagram fed to an engine that has a receiver (snmpx_receiver) with a
 * community, a v3 trap user tied to a sending engine and a v3 inform user
 * of the local engine, all with localized keys (no password hashing per
 * input).  Seeds (fuzz/corpus/notify_recv, made by gen_notify_seeds.sh)
 * are Net-SNMP snmptrap/snmpinform datagrams built with the same keys, so
 * they pass USM and reach the receiver, its v1 translation and dedup. */
#include <stdio.h>
#include <string.h>

#include <netinet/in.h>

#include <snmpx/notify.h>

#include "fuzz_engine_util.h"
#include "fuzz_notify_keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Touch every view the callback is given, so ASan sees a bad one. */
static void on_notification(void *ud, const snmpx_notification *n)
{
  size_t sum = n->community_len + n->security_name_len + n->engine_id_len;
  for (size_t i = 0; i < n->community_len; i++)
    sum += n->community[i];
  for (size_t i = 0; i < n->trap_oid.len; i++)
    sum += n->trap_oid.arcs[i];
  for (size_t i = 0; i < n->n_varbinds; i++) {
    const snmpx_varbind *vb = &n->varbinds[i];
    for (size_t j = 0; j < vb->name.len; j++)
      sum += vb->name.arcs[j];
    if (vb->value.type == SNMPX_TYPE_OCTET_STRING ||
        vb->value.type == SNMPX_TYPE_OPAQUE ||
        vb->value.type == SNMPX_TYPE_IPADDRESS)
      for (size_t j = 0; j < vb->value.v.bytes.len; j++)
        sum += vb->value.v.bytes.ptr[j];
    if (vb->value.type == SNMPX_TYPE_OID)
      for (size_t j = 0; j < vb->value.v.oid.len; j++)
        sum += vb->value.v.oid.arcs[j];
  }
  for (size_t i = 0; i < n->pdu->enterprise.len; i++)
    sum += n->pdu->enterprise.arcs[i];
  *(size_t *)ud += sum | 1;
#ifdef FUZZ_NOTIFY_VERBOSE /* to check that new seeds reach the receiver */
  fprintf(stderr, "delivered: version %d type 0x%x, %zu varbinds\n",
          (int)n->version, (unsigned)n->type, n->n_varbinds);
#endif
}

static int add_user(snmpx_engine *e, const char *name, const uint8_t *eid,
                    size_t eid_len)
{
  snmpx_user u;
  memset(&u, 0, sizeof(u));
  u.name = (const uint8_t *)name;
  u.name_len = strlen(name);
  u.auth = SNMPX_USM_AUTH_SHA;
  u.auth_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_LOCALIZED,
                                     notify_auth_key, sizeof(notify_auth_key)};
  u.priv = SNMPX_USM_PRIV_AES128;
  u.priv_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_LOCALIZED,
                                     notify_priv_key, sizeof(notify_priv_key)};
  u.engine_id = eid;
  u.engine_id_len = eid_len;
  return snmpx_engine_add_user(e, &u);
}

static snmpx_engine *make_engine(uint32_t *counter)
{
  snmpx_engine *e = fuzz_engine_new(counter);
  if (e == NULL)
    return NULL;
  snmpx_local_engine local;
  memset(&local, 0, sizeof(local));
  local.engine_id = notify_local_engine;
  local.engine_id_len = sizeof(notify_local_engine);
  if (snmpx_engine_set_local(e, &local) != 0 ||
      add_user(e, "trapuser", notify_sender_engine,
               sizeof(notify_sender_engine)) != 0 ||
      add_user(e, "infuser", NULL, 0) != 0) {
    snmpx_engine_free(e);
    return NULL;
  }
  return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  uint32_t counter = 0;
  size_t seen = 0;
  snmpx_engine *e = make_engine(&counter);
  if (e == NULL)
    return 0;
  snmpx_receiver_config rc;
  memset(&rc, 0, sizeof(rc));
  rc.cb = on_notification;
  rc.user_data = &seen;
  rc.translate_flags = SNMPX_V1V2_PROXY;
  rc.dedup_slots = 16;
  snmpx_receiver *r = snmpx_receiver_new(e, &rc);
  if (r != NULL && snmpx_receiver_allow_community(r, "public", NULL) == 0 &&
      snmpx_receiver_allow_user(r, "trapuser", SNMPX_SECLEVEL_NOAUTH) == 0 &&
      snmpx_receiver_allow_user(r, "infuser", SNMPX_SECLEVEL_AUTHNOPRIV) == 0) {
    snmpx_addr from;
    memset(&from, 0, sizeof(from));
    from.len = sizeof(from.u.in4);
    from.u.in4.sin_family = AF_INET;
    from.u.in4.sin_addr.s_addr = htonl(0x7f000001);
    from.u.in4.sin_port = htons(40000);
    /* Twice: the second is a duplicate, or meets the learned boots/time. */
    snmpx_engine_recv(e, data, size, &from);
    snmpx_engine_recv(e, data, size, &from);
#ifdef FUZZ_NOTIFY_VERBOSE
    snmpx_engine_stats st;
    snmpx_engine_get_stats(e, &st);
    fprintf(stderr,
            "engine: parse %llu, unknown user %llu, engine id %llu, digest "
            "%llu, decrypt %llu, time %llu, level %llu, out %llu\n",
            (unsigned long long)st.in_asn_parse_errs,
            (unsigned long long)st.usm_unknown_user_names,
            (unsigned long long)st.usm_unknown_engine_ids,
            (unsigned long long)st.usm_wrong_digests,
            (unsigned long long)st.usm_decryption_errors,
            (unsigned long long)st.usm_not_in_time_windows,
            (unsigned long long)st.usm_unsupported_sec_levels,
            (unsigned long long)st.out_pkts);
#endif
  }
  snmpx_receiver_free(r);
  snmpx_engine_free(e);
  return 0;
}
