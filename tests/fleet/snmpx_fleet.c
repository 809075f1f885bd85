/* snmpx_fleet: many SNMPv1/v2c agents in one process, one thread, for scale
 * and fault tests (issue 4 item 5).
 *
 * Usage:
 *   snmpx_fleet --base-port P|auto|0 --count N [--addr 127.0.0.1]
 *               [--ports-file FILE]
 *               [--drop PCT] [--delay PCT --delay-ms MS] [--wrong PCT]
 *               [--seed S] [--lifetime SEC] [--community public]
 *               [--wrong-addr 127.0.0.2] [--delay-queue MAX] [--list-roles]
 *
 *   --base-port P    first UDP port (1..65535); agents listen on P..P+N-1
 *                    (a port in use is an error);
 *                    auto: the fleet finds N consecutive free ports itself
 *                    in the kernel's ephemeral range (ip_local_port_range;
 *                    10000..65535 if it cannot be read or is too small),
 *                    from a random start (a port in use moves the block
 *                    past it), and holds them;
 *                    0: every agent binds the port the kernel gives it
 *                    (never in use; the ports are not consecutive: read
 *                    them from --ports-file)
 *   --count N        number of agents, 1..10000 (P+N-1 must be <= 65535)
 *   --ports-file F   once every socket is bound and before "ready", write
 *                    "PORT ROLE" for every agent to F (via F.tmp, renamed)
 *   --addr A         IPv4 address to bind, in 127.0.0.0/8 (default 127.0.0.1)
 *   --drop PCT       share of agents (0..100) that never answer
 *   --delay PCT      share of agents that answer after --delay-ms
 *   --delay-ms MS    delay of the "delay" agents, 0..600000 (default 1000)
 *   --wrong PCT      share of agents that answer wrongly (see below)
 *   --seed S         role seed, a 64-bit unsigned integer (default 1)
 *   --lifetime SEC   exit after SEC seconds, 1..86400 (default 300)
 *   --community C    the one community accepted (default "public")
 *   --wrong-addr A   source address of the "wrong" agents' misaddressed
 *                    reply, in 127.0.0.0/8 (default 127.0.0.2, or
 *                    127.0.0.3 when --addr is 127.0.0.2)
 *   --delay-queue M  most delayed replies held at once (default 65536);
 *                    requests to delay agents beyond that are dropped and
 *                    counted as "delay_overflow"
 *   --list-roles     print "PORT ROLE" for every agent (ROLE is ok, drop,
 *                    delay or wrong) on stdout and exit without binding
 *
 * Roles are a pure function of (seed, port) and the three percentages:
 * see fleet_roles.h, which a C test can include.
 *
 *   ok     answers at once.
 *   drop   never answers (the request is counted as "dropped").
 *   delay  answers correctly after --delay-ms (a bounded timer heap).
 *   wrong  sends two bogus replies and never the right one: first, from the
 *          agent's own address, a Response whose request-id is the
 *          request's XOR 0x5a5a5a5a; then, with the right request-id, a
 *          Response from a second socket bound to --wrong-addr with the
 *          same port.  If that bind fails (the address is not local), the
 *          second socket is bound to --addr on a kernel-chosen port, so the
 *          reply still comes from a different source address (port).  A
 *          correct client ignores both and reports a timeout.
 *
 * Every agent serves a tiny MIB whose values identify it:
 *   sysDescr.0    1.3.6.1.2.1.1.1.0  OCTET STRING "snmpx fleet agent PORT"
 *   sysObjectID.0 1.3.6.1.2.1.1.2.0  OID 1.3.6.1.4.1.8072.9999.9999.PORT
 *   sysUpTime.0   1.3.6.1.2.1.1.3.0  TimeTicks PORT
 *   sysName.0     1.3.6.1.2.1.1.5.0  OCTET STRING "agent-PORT"
 *   ifNumber.0    1.3.6.1.2.1.2.1.0  INTEGER PORT % 97
 * GET, GETNEXT and GETBULK are answered.  In v2c an unknown OID gives
 * noSuchObject (noSuchInstance when the OID is under one of the objects
 * above, RFC 3416 4.2.1) and the end of the MIB endOfMibView; in v1 both
 * give error-status noSuchName with the request's varbinds.  SET gets
 * notWritable (v2c) or noSuchName (v1).  A wrong community gets silence.
 *
 * On stdout: "ready BASE COUNT" once every socket is bound (BASE is the
 * first port, 0 with --base-port 0).  On exit (after
 * --lifetime seconds, SIGTERM or SIGINT), one line of counters on stderr:
 *   fleet: requests=... answered=... dropped=... delayed=... wrong=...
 *   bad_community=... decode_errors=... ignored=... delay_overflow=...
 *   send_errors=...
 * where "requests" counts every datagram read and "answered" counts right
 * answers sent (immediate and delayed).  Exit status 0, or 2 for a usage
 * error and 1 when the fleet cannot start (ports in use, too few file
 * descriptors...).
 *
 * The fleet only ever replies to the source of a request, and only when
 * that source is in 127.0.0.0/8.  Decoding and encoding use only
 * libsnmpx's public codec (snmpx_msg_decode, snmpx_msg_encode). */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <snmpx/err.h>
#include <snmpx/oid.h>
#include <snmpx/pdu.h>
#include <snmpx/value.h>

#include "fleet_roles.h"

#define FLEET_MAX_COUNT 10000u
#define FLEET_MAX_DGRAM 65535u
#define FLEET_MAX_REPLY 65507u /* largest IPv4 UDP payload */
#define FLEET_MAX_OUT_VB 4096u /* varbinds in one reply, at most */
#define FLEET_EVENTS 256
#define FLEET_READS_PER_EVENT 64 /* datagrams read per readiness */
#define FLEET_WRONG_XOR 0x5a5a5a5a

