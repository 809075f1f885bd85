/* N blocking GETs of sysUpTime.0 with Net-SNMP's library after one untimed
 * warm-up GET (the same workload as bench_get_snmpx.c); prints client CPU
 * and wall per request.
 *   bench_get_netsnmp AGENT N v2c COMMUNITY
 *   bench_get_netsnmp AGENT N v3 USER AUTH AUTHPASS PRIV PRIVPASS
 *   bench_get_netsnmp AGENT N tsm SECNAME   (AGENT tls:... or dtls:...)
 * AUTH is SHA (HMAC-SHA-96), PRIV is AES (AES-128-CFB).  tsm takes the
 * certificates from snmp.conf and tls/ in SNMPCONFPATH, as the tools do.
 * BENCH_RECONNECT=1 opens a session (a connection, a full handshake with
 * tsm) for each GET and closes it, as a one-shot tool does.
 * BENCH_WINDOW=W keeps W GETs in flight with snmp_async_send and a
 * select() loop (as bench_get_snmpx.c keeps W detached handles). */
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_clock.h"

static int set_v3(netsnmp_session *s, char **argv)
{
  s->version = SNMP_VERSION_3;
  s->securityName = argv[4];
  s->securityNameLen = strlen(argv[4]);
  s->securityLevel = SNMP_SEC_LEVEL_AUTHPRIV;
  s->securityAuthProto = usmHMACSHA1AuthProtocol;
  s->securityAuthProtoLen = USM_AUTH_PROTO_SHA_LEN;
  s->securityAuthKeyLen = USM_AUTH_KU_LEN;
  if (generate_Ku(s->securityAuthProto, s->securityAuthProtoLen,
                  (u_char *)argv[6], strlen(argv[6]), s->securityAuthKey,
                  &s->securityAuthKeyLen) != SNMPERR_SUCCESS)
    return -1;
  s->securityPrivProto = usmAESPrivProtocol;
  s->securityPrivProtoLen = USM_PRIV_PROTO_AES_LEN;
  s->securityPrivKeyLen = USM_PRIV_KU_LEN;
  if (generate_Ku(s->securityAuthProto, s->securityAuthProtoLen,
                  (u_char *)argv[8], strlen(argv[8]), s->securityPrivKey,
                  &s->securityPrivKeyLen) != SNMPERR_SUCCESS)
    return -1;
  return 0;
}

static long done, ok, submitted, total;
static oid uptime[] = {1, 3, 6, 1, 2, 1, 1, 3, 0};

static int send_next(netsnmp_session *ss);

static int on_response(int op, netsnmp_session *s, int reqid, netsnmp_pdu *pdu,
                       void *magic)
{
  (void)reqid;
  (void)magic;
  done++;
  if (op == NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE &&
      pdu->errstat == SNMP_ERR_NOERROR)
    ok++;
  if (submitted < total)
    send_next(s);
  return 1;
}

static int send_next(netsnmp_session *ss)
{
  netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET);
  snmp_add_null_var(pdu, uptime, 9);
  submitted++;
  if (!snmp_async_send(ss, pdu, on_response, NULL)) {
    snmp_free_pdu(pdu);
    done++;
    return -1;
  }
  return 0;
}

/* |window| GETs in flight until |total| are answered or lost. */
static void run_async(netsnmp_session *ss, long window)
{
  for (long i = 0; i < window && submitted < total; i++)
    send_next(ss);
  while (done < total) {
    int fds = 0, block = 1;
    fd_set fdset;
    struct timeval tv;
    FD_ZERO(&fdset);
    snmp_select_info(&fds, &fdset, &tv, &block);
    int n = select(fds, &fdset, NULL, NULL, block ? NULL : &tv);
    if (n > 0)
      snmp_read(&fdset);
    else if (n == 0)
      snmp_timeout();
  }
}

