/* snmpx: access control for an agent.
 *
 *  - The View-based Access Control Model (RFC 3415): contexts, groups
 *    (securityModel + securityName -> groupName), access entries (group,
 *    context prefix, securityModel, securityLevel -> read/write/notify
 *    view names) and views (families of subtrees with masks, included or
 *    excluded).
 *  - The community table of RFC 3584 5.2.1: a community string (and
 *    optionally the sender's network) -> securityName and contextName, so
 *    SNMPv1 and SNMPv2c requests pass through the same VACM as SNMPv3.
 *
 * A request resolves its view once (snmpx_vacm_find_view) and then checks
 * each variable against it (snmpx_vacm_view_includes): the two halves of
 * RFC 3415 3.2 isAccessAllowed, so that a walk does not repeat the group
 * and access lookups per varbind.
 *
 * Group and view names are resolved when entries are added, so a request
 * compares numbers, not strings: it finds its group by security model and
 * name, then the access entries of that group, then its view by place.
 * The tables may be filled in any order (RFC 3415): an access entry may
 * name a group or a view that is defined later, and a security name may
 * move to another group; each request sees the tables as they stand.
 * The tables themselves are scanned linearly: a configuration has tens
 * of entries, not thousands. */
#ifndef SNMPX_VACM_H
#define SNMPX_VACM_H

#include "common.h"
#include "engine.h" /* snmpx_addr, snmpx_seclevel, SNMPX_SECMODEL_* */
#include "mem.h"
#include "oid.h"

/** vacmAccessSecurityModel any(0): an access entry for every model. */
#define SNMPX_SECMODEL_ANY 0

/** Longest vacmViewTreeFamilyMask (RFC 3415: SIZE (0..16)). */
#define SNMPX_VACM_MASK_MAX 16

/** The outcome of RFC 3415 3.2 isAccessAllowed. */
typedef enum snmpx_vacm_status {
  SNMPX_VACM_ACCESS_ALLOWED = 0,
  SNMPX_VACM_NOT_IN_VIEW,
  SNMPX_VACM_NO_SUCH_VIEW,
  SNMPX_VACM_NO_SUCH_CONTEXT,
  SNMPX_VACM_NO_GROUP_NAME,
  SNMPX_VACM_NO_ACCESS_ENTRY
} snmpx_vacm_status;

/** Which view of an access entry (RFC 3415 3.2 viewType). */
typedef enum snmpx_vacm_view_type {
  SNMPX_VACM_READ = 0,
  SNMPX_VACM_WRITE = 1,
  SNMPX_VACM_NOTIFY = 2
} snmpx_vacm_view_type;

typedef struct snmpx_vacm snmpx_vacm;

/** A resolved MIB view (borrowed from its snmpx_vacm: valid until the view
 *  table changes). */
typedef struct snmpx_vacm_view snmpx_vacm_view;

/** One vacmAccessEntry.  Strings are copied by snmpx_vacm_add_access.  A
 *  NULL or empty view name means no view: access through it is refused
 *  with SNMPX_VACM_NO_SUCH_VIEW. */
typedef struct snmpx_vacm_access {
  const char *group;
  const uint8_t *context_prefix; /* vacmAccessContextPrefix */
  size_t context_prefix_len;
  bool prefix_match;    /* vacmAccessContextMatch: prefix(2) when
                           true, exact(1) when false */
  int security_model;   /* SNMPX_SECMODEL_* or SNMPX_SECMODEL_ANY */
  snmpx_seclevel level; /* the least level this entry admits */
  const char *read_view;
  const char *write_view;
  const char *notify_view;
} snmpx_vacm_access;

/** One snmpCommunityEntry (RFC 3584 5.1), with the transport tag reduced
 *  to one source network.  Strings are copied. */
typedef struct snmpx_vacm_community {
  const uint8_t *community;
  size_t community_len;
  const uint8_t *security_name;
  size_t security_name_len;
  const uint8_t *context_name; /* NULL: the default context "" */
  size_t context_name_len;
  const snmpx_addr *source; /* NULL: requests from any IP address; a
                               UNIX address (AF_UNIX): requests that
                               came in on that socket, the only entries
                               that admit UNIX peers (Net-SNMP's
                               com2secunix) */
  unsigned source_prefix;   /* bits of |source| that must match
                               (32 or 128 for one host; unused for
                               UNIX) */
} snmpx_vacm_community;

/** What a community maps to: views into the snmpx_vacm's copies, valid
 *  until the community table changes. */
typedef struct snmpx_vacm_community_match {
  const uint8_t *security_name;
  size_t security_name_len;
  const uint8_t *context_name;
  size_t context_name_len;
} snmpx_vacm_community_match;

