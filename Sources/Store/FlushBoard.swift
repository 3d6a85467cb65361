import CStoreCRC
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The flush board: `DIR/FLUSH`, a 4 KiB file every writing process maps shared, for group commit across
/// processes (docs/store-format.md, "Group commit across processes"). It holds the *durable mark* (the last
/// record known to be flushed to disk, and where it ends), a *cut counter* moved on whenever a failed flush
/// cut records back, with the error, and a futex word for waiting on `DIR/DECIDE`. `flock` on the same file
/// is the flusher's lock: one waiting appender at a time flushes for all.
///
/// Nothing in the board is data of the log: it only says how far the log is known to be durable. It is laid
/// out anew when it is missing or was written during an earlier boot of the host (then everything in the log
/// came from the disk), and its mark is pulled back when the log is shorter than it (a repair cut records).
///
/// Sendable: the object holds only the immutable address of the mapping and a descriptor; the shared memory
/// is changed with atomic operations, and the mark (three words) only by the holder of `flock` on the file.
final class FlushBoard: @unchecked Sendable {
  static let fileSize = 4096
  static let magic = Array("GDFLUSH1".utf8)
  static let layout: UInt32 = 1
  static let errorOffset = 128
  static let errorCapacity = fileSize - errorOffset

  /// How far the log is durable: every record up to `seq`, which ends at `offset` of the segment whose
  /// first record is `segment`.
  struct Mark: Equatable {
    var seq: UInt64
    var segment: UInt64
    var offset: Int
  }

  let path: String
  /// Open read-write for the life of the handle: `flock` on it is the flusher's lock.
  let fd: Int32
  private let base: UnsafeMutableRawPointer

  private init(path: String, fd: Int32, base: UnsafeMutableRawPointer) {
    self.path = path
    self.fd = fd
    self.base = base
  }

  deinit {
    munmap(base, Self.fileSize)
    FS.close(fd)
  }

  /// Maps `DIR/FLUSH`, creating it if needed. Call holding `flock(LOCK_EX)` on `DIR/LOCK`, with `tail` the end
  /// of the log as just found (a torn tail already cut). Nil when the board cannot be used (a file of another
  /// layout, or mapping failed): then every append flushes before it lets the lock go, as without group commit.
  static func open(directory: String, tail: Mark) -> FlushBoard? {
    let path = directory + "/FLUSH"
    guard let fd = try? FS.open(path, O_RDWR | O_CREAT | O_CLOEXEC) else { return nil }
    guard let size = try? FS.size(fd, path: path), size == 0 || size == fileSize,
      size == fileSize || ftruncate(fd, off_t(fileSize)) == 0,
      let mapped = mmap(nil, fileSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), mapped != MAP_FAILED
    else {
      FS.close(fd)
      return nil
    }
    let board = FlushBoard(path: path, fd: fd, base: mapped)
    let boot = bootID()
    let known =
      magic.withUnsafeBytes { memcmp(mapped, $0.baseAddress!, 8) == 0 }
      && mapped.load(fromByteOffset: 8, as: UInt32.self) == layout
      && boot.withUnsafeBytes { memcmp(mapped + 16, $0.baseAddress!, 16) == 0 }
    if !known {
      // New, or from an earlier boot: no process of this boot waits on it, and every record in the log was
      // read from the disk, so all of it is durable.
      memset(mapped, 0, fileSize)
      magic.withUnsafeBytes { _ = memcpy(mapped, $0.baseAddress!, 8) }
      mapped.storeBytes(of: layout, toByteOffset: 8, as: UInt32.self)
      boot.withUnsafeBytes { _ = memcpy(mapped + 16, $0.baseAddress!, 16) }
      board.setMark(tail)
    } else if board.durableSeq > tail.seq {
      // The log is shorter than the mark: a repair cut it at damage (below the mark, which only counts
      // records that were flushed), so what is left was flushed.
      board.setMark(tail)
    }
    return board
  }

