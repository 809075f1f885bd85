/* PDU copies and error-status names. */
#include <stdalign.h>

#include "internal.h"

/* *total += add, false on overflow. */
static bool add_size(size_t *total, size_t add)
{
  if (add > SIZE_MAX - *total)
    return false;
  *total += add;
  return true;
}

/* Arcs and bytes that a deep copy of |pdu| needs; false when a view is
 * inconsistent (NULL with a length) or the sizes overflow. */
static bool count_storage(const snmpx_pdu *pdu, size_t *arcs, size_t *bytes)
{
  *arcs = pdu->enterprise.len;
  *bytes = 0;
  if (pdu->enterprise.arcs == NULL && pdu->enterprise.len > 0)
    return false;
  if (pdu->varbinds == NULL && pdu->n_varbinds > 0)
    return false;
  for (size_t i = 0; i < pdu->n_varbinds; i++) {
    const snmpx_varbind *vb = &pdu->varbinds[i];
    const snmpx_value *v = &vb->value;
    if ((vb->name.arcs == NULL && vb->name.len > 0) ||
        !add_size(arcs, vb->name.len))
      return false;
    if (v->type == SNMPX_TYPE_OID &&
        ((v->v.oid.arcs == NULL && v->v.oid.len > 0) ||
         !add_size(arcs, v->v.oid.len)))
      return false;
    if (snmpx__oid_value_has_bytes(v->type) &&
        ((v->v.bytes.ptr == NULL && v->v.bytes.len > 0) ||
         !add_size(bytes, v->v.bytes.len)))
      return false;
  }
  return true;
}

/* Copy |src| to the arc cursor and return the view of the copy. */
static snmpx_oidv copy_arcs(snmpx_oidv src, uint32_t **cursor)
{
  snmpx_oidv v = {*cursor, src.len};
  if (src.len > 0)
    memcpy(*cursor, src.arcs, src.len * sizeof(uint32_t));
  *cursor += src.len;
  return v;
}

/* Layout of the single block: the snmpx_pdu, the varbinds, the arcs, the
 * bytes.  Each part starts aligned for its type. */
snmpx_pdu *snmpx_pdu_dup(const snmpx_pdu *pdu, const snmpx_mem *mem)
{
  size_t n_arcs, n_bytes;
  if (pdu == NULL || !count_storage(pdu, &n_arcs, &n_bytes))
    return NULL;
  size_t al = alignof(snmpx_varbind);
  size_t vb_off = (sizeof(snmpx_pdu) + al - 1) / al * al;
  size_t total = vb_off;
  if (pdu->n_varbinds > SIZE_MAX / sizeof(snmpx_varbind) ||
      n_arcs > SIZE_MAX / sizeof(uint32_t) ||
      !add_size(&total, pdu->n_varbinds * sizeof(snmpx_varbind)))
    return NULL;
  size_t arc_off = total; /* varbinds keep uint32_t alignment */
  if (!add_size(&total, n_arcs * sizeof(uint32_t)))
    return NULL;
  size_t byte_off = total;
  if (!add_size(&total, n_bytes))
    return NULL;
  uint8_t *block = snmpx__malloc(mem, total);
  if (block == NULL)
    return NULL;
  snmpx_pdu *copy = (snmpx_pdu *)(void *)block;
  *copy = *pdu;
  copy->varbinds = (snmpx_varbind *)(void *)(block + vb_off);
  uint32_t *arcs = (uint32_t *)(void *)(block + arc_off);
  uint8_t *bytes = block + byte_off;
  copy->enterprise = copy_arcs(pdu->enterprise, &arcs);
  for (size_t i = 0; i < pdu->n_varbinds; i++) {
    snmpx_varbind *vb = &copy->varbinds[i];
    *vb = pdu->varbinds[i];
    vb->name = copy_arcs(vb->name, &arcs);
    if (vb->value.type == SNMPX_TYPE_OID) {
      snmpx__oid_value_copy_to(&vb->value, &vb->value, arcs);
      arcs += vb->value.v.oid.len;
    } else if (snmpx__oid_value_has_bytes(vb->value.type)) {
      snmpx__oid_value_copy_to(&vb->value, &vb->value, bytes);
      bytes += vb->value.v.bytes.len;
    }
  }
  return copy;
}

void snmpx_pdu_free(snmpx_pdu *pdu, const snmpx_mem *mem)
{
  snmpx__free(mem, pdu);
}

/* RFC 3416 3: the error-status names. */
static const char *const errstat_names[] = {
    "noError",           "tooBig",
    "noSuchName",        "badValue",
    "readOnly",          "genErr",
    "noAccess",          "wrongType",
    "wrongLength",       "wrongEncoding",
    "wrongValue",        "noCreation",
    "inconsistentValue", "resourceUnavailable",
    "commitFailed",      "undoFailed",
    "authorizationError", "notWritable",
    "inconsistentName"};

const char *snmpx_errstat_name(int status)
{
  size_t n = sizeof(errstat_names) / sizeof(errstat_names[0]);
  if (status < 0 || (size_t)status >= n)
    return "??";
  return errstat_names[status];
}

bool snmpx__pdu_equal(const snmpx_pdu *a, const snmpx_pdu *b)
{
  if (a->type != b->type || a->n_varbinds != b->n_varbinds)
    return false;
  if (a->type == SNMPX_PDU_TRAP_V1) {
    if (snmpx_oidv_compare(a->enterprise, b->enterprise) != 0 ||
        memcmp(a->agent_addr, b->agent_addr, 4) != 0 ||
        a->generic_trap != b->generic_trap ||
        a->specific_trap != b->specific_trap ||
        a->time_stamp != b->time_stamp)
      return false;
  } else if (a->request_id != b->request_id ||
             a->error_status != b->error_status ||
             a->error_index != b->error_index) {
    return false;
  }
  for (size_t i = 0; i < a->n_varbinds; i++)
    if (snmpx_oidv_compare(a->varbinds[i].name, b->varbinds[i].name) != 0 ||
        !snmpx__oid_value_equal(&a->varbinds[i].value, &b->varbinds[i].value))
      return false;
  return true;
}
