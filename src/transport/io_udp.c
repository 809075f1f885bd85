/* UDP transport and the built-in poll() loop. */
/* in6_pktinfo and IPV6_RECVPKTINFO (RFC 3542) are GNU extensions in glibc. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/epoll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

/* Datagrams read from a client socket by one recvmmsg call, each into a
 * slot big enough for any UDP datagram.  The slots are one allocation
 * made on first use (1 MiB of address space; with libc's allocator only
 * the pages that datagrams fill become resident). */
#define RECV_BATCH 16
#define RECV_SLOT 65536

/* Most listening sockets one io serves (addresses x families x ports). */
#define MAX_LISTEN 16

/* Datagrams sent while the io is handling what it read (answers to a
 * burst of requests, requests that completion callbacks submit) or while
 * timers fire wait here and leave together when that work ends: one
 * sendmmsg for all, and with UDP GSO one pass through the kernel's stack
 * for each run of same-size datagrams to one peer.  Most datagrams, and
 * bytes for all of them. */
#define SEND_BATCH 32
#define SEND_BYTES (256 * 1024)

/* A GSO run (Linux UDP_SEGMENT): at most this many segments of at most
 * GSO_MAX_SEG octets (under any Ethernet path's MTU, so the kernel never
 * refuses a run for its size) and GSO_MAX_BYTES in all. */
#define GSO_MAX_SEGS 32
#define GSO_MAX_SEG 1400
#define GSO_MAX_BYTES 60000

typedef struct send_queue {
  uint8_t *bytes; /* SEND_BYTES; NULL until used */
  size_t used;
  int n;
  int fd;         /* the listener they leave from */
  size_t off[SEND_BATCH];
  size_t len[SEND_BATCH];
  snmpx_addr to[SEND_BATCH];
} send_queue;

/* Most descriptors snmpx_io_watch takes. */
#define MAX_WATCH 64

/* A descriptor of the application's (snmpx_io_watch). */
typedef struct watch {
  int fd;
  snmpx_io_fd_cb cb;
  void *ud;
} watch;

/* A socket bound by snmpx_io_listen. */
typedef struct listener {
  int fd;
  snmpx_addr addr;
} listener;

/* Sockets whose kernel drop count the io follows: the two client sockets,
 * then the listeners. */
#define OVFL_FD4 0
#define OVFL_FD6 1
#define OVFL_LISTEN 2

/* What one read returned, handed to the engine a datagram at a time: the
 * filled recvmmsg slots (or read_one's single buffer), each one datagram
 * or a GRO buffer of several.  A callback may run the loop again (a
 * nested wait), so the reads being handed over form a stack, newest on
 * top.  The nested run hands over what the reads under it still hold
 * before it reads a socket or sleeps: the answer it waits for may have
 * been read along with the one whose callback waits. */
typedef struct inbox {
  uint8_t *buf;              /* buffer i at buf + i * RECV_SLOT */
  const listener *l;         /* the socket read; NULL: a client socket */
  int n;                     /* buffers filled */
  int next;                  /* the next one to hand over */
  size_t off;                /* in it, where the next GRO segment starts */
  size_t len[RECV_BATCH];
  size_t seg[RECV_BATCH];    /* GRO segment size; 0: one datagram */
  snmpx_addr from[RECV_BATCH];
  snmpx_addr to[RECV_BATCH]; /* destinations (a listener's read) */
  struct inbox *under;       /* the read whose handling this one is in */
} inbox;

struct snmpx_io {
  snmpx_engine *engine;
  const snmpx_mem *mem;
  int fd4;
  int fd6;
  listener listen[MAX_LISTEN];
  int n_listen;
  int defer;   /* > 0: sends wait in |sq| (reading or timers under way) */
  bool gso;    /* the kernel takes UDP_SEGMENT (probed on the first socket) */
  bool gso_probed;
  watch watches[MAX_WATCH];
  int n_watch;
  send_queue sq;
  int last_error;
  /* A foreign loop's hooks (snmpx_io_set_loop_callbacks). */
  snmpx_sock_cb on_socket;
  snmpx_timer_cb on_timer;
  void *loop_ud;
  /* The built-in loop: an epoll set fed by the same socket reports. */
  int epfd;
  uint8_t rbuf[65536];
  uint8_t *batch; /* RECV_BATCH slots of RECV_SLOT; NULL until used */
  inbox *reading; /* the reads being handed to the engine, newest first */
  /* SO_RXQ_OVFL: the drop count each socket last reported (the kernel's
   * running total for the socket, by OVFL_*), and the sum of what they
   * added up to (snmpx_io_stats.kernel_drops). */
  uint32_t ovfl_seen[OVFL_LISTEN + MAX_LISTEN];
  uint64_t kernel_drops;
};

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

