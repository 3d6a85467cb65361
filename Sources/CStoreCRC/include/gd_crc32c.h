#ifndef GD_CRC32C_H
#define GD_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/// 1 when the CPU has the SSE4.2 crc32 instruction (CRC-32C in hardware), else 0.
int gd_crc32c_hw_available(void);

/// Continues CRC-32C `crc` (0 to start) over `length` bytes, with the crc32 instruction. Call only when
/// gd_crc32c_hw_available() returned 1.
uint32_t gd_crc32c_hw(uint32_t crc, const void *data, size_t length);

#endif
