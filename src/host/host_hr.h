/* HOST-RESOURCES-MIB (RFC 2790): the parsers of the module's sources,
 * pure functions over text (or bytes) so they can be unit-tested on
 * recorded files and fuzzed.  Each one reads what Net-SNMP 5.9's snmpd
 * reads, the way it reads it: where snmpd cuts a string or skips a field,
 * so do these (the comments say where snmpd does it). */
#ifndef SNMPX_HOST_HR_H
#define SNMPX_HOST_HR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- /proc/meminfo (hardware/memory/memory_linux.c) ------------------- */

typedef struct snmpx__hr_meminfo {
  unsigned long total, avail, free, shared, buffers, cached, sreclaimable,
      swap_total, swap_free; /* kB */
  bool has_avail;            /* a MemAvailable line (kernel >= 3.14) */
} snmpx__hr_meminfo;

/* Fill |out| from the NUL-terminated text of /proc/meminfo.  A missing
 * line reads as 0, as in snmpd.  Never fails. */
void snmpx__hr_parse_meminfo(const char *text, snmpx__hr_meminfo *out);

/* ---- /proc/mounts (hardware/fsys/fsys_mntent.c) ----------------------- */

/* snmpd's filesystem types (hardware/fsys.h): the hrFSTypes arc for the
 * listed ones; the others carry SNMPX__HR_FS_SKIP and are not listed. */
#define SNMPX__HR_FS_OTHER 1
#define SNMPX__HR_FS_UNKNOWN 2
#define SNMPX__HR_FS_BERKELEY 3
#define SNMPX__HR_FS_SYSV 4
#define SNMPX__HR_FS_FAT 5
#define SNMPX__HR_FS_HFS 7
#define SNMPX__HR_FS_MFS 8
#define SNMPX__HR_FS_NTFS 9
#define SNMPX__HR_FS_ISO9660 12
#define SNMPX__HR_FS_ROCKRIDGE 13
#define SNMPX__HR_FS_NFS 14
#define SNMPX__HR_FS_NETWARE 15
#define SNMPX__HR_FS_AFS 16
#define SNMPX__HR_FS_FAT32 22
#define SNMPX__HR_FS_EXT2 23
#define SNMPX__HR_FS_LOCAL 0x1000
#define SNMPX__HR_FS_SKIP 0x2000
#define SNMPX__HR_FS_IGNORE (1 | SNMPX__HR_FS_LOCAL | SNMPX__HR_FS_SKIP)
#define SNMPX__HR_FS_AUTOFS (7 | SNMPX__HR_FS_LOCAL | SNMPX__HR_FS_SKIP)

/* snmpd's type for a mount's type name ("ext4" -> EXT2, "tmpfs" ->
 * OTHER, "proc" -> IGNORE...). */
int snmpx__hr_fs_type(const char *name);

#define SNMPX__HR_PATH_MAX 4096 /* snmpd's SNMP_MAXPATH */

typedef struct snmpx__hr_mount {
  char device[SNMPX__HR_PATH_MAX + 1];
  char path[SNMPX__HR_PATH_MAX + 1];
  char type[64];
  bool ro; /* the "ro" option (hasmntopt) */
} snmpx__hr_mount;

/* One line of /proc/mounts (getmntent's rules: fields split on blanks,
 * \040 \011 \012 \134 decoded, '#' and blank lines skipped).
 * @return 1 a mount in |m|; 0 a line to skip. */
int snmpx__hr_parse_mount(const char *line, snmpx__hr_mount *m);

/* snmpd's scaling of a filesystem into 31 bits (netsnmp_fsys_calculate32):
 * halve the block count until it fits, doubling the unit to match. */
typedef struct snmpx__hr_fs_sizes {
  uint64_t units, size, used; /* statvfs: f_frsize, f_blocks, -f_bfree */
  uint32_t units32, size32, used32;
} snmpx__hr_fs_sizes;
void snmpx__hr_fs_scale(snmpx__hr_fs_sizes *s);

/* ---- /proc/cpuinfo and /proc/stat (hardware/cpu/cpu_linux.c) ----------- */

#define SNMPX__HR_CPU_MAX 1024
#define SNMPX__HR_DESCR_MAX 4096 /* snmpd's SNMP_MAXBUF */

/* Call |cb| for each "processor : N" of /proc/cpuinfo with N and its
 * description as snmpd makes it ("vendor_id" then ": model name"), once
 * the processor's block is read.  @return the number of processors. */
size_t snmpx__hr_parse_cpuinfo(const char *text,
                               void (*cb)(void *ud, int n, const char *descr),
                               void *ud);

