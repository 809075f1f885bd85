/* The UDP transport (RFC 3417), IPv4 and IPv6, with its batching.
 *
 * One client socket per address family, shared by every target, and the
 * listening sockets of snmpx_io_listen.  Sockets are read in batches
 * (recvmmsg) and with UDP GRO, so a burst a peer sent with GSO costs one
 * read; each datagram still reaches the engine alone.  What the engine
 * sends while the io handles readable sockets or timers is held and sent
 * together when that handling ends: one sendmmsg, and one UDP GSO send
 * for each run of same-size datagrams to one peer (the peer receives
 * ordinary datagrams).  See include/snmpx/io.h. */
/* in6_pktinfo and IPV6_RECVPKTINFO (RFC 3542) are GNU extensions in glibc. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "transport/io_impl.h"

/* A GSO run (Linux UDP_SEGMENT): at most this many segments of at most
 * GSO_MAX_SEG octets (under any Ethernet path's MTU, so the kernel never
 * refuses a run for its size) and GSO_MAX_BYTES in all. */
#define GSO_MAX_SEGS 32
#define GSO_MAX_SEG 1400
#define GSO_MAX_BYTES 60000

static int open_socket(int family)
{
  int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  if (family == AF_INET6) {
    int on = 1;
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
  }
  /* Room for bursts of replies when many requests are in flight, or of
   * requests and notifications on a listening socket.  SO_RCVBUF is capped
   * by net.core.rmem_max; a privileged process may go past it. */
  int sz = 4 << 20;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)) != 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
  /* UDP GRO (Linux 5.0 on): a run of same-size datagrams from one peer
   * (a GSO send, or a NIC's coalescing) may be read as one buffer, cut
   * back into datagrams here (deliver).  Older kernels refuse: then each
   * datagram is read alone, as before. */
  int on = 1;
  setsockopt(fd, SOL_UDP, UDP_GRO, &on, sizeof(on));
  /* Each datagram read says how many the kernel has dropped from this
   * socket's buffer so far (Linux 2.6.33 on): counted in
   * snmpx_io_stats.kernel_drops. */
  setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof(on));
  return fd;
}

static int *fd_for(snmpx_io *io, int family)
{
  return family == AF_INET6 ? &io->fd6 : &io->fd4;
}

static bool is_wildcard(const snmpx_addr *a)
{
  if (a->u.sa.sa_family == AF_INET)
    return a->u.in4.sin_addr.s_addr == htonl(INADDR_ANY);
  return IN6_IS_ADDR_UNSPECIFIED(&a->u.in6.sin6_addr);
}

/* The listener a datagram sent to |local| arrived on, or -1. */
static int listener_for(const snmpx_io *io, const snmpx_addr *local)
{
  for (int i = 0; i < io->n_listen; i++) {
    const snmpx_addr *l = &io->listen[i].addr;
    if (l->domain != SNMPX_DOMAIN_UDP ||
        l->u.sa.sa_family != local->u.sa.sa_family)
      continue;
    if (l->u.sa.sa_family == AF_INET
            ? l->u.in4.sin_port == local->u.in4.sin_port
            : l->u.in6.sin6_port == local->u.in6.sin6_port) {
      if (is_wildcard(l) || snmpx_addr_equal(l, local))
        return i;
    }
  }
  return -1;
}

/* How many queued datagrams from |i| on leave as one GSO send: the
 * following ones to the same peer, each as long as the first but the last,
 * which may be shorter (the kernel cuts a GSO datagram into segments of
 * the first's size). */
static int gso_run(const snmpx_io *io, int i)
{
  const send_queue *q = &io->sq;
  size_t seg = q->len[i], total = seg;
  int k = 1;
  if (!io->gso || seg > GSO_MAX_SEG)
    return 1;
  while (i + k < q->n && k < GSO_MAX_SEGS && q->len[i + k] <= seg &&
         total + q->len[i + k] <= GSO_MAX_BYTES &&
         snmpx_addr_equal(&q->to[i + k], &q->to[i])) {
    total += q->len[i + k++];
    if (q->len[i + k - 1] < seg)
      break;
  }
  return k;
}

/* Send queued datagrams [from, to) one system call each: a GSO run the
 * kernel refused. */
