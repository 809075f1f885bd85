/* The same GET workload as bench_rate.c through Net-SNMP's library:
 *   sync   snmp_synch_response, one request at a time
 *   async  snmp_async_send with WINDOW in flight, select() loop
 *
 *   bench_rate_netsnmp sync|async HOST BASE_PORT AGENTS N [WINDOW] */
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bench_clock.h"

static oid sysname[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
static long done, ok, submitted, total;
static netsnmp_session **sessions;
static int nsessions;

static void report(const char *mode, long n, double wall, double cpu,
                   double user)
{
  printf("%-8s %7ld req  %9.0f req/s  %7.2f us CPU/req (user %.2f)\n", mode,
         n, n / (wall / 1e6), cpu / n, user / n);
}

static int send_next(void);

static int on_response(int op, netsnmp_session *s, int reqid,
                       netsnmp_pdu *pdu, void *magic)
{
  (void)s;
  (void)reqid;
  (void)magic;
  done++;
  if (op == NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE &&
      pdu->errstat == SNMP_ERR_NOERROR)
    ok++;
  if (submitted < total)
    send_next();
  return 1;
}

static int send_next(void)
{
  netsnmp_session *ss = sessions[submitted % nsessions];
  netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET);
  snmp_add_null_var(pdu, sysname, 9);
  submitted++;
  if (!snmp_async_send(ss, pdu, on_response, NULL)) {
    snmp_free_pdu(pdu);
    done++;
    return -1;
  }
  return 0;
}

int main(int argc, char **argv)
{
  if (argc < 6)
    return 2;
  bool async = strcmp(argv[1], "async") == 0;
  int base = atoi(argv[3]);
  nsessions = atoi(argv[4]);
  total = atol(argv[5]);
  long window = argc > 6 ? atol(argv[6]) : 256;
  init_snmp("bench");
  sessions = calloc((size_t)nsessions, sizeof(*sessions));
  for (int i = 0; i < nsessions; i++) {
    char peer[300];
    snprintf(peer, sizeof(peer), "%s:%d", argv[2], base + i);
    netsnmp_session s;
    snmp_sess_init(&s);
    s.peername = peer;
    s.version = SNMP_VERSION_2c;
    s.community = (u_char *)"public";
    s.community_len = 6;
    s.retries = 2;
    sessions[i] = snmp_open(&s);
    if (sessions[i] == NULL)
      return 2;
  }
  double w0 = wall_us(), c0 = cpu_us(), u0 = user_us();
  if (!async) {
    for (long i = 0; i < total; i++) {
      netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET), *resp = NULL;
      snmp_add_null_var(pdu, sysname, 9);
      if (snmp_synch_response(sessions[i % nsessions], pdu, &resp) ==
              STAT_SUCCESS &&
          resp->errstat == SNMP_ERR_NOERROR)
        ok++;
      if (resp)
        snmp_free_pdu(resp);
    }
  } else {
    for (long i = 0; i < window && submitted < total; i++)
      send_next();
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
  report(async ? "ns-async" : "ns-sync", ok, wall_us() - w0, cpu_us() - c0,
         user_us() - u0);
  return ok == total ? 0 : 1;
}
