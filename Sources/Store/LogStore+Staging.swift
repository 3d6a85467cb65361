import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Group commit across processes.
///
/// An appender that finds the lock taken writes its batches to `DIR/stage/<pid>-<n>.rdy` (temp file and
/// rename; not fsynced: nothing is acknowledged from it) and then waits for the lock. The holder of the lock
/// adds every staged unit of a live process to its own write: for each it first writes a claim
/// (`.clm`: segment, offset, first seq), then writes and `fdatasync`s everything once, then renames each claim
/// to `.done` (or writes `.err` if the write failed). When the waiter gets the lock it finds `.done` and reads
/// its records back from the log; a `.clm` means the holder died mid-commit, so it checks which of its batches
/// are in the log (after the torn tail was cut), makes them durable with its own `fdatasync`, and appends the
/// rest itself. So no acknowledged record is lost and none is appended twice.
extension LogStore {
  var stageDirectory: String { directory + "/stage" }

  enum StagedOutcome {
    /// These first batches are durable in the log (possibly none); the rest still need appending.
    case committed([[Record]])
    case failed(StoreError)
  }

  static let stageMagic = Array("GDSTG001".utf8)

  static func encodeUnit(_ batches: [[PendingRecord]]) -> [UInt8] {
    var out = stageMagic
    Frame.appendLE(UInt32(batches.count), to: &out)
    for batch in batches {
      Frame.appendLE(UInt32(batch.count), to: &out)
      for record in batch {
        Frame.appendLE(UInt64(bitPattern: Frame.milliseconds(record.time)), to: &out)
        Frame.appendLE(record.actor.uid, to: &out)
        for text in [record.actor.login, record.actor.tty, record.actor.sshClient, record.type] {
          let bytes = Array(text.utf8)
          Frame.appendLE(UInt32(bytes.count), to: &out)
          out.append(contentsOf: bytes)
        }
        Frame.appendLE(UInt32(record.payload.count), to: &out)
        out.append(contentsOf: record.payload)
      }
    }
    return out
  }