static void send_each(snmpx_io *io, int from, int to)
{
  send_queue *q = &io->sq;
  for (int i = from; i < to; i++) {
    ssize_t n;
    do {
      n = sendto(q->fd, q->bytes + q->off[i], q->len[i], 0, &q->to[i].u.sa,
                 q->to[i].len);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
      io->last_error = errno;
  }
}

/* Send what the queue holds: one sendmmsg for all, a message per GSO run
 * (queued bytes are contiguous, so a run is one buffer). */
static void flush_sends(snmpx_io *io)
{
  send_queue *q = &io->sq;
  struct mmsghdr mm[SEND_BATCH];
  struct iovec iov[SEND_BATCH];
  union {
    struct cmsghdr align;
    uint8_t buf[CMSG_SPACE(sizeof(uint16_t))];
  } ctl[SEND_BATCH];
  int first[SEND_BATCH + 1];
  int m = 0;
  memset(mm, 0, sizeof(mm));
  /* CMSG_SPACE pads the 2-octet UDP_SEGMENT value to 8: the padding goes
   * to the kernel with the rest, so it must not be left uninitialised
   * (valgrind: "sendmmsg(msg.msg_control) points to uninitialised
   * bytes"). */
  memset(ctl, 0, sizeof(ctl));
  for (int i = 0; i < q->n; m++) {
    int k = gso_run(io, i);
    iov[m].iov_base = q->bytes + q->off[i];
    iov[m].iov_len = q->off[i + k - 1] + q->len[i + k - 1] - q->off[i];
    mm[m].msg_hdr.msg_name = &q->to[i].u;
    mm[m].msg_hdr.msg_namelen = q->to[i].len;
    mm[m].msg_hdr.msg_iov = &iov[m];
    mm[m].msg_hdr.msg_iovlen = 1;
    if (k > 1) {
      uint16_t seg = (uint16_t)q->len[i];
      mm[m].msg_hdr.msg_control = ctl[m].buf;
      mm[m].msg_hdr.msg_controllen = sizeof(ctl[m].buf);
      struct cmsghdr *c = CMSG_FIRSTHDR(&mm[m].msg_hdr);
      c->cmsg_level = SOL_UDP;
      c->cmsg_type = UDP_SEGMENT;
      c->cmsg_len = CMSG_LEN(sizeof(seg));
      memcpy(CMSG_DATA(c), &seg, sizeof(seg));
    }
    first[m] = i;
    i += k;
  }
  first[m] = q->n;
  for (int done = 0; done < m;) {
    int n = sendmmsg(q->fd, mm + done, (unsigned)(m - done), 0);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0 && mm[done].msg_hdr.msg_control != NULL) {
      /* GSO refused (a device without checksum offload, a path with a
       * small MTU): these go one by one, and no GSO from now on when the
       * kernel says it cannot do it at all. */
      if (errno == EIO || errno == ENOPROTOOPT || errno == EOPNOTSUPP)
        io->gso = false;
      send_each(io, first[done], first[done + 1]);
      n = 1;
    } else if (n <= 0) {
      /* As sendto would: this datagram is lost (a manager retries); the
       * next ones still go. */
      io->last_error = errno;
      n = 1;
    }
    done += n;
  }
  q->n = 0;
  q->used = 0;
}

/* Keep a datagram leaving from socket |fd| for flush_sends.
 * @return false when it must be sent at once (no memory, too big). */
static bool queue_send(snmpx_io *io, int fd, const uint8_t *data, size_t len,
                       const snmpx_addr *to)
{
  send_queue *q = &io->sq;
  if (len > SEND_BYTES)
    return false;
  if (q->bytes == NULL && (q->bytes = snmpx__malloc(io->mem, SEND_BYTES)) == NULL)
    return false;
  if (q->n > 0 && (q->fd != fd || q->n == SEND_BATCH ||
                   q->used + len > SEND_BYTES))
    flush_sends(io);
  q->fd = fd;
  q->off[q->n] = q->used;
  q->len[q->n] = len;
  q->to[q->n] = *to;
  memcpy(q->bytes + q->used, data, len);
  q->used += len;
  q->n++;
  return true;
}

