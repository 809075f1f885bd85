/* snmpx: shared definitions for every public header. */
#ifndef SNMPX_COMMON_H
#define SNMPX_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define SNMPX_EXTERN __declspec(dllexport)
#elif defined(__GNUC__)
#define SNMPX_EXTERN __attribute__((visibility("default")))
#else
#define SNMPX_EXTERN
#endif

#define SNMPX_VERSION_MAJOR 0
#define SNMPX_VERSION_MINOR 1
#define SNMPX_VERSION_PATCH 0
#define SNMPX_VERSION_STRING "0.1.0"

#endif
