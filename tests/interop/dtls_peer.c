/* The snmpx side of test_dtls.sh (the snmpx tools do not read
 * certificate configuration yet): a DTLS manager or agent configured as
 * Net-SNMP's peers are, from a configuration directory with tls/certs,
 * tls/ca-certs and tls/private ("mgr", "agent", "ca").
 *
 *   dtls_peer get CONFDIR ADDR N
 *     N GETs of sysDescr.0 from ADDR as TSM user "mgr" (authPriv), the
 *     server checked by its certificate "agent"; prints "value: ..." per
 *     answer, then "opens N resumed..." (snmpTlstmSessionOpens).  Exit 0
 *     when all were answered.
 *   dtls_peer agent CONFDIR ADDR SECONDS DESCR
 *     an agent on ADDR (port 0: a free one) answering sysDescr.0 = DESCR
 *     to TSM "mgr" (certSecName 10 mgr --sn mgr); prints "ready PORT",
 *     serves SECONDS (or until SIGTERM), then prints "accepts N closes N
 *     invalid_client N". */
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <snmpx/snmpx.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
  (void)sig;
  stop = 1;
}

static int conf(snmpx_io *io, const char *word, const char *args)
{
  char err[256] = "";
  if (snmpx_io_tls_conf_line(io, word, args, NULL, 0, err, sizeof(err)) != 1) {
    fprintf(stderr, "dtls_peer: %s %s: %s\n", word, args, err);
    return -1;
  }
  return 0;
}

static int answered;

static void on_response(snmpx_engine *e, int64_t h, int status,
                        const snmpx_msg *m, void *ud)
{
  (void)e;
  (void)h;
  *(int *)ud = 1;
  if (status != 0) {
    printf("error: %s\n", snmpx_strerror(status));
    return;
  }
  const snmpx_value *v = &m->pdu.varbinds[0].value;
  if (m->pdu.n_varbinds == 1 && v->type == SNMPX_TYPE_OCTET_STRING) {
    printf("value: %.*s\n", (int)v->v.bytes.len, (const char *)v->v.bytes.ptr);
    answered++;
  }
}

static int run_get(snmpx_io *io, snmpx_engine *e, const char *spec, int n)
{
  snmpx_target t;
  memset(&t, 0, sizeof(t));
  if (snmpx_addr_parse(&t.addr, spec, 161) != 0 ||
      snmpx_io_tls_peer(io, &t.addr, "agent", NULL) != 0 ||
      conf(io, "localCert", "mgr") != 0 || conf(io, "trustCert", "ca") != 0)
    return 2;
  t.version = SNMPX_VERSION_3;
  t.security_model = SNMPX_SECMODEL_TSM;
  t.transport_prefix = "dtls";
  t.user = (const uint8_t *)"mgr";
  t.user_len = 3;
  t.level = SNMPX_SECLEVEL_AUTHPRIV;
  t.timeout_ms = 5000;
  t.retries = 1;
  for (int i = 0; i < n; i++) {
    uint32_t arcs[] = {1, 3, 6, 1, 2, 1, 1, 1, 0};
    snmpx_varbind vb = {{arcs, 9}, snmpx_value_null()};
    snmpx_pdu pdu;
    memset(&pdu, 0, sizeof(pdu));
    pdu.type = SNMPX_PDU_GET;
    pdu.varbinds = &vb;
    pdu.n_varbinds = 1;
    int done = 0;
    if (snmpx_engine_submit(e, &t, &pdu, on_response, &done) <= 0)
      return 2;
    while (!done)
      snmpx_io_run_once(io, 100);
  }
  snmpx_tlstm_stats st;
  snmpx_io_get_tlstm_stats(io, &st);
  printf("opens %llu open_errors %llu\n", (unsigned long long)st.session_opens,
         (unsigned long long)st.session_open_errors);
  if (answered != n)
    printf("reason: %s\n", snmpx_io_tls_error(io));
  return answered == n ? 0 : 1;
}

static int run_agent(snmpx_io *io, snmpx_engine *e, const char *spec,
                     int seconds, const char *descr)
{
  snmpx_addr a;
  if (conf(io, "localCert", "agent") != 0 || conf(io, "trustCert", "ca") ||
      conf(io, "certSecName", "10 mgr --sn mgr") != 0 ||
      snmpx_addr_parse_listen(&a, spec, 161) != 0)
    return 2;
  int li = snmpx_io_listen(io, &a);
  if (li < 0) {
    fprintf(stderr, "dtls_peer: listen: %s (%s)\n", snmpx_strerror(li),
            snmpx_io_tls_error(io));
    return 2;
  }
  snmpx_vacm *v = snmpx_vacm_new(NULL);
  snmpx_oid o;
  snmpx_oid_parse(&o, "1");
  snmpx_vacm_add_view(v, "all", snmpx_oid_view(&o), NULL, 0, true);
  snmpx_vacm_add_group(v, SNMPX_SECMODEL_TSM, (const uint8_t *)"mgr", 3, "g");
  snmpx_vacm_access acc;
  memset(&acc, 0, sizeof(acc));
  acc.group = "g";
  acc.security_model = SNMPX_SECMODEL_TSM;
  acc.level = SNMPX_SECLEVEL_AUTHPRIV;
  acc.read_view = "all";
  snmpx_vacm_add_access(v, &acc);
  snmpx_agent_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.vacm = v;
  snmpx_agent *ag = snmpx_agent_new(&cfg);
  snmpx_mib *m = snmpx_agent_context(ag, NULL, 0, false);
  snmpx_oid_parse(&o, "1.3.6.1.2.1.1.1.0");
  snmpx_value val =
      snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, descr, strlen(descr));
  snmpx_mib_add_value(m, snmpx_oid_view(&o), &val, 0);
  snmpx_agent_attach(ag, e);
  snmpx_addr bound;
  snmpx_io_listen_addr(io, li, &bound);
  printf("ready %u\n", (unsigned)ntohs(bound.u.in4.sin_port));
  fflush(stdout);
  time_t end = time(NULL) + seconds;
  while (!stop && time(NULL) < end)
    snmpx_io_run_once(io, 100);
  snmpx_tlstm_stats st;
  snmpx_io_get_tlstm_stats(io, &st);
  printf("accepts %llu closes %llu invalid_client %llu\n",
         (unsigned long long)st.session_accepts,
         (unsigned long long)st.session_server_closes,
         (unsigned long long)st.invalid_client_certificates);
  snmpx_agent_free(ag);
  snmpx_vacm_free(v);
  return 0;
}

int main(int argc, char **argv)
{
  if (argc < 5) {
    fprintf(stderr, "usage: dtls_peer get CONFDIR ADDR N | "
                    "agent CONFDIR ADDR SECONDS DESCR\n");
    return 2;
  }
  signal(SIGTERM, on_term);
  snmpx_engine *e = snmpx_engine_new(NULL);
  snmpx_io *io = e != NULL ? snmpx_io_new(e, NULL) : NULL;
  if (io == NULL || snmpx_io_tls_add_confdir(io, argv[2]) < 0)
    return 2;
  int rv = 2;
  if (strcmp(argv[1], "get") == 0)
    rv = run_get(io, e, argv[3], atoi(argv[4]));
  else if (strcmp(argv[1], "agent") == 0 && argc >= 6)
    rv = run_agent(io, e, argv[3], atoi(argv[4]), argv[5]);
  snmpx_io_free(io);
  snmpx_engine_free(e);
  return rv;
}