/* How the agents' ports are chosen (--base-port). */
typedef enum fleet_ports {
  FLEET_PORTS_FIXED, /* P..P+N-1 as given */
  FLEET_PORTS_AUTO,  /* a free block of N consecutive ports, found here */
  FLEET_PORTS_KERNEL /* port 0: whatever the kernel gives each socket */
} fleet_ports;

/* --base-port auto searches the kernel's ephemeral range, or
 * FLEET_AUTO_LO..65535 when that cannot be read or is too small. */
#define FLEET_AUTO_LO 10000u

typedef struct fleet_opts {
  unsigned base_port;
  fleet_ports ports;
  const char *ports_file;
  unsigned count;
  struct in_addr addr;
  struct in_addr wrong_addr;
  int wrong_addr_set;
  unsigned drop_pct;
  unsigned delay_pct;
  unsigned delay_ms;
  unsigned wrong_pct;
  uint64_t seed;
  unsigned lifetime_s;
  const char *community;
  size_t community_len;
  unsigned delay_queue;
  int list_roles;
} fleet_opts;

typedef struct fleet_agent {
  int fd;
  int alt_fd; /* "wrong" agents only: the misaddressed reply's socket */
  uint16_t port;
  uint8_t role;
} fleet_agent;

typedef struct fleet_delayed {
  uint64_t due_ms;
  uint32_t agent;
  struct sockaddr_in to;
  uint8_t *buf;
  size_t len;
} fleet_delayed;

typedef struct fleet_counters {
  uint64_t requests;
  uint64_t answered;
  uint64_t dropped;
  uint64_t delayed;
  uint64_t wrong;
  uint64_t bad_community;
  uint64_t decode_errors;
  uint64_t ignored;
  uint64_t delay_overflow;
  uint64_t send_errors;
} fleet_counters;

typedef struct fleet {
  fleet_opts o;
  fleet_agent *agents;
  int epfd;
  int sigfd;
  /* Min-heap of delayed replies on due_ms, at most o.delay_queue. */
  fleet_delayed *heap;
  size_t heap_len;
  /* Scratch, allocated once for the largest datagram. */
  uint8_t *rx;
  uint8_t *tx;
  snmpx_decode_space space;
  snmpx_varbind *out_vb;
  size_t out_cap;
  fleet_counters c;
} fleet;

/* ---- The MIB ---------------------------------------------------------- */

enum { MIB_DESCR, MIB_OBJID, MIB_UPTIME, MIB_NAME, MIB_IFNUMBER, MIB_SIZE };

static const uint32_t oid_descr[] = {1, 3, 6, 1, 2, 1, 1, 1, 0};
static const uint32_t oid_objid[] = {1, 3, 6, 1, 2, 1, 1, 2, 0};
static const uint32_t oid_uptime[] = {1, 3, 6, 1, 2, 1, 1, 3, 0};
static const uint32_t oid_name[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
static const uint32_t oid_ifnumber[] = {1, 3, 6, 1, 2, 1, 2, 1, 0};

/* Sorted, as GETNEXT walks them in order. */
static const snmpx_oidv mib_oids[MIB_SIZE] = {
    SNMPX_OIDV(oid_descr), SNMPX_OIDV(oid_objid), SNMPX_OIDV(oid_uptime),
    SNMPX_OIDV(oid_name), SNMPX_OIDV(oid_ifnumber)};

/* The values of one agent; strings and arcs live here while a reply is
 * built and encoded. */
typedef struct agent_mib {
  char descr[40];
  char name[24];
  uint32_t objid[10];
  snmpx_value v[MIB_SIZE];
} agent_mib;

static void agent_mib_init(agent_mib *m, unsigned port)
{
  static const uint32_t base[] = {1, 3, 6, 1, 4, 1, 8072, 9999, 9999};
  int n;
  snmpx_oidv objid;

  n = snprintf(m->descr, sizeof(m->descr), "snmpx fleet agent %u", port);
  m->v[MIB_DESCR] =
      snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, m->descr, (size_t)n);
  memcpy(m->objid, base, sizeof(base));
  m->objid[9] = port;
  objid.arcs = m->objid;
  objid.len = 10;
  m->v[MIB_OBJID] = snmpx_value_oid(objid);
  m->v[MIB_UPTIME] = snmpx_value_uint(SNMPX_TYPE_TIMETICKS, port);
  n = snprintf(m->name, sizeof(m->name), "agent-%u", port);
  m->v[MIB_NAME] =
      snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, m->name, (size_t)n);
  m->v[MIB_IFNUMBER] = snmpx_value_int(SNMPX_TYPE_INTEGER, port % 97);
}

/* GET of |name|: the value, or the RFC 3416 4.2.1 exception. */
static snmpx_value mib_get(const agent_mib *m, snmpx_oidv name)
{
  size_t i;

  for (i = 0; i < MIB_SIZE; i++) {
    snmpx_oidv obj = mib_oids[i];

    if (snmpx_oidv_compare(name, obj) == 0)
      return m->v[i];
    /* Under the object type (the OID minus its ".0" instance arc) but not
     * the instance: the object exists, the instance does not. */
    obj.len--;
    if (snmpx_oidv_has_prefix(name, obj))
      return snmpx_value_uint(SNMPX_TYPE_NOSUCHINSTANCE, 0);
  }
  return snmpx_value_uint(SNMPX_TYPE_NOSUCHOBJECT, 0);
}

