// Shared-memory atomics and futexes for the store's flush board (see gd_shm.h).
#include "gd_shm.h"

#include <errno.h>
#include <time.h>

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

uint32_t gd_load32(const uint32_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }

void gd_store32(uint32_t *p, uint32_t value) { __atomic_store_n(p, value, __ATOMIC_RELEASE); }

uint64_t gd_load64(const uint64_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }

void gd_store64(uint64_t *p, uint64_t value) { __atomic_store_n(p, value, __ATOMIC_RELEASE); }

int gd_cas32(uint32_t *p, uint32_t expected, uint32_t desired) {
  return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) ? 1 : 0;
}

uint32_t gd_add32(uint32_t *p, int32_t delta) {
  return __atomic_add_fetch(p, (uint32_t)delta, __ATOMIC_SEQ_CST);
}

#if defined(__linux__)
int gd_futex_wait(uint32_t *p, uint32_t expected, int64_t timeout_ns) {
  struct timespec timeout = {(time_t)(timeout_ns / 1000000000), (long)(timeout_ns % 1000000000)};
  long r = syscall(SYS_futex, p, FUTEX_WAIT, expected, &timeout, NULL, 0);
  if (r == 0) return 0;
  return errno == EAGAIN ? 0 : errno;
}

int gd_futex_wake(uint32_t *p, int count) { return (int)syscall(SYS_futex, p, FUTEX_WAKE, count, NULL, NULL, 0); }
#else
int gd_futex_wait(uint32_t *p, uint32_t expected, int64_t timeout_ns) {
  struct timespec pause = {0, timeout_ns < 200000 ? (long)timeout_ns : 200000};
  if (__atomic_load_n(p, __ATOMIC_ACQUIRE) != expected) return 0;
  nanosleep(&pause, NULL);
  return ETIMEDOUT;
}

int gd_futex_wake(uint32_t *p, int count) {
  (void)p;
  (void)count;
  return 0;
}
#endif
