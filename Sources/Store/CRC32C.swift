import CStoreCRC

/// CRC-32C (Castagnoli), the checksum of Kafka, ext4 and iSCSI: with the SSE4.2 instruction when the CPU
/// has it, else with slicing-by-8 tables.
enum CRC32C {
  static let hardware = gd_crc32c_hw_available() == 1

  /// Eight tables of 256 entries, one after the other.
  static let tables: [UInt32] = {
    var table = [UInt32](repeating: 0, count: 8 * 256)
    for index in 0..<256 {
      var crc = UInt32(index)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
      table[index] = crc
    }
    for index in 0..<256 {
      for slice in 1..<8 {
        let previous = table[(slice - 1) * 256 + index]
        table[slice * 256 + index] = (previous >> 8) ^ table[Int(previous & 0xFF)]
      }
    }
    return table
  }()

  /// Continues `crc` (0 to start) over `bytes`.
  @inline(__always)
  static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
    guard let base = bytes.baseAddress else { return crc }
    if hardware { return gd_crc32c_hw(crc, base, bytes.count) }
    return software(crc, bytes)
  }

  /// The portable version (also checked against the hardware one in tests).
  static func software(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
    guard var pointer = bytes.baseAddress else { return crc }
    var count = bytes.count
    var c = ~crc
    tables.withUnsafeBufferPointer { t in
      while count >= 8 {
        let low = pointer.loadUnaligned(as: UInt32.self).littleEndian ^ c
        let high = pointer.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian
        c =
          t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
          ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
          ^ t[3 * 256 + Int(high & 0xFF)] ^ t[2 * 256 + Int((high >> 8) & 0xFF)]
          ^ t[256 + Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
        pointer += 8
        count -= 8
      }
      while count > 0 {
        c = t[Int((c ^ UInt32(pointer.load(as: UInt8.self))) & 0xFF)] ^ (c >> 8)
        pointer += 1
        count -= 1
      }
    }
    return ~c
  }

  static func checksum(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBytes { update(0, $0) }
  }
}
