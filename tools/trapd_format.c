/* snmpx trapd: printing notifications (see trapd_format.h).
 *
 * The text layout was read off Net-SNMP 5.9.3's snmptrapd -f -Lo with no
 * MIBs loaded:
 *
 *   v2c/v3:  DATE TIME HOST [TRANSPORT]:\n VB \t VB ... \n
 *   v1:      DATE TIME AGENT [AGENT] (via TRANSPORT) TRAP, SNMP v1,
 *            community C\n \t ENTERPRISE NAME Trap (SPECIFIC) Uptime: U\n
 *            \t VB \t VB ... \n   (an empty line when there are none)
 *
 * HOST is the reverse lookup of an IPv4 sender ("<UNKNOWN>" for IPv6);
 * the v1 agent-addr is printed as an address, never looked up. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <netdb.h>
#include <string.h>

#include "trapd_format.h"

void trapd_fmt_init(trapd_fmt *f)
{
  memset(f, 0, sizeof(*f));
  fmt_opts_init(&f->fmt);
}

static bool same_host(const snmpx_addr *a, const snmpx_addr *b)
{
  if (a->u.sa.sa_family != b->u.sa.sa_family)
    return false;
  if (a->u.sa.sa_family == AF_INET)
    return a->u.in4.sin_addr.s_addr == b->u.in4.sin_addr.s_addr;
  return memcmp(&a->u.in6.sin6_addr, &b->u.in6.sin6_addr, 16) == 0;
}

static void ip_text(const snmpx_addr *a, char *buf, size_t cap)
{
  const void *p = a->u.sa.sa_family == AF_INET
                      ? (const void *)&a->u.in4.sin_addr
                      : (const void *)&a->u.in6.sin6_addr;
  if (inet_ntop(a->u.sa.sa_family, p, buf, (socklen_t)cap) == NULL)
    snprintf(buf, cap, "?");
}

static uint16_t port_of(const snmpx_addr *a)
{
  return ntohs(a->u.sa.sa_family == AF_INET ? a->u.in4.sin_port
                                            : a->u.in6.sin6_port);
}

/* "Local IPC: PATH" for a notification that came in on the UNIX socket
 * |to|, or that |from| names (Net-SNMP's netsnmp_unix_fmtaddr). */
static void ipc_text(const snmpx_addr *from, const snmpx_addr *to, char *buf,
                     size_t cap)
{
  if (from->u.sa.sa_family == AF_UNIX && from->u.un.sun_path[0] != '\0')
    to = from; /* the io names a UNIX client by the socket it came to */
  if (to == NULL || to->u.sa.sa_family != AF_UNIX ||
      to->u.un.sun_path[0] == '\0')
    snprintf(buf, cap, "Local IPC: unknown");
  else
    snprintf(buf, cap, "Local IPC: %.*s", (int)sizeof(to->u.un.sun_path),
             to->u.un.sun_path);
}

/* What snmptrapd 5.9 names a (D)TLS sender by, as host and transport
 * alike: its DTLSUDP transport formats the received message's state as
 * "DTLSUDP: unknown" (seen); its TLSTCP one formats the addresses of a
 * tmStateReference it never fills in (snmpTLSTCPDomain.c, read, not seen:
 * Debian's 5.9.3 caps TLS at 1.0, which OpenSSL 3 refuses). */
static const char *secure_text(const snmpx_addr *from)
{
  if (from->domain == SNMPX_DOMAIN_DTLS)
    return "DTLSUDP: unknown";
  if (from->domain == SNMPX_DOMAIN_TLS)
    return "TLSTCP: [0.0.0.0]:0->[0.0.0.0]:0";
  return NULL;
}

const char *trapd_host_name(trapd_fmt *f, const snmpx_addr *from,
                            const snmpx_addr *to)
{
  if (secure_text(from) != NULL)
    return secure_text(from);
  if (from->domain == SNMPX_DOMAIN_UNIX) {
    ipc_text(from, to, f->ipc_name, sizeof(f->ipc_name));
    return f->ipc_name;
  }
  if (from->u.sa.sa_family != AF_INET)
    return "<UNKNOWN>";
  for (unsigned i = 0; i < TRAPD_NAME_CACHE; i++)
    if (f->names[i].used && same_host(&f->names[i].addr, from))
      return f->names[i].name;
  trapd_name *slot = &f->names[f->next_name++ % TRAPD_NAME_CACHE];
  slot->addr = *from;
  slot->used = true;
  if (f->numeric_hosts ||
      getnameinfo(&from->u.sa, from->len, slot->name, sizeof(slot->name), NULL,
                  0, NI_NAMEREQD) != 0)
    ip_text(from, slot->name, sizeof(slot->name));
  return slot->name;
}

