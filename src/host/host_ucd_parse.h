/* Internal to src/host: the UCD-SNMP-MIB module's readers of /proc text
 * and of its snmpd.conf directives, pure functions over buffers so unit
 * tests and fuzz/fuzz_host_ucd.c call them directly. */
#ifndef SNMPX_HOST_UCD_PARSE_H
#define SNMPX_HOST_UCD_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* /proc/meminfo in kB, as snmpd's memory_linux.c reads it (a missing
 * line reads 0; has_avail false without MemAvailable). */
typedef struct snmpx__ucd_mem {
  uint64_t total, avail, free, shared, buffers, cached, sreclaimable;
  uint64_t swap_total, swap_free;
  bool has_avail;
} snmpx__ucd_mem;

/* Parse |text| (NUL-terminated).  Never fails: missing lines read 0. */
void snmpx__ucd_parse_meminfo(const char *text, snmpx__ucd_mem *out);

/* The three load averages of /proc/loadavg.  @return false when the
 * text does not start with three numbers. */
bool snmpx__ucd_parse_loadavg(const char *text, double out[3]);

/* /proc/stat and /proc/vmstat as snmpd's cpu_linux.c keeps them. */
typedef struct snmpx__ucd_cpu {
  uint64_t user, nice, sys, idle, wait, intr, sirq, steal, guest, guestnice;
  uint64_t total; /* sum of the tick counters */
  uint64_t interrupts, contexts;
  uint64_t page_in, page_out; /* pgpgin*2, pgpgout*2 (snmpd's "???") */
  uint64_t swap_in, swap_out;
} snmpx__ucd_cpu;

/* The "cpu " line, "intr" and "ctxt" of /proc/stat.  @return false when
 * there is no "cpu " line. */
bool snmpx__ucd_parse_stat(const char *text, snmpx__ucd_cpu *out);
/* pgpgin, pgpgout, pswpin, pswpout of /proc/vmstat (missing: 0). */
void snmpx__ucd_parse_vmstat(const char *text, snmpx__ucd_cpu *out);
/* "processor : N" lines of /proc/cpuinfo (snmpd's ssCpuNumCpus). */
int snmpx__ucd_count_cpus(const char *text);

/* One line of /proc/mounts (or /etc/mtab) split in place into its
 * device, mount point and type, with getmntent's octal escapes (\040)
 * undone.  @return false for a line that has fewer than three fields. */
bool snmpx__ucd_parse_mount(char *line, char **device, char **path,
                            char **type);
/* Whether snmpd's fsys layer shows a file system of |type| in dskTable
 * (ext4, xfs, tmpfs... yes; proc, sysfs, cgroup... no). */
bool snmpx__ucd_fs_type_shown(const char *type);

/* The Name: of a /proc/PID/status text into |out| (|cap| bytes), as
 * snmpd's swrun reads it (hrSWRunName).  @return false when there is no
 * first line with a ':'. */
bool snmpx__ucd_status_name(const char *text, char *out, size_t cap);

/* ---- Directives ---------------------------------------------------------
 * Each takes the directive's arguments (the rest of the line) as snmpd
 * reads them: numbers with atoi's leniency, missing ones defaulted. */

/* disk PATH [MINSPACE | MINPERCENT%]: *min_space and *min_percent, one of
 * them -1 (snmpd's default: 100000 kB).  @return false without a path. */
bool snmpx__ucd_conf_disk(const char *args, char *path, size_t cap,
                          int *min_space, int *min_percent);
/* proc NAME [MAX [MIN]]: no numbers means max 0 min 1, MAX alone min 0.
 * @return false without a name. */
bool snmpx__ucd_conf_proc(const char *args, char *name, size_t cap, int *max,
                          int *min);
/* load MAX1 [MAX5 [MAX15]]: a missing one takes the one before
 * (snmpd's DEFMAXLOADAVE 12 when none). */
void snmpx__ucd_conf_load(const char *args, double out[3]);
/* file PATH [MAXSIZE]: *max -1 when not given.  @return false without a
 * path. */
bool snmpx__ucd_conf_file(const char *args, char *path, size_t cap, int *max);

/* snmpd's dskPercent rounding: value*100/total in float, +0.5. */
int snmpx__ucd_percent(uint64_t value, uint64_t total);

#endif
