import Crypto
import Foundation

/// One record on disk (see docs/store-format.md). All integers are little-endian.
///
///     0   u8   frame version (1)
///     1   u8   flags (bit 0: last record of its append batch, the commit point)
///     2   u16  reserved, 0
///     4   u32  body length N
///     8   u32  CRC-32C of bytes 0..<8, the body and the hash
///     12  N    body
///     12+N 32  SHA-256 of bytes 0..<8 followed by the body
enum Frame {
  static let version: UInt8 = 1
  static let headerSize = 12
  static let overhead = 44
  static let flagCommit: UInt8 = 1
  static let minBody = 64
  static let maxBody = 16 << 20
  static let maxPayload = 8 << 20

  /// Appends the encoded frame of `record` to `out`; returns its hash.
  static func encode(
    _ record: PendingRecord, seq: UInt64, time ms: Int64, prev: ChainHash, commit: Bool, into out: inout [UInt8]
  ) -> ChainHash {
    let start = out.count
    out.append(version)
    out.append(commit ? flagCommit : 0)
    out.append(0)
    out.append(0)
    let login = Array(record.actor.login.utf8)
    let tty = Array(record.actor.tty.utf8)
    let ssh = Array(record.actor.sshClient.utf8)
    let type = Array(record.type.utf8)
    let bodyLength = minBody + login.count + tty.count + ssh.count + type.count + record.payload.count
    appendLE(UInt32(bodyLength), to: &out)
    appendLE(UInt32(0), to: &out)  // CRC, filled below
    appendLE(seq, to: &out)
    appendLE(UInt64(bitPattern: ms), to: &out)
    out.append(contentsOf: prev.bytes)
    appendLE(record.actor.uid, to: &out)
    for field in [login, tty, ssh, type] {
      appendLE(UInt16(field.count), to: &out)
      out.append(contentsOf: field)
    }
    appendLE(UInt32(record.payload.count), to: &out)
    out.append(contentsOf: record.payload)
    let hash = out.withUnsafeBytes { raw in
      hashOf(
        header: UnsafeRawBufferPointer(rebasing: raw[start..<start + 8]),
        body: UnsafeRawBufferPointer(rebasing: raw[start + headerSize..<start + headerSize + bodyLength]))
    }
    out.append(contentsOf: hash.bytes)
    let crc = out.withUnsafeBytes { raw in
      var crc = CRC32C.update(0, UnsafeRawBufferPointer(rebasing: raw[start..<start + 8]))
      crc = CRC32C.update(crc, UnsafeRawBufferPointer(rebasing: raw[(start + headerSize)...]))
      return crc
    }
    withUnsafeBytes(of: crc.littleEndian) { crcBytes in
      for index in 0..<4 { out[start + 8 + index] = crcBytes[index] }
    }
    return hash
  }

  static func hashOf(header: UnsafeRawBufferPointer, body: UnsafeRawBufferPointer) -> ChainHash {
    var hasher = SHA256()
    hasher.update(bufferPointer: header)
    hasher.update(bufferPointer: body)
    let digest = hasher.finalize()
    return digest.withUnsafeBytes { ChainHash(pointer: $0.baseAddress!) }
  }

