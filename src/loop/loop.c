/* The loop: the registry of the descriptors an io watches, the built-in
 * epoll loop (the blocking API, the tools) and the hooks of a foreign
 * loop (c-ares / libcurl multi style: the io reports changes in socket
 * interest, read and write, and one timer; the loop hands back readiness
 * and expiry).  What is ready goes to its owner: a UDP socket
 * (src/transport/udp.c), a stream listener or connection
 * (src/transport/stream.c), a DTLS socket (src/transport/dtls.c), or
 * an application's descriptor
 * (snmpx_io_watch). */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "transport/io_impl.h"

/* Readiness one epoll_wait reports at most. */
#define EPOLL_BATCH 64

static uint32_t epoll_events(int what)
{
  return ((what & SNMPX_POLL_IN) ? EPOLLIN : 0u) |
         ((what & SNMPX_POLL_OUT) ? EPOLLOUT : 0u);
}

/* Tell whoever runs the loop that |fd|'s interest went from |old| to
 * |now| (0: not watched): the foreign loop's hook, and the built-in epoll
 * set when there is one. */
static void report(snmpx_io *io, int fd, int old, int now)
{
  if (io->on_socket != NULL)
    io->on_socket(io->loop_ud, fd, now == 0 ? SNMPX_POLL_REMOVE : now);
  if (io->epfd < 0)
    return;
  if (now == 0) {
    epoll_ctl(io->epfd, EPOLL_CTL_DEL, fd, NULL);
    return;
  }
  struct epoll_event ev = {.events = epoll_events(now), .data.fd = fd};
  epoll_ctl(io->epfd, old == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &ev);
}

int snmpx__io_set_fd(snmpx_io *io, int fd, int kind, void *ptr, int events)
{
  if (fd < 0)
    return SNMPX_EINVAL;
  if (fd >= io->n_fds) {
    if (events == 0)
      return 0;
    int n = io->n_fds > 0 ? io->n_fds : 16;
    while (n <= fd)
      n *= 2;
    fd_slot *grown = snmpx__realloc(io->mem, io->fds, (size_t)n * sizeof(*grown));
    if (grown == NULL)
      return SNMPX_ENOMEM;
    memset(grown + io->n_fds, 0, (size_t)(n - io->n_fds) * sizeof(*grown));
    io->fds = grown;
    io->n_fds = n;
  }
  fd_slot *s = &io->fds[fd];
  int old = s->events;
  s->kind = (uint8_t)(events != 0 ? kind : FD_NONE);
  s->ptr = events != 0 ? ptr : NULL;
  s->events = (uint8_t)events;
  if (old != events)
    report(io, fd, old, events);
  return 0;
}

static const fd_slot *slot_of(const snmpx_io *io, int fd)
{
  if (fd < 0 || fd >= io->n_fds || io->fds[fd].kind == FD_NONE)
    return NULL;
  return &io->fds[fd];
}

/* ---- the timer ----------------------------------------------------------- */

/* The earlier of two deadlines (-1: none). */
static int64_t earlier(int64_t a, int64_t b)
{
  return a < 0 || (b >= 0 && b < a) ? b : a;
}

/* When the io must wake next (engine ms): the engine's deadline, a
 * stream connection's idle timeout or a DTLS session's timer, whichever
 * comes first; -1: none. */
static int64_t next_deadline(const snmpx_io *io, int64_t engine_dl)
{
  int64_t s = snmpx__stream_deadline(io);
  return earlier(earlier(engine_dl, s), snmpx__dtls_deadline(io));
}

static void arm_timer(snmpx_io *io, int64_t deadline)
{
  if (deadline < 0) {
    io->on_timer(io->loop_ud, -1);
    return;
  }
  int64_t wait = deadline - (int64_t)snmpx_engine_now(io->engine);
  io->on_timer(io->loop_ud, wait > 0 ? wait : 0);
}

static void io_deadline(void *ud, int64_t deadline)
{
  snmpx_io *io = ud;
  arm_timer(io, next_deadline(io, deadline));
}

void snmpx__io_timer_changed(snmpx_io *io)
{
  if (io->on_timer != NULL)
    arm_timer(io, next_deadline(io, snmpx_engine_next_deadline(io->engine)));
}

/* ---- foreign loops ------------------------------------------------------- */

int snmpx_io_set_loop_callbacks(snmpx_io *io, snmpx_sock_cb on_socket,
                                snmpx_timer_cb on_timer, void *user_data)
{
  if (io == NULL || on_socket == NULL || on_timer == NULL)
    return SNMPX_EINVAL;
  io->on_socket = on_socket;
  io->on_timer = on_timer;
  io->loop_ud = user_data;
  for (int fd = 0; fd < io->n_fds; fd++)
    if (io->fds[fd].events != 0)
      on_socket(user_data, fd, io->fds[fd].events);
  snmpx_engine_set_deadline_cb(io->engine, io_deadline, io);
  if (snmpx__stream_deadline(io) >= 0 || snmpx__dtls_deadline(io) >= 0)
    snmpx__io_timer_changed(io);
  return 0;
}

/* ---- the application's descriptors --------------------------------------- */

static int watch_of(const snmpx_io *io, int fd)
{
  for (int i = 0; i < io->n_watch; i++)
    if (io->watches[i].fd == fd)
      return i;
  return -1;
}

