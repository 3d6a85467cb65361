import Foundation
import Testing

@testable import Store

/// Opening checks what a snapshot spares it from reading: damage in an earlier segment stops writers and
/// is reported to readers; a reader judges a bad tail under the lock instead of stopping short silently.
@Suite struct IntegrityTests {
  /// A store of three segments (3 MiB records, three to a segment; the last one small) with a snapshot
  /// at the head, so that opening reads none of the earlier records.
  func makeStore(_ dir: TempDir) throws -> LogStore {
    let store = try LogStore.open(directory: dir.store)
    let big = PendingRecord(time: Date(), actor: testActor, type: "big", payload: [UInt8](repeating: 7, count: 3 << 20))
    for _ in 0..<6 { try store.append([big]) }
    try store.append([pending(1), pending(2)])
    #expect(segmentPaths(dir.store).count == 3)
    try store.writeSnapshot([1, 2, 3], covering: store.head)
    #expect(store.integrityDamage() == nil)
    return store
  }

  @Test func damageInAnEarlierSegmentStopsWritersAndIsReported() throws {
    let dir = TempDir()
    let head = try makeStore(dir).head
    let first = segmentPaths(dir.store)[0]
    let original = fileBytes(first)
    let offsets = recordOffsets(segmentData(first))
    #expect(offsets.count == 3 && segmentData(first).count == original.count, "a closed segment is full")
    // A byte of the first record's payload, of the last record's hash, and bytes after the records.
    var variants: [(bytes: [UInt8], offset: Int)] = []
    var payload = original
    payload[SegmentHeader.size + 5000] ^= 0x40
    variants.append((payload, SegmentHeader.size))
    var hash = original
    hash[original.count - 3] ^= 0x40
    variants.append((hash, offsets[2]))
    variants.append((original + [UInt8](repeating: 0, count: 4096) + [7], original.count))
    for (damaged, offset) in variants {
      writeBytes(damaged, to: first)
      let store = try LogStore.open(directory: dir.store)
      #expect(store.latestSnapshot()?.head == head, "the snapshot covers the damaged segment")
      #expect(throws: StoreError.self) { try store.append([pending(9)]) }
      let damage = try #require(store.integrityDamage(), "damage at \(offset)")
      #expect(damage.segment == first)
      #expect(damage.offset == offset)
      #expect(store.isReadOnly)
      #expect(store.integrityCheck.finished)
      #expect(store.openNotes.contains { $0.kind == .corruption && $0.segment == first && $0.offset == offset })
      #expect(store.head == head, "nothing appended")
      #expect(fileBytes(first) == damaged, "nothing changed")
      let reader = try LogStore.open(directory: dir.store, readOnly: true)
      #expect(reader.integrityDamage()?.offset == offset)
    }
    writeBytes(original, to: first)
    let store = try LogStore.open(directory: dir.store)
    #expect(store.integrityDamage() == nil)
    #expect(try store.append([pending(9)])[0].seq == head.seq + 1)
  }

  /// Many small records in batches: the check reads the earlier segments in windows that end inside
  /// batches and frames, passes an intact log, and finds a damaged byte deep in a segment, at its record.
  @Test func theCheckReadsInWindows() throws {
    let dir = TempDir()
    let store = try LogStore.open(directory: dir.store)
    var index = 0
    while segmentPaths(dir.store).count < 2 {
      var batch: [PendingRecord] = []
      for _ in 0..<37 {
        index += 1
        batch.append(pending(index, size: 900 + index % 50))
      }
      try store.append(batch)
    }
    #expect(try LogStore.open(directory: dir.store).integrityDamage() == nil)
    let first = segmentPaths(dir.store)[0]
    let offsets = recordOffsets(segmentData(first))
    let target = try #require(offsets.first { $0 > 5 << 20 })
    var bytes = fileBytes(first)
    bytes[target + 100] ^= 0x01
    writeBytes(bytes, to: first)
    let damaged = try LogStore.open(directory: dir.store)
    #expect(damaged.integrityDamage()?.offset == target)
    #expect(damaged.integrityDamage()?.segment == first)
  }

  /// A segment whose records no longer lead into the next segment's header (a record moved or removed).
  @Test func aBrokenLinkBetweenSegmentsIsDamage() throws {
    let dir = TempDir()
    _ = try makeStore(dir)
    let second = segmentPaths(dir.store)[1]
    let bytes = fileBytes(second)
    let data = segmentData(second)
    // Cut the second segment's last record off: its records end one short of the third's first seq.
    writeBytes(Array(bytes[0..<recordOffsets(data).last!]), to: second)
    let store = try LogStore.open(directory: dir.store)
    let damage = try #require(store.integrityDamage())
    #expect(damage.segment == segmentPaths(dir.store)[2])
    #expect(damage.offset == 0)
    #expect(throws: StoreError.self) { try store.append([pending(9)]) }
  }

  /// A reader that finds bad bytes at the end of the last segment looks again under the lock: a whole
  /// record that fails its checksum is damage (not the log's end); a torn write is only the end.
  @Test func aReaderTellsDamageAtTheTailFromATornWrite() throws {
    let dir = TempDir()
    let writer = try LogStore.open(directory: dir.store)
    for index in 1...5 { try writer.append([pending(index)]) }
    let segment = try #require(segmentPaths(dir.store).first)
    let data = segmentData(segment)
    let original = fileBytes(segment)
    let offsets = recordOffsets(data)
    for damagedRecord in [2, 4] {
      var damaged = original
      damaged[offsets[damagedRecord] + 50] ^= 0x08
      writeBytes(damaged, to: segment)
      let reader = try LogStore.open(directory: dir.store, readOnly: true)
      #expect(reader.head.seq == UInt64(damagedRecord))
      #expect(reader.damage?.offset == offsets[damagedRecord], "record \(damagedRecord + 1)")
      #expect(reader.integrityDamage() != nil)
      #expect(throws: StoreError.self) { try allRecords(reader) }
    }
    // A torn last record: the reader stops before it and reports no damage (the next writer cuts it).
    var torn = original
    for index in (offsets[4] + 60)..<data.count { torn[index] = 0 }
    writeBytes(torn, to: segment)
    let reader = try LogStore.open(directory: dir.store, readOnly: true)
    #expect(reader.head.seq == 4)
    #expect(reader.integrityDamage() == nil)
    #expect(try allRecords(reader).count == 4)
    #expect(try reader.catchUp().isEmpty)
    #expect(try reader.catchUp().isEmpty, "the torn tail is not judged again")
    let next = try LogStore.open(directory: dir.store)
    #expect(next.openNotes.first?.kind == .tornTailCut)
    #expect(try next.append([pending(6)])[0].seq == 5)
    #expect(try reader.catchUp().map(\.seq) == [5])
  }
}

/// The offsets of the records in a segment's bytes (up to the end of its records).
func recordOffsets(_ data: [UInt8]) -> [Int] {
  var offsets: [Int] = []
  var offset = SegmentHeader.size
  while offset + Frame.headerSize <= data.count {
    offsets.append(offset)
    offset +=
      Frame.overhead + data.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)) }
  }
  return offsets
}
