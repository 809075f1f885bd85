/* libsnmpx in a libuv loop: GET sysName.0 from many agents at once.  A
 * uv_poll_t per socket and one uv_timer_t, driven by the foreign-loop
 * hooks of io.h.
 *
 *   libuv_loop HOST BASE_PORT COUNT [COMMUNITY]
 *
 * prints each answer, then "answered N of COUNT"; exit 0 when all did. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include <snmpx/snmpx.h>

/* One uv_poll_t per socket of the io (UDP: one per address family; TCP
 * or UNIX: one per connection).  A slot whose handle is closing waits
 * for libuv's close callback before it is used again. */
enum { SLOTS = 16 };
enum { FREE, WATCHING, CLOSING };

typedef struct app {
  uv_loop_t *loop;
  uv_timer_t timer;
  uv_poll_t polls[SLOTS];
  int poll_fds[SLOTS];
  int state[SLOTS];
  snmpx_io *io;
  int answered, done, count;
} app;

static void on_ready(uv_poll_t *p, int status, int events)
{
  app *a = p->data;
  int fd = a->poll_fds[p - a->polls];
  /* An error shows as both: the io's read or write finds it. */
  if (status < 0)
    events = UV_READABLE | UV_WRITABLE;
  if (events & UV_WRITABLE)
    snmpx_io_on_writable(a->io, fd);
  if (events & UV_READABLE)
    snmpx_io_on_readable(a->io, fd);
}

static void on_closed(uv_handle_t *h)
{
  app *a = h->data;
  a->state[(uv_poll_t *)h - a->polls] = FREE;
}

/* Each report gives a socket's whole interest: reading, reading and
 * writing (a connection connecting, or with a full buffer), or none. */
static void on_socket(void *ud, int fd, int what)
{
  app *a = ud;
  int i = 0, free_slot = -1;
  for (; i < SLOTS; i++) {
    if (a->state[i] == WATCHING && a->poll_fds[i] == fd)
      break;
    if (a->state[i] == FREE && free_slot < 0)
      free_slot = i;
  }
  if (what & SNMPX_POLL_REMOVE) {
    if (i < SLOTS) {
      uv_poll_stop(&a->polls[i]);
      a->state[i] = CLOSING;
      uv_close((uv_handle_t *)&a->polls[i], on_closed);
    }
    return;
  }
  if (i == SLOTS) {
    if (free_slot < 0)
      return; /* an example: a real program grows its table */
    i = free_slot;
    a->state[i] = WATCHING;
    a->poll_fds[i] = fd;
    uv_poll_init(a->loop, &a->polls[i], fd);
    a->polls[i].data = a;
  }
  uv_poll_start(&a->polls[i],
                UV_READABLE | ((what & SNMPX_POLL_OUT) ? UV_WRITABLE : 0),
                on_ready);
}

static void on_timer_fired(uv_timer_t *t)
{
  app *a = t->data;
  snmpx_io_on_timeout(a->io);
}

static void on_timer(void *ud, int64_t timeout_ms)
{
  app *a = ud;
  if (timeout_ms < 0)
    uv_timer_stop(&a->timer);
  else
    uv_timer_start(&a->timer, on_timer_fired, (uint64_t)timeout_ms, 0);
}

static void on_response(snmpx_engine *e, int64_t handle, int status,
                        const snmpx_msg *resp, void *ud)
{
  app *a = ud;
  (void)e;
  (void)handle;
  if (++a->done == a->count) {
    /* Nothing left: let uv_run return. */
    for (int i = 0; i < SLOTS; i++)
      if (a->state[i] == WATCHING)
        uv_poll_stop(&a->polls[i]);
    uv_timer_stop(&a->timer);
  }
  if (status != 0 || resp->pdu.error_status != 0 ||
      resp->pdu.n_varbinds != 1 ||
      resp->pdu.varbinds[0].value.type != SNMPX_TYPE_OCTET_STRING) {
    printf("failed: %s\n", status ? snmpx_strerror(status) : "agent error");
    return;
  }
  const snmpx_value *v = &resp->pdu.varbinds[0].value;
  printf("%.*s\n", (int)v->v.bytes.len, (const char *)v->v.bytes.ptr);
  a->answered++;
}

int main(int argc, char **argv)
{
  if (argc < 4) {
    fprintf(stderr, "usage: %s HOST BASE_PORT COUNT [COMMUNITY]\n", argv[0]);
    return 1;
  }
  int base = atoi(argv[2]);
  const char *community = argc > 4 ? argv[4] : "public";
  app a = {.loop = uv_default_loop(), .count = atoi(argv[3])};
  uv_timer_init(a.loop, &a.timer);
  a.timer.data = &a;
  snmpx_engine *e = snmpx_engine_new(NULL);
  a.io = snmpx_io_new(e, NULL);
  snmpx_io_set_loop_callbacks(a.io, on_socket, on_timer, &a);

  static const uint32_t sysname[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
  snmpx_oidv oid = SNMPX_OIDV(sysname);
  snmpx_manager **m = calloc((size_t)a.count, sizeof(*m));
  for (int i = 0; i < a.count; i++) {
    char agent[300];
    snprintf(agent, sizeof(agent), "%s:%d", argv[1], base + i);
    snmpx_target t;
    memset(&t, 0, sizeof(t));
    if (snmpx_addr_parse(&t.addr, agent, 161) != 0)
      return 1;
    t.version = SNMPX_VERSION_2C;
    t.community = (const uint8_t *)community;
    t.community_len = strlen(community);
    t.retries = 2;
    m[i] = snmpx_manager_new(e, &t);
    snmpx_manager_get(m[i], &oid, 1, on_response, &a);
  }
  uv_run(a.loop, UV_RUN_DEFAULT);
  printf("answered %d of %d\n", a.answered, a.count);
  for (int i = 0; i < a.count; i++)
    snmpx_manager_free(m[i]);
  free(m);
  snmpx_io_free(a.io);
  snmpx_engine_free(e);
  uv_close((uv_handle_t *)&a.timer, NULL);
  for (int i = 0; i < SLOTS; i++) /* snmpx_io_free removed them all */
    if (a.state[i] == WATCHING)
      uv_close((uv_handle_t *)&a.polls[i], on_closed);
  uv_run(a.loop, UV_RUN_DEFAULT);
  uv_loop_close(a.loop);
  return a.answered == a.count ? 0 : 1;
}
