import CStoreCRC
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The staging ring: `DIR/RING`, a small file every appending process maps shared, where appenders that
/// find the lock taken place their batches for the lock holder to write with its own (group commit across
/// processes, see docs/store-format.md). Slots change state with atomic operations; a waiter sleeps on a
/// futex word of its slot, which the holder moves on when the slot is done (or failed), or when it lets the
/// lock go with the slot still staged; a holder between rounds sleeps on a word that stagers move on.
///
/// Nothing in the ring is durable or acknowledged by itself: a waiter's records are acknowledged only
/// after the holder's `fdatasync` and after the waiter has read them back from the log.
///
/// Sendable: the object holds only the immutable address of the mapping; the shared memory is guarded
/// across threads and processes by the atomic slot states and `flock` on `DIR/LOCK` (above).
final class StageRing: @unchecked Sendable {
  static let slotCount = 16
  static let slotSize = 16 << 10
  static let headerSize = 4096
  static let slotHeaderSize = 64
  /// The largest staged unit (encoded batches) a slot takes; bigger ones wait for the lock.
  static let capacity = slotSize - slotHeaderSize
  static let fileSize = headerSize + slotCount * slotSize
  static let magic = Array("GDRING01".utf8)

  enum SlotState: UInt32 {
    /// Nobody's.
    case free = 0
    /// An appender is writing its batches into it.
    case filling = 1
    /// Staged: waiting for a lock holder.
    case ready = 2
    /// A lock holder is writing it to the log at the claimed place (seen by a later lock holder: that holder
    /// died, since a holder settles every claim before it lets the lock go).
    case claimed = 3
    /// Durable in the log at the claimed place.
    case done = 4
    /// The write failed; the slot holds the error.
    case failed = 5
  }

  /// Where a unit's records are (or are to be) in the log.
  struct Claim: Equatable {
    var segmentFirstSeq: UInt64
    var offset: Int
    var firstSeq: UInt64
  }

  private let base: UnsafeMutableRawPointer

  private init(base: UnsafeMutableRawPointer) {
    self.base = base
  }

  deinit { munmap(base, Self.fileSize) }

  /// Maps `DIR/RING`, creating it if needed. Call with the lock on `DIR/LOCK` held. After a reboot (the boot
  /// id differs) every slot is cleared: no process of the previous boot waits any more. Nil when the ring
  /// cannot be used (then appenders simply wait for the lock).
  static func open(directory: String) -> StageRing? {
    let path = directory + "/RING"
    guard let fd = try? FS.open(path, O_RDWR | O_CREAT) else { return nil }
    defer { FS.close(fd) }
    guard let size = try? FS.size(fd, path: path) else { return nil }
    if size != fileSize {
      // A new file (or one of another layout, which no program of this version wrote): lay it out anew.
      guard ftruncate(fd, 0) == 0, ftruncate(fd, off_t(fileSize)) == 0 else { return nil }
    }
    guard let mapped = mmap(nil, fileSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), mapped != MAP_FAILED
    else { return nil }
    let ring = StageRing(base: mapped)
    let boot = bootID()
    let hasMagic = magic.withUnsafeBytes { memcmp(mapped, $0.baseAddress!, 8) == 0 }
    let sameBoot = boot.withUnsafeBytes { memcmp(mapped + 32, $0.baseAddress!, 16) == 0 }
    if !hasMagic || !sameBoot {
      memset(mapped + 8, 0, fileSize - 8)
      magic.withUnsafeBytes { _ = memcpy(mapped, $0.baseAddress!, 8) }
      mapped.storeBytes(of: UInt32(slotCount), toByteOffset: 8, as: UInt32.self)
      mapped.storeBytes(of: UInt32(slotSize), toByteOffset: 12, as: UInt32.self)
      boot.withUnsafeBytes { _ = memcpy(mapped + 32, $0.baseAddress!, 16) }
    }
    return ring
  }

