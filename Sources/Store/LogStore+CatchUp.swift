import Foundation

extension LogStore {
  /// Hands `body` the records appended by any process (this handle's own appends too) since this handle
  /// last handed them over (since it was opened, at first), in seq order, each verified.
  ///
  /// They count as delivered only once `body` has taken every one of them: when `body` throws (a record
  /// its reader cannot apply), none of this call's records counts as delivered and the next call hands
  /// them over again from the same place, so a reader that stops at a record never loses the ones after
  /// it. Apply them by seq (a record handed over again may already be applied). `catchUp()` instead
  /// counts records as delivered as soon as it returns them.
  /// - Returns: how many records `body` took.
  @discardableResult
  public func catchUp(_ body: (Record) throws -> Void) throws -> Int {
    io.lock()
    let from = state.seen
    var records: [Record] = []
    do {
      try refreshTail(exclusive: false)
      // A handle that stopped writing says so to its reader (the workbench shows it in the status bar).
      if let poisoned = state.poisoned { throw StoreError.readOnly(directory, because: poisoned) }
    } catch {
      io.unlock()
      throw error
    }
    do {
      if from.head.seq < state.tail.head.seq {
        try Self.readRange(segments: state.segments, from: from, to: state.tail, skipBelow: 0) { records.append($0) }
      }
    } catch let damage as Damage {
      if state.damage == nil {
        state.damage = damage
        state.notes.append(Self.note(for: damage))
      }
      io.unlock()
      throw damage.error
    } catch {
      io.unlock()
      throw error
    }
    let to = state.tail
    io.unlock()
    // `body` runs without the lock: it may take long, and may use this handle.
    for record in records { try body(record) }
    io.lock()
    if state.seen == from { state.seen = to }
    io.unlock()
    return records.count
  }
}