/* Whether the kernel takes UDP_SEGMENT (Linux 4.18 on): asked once, of
 * the first socket the io opens. */
static void probe_gso(snmpx_io *io, int fd)
{
  int v = 0;
  socklen_t len = sizeof(v);
  if (io->gso_probed)
    return;
  io->gso_probed = true;
  io->gso = getsockopt(fd, SOL_UDP, UDP_SEGMENT, &v, &len) == 0;
}

void snmpx__udp_send(snmpx_io *io, const uint8_t *data, size_t len,
                     const snmpx_addr *to)
{
  int family = to->u.sa.sa_family;
  int *fd = fd_for(io, family);
  /* An answer leaves from the listening socket its request came to, so it
   * carries the address the sender wrote to.  The engine says which
   * datagrams are answers; its own requests and traps leave from the
   * client socket, even when a callback sends them mid-burst. */
  const snmpx_addr *local = snmpx__engine_answer_from(io->engine);
  int l = local != NULL ? listener_for(io, local) : -1;
  if (l >= 0 && io->listen[l].addr.u.sa.sa_family == family)
    fd = &io->listen[l].fd;
  if (*fd < 0) {
    if ((*fd = open_socket(family)) < 0) {
      io->last_error = errno;
      return;
    }
    if (fd == &io->fd4 || fd == &io->fd6)
      io->ovfl_seen[fd == &io->fd4 ? OVFL_FD4 : OVFL_FD6] = 0;
    probe_gso(io, *fd);
    snmpx__io_set_fd(io, *fd, FD_UDP, NULL, SNMPX_POLL_IN);
  }
  /* A send made while the io reads or fires timers waits for that work's
   * end; others (a request the application submits) leave now. */
  if (io->defer > 0 && queue_send(io, *fd, data, len, to))
    return;
  ssize_t n;
  do {
    n = sendto(*fd, data, len, 0, &to->u.sa, to->len);
  } while (n < 0 && errno == EINTR);
  if (n < 0)
    io->last_error = errno;
}

int snmpx__udp_bind_listener(snmpx_io *io, int fd, const snmpx_addr *addr,
                             int domain)
{
  listener *l = &io->listen[io->n_listen];
  socklen_t alen = sizeof(l->addr.u);
  if (bind(fd, &addr->u.sa, addr->len) != 0 ||
      getsockname(fd, &l->addr.u.sa, &alen) != 0) {
    io->last_error = errno;
    close(fd);
    return SNMPX_ESOCKET;
  }
  l->addr.len = alen;
  l->addr.domain = (uint16_t)domain;
  l->addr.conn = 0;
  l->fd = fd;
  return 0;
}

int snmpx__udp_listen(snmpx_io *io, const snmpx_addr *addr)
{
  int family = addr->u.sa.sa_family;
  if (family != AF_INET && family != AF_INET6)
    return SNMPX_EINVAL;
  if (io->n_listen == MAX_LISTEN)
    return SNMPX_ETOOMANY;
  int fd = open_socket(family);
  if (fd < 0) {
    io->last_error = errno;
    return SNMPX_ESOCKET;
  }
  if (snmpx__udp_bind_listener(io, fd, addr, SNMPX_DOMAIN_UDP) != 0)
    return SNMPX_ESOCKET;
  io->ovfl_seen[OVFL_LISTEN + io->n_listen] = 0;
  /* Learn each datagram's destination: a wildcard socket's answers and
   * notifications then name the address the sender used. */
  int on = 1;
  if (family == AF_INET)
    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on));
  else
    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on));
  probe_gso(io, fd);
  snmpx__io_set_fd(io, fd, FD_UDP, NULL, SNMPX_POLL_IN);
  return io->n_listen++;
}

int snmpx__udp_listener_of(const snmpx_io *io, int fd)
{
  for (int i = 0; i < io->n_listen; i++)
    if (io->listen[i].fd == fd)
      return i;
  return -1;
}

static void close_socket(snmpx_io *io, int *fd)
{
  if (*fd < 0)
    return;
  snmpx__io_set_fd(io, *fd, FD_NONE, NULL, 0);
  close(*fd);
  *fd = -1;
}


