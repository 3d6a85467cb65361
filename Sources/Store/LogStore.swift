import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The append-only log store over one directory, shared by many processes (see docs/store-format.md).
///
/// One handle per directory per process: it is internally locked, so threads share it. Appends are
/// serialised across processes with `flock` on `DIR/LOCK`; they are written without waiting for the disk
/// and acknowledged once a flush covers them, and one waiting appender flushes for all of them (group
/// commit across processes, through the flush board `DIR/FLUSH`).
public final class LogStore: @unchecked Sendable {
  /// The format version this code writes (new stores) and reads (this and every earlier one). Version 2
  /// preallocates segments (zero bytes after the last record are unused space); a store of version 1 keeps
  /// writing version-1 segments, so that older programs still running on it understand them.
  public static let formatVersion = 2
  /// A new segment is started once the current one reaches this size.
  static let segmentLimit = 8 << 20

  public let directory: String
  let logDirectory: String
  let snapshotDirectory: String
  public let manifest: Manifest
  /// Whether the store was opened read-only on purpose (`--read-only`), as opposed to made read-only by
  /// damage.
  public let openedReadOnly: Bool
  let lockPath: String
  /// `flock` descriptor on `DIR/LOCK`; -1 for a read-only handle.
  let lockFD: Int32
  /// The flush board (`DIR/FLUSH`) for group commit across processes; nil for a read-only handle (and
  /// when it cannot be mapped: then every append flushes before it lets `DIR/LOCK` go).
  let board: FlushBoard?

  /// Whether this handle created the store (wrote its manifest); false when it opened an existing one.
  public internal(set) var created = false
  /// Opening's check of the segments before the last (on a thread of its own).
  let integrity = IntegrityCheck()
  /// Guards `state` and every file operation that changes it.
  let io = NSLock()
  var state: State
  /// Taken by the threads of this process that flush, around `flock` on the board (which does not keep
  /// apart two threads using one descriptor).
  let flushing = NSLock()
  /// `DIR/DECIDE`, opened on first use by `withDecisionLock` (guarded by `io`).
  private var decideFD: Int32 = -1
  /// How deep this handle is in `withDecisionLock` (guarded by `io`): an inner call neither takes nor
  /// lets go the lock the outer one holds.
  var decideDepth = 0
  /// How many batches this handle has written (guarded by `io`; for `GRIDDESK_TEST_CRASH`).
  private var writes = 0
  /// How many flushes this handle made for waiting appenders (guarded by `io`).
  var flushes = 0
  /// Tests only: the next flush of this handle fails with this error, as a failing `fdatasync` would
  /// (guarded by `io`).
  var failNextFlush: StoreError?

  struct Segment: Hashable {
    var name: String
    var header: SegmentHeader
    var path: String
  }

  /// A place in the log: just after the record `head`, at `offset` in segment `segment`.
  struct Position: Hashable {
    var segment: Int
    var offset: Int
    var head: Head
  }

  struct State {
    var segments: [Segment] = []
    /// End of the last committed, verified record this handle knows.
    var tail = Position(segment: -1, offset: SegmentHeader.size, head: .empty)
    /// Descriptor of the tail segment (read-write unless read-only).
    var tailFD: Int32 = -1
    /// How far `catchUp` has delivered.
    var seen = Position(segment: -1, offset: SegmentHeader.size, head: .empty)
    var damage: Damage?
    var notes: [StoreNote] = []
    /// A failed write that could not be undone: nothing more is written by this handle.
    var poisoned: StoreError?
    /// The version of the segments this handle creates (2 in a store of format 2, else 1).
    var segmentVersion: UInt32 = SegmentHeader.formatVersion
    /// The size of the tail segment file as last seen (-1: unknown); a write that would go past it first
    /// preallocates, so that its `fdatasync` need not also commit a new file size.
    var tailSize = -1
    /// Whether this handle writes: every segment it opens is opened read-write, also when it first meets
    /// the segment while catching up without the lock (another process started it), since the same
    /// descriptor later carries its appends.
    var writable = false
    /// Where a reader last found a torn tail (not judged again until the tail moves).
    var tornSeen: Position?
    /// The board's cut counter when this state was read from the disk (see `refreshTail`).
    var cutsSeen: UInt32 = 0
  }

  private init(
    directory: String, manifest: Manifest, readOnly: Bool, lockFD: Int32, board: FlushBoard? = nil, state: State
  ) {
    self.directory = directory
    self.logDirectory = directory + "/log"
    self.snapshotDirectory = directory + "/snapshots"
    self.lockPath = directory + "/LOCK"
    self.manifest = manifest
    self.openedReadOnly = readOnly
    self.lockFD = lockFD
    self.board = board
    self.state = state
  }

  deinit {
    if decideFD >= 0 { FS.close(decideFD) }
    FS.close(state.tailFD)
    FS.close(lockFD)
  }

  // MARK: - Opening