/* One blocking GET on |ss|, counted in |ok| when answered. */
static void sync_get(netsnmp_session *ss)
{
  netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET), *resp = NULL;
  snmp_add_null_var(pdu, uptime, 9);
  if (snmp_synch_response(ss, pdu, &resp) == STAT_SUCCESS &&
      resp->errstat == SNMP_ERR_NOERROR)
    ok++;
  if (resp)
    snmp_free_pdu(resp);
}

static void run_sync(netsnmp_session *ss)
{
  for (long i = 0; i < total; i++)
    sync_get(ss);
}

/* The session of |argv|'s mode in |s|.  @return 0, or -1. */
static int setup(netsnmp_session *s, char **argv, int argc)
{
  snmp_sess_init(s);
  s->peername = argv[1];
  s->retries = 1;
  if (strcmp(argv[3], "tsm") == 0) {
    s->version = SNMP_VERSION_3;
    s->securityModel = SNMP_SEC_MODEL_TSM;
    s->securityName = argv[4];
    s->securityNameLen = strlen(argv[4]);
    s->securityLevel = SNMP_SEC_LEVEL_AUTHPRIV;
  } else if (strcmp(argv[3], "v3") == 0 && argc >= 9) {
    if (set_v3(s, argv) != 0)
      return -1;
  } else {
    s->version = SNMP_VERSION_2c;
    s->community = (u_char *)argv[4];
    s->community_len = strlen(argv[4]);
  }
  return 0;
}

/* BENCH_RECONNECT: |n| GETs each on a session of its own. */
static int run_fresh(char **argv, int argc, long n)
{
  double c0 = cpu_us(), u0 = user_us(), w0 = wall_us();
  for (long i = 0; i < n; i++) {
    netsnmp_session s, *ss;
    if (setup(&s, argv, argc) != 0 || (ss = snmp_open(&s)) == NULL)
      continue;
    sync_get(ss);
    snmp_close(ss);
  }
  double cpu = cpu_us() - c0, user = user_us() - u0, wall = wall_us() - w0;
  printf("netsnmp %-4s %ld/%ld ok  %8.2f us CPU/req (user %.2f)  %8.2f us "
         "wall/req  new connection each  %.0f/s\n",
         argv[3], ok, n, cpu / n, user / n, wall / n, n * 1e6 / wall);
  return ok == n ? 0 : 1;
}

int main(int argc, char **argv)
{
  if (argc < 5)
    return 2;
  long n = total = atol(argv[2]);
  const char *wenv = getenv("BENCH_WINDOW");
  long window = wenv ? atol(wenv) : 1;
  if (window < 1)
    window = 1;
  init_snmp("bench");
  const char *renv = getenv("BENCH_RECONNECT");
  if (renv != NULL && atoi(renv) != 0)
    return run_fresh(argv, argc, n);
  netsnmp_session s;
  if (setup(&s, argv, argc) != 0)
    return 2;
  netsnmp_session *ss = snmp_open(&s);
  if (ss == NULL) {
    snmp_perror("snmp_open");
    return 2;
  }
  /* One GET before the timer starts, as bench_get_snmpx.c sends one (for
   * its v3 discovery and keys, which generate_Ku and snmp_open did here). */
  netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET), *resp = NULL;
  snmp_add_null_var(pdu, uptime, 9);
  int st = snmp_synch_response(ss, pdu, &resp);
  if (resp)
    snmp_free_pdu(resp);
  if (st != STAT_SUCCESS) {
    fprintf(stderr, "warm-up GET failed\n");
    return 1;
  }
  double c0 = cpu_us(), u0 = user_us(), w0 = wall_us();
  if (window > 1)
    run_async(ss, window);
  else
    run_sync(ss);
  double cpu = cpu_us() - c0, user = user_us() - u0, wall = wall_us() - w0;
  printf("netsnmp %-4s %ld/%ld ok  %8.2f us CPU/req (user %.2f)  %8.2f us "
         "wall/req  window %ld\n",
         argv[3], ok, n, cpu / n, user / n, wall / n, window);
  snmp_close(ss);
  return ok == n ? 0 : 1;
}
