/// The narrow contract the rest of GridDesk codes against: append, read from a seq, follow, head,
/// snapshot. `LogStore` is the local implementation; a PostgreSQL backend (an append-only events table
/// with the same hash chain, `LISTEN/NOTIFY` for `catchUp`) can implement it later without touching Domain
/// or Workbench. Verification, backup and repair are operations of the local store, not of this contract.
public protocol EventLog: AnyObject, Sendable {
  /// The head as last seen.
  var head: Head { get }
  /// True when nothing can be appended (opened read-only, or damage found).
  var isReadOnly: Bool { get }
  /// Appends one batch durably and atomically; returns the records with seq and hashes.
  @discardableResult func append(_ records: [PendingRecord]) throws -> [Record]
  /// Records with seq ≥ `seq`, in order, verified.
  func read(from seq: UInt64, _ body: (Record) throws -> Void) throws
  /// Records appended by anyone since the last call; apply them by seq.
  func catchUp() throws -> [Record]
  /// Stores the projections' state covering `head`.
  func writeSnapshot(_ bytes: [UInt8], covering head: Head) throws
  /// The newest snapshot that matches the chain.
  func latestSnapshot() -> (head: Head, bytes: [UInt8])?
}

extension LogStore: EventLog {}