/* GETNEXT of |name| into |out|; endOfMibView keeps |name|. */
static void mib_next(const agent_mib *m, snmpx_oidv name, snmpx_varbind *out)
{
  size_t i;

  for (i = 0; i < MIB_SIZE; i++) {
    if (snmpx_oidv_compare(mib_oids[i], name) > 0) {
      out->name = mib_oids[i];
      out->value = m->v[i];
      return;
    }
  }
  out->name = name;
  out->value = snmpx_value_uint(SNMPX_TYPE_ENDOFMIBVIEW, 0);
}

/* ---- Small helpers ---------------------------------------------------- */

static uint64_t now_ms(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int is_loopback(struct in_addr a)
{
  return (ntohl(a.s_addr) >> 24) == 127;
}

static int parse_uint(const char *s, uint64_t max, uint64_t *out)
{
  char *end;
  unsigned long long v;

  if (s == NULL || *s < '0' || *s > '9')
    return -1;
  errno = 0;
  v = strtoull(s, &end, 10);
  if (errno != 0 || *end != '\0' || v > max)
    return -1;
  *out = v;
  return 0;
}

static void usage(FILE *f)
{
  fputs("usage: snmpx_fleet --base-port P|auto|0 --count N "
        "[--addr 127.0.0.1]\n"
        "         [--ports-file FILE]\n"
        "         [--drop PCT] [--delay PCT --delay-ms MS] [--wrong PCT]\n"
        "         [--seed S] [--lifetime SEC] [--community public]\n"
        "         [--wrong-addr 127.0.0.2] [--delay-queue MAX] "
        "[--list-roles]\n",
        f);
}

/* @return 0, or 2 after printing why the command line is wrong. */
static int parse_args(int argc, char **argv, fleet_opts *o)
{
  int i;
  int have_port = 0, have_count = 0;

  memset(o, 0, sizeof(*o));
  o->addr.s_addr = htonl(INADDR_LOOPBACK);
  o->delay_ms = 1000;
  o->seed = 1;
  o->lifetime_s = 300;
  o->community = "public";
  o->delay_queue = 65536;
  for (i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *val = i + 1 < argc ? argv[i + 1] : NULL;
    uint64_t u = 0;
    int bad = 0;

    if (strcmp(a, "--list-roles") == 0) {
      o->list_roles = 1;
      continue;
    }
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout);
      exit(0);
    }
    if (val == NULL) {
      fprintf(stderr, "snmpx_fleet: %s needs a value\n", a);
      usage(stderr);
      return 2;
    }
    i++;
    if (strcmp(a, "--base-port") == 0) {
      if (strcmp(val, "auto") == 0) {
        o->ports = FLEET_PORTS_AUTO;
      } else {
        bad = parse_uint(val, 65535, &u) != 0;
        o->base_port = (unsigned)u;
        o->ports = u == 0 ? FLEET_PORTS_KERNEL : FLEET_PORTS_FIXED;
      }
      have_port = 1;
    } else if (strcmp(a, "--ports-file") == 0) {
      o->ports_file = val;
      bad = *val == '\0';
    } else if (strcmp(a, "--count") == 0) {
      bad = parse_uint(val, FLEET_MAX_COUNT, &u) != 0 || u == 0;
      o->count = (unsigned)u;
      have_count = 1;
    } else if (strcmp(a, "--addr") == 0) {
      bad = inet_pton(AF_INET, val, &o->addr) != 1 || !is_loopback(o->addr);
    } else if (strcmp(a, "--wrong-addr") == 0) {
      bad = inet_pton(AF_INET, val, &o->wrong_addr) != 1 ||
            !is_loopback(o->wrong_addr);
      o->wrong_addr_set = 1;
    } else if (strcmp(a, "--drop") == 0) {
      bad = parse_uint(val, 100, &u) != 0;
      o->drop_pct = (unsigned)u;
    } else if (strcmp(a, "--delay") == 0) {
      bad = parse_uint(val, 100, &u) != 0;
      o->delay_pct = (unsigned)u;
    } else if (strcmp(a, "--delay-ms") == 0) {
      bad = parse_uint(val, 600000, &u) != 0;
      o->delay_ms = (unsigned)u;
    } else if (strcmp(a, "--wrong") == 0) {
      bad = parse_uint(val, 100, &u) != 0;
      o->wrong_pct = (unsigned)u;
    } else if (strcmp(a, "--seed") == 0) {
      bad = parse_uint(val, UINT64_MAX, &u) != 0;
      o->seed = u;
    } else if (strcmp(a, "--lifetime") == 0) {
      bad = parse_uint(val, 86400, &u) != 0 || u == 0;
      o->lifetime_s = (unsigned)u;
    } else if (strcmp(a, "--community") == 0) {
      o->community = val;
      o->community_len = strlen(val);
      bad = o->community_len == 0 || o->community_len > 255;
    } else if (strcmp(a, "--delay-queue") == 0) {
      bad = parse_uint(val, 1000000, &u) != 0 || u == 0;
      o->delay_queue = (unsigned)u;
    } else {
      fprintf(stderr, "snmpx_fleet: unknown option %s\n", a);
      usage(stderr);
      return 2;
    }
    if (bad) {
      fprintf(stderr, "snmpx_fleet: bad value for %s: %s\n", a, val);
      return 2;
    }
  }
  o->community_len = strlen(o->community);
  if (!have_port || !have_count) {
    fputs("snmpx_fleet: --base-port and --count are required\n", stderr);
    usage(stderr);
    return 2;
  }
  if (o->list_roles && o->ports != FLEET_PORTS_FIXED) {
    fputs("snmpx_fleet: --list-roles needs a numeric --base-port (>= 1); "
          "use --ports-file otherwise\n",
          stderr);
    return 2;
  }
  if (o->ports == FLEET_PORTS_AUTO && o->count > 65536 - FLEET_AUTO_LO) {
    fprintf(stderr, "snmpx_fleet: --base-port auto takes at most %u agents\n",
            65536 - FLEET_AUTO_LO);
    return 2;
  }
  if (o->ports == FLEET_PORTS_FIXED && o->base_port + o->count - 1 > 65535) {
    fprintf(stderr, "snmpx_fleet: ports %u..%u run past 65535\n", o->base_port,
            o->base_port + o->count - 1);
    return 2;
  }
  if (o->drop_pct + o->delay_pct + o->wrong_pct > 100) {
    fputs("snmpx_fleet: --drop + --delay + --wrong exceed 100\n", stderr);
    return 2;
  }
  if (!o->wrong_addr_set) {
    o->wrong_addr.s_addr = htonl(0x7f000002); /* 127.0.0.2 */
    if (o->wrong_addr.s_addr == o->addr.s_addr)
      o->wrong_addr.s_addr = htonl(0x7f000003);
  }
  if (o->wrong_addr.s_addr == o->addr.s_addr) {
    fputs("snmpx_fleet: --wrong-addr must differ from --addr\n", stderr);
    return 2;
  }
  return 0;
}

