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
 * (< 128 octets) lengths are answered; anything else is dropped. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/udp.h>
#include <sys/socket.h>

#define BATCH 16
#define SLOT 2048

/* 30 LL 02 01 01 04 CL community A0: the PDU tag's offset, or 0. */
static size_t pdu_tag_at(const uint8_t *b, size_t n)
{
  if (n < 8 || b[0] != 0x30 || b[1] >= 0x80 || b[2] != 0x02 || b[5] != 0x04 ||
      b[6] >= 0x80)
    return 0;
  size_t at = 7 + (size_t)b[6];
  return at < n && b[at] == 0xa0 ? at : 0;
}

/* Send the |k| answers of |a| (their iovecs hold them): consecutive ones
 * of one size to one peer go as one GSO message. */
static void send_answers(int fd, struct mmsghdr *a, int k)
{
  static uint8_t runs[BATCH * SLOT];
  union {
    struct cmsghdr align;
    uint8_t b[CMSG_SPACE(sizeof(uint16_t))];
  } ctl[BATCH];
  struct iovec iov[BATCH];
  struct mmsghdr m[BATCH];
  int nm = 0;
  size_t used = 0;
  for (int i = 0, j; i < k; i = j) {
    struct msghdr *h = &a[i].msg_hdr;
    size_t len = h->msg_iov->iov_len;
    for (j = i + 1; j < k && a[j].msg_hdr.msg_iov->iov_len == len &&
                    memcmp(a[j].msg_hdr.msg_name, h->msg_name,
                           sizeof(struct sockaddr_in)) == 0;
         j++)
      ;
    m[nm] = a[i];
    if (j - i > 1) {
      iov[nm].iov_base = runs + used;
      for (int r = i; r < j; r++, used += len)
        memcpy(runs + used, a[r].msg_hdr.msg_iov->iov_base, len);
      iov[nm].iov_len = len * (size_t)(j - i);
      m[nm].msg_hdr.msg_iov = &iov[nm];
      m[nm].msg_hdr.msg_control = ctl[nm].b;
      m[nm].msg_hdr.msg_controllen = sizeof(ctl[nm].b);
      struct cmsghdr *c = CMSG_FIRSTHDR(&m[nm].msg_hdr);
      uint16_t seg = (uint16_t)len;
      c->cmsg_level = SOL_UDP;
      c->cmsg_type = UDP_SEGMENT;
      c->cmsg_len = CMSG_LEN(sizeof(seg));
      memcpy(CMSG_DATA(c), &seg, sizeof(seg));
    }
    nm++;
  }
  if (nm > 0)
    sendmmsg(fd, m, (unsigned)nm, 0);
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
  static uint8_t buf[BATCH][SLOT];
  struct sockaddr_in from[BATCH];
  struct iovec iov[BATCH];
  struct mmsghdr in[BATCH], out[BATCH];
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
      }
      int n = recvmmsg(fd, in, BATCH, 0, NULL);
      if (n <= 0)
        break;
      int k = 0;
      for (int i = 0; i < n; i++) {
        size_t at = pdu_tag_at(buf[i], in[i].msg_len);
        if (at == 0)
          continue;
        buf[i][at] = 0xa2;
        iov[i].iov_len = in[i].msg_len;
        out[k++] = in[i];
      }
      send_answers(fd, out, k);
      if (n < BATCH)
        break;
    }
  }
}
