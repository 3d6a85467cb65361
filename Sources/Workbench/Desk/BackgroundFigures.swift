import Foundation

/// Figures worked out off the main thread, so that a screen over a large hall never waits for them:
/// it draws the last figures it has while newer ones are computed, and takes them on a later frame
/// (the terminal redraws at least four times a second).
///
/// One computation runs at a time; a request made while one runs is left to the next frame, which asks
/// again if its figures are still out of date. The work gets a copy of the projections (a value), so the
/// main thread goes on applying events meanwhile.
///
/// Sendable: every stored property that changes (`running`, `latest`, `shown`, `awaited`) is read and
/// written under `lock`; the work itself runs outside it.
public final class BackgroundFigures<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var running = false
  private var latest: (key: String, value: Value)?
  private let group = DispatchGroup()

  public init() {}

  /// The newest figures computed, with the key they were computed for.
  public var current: (key: String, value: Value)? { lock.withLock { latest } }

  /// Starts computing the figures for `key`, unless a computation is under way (then false: ask again).
  @discardableResult
  public func request(_ key: String, _ work: @escaping @Sendable () -> Value) -> Bool {
    let start = lock.withLock {
      guard !running else { return false }
      running = true
      return true
    }
    guard start else { return false }
    group.enter()
    DispatchQueue.global(qos: .userInitiated).async { [self] in
      let value = work()
      lock.withLock {
        latest = (key, value)
        running = false
      }
      group.leave()
    }
    return true
  }

  // What `value(for:inBackground:_:)` shows, and the key of the computation it started last (under
  // `lock`, like the rest; in practice used from the main thread only).
  private var shown: (key: String, value: Value)?
  private var awaited: String?

  /// The figures for `key`, for a screen to draw now. The first time, or when `inBackground` is false,
  /// they are computed at once. Otherwise the figures shown last are returned while those for `key` are
  /// computed in the background, and a later call takes them once they are ready.
  public func value(for key: String, inBackground: Bool, _ work: @escaping @Sendable () -> Value) -> Value {
    let last = lock.withLock { shown }
    if let last, last.key == key { return last.value }
    guard inBackground, let last else {
      let value = work()
      lock.withLock {
        shown = (key, value)
        // A computation started before this one is older: it is not to replace it.
        awaited = nil
      }
      return value
    }
    let taken: (key: String, value: Value)? = lock.withLock {
      guard let done = latest, done.key == awaited else { return nil }
      shown = done
      awaited = nil
      return done
    }
    if let taken, taken.key == key { return taken.value }
    if request(key, work) { lock.withLock { awaited = key } }
    return taken?.value ?? last.value
  }

  /// Waits until no computation is under way (tests and benches; the workbench never waits).
  public func wait() { group.wait() }
}
