import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The append-only log store over one directory, shared by many processes (see docs/store-format.md).
///
/// One handle per directory per process: it is internally locked, so threads share it. Appends are
/// serialised across processes with `flock` on `DIR/LOCK`; appends that arrive together in one process
/// are committed with one `fdatasync` (group commit), and so are the appends other processes staged in the
/// ring (`DIR/RING`) while the lock was taken.
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
  /// The staging ring (`DIR/RING`) for group commit across processes; nil for a read-only handle.
  let ring: StageRing?

  /// Whether this handle created the store (wrote its manifest); false when it opened an existing one.
  public internal(set) var created = false
  /// Opening's check of the segments before the last (on a thread of its own).
  let integrity = IntegrityCheck()
  /// Guards `state` and every file operation that changes it.
  let io = NSLock()
  var state: State

  private let queueCondition = NSCondition()
  private var queue: [Ticket] = []
  /// `DIR/DECIDE`, opened on first use by `withDecisionLock` (guarded by `io`).
  private var decideFD: Int32 = -1
  private var committing = false
  /// How many other processes' slots this handle wrote in its last round as the lock holder (guarded by `io`).
  private var servedLast = 0
  private var servedAt: UInt64 = 0
  /// A descriptor of the segment waiters last read their records back from (guarded by `io`).
  var readBackFD: (segment: UInt64, fd: Int32)?

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
  }

  /// Sendable: `result` is written and first read under `queueCondition`, and never changes once set.
  private final class Ticket: @unchecked Sendable {
    let records: [PendingRecord]
    /// For a conditional append: the seq the head must have when the batch is written.
    let expectedHead: UInt64?
    var result: Result<[Record], StoreError>?
    init(_ records: [PendingRecord], expectedHead: UInt64?) {
      self.records = records
      self.expectedHead = expectedHead
    }
  }

  private init(
    directory: String, manifest: Manifest, readOnly: Bool, lockFD: Int32, ring: StageRing? = nil, state: State
  ) {
    self.directory = directory
    self.logDirectory = directory + "/log"
    self.snapshotDirectory = directory + "/snapshots"
    self.lockPath = directory + "/LOCK"
    self.manifest = manifest
    self.openedReadOnly = readOnly
    self.lockFD = lockFD
    self.ring = ring
    self.state = state
  }

  deinit {
    if decideFD >= 0 { FS.close(decideFD) }
    if let readBackFD { FS.close(readBackFD.fd) }
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
      let state = try loadState(
        directory: dir, exclusive: true, writable: true, segmentVersion: manifest.formatVersion >= 2 ? 2 : 1)
      let store = LogStore(
        directory: dir, manifest: manifest, readOnly: false, lockFD: lockFD, ring: StageRing.open(directory: dir),
        state: state)
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
  /// and hashes. Returns only after the records are durable (`fdatasync`). Concurrent calls in one process
  /// share one write and one `fdatasync`. A batch is atomic: after a crash all of it or none of it is there.
  ///
  /// - Throws: `StoreError` — nothing of this batch was acknowledged; the store state was reloaded from disk.
  @discardableResult
  public func append(_ records: [PendingRecord]) throws -> [Record] {
    try append(records, expectingHead: nil)
  }

  /// Appends only if the head is still at `expectingHead` when the batch is written under the lock, so
  /// that a decision made on the projections at that head is never recorded on top of records it did
  /// not see (two clerks taking the same order number). Otherwise throws `.headMoved`, and the caller
  /// catches up and decides again. Conditional batches are never staged for another process's commit.
  @discardableResult
  public func append(_ records: [PendingRecord], expectingHead: UInt64?) throws -> [Record] {
    if records.isEmpty { return [] }
    let ticket = Ticket(records, expectedHead: expectingHead)
    queueCondition.lock()
    queue.append(ticket)
    while ticket.result == nil {
      if committing {
        queueCondition.wait()
        continue
      }
      committing = true
      let batch = queue
      queue.removeAll()
      queueCondition.unlock()
      let results = commit(batch.map(\.records), expected: batch.map(\.expectedHead))
      queueCondition.lock()
      for (waiting, result) in zip(batch, results) { waiting.result = result }
      committing = false
      queueCondition.broadcast()
    }
    queueCondition.unlock()
    return try ticket.result!.get()
  }

  /// The descriptor of `DIR/DECIDE`, opened once (close-on-exec: a lock must not leak into children).
  func decisionFD() -> Int32? {
    io.lock()
    defer { io.unlock() }
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

  /// Writes the batches in one write and one `fdatasync`, under the cross-process lock; with the batches
  /// other processes staged in the ring.
  private func commit(_ batches: [[PendingRecord]], expected: [UInt64?]) -> [Result<[Record], StoreError>] {
    // Nothing is written on a log whose earlier segments have not been checked.
    let earlier = openedReadOnly ? nil : integrity.wait()
    io.lock()
    defer { io.unlock() }
    var results = [Result<[Record], StoreError>?](repeating: nil, count: batches.count)
    func failAll(_ error: StoreError) -> [Result<[Record], StoreError>] {
      results.map { $0 ?? .failure(error) }
    }
    if openedReadOnly { return failAll(.readOnly(directory, because: nil)) }
    if let damage = state.damage ?? earlier { return failAll(.readOnly(directory, because: damage.error)) }
    if let poisoned = state.poisoned { return failAll(.readOnly(directory, because: poisoned)) }
    for (index, batch) in batches.enumerated() {
      if let error = Self.validate(batch) { results[index] = .failure(error) }
    }
    var mine = batches.indices.filter { results[$0] == nil }
    if mine.isEmpty { return results.map { $0! } }
    // Uncontended: take the lock. Contended: stage our batches so that the holder writes them with its own.
    var ownSlot: Int?
    do {
      let conditional = mine.contains { expected[$0] != nil }
      if !(try FS.tryLock(lockFD, path: lockPath)) {
        // A conditional batch must be checked against the head under the lock: never staged.
        switch conditional || !stagingEnabled ? .notStaged : stageInRing(mine.map { batches[$0] }) {
        case .done(let done):
          for (index, records) in done.enumerated() { results[mine[index]] = .success(records) }
          return results.map { $0 ?? .failure(.readOnly(directory, because: nil)) }
        case .failed(let error):
          return failAll(error)
        case .locked(let slot):
          ownSlot = slot
        case .notStaged:
          try FS.flock(lockFD, LOCK_EX, path: lockPath)
        }
      }
    } catch {
      return failAll(error as? StoreError ?? .readOnly(directory, because: nil))
    }
    defer {
      try? FS.flock(lockFD, LOCK_UN, path: lockPath)
      // A waiter whose slot is still staged takes the lock now.
      ring?.wakeOneStaged()
    }
    do {
      try Self.advanceTail(&state, directory: directory, exclusive: true)
    } catch {
      if let ownSlot { ring?.setState(ownSlot, .free) }
      return failAll(error as? StoreError ?? .readOnly(directory, because: nil))
    }
    if let damage = state.damage {
      if let ownSlot { ring?.setState(ownSlot, .free) }
      return failAll(.readOnly(directory, because: damage.error))
    }
    // Slots claimed by a holder that died (our own among them, perhaps) are settled before anything is written.
    let settled = settleDeadClaims()
    if let slot = ownSlot {
      if ring?.state(slot) == .ready {
        // Nobody took our slot: we write our batches ourselves.
        ring?.setState(slot, .free)
        ownSlot = nil
      } else {
        // Settled (or failed): the outcome of our batches is the slot's, read after the rounds.
        mine = []
      }
    }
    do {
      if state.tail.offset >= Self.segmentLimit && settled.allSatisfy(\.rest.isEmpty) { try rotate() }
    } catch {
      let failure = error as? StoreError ?? .readOnly(directory, because: nil)
      for unit in settled { ring?.fail(unit.slot, failure) }
      return finish(ownSlot, batches: batches, mine: batches.indices.filter { results[$0] == nil }, &results)
        ?? failAll(failure)
    }
    // Conditional batches: each must find the head where its decision was made (our own batches are
    // written first, in order, so the running seq is exact).
    var running = state.tail.head.seq + settled.reduce(0) { $0 + UInt64($1.rest.reduce(0) { $0 + $1.count }) }
    mine = mine.filter { index in
      if let want = expected[index], want != running {
        results[index] = .failure(.headMoved(expected: want, actual: running))
        return false
      }
      running += UInt64(batches[index].count)
      return true
    }
    // One pwrite and one fdatasync for everyone's batches (more rounds while others stage, up to
    // `holderRounds`).
    var own = mine
    var carried = settled
    var others = 0
    if let ring, servedLast > 0, DispatchTime.now().uptimeNanoseconds - servedAt < 2_000_000 {
      // The waiters this handle served just before are coming back with their next records: wait for them
      // briefly (not if that was a while ago), so that this fdatasync carries theirs too.
      _ = ring.awaitStaged(count: servedLast, nanoseconds: Self.holderPatience)
    }
    defer {
      servedLast = others
      servedAt = DispatchTime.now().uptimeNanoseconds
    }
    for round in 0..<Self.holderRounds {
      if round > 0 {
        // The waiters just served come back with their next records at once: wait for them briefly, so
        // that the next fdatasync carries all of them.
        guard let ring, ring.awaitStaged(count: others, nanoseconds: Self.holderPatience) else { break }
        if state.tail.offset >= Self.segmentLimit { guard (try? rotate()) != nil else { break } }
      }
      let failure = writeRound(
        own: own.map { ($0, batches[$0]) }, settled: carried, results: &results, served: &others)
      if let failure {
        if !own.isEmpty { return failAll(failure) }
        break
      }
      own = []
      carried = []
    }
    let pending = batches.indices.filter { results[$0] == nil }
    return finish(ownSlot, batches: batches, mine: pending, &results) ?? results.map { $0! }
  }

  /// The outcome of our own slot, when we settled it as the holder (it was claimed by a holder that died).
  private func finish(
    _ ownSlot: Int?, batches: [[PendingRecord]], mine: [Int], _ results: inout [Result<[Record], StoreError>?]
  ) -> [Result<[Record], StoreError>]? {
    guard let ownSlot, let ring else { return nil }
    let staged = mine.map { batches[$0] }
    switch ring.state(ownSlot) {
    case .done:
      let found = readBack(ring.claim(ownSlot), batches: staged).found
      ring.setState(ownSlot, .free)
      if found.count == staged.count {
        for (index, records) in found.enumerated() { results[mine[index]] = .success(records) }
      }
    case .failed:
      let error = ring.error(ownSlot)
      ring.setState(ownSlot, .free)
      for index in mine { results[index] = .failure(error) }
    default:
      // Not written in our rounds (staged again behind others): it stays for the next holder; we cannot
      // wait for it while holding the lock, so it is reported failed and taken out of the ring.
      if ring.exchange(ownSlot, from: .ready, to: .free) {
        for index in mine {
          results[index] = .failure(
            StoreError(.io, zh: "记录未写入，请重试。", en: "The records were not written; try again."))
        }
      }
    }
    let fallback = StoreError(
      .corrupt, zh: "已提交的记录在日志中找不到，请运行 griddesk verify。",
      en: "Records reported committed are not in the log; run griddesk verify.")
    return results.map { $0 ?? .failure(fallback) }
  }

  /// Rounds a holder writes at most before it returns to its caller.
  /// One: a holder that kept the lock for more rounds held up its own caller, and its next append took
  /// the lock again soon anyway (measured: 4 processes, ~47k/s with one round, ~43k/s with two).
  static let holderRounds = 1
  /// How long a holder waits between rounds for the waiters it served to stage again (nanoseconds).
  static let holderPatience: Int64 = 200_000

  /// Whether waiting appenders stage their records in the ring for the lock holder (the default) rather
  /// than queue for the lock. `GRIDDESK_STAGING=never` turns staging off (tests, measurements).
  private var stagingEnabled: Bool { ring != nil && Self.stagingAllowed }

  /// Read once: `ProcessInfo.environment` builds a dictionary on every call.
  private static let stagingAllowed = ProcessInfo.processInfo.environment["GRIDDESK_STAGING"] != "never"

  /// Writes our batches, the rest of settled units and the ready slots of the ring in one `pwrite` and one
  /// `fdatasync`; claims the slots first and marks them done (or failed) after. Returns the failure, if any.
  private func writeRound(
    own: [(Int, [PendingRecord])], settled: [Settled], results: inout [Result<[Record], StoreError>?],
    served: inout Int
  ) -> StoreError? {
    served = 0
    var bytes: [UInt8] = []
    var head = state.tail.head
    let segment = state.segments[state.tail.segment]
    let oldEnd = state.tail.offset
    func encode(_ batch: [PendingRecord]) -> [Record] {
      var records: [Record] = []
      for (position, pending) in batch.enumerated() {
        let ms = Frame.milliseconds(pending.time)
        let seq = head.seq + 1
        let hash = Frame.encode(
          pending, seq: seq, time: ms, prev: head.hash, commit: position == batch.count - 1, into: &bytes)
        records.append(
          Record(
            seq: seq, time: Date(timeIntervalSince1970: Double(ms) / 1000), actor: pending.actor, type: pending.type,
            payload: pending.payload, prevHash: head.hash, hash: hash))
        head = Head(seq: seq, hash: hash)
      }
      return records
    }
    // The rest of a unit that a dead holder wrote in part goes first, right after its found batches.
    for unit in settled { for batch in unit.rest { _ = encode(batch) } }
    var made: [Int: [Record]] = [:]
    for (index, batch) in own { made[index] = encode(batch) }
    var claimed = settled.map(\.slot)
    if let ring {
      var room = 4 << 20
      for slot in ring.slots(in: .ready) where room > 0 {
        guard let unit = ring.unit(slot), unit.allSatisfy({ !$0.isEmpty && Self.validate($0) == nil }) else {
          ring.fail(slot, .invalidRecord("暂存的记录无法读取", "the staged records cannot be read"))
          continue
        }
        ring.setClaim(
          slot,
          StageRing.Claim(
            segmentFirstSeq: segment.header.firstSeq, offset: oldEnd + bytes.count, firstSeq: head.seq + 1))
        let before = bytes.count
        for batch in unit { _ = encode(batch) }
        room -= bytes.count - before
        claimed.append(slot)
      }
    }
    if bytes.isEmpty && claimed.isEmpty { return nil }
    if segment.header.preallocated && oldEnd + bytes.count > state.tailSize {
      // Past the preallocated part (or not known): preallocate again, up to the segment limit, so that
      // this and the next appends' `fdatasync`s need not commit a new file size.
      state.tailSize = (try? FS.size(state.tailFD, path: segment.path)) ?? 0
      if oldEnd + bytes.count > state.tailSize,
        FS.preallocate(state.tailFD, from: state.tailSize, to: max(Self.segmentLimit, oldEnd + bytes.count))
      {
        state.tailSize = max(Self.segmentLimit, oldEnd + bytes.count)
      }
    }
    if let mode = Self.testCrash, manifest.demo, claimed.count > settled.count { crashForTest(mode, bytes, at: oldEnd) }
    do {
      if !bytes.isEmpty {
        try bytes.withUnsafeBytes { try FS.pwrite(state.tailFD, $0, offset: oldEnd, path: segment.path) }
      }
      try FS.fdatasync(state.tailFD, path: segment.path)
    } catch {
      let failure = error as? StoreError ?? StoreError.system("write", path: segment.path, errno: EIO)
      recoverAfterFailedWrite(oldEnd: oldEnd, segment: segment, failure: failure)
      for slot in claimed { ring?.fail(slot, failure) }
      return failure
    }
    state.tail.offset = oldEnd + bytes.count
    state.tail.head = head
    for slot in claimed { ring?.settle(slot, .done) }
    served = claimed.count
    for (index, records) in made { results[index] = .success(records) }
    return nil
  }

  /// `GRIDDESK_TEST_CRASH=written|torn` (tests only, and only on a demo store): a holder that has claimed
  /// other processes' slots dies after writing all (or half) of the round, before its fdatasync and
  /// before marking the slots.
  static let testCrash = ProcessInfo.processInfo.environment["GRIDDESK_TEST_CRASH"]

  private func crashForTest(_ mode: String, _ bytes: [UInt8], at offset: Int) -> Never {
    let count = mode == "torn" ? bytes.count / 2 : bytes.count
    bytes.withUnsafeBytes { _ = Glibc.pwrite(state.tailFD, $0.baseAddress, count, off_t(offset)) }
    _exit(86)
  }

  /// After a failed write or fsync: cut back to the last acknowledged record and reload from disk. Never
  /// retries the fsync; if even the cut fails, the handle stops writing.
  private func recoverAfterFailedWrite(oldEnd: Int, segment: Segment, failure: StoreError) {
    state.notes.append(
      StoreNote(
        kind: .writeFailed, zh: "写入失败，未保存：\(failure.zh)", en: "A write failed and nothing was saved: \(failure.en)",
        segment: segment.path, offset: oldEnd, bytes: nil, sideFile: nil))
    do {
      try FS.truncate(state.tailFD, to: oldEnd, path: segment.path)
      try FS.fdatasync(state.tailFD, path: segment.path)
      let notes = state.notes
      let seen = state.seen
      let version = state.segmentVersion
      FS.close(state.tailFD)
      state = try Self.loadState(directory: directory, exclusive: true, writable: true, segmentVersion: version)
      state.notes = notes + state.notes
      if seen.head.seq <= state.tail.head.seq { state.seen = seen }
    } catch {
      state.poisoned = failure
    }
  }

  private func rotate() throws {
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
    try? Self.advanceTail(&state, directory: directory, exclusive: false)
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
    try Self.advanceTail(&state, directory: directory, exclusive: false)
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