  static func decodeUnit(_ raw: [UInt8]) -> [[PendingRecord]]? {
    var at = 0
    func take(_ count: Int) -> ArraySlice<UInt8>? {
      guard count >= 0, at + count <= raw.count else { return nil }
      defer { at += count }
      return raw[at..<at + count]
    }
    func int<T: FixedWidthInteger>(_ type: T.Type) -> T? {
      guard let bytes = take(MemoryLayout<T>.size) else { return nil }
      return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(as: T.self)) }
    }
    guard take(8).map({ $0.elementsEqual(stageMagic) }) == true, let batchCount = int(UInt32.self),
      batchCount <= 1 << 16
    else { return nil }
    var batches: [[PendingRecord]] = []
    for _ in 0..<batchCount {
      guard let count = int(UInt32.self), count <= 1 << 20 else { return nil }
      var batch: [PendingRecord] = []
      for _ in 0..<count {
        guard let ms = int(UInt64.self), let uid = int(UInt32.self) else { return nil }
        var texts: [String] = []
        for _ in 0..<4 {
          guard let length = int(UInt32.self), let bytes = take(Int(length)) else { return nil }
          texts.append(String(decoding: bytes, as: UTF8.self))
        }
        guard let length = int(UInt32.self), let payload = take(Int(length)) else { return nil }
        batch.append(
          PendingRecord(
            time: Date(timeIntervalSince1970: Double(Int64(bitPattern: ms)) / 1000),
            actor: StoreActor(login: texts[0], uid: uid, tty: texts[1], sshClient: texts[2]), type: texts[3],
            payload: Array(payload)))
      }
      batches.append(batch)
    }
    return at == raw.count ? batches : nil
  }

  /// Writes our batches where a lock holder can find them; returns the unit's id.
  func stage(_ batches: [[PendingRecord]]) throws -> String {
    stageCounter += 1
    let id = "\(getpid())-\(stageCounter)-\(UInt32.random(in: 0...UInt32.max))"
    let base = stageDirectory + "/" + id
    let fd = try FS.open(base + ".tmp", O_WRONLY | O_CREAT | O_TRUNC)
    defer { FS.close(fd) }
    try Self.encodeUnit(batches).withUnsafeBytes { try FS.pwrite(fd, $0, offset: 0, path: base + ".tmp") }
    try FS.rename(base + ".tmp", base + ".rdy")
    return id
  }

  static func writeSmallFile(_ path: String, _ text: String) throws {
    let fd = try FS.open(path + ".tmp", O_WRONLY | O_CREAT | O_TRUNC)
    defer { FS.close(fd) }
    try Array(text.utf8).withUnsafeBytes { try FS.pwrite(fd, $0, offset: 0, path: path) }
    try FS.rename(path + ".tmp", path)
  }

  /// Sleeps until the commit in progress ends (the holder keeps `DIR/COMMIT` exclusively while committing);
  /// if it committed our unit (or failed it), returns that without taking the main lock. Nil: take the lock.
  func waitForCommit(_ id: String, batches: [[PendingRecord]]) -> StagedOutcome? {
    let path = directory + "/COMMIT"
    guard (try? FS.flock(commitFD, LOCK_SH, path: path)) != nil else { return nil }
    try? FS.flock(commitFD, LOCK_UN, path: path)
    let base = stageDirectory + "/" + id
    guard FS.exists(base + ".done") || FS.exists(base + ".err") else { return nil }
    return resolveStaged(id, batches: batches)
  }

  /// Called with the lock held by a process that staged `id` (or, for `.done` and `.err`, without it):
  /// what became of it?
  func resolveStaged(_ id: String, batches: [[PendingRecord]]) -> StagedOutcome {
    let base = stageDirectory + "/" + id
    if let text = try? FS.readAll(base + ".done") {
      // The common case: committed by the holder, durable. Read the records back.
      unlink(base + ".done")
      let found = readBack(claim: String(decoding: text, as: UTF8.self), batches: batches)
      if found.count == batches.count { return .committed(found) }
      return .failed(
        StoreError(
          .corrupt, zh: "已提交的记录在日志中找不到，请运行 griddesk verify。",
          en: "Records reported committed are not in the log; run griddesk verify."))
    }
    defer {
      for suffix in [".rdy", ".clm", ".done", ".err"] { unlink(base + suffix) }
    }
    if let text = try? FS.readAll(base + ".err") {
      let lines = String(decoding: text, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
      let code = StoreError.Code(rawValue: lines.first.map(String.init) ?? "") ?? .io
      return .failed(
        StoreError(
          code, zh: lines.count > 1 ? String(lines[1]) : "写入失败", en: lines.count > 2 ? String(lines[2]) : "write failed"
        ))
    }
    if let text = try? FS.readAll(base + ".done") {
      let found = readBack(claim: String(decoding: text, as: UTF8.self), batches: batches)
      if found.count == batches.count { return .committed(found) }
      return .failed(
        StoreError(
          .corrupt, zh: "已提交的记录在日志中找不到，请运行 griddesk verify。",
          en: "Records reported committed are not in the log; run griddesk verify."))
    }
    if let text = try? FS.readAll(base + ".clm") {
      // The holder died while committing our batches: keep what reached the log, make it durable.
      do {
        try Self.advanceTail(&state, directory: directory, exclusive: true)
        let found = readBack(claim: String(decoding: text, as: UTF8.self), batches: batches)
        if !found.isEmpty {
          let path = logDirectory + "/" + (String(decoding: text, as: UTF8.self).split(separator: " ").first ?? "")
          let fd = try FS.open(path, O_RDWR)
          defer { FS.close(fd) }
          try FS.fdatasync(fd, path: path)
        }
        return .committed(found)
      } catch {
        return .failed(error as? StoreError ?? StoreError.system("fdatasync", path: directory, errno: EIO))
      }
    }
    return .committed([])
  }

  /// Reads back, from the position in a claim ("SEGMENT OFFSET FIRSTSEQ"), the leading batches of
  /// `batches` that are in the log with exactly this content, verified.
  func readBack(claim: String, batches: [[PendingRecord]]) -> [[Record]] {
    let parts = claim.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    guard parts.count == 3, SegmentHeader.firstSeq(fileName: parts[0]) != nil, let offset = Int(parts[1]),
      let firstSeq = UInt64(parts[2])
    else { return [] }
    let path = logDirectory + "/" + parts[0]
    guard let fd = try? FS.open(path, O_RDONLY) else { return [] }
    defer { FS.close(fd) }
    var total = 0
    for batch in batches {
      for record in batch {
        total +=
          Frame.overhead + Frame.minBody + record.actor.login.utf8.count + record.actor.tty.utf8.count
          + record.actor.sshClient.utf8.count + record.type.utf8.count + record.payload.count
      }
    }
    let buffer = RegionBuffer(capacity: total)
    guard let end = try? buffer.load(fd, from: offset, to: offset + total, path: path) else { return [] }
    var cursor = offset
    var seq = firstSeq
    var previous: ChainHash?
    var cache = Frame.ActorCache()
    var found: [[Record]] = []
    for batch in batches {
      var records: [Record] = []
      for (index, pending) in batch.enumerated() {
        guard case .ok(let size, let commit) = Frame.check(buffer.base, offset: cursor - offset, limit: end - offset)
        else { return found }
        let view = Frame.View(pointer: buffer.base + (cursor - offset), size: size)
        guard view.seq == seq, commit == (index == batch.count - 1), previous == nil || view.prevHash == previous,
          view.hashMatches, let record = view.record(reusing: &cache),
          Frame.milliseconds(record.time) == Frame.milliseconds(pending.time), record.actor == pending.actor,
          record.type == pending.type, record.payload == pending.payload
        else { return found }
        records.append(record)
        previous = record.hash
        seq += 1
        cursor += size
      }
      found.append(records)
    }
    return found
  }

  /// False when `DIR/stage` has not changed since it was last found without ready units (one `stat`
  /// instead of reading the directory on every append).
  func stagedUnitsMayExist() -> Bool {
    var info = stat()
    guard stat(stageDirectory, &info) == 0 else { return false }
    let time = (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec))
    return time != stageSeenTime
  }

  /// Staged units of live processes, up to a bound; stale files of dead processes are removed.
  func collectStaged() -> [(id: String, batches: [[PendingRecord]])] {
    var before = stat()
    let statted = stat(stageDirectory, &before) == 0
    guard let names = try? FS.list(stageDirectory) else { return [] }
    defer {
      // Remember an unchanged, empty-of-ready-units directory so the next append can skip listing it.
      var after = stat()
      if statted, stat(stageDirectory, &after) == 0, !names.contains(where: { $0.hasSuffix(".rdy") }),
        after.st_mtim.tv_sec == before.st_mtim.tv_sec, after.st_mtim.tv_nsec == before.st_mtim.tv_nsec
      {
        stageSeenTime = (Int(after.st_mtim.tv_sec), Int(after.st_mtim.tv_nsec))
      }
    }
    var units: [(id: String, batches: [[PendingRecord]])] = []
    var bytes = 0
    for name in names.sorted() {
      guard let pid = Int32(name.prefix { $0 != "-" }) else { continue }
      if kill(pid, 0) != 0 && errno == ESRCH {
        unlink(stageDirectory + "/" + name)  // left by a process that died (any suffix, temp files too)
        continue
      }
      let parts = name.split(separator: ".")
      guard parts.count == 2, parts[1] == "rdy", units.count < 256, bytes < 4 << 20 else { continue }
      let path = stageDirectory + "/" + name
      guard let raw = try? FS.readAll(path), let batches = Self.decodeUnit(raw),
        batches.allSatisfy({ !$0.isEmpty && Self.validate($0) == nil })
      else {
        unlink(path)
        continue
      }
      bytes += raw.count
      units.append((String(parts[0]), batches))
    }
    return units
  }
}
