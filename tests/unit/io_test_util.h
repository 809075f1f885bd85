/* What the io tests (test_io_udp.c, test_io_stream.c) share: a responder
 * and GET PDUs over one subtree.  Include after cmocka.h and
 * <snmpx/snmpx.h>. */
#ifndef SNMPX_TEST_IO_TEST_UTIL_H
#define SNMPX_TEST_IO_TEST_UTIL_H

#include <string.h>

/* A large answer: most of a UDP batch slot, several reads of a stream. */
static uint8_t big[30000];

static const uint32_t base[] = {1, 3, 6, 1, 4, 1, 99999, 0};

/* The responder: each varbind answered with its own last arc; every
 * tenth request also gets a large OCTET STRING. */
static void on_request(snmpx_engine *e, const snmpx_incoming *in, void *ud)
{
  (void)ud;
  snmpx_varbind vb[2];
  assert_int_equal(in->msg.pdu.n_varbinds, 1);
  vb[0].name = in->msg.pdu.varbinds[0].name;
  vb[0].value.type = SNMPX_TYPE_GAUGE32;
  vb[0].value.v.u = vb[0].name.arcs[vb[0].name.len - 1];
  size_t n = 1;
  if (vb[0].value.v.u % 10 == 0) {
    vb[1] = vb[0];
    vb[1].value = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, big, sizeof(big));
    n = 2;
  }
  snmpx_pdu resp;
  memset(&resp, 0, sizeof(resp));
  resp.type = SNMPX_PDU_RESPONSE;
  resp.request_id = in->msg.pdu.request_id;
  resp.varbinds = vb;
  resp.n_varbinds = n;
  assert_int_equal(snmpx_engine_respond(e, in, &resp), 0);
}

/* A GET PDU of base.idx: |arcs| and |vb| are its storage. */
static snmpx_pdu get_pdu(uint32_t arcs[8], snmpx_varbind *vb, uint32_t idx)
{
  memcpy(arcs, base, 8 * sizeof(arcs[0]));
  arcs[7] = idx;
  *vb = (snmpx_varbind){{arcs, 8}, snmpx_value_null()};
  snmpx_pdu pdu;
  memset(&pdu, 0, sizeof(pdu));
  pdu.type = SNMPX_PDU_GET;
  pdu.varbinds = vb;
  pdu.n_varbinds = 1;
  return pdu;
}

/* A v2c GET of base.idx with request-id |id| into buf[0..cap).
 * @return its length. */
static size_t encode_get(uint8_t *buf, size_t cap, int32_t id, uint32_t idx)
{
  uint32_t arcs[8];
  snmpx_varbind vb;
  snmpx_msg m;
  memset(&m, 0, sizeof(m));
  m.version = SNMPX_VERSION_2C;
  m.community = (const uint8_t *)"public";
  m.community_len = 6;
  m.pdu = get_pdu(arcs, &vb, idx);
  m.pdu.request_id = id;
  size_t len;
  assert_int_equal(snmpx_msg_encode(&m, buf, cap, &len), 0);
  return len;
}

#endif
