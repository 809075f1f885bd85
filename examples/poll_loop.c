/* libsnmpx in your own event loop, here a plain poll(2) loop: GET sysName.0
 * from many agents at once through the foreign-loop hooks of io.h.
 *
 *   poll_loop HOST BASE_PORT COUNT [COMMUNITY]
 *
 * asks HOST:BASE_PORT .. HOST:BASE_PORT+COUNT-1 and prints each answer,
 * then "answered N of COUNT".  Exit status 0 when all answered. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <snmpx/snmpx.h>

/* What the loop watches: the io's sockets (UDP: one per address family;
 * TCP or UNIX: one per connection) and one timer. */
typedef struct loop {
  struct pollfd fds[16];
  int nfds;
  int64_t timeout_ms; /* -1: no timer */
  int answered;
  int done;
} loop;

/* The io reports each change of a socket's interest: reading, reading
 * and writing (a TCP connection connecting or with a full buffer), or
 * removal. */
static void on_socket(void *ud, int fd, int what)
{
  loop *l = ud;
  int i = 0;
  while (i < l->nfds && l->fds[i].fd != fd)
    i++;
  if (what & SNMPX_POLL_REMOVE) {
    if (i < l->nfds)
      l->fds[i] = l->fds[--l->nfds];
    return;
  }
  if (i == l->nfds) {
    if (l->nfds == (int)(sizeof(l->fds) / sizeof(l->fds[0])))
      return; /* an example: a real loop grows its table */
    l->nfds++;
  }
  l->fds[i].fd = fd;
  l->fds[i].events =
      (short)(POLLIN | ((what & SNMPX_POLL_OUT) ? POLLOUT : 0));
}

static void on_timer(void *ud, int64_t timeout_ms)
{
  ((loop *)ud)->timeout_ms = timeout_ms;
}

static void on_response(snmpx_engine *e, int64_t handle, int status,
                        const snmpx_msg *resp, void *ud)
{
  loop *l = ud;
  (void)e;
  (void)handle;
  l->done++;
  if (status != 0 || resp->pdu.error_status != 0 ||
      resp->pdu.n_varbinds != 1 ||
      resp->pdu.varbinds[0].value.type != SNMPX_TYPE_OCTET_STRING) {
    printf("failed: %s\n", status ? snmpx_strerror(status) : "agent error");
    return;
  }
  const snmpx_value *v = &resp->pdu.varbinds[0].value;
  printf("%.*s\n", (int)v->v.bytes.len, (const char *)v->v.bytes.ptr);
  l->answered++;
}

int main(int argc, char **argv)
{
  if (argc < 4) {
    fprintf(stderr, "usage: %s HOST BASE_PORT COUNT [COMMUNITY]\n", argv[0]);
    return 1;
  }
  int base = atoi(argv[2]), count = atoi(argv[3]);
  const char *community = argc > 4 ? argv[4] : "public";
  loop l = {.timeout_ms = -1};
  snmpx_engine *e = snmpx_engine_new(NULL);
  snmpx_io *io = snmpx_io_new(e, NULL);
  snmpx_io_set_loop_callbacks(io, on_socket, on_timer, &l);

  static const uint32_t sysname[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
  snmpx_oidv oid = SNMPX_OIDV(sysname);
  snmpx_manager **m = calloc((size_t)count, sizeof(*m));
  for (int i = 0; i < count; i++) {
    char agent[300];
    snprintf(agent, sizeof(agent), "%s:%d", argv[1], base + i);
    snmpx_target t;
    memset(&t, 0, sizeof(t));
    if (snmpx_addr_parse(&t.addr, agent, 161) != 0) {
      fprintf(stderr, "bad agent %s\n", agent);
      return 1;
    }
    t.version = SNMPX_VERSION_2C;
    t.community = (const uint8_t *)community;
    t.community_len = strlen(community);
    t.retries = 2;
    m[i] = snmpx_manager_new(e, &t);
    snmpx_manager_get(m[i], &oid, 1, on_response, &l);
  }

  /* The loop: wait for the sockets or the timer, hand back what happened. */
  while (l.done < count) {
    int n = poll(l.fds, (nfds_t)l.nfds, (int)l.timeout_ms);
    if (n < 0)
      break;
    if (n == 0) {
      snmpx_io_on_timeout(io);
      continue;
    }
    /* A copy: the handlers may open and close sockets. */
    struct pollfd ready[16];
    int nready = l.nfds;
    memcpy(ready, l.fds, sizeof(ready));
    for (int i = 0; i < nready; i++) {
      if (ready[i].revents & (POLLOUT | POLLERR | POLLHUP))
        snmpx_io_on_writable(io, ready[i].fd);
      if (ready[i].revents & (POLLIN | POLLERR | POLLHUP))
        snmpx_io_on_readable(io, ready[i].fd);
    }
  }
  printf("answered %d of %d\n", l.answered, count);
  for (int i = 0; i < count; i++)
    snmpx_manager_free(m[i]);
  free(m);
  snmpx_io_free(io);
  snmpx_engine_free(e);
  return l.answered == count ? 0 : 1;
}
