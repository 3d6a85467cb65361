import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension LogStore {
  /// Copies the store up to the current head into `destination` (which must not exist or be empty) while
  /// other processes keep appending — the log is append-only, so the bytes up to the head never change —
  /// then verifies the copy and records the backup (time, head) in `DIR/backup.json`.
  public func backup(to destination: String) throws -> BackupReport {
    if FS.exists(destination) {
      guard FS.isDirectory(destination), (try FS.list(destination)).isEmpty else {
        throw StoreError(
          .backupTarget, zh: "备份目标 \(destination) 已存在且不为空。请换一个新目录。",
          en: "The backup destination \(destination) exists and is not empty. Choose a new directory.",
          path: destination)
      }
    }
    io.lock()
    try? refreshTail(exclusive: false)
    let segments = state.segments
    let tail = state.tail
    io.unlock()
    try FS.mkdirs(destination)
    try FS.mkdir(destination + "/log")
    try FS.mkdir(destination + "/snapshots")
    var bytes = 0
    for (index, segment) in segments.enumerated() where index <= tail.segment {
      let source = try FS.open(segment.path, O_RDONLY)
      defer { FS.close(source) }
      let end = index == tail.segment ? tail.offset : try FS.size(source, path: segment.path)
      bytes += try Self.copy(source, from: segment.path, count: end, to: destination + "/log/" + segment.name)
    }
    try FS.fsyncDirectory(destination + "/log")
    if let snapshot = latestSnapshot(), snapshot.head.seq <= tail.head.seq {
      try FS.writeAtomically(
        destination + "/snapshots/" + SnapshotFile.fileName(seq: snapshot.head.seq),
        SnapshotFile.encode(snapshot.bytes, covering: snapshot.head))
    }
    try FS.writeAtomically(destination + "/manifest.json", Self.manifestBytes(manifest))
    let check = Self.verify(directory: destination)
    guard check.ok, check.head == tail.head else {
      throw StoreError(
        .backupTarget, zh: "备份 \(destination) 校验失败：\(check.firstDamage?.description ?? "日志头不符")。请检查目标磁盘后重做。",
        en: "The backup in \(destination) failed verification: \(check.firstDamage?.description ?? "head differs"). "
          + "Check the destination disk and back up again.", path: destination)
    }
    let now = Date()
    let info = BackupInfo(time: now, head: tail.head.description, destination: destination)
    if !openedReadOnly {
      let encoder = JSONEncoder()
      encoder.dateEncodingStrategy = .iso8601
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try FS.writeAtomically(directory + "/backup.json", Array(try encoder.encode(info)) + [0x0A])
    }
    return BackupReport(destination: destination, head: tail.head, bytes: bytes, verified: true, time: now)
  }

  /// The last verified backup recorded in this store.
  public var lastBackup: BackupInfo? {
    guard let raw = try? FS.readAll(directory + "/backup.json") else { return nil }
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return try? decoder.decode(BackupInfo.self, from: Data(raw))
  }

  /// Copies the first `count` bytes of `source` into a new file and fsyncs it.
  static func copy(_ source: Int32, from sourcePath: String, count: Int, to path: String) throws -> Int {
    let target = try FS.open(path, O_WRONLY | O_CREAT | O_EXCL)
    defer { FS.close(target) }
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { chunk.deallocate() }
    var offset = 0
    while offset < count {
      let want = min(chunk.count, count - offset)
      let got = try FS.pread(
        source, UnsafeMutableRawBufferPointer(rebasing: chunk[0..<want]), offset: offset, path: sourcePath)
      if got == 0 { break }
      try FS.pwrite(target, UnsafeRawBufferPointer(rebasing: chunk[0..<got]), offset: offset, path: path)
      offset += got
    }
    try FS.fsync(target, path: path)
    return offset
  }
}