/* Control data a read asks for: the destination address (listeners),
 * the GRO segment size and the socket's drop count. */
typedef union recv_ctl {
  struct cmsghdr align;
  uint8_t buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
              CMSG_SPACE(sizeof(int)) + CMSG_SPACE(sizeof(uint32_t))];
} recv_ctl;

static size_t read_meta(snmpx_io *io, int fd, const listener *l,
                        struct msghdr *mh, snmpx_addr *to);

/* Hand the next datagram |b| holds to the engine.  The cursor moves on
 * first: a callback that runs the loop again finds the ones after it. */
static void deliver_next(snmpx_io *io, inbox *b)
{
  int i = b->next;
  size_t off = b->off, len = b->len[i] - off;
  if (b->seg[i] > 0 && b->seg[i] < len)
    len = b->seg[i];
  if (off + len < b->len[i]) {
    b->off = off + len;
  } else {
    b->next++;
    b->off = 0;
  }
  if (len > 0)
    snmpx_engine_recv_to(io->engine, b->buf + (size_t)i * RECV_SLOT + off,
                         len, &b->from[i], b->l != NULL ? &b->to[i] : NULL);
}

/* Hand over all that the read |b| holds, with |b| on top of the stack of
 * reads (nested runs of the loop may hand over some of it). */
static void deliver_all(snmpx_io *io, inbox *b)
{
  b->next = 0;
  b->off = 0;
  b->under = io->reading;
  io->reading = b;
  while (b->next < b->n)
    deliver_next(io, b);
  io->reading = b->under;
}

/* The oldest read under way that holds datagrams not yet handed over, or
 * NULL. */
static inbox *oldest_held(snmpx_io *io)
{
  inbox *found = NULL;
  for (inbox *b = io->reading; b != NULL; b = b->under)
    if (b->next < b->n)
      found = b;
  return found;
}

/* From a nested run of the loop: hand over what the reads under way
 * still hold, oldest first (the order they arrived in). */
static void deliver_held(snmpx_io *io)
{
  inbox *b;
  while ((b = oldest_held(io)) != NULL)
    deliver_next(io, b);
}

/* Whether a read under way is in |buf|: the datagrams there, and the
 * views into them that callbacks still hold, must stay. */
static bool buffer_busy(const snmpx_io *io, const uint8_t *buf)
{
  for (const inbox *b = io->reading; b != NULL; b = b->under)
    if (b->buf == buf)
      return true;
  return false;
}

/* Read up to |max| (at most RECV_BATCH) queued datagrams from |fd| with
 * one recvmmsg call into the batch slots and hand each to the engine.
 * |l|: the listener |fd| is (each datagram's destination is read too), or
 * NULL for a client socket.  @return how many were read (0 when the
 * socket is empty or holds an ICMP error). */
static int read_batch(snmpx_io *io, int fd, const listener *l, int max)
{
  inbox b;
  struct mmsghdr mm[RECV_BATCH];
  struct iovec iov[RECV_BATCH];
  recv_ctl ctl[RECV_BATCH];
  memset(mm, 0, (size_t)max * sizeof(mm[0]));
  for (int i = 0; i < max; i++) {
    iov[i].iov_base = io->batch + (size_t)i * RECV_SLOT;
    iov[i].iov_len = RECV_SLOT;
    mm[i].msg_hdr.msg_name = &b.from[i].u;
    mm[i].msg_hdr.msg_namelen = sizeof(b.from[i].u);
    mm[i].msg_hdr.msg_iov = &iov[i];
    mm[i].msg_hdr.msg_iovlen = 1;
    mm[i].msg_hdr.msg_control = ctl[i].buf;
    mm[i].msg_hdr.msg_controllen = sizeof(ctl[i].buf);
  }
  int n;
  do {
    n = recvmmsg(fd, mm, (unsigned)max, 0, NULL);
  } while (n < 0 && errno == EINTR);
  if (n <= 0)
    return 0;
  b.buf = io->batch;
  b.l = l;
  b.n = n;
  for (int i = 0; i < n; i++) {
    b.seg[i] = read_meta(io, fd, l, &mm[i].msg_hdr, &b.to[i]);
    b.from[i].len = mm[i].msg_hdr.msg_namelen;
    b.from[i].domain = SNMPX_DOMAIN_UDP;
    b.from[i].conn = 0;
    b.len[i] = mm[i].msg_len;
  }
  deliver_all(io, &b);
  return n;
}

