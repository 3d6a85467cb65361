import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension LogStore {
  /// Moves the damaged part of the log (from the start of the batch holding the first bad record to the
  /// end, later segments included) into `DIR/quarantine-<time>/` and keeps everything before it. The cut
  /// is at a batch boundary: the good records of the damaged batch before the bad one are moved too (a
  /// batch is all there or not there), so that `verify` passes afterwards. Takes the lock, so appenders
  /// wait. Explicit and for administrators only: the caller checks who may run it.
  public static func repair(directory: String) throws -> RepairReport {
    _ = try readManifest(directory + "/manifest.json")
    let lockPath = directory + "/LOCK"
    let lockFD = try FS.open(lockPath, O_RDWR | O_CREAT)
    defer { FS.close(lockFD) }
    try FS.flock(lockFD, LOCK_EX, path: lockPath)
    defer { try? FS.flock(lockFD, LOCK_UN, path: lockPath) }
    let before = verify(directory: directory)
    guard let damage = before.firstDamage else {
      return RepairReport(damage: nil, head: before.head, quarantine: nil, bytesMoved: 0)
    }
    let logDirectory = directory + "/log"
    let cut = try batchStart(before: damage)
    let quarantine = directory + "/quarantine-\(Frame.milliseconds(Date()))"
    try FS.mkdir(quarantine)
    let names = try FS.list(logDirectory).filter { SegmentHeader.firstSeq(fileName: $0) != nil }.sorted()
    var moved = 0
    var files: [String] = []
    var readable = 0
    var reached = false
    for name in names {
      let path = logDirectory + "/" + name
      if path == damage.segment {
        reached = true
        let size = FS.size(path: path) ?? 0
        if cut <= SegmentHeader.size {
          readable += countReadable(path: path, from: SegmentHeader.size)
          moved += size
          try FS.rename(path, quarantine + "/" + name)
          files.append(name)
        } else {
          readable += countReadable(path: path, from: cut)
          let fd = try FS.open(path, O_RDWR)
          defer { FS.close(fd) }
          var bytes = [UInt8](repeating: 0, count: max(0, size - cut))
          let n = try bytes.withUnsafeMutableBytes { try FS.pread(fd, $0, offset: cut, path: path) }
          bytes.removeLast(bytes.count - n)
          // Not megabytes of a preallocated segment's zeros: up to the last byte that is not zero, rounded
          // up to 4 KiB (as for a torn tail).
          let keep = min(bytes.count, (Scan.nonZeroEnd(bytes, count: bytes.count) + 4095) / 4096 * 4096)
          bytes.removeLast(bytes.count - keep)
          let side = "\(name).from-\(cut)"
          try FS.writeAtomically(quarantine + "/" + side, bytes)
          files.append(side)
          try FS.truncate(fd, to: cut, path: path)
          try FS.fsync(fd, path: path)
          moved += bytes.count
        }
      } else if reached {
        readable += countReadable(path: path, from: SegmentHeader.size)
        moved += FS.size(path: path) ?? 0
        try FS.rename(path, quarantine + "/" + name)
        files.append(name)
      }
    }
    try FS.fsyncDirectory(quarantine)
    try FS.fsyncDirectory(logDirectory)
    try FS.fsyncDirectory(directory)
    let after = verify(directory: directory)
    var report = RepairReport(damage: damage, head: after.head, quarantine: quarantine, bytesMoved: moved)
    report.cutSegment = damage.segment
    report.cutOffset = max(cut, SegmentHeader.size)
    report.readableRecordsMoved = readable
    report.filesMoved = files
    return report
  }

  /// The start of the batch that holds the bad record at `damage`: the end of the last committed batch
  /// before it in its segment (segments start at batch boundaries). 0 for damage in a segment's header.
  static func batchStart(before damage: Damage) throws -> Int {
    guard damage.offset > SegmentHeader.size else { return damage.offset }
    let fd = try FS.open(damage.segment, O_RDONLY)
    defer { FS.close(fd) }
    let buffer = RegionBuffer(capacity: damage.offset)
    let got = try buffer.load(fd, from: 0, to: damage.offset, path: damage.segment)
    guard case .success(let header) = SegmentHeader.decode(UnsafeRawBufferPointer(start: buffer.base, count: got))
    else { return 0 }
    let outcome = Scan.walk(
      buffer.base, origin: 0, start: SegmentHeader.size, limit: got,
      expected: Head(seq: header.firstSeq - 1, hash: header.prevHash), zeroEnds: header.preallocated)
    return outcome.committedEnd
  }

  /// How many frames with a good checksum a segment holds from `offset` on, looking past bad bytes for the
  /// next good frame (what the moved part still holds, for the report; nothing is read from there again).
  static func countReadable(path: String, from offset: Int) -> Int {
    guard let fd = try? FS.open(path, O_RDONLY) else { return 0 }  // only counted for the report
    defer { FS.close(fd) }
    guard let size = try? FS.size(fd, path: path), size > offset else { return 0 }
    let buffer = RegionBuffer(capacity: size - offset)
    guard let got = try? buffer.load(fd, from: offset, to: size, path: path) else { return 0 }
    let limit = Scan.nonZeroEnd(buffer.base, count: got - offset)
    var at = 0
    var count = 0
    while at + Frame.headerSize <= limit {
      if case .ok(let frameSize, _) = Frame.check(buffer.base, offset: at, limit: limit) {
        count += 1
        at += frameSize
      } else {
        at += 1
      }
    }
    return count
  }
}