/* ---- Start-up --------------------------------------------------------- */

/* Make sure |need| descriptors can be open at once. */
static int raise_nofile(rlim_t need)
{
  struct rlimit rl;

  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
    perror("snmpx_fleet: getrlimit(RLIMIT_NOFILE)");
    return -1;
  }
  if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need)
      rl.rlim_max = need; /* only a privileged process may do this */
    rl.rlim_cur = need;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
      fprintf(stderr,
              "snmpx_fleet: need %lu file descriptors, cannot raise "
              "RLIMIT_NOFILE: %s (try ulimit -n %lu)\n",
              (unsigned long)need, strerror(errno), (unsigned long)need);
      return -1;
    }
  }
  return 0;
}

/* A UDP socket bound to addr:port (port 0: the kernel's choice).  On
 * failure errno says why; the error is printed unless |quiet|. */
static int udp_bind(struct in_addr addr, unsigned port, int quiet)
{
  struct sockaddr_in sa;
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  char text[INET_ADDRSTRLEN];
  int err;

  if (fd < 0) {
    perror("snmpx_fleet: socket");
    return -1;
  }
  memset(&sa, 0, sizeof(sa));
  sa.sin_family = AF_INET;
  sa.sin_addr = addr;
  sa.sin_port = htons((uint16_t)port);
  if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
    err = errno;
    if (!quiet) {
      inet_ntop(AF_INET, &addr, text, sizeof(text));
      fprintf(stderr, "snmpx_fleet: bind %s:%u: %s\n", text, port,
              strerror(err));
    }
    close(fd);
    errno = err;
    return -1;
  }
  return fd;
}

/* The local port of bound socket |fd|, or 0 on error. */
static unsigned bound_port(int fd)
{
  struct sockaddr_in sa;
  socklen_t len = sizeof(sa);

  if (getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
    perror("snmpx_fleet: getsockname");
    return 0;
  }
  return ntohs(sa.sin_port);
}

static void close_agents(fleet *f, unsigned n)
{
  unsigned i;

  for (i = 0; i < n; i++) {
    close(f->agents[i].fd);
    f->agents[i].fd = -1;
  }
}

/* --base-port P: agents on P..P+N-1; any port in use is an error. */
static int bind_fixed(fleet *f)
{
  unsigned i;

  for (i = 0; i < f->o.count; i++) {
    f->agents[i].port = (uint16_t)(f->o.base_port + i);
    f->agents[i].fd = udp_bind(f->o.addr, f->agents[i].port, 0);
    if (f->agents[i].fd < 0)
      return -1;
  }
  return 0;
}

/* --base-port 0: each agent gets the port the kernel chooses, which no
 * other socket holds, so a busy machine cannot make this fail. */
static int bind_kernel(fleet *f)
{
  unsigned i;

  for (i = 0; i < f->o.count; i++) {
    f->agents[i].fd = udp_bind(f->o.addr, 0, 0);
    if (f->agents[i].fd < 0)
      return -1;
    f->agents[i].port = (uint16_t)bound_port(f->agents[i].fd);
    if (f->agents[i].port == 0)
      return -1;
  }
  return 0;
}

/* The ports --base-port auto searches for |n| agents: the kernel's
 * ephemeral range (ip_local_port_range).  No server and no test's
 * free-port probe (tests/interop/lib.sh looks below it) picks a fixed port
 * there, and the kernel never hands a port the fleet holds to anyone else;
 * FLEET_AUTO_LO..65535 when the range cannot be read or is too small. */
static void auto_range(unsigned n, unsigned *lo, unsigned *hi)
{
  FILE *f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r");
  unsigned a = 0, b = 0;
  int got = f != NULL && fscanf(f, "%u %u", &a, &b) == 2;

  if (f != NULL)
    fclose(f);
  if (got && a >= 1024 && b <= 65535 && a <= b && b - a + 1 >= n) {
    *lo = a;
    *hi = b;
  } else {
    *lo = FLEET_AUTO_LO;
    *hi = 65535;
  }
}

