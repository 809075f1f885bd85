/* bench_udp_floor: the least CPU any UDP agent can spend per request here.
 * It answers each SNMPv2c GetRequest by turning its PDU tag into a
 * Response, with no SNMP work at all, reading and answering in batches
 * (recvmmsg, sendmmsg, one UDP GSO send for each run of same-size answers
 * to one peer) as `snmpx agent` does.  bench/run_agent.sh prints
 * its CPU per GET beside the agents': what is left above it is the
 * agent's own work.
 *
 *   bench_udp_floor PORT
 *
 * Listens on 127.0.0.1:PORT until killed.  Only v2c messages with short
 * (< 128 octets) lengths are answered; anything else is dropped.  Like
 * the agent it reads with UDP GRO, so a burst a client sent with GSO is
 * read, answered and sent back as one buffer. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/udp.h>
#include <sys/socket.h>

#define BATCH 16
#define SLOT 65536 /* a GRO read may hold many requests */

/* 30 LL 02 01 01 04 CL community A0: the PDU tag's offset, or 0. */
static size_t pdu_tag_at(const uint8_t *b, size_t n)
{
  if (n < 8 || b[0] != 0x30 || b[1] >= 0x80 || b[2] != 0x02 || b[5] != 0x04 ||
      b[6] >= 0x80)
    return 0;
  size_t at = 7 + (size_t)b[6];
  return at < n && b[at] == 0xa0 ? at : 0;
}

/* Make |m| a UDP GSO send of |seg|-octet datagrams; |ctl| holds the
 * control data. */
static void set_gso(struct mmsghdr *m, uint8_t *ctl, size_t ctl_len,
                    size_t seg)
{
  uint16_t v = (uint16_t)seg;
  m->msg_hdr.msg_control = ctl;
  m->msg_hdr.msg_controllen = ctl_len;
  struct cmsghdr *c = CMSG_FIRSTHDR(&m->msg_hdr);
  c->cmsg_level = SOL_UDP;
  c->cmsg_type = UDP_SEGMENT;
  c->cmsg_len = CMSG_LEN(sizeof(v));
  memcpy(CMSG_DATA(c), &v, sizeof(v));
}

/* Send the |k| answers of |a| (their iovecs hold them; seg[i] > 0: a GRO
 * buffer of seg[i]-octet answers, sent back as one GSO message):
 * consecutive single answers of one size to one peer go as one GSO
 * message too. */
static void send_answers(int fd, struct mmsghdr *a, const size_t *seg, int k)
{
  static uint8_t runs[BATCH * 2048];
  union {
    struct cmsghdr align;
    uint8_t b[CMSG_SPACE(sizeof(uint16_t))];
  } ctl[BATCH];
  struct iovec iov[BATCH];
  struct mmsghdr m[BATCH];
  int nm = 0;
  size_t used = 0;
  for (int i = 0, j; i < k; i = j, nm++) {
    struct msghdr *h = &a[i].msg_hdr;
    size_t len = h->msg_iov->iov_len;
    m[nm] = a[i];
    j = i + 1;
    if (seg[i] > 0) {
      set_gso(&m[nm], ctl[nm].b, sizeof(ctl[nm].b), seg[i]);
      continue;
    }
    while (j < k && seg[j] == 0 && a[j].msg_hdr.msg_iov->iov_len == len &&
           len <= 2048 &&
           memcmp(a[j].msg_hdr.msg_name, h->msg_name,
                  sizeof(struct sockaddr_in)) == 0)
      j++;
    if (j - i > 1) {
      iov[nm].iov_base = runs + used;
      for (int r = i; r < j; r++, used += len)
        memcpy(runs + used, a[r].msg_hdr.msg_iov->iov_base, len);
      iov[nm].iov_len = len * (size_t)(j - i);
      m[nm].msg_hdr.msg_iov = &iov[nm];
      set_gso(&m[nm], ctl[nm].b, sizeof(ctl[nm].b), len);
    }
  }
  if (nm > 0)
    sendmmsg(fd, m, (unsigned)nm, 0);
}

/* The GRO segment size of a read (0: one datagram). */
static size_t gro_seg(struct msghdr *h)
{
  for (struct cmsghdr *c = CMSG_FIRSTHDR(h); c != NULL; c = CMSG_NXTHDR(h, c))
    if (c->cmsg_level == SOL_UDP && c->cmsg_type == UDP_GRO) {
      int v;
      memcpy(&v, CMSG_DATA(c), sizeof(v));
      return v > 0 ? (size_t)v : 0;
    }
  return 0;
}

/* Turn each request of buf[0..n) (|seg|-octet datagrams, or one) into its
 * answer.  @return false when one is not a short v2c GET. */
static bool answer_in_place(uint8_t *buf, size_t n, size_t seg)
{
  if (seg == 0 || seg > n)
    seg = n;
  for (size_t off = 0; off < n; off += seg) {
    size_t len = n - off < seg ? n - off : seg;
    size_t at = pdu_tag_at(buf + off, len);
    if (at == 0)
      return false;
    buf[off + at] = 0xa2;
  }
  return true;
}

int main(int argc, char **argv)
{
  if (argc != 2) {
    fprintf(stderr, "usage: bench_udp_floor PORT\n");
    return 2;
  }
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof(a));
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)atoi(argv[1]));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
    perror("bench_udp_floor");
    return 1;
  }
  int on = 1;
  setsockopt(fd, SOL_UDP, UDP_GRO, &on, sizeof(on));
  static uint8_t buf[BATCH][SLOT];
  struct sockaddr_in from[BATCH];
  struct iovec iov[BATCH];
  union {
    struct cmsghdr align;
    uint8_t b[CMSG_SPACE(sizeof(int))];
  } ctl[BATCH];
  struct mmsghdr in[BATCH], out[BATCH];
  size_t seg[BATCH];
  for (;;) {
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, -1) < 0)
      continue;
    for (;;) {
      memset(in, 0, sizeof(in));
      for (int i = 0; i < BATCH; i++) {
        iov[i].iov_base = buf[i];
        iov[i].iov_len = SLOT;
        in[i].msg_hdr.msg_iov = &iov[i];
        in[i].msg_hdr.msg_iovlen = 1;
        in[i].msg_hdr.msg_name = &from[i];
        in[i].msg_hdr.msg_namelen = sizeof(from[i]);
        in[i].msg_hdr.msg_control = ctl[i].b;
        in[i].msg_hdr.msg_controllen = sizeof(ctl[i].b);
      }
      int n = recvmmsg(fd, in, BATCH, 0, NULL);
      if (n <= 0)
        break;
      int k = 0;
      for (int i = 0; i < n; i++) {
        size_t g = gro_seg(&in[i].msg_hdr);
        if (!answer_in_place(buf[i], in[i].msg_len, g))
          continue;
        iov[i].iov_len = in[i].msg_len;
        in[i].msg_hdr.msg_control = NULL;
        in[i].msg_hdr.msg_controllen = 0;
        seg[k] = g > 0 && g < in[i].msg_len ? g : 0;
        out[k++] = in[i];
      }
      send_answers(fd, out, seg, k);
      if (n < BATCH)
        break;
    }
  }
}
