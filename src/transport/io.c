/* The io object: attaches to an engine as its send callback, hands what
 * the engine sends to the transport of the address's domain, opens
 * listeners of every domain, and counts.  The loop that drives it is in
 * src/loop/loop.c; the transports are udp.c, stream.c and dtls.c. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "transport/io_impl.h"

/* The domains this io serves.  TLS is a filter on stream connections
 * (stream_tls.c). */
static bool io_serves(int domain)
{
  return domain == SNMPX_DOMAIN_UDP || domain == SNMPX_DOMAIN_TCP ||
         domain == SNMPX_DOMAIN_UNIX ||
         domain == SNMPX_DOMAIN_TLS || domain == SNMPX_DOMAIN_DTLS;
}

static void io_send(void *ud, const uint8_t *data, size_t len,
                    const snmpx_addr *to)
{
  snmpx_io *io = ud;
  switch (to->domain) {
  case SNMPX_DOMAIN_UDP:
    snmpx__udp_send(io, data, len, to);
    break;
  case SNMPX_DOMAIN_TCP:
  case SNMPX_DOMAIN_UNIX:
  case SNMPX_DOMAIN_TLS:
    snmpx__stream_send(io, data, len, to,
                       snmpx__engine_answer_from(io->engine) != NULL);
    break;
  case SNMPX_DOMAIN_DTLS:
    snmpx__dtls_send(io, data, len, to,
                     snmpx__engine_answer_from(io->engine) != NULL);
    break;
  default:
    /* A target of a domain this io cannot serve (see
     * snmpx_io_check_addr): dropped, as a datagram the kernel refuses. */
    io->last_error = EAFNOSUPPORT;
    break;
  }
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

int snmpx_io_check_addr(const snmpx_io *io, const snmpx_addr *addr)
{
  if (io == NULL || addr == NULL)
    return SNMPX_EINVAL;
  return io_serves(addr->domain) ? 0 : SNMPX_ENODOMAIN;
}

int snmpx_io_connect(snmpx_io *io, const snmpx_addr *addr, int timeout_ms)
{
  if (io == NULL || addr == NULL)
    return SNMPX_EINVAL;
  if (!io_serves(addr->domain))
    return SNMPX_ENODOMAIN;
  if (addr->domain == SNMPX_DOMAIN_UDP)
    return 0;
  if (addr->domain == SNMPX_DOMAIN_DTLS)
    return snmpx__dtls_connect(io, addr, timeout_ms);
  return snmpx__stream_connect(io, addr, timeout_ms);
}

int snmpx_io_listen(snmpx_io *io, const snmpx_addr *addr)
{
  if (io == NULL || addr == NULL)
    return SNMPX_EINVAL;
  if (!io_serves(addr->domain))
    return SNMPX_ENODOMAIN;
  if (io->n_listen == MAX_LISTEN)
    return SNMPX_ETOOMANY;
  if (addr->domain == SNMPX_DOMAIN_UDP)
    return snmpx__udp_listen(io, addr);
  if (addr->domain == SNMPX_DOMAIN_DTLS)
    return snmpx__dtls_listen(io, addr);
  return snmpx__stream_listen(io, addr);
}

int snmpx_io_listen_addr(const snmpx_io *io, int index, snmpx_addr *out)
{
  if (io == NULL || out == NULL || index < 0 || index >= io->n_listen)
    return SNMPX_EINVAL;
  *out = io->listen[index].addr;
  return 0;
}

void snmpx_io_free(snmpx_io *io)
{
  if (io == NULL)
    return;
  snmpx_engine_set_send(io->engine, NULL, NULL);
  if (io->on_timer != NULL)
    snmpx_engine_set_deadline_cb(io->engine, NULL, NULL);
  snmpx__stream_free(io);
  snmpx__udp_free(io);
  snmpx__dtls_free(io);
  snmpx__io_tls_free(io);
  if (io->epfd >= 0)
    close(io->epfd);
  snmpx__free(io->mem, io->fds);
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
  snmpx__stream_stats(io, out);
  return 0;
}

void snmpx__io_defer_begin(snmpx_io *io)
{
  io->defer++;
}

void snmpx__io_defer_end(snmpx_io *io)
{
  if (--io->defer > 0)
    return;
  snmpx__udp_flush(io);
  snmpx__stream_flush(io);
}