/* --base-port auto: N consecutive free ports (auto_range).  The search
 * starts at a random port; when port p is in use, everything bound for
 * the block is closed and the next block starts at p + 1, wrapping once
 * past the top.  Each port is tried at most about twice, so the search is
 * bounded; the ports found are held, not probed and released, so nobody
 * can take them between the search and the start. */
static int bind_auto(fleet *f)
{
  const unsigned n = f->o.count;
  unsigned lo, hi, span, last_base, base, i, tried = 0;

  auto_range(n, &lo, &hi);
  span = hi - lo + 1;     /* ports in the range */
  last_base = hi + 1 - n; /* highest usable base */
  base =
      lo + (unsigned)((uint64_t)getpid() * 2654435761u ^ (uint64_t)now_ms()) %
               (last_base - lo + 1);
  while (tried <= span + n) {
    if (base > last_base)
      base = lo; /* wrap */
    for (i = 0; i < n; i++) {
      f->agents[i].port = (uint16_t)(base + i);
      f->agents[i].fd = udp_bind(f->o.addr, base + i, 1);
      if (f->agents[i].fd < 0)
        break;
    }
    if (i == n) {
      f->o.base_port = base;
      return 0;
    }
    if (errno != EADDRINUSE && errno != EACCES) {
      fprintf(stderr, "snmpx_fleet: bind port %u: %s\n", base + i,
              strerror(errno));
      close_agents(f, i);
      return -1;
    }
    close_agents(f, i);
    tried += i + 1;
    base += i + 1;
  }
  fprintf(stderr, "snmpx_fleet: no %u consecutive free UDP ports in %u..%u\n",
          n, lo, hi);
  return -1;
}

/* Write "PORT ROLE" per agent to --ports-file, atomically (a reader that
 * sees the file sees all of it). */
static int write_ports_file(const fleet *f)
{
  const char *path = f->o.ports_file;
  size_t len = strlen(path) + 5;
  char *tmp = malloc(len);
  FILE *out;
  unsigned i;
  int ok;

  if (tmp == NULL) {
    fputs("snmpx_fleet: out of memory\n", stderr);
    return -1;
  }
  snprintf(tmp, len, "%s.tmp", path);
  out = fopen(tmp, "w");
  if (out == NULL) {
    fprintf(stderr, "snmpx_fleet: %s: %s\n", tmp, strerror(errno));
    free(tmp);
    return -1;
  }
  for (i = 0; i < f->o.count; i++)
    fprintf(out, "%u %s\n", f->agents[i].port,
            fleet_role_name((fleet_role)f->agents[i].role));
  ok = fflush(out) == 0 && !ferror(out);
  ok = fclose(out) == 0 && ok;
  if (!ok || rename(tmp, path) != 0) {
    fprintf(stderr, "snmpx_fleet: cannot write %s: %s\n", path,
            strerror(errno));
    unlink(tmp);
    free(tmp);
    return -1;
  }
  free(tmp);
  return 0;
}

static int fleet_start(fleet *f)
{
  const fleet_opts *o = &f->o;
  unsigned i, n_wrong = 0, alt_fallbacks = 0;
  size_t max_vb, max_arcs;
  sigset_t sigs;
  struct epoll_event ev;
  int rv;

  f->epfd = -1;
  f->sigfd = -1;
  f->agents = calloc(o->count, sizeof(*f->agents));
  if (f->agents == NULL) {
    fputs("snmpx_fleet: out of memory\n", stderr);
    return -1;
  }
  for (i = 0; i < o->count; i++) {
    f->agents[i].fd = -1;
    f->agents[i].alt_fd = -1;
  }
  f->heap = calloc(o->delay_queue, sizeof(*f->heap));
  snmpx_pdu_decode_bounds(FLEET_MAX_DGRAM, &max_vb, &max_arcs);
  f->space.varbinds = calloc(max_vb, sizeof(snmpx_varbind));
  f->space.varbinds_cap = max_vb;
  f->space.arcs = calloc(max_arcs, sizeof(uint32_t));
  f->space.arcs_cap = max_arcs;
  f->out_cap = max_vb > FLEET_MAX_OUT_VB ? max_vb : FLEET_MAX_OUT_VB;
  f->out_vb = calloc(f->out_cap, sizeof(snmpx_varbind));
  f->rx = malloc(FLEET_MAX_DGRAM);
  f->tx = malloc(FLEET_MAX_REPLY);
  if (f->heap == NULL || f->space.varbinds == NULL || f->space.arcs == NULL ||
      f->out_vb == NULL || f->rx == NULL || f->tx == NULL) {
    fputs("snmpx_fleet: out of memory\n", stderr);
    return -1;
  }
  /* One socket per agent, the epoll and signal descriptors, stdio and some
   * slack; the "wrong" agents' second sockets are counted once the ports,
   * and so the roles, are known. */
  if (raise_nofile((rlim_t)o->count + 32) != 0)
    return -1;

  /* SIGTERM and SIGINT arrive through a signalfd in the same epoll set, so
   * the one thread never runs a handler. */
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGTERM);
  sigaddset(&sigs, SIGINT);
  if (sigprocmask(SIG_BLOCK, &sigs, NULL) != 0) {
    perror("snmpx_fleet: sigprocmask");
    return -1;
  }
  f->sigfd = signalfd(-1, &sigs, SFD_NONBLOCK | SFD_CLOEXEC);
  f->epfd = epoll_create1(EPOLL_CLOEXEC);
  if (f->sigfd < 0 || f->epfd < 0) {
    perror("snmpx_fleet: signalfd/epoll_create1");
    return -1;
  }
  memset(&ev, 0, sizeof(ev));
  ev.events = EPOLLIN;
  ev.data.u32 = UINT32_MAX;
  if (epoll_ctl(f->epfd, EPOLL_CTL_ADD, f->sigfd, &ev) != 0) {
    perror("snmpx_fleet: epoll_ctl");
    return -1;
  }

  rv = o->ports == FLEET_PORTS_AUTO     ? bind_auto(f)
       : o->ports == FLEET_PORTS_KERNEL ? bind_kernel(f)
                                        : bind_fixed(f);
  if (rv != 0)
    return -1;
  /* A role is a function of the port, known only now. */
  for (i = 0; i < o->count; i++) {
    f->agents[i].role = (uint8_t)fleet_role_of(
        o->seed, f->agents[i].port, o->drop_pct, o->delay_pct, o->wrong_pct);
    if (f->agents[i].role == FLEET_ROLE_WRONG)
      n_wrong++;
  }
  if (n_wrong > 0 && raise_nofile((rlim_t)o->count + n_wrong + 32) != 0)
    return -1;

  for (i = 0; i < o->count; i++) {
    fleet_agent *a = &f->agents[i];

    ev.events = EPOLLIN;
    ev.data.u32 = i;
    if (epoll_ctl(f->epfd, EPOLL_CTL_ADD, a->fd, &ev) != 0) {
      perror("snmpx_fleet: epoll_ctl");
      return -1;
    }
    if (a->role != FLEET_ROLE_WRONG)
      continue;
    /* The misaddressed reply's socket is send-only: it is never polled, and
     * whatever reaches it is never read. */
    a->alt_fd = udp_bind(o->wrong_addr, a->port, 1);
    if (a->alt_fd < 0) {
      a->alt_fd = udp_bind(o->addr, 0, 0);
      if (a->alt_fd < 0)
        return -1;
      alt_fallbacks++;
    }
  }
  if (alt_fallbacks > 0)
    fprintf(stderr,
            "snmpx_fleet: %u wrong agents send their misaddressed reply "
            "from an ephemeral port (--wrong-addr not bindable)\n",
            alt_fallbacks);
  if (o->ports_file != NULL && write_ports_file(f) != 0)
    return -1;
  return 0;
}

