import Foundation
import Testing

@testable import Store

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct RecoveryTests {
  /// Builds a store with `count` records and returns its directory, segment bytes and record offsets.
  func makeStore(_ dir: TempDir, count: Int) throws -> (segment: String, bytes: [UInt8], offsets: [Int]) {
    let store = try LogStore.open(directory: dir.store)
    for index in 1...count { try store.append([pending(index, size: 30 + index)]) }
    let segment = try #require(segmentPaths(dir.store).first)
    #expect(fileBytes(segment).count == LogStore.segmentLimit, "preallocated")
    let bytes = segmentData(segment)
    var offsets: [Int] = []
    var offset = SegmentHeader.size
    while offset < bytes.count {
      offsets.append(offset)
      let length = bytes.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)) }
      offset += Frame.overhead + length
    }
    #expect(offsets.count == count)
    return (segment, bytes, offsets)
  }

  @Test func tornTailAtEveryOffsetOfLastRecord() throws {
    let dir = TempDir()
    let (segment, bytes, offsets) = try makeStore(dir, count: 4)
    let lastStart = offsets[3]
    for cut in lastStart..<bytes.count {
      writeBytes(Array(bytes[0..<cut]), to: segment)
      let before = LogStore.verify(directory: dir.store)
      if cut > lastStart {
        #expect(before.firstDamage?.kind == .tornTail)
        #expect(before.firstDamage?.offset == lastStart)
      }
      let store = try LogStore.open(directory: dir.store)
      #expect(store.head.seq == 3)
      #expect(!store.isReadOnly)
      if cut > lastStart {
        let note = try #require(store.openNotes.first)
        #expect(note.kind == .tornTailCut)
        #expect(note.bytes == cut - lastStart)
        #expect(note.offset == lastStart)
        let side = try #require(note.sideFile)
        #expect(fileBytes(side) == Array(bytes[lastStart..<cut]))
        try FileManager.default.removeItem(atPath: side)
      }
      let again = try store.append([pending(99)])
      #expect(again[0].seq == 4)
      #expect(store.verify().ok)
    }
  }

  /// The same cuts in a preallocated segment: the rest of the file is zero, not missing.
  @Test func zeroFilledTailAtEveryOffsetOfLastRecord() throws {
    let dir = TempDir()
    let (segment, bytes, offsets) = try makeStore(dir, count: 4)
    let lastStart = offsets[3]
    for cut in lastStart..<bytes.count {
      var file = Array(bytes[0..<cut])
      file += [UInt8](repeating: 0, count: 16 << 10)  // the rest of a preallocated segment (shortened)
      writeBytes(file, to: segment)
      if cut == bytes.count - 1 && bytes[cut] != 0 {
        // Only the last byte zero: the same bytes as a complete record whose last byte was damaged to
        // zero. It may have been acknowledged, so it is damage (repair puts it aside), never cut silently.
        #expect(LogStore.verify(directory: dir.store).firstDamage?.kind == .corrupt)
        #expect(try LogStore.open(directory: dir.store).isReadOnly)
        continue
      }
      if cut > lastStart {
        #expect(LogStore.verify(directory: dir.store).firstDamage?.kind == .tornTail, "cut at \(cut)")
      }
      let store = try LogStore.open(directory: dir.store)
      #expect(store.head.seq == 3)
      #expect(!store.isReadOnly, "cut at \(cut)")
      if cut > lastStart, let side = store.openNotes.first?.sideFile {
        try FileManager.default.removeItem(atPath: side)
      }
      #expect(try store.append([pending(99)])[0].seq == 4)
    }
  }

  /// A byte changed in the last, acknowledged record (every byte, in a preallocated segment and in a
  /// short file) is damage: the next writer refuses, names it, and cuts nothing; its seq is never reused.
  @Test func damagedLastRecordIsNotATornTail() throws {
    let dir = TempDir()
    let (segment, bytes, offsets) = try makeStore(dir, count: 4)
    let lastStart = offsets[3]
    let zeros = [UInt8](repeating: 0, count: 16 << 10)  // the rest of a preallocated segment (shortened)
    for position in lastStart..<bytes.count {
      for preallocated in [true, false] {
        var damaged = bytes
        damaged[position] ^= UInt8(1 << (position % 8))
        let file = preallocated ? damaged + zeros : damaged
        writeBytes(file, to: segment)
        let report = LogStore.verify(directory: dir.store)
        #expect(report.firstDamage?.kind == .corrupt, "byte \(position)")
        #expect(report.firstDamage?.offset == lastStart, "byte \(position)")
        let store = try LogStore.open(directory: dir.store)
        #expect(store.isReadOnly, "byte \(position)")
        let note = try #require(store.openNotes.first)
        #expect(note.kind == .corruption)
        #expect(note.segment == segment && note.offset == lastStart)
        #expect(note.en.contains(segment) && note.zh.contains("\(lastStart)"))
        #expect(throws: StoreError.self) { try store.append([pending(99)]) }
        #expect(fileBytes(segment) == file, "nothing cut")
      }
    }
    // The last batch of several records: a bad byte in its last record is damage too.
    writeBytes(bytes, to: segment)
    let store = try LogStore.open(directory: dir.store)
    try store.append([pending(5), pending(6), pending(7)])
    let full = segmentData(segment)
    var damaged = full
    damaged[full.count - 40] ^= 0x04
    writeBytes(damaged, to: segment)
    let reopened = try LogStore.open(directory: dir.store)
    #expect(reopened.isReadOnly)
    #expect(reopened.head.seq == 4, "the damaged batch is not delivered")
    #expect(reopened.damage?.kind == .corrupt)
    #expect(fileBytes(segment) == damaged)
  }

  @Test func garbageAfterTheEndIsATornTail() throws {
    let dir = TempDir()
    let (segment, bytes, _) = try makeStore(dir, count: 3)
    let zeros = [UInt8](repeating: 0, count: 4096)
    // The start of a frame whose writing stopped (short, or followed by zeros) is a torn tail.
    for tail in [
      [1, 1, 0, 0, 200, 0, 0, 0], [1, 1, 0, 0, 200, 0, 0, 0] + zeros, [1, 0, 0, 0, 200, 0, 0, 0, 9] + zeros,
    ] {
      writeBytes(bytes + tail, to: segment)
      #expect(LogStore.verify(directory: dir.store).firstDamage?.kind == .tornTail)
      let store = try LogStore.open(directory: dir.store)
      #expect(store.head.seq == 3)
      let note = try #require(store.openNotes.first)
      #expect(note.kind == .tornTailCut)
      // What is kept aside ends with the last byte that is not zero (rounded up to a page), not the zeros.
      let kept = fileBytes(try #require(note.sideFile))
      #expect(kept.count <= 8192 && kept.count >= Scan.nonZeroEnd(tail, count: tail.count))
      #expect(fileBytes(segment) == bytes)
      #expect(try store.append([pending(4)])[0].seq == 4)
      #expect(fileBytes(segment).count == LogStore.segmentLimit, "preallocated again")
      writeBytes(bytes, to: segment)
    }
    // Bytes after zeros after the records cannot be a killed writer's piece (that starts right at the
    // end), and bytes that are not the start of a frame are no record's beginning: damage, read-only
    // until repair.
    for tail in [zeros + [7] + zeros, Array("partial garbage".utf8), [0, 0, 0, 1] + zeros, [1, 4, 0, 0, 200] + zeros] {
      writeBytes(bytes + tail, to: segment)
      let report = LogStore.verify(directory: dir.store)
      #expect(report.firstDamage?.kind == .corrupt)
      #expect(report.firstDamage?.offset == bytes.count)
      let damaged = try LogStore.open(directory: dir.store)
      #expect(damaged.isReadOnly)
      #expect(damaged.openNotes.first?.kind == .corruption)
      #expect(try LogStore.repair(directory: dir.store).head.seq == 3)
      #expect(fileBytes(segment) == bytes)
    }
    // In a preallocated segment zeros after the last record are unused space, not a torn tail.
    writeBytes(bytes + zeros, to: segment)
    #expect(LogStore.verify(directory: dir.store).ok)
    let store = try LogStore.open(directory: dir.store)
    #expect(store.openNotes.isEmpty)
    #expect(fileBytes(segment) == bytes + zeros)
    #expect(try store.append([pending(4)])[0].seq == 4)
    #expect(store.verify().ok)
  }

  /// A store of format 1 keeps writing version-1 segments (no preallocation), where zeros after the last
  /// record are a torn tail, so that older programs still running on it understand every segment.
  @Test func formatOneStoreKeepsVersionOneSegments() throws {
    let dir = TempDir()
    try FileManager.default.createDirectory(atPath: dir.store, withIntermediateDirectories: true)
    writeBytes(
      try LogStore.manifestBytes(Manifest(formatVersion: 1, demo: false, created: Date())),
      to: dir.store + "/manifest.json")
    let store = try LogStore.open(directory: dir.store)
    for index in 1...3 { try store.append([pending(index)]) }
    let segment = try #require(segmentPaths(dir.store).first)
    let bytes = fileBytes(segment)
    #expect(bytes[8] == 1, "segment version 1")
    #expect(bytes == segmentData(segment), "not preallocated")
    writeBytes(bytes + [UInt8](repeating: 0, count: 4096), to: segment)
    let reopened = try LogStore.open(directory: dir.store)
    #expect(reopened.openNotes.first?.kind == .tornTailCut)
    #expect(fileBytes(segment) == bytes)
    #expect(try reopened.append([pending(4)])[0].seq == 4)
    #expect(reopened.verify().ok)
  }

  @Test func flippedBitAnywhereIsDetectedAndLocated() throws {
    let dir = TempDir()
    let (segment, bytes, offsets) = try makeStore(dir, count: 5)
    for position in 0..<bytes.count {
      var damaged = bytes
      damaged[position] ^= UInt8(1 << (position % 8))
      writeBytes(damaged, to: segment)
      let report = LogStore.verify(directory: dir.store)
      let damage = try #require(report.firstDamage, "flip at \(position) not detected")
      #expect(damage.segment == segment)
      let recordIndex = offsets.lastIndex { $0 <= position }
      if let recordIndex {
        #expect(damage.offset == offsets[recordIndex], "flip at \(position)")
        // Also in the last record: it was written whole, so a bad byte in it is damage, not a torn write.
        #expect(damage.kind == .corrupt, "flip at \(position)")
      } else {
        #expect(damage.offset == 0)
        #expect(damage.kind == .corrupt)
      }
    }
    writeBytes(bytes, to: segment)
    #expect(LogStore.verify(directory: dir.store).ok)
  }

  @Test func corruptionOpensReadOnlyAndRepairQuarantines() throws {
    let dir = TempDir()
    let (segment, bytes, offsets) = try makeStore(dir, count: 5)
    var damaged = bytes
    damaged[offsets[2] + 20] ^= 0x10
    writeBytes(damaged, to: segment)
    let store = try LogStore.open(directory: dir.store)
    #expect(store.isReadOnly)
    let note = try #require(store.openNotes.first)
    #expect(note.kind == .corruption)
    #expect(note.segment == segment)
    #expect(note.offset == offsets[2])
    #expect(note.zh.contains(segment) && note.en.contains("\(offsets[2])"))
    #expect(fileBytes(segment) == damaged, "nothing deleted")
    #expect(throws: StoreError.self) { try store.append([pending(9)]) }
    let repair = try LogStore.repair(directory: dir.store)
    #expect(repair.damage?.offset == offsets[2])
    #expect(repair.head.seq == 2)
    let quarantine = try #require(repair.quarantine)
    let moved = try FileManager.default.contentsOfDirectory(atPath: quarantine)
    #expect(moved.count == 1)
    #expect(fileBytes(quarantine + "/" + moved[0]) == Array(damaged[offsets[2]...]))
    let repaired = try LogStore.open(directory: dir.store)
    #expect(!repaired.isReadOnly)
    #expect(repaired.head.seq == 2)
    #expect(try repaired.append([pending(10)])[0].seq == 3)
    #expect(repaired.verify().ok)
    #expect(try LogStore.repair(directory: dir.store).damage == nil)
  }

  /// Damage in the middle of a batch: repair moves the whole batch (no half batch is left behind, which
  /// `verify` would reject), says what it kept and what it moved, and the store takes appends again.
  @Test func repairCutsAtABatchBoundary() throws {
    for preallocated in [true, false] {
      let dir = TempDir()
      let store = try LogStore.open(directory: dir.store)
      try store.append((1...4).map { pending($0) })
      try store.append((5...9).map { pending($0) })
      try store.append((10...12).map { pending($0) })
      let segment = try #require(segmentPaths(dir.store).first)
      let bytes = segmentData(segment)
      var offsets: [Int] = []
      var offset = SegmentHeader.size
      while offset < bytes.count {
        offsets.append(offset)
        offset +=
          Frame.overhead + bytes.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)) }
      }
      #expect(offsets.count == 12)
      var damaged = fileBytes(segment)
      damaged[offsets[6] + 30] ^= 0x20  // record 7, the third of the second batch
      if !preallocated { damaged = Array(damaged[0..<bytes.count]) }
      writeBytes(damaged, to: segment)
      #expect(LogStore.verify(directory: dir.store).firstDamage?.offset == offsets[6])
      let report = try LogStore.repair(directory: dir.store)
      #expect(report.damage?.offset == offsets[6])
      #expect(report.head.seq == 4, "the whole second batch is moved")
      #expect(report.cutSegment == segment)
      #expect(report.cutOffset == offsets[4])
      #expect(report.readableRecordsMoved == 7, "records 5, 6 and 8–12")
      let quarantine = try #require(report.quarantine)
      #expect(report.filesMoved == ["00000000000000000001.seg.from-\(offsets[4])"])
      let moved = fileBytes(quarantine + "/" + report.filesMoved[0])
      #expect(Array(moved.prefix(bytes.count - offsets[4])) == Array(damaged[offsets[4]..<bytes.count]))
      #expect(moved.count <= bytes.count - offsets[4] + 4096, "not the preallocated zeros")
      #expect(report.bytesMoved == moved.count)
      #expect(LogStore.verify(directory: dir.store).ok)
      let repaired = try LogStore.open(directory: dir.store)
      #expect(!repaired.isReadOnly)
      #expect(try repaired.append([pending(20)])[0].seq == 5)
      #expect(repaired.verify().ok)
    }
  }

  @Test func garbageFilesGiveClearErrors() throws {
    var generator = SystemRandomNumberGenerator()
    for round in 0..<40 {
      let dir = TempDir()
      _ = try LogStore.open(directory: dir.store).append([pending(1)])
      let segment = try #require(segmentPaths(dir.store).first)
      let length = Int.random(in: 0..<3000, using: &generator)
      var garbage = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
      if round % 2 == 0 { garbage = Array(fileBytes(segment).prefix(SegmentHeader.size)) + garbage }
      writeBytes(garbage, to: segment)
      if round % 5 == 0 {
        writeBytes(Array(garbage.prefix(200)), to: dir.store + "/log/00000000000000000009.seg")
      }
      let report = LogStore.verify(directory: dir.store)
      if let damage = report.firstDamage {
        #expect(!damage.error.zh.isEmpty && !damage.error.en.isEmpty)
      }
      do {
        let store = try LogStore.open(directory: dir.store)
        _ = try? store.append([pending(2)])
        _ = try? allRecords(store)
        _ = store.verify()
      } catch let error as StoreError {
        #expect(!error.zh.isEmpty && !error.en.isEmpty)
      }
    }
    // Garbage snapshots are ignored. A flush board of another size is left alone (that handle flushes
    // every append itself); one of the right size but not a board is laid out anew.
    do {
      let dir = TempDir()
      let store = try LogStore.open(directory: dir.store)
      try store.append([pending(1)])
      for (index, length) in [0, 10, 64, 200].enumerated() {
        let garbage = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
        writeBytes(garbage, to: dir.store + "/snapshots/" + SnapshotFile.fileName(seq: UInt64(index)))
      }
      #expect(store.latestSnapshot() == nil)
      #expect(try store.append([pending(2)])[0].seq == 2)
      for (index, length) in [200, FlushBoard.fileSize].enumerated() {
        let garbage = (0..<length).map { _ in UInt8.random(in: 1...255, using: &generator) }
        writeBytes(garbage, to: dir.store + "/FLUSH")
        let other = try LogStore.open(directory: dir.store)
        #expect((other.board == nil) == (index == 0))
        #expect(try other.append([pending(3 + index)])[0].seq == UInt64(3 + index))
        if let board = other.board { #expect(board.durableSeq == 4) }
      }
      #expect(store.verify().ok)
    }
    // A read-only handle on a store that has no segment yet sees the first records once they exist.
    do {
      let dir = TempDir()
      try FileManager.default.createDirectory(atPath: dir.store + "/log", withIntermediateDirectories: true)
      writeBytes(
        try LogStore.manifestBytes(Manifest(formatVersion: 1, demo: true, created: Date())),
        to: dir.store + "/manifest.json")
      let reader = try LogStore.open(directory: dir.store, readOnly: true)
      #expect(reader.manifest.demo)
      #expect(reader.head == .empty)
      try LogStore.open(directory: dir.store).append([pending(1)])
      #expect(try reader.catchUp().map(\.seq) == [1])
    }
    let dir = TempDir()
    _ = try LogStore.open(directory: dir.store)
    writeBytes(Array("{not json".utf8), to: dir.store + "/manifest.json")
    #expect(throws: StoreError.self) { try LogStore.open(directory: dir.store) }
  }
}