/* True when sockets can be read in batches: not while a batch read is
 * handed over (a nested run reads one by one, not over its slots), and
 * once the slots are allocated. */
static bool can_batch(snmpx_io *io)
{
  if (io->batch == NULL)
    io->batch = snmpx__malloc(io->mem, (size_t)RECV_BATCH * RECV_SLOT);
  return io->batch != NULL && !buffer_busy(io, io->batch);
}

/* SO_RXQ_OVFL: socket |fd| (listener |l|, or a client socket) has had
 * |total| datagrams dropped since it opened; count what is new.  The
 * total is a 32-bit counter that may wrap; a value behind the last one
 * seen (never expected) is ignored. */
static void count_drops(snmpx_io *io, int fd, const listener *l,
                        uint32_t total)
{
  size_t k = l != NULL ? OVFL_LISTEN + (size_t)(l - io->listen)
                       : fd == io->fd6 ? OVFL_FD6 : OVFL_FD4;
  uint32_t delta = total - io->ovfl_seen[k];
  if (delta == 0 || delta >= 0x80000000u)
    return;
  io->ovfl_seen[k] = total;
  io->kernel_drops += delta;
}

/* What the control data of a read from |fd| says.  From listener |l|
 * (NULL: a client socket, |to| untouched), the destination: the
 * IP_PKTINFO / IPV6_PKTINFO address and the listener's port.  The
 * socket's drop count is taken (count_drops).  @return the UDP GRO
 * segment size, or 0 (one datagram). */
static size_t read_meta(snmpx_io *io, int fd, const listener *l,
                        struct msghdr *mh, snmpx_addr *to)
{
  size_t seg = 0;
  if (l != NULL)
    *to = l->addr;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c != NULL;
       c = CMSG_NXTHDR(mh, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
      uint32_t total;
      memcpy(&total, CMSG_DATA(c), sizeof(total));
      count_drops(io, fd, l, total);
    } else if (c->cmsg_level == SOL_UDP && c->cmsg_type == UDP_GRO) {
      int v;
      memcpy(&v, CMSG_DATA(c), sizeof(v));
      seg = v > 0 ? (size_t)v : 0;
    } else if (l == NULL) {
      continue;
    } else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      struct in_pktinfo pi;
      memcpy(&pi, CMSG_DATA(c), sizeof(pi));
      to->u.in4.sin_addr = pi.ipi_addr;
    } else if (c->cmsg_level == IPPROTO_IPV6 &&
               c->cmsg_type == IPV6_PKTINFO) {
      struct in6_pktinfo pi;
      memcpy(&pi, CMSG_DATA(c), sizeof(pi));
      to->u.in6.sin6_addr = pi.ipi6_addr;
    }
  }
  return seg;
}

