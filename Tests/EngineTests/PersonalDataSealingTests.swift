import Domain
import Foundation
import Store
import Testing

@testable import Engine

#if canImport(Glibc)
  import Glibc
#endif

/// Personal data at rest (issue 12, item 6): sealed in the log and in snapshots with the hall's key.
@Suite struct PersonalDataSealingTests {
  static let id = "11010519491231002X"
  static let phone = "13812345678"
  static let address = "浙江省杭州市西湖区文三路90号"

  static func form(id: String = id, phone: String = phone, address: String = address) -> CustomerForm {
    CustomerForm(
      name: "张三明", kind: .individual, idKind: .resident, idNumber: id, phone: phone, address: address,
      useCategory: .residential)
  }

  /// A new store as `griddesk init` makes it: the key beside the directory, recorded in the log.
  static func sealedEngine(_ dir: TempDir, keyFile: String? = nil) throws -> Engine {
    let store = try LogStore.open(directory: dir.path + "/store", createIfMissing: true, demo: true)
    let engine = try Engine(store: store, login: "admin", clock: { fixedNow }, keyFile: keyFile)
    try engine.bootstrapIfNew(name: "管理员", sealPersonalData: true)
    return engine
  }

  static func reopen(_ path: String, keyFile: String? = nil) throws -> Engine {
    try Engine(
      store: LogStore.open(directory: path, createIfMissing: false), login: "admin", clock: { fixedNow },
      keyFile: keyFile)
  }

  /// Every byte of every file under `path` (segments, snapshots, manifest, everything).
  static func allBytes(under path: String) throws -> [UInt8] {
    var bytes: [UInt8] = []
    let files = FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []
    for file in files.sorted() {
      var isDirectory: ObjCBool = false
      let full = path + "/" + file
      guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else {
        continue
      }
      bytes += try [UInt8](Data(contentsOf: URL(fileURLWithPath: full)))
    }
    return bytes
  }