  /// 16 bytes that identify this boot of the host.
  static func bootID() -> [UInt8] {
    // Without the file (not Linux), zeros: the board is then kept across boots, and its mark is still
    // pulled back to the log's end when the log is shorter.
    let text = (try? FS.readAll("/proc/sys/kernel/random/boot_id")) ?? []
    var out = [UInt8](repeating: 0, count: 16)
    var index = 0
    var high: UInt8?
    for byte in text {
      let nibble: UInt8
      switch byte {
      case 0x30...0x39: nibble = byte - 0x30
      case 0x61...0x66: nibble = byte - 0x61 + 10
      default: continue
      }
      if let first = high {
        if index < 16 { out[index] = first << 4 | nibble }
        index += 1
        high = nil
      } else {
        high = nibble
      }
    }
    return out
  }

  // MARK: - Words

  private func word32(_ offset: Int) -> UnsafeMutablePointer<UInt32> {
    (base + offset).assumingMemoryBound(to: UInt32.self)
  }

  private func word64(_ offset: Int) -> UnsafeMutablePointer<UInt64> {
    (base + offset).assumingMemoryBound(to: UInt64.self)
  }

  /// The last durable record's seq (what waiting appenders compare their records with).
  var durableSeq: UInt64 { gd_load64(word64(32)) }

  /// The whole mark; consistent only while holding `flock` on the board (its only writer holds it, or
  /// `DIR/LOCK` at opening, when no flusher can be at work on a mark that is being reset).
  var mark: Mark {
    Mark(seq: gd_load64(word64(32)), segment: gd_load64(word64(40)), offset: Int(gd_load64(word64(48))))
  }

  /// Moves the mark (holding `flock` on the board); the seq last, so that a waiter that sees it sees a mark
  /// whose flush has completed.
  func setMark(_ mark: Mark) {
    gd_store64(word64(40), mark.segment)
    gd_store64(word64(48), UInt64(mark.offset))
    gd_store64(word64(32), mark.seq)
  }

  /// Moved on whenever a failed flush cut records back; an appender that sees it move while it waits checks
  /// whether its records are still in the log.
  var cuts: UInt32 { gd_load32(word32(56)) }

  /// Records the error of a failed flush, then moves the cut counter on (holding `flock(LOCK_EX)` on
  /// `DIR/LOCK`, after the cut).
  func recordCut(_ error: StoreError) {
    let text = Array("\(error.code.rawValue)\n\(error.zh)\n\(error.en)".utf8.prefix(Self.errorCapacity))
    text.withUnsafeBytes { _ = memcpy(base + Self.errorOffset, $0.baseAddress!, text.count) }
    gd_store32(word32(72), UInt32(text.count))
    _ = gd_add32(word32(56), 1)
  }

  /// The error of the last failed flush.
  var lastCutError: StoreError {
    let length = min(Int(gd_load32(word32(72))), Self.errorCapacity)
    let text = String(
      decoding: UnsafeRawBufferPointer(start: base + Self.errorOffset, count: length), as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let code = StoreError.Code(rawValue: lines.first.map(String.init) ?? "") ?? .io
    return StoreError(
      code, zh: lines.count > 1 ? String(lines[1]) : "写入磁盘失败，记录未保存。",
      en: lines.count > 2 ? String(lines[2]) : "Writing to the disk failed; nothing was saved.")
  }

  // MARK: - Waiting for DIR/DECIDE

  /// Moved on whenever a process lets `DIR/DECIDE` go: read it before trying the lock, then sleep on it.
  var decideReleases: UInt32 { gd_load32(word32(64)) }

  /// After letting `DIR/DECIDE` go: wakes the processes waiting for it (a system call only when any waits).
  func decideReleased() {
    _ = gd_add32(word32(64), 1)
    if gd_add32(word32(68), 0) != 0 { _ = gd_futex_wake(word32(64), Int32.max) }
  }

  /// Sleeps until `DIR/DECIDE` is let go after `seen` was read (or `nanoseconds` pass).
  func awaitDecideRelease(seen: UInt32, nanoseconds: Int64) {
    _ = gd_add32(word32(68), 1)
    _ = gd_futex_wait(word32(64), seen, nanoseconds)
    _ = gd_add32(word32(68), -1)
  }
}
