import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension LogStore {
  /// Checks every record and the whole chain on disk (not what this handle remembers): framing, CRC-32C,
  /// SHA-256, gapless seq, segment headers and links. With `since`, also checks that the log extends that
  /// earlier head (the record at `since.seq` has `since.hash`).
  public func verify(since: Head? = nil) -> VerifyReport {
    Self.verify(directory: directory, since: since)
  }

  /// `verify` without opening a handle (a backup, or a store that cannot be opened for writing).
  public static func verify(directory: String, since: Head? = nil) -> VerifyReport {
    var report = VerifyReport(
      head: .empty, records: 0, segments: 0, bytes: 0, firstDamage: nil, extendsSince: nil, sinceProblem: nil)
    var sinceFound = since.map { $0.seq == 0 ? $0.hash == .zero : false }
    scan(directory: directory, since: since, sinceFound: &sinceFound, into: &report)
    if let since {
      report.extendsSince = sinceFound ?? false
      if sinceFound != true {
        report.sinceProblem =
          since.seq > report.head.seq
          ? StoreError(
            .headMismatch, zh: "日志只到 \(report.head.seq) 号，比记下的头 \(since.seq) 短：记录可能被删除。",
            en:
              "The log ends at seq \(report.head.seq), before the recorded head \(since.seq): records may have been removed."
          )
          : StoreError(
            .headMismatch, zh: "第 \(since.seq) 号记录的哈希与记下的不同：历史被改写过。",
            en: "The hash of record \(since.seq) differs from the recorded one: history was rewritten.")
      }
    }
    return report
  }

  private static func scan(directory: String, since: Head?, sinceFound: inout Bool?, into report: inout VerifyReport) {
    let logDirectory = directory + "/log"
    let names: [(UInt64, String)]
    do {
      names = try FS.list(logDirectory).compactMap { name in SegmentHeader.firstSeq(fileName: name).map { ($0, name) } }
        .sorted { $0.0 < $1.0 }
    } catch {
      report.firstDamage = Damage(kind: .corrupt, segment: logDirectory, offset: 0, expectedSeq: 1, reason: "\(error)")
      return
    }
    let buffer = RegionBuffer()
    var head = Head.empty
    for (index, (first, name)) in names.enumerated() {
      let path = logDirectory + "/" + name
      let isLast = index == names.count - 1
      func damage(_ kind: Damage.Kind, _ offset: Int, _ reason: String) {
        report.firstDamage = Damage(
          kind: kind, segment: path, offset: offset, expectedSeq: head.seq + 1, reason: reason)
      }
      let end: Int
      do {
        let fd = try FS.open(path, O_RDONLY)
        defer { FS.close(fd) }
        end = try buffer.load(fd, from: 0, to: try FS.size(fd, path: path), path: path)
      } catch {
        damage(.corrupt, 0, "cannot read: \(error)")
        return
      }
      report.segments += 1
      let preallocated: Bool
      switch SegmentHeader.decode(UnsafeRawBufferPointer(start: buffer.base, count: end)) {
      case .failure(let problem):
        damage(.corrupt, 0, problem.reason)
        return
      case .success(let header):
        preallocated = header.preallocated
        guard header.firstSeq == first, header.firstSeq == head.seq + 1, header.prevHash == head.hash else {
          damage(.corrupt, 0, "segment does not continue the chain (first seq \(header.firstSeq))")
          return
        }
      }
      let outcome = Scan.walk(
        buffer.base, origin: 0, start: SegmentHeader.size, limit: end, expected: head, zeroEnds: preallocated
      ) { view in
        if let since, view.seq == since.seq { sinceFound = view.hash == since.hash }
        return true
      }
      head = outcome.committedHead
      report.head = head
      report.records += outcome.records
      report.bytes += outcome.committedEnd
      // In a preallocated segment the records end at zeros, and only zeros may follow.
      let dataEnd = Scan.nonZeroEnd(buffer.base, count: end)
      let afterEnd = outcome.endMark && dataEnd > outcome.stop
      if !outcome.clean || afterEnd {
        let problem = outcome.problem ?? (afterEnd ? "bytes after the end of the records" : nil)
        let torn =
          isLast && !afterEnd && (outcome.problem == nil || outcome.framingProblem)
          && !(problem != nil
            && Scan.validFrameExists(buffer.base, origin: 0, after: outcome.stop, limit: min(end, dataEnd + 32)))
        let whole =
          outcome.problem != nil
          && !Scan.isIncompleteRecord(buffer.base, origin: 0, stop: outcome.stop, dataEnd: dataEnd, end: end)
        if torn && whole {
          damage(.corrupt, outcome.stop, Scan.completeRecordReason(outcome.problem ?? ""))
        } else if torn {
          damage(.tornTail, outcome.committedEnd, problem ?? "batch without its last record")
        } else if afterEnd {
          damage(
            .corrupt, outcome.stop, "bytes that are not zero after the end of the records (at byte \(dataEnd - 1))")
        } else {
          damage(
            .corrupt, outcome.problem == nil ? outcome.committedEnd : outcome.stop,
            problem ?? "batch without its last record")
        }
        return
      }
    }
  }
}