static void fleet_stop(fleet *f)
{
  unsigned i;
  size_t k;

  if (f->agents != NULL) {
    for (i = 0; i < f->o.count; i++) {
      if (f->agents[i].fd >= 0)
        close(f->agents[i].fd);
      if (f->agents[i].alt_fd >= 0)
        close(f->agents[i].alt_fd);
    }
  }
  if (f->heap != NULL)
    for (k = 0; k < f->heap_len; k++)
      free(f->heap[k].buf);
  if (f->epfd >= 0)
    close(f->epfd);
  if (f->sigfd >= 0)
    close(f->sigfd);
  free(f->agents);
  free(f->heap);
  free(f->space.varbinds);
  free(f->space.arcs);
  free(f->out_vb);
  free(f->rx);
  free(f->tx);
}

/* ---- Delayed replies: a binary min-heap on due_ms --------------------- */

static void heap_swap(fleet_delayed *a, fleet_delayed *b)
{
  fleet_delayed t = *a;

  *a = *b;
  *b = t;
}

static void heap_push(fleet *f, const fleet_delayed *d)
{
  size_t i = f->heap_len++;

  f->heap[i] = *d;
  while (i > 0) {
    size_t parent = (i - 1) / 2;

    if (f->heap[parent].due_ms <= f->heap[i].due_ms)
      break;
    heap_swap(&f->heap[parent], &f->heap[i]);
    i = parent;
  }
}

static fleet_delayed heap_pop(fleet *f)
{
  fleet_delayed top = f->heap[0];
  size_t i = 0;

  f->heap[0] = f->heap[--f->heap_len];
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, m = i;

    if (l < f->heap_len && f->heap[l].due_ms < f->heap[m].due_ms)
      m = l;
    if (r < f->heap_len && f->heap[r].due_ms < f->heap[m].due_ms)
      m = r;
    if (m == i)
      break;
    heap_swap(&f->heap[m], &f->heap[i]);
    i = m;
  }
  return top;
}

/* ---- Serving ---------------------------------------------------------- */

static int send_to(fleet *f, int fd, const uint8_t *buf, size_t len,
                   const struct sockaddr_in *to)
{
  if (sendto(fd, buf, len, 0, (const struct sockaddr *)to, sizeof(*to)) < 0) {
    f->c.send_errors++;
    return -1;
  }
  return 0;
}

/* Fill f->out_vb with the reply's varbinds for request |req|.
 * @return the number of varbinds; sets *|status| and *|index|. */
