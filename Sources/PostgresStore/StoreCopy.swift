import Foundation
import Store

/// Moves a hall's log between backends (a directory and PostgreSQL, either way): every record keeps its
/// seq, time, actor, batch and therefore its hash, so both verify to the same head.
public enum StoreCopy {
  /// Copies every record of `source` into `destination`, which must be empty, and the newest snapshot.
  /// - Returns: the head copied (both logs verify to it).
  @discardableResult
  public static func copy(from source: any EventLog, to destination: any EventLog) throws -> Head {
    guard destination.head.seq == 0 else {
      throw StoreError(
        .backupTarget,
        zh: "目标 \(destination.location) 已有记录 (日志头 \(destination.head.seq)), 只能复制到空的存储库。",
        en: "The destination \(destination.location) already holds records (head \(destination.head.seq)); copy only "
          + "into an empty store.")
    }
    var batch: [(record: Record, ms: Int64, batchEnd: Bool)] = []
    var head = Head.empty
    func flush() throws {
      guard !batch.isEmpty else { return }
      if let postgres = destination as? PostgresLog {
        try postgres.appendCopied(batch)
      } else {
        try appendBatches(batch, to: destination)
      }
      batch.removeAll(keepingCapacity: true)
    }
    try source.read(from: 1) { record in
      guard let (ms, batchEnd) = RecordFrame.recover(record) else {
        throw Damage.record(in: source.location, seq: record.seq, reason: "its hash cannot be reproduced").error
      }
      batch.append((record, ms, batchEnd))
      head = record.head
      // A whole number of batches at a time, so that a copy cut short ends at a batch's end.
      if batchEnd && batch.count >= 2_000 { try flush() }
    }
    if let last = batch.last, !last.batchEnd {
      throw StoreError(
        .corrupt, zh: "源日志的最后一批记录不完整 (第 \(last.record.seq) 号), 未复制。",
        en: "The source log's last batch is incomplete (record \(last.record.seq)); not copied.")
    }
    try flush()
    if let snapshot = source.latestSnapshot(), snapshot.head.seq <= head.seq {
      try destination.writeSnapshot(snapshot.bytes, covering: snapshot.head)
    }
    let check = destination.verify(since: head)
    guard check.ok, check.head == head else {
      let reason = check.firstDamage?.error ?? check.sinceProblem
      throw StoreError(
        .backupTarget,
        zh: "复制后的 \(destination.location) 校验失败: \(reason?.zh ?? "日志头不符")。",
        en: "The copy in \(destination.location) failed verification: \(reason?.en ?? "the head differs").")
    }
    return head
  }

  /// Appends records batch by batch through the destination's own append (a directory store writes
  /// the frames itself), checking that every record got the hash it had.
  static func appendBatches(_ rows: [(record: Record, ms: Int64, batchEnd: Bool)], to destination: any EventLog) throws
  {
    var pending: [PendingRecord] = []
    var originals: [Record] = []
    for row in rows {
      pending.append(
        PendingRecord(
          time: RecordFrame.date(milliseconds: row.ms), actor: row.record.actor, type: row.record.type,
          payload: row.record.payload))
      originals.append(row.record)
      guard row.batchEnd else { continue }
      let written = try destination.append(pending, expectingHead: originals[0].seq - 1)
      for (copy, original) in zip(written, originals) where copy.hash != original.hash || copy.seq != original.seq {
        throw StoreError(
          .backupTarget,
          zh: "复制第 \(original.seq) 号记录时哈希不同, 已停止。", en: "Record \(original.seq) copied with another hash; stopped.")
      }
      pending.removeAll()
      originals.removeAll()
    }
  }

  /// Writes `source` into a new directory store at `destination` (missing or empty) and verifies it.
  static func toDirectory(from source: any EventLog, to destination: String) throws -> Head {
    if FileManager.default.fileExists(atPath: destination) {
      let contents = (try? FileManager.default.contentsOfDirectory(atPath: destination)) ?? ["?"]
      guard contents.isEmpty else {
        throw StoreError(
          .backupTarget, zh: "备份目标 \(destination) 已存在且不为空。请换一个新目录。",
          en: "The backup destination \(destination) exists and is not empty. Choose a new directory.",
          path: destination)
      }
    }
    let store = try LogStore.open(directory: destination, createIfMissing: true, demo: source.manifest.demo)
    return try copy(from: source, to: store)
  }
}