/* Tell whoever runs the loop about a socket: the foreign loop's hook, and
 * the built-in epoll set when there is one. */
static void report_socket(snmpx_io *io, int fd, int what)
{
  if (io->on_socket != NULL)
    io->on_socket(io->loop_ud, fd, what);
  if (io->epfd >= 0) {
    if (what == SNMPX_POLL_REMOVE) {
      epoll_ctl(io->epfd, EPOLL_CTL_DEL, fd, NULL);
    } else {
      struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
      epoll_ctl(io->epfd, EPOLL_CTL_ADD, fd, &ev);
    }
  }
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
    if (l->u.sa.sa_family != local->u.sa.sa_family)
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

/* Work that reads datagrams or fires timers holds sends back; the
 * outermost end sends them.  A nested blocking wait sends them before it
 * sleeps (snmpx_io_run_once). */
static void defer_begin(snmpx_io *io)
{
  io->defer++;
}

static void defer_end(snmpx_io *io)
{
  if (--io->defer == 0 && io->sq.n > 0)
    flush_sends(io);
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

static void io_send(void *ud, const uint8_t *data, size_t len,
                    const snmpx_addr *to)
{
  snmpx_io *io = ud;
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
    report_socket(io, *fd, SNMPX_POLL_IN);
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

snmpx_io *snmpx_io_new(snmpx_engine *e, const snmpx_mem *mem)
{
  if (e == NULL)
    return NULL;
  snmpx_io *io = snmpx__calloc(mem, 1, sizeof(*io));
  if (io == NULL)
    return NULL;
  io->engine = e;
  io->mem = mem;
  io->fd4 = io->fd6 = io->epfd = -1;
  snmpx_engine_set_send(e, io_send, io);
  return io;
}

int snmpx_io_listen(snmpx_io *io, const snmpx_addr *addr)
{
  if (io == NULL || addr == NULL)
    return SNMPX_EINVAL;
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
  listener *l = &io->listen[io->n_listen];
  socklen_t alen = sizeof(l->addr.u);
  if (bind(fd, &addr->u.sa, addr->len) != 0 ||
      getsockname(fd, &l->addr.u.sa, &alen) != 0) {
    io->last_error = errno;
    close(fd);
    return SNMPX_ESOCKET;
  }
  l->addr.len = alen;
  l->fd = fd;
  io->ovfl_seen[OVFL_LISTEN + io->n_listen] = 0;
  /* Learn each datagram's destination: a wildcard socket's answers and
   * notifications then name the address the sender used. */
  int on = 1;
  if (family == AF_INET)
    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on));
  else
    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on));
  probe_gso(io, fd);
  report_socket(io, fd, SNMPX_POLL_IN);
  return io->n_listen++;
}

int snmpx_io_listen_addr(const snmpx_io *io, int index, snmpx_addr *out)
{
  if (io == NULL || out == NULL || index < 0 || index >= io->n_listen)
    return SNMPX_EINVAL;
  *out = io->listen[index].addr;
  return 0;
}

static int listener_of(const snmpx_io *io, int fd)
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
  report_socket(io, *fd, SNMPX_POLL_REMOVE);
  close(*fd);
  *fd = -1;
}

void snmpx_io_free(snmpx_io *io)
{
  if (io == NULL)
    return;
  snmpx_engine_set_send(io->engine, NULL, NULL);
  if (io->on_timer != NULL)
    snmpx_engine_set_deadline_cb(io->engine, NULL, NULL);
  close_socket(io, &io->fd4);
  close_socket(io, &io->fd6);
  for (int i = 0; i < io->n_listen; i++)
    close_socket(io, &io->listen[i].fd);
  if (io->epfd >= 0)
    close(io->epfd);
  snmpx__free(io->mem, io->sq.bytes);
  snmpx__free(io->mem, io->batch);
  snmpx__free(io->mem, io);
}

int snmpx_io_last_error(const snmpx_io *io)
{
  return io->last_error;
}

