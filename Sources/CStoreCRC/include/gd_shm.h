#ifndef GD_SHM_H
#define GD_SHM_H

#include <stdint.h>

// Atomics and futexes on memory shared between processes (a MAP_SHARED mapping of DIR/FLUSH). Swift
// cannot place its own atomics on such memory, and cannot call the variadic syscall(2).

/// Load with acquire ordering.
uint32_t gd_load32(const uint32_t *p);
/// Store with release ordering.
void gd_store32(uint32_t *p, uint32_t value);
/// 64-bit load with acquire ordering (`p` 8-byte aligned).
uint64_t gd_load64(const uint64_t *p);
/// 64-bit store with release ordering (`p` 8-byte aligned).
void gd_store64(uint64_t *p, uint64_t value);
/// Compare-and-swap (sequentially consistent); 1 when `*p` was `expected` and is now `desired`.
int gd_cas32(uint32_t *p, uint32_t expected, uint32_t desired);
/// Adds `delta` (sequentially consistent); returns the new value.
uint32_t gd_add32(uint32_t *p, int32_t delta);
/// Sleeps while `*p == expected`, at most `timeout_ns` (a shared futex: works across processes).
/// Returns 0 when woken or the value differed, else the errno (ETIMEDOUT, EINTR).
int gd_futex_wait(uint32_t *p, uint32_t expected, int64_t timeout_ns);
/// Wakes up to `count` sleepers on `p`; returns how many were woken (or -1).
int gd_futex_wake(uint32_t *p, int count);

#endif