int snmpx_io_watch(snmpx_io *io, int fd, snmpx_io_fd_cb cb, void *user_data)
{
  if (io == NULL || fd < 0 || cb == NULL || slot_of(io, fd) != NULL)
    return SNMPX_EINVAL;
  if (io->n_watch == MAX_WATCH)
    return SNMPX_ETOOMANY;
  int rv = snmpx__io_set_fd(io, fd, FD_WATCH, NULL, SNMPX_POLL_IN);
  if (rv != 0)
    return rv;
  io->watches[io->n_watch++] = (watch){fd, cb, user_data};
  return 0;
}

int snmpx_io_unwatch(snmpx_io *io, int fd)
{
  int i = io != NULL ? watch_of(io, fd) : -1;
  if (i < 0)
    return SNMPX_ENOTFOUND;
  snmpx__io_set_fd(io, fd, FD_NONE, NULL, 0);
  io->watches[i] = io->watches[--io->n_watch];
  return 0;
}

/* |fd| is ready for |what| (SNMPX_POLL_IN, SNMPX_POLL_OUT): an
 * application descriptor's callback, a UDP socket's reading, a stream's
 * accepting, reading or writing.  @return false when |fd| is none of
 * the io's. */
static bool dispatch(snmpx_io *io, int fd, int what)
{
  const fd_slot *s = slot_of(io, fd);
  if (s == NULL)
    return false;
  switch (s->kind) {
  case FD_WATCH:
    if (what & SNMPX_POLL_IN) {
      int w = watch_of(io, fd);
      if (w >= 0)
        io->watches[w].cb(io, fd, io->watches[w].ud);
    }
    break;
  case FD_UDP:
    if (what & SNMPX_POLL_IN)
      snmpx__udp_drain(io, fd);
    break;
  case FD_DTLS:
    snmpx__dtls_ready(io, fd, s->ptr, what);
    break;
  default:
    snmpx__io_defer_begin(io);
    snmpx__stream_ready(io, fd, s->ptr, what);
    snmpx__io_defer_end(io);
    break;
  }
  return true;
}

int snmpx_io_on_readable(snmpx_io *io, int fd)
{
  if (io == NULL || fd < 0)
    return SNMPX_EINVAL;
  return dispatch(io, fd, SNMPX_POLL_IN) ? 0 : SNMPX_EINVAL;
}

int snmpx_io_on_writable(snmpx_io *io, int fd)
{
  if (io == NULL || fd < 0)
    return SNMPX_EINVAL;
  return dispatch(io, fd, SNMPX_POLL_OUT) ? 0 : SNMPX_EINVAL;
}

/* The engine's timers and the streams' idle timeouts, with the
 * retransmissions and the requests their callbacks submit sent
 * together. */
static void tick(snmpx_io *io)
{
  snmpx__io_defer_begin(io);
  snmpx_engine_tick(io->engine);
  snmpx__stream_sweep(io);
  snmpx__dtls_sweep(io);
  snmpx__io_defer_end(io);
}

int snmpx_io_on_timeout(snmpx_io *io)
{
  if (io == NULL)
    return SNMPX_EINVAL;
  tick(io);
  if (io->on_timer != NULL &&
      (snmpx__stream_deadline(io) >= 0 || snmpx__dtls_deadline(io) >= 0))
    snmpx__io_timer_changed(io);
  return 0;
}

/* ---- the built-in loop --------------------------------------------------- */

static int poll_timeout(snmpx_io *io, int timeout_ms)
{
  int64_t dl = next_deadline(io, snmpx_engine_next_deadline(io->engine));
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
  for (int fd = 0; fd < io->n_fds; fd++) {
    if (io->fds[fd].events == 0)
      continue;
    struct epoll_event ev = {.events = epoll_events(io->fds[fd].events),
                             .data.fd = fd};
    epoll_ctl(io->epfd, EPOLL_CTL_ADD, fd, &ev);
  }
  return 0;
}

/* What epoll says of a descriptor, as SNMPX_POLL_* bits: an error or a
 * hang-up is reported as readable and writable, so the owner's read or
 * write finds it. */
static int ready_bits(uint32_t ev)
{
  int what = 0;
  if (ev & (EPOLLIN | EPOLLERR | EPOLLHUP | EPOLLRDHUP))
    what |= SNMPX_POLL_IN;
  if (ev & (EPOLLOUT | EPOLLERR | EPOLLHUP))
    what |= SNMPX_POLL_OUT;
  return what;
}

int snmpx_io_run_once(snmpx_io *io, int timeout_ms)
{
  if (ensure_epoll(io) != 0)
    return SNMPX_ESOCKET;
  struct epoll_event ev[EPOLL_BATCH];
  /* Called from a callback (a nested wait): what the outer work held
   * back leaves before this sleeps. */
  snmpx__udp_flush(io);
  snmpx__stream_flush(io);
  /* And datagrams the reads under way took from the sockets but have not
   * handed over yet go next, without sleeping: the wait may be for one of
   * them, and the socket it came from may well be empty now. */
  if (snmpx__udp_deliver_held(io)) {
    tick(io);
    return 0;
  }
  int n = epoll_wait(io->epfd, ev, EPOLL_BATCH, poll_timeout(io, timeout_ms));
  if (n < 0 && errno != EINTR)
    return SNMPX_ESOCKET;
  for (int i = 0; i < n; i++)
    dispatch(io, ev[i].data.fd, ready_bits(ev[i].events));
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
