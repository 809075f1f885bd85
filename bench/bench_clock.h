/* CPU and wall clocks for the benchmark clients (microseconds). */
#ifndef SNMPX_BENCH_CLOCK_H
#define SNMPX_BENCH_CLOCK_H

#include <sys/resource.h>
#include <time.h>

static inline double user_us(void)
{
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec * 1e6 + ru.ru_utime.tv_usec;
}

static inline double cpu_us(void)
{
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
         ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
}

static inline double wall_us(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

#endif