  /// Whether the bytes hold the text's UTF-8 (memchr for the first byte: segments are 8 MiB of mostly zeros).
  static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
    let n = Array(needle.utf8)
    return haystack.withUnsafeBytes { h in
      n.withUnsafeBytes { m in
        guard let base = h.baseAddress, let first = n.first else { return false }
        var offset = 0
        while offset + n.count <= h.count {
          guard let hit = memchr(base + offset, Int32(first), h.count - offset - n.count + 1) else { return false }
          let at = base.distance(to: UnsafeRawPointer(hit))
          if memcmp(base + at, m.baseAddress!, n.count) == 0 { return true }
          offset = at + 1
        }
        return false
      }
    }
  }

  static func expectNoPersonalData(under path: String, _ values: [String] = [id, phone, address]) throws {
    let bytes = try allBytes(under: path)
    #expect(!bytes.isEmpty)
    for value in values { #expect(!contains(bytes, value), "\(value) found in the clear under \(path)") }
  }

  @Test func newStoreSealsInTheLogAndSnapshotAndOpensWithTheKey() throws {
    let dir = TempDir()
    let engine = try Self.sealedEngine(dir)
    let keyPath = dir.path + "/store.key"
    #expect(engine.keyFile == keyPath)
    #expect(engine.state.currentKeyVersion == 1)
    #expect(engine.keyProblem == nil)
    // The key file: beside the store, not in it; group-readable only, set explicitly.
    let attributes = try FileManager.default.attributesOfItem(atPath: keyPath)
    #expect((attributes[.posixPermissions] as? Int) == 0o440)
    try engine.execute(Command(RegisterCustomer(customer: Self.form())))
    let account = try #require(engine.state.customers.keys.first)
    #expect(engine.state.customers[account]?.idNumber == Self.id)
    #expect(engine.state.customer(idNumber: Self.id)?.account == account)
    try Self.expectNoPersonalData(under: dir.path + "/store")

    try engine.writeSnapshot()
    #expect(!(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/store/snapshots")).isEmpty)
    try Self.expectNoPersonalData(under: dir.path + "/store")

    // Reopened from the snapshot, and from the log alone: the same plain values.
    let fromSnapshot = try Self.reopen(dir.path + "/store")
    #expect(fromSnapshot.state.customers[account]?.phone == Self.phone)
    #expect(fromSnapshot.state.customers[account]?.address == Self.address)
    #expect(fromSnapshot.state.customers == engine.state.customers)
    #expect(fromSnapshot.notes.isEmpty)
    try FileManager.default.removeItem(atPath: dir.path + "/store/snapshots")
    let fromLog = try Self.reopen(dir.path + "/store")
    #expect(fromLog.state.customers == engine.state.customers)
    #expect(fromLog.unopenedValues == 0)

    // An update is sealed too; the export (masked) shows the usual masks.
    var changed = Self.form(phone: "13900001111")
    changed.address = "浙江省杭州市西湖区文二路1号"
    try fromLog.execute(Command(UpdateCustomer(account: account, customer: changed)))
    try Self.expectNoPersonalData(under: dir.path + "/store", ["13900001111", "文二路1号"])
    var sawCustomer = false
    try fromLog.store.read(from: 1) { record in
      let event = try fromLog.event(of: record).masked()
      if case .customerRegistered(let e) = event {
        sawCustomer = true
        #expect(e.customer.idNumber == "1101**********002X")
        #expect(e.customer.phone == "138****5678")
      }
    }
    #expect(sawCustomer)
  }

  @Test func aBackupWithoutTheKeyShowsNoPersonalDataAndSaysWhereTheKeyIsLookedFor() throws {
    let dir = TempDir()
    let engine = try Self.sealedEngine(dir)
    try engine.execute(Command(RegisterCustomer(customer: Self.form())))
    try engine.writeSnapshot()
    let account = try #require(engine.state.customers.keys.first)
    // A copy of the directory, as a backup or a stolen disk image holds it: the key is not in it.
    let copy = dir.path + "/copy"
    try FileManager.default.copyItem(atPath: dir.path + "/store", toPath: copy)
    try Self.expectNoPersonalData(under: copy)
    // Every record still verifies without the key: the chain is over the sealed bytes.
    let report = LogStore.verify(directory: copy)
    #expect(report.firstDamage == nil)
    #expect(report.head == engine.store.head)

    let blind = try Self.reopen(copy)
    #expect(blind.keyProblem?.code == .missing)
    #expect(blind.keyFile == copy + ".key")
    let note = try #require(blind.notes.first { $0.en.contains("key") })
    #expect(note.en.contains(copy + ".key") && note.zh.contains(copy + ".key"))
    #expect(note.en.contains("GRIDDESK_KEY"))
    #expect(blind.isReadOnly)
    // Opens, with placeholders where the sealed values are.
    let customer = try #require(blind.state.customers[account])
    #expect(customer.name == "张三明")
    #expect(SealedText.isSealed(customer.idNumber))
    #expect(Masking.idNumber(customer.idNumber) == SealedText.placeholder)
    #expect(Masking.phone(customer.phone) == SealedText.placeholder)
    #expect(Masking.address(customer.address) == SealedText.placeholder)
    #expect(blind.unopenedValues == 3)
    // Nothing can be recorded, and the refusal names the key.
    #expect(throws: EngineError.self) {
      try blind.execute(Command(RegisterCustomer(customer: Self.form(id: "110105194912310003"))))
    }
    do {
      try blind.execute(Command(RevealPersonalData(account: account, reason: "核对身份")))
      Issue.record("recorded without the key")
    } catch {
      #expect(error.code == "key.missing")
      #expect(error.message.en.contains(copy + ".key"))
    }
    // The export of events shows the placeholder, never the token.
    try blind.store.read(from: 1) { record in
      if case .customerRegistered(let e) = try blind.event(of: record).masked() {
        #expect(e.customer.idNumber == SealedText.placeholder)
      }
    }
    // With the key copied beside it, the backup opens in full.
    try FileManager.default.copyItem(atPath: dir.path + "/store.key", toPath: copy + ".key")
    let restored = try Self.reopen(copy)
    #expect(restored.keyProblem == nil)
    #expect(restored.state.customers[account]?.idNumber == Self.id)
  }

  @Test func rotationSealsNewRecordsWithTheNewVersionAndKeepsOldOnesReadable() throws {
    let dir = TempDir()
    let engine = try Self.sealedEngine(dir)
    let other = try Self.reopen(dir.path + "/store")
    try engine.execute(Command(RegisterCustomer(customer: Self.form())))
    let oldKeyFile = dir.path + "/old.key"
    try FileManager.default.copyItem(atPath: engine.keyFile, toPath: oldKeyFile)

    #expect(try engine.rotateKey() == 2)
    #expect(engine.state.currentKeyVersion == 2)
    #expect(try PersonalDataKeyFile.load(path: engine.keyFile).versions == [1, 2])
    let attributes = try FileManager.default.attributesOfItem(atPath: engine.keyFile)
    #expect((attributes[.posixPermissions] as? Int) == 0o440)
    // Another open process learns of the new version and seals with it.
    try other.execute(Command(RegisterCustomer(customer: Self.form(id: "110105194912310003", phone: "13700001234"))))
    #expect(other.keyProblem == nil)
    var versions: [Int] = []
    try engine.store.read(from: 1) { record in
      guard record.type == "customer-registered" else { return }
      if case .customerRegistered(let e) = try Event(type: record.type, payload: record.payload),
        let token = SealedText.parse(e.customer.idNumber)
      {
        versions.append(token.version)
      }
    }
    #expect(versions == [1, 2])
    try Self.expectNoPersonalData(under: dir.path + "/store", [Self.id, "110105194912310003", "13700001234"])
    let reopened = try Self.reopen(dir.path + "/store")
    #expect(reopened.keyProblem == nil)
    #expect(Set(reopened.state.customers.values.map(\.idNumber)) == [Self.id, "110105194912310003"])

    // An old copy of the key file (version 1 only) is told apart: it cannot open version 2.
    let stale = try Self.reopen(dir.path + "/store", keyFile: oldKeyFile)
    #expect(stale.keyProblem?.code == .versionMissing)
    #expect(stale.isReadOnly)
    #expect(stale.state.customers.values.contains { $0.idNumber == Self.id })
    #expect(stale.state.customers.values.contains { SealedText.isSealed($0.idNumber) })
  }

  @Test func onlyAnAdminRotatesAndARefusalLeavesTheKeyFileAlone() throws {
    let dir = TempDir()
    let admin = try Self.sealedEngine(dir)
    try admin.execute(Command(RegisterStaff(login: "wangli", name: "王丽", roles: [.clerk], team: "城东")))
    let before = try Data(contentsOf: URL(fileURLWithPath: admin.keyFile))
    let clerk = try Engine(
      store: LogStore.open(directory: dir.path + "/store", createIfMissing: false), login: "wangli",
      clock: { fixedNow })
    #expect(throws: EngineError.self) { try clerk.rotateKey() }
    #expect(try Data(contentsOf: URL(fileURLWithPath: admin.keyFile)) == before)
  }

  @Test func anotherStoresKeyIsNamedAsTheWrongKey() throws {
    let a = TempDir()
    let b = TempDir()
    let engine = try Self.sealedEngine(a)
    try engine.execute(Command(RegisterCustomer(customer: Self.form())))
    _ = try Self.sealedEngine(b)
    let wrong = try Self.reopen(a.path + "/store", keyFile: b.path + "/store.key")
    #expect(wrong.keyProblem?.code == .wrongKey)
    #expect(wrong.isReadOnly)
    let note = try #require(wrong.notes.first { $0.en.contains("not the key this store uses") })
    #expect(note.zh.contains(b.path + "/store.key"))
    #expect(wrong.state.customers.values.allSatisfy { SealedText.isSealed($0.idNumber) })
    // A snapshot is not written with a key that is not the store's.
    try wrong.writeSnapshot()
    let snapshots = (try? FileManager.default.contentsOfDirectory(atPath: a.path + "/store/snapshots")) ?? []
    #expect(snapshots.isEmpty)
  }

  @Test func aKeyFileOthersCanReadIsReported() throws {
    let dir = TempDir()
    let engine = try Self.sealedEngine(dir)
    #expect(chmod(engine.keyFile, 0o444) == 0)
    let reopened = try Self.reopen(dir.path + "/store")
    #expect(reopened.keyProblem == nil)
    #expect(reopened.notes.contains { $0.en.contains("chmod 0440") })
  }

  @Test func aStoreWrittenBeforeSealingKeepsWorkingAndStartsSealingWhenAKeyIsAdded() throws {
    let dir = TempDir()
    // As older programs wrote it: no key, personal data in the clear.
    let old = try openEngine(dir)
    try old.execute(Command(RegisterCustomer(customer: Self.form())))
    try old.writeSnapshot()
    let bytes = try Self.allBytes(under: dir.path + "/store")
    #expect(Self.contains(bytes, Self.id))
    #expect(old.state.keyVersions.isEmpty)

    let reopened = try Self.reopen(dir.path + "/store")
    #expect(reopened.keyProblem == nil)
    #expect(!reopened.isReadOnly)
    #expect(reopened.state.customers.values.first?.idNumber == Self.id)
    try reopened.execute(Command(RegisterCustomer(customer: Self.form(id: "110105194912310003"))))

    // An admin adds a key: later records are sealed, earlier ones read as they are.
    #expect(try reopened.rotateKey() == 1)
    try reopened.execute(
      Command(RegisterCustomer(customer: Self.form(id: "110105194912310038", phone: "13600001234"))))
    let log = try Self.allBytes(under: dir.path + "/store/log")
    #expect(Self.contains(log, Self.id))
    #expect(!Self.contains(log, "110105194912310038"))
    #expect(!Self.contains(log, "13600001234"))
    try reopened.writeSnapshot()
    let last = try Self.reopen(dir.path + "/store")
    #expect(last.keyProblem == nil)
    #expect(
      Set(last.state.customers.values.map(\.idNumber)) == [Self.id, "110105194912310003", "110105194912310038"])
    // The new snapshot seals every customer, also those written in the clear.
    let snapshots = dir.path + "/store/snapshots"
    let newest = try #require(try FileManager.default.contentsOfDirectory(atPath: snapshots).sorted().last)
    let snapshot = try [UInt8](Data(contentsOf: URL(fileURLWithPath: snapshots + "/" + newest)))
    #expect(!Self.contains(snapshot, Self.id))
    #expect(!Self.contains(snapshot, "110105194912310038"))
  }

  @Test func theDemoHallIsSealed() throws {
    let dir = TempDir()
    let engine = try Self.sealedEngine(dir)
    try DemoHall(orders: 20, seed: 5, now: fixedNow).populate(engine)
    try engine.writeSnapshot()
    let ids = engine.state.customers.values.map(\.idNumber).filter { $0.count == 18 }
    #expect(!ids.isEmpty)
    let bytes = try Self.allBytes(under: dir.path + "/store")
    for id in ids { #expect(!Self.contains(bytes, id)) }
    let reopened = try Self.reopen(dir.path + "/store")
    #expect(reopened.state.customers == engine.state.customers)
    reopened.state.checkInvariants()
  }

  @Test func severalProcessesOpeningANewStoreAtOnceWriteOneKey() throws {
    let dir = TempDir()
    let path = dir.path + "/store"
    _ = try LogStore.open(directory: path, createIfMissing: true, demo: true)
    let failures = Failures()
    DispatchQueue.concurrentPerform(iterations: 4) { i in
      do {
        let store = try LogStore.open(directory: path, createIfMissing: false)
        let engine = try Engine(store: store, login: "admin\(i)", clock: { fixedNow })
        try engine.bootstrapIfNew(name: "管理员\(i)", sealPersonalData: true)
      } catch {
        failures.add("\(i): \(error)")
      }
    }
    #expect(failures.all.isEmpty)
    let engine = try Self.reopen(path)
    #expect(engine.keyProblem == nil)
    #expect(engine.state.keyVersions.count == 1)
    #expect(engine.state.staff.count == 1)
    #expect(try PersonalDataKeyFile.load(path: path + ".key").versions == [1])
  }

  @Test func tokensAreNeverTypedData() throws {
    // A token starts with a control character, which validated text never holds.
    #expect(throws: DomainError.self) { try Validation.address("\u{1}sealed/v1/AAAA") }
    #expect(SealedText.parse("\u{1}sealed/v1/AAAA")?.version == 1)
    #expect(SealedText.parse("sealed/v1/AAAA") == nil)
    #expect(!SealedText.isSealed("浙江省杭州市"))
  }
}

/// Errors gathered from several threads.
final class Failures: @unchecked Sendable {
  private let lock = NSLock()
  private var list: [String] = []
  func add(_ text: String) { lock.withLock { list.append(text) } }
  var all: [String] { lock.withLock { list } }
}