  /// Opens (and if needed creates) the store in `directory`.
  ///
  /// A torn tail (an incomplete record at the very end) is cut off and kept in a side file; damage
  /// anywhere else leaves the handle read-only with a note naming the segment file and byte offset. The
  /// segments before the last are checked on a thread of their own (`integrityDamage()` waits for it;
  /// appending does too).
  public static func open(
    directory: String, createIfMissing: Bool = true, demo: Bool = false, readOnly: Bool = false
  ) throws -> LogStore {
    ignoreFileSizeSignal()
    var dir = directory
    while dir.count > 1 && dir.hasSuffix("/") { dir.removeLast() }
    if FS.isDirectory(dir) {
      // An account outside the hall's group is told so (and which group), not that this is no store.
      try FS.checkAccess(dir, write: !readOnly)
    } else {
      if readOnly || !createIfMissing {
        throw StoreError(
          .notFound, zh: "找不到数据目录 \(dir)。请检查 --store 路径。", en: "No store at \(dir). Check the --store path.",
          path: dir)
      }
      try FS.mkdirs(dir)
    }
    let manifestPath = dir + "/manifest.json"
    if readOnly {
      let manifest = try readManifest(manifestPath)
      let state = try loadState(directory: dir, exclusive: false, writable: false)
      let store = LogStore(directory: dir, manifest: manifest, readOnly: true, lockFD: -1, state: state)
      store.startIntegrityCheck()
      return store
    }
    try FS.mkdir(dir + "/log")
    try FS.mkdir(dir + "/snapshots")
    let lockFD = try FS.open(dir + "/LOCK", O_RDWR | O_CREAT)
    do {
      try FS.flock(lockFD, LOCK_EX, path: dir + "/LOCK")
      defer { try? FS.flock(lockFD, LOCK_UN, path: dir + "/LOCK") }
      let manifest: Manifest
      var created = false
      if FS.exists(manifestPath) || !createIfMissing {
        manifest = try readManifest(manifestPath)  // without one: "not a store"
      } else {
        // Created under the lock (one process creates, the others open what it made), the manifest last:
        // it is the commit point. Until it exists the directory is no store (commands that do not create
        // say so), and what an unfinished creation left (a first segment without records) is made again.
        try removeUnfinishedCreation(dir)
        manifest = Manifest(formatVersion: formatVersion, demo: demo, created: Date())
        try createSegment(
          logDirectory: dir + "/log",
          header: SegmentHeader(firstSeq: 1, prevHash: .zero, version: manifest.formatVersion >= 2 ? 2 : 1))
        try FS.writeAtomically(manifestPath, try manifestBytes(manifest))
        created = true
      }
      var state = try loadState(
        directory: dir, exclusive: true, writable: true, segmentVersion: manifest.formatVersion >= 2 ? 2 : 1)
      // Under the lock, with the log's end as just found (a torn tail cut): the board's mark is checked
      // against it (docs/store-format.md).
      var board: FlushBoard?
      if state.damage == nil, state.tail.segment >= 0 {
        let tail = state.tail
        board = FlushBoard.open(
          directory: dir,
          tail: FlushBoard.Mark(
            seq: tail.head.seq, segment: state.segments[tail.segment].header.firstSeq, offset: tail.offset))
        state.cutsSeen = board?.cuts ?? 0
      }
      let store = LogStore(
        directory: dir, manifest: manifest, readOnly: false, lockFD: lockFD, board: board, state: state)
      store.created = created
      store.startIntegrityCheck()
      return store
    } catch {
      FS.close(lockFD)
      throw error
    }
  }

  /// Before a store is created (no manifest, under the lock): removes a first segment that holds no record,
  /// left by a creation that stopped before its manifest was written. Log files with records and no
  /// manifest are not a creation's leftovers: refused, nothing removed.
  static func removeUnfinishedCreation(_ dir: String) throws {
    let logDirectory = dir + "/log"
    let names = try FS.list(logDirectory).filter { SegmentHeader.firstSeq(fileName: $0) != nil }
    let noManifest = StoreError(
      .notAStore, zh: "数据目录 \(dir) 缺少 manifest.json，但有日志文件。请联系管理员，不要手工修改。",
      en: "The store \(dir) has log files but no manifest.json. Call the administrator; do not edit it by hand.",
      path: dir + "/manifest.json")
    guard !names.isEmpty else { return }
    guard names == [SegmentHeader.fileName(firstSeq: 1)] else { throw noManifest }
    let path = logDirectory + "/" + names[0]
    let fd = try FS.open(path, O_RDONLY)
    defer { FS.close(fd) }
    let size = try FS.size(fd, path: path)
    if size > SegmentHeader.size {
      guard try zeroFrom(fd, SegmentHeader.size, path: path) else { throw noManifest }
    }
    if unlink(path) != 0 { throw StoreError.system("unlink", path: path, errno: errno) }
  }

