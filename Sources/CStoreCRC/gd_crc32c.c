// Hardware CRC-32C for the store (SSE4.2 crc32 instruction). Swift has no access to the intrinsic;
// the portable slicing-by-8 version in CRC32C.swift is used when this is not available.
#include "gd_crc32c.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <nmmintrin.h>

int gd_crc32c_hw_available(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("sse4.2") ? 1 : 0;
}

__attribute__((target("sse4.2"))) uint32_t gd_crc32c_hw(uint32_t crc, const void *data, size_t length) {
  const unsigned char *p = (const unsigned char *)data;
  uint64_t c = (uint32_t)~crc;
  while (length >= 8) {
    uint64_t word;
    memcpy(&word, p, 8);
    c = _mm_crc32_u64(c, word);
    p += 8;
    length -= 8;
  }
  uint32_t c32 = (uint32_t)c;
  while (length > 0) {
    c32 = _mm_crc32_u8(c32, *p);
    p += 1;
    length -= 1;
  }
  return ~c32;
}
#else
int gd_crc32c_hw_available(void) { return 0; }

uint32_t gd_crc32c_hw(uint32_t crc, const void *data, size_t length) {
  (void)data;
  (void)length;
  return crc;
}
#endif