void trapd_print_transport(FILE *out, const trapd_fmt *f,
                           const snmpx_addr *from, const snmpx_addr *to)
{
  char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
  if (secure_text(from) != NULL) {
    fputs(secure_text(from), out);
    return;
  }
  if (from->domain == SNMPX_DOMAIN_UNIX) {
    char ipc[128];
    ipc_text(from, to, ipc, sizeof(ipc));
    fputs(ipc, out);
    return;
  }
  const char *proto = from->domain == SNMPX_DOMAIN_TCP ? "TCP" : "UDP";
  ip_text(from, src, sizeof(src));
  if (from->u.sa.sa_family != AF_INET) {
    fprintf(out, "%s/IPv6: [%s]:%u", proto, src, port_of(from));
    return;
  }
  if (from->domain == SNMPX_DOMAIN_TCP) {
    fprintf(out, "TCP: [%s]:%u->[0.0.0.0]:0", src, port_of(from));
    return;
  }
  /* The address it was sent to, as the socket reported it; else the
   * address we listen on. */
  const snmpx_addr *local = to != NULL && to->len > 0 &&
                                    to->u.sa.sa_family == AF_INET
                                ? to
                                : f->have_local4 ? &f->local4 : NULL;
  if (local != NULL)
    ip_text(local, dst, sizeof(dst));
  else
    snprintf(dst, sizeof(dst), "0.0.0.0");
  fprintf(out, "UDP: [%s]:%u->[%s]:%u", src, port_of(from), dst,
          local != NULL ? port_of(local) : 0);
}

/* The local date and time, formatted once per second. */
static void print_date(FILE *out, trapd_fmt *f, time_t when)
{
  if (f->date_text[0] == '\0' || when != f->date_when) {
    struct tm tm;
    localtime_r(&when, &tm);
    strftime(f->date_text, sizeof(f->date_text), "%Y-%m-%d %H:%M:%S", &tm);
    f->date_when = when;
  }
  fputs(f->date_text, out);
}

/* snmptrapd's names of the generic traps (RFC 1157 4.1.6). */
static const char *generic_name(int32_t g)
{
  static const char *const names[] = {"Cold Start",
                                      "Warm Start",
                                      "Link Down",
                                      "Link Up",
                                      "Authentication Failure",
                                      "EGP Neighbor Loss",
                                      "Enterprise Specific"};
  return g >= 0 && g <= 6 ? names[g] : "Unknown Type";
}

static void print_v1(FILE *out, trapd_fmt *f, const snmpx_notification *n)
{
  const snmpx_pdu *p = n->pdu;
  const uint8_t *a = p->agent_addr;
  fprintf(out, " %u.%u.%u.%u [%u.%u.%u.%u] (via ", a[0], a[1], a[2], a[3], a[0],
          a[1], a[2], a[3]);
  trapd_print_transport(out, f, &n->from, &n->to);
  fputs(") TRAP, SNMP v1, community ", out);
  fwrite(n->community, 1, n->community_len, out);
  fputs("\n\t", out);
  fmt_print_oid(out, &f->fmt, p->enterprise);
  char up[64];
  snmpx_mibdb_format_timeticks(p->time_stamp, false, up, sizeof(up));
  fprintf(out, " %s Trap (%" PRId32 ") Uptime: %s\n",
          generic_name(p->generic_trap), p->specific_trap, up);
  for (size_t i = 0; i < p->n_varbinds; i++) {
    fputc('\t', out);
    fmt_print_varbind_text(out, &f->fmt, &p->varbinds[i]);
  }
  fputc('\n', out);
}

void trapd_print_text(FILE *out, trapd_fmt *f, const snmpx_notification *n,
                      time_t when)
{
  print_date(out, f, when);
  if (n->type == SNMPX_PDU_TRAP_V1) {
    print_v1(out, f, n);
    return;
  }
  fprintf(out, " %s [", trapd_host_name(f, &n->from, &n->to));
  trapd_print_transport(out, f, &n->from, &n->to);
  fputs("]:\n", out);
  const snmpx_pdu *p = n->pdu;
  for (size_t i = 0; i < p->n_varbinds; i++) {
    if (i > 0)
      fputc('\t', out);
    fmt_print_varbind_text(out, &f->fmt, &p->varbinds[i]);
  }
  fputc('\n', out);
}

static void json_key(FILE *out, const char *key)
{
  fprintf(out, ",\"%s\":", key);
}

static void json_bytes(FILE *out, const char *key, const uint8_t *p, size_t len)
{
  json_key(out, key);
  fmt_json_string(out, p ? p : (const uint8_t *)"", len);
}