static size_t build_reply(fleet *f, const snmpx_msg *req, const agent_mib *m,
                          int32_t *status, int32_t *index)
{
  const snmpx_pdu *p = &req->pdu;
  int v1 = req->version == SNMPX_VERSION_1;
  size_t i, n = p->n_varbinds, out = 0;

  *status = SNMPX_ERRSTAT_NO_ERROR;
  *index = 0;
  if (p->type == SNMPX_PDU_SET) {
    /* RFC 3416 4.2.5: nothing here is writable.  RFC 1157 4.1.5 and
     * RFC 2576 4.3: a v1 agent says noSuchName. */
    if (n > 0) {
      *status = v1 ? SNMPX_ERRSTAT_NO_SUCH_NAME : SNMPX_ERRSTAT_NOT_WRITABLE;
      *index = 1;
    }
    memcpy(f->out_vb, p->varbinds, n * sizeof(*f->out_vb));
    return n;
  }
  if (p->type == SNMPX_PDU_GET || p->type == SNMPX_PDU_GETNEXT) {
    for (i = 0; i < n; i++) {
      snmpx_varbind *vb = &f->out_vb[i];

      if (p->type == SNMPX_PDU_GET) {
        vb->name = p->varbinds[i].name;
        vb->value = mib_get(m, vb->name);
      } else {
        mib_next(m, p->varbinds[i].name, vb);
      }
      if (v1 && snmpx_value_is_exception(&vb->value)) {
        /* RFC 2576 4.1.2.3: the v1 form of an exception is noSuchName at
         * the first failing varbind, with the request's varbinds. */
        *status = SNMPX_ERRSTAT_NO_SUCH_NAME;
        *index = (int32_t)(i + 1);
        memcpy(f->out_vb, p->varbinds, n * sizeof(*f->out_vb));
        return n;
      }
    }
    return n;
  }

  /* GETBULK (v2c only; RFC 3416 4.2.3).  error_status is non-repeaters,
   * error_index max-repetitions; negative values count as zero. */
  {
    size_t nonrep = p->error_status < 0 ? 0 : (size_t)p->error_status;
    size_t maxrep = p->error_index < 0 ? 0 : (size_t)p->error_index;
    size_t rep, nrepeaters, row_start;

    if (nonrep > n)
      nonrep = n;
    nrepeaters = n - nonrep;
    for (i = 0; i < nonrep; i++)
      mib_next(m, p->varbinds[i].name, &f->out_vb[out++]);
    /* Rows stop at the varbind cap, or after the first row that is all
     * endOfMibView (later rows would only repeat it), as Net-SNMP does. */
    for (rep = 0; rep < maxrep && nrepeaters > 0; rep++) {
      size_t ends = 0;

      if (out + nrepeaters > FLEET_MAX_OUT_VB)
        break;
      row_start = out;
      for (i = 0; i < nrepeaters; i++) {
        snmpx_oidv prev = rep == 0 ? p->varbinds[nonrep + i].name
                                   : f->out_vb[row_start - nrepeaters + i].name;

        mib_next(m, prev, &f->out_vb[out]);
        if (f->out_vb[out].value.type == SNMPX_TYPE_ENDOFMIBVIEW)
          ends++;
        out++;
      }
      if (ends == nrepeaters)
        break;
    }
  }
  return out;
}

/* Encode the Response for |req| into f->tx.  A GETBULK reply that does not
 * fit loses varbinds from the end (RFC 3416 4.2.3); anything else that does
 * not fit becomes tooBig with no varbinds (RFC 3416 4.2.1).
 * @return the length, or 0 when nothing can be sent. */
static size_t encode_reply(fleet *f, const snmpx_msg *req, const agent_mib *m)
{
  snmpx_msg resp;
  size_t n, len = 0;
  int32_t status, index;
  int rv, tries;

  n = build_reply(f, req, m, &status, &index);
  memset(&resp, 0, sizeof(resp));
  resp.version = req->version;
  resp.community = req->community;
  resp.community_len = req->community_len;
  resp.pdu.type = SNMPX_PDU_RESPONSE;
  resp.pdu.request_id = req->pdu.request_id;
  resp.pdu.error_status = status;
  resp.pdu.error_index = index;
  resp.pdu.varbinds = f->out_vb;
  /* At most 32 halvings of a count below 2^32. */
  for (tries = 0; tries < 32; tries++) {
    resp.pdu.n_varbinds = n;
    rv = snmpx_msg_encode(&resp, f->tx, FLEET_MAX_REPLY, &len);
    if (rv == 0)
      return len;
    if (rv != SNMPX_ENOSPACE && rv != SNMPX_EMSG_TOOBIG)
      return 0;
    if (req->pdu.type != SNMPX_PDU_GETBULK || n <= 1)
      break;
    n /= 2;
  }
  resp.pdu.error_status = SNMPX_ERRSTAT_TOO_BIG;
  resp.pdu.error_index = 0;
  resp.pdu.n_varbinds = 0;
  if (snmpx_msg_encode(&resp, f->tx, FLEET_MAX_REPLY, &len) != 0)
    return 0;
  return len;
}

/* The "wrong" role: a reply with a wrong request-id from the agent's own
 * address, then the right request-id from another address.  Both are
 * otherwise a correct answer, so only the request-id or source check can
 * tell them apart. */
static void answer_wrong(fleet *f, fleet_agent *a, snmpx_msg *req,
                         const agent_mib *m, const struct sockaddr_in *from)
{
  int32_t rid = req->pdu.request_id;
  size_t len;

  req->pdu.request_id = (int32_t)((uint32_t)rid ^ FLEET_WRONG_XOR);
  len = encode_reply(f, req, m);
  req->pdu.request_id = rid;
  if (len > 0)
    send_to(f, a->fd, f->tx, len, from);
  len = encode_reply(f, req, m);
  if (len > 0)
    send_to(f, a->alt_fd, f->tx, len, from);
  f->c.wrong++;
}

