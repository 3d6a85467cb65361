import Foundation
import Testing

@testable import Store

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct StagingTests {
  @Test func stagedUnitRoundTrips() throws {
    let batches = [[pending(1), pending(2, type: "stageAdvanced", size: 0)], [pending(3, size: 500)]]
    let decoded = try #require(LogStore.decodeUnit(LogStore.encodeUnit(batches)))
    #expect(decoded.count == 2)
    #expect(decoded[0].map(\.payload) == batches[0].map(\.payload))
    #expect(decoded[0][1].type == "stageAdvanced")
    #expect(decoded[1][0].actor == testActor)
    #expect(Frame.milliseconds(decoded[1][0].time) == Frame.milliseconds(batches[1][0].time))
    #expect(LogStore.decodeUnit(Array(LogStore.encodeUnit(batches).dropLast())) == nil)
    #expect(LogStore.decodeUnit(Array("garbage".utf8)) == nil)
  }

  /// A holder that died after writing our claimed batches: the waiter keeps them (no duplicate).
  @Test func claimOfADeadHolderIsHonoured() throws {
    let dir = TempDir()
    let holder = try LogStore.open(directory: dir.store)
    try holder.append([pending(1)])
    let mine = [[pending(2)], [pending(3), pending(4)]]
    // The holder wrote our first batch, then died before the second.
    let segment = try #require(segmentPaths(dir.store).first)
    let offset = segmentData(segment).count
    _ = try holder.append(mine[0])
    let waiter = try LogStore.open(directory: dir.store)
    let name = (segment as NSString).lastPathComponent
    try LogStore.writeSmallFile(dir.store + "/stage/1-1-1.clm", "\(name) \(offset) 2\n")
    switch waiter.resolveStaged("1-1-1", batches: mine) {
    case .committed(let found):
      #expect(found.count == 1)
      #expect(found.first?.map(\.seq) == [2])
    case .failed(let error):
      Issue.record("unexpected \(error)")
    }
    #expect(!FileManager.default.fileExists(atPath: dir.store + "/stage/1-1-1.clm"))
    // A claim whose records never reached the log: nothing is found, the waiter appends them itself.
    try LogStore.writeSmallFile(dir.store + "/stage/1-1-2.clm", "\(name) \(segmentData(segment).count) 3\n")
    if case .committed(let found) = waiter.resolveStaged("1-1-2", batches: [mine[1]]) {
      #expect(found.isEmpty)
    }
    // An error left by the holder is reported to the waiter.
    try LogStore.writeSmallFile(dir.store + "/stage/1-1-3.err", "diskFull\n磁盘满\ndisk full\n")
    if case .failed(let error) = waiter.resolveStaged("1-1-3", batches: [mine[1]]) {
      #expect(error.code == .diskFull)
      #expect(error.en == "disk full")
    } else {
      Issue.record("error not reported")
    }
  }

  @Test func holderCommitsStagedUnitsOfLiveProcesses() throws {
    let dir = TempDir()
    let store = try LogStore.open(directory: dir.store)
    // A unit staged by this (live) process through another handle, and one of a dead process.
    let other = try LogStore.open(directory: dir.store)
    let id = try other.stage([[pending(10)], [pending(11), pending(12)]])
    try LogStore.writeSmallFile(dir.store + "/stage/999999999-1-1.rdy", "stale")
    writeBytes([1], to: dir.store + "/stage/999999999-1-2.clm.tmp")
    let mine = try store.append([pending(1)])
    #expect(mine.map(\.seq) == [1])
    #expect(store.head.seq == 4)
    #expect(FileManager.default.fileExists(atPath: dir.store + "/stage/\(id).done"))
    #expect(!FileManager.default.fileExists(atPath: dir.store + "/stage/999999999-1-1.rdy"))
    #expect(!FileManager.default.fileExists(atPath: dir.store + "/stage/999999999-1-2.clm.tmp"))
    if case .committed(let found) = other.resolveStaged(id, batches: [[pending(10)], [pending(11), pending(12)]]) {
      #expect(found.map { $0.map(\.seq) } == [[2], [3, 4]])
    } else {
      Issue.record("staged unit not committed")
    }
    #expect(store.verify().ok)
  }

  @Test func filesAreGroupWritableUnderUmask002() throws {
    let dir = TempDir()
    let old = umask(0o002)
    defer { umask(old) }
    let store = try LogStore.open(directory: dir.store)
    try store.append([pending(1)])
    try store.writeSnapshot([1], covering: store.head)
    for path in [dir.store + "/LOCK", dir.store + "/manifest.json", dir.store + "/log"] + segmentPaths(dir.store) {
      let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
      #expect(mode & 0o060 == 0o060, "\(path) mode \(String(mode, radix: 8))")
    }
  }

  @Test func currentActorComesFromTheProcess() {
    let actor = StoreActor.current(login: "clerk07", environment: ["SSH_CLIENT": "192.0.2.7 52311 22"])
    #expect(actor.login == "clerk07")
    #expect(actor.uid == UInt32(getuid()))
    #expect(actor.sshClient == "192.0.2.7")
    #expect(StoreActor.current(login: "x", environment: [:]).sshClient == "")
  }
}