static void json_hex(FILE *out, const char *key, const uint8_t *p, size_t len)
{
  json_key(out, key);
  fputc('"', out);
  for (size_t i = 0; i < len; i++)
    fprintf(out, "%02x", p[i]);
  fputc('"', out);
}

static void json_varbinds(FILE *out, const snmpx_varbind *vbs, size_t n)
{
  json_key(out, "varbinds");
  fputc('[', out);
  for (size_t i = 0; i < n; i++) {
    fputs(i ? ",{\"oid\":\"" : "{\"oid\":\"", out);
    fmt_print_oid_numeric(out, vbs[i].name);
    fprintf(out, "\",\"type\":\"%s\",\"value\":",
            snmpx_type_name(vbs[i].value.type));
    fmt_json_value(out, &vbs[i].value);
    fputc('}', out);
  }
  fputc(']', out);
}

static const char *level_name(snmpx_seclevel l)
{
  return l == SNMPX_SECLEVEL_AUTHPRIV     ? "authPriv"
         : l == SNMPX_SECLEVEL_AUTHNOPRIV ? "authNoPriv"
                                          : "noAuthNoPriv";
}

/* docs/json.md: every number field here is at most 32 bits (exact in any
 * JSON reader); varbind values follow fmt_json_value's rules. */
void trapd_print_json(FILE *out, trapd_fmt *f, const snmpx_notification *n,
                      int64_t when_ms)
{
  char ip[INET6_ADDRSTRLEN], ts[32];
  time_t secs = (time_t)(when_ms / 1000);
  struct tm tm;
  gmtime_r(&secs, &tm);
  strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
  fprintf(out, "{\"time\":\"%s.%03dZ\"", ts, (int)(when_ms % 1000));
  fprintf(out, ",\"version\":\"%s\",\"type\":\"%s\"",
          n->version == SNMPX_VERSION_1    ? "1"
          : n->version == SNMPX_VERSION_2C ? "2c"
                                           : "3",
          n->type == SNMPX_PDU_INFORM ? "inform" : "trap");
  ip_text(&n->from, ip, sizeof(ip));
  json_bytes(out, "from", (const uint8_t *)ip, strlen(ip));
  fprintf(out, ",\"port\":%u", port_of(&n->from));
  json_bytes(out, "host", (const uint8_t *)trapd_host_name(f, &n->from, &n->to),
             strlen(trapd_host_name(f, &n->from, &n->to)));
  if (n->version == SNMPX_VERSION_3) {
    json_bytes(out, "user", n->security_name, n->security_name_len);
    fprintf(out, ",\"level\":\"%s\"", level_name(n->level));
    json_hex(out, "engine_id", n->engine_id, n->engine_id_len);
    json_bytes(out, "context", n->context_name, n->context_name_len);
  } else {
    json_bytes(out, "community", n->community, n->community_len);
  }
  fprintf(out, ",\"request_id\":%" PRId32 ",\"uptime\":%" PRIu32, n->request_id,
          n->uptime);
  fputs(",\"trap_oid\":\"", out);
  fmt_print_oid_numeric(out, n->trap_oid);
  fputc('"', out);
  const snmpx_pdu *p = n->pdu;
  if (n->type == SNMPX_PDU_TRAP_V1) {
    const uint8_t *a = p->agent_addr;
    fputs(",\"enterprise\":\"", out);
    fmt_print_oid_numeric(out, p->enterprise);
    fprintf(out,
            "\",\"agent_addr\":\"%u.%u.%u.%u\",\"generic\":%" PRId32
            ",\"specific\":%" PRId32,
            a[0], a[1], a[2], a[3], p->generic_trap, p->specific_trap);
    json_varbinds(out, p->varbinds, p->n_varbinds);
  } else {
    /* sysUpTime.0 and snmpTrapOID.0 are "uptime" and "trap_oid". */
    json_varbinds(out, n->varbinds + 2, n->n_varbinds - 2);
  }
  fputs("}\n", out);
}

void trapd_print_handler(FILE *out, trapd_fmt *f, const snmpx_notification *n)
{
  /* The host line: its name, or with -n the transport text again (what
   * snmptrapd -n hands its handlers). */
  if (f->numeric_hosts)
    trapd_print_transport(out, f, &n->from, &n->to);
  else
    fputs(trapd_host_name(f, &n->from, &n->to), out);
  fputc('\n', out);
  trapd_print_transport(out, f, &n->from, &n->to);
  fputc('\n', out);
  fmt_opts quick = f->fmt;
  quick.quick = true;
  quick.quick_eq = false;
  for (size_t i = 0; i < n->n_varbinds; i++) {
    fmt_print_varbind_text(out, &quick, &n->varbinds[i]);
    fputc('\n', out);
  }
}