int snmpx_io_get_stats(const snmpx_io *io, snmpx_io_stats *out)
{
  if (io == NULL || out == NULL)
    return SNMPX_EINVAL;
  memset(out, 0, sizeof(*out));
  out->kernel_drops = io->kernel_drops;
  return 0;
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
  int l = listener_of(io, fd);
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
static void drain(snmpx_io *io, int fd)
{
  defer_begin(io);
  deliver_held(io);
  drain_socket(io, fd);
  defer_end(io);
}

/* ---- foreign loops ---------------------------------------------------- */

static void io_deadline(void *ud, int64_t deadline)
{
  snmpx_io *io = ud;
  if (deadline < 0) {
    io->on_timer(io->loop_ud, -1);
    return;
  }
  int64_t wait = deadline - (int64_t)snmpx_engine_now(io->engine);
  io->on_timer(io->loop_ud, wait > 0 ? wait : 0);
}

int snmpx_io_set_loop_callbacks(snmpx_io *io, snmpx_sock_cb on_socket,
                                snmpx_timer_cb on_timer, void *user_data)
{
  if (io == NULL || on_socket == NULL || on_timer == NULL)
    return SNMPX_EINVAL;
  io->on_socket = on_socket;
  io->on_timer = on_timer;
  io->loop_ud = user_data;
  if (io->fd4 >= 0)
    on_socket(user_data, io->fd4, SNMPX_POLL_IN);
  if (io->fd6 >= 0)
    on_socket(user_data, io->fd6, SNMPX_POLL_IN);
  for (int i = 0; i < io->n_listen; i++)
    on_socket(user_data, io->listen[i].fd, SNMPX_POLL_IN);
  for (int i = 0; i < io->n_watch; i++)
    on_socket(user_data, io->watches[i].fd, SNMPX_POLL_IN);
  snmpx_engine_set_deadline_cb(io->engine, io_deadline, io);
  return 0;
}

/* ---- the application's descriptors ----------------------------------- */

static int watch_of(const snmpx_io *io, int fd)
{
  for (int i = 0; i < io->n_watch; i++)
    if (io->watches[i].fd == fd)
      return i;
  return -1;
}

int snmpx_io_watch(snmpx_io *io, int fd, snmpx_io_fd_cb cb, void *user_data)
{
  if (io == NULL || fd < 0 || cb == NULL || watch_of(io, fd) >= 0 ||
      fd == io->fd4 || fd == io->fd6 || listener_of(io, fd) >= 0)
    return SNMPX_EINVAL;
  if (io->n_watch == MAX_WATCH)
    return SNMPX_ETOOMANY;
  io->watches[io->n_watch++] = (watch){fd, cb, user_data};
  report_socket(io, fd, SNMPX_POLL_IN);
  return 0;
}

int snmpx_io_unwatch(snmpx_io *io, int fd)
{
  int i = io != NULL ? watch_of(io, fd) : -1;
  if (i < 0)
    return SNMPX_ENOTFOUND;
  report_socket(io, fd, SNMPX_POLL_REMOVE);
  io->watches[i] = io->watches[--io->n_watch];
  return 0;
}

/* |fd| is ready: an application descriptor's callback, or the sockets'
 * reading.  @return false when it is neither. */
static bool dispatch(snmpx_io *io, int fd)
{
  int w = watch_of(io, fd);
  if (w >= 0) {
    io->watches[w].cb(io, fd, io->watches[w].ud);
    return true;
  }
  if (fd != io->fd4 && fd != io->fd6 && listener_of(io, fd) < 0)
    return false;
  drain(io, fd);
  return true;
}

int snmpx_io_on_readable(snmpx_io *io, int fd)
{
  if (io == NULL || fd < 0)
    return SNMPX_EINVAL;
  return dispatch(io, fd) ? 0 : SNMPX_EINVAL;
}

/* The engine's timers, with the retransmissions and the requests their
 * callbacks submit sent together. */
static void tick(snmpx_io *io)
{
  defer_begin(io);
  snmpx_engine_tick(io->engine);
  defer_end(io);
}

int snmpx_io_on_timeout(snmpx_io *io)
{
  if (io == NULL)
    return SNMPX_EINVAL;
  tick(io);
  return 0;
}

/* ---- the built-in loop ------------------------------------------------ */

static int poll_timeout(snmpx_io *io, int timeout_ms)
{
  int64_t dl = snmpx_engine_next_deadline(io->engine);
  if (dl < 0)
    return timeout_ms;
  uint64_t now = snmpx_engine_now(io->engine);
  int64_t wait = (int64_t)dl - (int64_t)now;
  if (wait < 0)
    wait = 0;
  if (wait > 86400000)
    wait = 86400000;
  if (timeout_ms >= 0 && timeout_ms < wait)
    return timeout_ms;
  return (int)wait;
}

static int ensure_epoll(snmpx_io *io)
{
  if (io->epfd >= 0)
    return 0;
  io->epfd = epoll_create1(EPOLL_CLOEXEC);
  if (io->epfd < 0)
    return SNMPX_ESOCKET;
  int fds[2 + MAX_LISTEN + MAX_WATCH] = {io->fd4, io->fd6};
  int n = 2;
  for (int i = 0; i < io->n_listen; i++)
    fds[n++] = io->listen[i].fd;
  for (int i = 0; i < io->n_watch; i++)
    fds[n++] = io->watches[i].fd;
  for (int i = 0; i < n; i++) {
    if (fds[i] < 0)
      continue;
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = fds[i]};
    epoll_ctl(io->epfd, EPOLL_CTL_ADD, fds[i], &ev);
  }
  return 0;
}