/** Create an empty VACM: no contexts, groups, access entries, views or
 *  communities (so every request is refused).  @return NULL on out of
 *  memory. */
SNMPX_EXTERN snmpx_vacm *snmpx_vacm_new(const snmpx_mem *mem);

/** Free everything.  NULL is a no-op. */
SNMPX_EXTERN void snmpx_vacm_free(snmpx_vacm *v);

/** Add a context to vacmContextTable (a second add is a no-op).
 *  @return 0; SNMPX_EINVAL (NULL, over 32 octets); SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_vacm_add_context(snmpx_vacm *v, const uint8_t *name,
                                        size_t len);

/** True when |name| is in vacmContextTable. */
SNMPX_EXTERN bool snmpx_vacm_has_context(const snmpx_vacm *v,
                                         const uint8_t *name, size_t len);

/** Put (|model|, |security_name|) in group |group|
 *  (vacmSecurityToGroupTable); replaces its earlier group.
 *  @return 0; SNMPX_EINVAL (NULL, model not 1..4, name over 32 octets,
 *  empty group); SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_vacm_add_group(snmpx_vacm *v, int model,
                                      const uint8_t *security_name, size_t len,
                                      const char *group);

/** Add an access entry; one with the same group, context prefix, model and
 *  level is replaced.  @return 0; SNMPX_EINVAL (NULL, empty group, model
 *  or level out of range, prefix over 32 octets); SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_vacm_add_access(snmpx_vacm *v,
                                       const snmpx_vacm_access *a);

/** Add a family to view |view| (vacmViewTreeFamilyTable): |subtree| with
 *  |mask| (bit 7 of octet 0 is the first arc; 1 = must match, 0 =
 *  wildcard; arcs past the mask's end must match; NULL/0: no wildcards),
 *  included or excluded.  The same view and subtree again replaces it.
 *  @return 0; SNMPX_EINVAL (NULL or empty view name); SNMPX_EVACM_MASK;
 *  SNMPX_EOID_TOOLONG; SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_vacm_add_view(snmpx_vacm *v, const char *view,
                                     snmpx_oidv subtree, const uint8_t *mask,
                                     size_t mask_len, bool included);

/** Add a community (RFC 3584 5.1).  Several entries may share a community
 *  string with different source networks: the first that admits the
 *  sender wins.  @return 0; SNMPX_EINVAL (NULL, empty security name,
 *  prefix longer than the address); SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_vacm_add_community(snmpx_vacm *v,
                                          const snmpx_vacm_community *c);

/** RFC 3584 5.2.1: the entry for |community| that admits |from| (NULL:
 *  ignore source restrictions).  @return 0 with *out filled;
 *  SNMPX_ENOTFOUND (unknown community or sender, the request is dropped
 *  and counted as snmpInBadCommunityNames); SNMPX_EINVAL. */
SNMPX_EXTERN int snmpx_vacm_community_lookup(const snmpx_vacm *v,
                                             const uint8_t *community,
                                             size_t len, const snmpx_addr *from,
                                             snmpx_vacm_community_match *out);

/** RFC 3415 3.2 steps 1-5: the MIB view a request may use.  On
 *  SNMPX_VACM_ACCESS_ALLOWED *|view| is set.  (The context check comes
 *  first: an unknown context gives SNMPX_VACM_NO_SUCH_CONTEXT.) */
SNMPX_EXTERN snmpx_vacm_status snmpx_vacm_find_view(
    const snmpx_vacm *v, int model, const uint8_t *security_name,
    size_t security_name_len, snmpx_seclevel level, snmpx_vacm_view_type type,
    const uint8_t *context, size_t context_len, const snmpx_vacm_view **view);

/** RFC 3415 3.2 step 6: true when |name| is in |view| (the most specific
 *  matching family decides; no family: not in view). */
SNMPX_EXTERN bool snmpx_vacm_view_includes(const snmpx_vacm_view *view,
                                           snmpx_oidv name);

/** The whole isAccessAllowed (RFC 3415 3.2) for one variable. */
SNMPX_EXTERN snmpx_vacm_status snmpx_vacm_is_access_allowed(
    const snmpx_vacm *v, int model, const uint8_t *security_name,
    size_t security_name_len, snmpx_seclevel level, snmpx_vacm_view_type type,
    const uint8_t *context, size_t context_len, snmpx_oidv name);

/** Name of a status ("notInView"...).  @return a static string. */
SNMPX_EXTERN const char *snmpx_vacm_status_name(snmpx_vacm_status s);

#endif
