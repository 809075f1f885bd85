/* snmpx trapd: the per-notification command queue (see trapd_exec.h). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "trapd_exec.h"

extern char **environ;

typedef struct entry {
  char *text;
  size_t len;
} entry;

struct trapd_exec {
  char *command;
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t wake; /* an entry was queued, or stop */
  pthread_cond_t idle; /* the queue emptied */
  entry *ring;
  size_t cap, head, count;
  bool stop;
  bool busy; /* the worker runs a command */
  trapd_exec_stats stats;
};

/* Write all of text to fd; a command that does not read its input (EPIPE)
 * is not an error of ours. */
static void write_all(int fd, const char *p, size_t len)
{
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return;
    p += n;
    len -= (size_t)n;
  }
}

/* Run the command once with |e| on its stdin.  @return true when it ran
 * and exited 0. */
static bool run_command(const char *command, const entry *e)
{
  int fds[2];
  if (pipe(fds) != 0)
    return false;
  fcntl(fds[1], F_SETFD, FD_CLOEXEC);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  /* This thread blocks every signal; the command must not inherit that. */
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, pipe_only;
  sigemptyset(&none);
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &pipe_only);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  char *argv[] = {"sh", "-c", (char *)command, NULL};
  pid_t pid;
  int rv = posix_spawn(&pid, "/bin/sh", &fa, &attr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  close(fds[0]);
  if (rv != 0) {
    close(fds[1]);
    return false;
  }
  write_all(fds[1], e->text, e->len);
  close(fds[1]);
  int status = 0;
  pid_t done;
  while ((done = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
    ;
  /* A failed wait (ECHILD if SIGCHLD were ignored) leaves |status| unset:
   * count the command as failed rather than read it. */
  return done == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void *worker(void *arg)
{
  trapd_exec *x = arg;
  pthread_mutex_lock(&x->lock);
  for (;;) {
    while (x->count == 0 && !x->stop) {
      pthread_cond_broadcast(&x->idle);
      pthread_cond_wait(&x->wake, &x->lock);
    }
    if (x->stop)
      break;
    entry e = x->ring[x->head];
    x->head = (x->head + 1) % x->cap;
    x->count--;
    x->busy = true;
    pthread_mutex_unlock(&x->lock);
    bool ok = run_command(x->command, &e);
    free(e.text);
    pthread_mutex_lock(&x->lock);
    x->busy = false;
    x->stats.run++;
    if (!ok)
      x->stats.failed++;
  }
  pthread_cond_broadcast(&x->idle);
  pthread_mutex_unlock(&x->lock);
  return NULL;
}

trapd_exec *trapd_exec_new(const char *command, size_t capacity)
{
  trapd_exec *x = calloc(1, sizeof(*x));
  if (x == NULL)
    return NULL;
  x->cap = capacity ? capacity : 1;
  x->ring = calloc(x->cap, sizeof(entry));
  x->command = strdup(command);
  if (x->ring == NULL || x->command == NULL)
    goto fail;
  pthread_mutex_init(&x->lock, NULL);
  pthread_cond_init(&x->wake, NULL);
  pthread_cond_init(&x->idle, NULL);
  /* The receiver's signals (SIGINT, SIGTERM) stay with the main thread. */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  int rv = pthread_create(&x->thread, NULL, worker, x);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (rv == 0)
    return x;
  pthread_mutex_destroy(&x->lock);
  pthread_cond_destroy(&x->wake);
  pthread_cond_destroy(&x->idle);
fail:
  free(x->ring);
  free(x->command);
  free(x);
  return NULL;
}

uint64_t trapd_exec_push(trapd_exec *x, char *text, size_t len)
{
  pthread_mutex_lock(&x->lock);
  if (x->count == x->cap) {
    uint64_t dropped = ++x->stats.dropped;
    pthread_mutex_unlock(&x->lock);
    free(text);
    return dropped;
  }
  x->ring[(x->head + x->count) % x->cap] = (entry){text, len};
  x->count++;
  pthread_cond_signal(&x->wake);
  pthread_mutex_unlock(&x->lock);
  return 0;
}

void trapd_exec_free(trapd_exec *x, unsigned grace_ms,
                     trapd_exec_stats *final_stats)
{
  if (x == NULL)
    return;
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += grace_ms / 1000;
  until.tv_nsec += (long)(grace_ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&x->lock);
  while ((x->count > 0 || x->busy) &&
         pthread_cond_timedwait(&x->idle, &x->lock, &until) == 0)
    ;
  x->stop = true;
  pthread_cond_signal(&x->wake);
  pthread_mutex_unlock(&x->lock);
  /* A command still running is waited for: it was started, so it ends. */
  pthread_join(x->thread, NULL);
  for (; x->count > 0; x->count--) {
    free(x->ring[x->head].text);
    x->head = (x->head + 1) % x->cap;
    x->stats.abandoned++;
  }
  if (final_stats != NULL)
    *final_stats = x->stats;
  pthread_mutex_destroy(&x->lock);
  pthread_cond_destroy(&x->wake);
  pthread_cond_destroy(&x->idle);
  free(x->ring);
  free(x->command);
  free(x);
}