int snmpx_io_run_once(snmpx_io *io, int timeout_ms)
{
  if (ensure_epoll(io) != 0)
    return SNMPX_ESOCKET;
  struct epoll_event ev[2 + MAX_LISTEN + MAX_WATCH];
  /* Called from a callback (a nested wait): what the outer work held
   * back leaves before this sleeps. */
  if (io->sq.n > 0)
    flush_sends(io);
  /* And datagrams the reads under way took from the sockets but have not
   * handed over yet go next, without sleeping: the wait may be for one of
   * them, and the socket it came from may well be empty now. */
  if (oldest_held(io) != NULL) {
    defer_begin(io);
    deliver_held(io);
    defer_end(io);
    tick(io);
    return 0;
  }
  int n = epoll_wait(io->epfd, ev, 2 + MAX_LISTEN + MAX_WATCH,
                     poll_timeout(io, timeout_ms));
  if (n < 0 && errno != EINTR)
    return SNMPX_ESOCKET;
  for (int i = 0; i < n; i++)
    dispatch(io, ev[i].data.fd);
  tick(io);
  return 0;
}

int snmpx_io_wait(snmpx_io *io, const bool *done)
{
  while (!*done && snmpx_engine_pending(io->engine) > 0) {
    int rv = snmpx_io_run_once(io, -1);
    if (rv != 0)
      return rv;
  }
  return 0;
}

int snmpx_io_wait_result(snmpx_io *io, int64_t handle, snmpx_pdu **resp)
{
  if (io == NULL)
    return SNMPX_EINVAL;
  while (snmpx_engine_is_pending(io->engine, handle)) {
    int rv = snmpx_io_run_once(io, -1);
    if (rv != 0)
      return rv;
  }
  return snmpx_engine_take_result(io->engine, handle, resp);
}

int snmpx_io_wait_any(snmpx_io *io, const int64_t *handles, size_t n,
                      size_t *index)
{
  if (io == NULL || (handles == NULL && n > 0) || index == NULL)
    return SNMPX_EINVAL;
  for (;;) {
    bool pending = false;
    for (size_t i = 0; i < n; i++) {
      if (handles[i] <= 0)
        continue;
      if (snmpx_engine_is_done(io->engine, handles[i])) {
        *index = i;
        return 0;
      }
      pending = pending || snmpx_engine_is_pending(io->engine, handles[i]);
    }
    if (!pending)
      return SNMPX_ENOTFOUND;
    int rv = snmpx_io_run_once(io, -1);
    if (rv != 0)
      return rv;
  }
}

int snmpx_io_wait_all(snmpx_io *io, const int64_t *handles, size_t n)
{
  if (io == NULL || (handles == NULL && n > 0))
    return SNMPX_EINVAL;
  /* Check from where the last pass stopped: each handle leaves the
   * pending set once, so the scan is linear over the whole wait. */
  size_t i = 0;
  while (i < n) {
    if (handles[i] <= 0 || !snmpx_engine_is_pending(io->engine, handles[i])) {
      i++;
      continue;
    }
    int rv = snmpx_io_run_once(io, -1);
    if (rv != 0)
      return rv;
  }
  return 0;
}

void snmpx_result_cb(snmpx_engine *e, int64_t handle, int status,
                     const snmpx_msg *resp, void *user_data)
{
  snmpx_result *r = user_data;
  (void)handle;
  r->done = true;
  r->status = status;
  r->resp = NULL;
  if (status == 0) {
    r->resp = snmpx_pdu_dup(&resp->pdu, snmpx__engine_mem(e));
    if (r->resp == NULL)
      r->status = SNMPX_ENOMEM;
  }
}

int snmpx_io_wait_handle(snmpx_io *io, int64_t handle, snmpx_result *r)
{
  if (handle < 0) {
    r->status = (int)handle;
    r->resp = NULL;
    r->done = true;
    return r->status;
  }
  r->done = false;
  int rv = snmpx_io_wait(io, &r->done);
  if (rv != 0)
    return rv;
  return r->status;
}