/* read_one into |buf| (sizeof(io->rbuf) octets). */
static bool read_one_into(snmpx_io *io, int fd, const listener *l,
                          uint8_t *buf)
{
  inbox b;
  recv_ctl ctl;
  struct iovec iov = {buf, sizeof(io->rbuf)};
  struct msghdr mh;
  ssize_t n;
  do {
    memset(&mh, 0, sizeof(mh));
    mh.msg_name = &b.from[0].u;
    mh.msg_namelen = sizeof(b.from[0].u);
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = ctl.buf;
    mh.msg_controllen = sizeof(ctl.buf);
    n = recvmsg(fd, &mh, 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0)
    return false;
  b.buf = buf;
  b.l = l;
  b.n = 1;
  b.seg[0] = read_meta(io, fd, l, &mh, &b.to[0]);
  b.from[0].len = mh.msg_namelen;
  b.from[0].domain = SNMPX_DOMAIN_UDP;
  b.from[0].conn = 0;
  b.len[0] = (size_t)n;
  deliver_all(io, &b);
  return true;
}

/* The buffer read_one reads into: rbuf, or, when a read in rbuf is under
 * way (read_one nested in a callback of read_one), a new one of the same
 * size that the caller frees: the outer datagram stays intact for the
 * callback handling it.  NULL when out of memory. */
static uint8_t *one_buffer(snmpx_io *io)
{
  if (!buffer_busy(io, io->rbuf))
    return io->rbuf;
  return snmpx__malloc(io->mem, sizeof(io->rbuf));
}

/* Read one datagram from |fd| and hand it to the engine (the path when
 * batches cannot be used, such as inside a batch's callbacks).  |l|: the
 * listener |fd| is (the datagram's destination is read too), or NULL for
 * a client socket.  @return false when the socket is empty (or holds an
 * ICMP error), or no buffer could be had. */
static bool read_one(snmpx_io *io, int fd, const listener *l)
{
  uint8_t *buf = one_buffer(io);
  if (buf == NULL)
    return false;
  bool got = read_one_into(io, fd, l, buf);
  if (buf != io->rbuf)
    snmpx__free(io->mem, buf);
  return got;
}

/* A burst a listening socket may deliver before the loop looks at the
 * other sockets and the timers again. */
#define LISTEN_BURST 256

/* How many datagrams a read of a client socket asks for: no more than
 * requests are in flight, so with one in flight recvmmsg does not go on
 * to find the socket empty; a full batch when none is (what is there
 * answers nothing, and only has to leave the socket). */
static int client_batch(snmpx_io *io)
{
  size_t pending = snmpx_engine_pending(io->engine);
  return pending == 0 || pending > RECV_BATCH ? RECV_BATCH : (int)pending;
}

/* Read the datagrams queued on |fd| and hand each to the engine.  On a
 * client socket, read batches (recvmmsg) and stop when one comes back
 * short (the socket was empty then) or as soon as nothing is in flight
 * (what is left is read on the next turn): a blocking request then costs
 * one system call to read its answer, not two.  The first read is made
 * even with nothing in flight: a late answer (its request timed out) must
 * leave the socket, which the level-triggered loop would otherwise find
 * readable at once on every turn.  A listening socket is read until
 * empty, a bounded burst at a time. */
static void drain_socket(snmpx_io *io, int fd)
{
  int l = snmpx__udp_listener_of(io, fd);
  if (l >= 0) {
    if (can_batch(io)) {
      /* Requests in batches (recvmmsg) until one comes back short. */
      for (int i = 0; i < LISTEN_BURST / RECV_BATCH; i++)
        if (read_batch(io, fd, &io->listen[l], RECV_BATCH) < RECV_BATCH)
          break;
    } else {
      for (int i = 0;
           i < LISTEN_BURST && read_one(io, fd, &io->listen[l]); i++)
        ;
    }
    return;
  }
  if (!can_batch(io)) {
    while (read_one(io, fd, NULL) && snmpx_engine_pending(io->engine) > 0)
      ;
    return;
  }
  for (;;) {
    int max = client_batch(io);
    if (read_batch(io, fd, NULL, max) < max ||
        snmpx_engine_pending(io->engine) == 0)
      break;
  }
}

/* drain_socket with the sends it causes (answers, requests submitted by
 * completion callbacks) held back and sent together at the end.  Nested
 * in a callback, what the reads under way still hold goes first. */
void snmpx__udp_drain(snmpx_io *io, int fd)
{
  snmpx__io_defer_begin(io);
  deliver_held(io);
  drain_socket(io, fd);
  snmpx__io_defer_end(io);
}


void snmpx__udp_flush(snmpx_io *io)
{
  if (io->sq.n > 0)
    flush_sends(io);
}

bool snmpx__udp_deliver_held(snmpx_io *io)
{
  if (oldest_held(io) == NULL)
    return false;
  snmpx__io_defer_begin(io);
  deliver_held(io);
  snmpx__io_defer_end(io);
  return true;
}

void snmpx__udp_free(snmpx_io *io)
{
  close_socket(io, &io->fd4);
  close_socket(io, &io->fd6);
  for (int i = 0; i < io->n_listen; i++)
    if (io->listen[i].addr.domain == SNMPX_DOMAIN_UDP)
      close_socket(io, &io->listen[i].fd);
  snmpx__free(io->mem, io->sq.bytes);
  snmpx__free(io->mem, io->batch);
}
