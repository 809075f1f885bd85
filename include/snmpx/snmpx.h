/* snmpx: umbrella header.  Includes every public header. */
#ifndef SNMPX_SNMPX_H
#define SNMPX_SNMPX_H

#include "common.h"
#include "err.h"
#include "mem.h"
#include "oid.h"
#include "value.h"
#include "ber.h"
#include "pdu.h"
#include "engine.h"
#include "manager.h"
#include "io.h"
#include "notify.h"
#include "usm.h"
#include "mib.h"
#include "vacm.h"
#include "agent.h"
#include "host.h"

#endif