/* One processor's ticks from /proc/stat, as snmpd adds them. */
typedef struct snmpx__hr_cpu_ticks {
  uint64_t idle, total;
} snmpx__hr_cpu_ticks;

/* The "cpuN" lines of /proc/stat: |cb| for each with N and its ticks
 * (the overall "cpu" line is not given).  @return lines given. */
size_t snmpx__hr_parse_stat_cpus(const char *text,
                                 void (*cb)(void *ud, int n,
                                            const snmpx__hr_cpu_ticks *t),
                                 void *ud);

/* ---- Processes (host/data_access/swrun_procfs_status.c) --------------- */

#define SNMPX__HR_RUN_NAME 64    /* 63 characters, as snmpd */
#define SNMPX__HR_RUN_STRING 129 /* path and parameters: 128 */

/* hrSWRunStatus */
#define SNMPX__HR_RUN_RUNNING 1
#define SNMPX__HR_RUN_RUNNABLE 2
#define SNMPX__HR_RUN_NOTRUNNABLE 3
#define SNMPX__HR_RUN_INVALID 4

typedef struct snmpx__hr_proc {
  int32_t pid;
  int32_t type;   /* hrSWRunType: 2 operatingSystem (no cmdline), 4 */
  int32_t status; /* hrSWRunStatus */
  uint8_t name_len, path_len, params_len;
  char name[SNMPX__HR_RUN_NAME];
  char path[SNMPX__HR_RUN_STRING];
  char params[SNMPX__HR_RUN_STRING];
  uint32_t cpu; /* hrSWRunPerfCPU: centi-seconds */
  uint32_t mem; /* hrSWRunPerfMem: kB */
} snmpx__hr_proc;

/* hrSWRunName from /proc/PID/status's first line (after the ':' and the
 * blanks).  @return 0; -1 when the line has no ':'. */
int snmpx__hr_parse_proc_status(const char *text, snmpx__hr_proc *p);

/* hrSWRunPath, hrSWRunParameters and hrSWRunType from the |len| bytes of
 * /proc/PID/cmdline (snmpd reads it with one fgets: up to the first
 * newline, 8190 bytes at most). */
void snmpx__hr_parse_proc_cmdline(const char *data, size_t len,
                                  snmpx__hr_proc *p);

/* hrSWRunStatus, hrSWRunPerfCPU and hrSWRunPerfMem from /proc/PID/stat:
 * |clk_tck| ticks a second, |page_kb| kB a page.  @return 0; -1 when the
 * line is too short. */
int snmpx__hr_parse_proc_stat(const char *text, long clk_tck, long page_kb,
                              snmpx__hr_proc *p);

/* ---- Logged-in users (host/hr_system.c count_users) ------------------- */

/* Count the USER_PROCESS records of a utmp file's |len| bytes whose
 * process is alive (|alive|(ud, pid); NULL: all are). */
uint32_t snmpx__hr_count_utmp(const uint8_t *data, size_t len,
                              bool (*alive)(void *ud, int32_t pid), void *ud);

/* ---- Installed software (host/data_access/swinst_apt.c) --------------- */

typedef struct snmpx__hr_pkg {
  const char *name, *version, *arch; /* views into the parsed text */
  size_t name_len, version_len, arch_len;
  bool essential;
} snmpx__hr_pkg;

/* Each package of dpkg's status file that dpkg-query --show lists (not
 * "not-installed" with nothing wanted), in file order: |cb| for each.
 * The text is modified (fields are cut in place).  @return packages. */
size_t snmpx__hr_parse_dpkg_status(char *text, size_t len,
                                   void (*cb)(void *ud,
                                              const snmpx__hr_pkg *pkg),
                                   void *ud);

/* dpkg-query's order: by name, then architecture (strcmp). */
int snmpx__hr_pkg_compare(const snmpx__hr_pkg *a, const snmpx__hr_pkg *b);

/* ---- Network interfaces (host/hr_network.c) --------------------------- */

/* One interface line of /proc/net/dev: its name (|name|, |cap| bytes)
 * and receive + transmit errors.  @return 1 an interface; 0 a header
 * or bad line. */
int snmpx__hr_parse_netdev(const char *line, char *name, size_t cap,
                           uint64_t *errors);

/* ---- DateAndTime (snmplib/snmp-tc.c date_n_time) ---------------------- */

/* RFC 2579 DateAndTime of |when| in local time with the UTC offset (11
 * bytes); 8 bytes "0-1-1 0:0:0.0" for 0 or -1, as snmpd.  @return the
 * length written to |out| (11 bytes of room). */
size_t snmpx__hr_date(int64_t when, uint8_t out[11]);

#endif