  static func appendLE<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
  }

  /// Milliseconds since 1970 UTC, rounded down.
  static func milliseconds(_ date: Date) -> Int64 {
    Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
  }

  enum Check {
    case ok(size: Int, commit: Bool)
    case incomplete
    case bad(String)
  }

  /// Checks the frame at `offset` (framing and CRC, not the chain).
  static func check(_ base: UnsafeRawPointer, offset: Int, limit: Int) -> Check {
    guard limit - offset >= headerSize else { return .incomplete }
    let p = base + offset
    let frameVersion = p.load(as: UInt8.self)
    let flags = p.load(fromByteOffset: 1, as: UInt8.self)
    let reserved = p.loadUnaligned(fromByteOffset: 2, as: UInt16.self)
    guard frameVersion == version else { return .bad("unknown frame version \(frameVersion)") }
    guard reserved == 0, flags & ~flagCommit == 0 else { return .bad("bad frame flags") }
    let length = Int(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
    guard length >= minBody, length <= maxBody else { return .bad("bad record length \(length)") }
    let size = overhead + length
    guard limit - offset >= size else { return .incomplete }
    let stored = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
    var crc = CRC32C.update(0, UnsafeRawBufferPointer(start: p, count: 8))
    crc = CRC32C.update(crc, UnsafeRawBufferPointer(start: p + headerSize, count: size - headerSize))
    guard crc == stored else { return .bad("checksum mismatch") }
    return .ok(size: size, commit: flags & flagCommit != 0)
  }

  /// The fields of a checked frame, read in place.
  struct View {
    let pointer: UnsafeRawPointer
    let size: Int

    var bodyLength: Int { size - overhead }
    var body: UnsafeRawPointer { pointer + headerSize }
    var seq: UInt64 { UInt64(littleEndian: body.loadUnaligned(as: UInt64.self)) }
    var milliseconds: Int64 {
      Int64(bitPattern: UInt64(littleEndian: body.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
    }
    var prevHash: ChainHash { ChainHash(pointer: body + 16) }
    var hash: ChainHash { ChainHash(pointer: pointer + size - 32) }
    var commit: Bool { pointer.load(fromByteOffset: 1, as: UInt8.self) & flagCommit != 0 }

    /// Recomputes the SHA-256 and compares it with the stored one.
    var hashMatches: Bool {
      Frame.hashOf(
        header: UnsafeRawBufferPointer(start: pointer, count: 8),
        body: UnsafeRawBufferPointer(start: body, count: bodyLength)) == hash
    }

    /// Offsets of the variable fields, or nil when they do not add up to the body length.
    func layout() -> (login: Range<Int>, tty: Range<Int>, ssh: Range<Int>, type: Range<Int>, payload: Range<Int>)? {
      let length = bodyLength
      var at = 52
      guard let login = Self.text(body, length, &at), let tty = Self.text(body, length, &at),
        let ssh = Self.text(body, length, &at), let type = Self.text(body, length, &at), at + 4 <= length
      else { return nil }
      let count = Int(UInt32(littleEndian: body.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
      guard at + 4 + count == length else { return nil }
      return (login, tty, ssh, type, at + 4..<at + 4 + count)
    }

    /// The u16-length-prefixed field at `at`; moves `at` past it.
    @inline(__always)
    private static func text(_ body: UnsafeRawPointer, _ length: Int, _ at: inout Int) -> Range<Int>? {
      guard at + 2 <= length else { return nil }
      let count = Int(UInt16(littleEndian: body.loadUnaligned(fromByteOffset: at, as: UInt16.self)))
      guard at + 2 + count <= length else { return nil }
      defer { at += 2 + count }
      return at + 2..<at + 2 + count
    }

    func string(_ range: Range<Int>) -> String {
      String(decoding: UnsafeRawBufferPointer(start: body + range.lowerBound, count: range.count), as: UTF8.self)
    }

    func bytes(_ range: Range<Int>) -> [UInt8] {
      Array(UnsafeRawBufferPointer(start: body + range.lowerBound, count: range.count))
    }

    func record(reusing cache: inout ActorCache) -> Record? {
      guard let layout = layout() else { return nil }
      let uid = UInt32(littleEndian: body.loadUnaligned(fromByteOffset: 48, as: UInt32.self))
      let actor = cache.actor(view: self, uid: uid, layout.login, layout.tty, layout.ssh)
      return Record(
        seq: seq, time: Date(timeIntervalSince1970: Double(milliseconds) / 1000), actor: actor,
        type: cache.type(view: self, layout.type), payload: bytes(layout.payload), prevHash: prevHash, hash: hash)
    }
  }

  /// Keeps the last decoded actor and type: consecutive records usually share them.
  struct ActorCache {
    static func same(_ raw: UnsafeRawBufferPointer, _ bytes: [UInt8]) -> Bool {
      guard raw.count == bytes.count else { return false }
      if raw.isEmpty { return true }
      return bytes.withUnsafeBytes { memcmp(raw.baseAddress!, $0.baseAddress!, raw.count) == 0 }
    }

    var actorBytes: [UInt8] = []
    var actor = StoreActor(login: "", uid: 0)
    var typeBytes: [UInt8] = []
    var type = ""

    mutating func actor(view: View, uid: UInt32, _ login: Range<Int>, _ tty: Range<Int>, _ ssh: Range<Int>)
      -> StoreActor
    {
      let raw = UnsafeRawBufferPointer(start: view.body + 48, count: ssh.upperBound - 48)
      if Self.same(raw, actorBytes) { return actor }
      actorBytes = Array(raw)
      actor = StoreActor(login: view.string(login), uid: uid, tty: view.string(tty), sshClient: view.string(ssh))
      return actor
    }

    mutating func type(view: View, _ range: Range<Int>) -> String {
      let raw = UnsafeRawBufferPointer(start: view.body + range.lowerBound, count: range.count)
      if Self.same(raw, typeBytes) { return type }
      typeBytes = Array(raw)
      type = view.string(range)
      return type
    }
  }
}

/// The 64-byte header at the start of every segment file.
///
///     0   8   magic "GDLOGSEG"
///     8   u32 format version (1)
///     12  u32 reserved, 0
///     16  u64 seq of the first record in this segment
///     24  32  hash of the record before it (zero for the first segment)
///     56  u32 CRC-32C of bytes 0..<56
///     60  u32 reserved, 0
struct SegmentHeader: Hashable {
  static let size = 64
  static let magic = Array("GDLOGSEG".utf8)
  /// Version 1: the file ends where the records end. Version 2 (stores of format 2): the file is
  /// preallocated, and zero bytes after the last record are unused space, not a torn tail.
  static let formatVersion: UInt32 = 2

  var firstSeq: UInt64
  var prevHash: ChainHash
  var version: UInt32 = 1

  init(firstSeq: UInt64, prevHash: ChainHash, version: UInt32 = 1) {
    self.firstSeq = firstSeq
    self.prevHash = prevHash
    self.version = version
  }

  /// Whether zero bytes after the last record are preallocated space (version 2).
  var preallocated: Bool { version >= 2 }

  var encoded: [UInt8] {
    var out = Self.magic
    Frame.appendLE(version, to: &out)
    Frame.appendLE(UInt32(0), to: &out)
    Frame.appendLE(firstSeq, to: &out)
    out.append(contentsOf: prevHash.bytes)
    Frame.appendLE(CRC32C.checksum(out), to: &out)
    Frame.appendLE(UInt32(0), to: &out)
    return out
  }

  /// Decodes a header, or says what is wrong with it.
  static func decode(_ raw: UnsafeRawBufferPointer) -> Result<SegmentHeader, Problem> {
    guard raw.count >= size else { return .failure(Problem("segment header incomplete")) }
    guard raw.prefix(8).elementsEqual(magic) else { return .failure(Problem("not a segment file (bad magic)")) }
    let base = raw.baseAddress!
    let version = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
    guard version >= 1, version <= formatVersion else {
      return .failure(Problem("unsupported segment version \(version)"))
    }
    let crc = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: 56, as: UInt32.self))
    guard crc == CRC32C.update(0, UnsafeRawBufferPointer(start: base, count: 56)) else {
      return .failure(Problem("segment header checksum mismatch"))
    }
    guard base.loadUnaligned(fromByteOffset: 60, as: UInt32.self) == 0 else {
      return .failure(Problem("segment header reserved bytes are not zero"))
    }
    let first = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
    return .success(SegmentHeader(firstSeq: first, prevHash: ChainHash(pointer: base + 24), version: version))
  }

  static func fileName(firstSeq: UInt64) -> String {
    let digits = String(firstSeq)
    return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".seg"
  }

  static func firstSeq(fileName: String) -> UInt64? {
    guard fileName.hasSuffix(".seg"), fileName.utf8.count == 24 else { return nil }
    return UInt64(fileName.prefix(20))
  }
}

/// What is wrong with some bytes, in words for a damage report.
struct Problem: Error {
  var reason: String
  init(_ reason: String) { self.reason = reason }
}