  /// 16 bytes that identify this boot of the host.
  static func bootID() -> [UInt8] {
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

  private func word(_ offset: Int) -> UnsafeMutablePointer<UInt32> {
    (base + offset).assumingMemoryBound(to: UInt32.self)
  }

  /// Moved on by every appender that stages a slot; a holder waiting for more slots sleeps on it.
  private var stagedWord: UnsafeMutablePointer<UInt32> { word(20) }
  private var holderSleepingWord: UnsafeMutablePointer<UInt32> { word(24) }
  /// How many staged slots the sleeping holder waits for (the stager that completes them wakes it).
  private var wantedWord: UnsafeMutablePointer<UInt32> { word(28) }

  private func slot(_ index: Int) -> UnsafeMutableRawPointer { base + Self.headerSize + index * Self.slotSize }

  /// The raw slot (for tests).
  func slotPointer(_ index: Int) -> UnsafeMutableRawPointer { slot(index) }

  private func wakeWord(_ index: Int) -> UnsafeMutablePointer<UInt32> {
    (slot(index) + 44).assumingMemoryBound(to: UInt32.self)
  }

  private func sleepingWord(_ index: Int) -> UnsafeMutablePointer<UInt32> {
    (slot(index) + 48).assumingMemoryBound(to: UInt32.self)
  }

  /// The slot's wake-up counter: read it before checking the slot, then `sleep(slot:seen:)`.
  func wakeCount(_ index: Int) -> UInt32 { gd_load32(wakeWord(index)) }

  func state(_ index: Int) -> SlotState {
    SlotState(rawValue: gd_load32((slot(index)).assumingMemoryBound(to: UInt32.self))) ?? .free
  }

  func setState(_ index: Int, _ state: SlotState) {
    gd_store32(slot(index).assumingMemoryBound(to: UInt32.self), state.rawValue)
  }

  func exchange(_ index: Int, from: SlotState, to: SlotState) -> Bool {
    gd_cas32(slot(index).assumingMemoryBound(to: UInt32.self), from.rawValue, to.rawValue) == 1
  }

  func owner(_ index: Int) -> Int32 { Int32(bitPattern: slot(index).load(fromByteOffset: 4, as: UInt32.self)) }

  // MARK: - Appenders

  /// Takes a free slot and writes `unit` into it (state `filling`, then `ready`). Nil when none is free.
  func stage(_ unit: [UInt8]) -> Int? {
    guard unit.count <= Self.capacity else { return nil }
    for attempt in 0..<2 {
      for index in 0..<Self.slotCount where exchange(index, from: .free, to: .filling) {
        let pointer = slot(index)
        pointer.storeBytes(of: UInt32(bitPattern: getpid()), toByteOffset: 4, as: UInt32.self)
        pointer.storeBytes(of: UInt32(unit.count), toByteOffset: 12, as: UInt32.self)
        unit.withUnsafeBytes { _ = memcpy(pointer + Self.slotHeaderSize, $0.baseAddress!, unit.count) }
        setState(index, .ready)
        _ = gd_add32(stagedWord, 1)
        if gd_add32(holderSleepingWord, 0) > 0 && readyCount >= Int(gd_load32(wantedWord)) {
          _ = gd_futex_wake(stagedWord, 1)
        }
        return index
      }
      if attempt == 0 { sweep() }
    }
    return nil
  }

  /// Frees the slots that processes which died left behind while filling or before reading their outcome.
  func sweep() {
    for index in 0..<Self.slotCount {
      let current = state(index)
      guard current == .filling || current == .done || current == .failed else { continue }
      if kill(owner(index), 0) != 0 && errno == ESRCH { _ = exchange(index, from: current, to: .free) }
    }
  }

  /// The batches staged in a slot (nil when they do not decode).
  func unit(_ index: Int) -> [[PendingRecord]]? {
    let pointer = slot(index)
    let length = Int(pointer.load(fromByteOffset: 12, as: UInt32.self))
    guard length <= Self.capacity else { return nil }
    let bytes = [UInt8](UnsafeRawBufferPointer(start: pointer + Self.slotHeaderSize, count: length))
    return LogStore.decodeUnit(bytes)
  }

  func claim(_ index: Int) -> Claim {
    let pointer = slot(index)
    return Claim(
      segmentFirstSeq: pointer.load(fromByteOffset: 16, as: UInt64.self),
      offset: Int(pointer.load(fromByteOffset: 24, as: UInt64.self)),
      firstSeq: pointer.load(fromByteOffset: 32, as: UInt64.self))
  }

  /// Records where the holder will write the slot's records, then marks it `claimed`.
  func setClaim(_ index: Int, _ claim: Claim) {
    let pointer = slot(index)
    pointer.storeBytes(of: claim.segmentFirstSeq, toByteOffset: 16, as: UInt64.self)
    pointer.storeBytes(of: UInt64(claim.offset), toByteOffset: 24, as: UInt64.self)
    pointer.storeBytes(of: claim.firstSeq, toByteOffset: 32, as: UInt64.self)
    pointer.storeBytes(of: UInt32(bitPattern: getpid()), toByteOffset: 8, as: UInt32.self)
    setState(index, .claimed)
  }

  /// Writes the error over the slot's batches and marks it `failed`.
  func fail(_ index: Int, _ error: StoreError) {
    let text = Array("\(error.code.rawValue)\n\(error.zh)\n\(error.en)".utf8.prefix(Self.capacity))
    let pointer = slot(index)
    pointer.storeBytes(of: UInt32(text.count), toByteOffset: 40, as: UInt32.self)
    text.withUnsafeBytes { _ = memcpy(pointer + Self.slotHeaderSize, $0.baseAddress!, text.count) }
    settle(index, .failed)
  }

  func error(_ index: Int) -> StoreError {
    let pointer = slot(index)
    let length = min(Int(pointer.load(fromByteOffset: 40, as: UInt32.self)), Self.capacity)
    let text = String(
      decoding: UnsafeRawBufferPointer(start: pointer + Self.slotHeaderSize, count: length), as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let code = StoreError.Code(rawValue: lines.first.map(String.init) ?? "") ?? .io
    return StoreError(
      code, zh: lines.count > 1 ? String(lines[1]) : "写入失败", en: lines.count > 2 ? String(lines[2]) : "write failed")
  }

  /// Sleeps until the slot's wake-up counter moves past `seen` (or `nanoseconds` pass); true on time-out.
  func sleep(slot index: Int, seen: UInt32, nanoseconds: Int64) -> Bool {
    gd_store32(sleepingWord(index), 1)
    _ = gd_add32(sleepingWord(index), 0)
    let result = gd_futex_wait(wakeWord(index), seen, nanoseconds)
    gd_store32(sleepingWord(index), 0)
    return result == ETIMEDOUT
  }

  /// Wakes the owner of a slot (a system call only when it sleeps).
  func wake(slot index: Int) {
    _ = gd_add32(wakeWord(index), 1)
    if gd_add32(sleepingWord(index), 0) != 0 { _ = gd_futex_wake(wakeWord(index), 1) }
  }

  /// Sets a slot's state and wakes its owner.
  func settle(_ index: Int, _ state: SlotState) {
    setState(index, state)
    wake(slot: index)
  }

  /// For a holder between rounds: waits until `count` slots are staged, at most `nanoseconds`; true when
  /// any slot is staged by then.
  func awaitStaged(count: Int, nanoseconds: Int64) -> Bool {
    let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(nanoseconds)
    while true {
      let seen = gd_add32(stagedWord, 0)
      let ready = readyCount
      let now = DispatchTime.now().uptimeNanoseconds
      if ready >= count || now >= deadline { return ready > 0 }
      gd_store32(wantedWord, UInt32(count))
      _ = gd_add32(holderSleepingWord, 1)
      _ = gd_futex_wait(stagedWord, seen, Int64(deadline - now))
      _ = gd_add32(holderSleepingWord, -1)
    }
  }

  /// When a holder lets the lock go: wakes the owner of one staged slot, which then takes the lock.
  func wakeOneStaged() {
    for index in 0..<Self.slotCount where state(index) == .ready {
      wake(slot: index)
      return
    }
  }

  var readyCount: Int {
    var count = 0
    for index in 0..<Self.slotCount where state(index) == .ready { count += 1 }
    return count
  }

  /// Slots in the given state.
  func slots(in wanted: SlotState) -> [Int] {
    (0..<Self.slotCount).filter { state($0) == wanted }
  }
}