static void serve_datagram(fleet *f, uint32_t idx, size_t dlen,
                           const struct sockaddr_in *from)
{
  fleet_agent *a = &f->agents[idx];
  snmpx_msg req;
  agent_mib m;
  size_t len;
  snmpx_pdu_type t;

  f->c.requests++;
  /* Never answer anything but loopback: the fleet is a local test aid. */
  if (from->sin_family != AF_INET || !is_loopback(from->sin_addr)) {
    f->c.ignored++;
    return;
  }
  if (snmpx_msg_decode(f->rx, dlen, &req, &f->space) != 0) {
    f->c.decode_errors++;
    return;
  }
  t = req.pdu.type;
  if ((t != SNMPX_PDU_GET && t != SNMPX_PDU_GETNEXT && t != SNMPX_PDU_GETBULK &&
       t != SNMPX_PDU_SET) ||
      (t == SNMPX_PDU_GETBULK && req.version == SNMPX_VERSION_1)) {
    /* Responses, traps, informs and reports are not requests to an agent;
     * a v1 GetBulk does not exist (RFC 2576 4.1.1). */
    f->c.ignored++;
    return;
  }
  /* RFC 3584 5.2.1 / RFC 1157 4.1: an unknown community is dropped. */
  if (req.community_len != f->o.community_len ||
      memcmp(req.community, f->o.community, req.community_len) != 0) {
    f->c.bad_community++;
    return;
  }
  agent_mib_init(&m, a->port);
  switch ((fleet_role)a->role) {
  case FLEET_ROLE_DROP:
    f->c.dropped++;
    return;
  case FLEET_ROLE_WRONG:
    answer_wrong(f, a, &req, &m, from);
    return;
  case FLEET_ROLE_DELAY: {
    fleet_delayed d;

    if (f->heap_len >= f->o.delay_queue) {
      f->c.delay_overflow++;
      return;
    }
    len = encode_reply(f, &req, &m);
    if (len == 0)
      return;
    d.buf = malloc(len);
    if (d.buf == NULL) {
      f->c.delay_overflow++;
      return;
    }
    memcpy(d.buf, f->tx, len);
    d.len = len;
    d.agent = idx;
    d.to = *from;
    d.due_ms = now_ms() + f->o.delay_ms;
    heap_push(f, &d);
    f->c.delayed++;
    return;
  }
  default:
    len = encode_reply(f, &req, &m);
    if (len > 0 && send_to(f, a->fd, f->tx, len, from) == 0)
      f->c.answered++;
    return;
  }
}

static void serve_socket(fleet *f, uint32_t idx)
{
  int k;

  /* Level-triggered epoll brings the socket back if more is queued, so a
   * busy agent cannot starve the others. */
  for (k = 0; k < FLEET_READS_PER_EVENT; k++) {
    struct sockaddr_in from;
    socklen_t flen = sizeof(from);
    ssize_t n = recvfrom(f->agents[idx].fd, f->rx, FLEET_MAX_DGRAM, 0,
                         (struct sockaddr *)&from, &flen);

    if (n < 0)
      return; /* EAGAIN, or an ICMP error surfacing: nothing to read */
    if (flen != sizeof(from)) {
      f->c.ignored++;
      continue;
    }
    serve_datagram(f, idx, (size_t)n, &from);
  }
}

static void fire_due(fleet *f, uint64_t now)
{
  /* At most heap_len pops, each removing an entry. */
  while (f->heap_len > 0 && f->heap[0].due_ms <= now) {
    fleet_delayed d = heap_pop(f);

    if (send_to(f, f->agents[d.agent].fd, d.buf, d.len, &d.to) == 0)
      f->c.answered++;
    free(d.buf);
  }
}

static void fleet_run(fleet *f)
{
  struct epoll_event evs[FLEET_EVENTS];
  uint64_t end = now_ms() + (uint64_t)f->o.lifetime_s * 1000u;

  /* Bounded by the lifetime: every pass either waits or serves. */
  for (;;) {
    uint64_t now = now_ms(), wake;
    int i, n, stop = 0;

    if (now >= end)
      return;
    fire_due(f, now);
    wake = end;
    if (f->heap_len > 0 && f->heap[0].due_ms < wake)
      wake = f->heap[0].due_ms;
    n = epoll_wait(f->epfd, evs, FLEET_EVENTS,
                   wake > now ? (int)(wake - now) : 0);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      perror("snmpx_fleet: epoll_wait");
      return;
    }
    for (i = 0; i < n; i++) {
      if (evs[i].data.u32 == UINT32_MAX)
        stop = 1;
      else
        serve_socket(f, evs[i].data.u32);
    }
    if (stop)
      return;
  }
}

static void print_counters(const fleet_counters *c)
{
  fprintf(stderr,
          "fleet: requests=%" PRIu64 " answered=%" PRIu64 " dropped=%" PRIu64
          " delayed=%" PRIu64 " wrong=%" PRIu64 " bad_community=%" PRIu64
          " decode_errors=%" PRIu64 " ignored=%" PRIu64
          " delay_overflow=%" PRIu64 " send_errors=%" PRIu64 "\n",
          c->requests, c->answered, c->dropped, c->delayed, c->wrong,
          c->bad_community, c->decode_errors, c->ignored, c->delay_overflow,
          c->send_errors);
}

int main(int argc, char **argv)
{
  fleet f;
  int rv;
  unsigned i;

  memset(&f, 0, sizeof(f));
  rv = parse_args(argc, argv, &f.o);
  if (rv != 0)
    return rv;
  if (f.o.list_roles) {
    for (i = 0; i < f.o.count; i++) {
      unsigned port = f.o.base_port + i;

      printf("%u %s\n", port,
             fleet_role_name(fleet_role_of(f.o.seed, port, f.o.drop_pct,
                                           f.o.delay_pct, f.o.wrong_pct)));
    }
    return fflush(stdout) == 0 ? 0 : 1;
  }
  if (fleet_start(&f) != 0) {
    fleet_stop(&f);
    return 1;
  }
  printf("ready %u %u\n", f.o.ports == FLEET_PORTS_KERNEL ? 0u : f.o.base_port,
         f.o.count);
  fflush(stdout);
  fleet_run(&f);
  print_counters(&f.c);
  fleet_stop(&f);
  return 0;
}
