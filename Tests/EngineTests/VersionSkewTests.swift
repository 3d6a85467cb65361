import Domain
import Foundation
import Store
import Testing

@testable import Engine

/// A record of a newer GridDesk in the log: the engine stops before it, goes read-only and says, in both
/// languages, that this GridDesk must be upgraded; no command goes through "head moved" retries.
@Suite struct VersionSkewTests {
  static let newerActor = StoreActor(login: "zhaomin", uid: 1000, tty: "", sshClient: "")

  /// Appends, as another process of a newer GridDesk would, one record this build cannot read.
  static func appendNewerRecord(_ dir: TempDir, type: String, payload: [UInt8]) throws -> UInt64 {
    let other = try LogStore.open(directory: dir.path + "/store")
    let records = try other.append([PendingRecord(time: fixedNow, actor: newerActor, type: type, payload: payload)])
    return try #require(records.first).seq
  }

  static func expectUpgradeMessage(_ message: Localized, seq: UInt64) {
    #expect(message.zh.contains("较新版本的 GridDesk") && message.zh.contains("请先升级"))
    #expect(message.zh.contains("第 \(seq) 号记录"))
    #expect(
      message.en.contains("A newer GridDesk has written to this store") && message.en.contains("upgrade GridDesk"))
    #expect(message.en.contains("record \(seq)"))
  }

  static let staff = Command(RegisterStaff(login: "xulei", name: "徐磊", roles: [.clerk], team: "城东营业厅"))

  @Test func aRecordOfAnUnknownTypeStopsCatchUpAndEveryCommand() throws {
    let dir = TempDir()
    let a = try openEngine(dir)
    let b = try openEngine(dir)
    // b records something a has not seen yet, then a newer GridDesk appends a type this one does not know.
    let known = try #require(
      try b.execute(Command(RegisterStaff(login: "wangli", name: "王丽", roles: [.clerk], team: "城东营业厅"))).last)
    let newer = try Self.appendNewerRecord(dir, type: "meter-swapped", payload: [0x08, 0x01])
    #expect(newer == known + 1)

    #expect(!a.isReadOnly)
    #expect {
      try a.catchUp()
    } throws: { error in
      guard case .newerVersion(let record) = error as? EngineError else { return false }
      return record.seq == newer && record.type == "meter-swapped" && !record.knownType
    }
    // Everything before the record is applied, nothing from it on.
    #expect(a.state.seq == known)
    #expect(a.state.staff["wangli"] != nil)
    #expect(a.isReadOnly)
    #expect(a.unreadable?.seq == newer)
    let message = try #require(a.stopMessage)
    Self.expectUpgradeMessage(message, seq: newer)
    #expect(a.notes.contains(message))
    // It stays stopped: catching up again says so again without reading.
    #expect(throws: EngineError.self) { try a.catchUp() }
    #expect(a.state.seq == known)

    // A command is refused at once with the same message: no decision, no append, no retries.
    let head = a.store.head
    #expect {
      try a.execute(Self.staff)
    } throws: { error in
      guard let error = error as? EngineError, case .newerVersion = error else { return false }
      return error.code == "store.newer-version" && error.message == message
    }
    // The other process meets the record while deciding: it stops there too, with the same message,
    // instead of twenty "head moved" retries ("another terminal appended first").
    for _ in 0..<2 {
      #expect {
        try b.execute(Self.staff)
      } throws: { error in
        guard let error = error as? EngineError, case .newerVersion(let record) = error else { return false }
        return record.seq == newer && error.message == message
      }
    }
    #expect(b.isReadOnly && b.stopMessage == message)
    #expect(a.store.head == head)
    #expect(LogStore.verify(directory: dir.path + "/store").head == head)
    // No snapshot is written from projections that stopped short of the head.
    try a.writeSnapshot()
    #expect(a.store.latestSnapshot() == nil)
  }

  @Test func aRecordWhoseFieldsCannotBeReadStopsOpeningAtIt() throws {
    let dir = TempDir()
    let seqBefore: UInt64
    do {
      let engine = try openEngine(dir)
      try DemoHall(orders: 3, now: fixedNow).populate(engine)
      seqBefore = engine.state.seq
    }
    // A known type whose bytes this build cannot decode (fields a newer GridDesk wrote differently).
    let newer = try Self.appendNewerRecord(dir, type: "staff-registered", payload: Array(repeating: 0xFF, count: 16))
    do {
      // A known record after it is not applied either: the engine never skips a record.
      let other = try LogStore.open(directory: dir.path + "/store")
      var later: [PendingRecord] = []
      try other.read(from: 2) { record in
        if later.isEmpty {
          later.append(
            PendingRecord(time: fixedNow, actor: Self.newerActor, type: record.type, payload: record.payload))
        }
      }
      try other.append(later)
    }

    let store = try LogStore.open(directory: dir.path + "/store", createIfMissing: false)
    let engine = try Engine(store: store, login: "admin", clock: { fixedNow })
    #expect(engine.state.seq == seqBefore)
    #expect(engine.isReadOnly)
    #expect(engine.unreadable?.seq == newer)
    #expect(engine.unreadable?.knownType == true)
    let message = try #require(engine.stopMessage)
    Self.expectUpgradeMessage(message, seq: newer)
    #expect(message.zh.contains("读不懂的字段") && message.en.contains("has fields this one cannot read"))
    #expect(engine.notes.contains(message))
    #expect(throws: EngineError.self) { try engine.execute(Self.staff) }
    #expect(engine.store.head.seq == newer + 1)
  }

  @Test(arguments: [Lang.zh, .en]) func theCommandLineRefusesWithTheMessage(_ lang: Lang) throws {
    let dir = TempDir()
    do {
      let engine = try openEngine(dir)
      try engine.execute(Self.staff)
    }
    let newer = try Self.appendNewerRecord(dir, type: "meter-swapped", payload: [0x08, 0x01])
    let before = LogStore.verify(directory: dir.path + "/store").head
    let line = #"{"command":"register-staff","login":"liuyang","name":"刘洋","roles":["clerk"],"team":"城东营业厅"}"#
    let (status, output, errors) = try Self.griddesk(
      ["apply", "--store", dir.path + "/store", "--lang", lang.rawValue], input: line + "\n")
    #expect(status != 0)
    #expect(output.isEmpty)
    let expected = UnreadableRecord(seq: newer, type: "meter-swapped", knownType: false, detail: "").message
    #expect(errors.contains(expected.text(lang)))
    #expect(LogStore.verify(directory: dir.path + "/store").head == before)
    // Reading commands say it too.
    let export = try Self.griddesk(["export", "--store", dir.path + "/store", "--lang", lang.rawValue], input: "")
    #expect(export.status != 0 && export.errors.contains(expected.text(lang)))
  }

  @Test func applyFailsWhenANewerRecordArrivesWhileItRuns() throws {
    let dir = TempDir()
    do {
      let engine = try openEngine(dir)
      try DemoHall(orders: 1, now: fixedNow).populate(engine)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try Self.griddeskPath())
    process.arguments = ["apply", "--store", dir.path + "/store", "--lang", "en"]
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    func answer() -> String {
      var line = Data()
      while !line.contains(UInt8(ascii: "\n")) {
        let chunk = stdout.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        line += chunk
      }
      return String(decoding: line, as: UTF8.self)
    }
    func send(_ login: String) {
      let line =
        #"{"command":"register-staff","as":"admin","login":"\#(login)","name":"新人","roles":["clerk"],"team":"城东营业厅"}"#
      stdin.fileHandleForWriting.write(Data((line + "\n").utf8))
    }
    send("xulei")
    #expect(answer().contains(#""ok":true"#))
    let newer = try Self.appendNewerRecord(dir, type: "meter-swapped", payload: [0x08, 0x01])
    send("liuyang")
    let refused = answer()
    #expect(refused.contains(#""code":"store.newer-version""#))
    try stdin.fileHandleForWriting.close()
    let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus != 0)
    let expected = UnreadableRecord(seq: newer, type: "meter-swapped", knownType: false, detail: "").message
    #expect(errors.contains(expected.en))
  }

  /// Runs the `griddesk` built next to the tests.
  static func griddesk(_ arguments: [String], input: String) throws -> (
    status: Int32, output: String, errors: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try griddeskPath())
    process.arguments = arguments
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    let errors = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self)
    )
  }

  /// The `griddesk` executable `swift build --build-tests` puts next to the test bundle.
  static func griddeskPath(filePath: String = #filePath) throws -> String {
    var candidates: [String] = []
    let bundleDir = Bundle.main.bundlePath as NSString
    candidates.append(bundleDir.appendingPathComponent("griddesk"))
    candidates.append((bundleDir.deletingLastPathComponent as NSString).appendingPathComponent("griddesk"))
    let exe = (CommandLine.arguments.first ?? "") as NSString
    candidates.append((exe.deletingLastPathComponent as NSString).appendingPathComponent("griddesk"))
    var root = (filePath as NSString).deletingLastPathComponent
    for _ in 0..<2 { root = (root as NSString).deletingLastPathComponent }
    candidates.append(root + "/.build/debug/griddesk")
    let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    return try #require(found, "griddesk not built; run swift build --build-tests first")
  }
}