  static func manifestBytes(_ manifest: Manifest) throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return Array(try encoder.encode(manifest)) + [0x0A]
  }

  static func readManifest(_ path: String) throws -> Manifest {
    guard FS.exists(path) else {
      throw StoreError(
        .notAStore, zh: "\(FS.parent(of: path)) 不是 GridDesk 数据目录（缺少 manifest.json）。",
        en: "\(FS.parent(of: path)) is not a GridDesk store (no manifest.json).", path: path)
    }
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    let raw = try FS.readAll(path)  // no permission, say: that error, not "cannot be read"
    guard let manifest = try? decoder.decode(Manifest.self, from: Data(raw)) else {
      throw StoreError(
        .notAStore, zh: "manifest.json 无法读取（\(path)）。请联系管理员。",
        en: "manifest.json cannot be read (\(path)). Call the administrator.", path: path)
    }
    guard manifest.formatVersion <= formatVersion else {
      throw StoreError(
        .unsupportedVersion,
        zh: "数据格式版本 \(manifest.formatVersion) 比本程序新（支持 \(formatVersion)）。请升级 GridDesk。",
        en: "Store format version \(manifest.formatVersion) is newer than this program supports (\(formatVersion)). "
          + "Upgrade GridDesk.", path: path)
    }
    return manifest
  }

  /// Lists the segments, checks their headers, and finds the tail by walking the last segment (with
  /// `exclusive`, all of it: a preallocated segment must be zero after its last record).
  static func loadState(
    directory: String, exclusive: Bool, writable: Bool, segmentVersion: UInt32 = SegmentHeader.formatVersion
  ) throws -> State {
    let logDirectory = directory + "/log"
    var state = State()
    state.segmentVersion = segmentVersion
    state.writable = writable
    guard FS.isDirectory(logDirectory) else { return state }
    var names: [(UInt64, String)] = []
    for name in try FS.list(logDirectory) {
      if let first = SegmentHeader.firstSeq(fileName: name) {
        names.append((first, name))
      } else if exclusive && name.hasSuffix(".seg.tmp") {
        unlink(logDirectory + "/" + name)  // a segment whose creation did not finish; it holds no records
      }
    }
    names.sort { $0.0 < $1.0 }
    if names.isEmpty {
      guard exclusive else { return state }
      try createSegment(
        logDirectory: logDirectory, header: SegmentHeader(firstSeq: 1, prevHash: .zero, version: segmentVersion))
      names = [(1, SegmentHeader.fileName(firstSeq: 1))]
    }
    for (first, name) in names {
      let path = logDirectory + "/" + name
      let fd = try FS.open(path, O_RDONLY)
      defer { FS.close(fd) }
      var raw = [UInt8](repeating: 0, count: SegmentHeader.size)
      let n = try raw.withUnsafeMutableBytes { try FS.pread(fd, $0, offset: 0, path: path) }
      let decoded = raw.withUnsafeBytes { SegmentHeader.decode(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
      switch decoded {
      case .failure(let problem):
        state.damage = Damage(kind: .corrupt, segment: path, offset: 0, expectedSeq: first, reason: problem.reason)
      case .success(let header) where header.firstSeq != first:
        state.damage = Damage(
          kind: .corrupt, segment: path, offset: 0, expectedSeq: first,
          reason: "segment header says first seq \(header.firstSeq)")
      case .success(let header):
        state.segments.append(Segment(name: name, header: header, path: path))
      }
      if state.damage != nil { break }
    }
    if let damage = state.damage {
      state.notes.append(note(for: damage))
      if state.segments.isEmpty { return state }
    }
    let lastIndex = state.segments.count - 1
    let last = state.segments[lastIndex]
    state.tailFD = try FS.open(last.path, writable ? O_RDWR : O_RDONLY)
    state.tail = Position(
      segment: lastIndex, offset: SegmentHeader.size,
      head: Head(seq: last.header.firstSeq - 1, hash: last.header.prevHash))
    if state.damage == nil {
      try advanceTail(&state, directory: directory, exclusive: exclusive, thorough: exclusive)
    }
    state.seen = state.tail
    return state
  }

  static func note(for damage: Damage) -> StoreNote {
    let error = damage.error
    return StoreNote(
      kind: damage.kind == .tornTail ? .tornTailSeen : .corruption, zh: error.zh, en: error.en,
      segment: damage.segment, offset: damage.offset, bytes: nil, sideFile: nil)
  }

  /// Creates a segment durably: temp file, fsync, rename, directory fsync. A version-2 segment is
  /// preallocated to `segmentLimit` (zeros), so that appends do not change the file's size.
  static func createSegment(logDirectory: String, header: SegmentHeader) throws {
    let path = logDirectory + "/" + SegmentHeader.fileName(firstSeq: header.firstSeq)
    let temp = path + ".tmp"
    let fd = try FS.open(temp, O_WRONLY | O_CREAT | O_TRUNC)
    do {
      try header.encoded.withUnsafeBytes { try FS.pwrite(fd, $0, offset: 0, path: temp) }
      if header.preallocated { _ = FS.preallocate(fd, from: SegmentHeader.size, to: segmentLimit) }
      try FS.fsync(fd, path: temp)
      FS.close(fd)
      try FS.rename(temp, path)
    } catch {
      FS.close(fd)
      unlink(temp)
      throw error
    }
    try FS.fsyncDirectory(logDirectory)
  }

  /// Moves the tail over whatever complete, verified records other processes appended, into later
  /// segments too. With `exclusive` (the caller holds the `flock`) a torn tail is cut off and kept aside,
  /// and damage becomes `state.damage`; without it, walking just stops where the good records end (a
  /// writer may be in the middle of its write).
  static func advanceTail(_ state: inout State, directory: String, exclusive: Bool, thorough: Bool = false) throws {
    if state.segments.isEmpty && state.damage == nil {
      // A read-only handle opened before the first segment existed.
      guard FS.exists(directory + "/log/" + SegmentHeader.fileName(firstSeq: 1)) else { return }
      let notes = state.notes
      state = try loadState(
        directory: directory, exclusive: exclusive, writable: state.writable, segmentVersion: state.segmentVersion)
      state.notes = notes + state.notes
      state.seen = Position(segment: 0, offset: SegmentHeader.size, head: .empty)
      return
    }
    // New records are read in windows from the tail (a preallocated segment's size says nothing about
    // where its records end); the common case, nothing new, costs one small `pread`. The window grows
    // while it keeps filling with good records (a long catch-up reads big pieces).
    var window = 1 << 10
    var buffer: RegionBuffer?
    while state.damage == nil, state.tail.segment >= 0 {
      let segment = state.segments[state.tail.segment]
      let zeroEnds = segment.header.preallocated
      var settled = false
      while !settled {
        if buffer == nil || buffer!.memory.count < window { buffer = RegionBuffer(capacity: window) }
        guard let buffer else { return }
        let from = state.tail.offset
        let got = try buffer.load(state.tailFD, from: from, to: from + window, path: segment.path)
        let atEOF = got < from + window
        if atEOF { state.tailSize = got }
        if got == from {
          if try FS.size(state.tailFD, path: segment.path) < from {
            // Someone cut the log below what we knew (repair): start again from the disk.
            let notes = state.notes
            let version = state.segmentVersion
            let writable = state.writable
            FS.close(state.tailFD)
            state = try loadState(
              directory: directory, exclusive: exclusive, writable: writable, segmentVersion: version)
            state.notes = notes + state.notes
            return
          }
          break
        }
        let outcome = Scan.walk(
          buffer.base, origin: from, start: from, limit: got, expected: state.tail.head, zeroEnds: zeroEnds)
        state.tail.offset = outcome.committedEnd
        state.tail.head = outcome.committedHead
        if outcome.clean && !outcome.endMark {
          // Every frame of the window was good: read on (or, at the end of the file, stop).
          if atEOF { settled = true }
          window = min(window * 4, 8 << 20)
          continue
        }
        let zerosFollow =
          outcome.clean && outcome.endMark
          && Scan.isZero(buffer.base + (outcome.stop - from), count: got - outcome.stop)
        if zerosFollow, try !thorough || atEOF || zeroFrom(state.tailFD, got, path: segment.path) {
          // The end of what was written: zeros follow (checked to the end of the file when `thorough`).
          settled = true
          continue
        }
        if !atEOF && (outcome.incomplete || (outcome.problem == nil && !outcome.endMark)) {
          // A frame or a batch goes on past the window: a bigger one.
          if outcome.committedEnd == from { window *= 4 }
          continue
        }
        if outcome.problem != nil && !outcome.framingProblem {
          state.damage = Damage(
            kind: .corrupt, segment: segment.path, offset: outcome.stop, expectedSeq: outcome.committedHead.seq + 1,
            reason: outcome.problem ?? "")
          state.notes.append(note(for: state.damage!))
          return
        }
        // Not clean: a torn tail is told from corruption from the whole rest of the segment, under the
        // lock (a reader takes it shared, since a writer may be in the middle of its write).
        if exclusive {
          try settleTail(&state, directory: directory, segment: segment)
        } else {
          try inspectTailShared(&state, directory: directory, segment: segment)
        }
        return
      }
      // At the end of this segment: has the next one appeared? Only a full segment is followed by another.
      guard state.tail.head.seq + 1 > segment.header.firstSeq, state.tail.offset >= segmentLimit else { return }
      let nextName = SegmentHeader.fileName(firstSeq: state.tail.head.seq + 1)
      let nextPath = directory + "/log/" + nextName
      guard FS.exists(nextPath) else { return }
      let fd = try FS.open(nextPath, state.writable ? O_RDWR : O_RDONLY)
      var raw = [UInt8](repeating: 0, count: SegmentHeader.size)
      let n = try raw.withUnsafeMutableBytes { try FS.pread(fd, $0, offset: 0, path: nextPath) }
      let decoded = raw.withUnsafeBytes { SegmentHeader.decode(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
      guard case .success(let header) = decoded, header.firstSeq == state.tail.head.seq + 1,
        header.prevHash == state.tail.head.hash
      else {
        FS.close(fd)
        if !exclusive, n < SegmentHeader.size { return }
        let reason: String
        if case .failure(let problem) = decoded {
          reason = problem.reason
        } else {
          reason = "segment does not continue the chain"
        }
        state.damage = Damage(
          kind: .corrupt, segment: nextPath, offset: 0, expectedSeq: state.tail.head.seq + 1, reason: reason)
        state.notes.append(note(for: state.damage!))
        return
      }
      FS.close(state.tailFD)
      state.tailFD = fd
      state.tailSize = -1
      state.segments.append(Segment(name: nextName, header: header, path: nextPath))
      state.tail = Position(segment: state.segments.count - 1, offset: SegmentHeader.size, head: state.tail.head)
    }
  }

  /// Whether every byte of the file from `offset` to its end is zero (read in 1 MiB pieces).
  static func zeroFrom(_ fd: Int32, _ offset: Int, path: String) throws -> Bool {
    let buffer = RegionBuffer(capacity: 1 << 20)
    var at = offset
    while true {
      let got = try buffer.load(fd, from: at, to: at + (1 << 20), path: path)
      if !Scan.isZero(buffer.base, count: got - at) { return false }
      if got < at + (1 << 20) { return true }
      at = got
    }
  }

  /// What the bytes after the last good committed record of the last segment are.
  enum TailVerdict {
    /// Nothing but zeros (or nothing) after the records: a write finished meanwhile, or unused space.
    case clean
    /// An incomplete record or batch (a torn write): cut it, keeping the bytes up to `keep` aside.
    case torn(keep: Int)
    case damage(Damage)
  }

  /// Loads the rest of the last segment whole (from the tail in `state`) and tells a torn tail from
  /// corruption. Only stable bytes can be judged: the caller holds `LOCK` (exclusive to cut a torn tail,
  /// shared to look). In a preallocated segment, bytes that are not zero after the zero end mark count as
  /// bytes after the end. Returns the walk's outcome too (the committed end and head).
  static func judgeTail(_ state: State, directory: String, segment: Segment) throws -> (Scan.Outcome, TailVerdict) {
    let from = state.tail.offset
    let size = try FS.size(state.tailFD, path: segment.path)
    let buffer = RegionBuffer(capacity: max(0, size - from))
    let end = try buffer.load(state.tailFD, from: from, to: size, path: segment.path)
    let outcome = Scan.walk(
      buffer.base, origin: from, start: from, limit: end, expected: state.tail.head,
      zeroEnds: segment.header.preallocated)
    func damage(_ offset: Int, _ reason: String) -> TailVerdict {
      .damage(
        Damage(
          kind: .corrupt, segment: segment.path, offset: offset, expectedSeq: outcome.committedHead.seq + 1,
          reason: reason))
    }
    // Where the bytes that are not zero end (a torn write leaves nothing but zeros after it).
    let dataEnd = from + Scan.nonZeroEnd(buffer.base, count: end - from)
    let problem = outcome.problem
    if outcome.endMark && dataEnd > outcome.stop {
      // Bytes after zeros after the records: a killed writer leaves a piece that starts right at the end,
      // so these are damage (or pages of a write that reached the disk out of order at a power loss).
      return (
        outcome,
        damage(outcome.stop, "bytes that are not zero after the end of the records (at byte \(dataEnd - 1))")
      )
    }
    if problem == nil && outcome.committedEnd == outcome.stop { return (outcome, .clean) }
    if problem != nil && !outcome.framingProblem { return (outcome, damage(outcome.stop, problem ?? "")) }
    let later = try laterSegmentExists(directory: directory, after: segment.header.firstSeq)
    let validAfter =
      problem != nil
      && Scan.validFrameExists(buffer.base, origin: from, after: outcome.stop, limit: min(end, dataEnd + 32))
    if later || validAfter {
      let at = problem != nil && !validAfter ? outcome.committedEnd : outcome.stop
      return (
        outcome,
        damage(
          problem == nil ? outcome.committedEnd : at,
          later ? "bad data before the end of a segment that is not the last" : (problem ?? ""))
      )
    }
    if let problem,
      !Scan.isIncompleteRecord(buffer.base, origin: from, stop: outcome.stop, dataEnd: dataEnd, end: end)
    {
      // A whole record (or bytes that are no record's start) failing its checks: damage, even at the end.
      // It may have been acknowledged; cutting it would give its seq to another record.
      return (outcome, damage(outcome.stop, Scan.completeRecordReason(problem)))
    }
    // Keep what is cut: up to the last byte that is not zero (rounded up to a page), not megabytes of zeros.
    let keep = segment.header.preallocated ? min(size, (dataEnd + 4095) / 4096 * 4096) : size
    return (outcome, .torn(keep: max(keep, outcome.committedEnd)))
  }

  /// The tail of the last segment is not clean (under the exclusive lock): a torn tail is cut off and kept
  /// aside; corruption becomes `state.damage`.
  static func settleTail(_ state: inout State, directory: String, segment: Segment) throws {
    let (outcome, verdict) = try judgeTail(state, directory: directory, segment: segment)
    state.tail.offset = outcome.committedEnd
    state.tail.head = outcome.committedHead
    switch verdict {
    case .clean:
      return
    case .damage(let damage):
      state.damage = damage
      state.notes.append(note(for: damage))
    case .torn(let keep):
      try cutTornTail(&state, directory: directory, segment: segment, size: keep)
    }
  }

  /// A reader found the tail not clean: a writer may be in the middle of its write, so it looks again
  /// holding `LOCK` shared (appenders hold it exclusively while they write; this waits for at most one
  /// write). Damage becomes `state.damage`, so that a reader never presents a log cut short at damage as
  /// the whole log; a torn tail (left by a process that died, cut by the next writer) is remembered, so
  /// that it is not judged again until the tail moves. When the lock file cannot be opened (a copy
  /// without it, no permission), the reader stops at the last good record as before.
  static func inspectTailShared(_ state: inout State, directory: String, segment: Segment) throws {
    if state.tornSeen == state.tail { return }
    let lockPath = directory + "/LOCK"
    // No lock file to take (a copy without one, or no permission): then no writer can be told apart.
    guard let fd = try? FS.open(lockPath, O_RDONLY | O_CLOEXEC) else { return }
    defer { FS.close(fd) }
    try FS.flock(fd, LOCK_SH, path: lockPath)
    defer { try? FS.flock(fd, LOCK_UN, path: lockPath) }
    // The tail as the walk left it is a committed end: judging starts there.
    let (outcome, verdict) = try judgeTail(state, directory: directory, segment: segment)
    switch verdict {
    case .clean:
      return  // the write finished meanwhile: the next catch-up reads it
    case .torn:
      state.tail.offset = outcome.committedEnd
      state.tail.head = outcome.committedHead
      state.tornSeen = state.tail
    case .damage(let damage):
      state.tail.offset = outcome.committedEnd
      state.tail.head = outcome.committedHead
      state.damage = damage
      state.notes.append(note(for: damage))
    }
  }

  static func laterSegmentExists(directory: String, after first: UInt64) throws -> Bool {
    try FS.list(directory + "/log").contains { (SegmentHeader.firstSeq(fileName: $0) ?? 0) > first }
  }

  /// Keeps the bytes after the last good record in a side file, then truncates them off.
  static func cutTornTail(_ state: inout State, directory: String, segment: Segment, size: Int) throws {
    let from = state.tail.offset
    var bytes = [UInt8](repeating: 0, count: size - from)
    let n = try bytes.withUnsafeMutableBytes { try FS.pread(state.tailFD, $0, offset: from, path: segment.path) }
    bytes.removeLast(bytes.count - n)
    let millis = Frame.milliseconds(Date())
    let side = directory + "/torn-\(segment.name)-\(from)-\(millis).broken"
    try FS.writeAtomically(side, bytes)
    try FS.truncate(state.tailFD, to: from, path: segment.path)
    try FS.fdatasync(state.tailFD, path: segment.path)
    state.notes.append(
      StoreNote(
        kind: .tornTailCut,
        zh: "日志末尾有未写完的记录（\(size - from) 字节，\(segment.path) 第 \(from) 字节起），已切除并保存到 \(side)。"
          + "已确认的记录都在。",
        en: "An incomplete record at the end of the log (\(size - from) bytes at byte \(from) of \(segment.path)) "
          + "was cut off and kept in \(side). Every acknowledged record is intact.",
        segment: segment.path, offset: from, bytes: size - from, sideFile: side))
  }

  private static let signalOnce: Void = { signal(SIGXFSZ, SIG_IGN) }()

  /// A write past `RLIMIT_FSIZE` should fail with EFBIG, not kill the process.
  static func ignoreFileSizeSignal() { _ = signalOnce }

  // MARK: - State

  /// True when opened read-only, or when damage was found (then nothing more is written).
  public var isReadOnly: Bool {
    io.lock()
    defer { io.unlock() }
    return openedReadOnly || state.damage != nil || state.poisoned != nil || integrity.damage != nil
  }

  /// What the store noticed and did since it was opened (torn tail cut, corruption, failed writes).
  public var openNotes: [StoreNote] {
    io.lock()
    defer { io.unlock() }
    return state.notes
  }

  /// The first damage this handle found, if any (opening's check of the earlier segments may still be
  /// running: `integrityDamage()` waits for it).
  public var damage: Damage? {
    io.lock()
    defer { io.unlock() }
    return state.damage ?? integrity.damage
  }

  /// The head as this handle last saw it (refreshed by `catchUp`, `read` and `append`).
  public var head: Head {
    io.lock()
    defer { io.unlock() }
    return state.tail.head
  }

  // MARK: - Appending

  /// Appends `records` as one batch, after anything other processes appended; returns them with their seq
  /// and hashes. Returns only after the records are durable (`fdatasync`). A batch is atomic: after a crash
  /// all of it or none of it is there.
  ///
  /// - Throws: `StoreError` — nothing of this batch was acknowledged (and, but for a process killed in
  ///   between, nothing of it is in the log).
  @discardableResult
  public func append(_ records: [PendingRecord]) throws -> [Record] {
    try append(records, expectingHead: nil)
  }

  /// Appends only if the head is still at `expectingHead` when the batch is written under the lock, so
  /// that a decision made on the projections at that head is never recorded on top of records it did
  /// not see (two clerks taking the same order number). Otherwise throws `.headMoved`, and the caller
  /// catches up and decides again. Returns once the batch is durable: `write` then `awaitDurable`.
  @discardableResult
  public func append(_ records: [PendingRecord], expectingHead: UInt64?) throws -> [Record] {
    try awaitDurable(try write(records, expectingHead: expectingHead))
  }

  /// Writes `records` as one batch at the end of the log (if `expectingHead` is given, only if the head
  /// is still there), under `DIR/LOCK`, *without* waiting for the disk: the batch is in the log, other
  /// processes read it and may append after it, but it is not acknowledged until `awaitDurable` returns.
  /// The engine writes its decision holding `DIR/DECIDE`, lets the lock go, then waits: the next terminal
  /// decides meanwhile, and one `fdatasync` carries several terminals' decisions (group commit).
  ///
  /// - Throws: `StoreError` — nothing was written (`.headMoved`: the head is elsewhere, decide again).
  public func write(_ records: [PendingRecord], expectingHead: UInt64?) throws -> WrittenBatch {
    if records.isEmpty { return WrittenBatch(records: [], segment: 0, end: 0, cuts: 0, durable: true) }
    // Nothing is written on a log whose earlier segments have not been checked.
    let earlier = openedReadOnly ? nil : integrity.wait()
    io.lock()
    defer { io.unlock() }
    if openedReadOnly { throw StoreError.readOnly(directory, because: nil) }
    if let damage = state.damage ?? earlier { throw StoreError.readOnly(directory, because: damage.error) }
    if let poisoned = state.poisoned { throw StoreError.readOnly(directory, because: poisoned) }
    if let error = Self.validate(records) { throw error }
    try FS.flock(lockFD, LOCK_EX, path: lockPath)
    // Unlocking a lock this descriptor holds does not fail in any way a caller could act on (and the
    // descriptor is closed with the handle, which releases it in any case).
    defer { try? FS.flock(lockFD, LOCK_UN, path: lockPath) }
    try refreshTail(exclusive: true)
    if let damage = state.damage { throw StoreError.readOnly(directory, because: damage.error) }
    if let poisoned = state.poisoned { throw StoreError.readOnly(directory, because: poisoned) }
    if state.tail.offset >= Self.segmentLimit { try rotate() }
    if let expectingHead, expectingHead != state.tail.head.seq {
      throw StoreError.headMoved(expected: expectingHead, actual: state.tail.head.seq)
    }
    var bytes: [UInt8] = []
    var head = state.tail.head
    var made: [Record] = []
    for (position, pending) in records.enumerated() {
      let ms = Frame.milliseconds(pending.time)
      let seq = head.seq + 1
      let hash = Frame.encode(
        pending, seq: seq, time: ms, prev: head.hash, commit: position == records.count - 1, into: &bytes)
      made.append(
        Record(
          seq: seq, time: Date(timeIntervalSince1970: Double(ms) / 1000), actor: pending.actor, type: pending.type,
          payload: pending.payload, prevHash: head.hash, hash: hash))
      head = Head(seq: seq, hash: hash)
    }
    let segment = state.segments[state.tail.segment]
    let oldEnd = state.tail.offset
    if segment.header.preallocated && oldEnd + bytes.count > state.tailSize {
      // Past the preallocated part (or not known): preallocate again, up to the segment limit, so that
      // this and the next appends' `fdatasync`s need not commit a new file size. Best effort: without it
      // the write grows the file.
      state.tailSize = (try? FS.size(state.tailFD, path: segment.path)) ?? 0
      if oldEnd + bytes.count > state.tailSize,
        FS.preallocate(state.tailFD, from: state.tailSize, to: max(Self.segmentLimit, oldEnd + bytes.count))
      {
        state.tailSize = max(Self.segmentLimit, oldEnd + bytes.count)
      }
    }
    writes += 1
    if let crash = Self.testCrash, manifest.demo, crash.at == writes, crash.mode != "flush" {
      crashForTest(crash.mode, bytes, at: oldEnd)
    }
    do {
      try bytes.withUnsafeBytes { try FS.pwrite(state.tailFD, $0, offset: oldEnd, path: segment.path) }
      // Without the board (it could not be mapped) nobody flushes for us: flush before letting the lock go.
      if board == nil { try FS.fdatasync(state.tailFD, path: segment.path) }
    } catch {
      let failure = error as? StoreError ?? StoreError.system("write", path: segment.path, errno: EIO)
      recoverAfterFailedWrite(oldEnd: oldEnd, segment: segment, failure: failure)
      throw failure
    }
    state.tail.offset = oldEnd + bytes.count
    state.tail.head = head
    return WrittenBatch(
      records: made, segment: segment.header.firstSeq, end: state.tail.offset, cuts: state.cutsSeen,
      durable: board == nil)
  }

  /// The descriptor of `DIR/DECIDE`, opened once (close-on-exec: a lock must not leak into children).
  func decisionFD() -> Int32? {
    io.lock()
    defer { io.unlock() }
    // No descriptor: the decision goes ahead without the lock (its conditional append still refuses a
    // decision made on a stale head); the open is tried again next time.
    if decideFD < 0 { decideFD = (try? FS.open(directory + "/DECIDE", O_RDWR | O_CREAT | O_CLOEXEC)) ?? -1 }
    return decideFD < 0 ? nil : decideFD
  }

  static func validate(_ records: [PendingRecord]) -> StoreError? {
    for record in records {
      if record.type.isEmpty { return .invalidRecord("事件类型为空", "the event type is empty") }
      for field in [record.type, record.actor.login, record.actor.tty, record.actor.sshClient]
      where field.utf8.count > 4096 {
        return .invalidRecord("字段过长（\(field.utf8.count) 字节）", "a field is too long (\(field.utf8.count) bytes)")
      }
      if record.payload.count > Frame.maxPayload {
        return .invalidRecord(
          "内容过大（\(record.payload.count) 字节，上限 \(Frame.maxPayload)）",
          "payload too large (\(record.payload.count) bytes, limit \(Frame.maxPayload))")
      }
    }
    return nil
  }

  /// `GRIDDESK_TEST_CRASH=MODE[:N]` (tests only, and only on a demo store): at this process's Nth write
  /// (default 1) it dies, with `written` after writing the whole batch, with `torn` after writing half of
  /// it (both before letting `DIR/LOCK` go and before any flush), with `flush` as the flusher, holding the
  /// board's lock, before its `fdatasync`.
  static let testCrash: (mode: String, at: Int)? = {
    guard let value = ProcessInfo.processInfo.environment["GRIDDESK_TEST_CRASH"] else { return nil }
    let parts = value.split(separator: ":")
    return (String(parts.first ?? ""), parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
  }()

  func crashForTest(_ mode: String, _ bytes: [UInt8], at offset: Int) -> Never {
    let count = mode == "torn" ? bytes.count / 2 : bytes.count
    bytes.withUnsafeBytes { _ = Glibc.pwrite(state.tailFD, $0.baseAddress, count, off_t(offset)) }
    _exit(86)
  }

  /// After a failed write: cut back to where it started and reload from disk. Never retries the fsync; if
  /// even the cut fails, the handle stops writing.
  private func recoverAfterFailedWrite(oldEnd: Int, segment: Segment, failure: StoreError) {
    state.notes.append(
      StoreNote(
        kind: .writeFailed, zh: "写入失败，未保存：\(failure.zh)", en: "A write failed and nothing was saved: \(failure.en)",
        segment: segment.path, offset: oldEnd, bytes: nil, sideFile: nil))
    do {
      try FS.truncate(state.tailFD, to: oldEnd, path: segment.path)
      try FS.fdatasync(state.tailFD, path: segment.path)
      try reload(exclusive: true)
    } catch {
      state.poisoned = failure
    }
  }

  /// Reads the state from the disk again (after a cut), keeping the notes, and what was handed over when
  /// it is still in the log. When records this handle already handed over are no longer there (a failed
  /// flush cut them, and a reader may have shown or applied them), the handle refuses to write
  /// (`poisoned`): its reader must be started again.
  func reload(exclusive: Bool) throws {
    let notes = state.notes
    let seen = state.seen
    let version = state.segmentVersion
    let writable = state.writable
    FS.close(state.tailFD)
    state.tailFD = -1
    state = try Self.loadState(directory: directory, exclusive: exclusive, writable: writable, segmentVersion: version)
    state.notes = notes + state.notes
    state.cutsSeen = board?.cuts ?? 0
    if seen.head.seq == 0 { return }
    if seen.head.seq <= state.tail.head.seq, try hashOfRecord(seen.head.seq) == seen.head.hash {
      state.seen = seen
    } else {
      state.seen = state.tail
      state.poisoned = StoreError(
        .io, zh: "写入磁盘失败后，日志末尾未确认的记录已被撤回，而本程序已读到它们。请退出并重新启动 GridDesk。",
        en: "After a failed write to the disk, unacknowledged records at the end of the log were withdrawn, and "
          + "this program had already read them. Quit and start GridDesk again.")
      state.notes.append(
        StoreNote(
          kind: .writeFailed, zh: state.poisoned!.zh, en: state.poisoned!.en, segment: nil, offset: nil, bytes: nil,
          sideFile: nil))
    }
  }

  /// The hash of record `seq` (at most the tail), read and verified from its segment.
  private func hashOfRecord(_ seq: UInt64) throws -> ChainHash? {
    guard let index = state.segments.lastIndex(where: { $0.header.firstSeq <= seq }) else { return nil }
    let segment = state.segments[index]
    let start = Position(
      segment: index, offset: SegmentHeader.size,
      head: Head(seq: segment.header.firstSeq - 1, hash: segment.header.prevHash))
    var found: ChainHash?
    try Self.readRange(segments: state.segments, from: start, to: state.tail, skipBelow: seq) { record in
      if record.seq == seq { found = record.hash }
    }
    return found
  }

  /// Moves the tail (holding `io`) over what other processes appended, as `advanceTail`; first, when a
  /// failed flush cut the log since this handle last looked (the board's cut counter moved), it reads the
  /// state from the disk again (`reload`).
  func refreshTail(exclusive: Bool) throws {
    if let board, board.cuts != state.cutsSeen { try reload(exclusive: exclusive) }
    try Self.advanceTail(&state, directory: directory, exclusive: exclusive)
  }

  private func rotate() throws {
    // The full segment's records are flushed before the next segment starts: the board's mark may then
    // count them as durable whatever segment a later flush is for (docs/store-format.md).
    let full = state.segments[state.tail.segment]
    if board != nil { try FS.fdatasync(state.tailFD, path: full.path) }
    let header = SegmentHeader(
      firstSeq: state.tail.head.seq + 1, prevHash: state.tail.head.hash, version: state.segmentVersion)
    try Self.createSegment(logDirectory: logDirectory, header: header)
    let name = SegmentHeader.fileName(firstSeq: header.firstSeq)
    let path = logDirectory + "/" + name
    let fd = try FS.open(path, O_RDWR)
    FS.close(state.tailFD)
    state.tailFD = fd
    state.tailSize = -1
    state.segments.append(Segment(name: name, header: header, path: path))
    state.tail = Position(segment: state.segments.count - 1, offset: SegmentHeader.size, head: state.tail.head)
  }

  // MARK: - Reading

  /// Calls `body` with every record whose seq is at least `seq`, in order, each verified (checksum, hash,
  /// chain), up to the head. Stops at the first damage and throws it (the handle becomes read-only); when
  /// the handle already knows of damage (the head stops before it), it throws that after the last record,
  /// so that a reader never takes the records before the damage for the whole log.
  public func read(from seq: UInt64, _ body: (Record) throws -> Void) throws {
    io.lock()
    // A failure here is found again by the reads below (or the records up to the known head are read).
    try? refreshTail(exclusive: false)
    let segments = state.segments
    let tail = state.tail
    let known = state.damage
    io.unlock()
    guard tail.segment >= 0, seq <= tail.head.seq else {
      if let known { throw known.error }
      return
    }
    let from = max(seq, 1)
    var index = 0
    while index + 1 < segments.count && segments[index + 1].header.firstSeq <= from { index += 1 }
    let start = Position(
      segment: index, offset: SegmentHeader.size,
      head: Head(seq: segments[index].header.firstSeq - 1, hash: segments[index].header.prevHash))
    do {
      try Self.readRange(segments: segments, from: start, to: tail, skipBelow: from, body)
      if let known { throw known }
    } catch let damage as Damage {
      io.lock()
      if state.damage == nil {
        state.damage = damage
        state.notes.append(Self.note(for: damage))
      }
      io.unlock()
      throw damage.error
    }
  }

  /// Records appended by any process since this handle's last `catchUp` (since it was opened, at first),
  /// including this handle's own appends; apply them by seq. Cheap when nothing changed (two `stat`s).
  public func catchUp() throws -> [Record] {
    io.lock()
    defer { io.unlock() }
    try refreshTail(exclusive: false)
    if let poisoned = state.poisoned { throw StoreError.readOnly(directory, because: poisoned) }
    if state.seen.head.seq >= state.tail.head.seq { return [] }
    var records: [Record] = []
    do {
      try Self.readRange(segments: state.segments, from: state.seen, to: state.tail, skipBelow: 0) {
        records.append($0)
      }
    } catch let damage as Damage {
      if state.damage == nil {
        state.damage = damage
        state.notes.append(Self.note(for: damage))
      }
      throw damage.error
    }
    state.seen = state.tail
    return records
  }

  /// Reads and verifies the records between two positions, across segments.
  static func readRange(
    segments: [Segment], from: Position, to: Position, skipBelow: UInt64, _ body: (Record) throws -> Void
  ) throws {
    if to.segment > from.segment {
      try ReadPipeline(segments: segments, from: from, to: to).run(skipBelow: skipBelow, body)
      return
    }
    let buffer = RegionBuffer()
    var cache = Frame.ActorCache()
    var position = from
    while true {
      let segment = segments[position.segment]
      let fd = try FS.open(segment.path, O_RDONLY)
      defer { FS.close(fd) }
      let isLast = position.segment == to.segment
      let end = isLast ? to.offset : try FS.size(fd, path: segment.path)
      let got = try buffer.load(fd, from: position.offset, to: end, path: segment.path)
      var failure: Error?
      let outcome = Scan.walk(
        buffer.base, origin: buffer.origin, start: position.offset, limit: got, expected: position.head,
        zeroEnds: segment.header.preallocated
      ) { view in
        guard view.seq >= skipBelow, let record = view.record(reusing: &cache) else { return true }
        do {
          try body(record)
          return true
        } catch {
          failure = error
          return false
        }
      }
      if let failure { throw failure }
      if !outcome.clean || got < end {
        throw Damage(
          kind: .corrupt, segment: segment.path, offset: outcome.problem == nil ? outcome.committedEnd : outcome.stop,
          expectedSeq: outcome.committedHead.seq + 1, reason: outcome.problem ?? "record not committed")
      }
      if isLast { return }
      let next = segments[position.segment + 1]
      guard next.header.firstSeq == outcome.committedHead.seq + 1, next.header.prevHash == outcome.committedHead.hash
      else {
        throw Damage(
          kind: .corrupt, segment: next.path, offset: 0, expectedSeq: outcome.committedHead.seq + 1,
          reason: "segment does not continue the chain")
      }
      position = Position(segment: position.segment + 1, offset: SegmentHeader.size, head: outcome.committedHead)
    }
  }
}

extension Damage: Error {}
