import Foundation

/// What the clerk typed into the queue's filter, prepared once per keystroke: normalised (full-width
/// digits and letters from an input method count as ASCII) and lowercased as UTF-8 bytes, so that each
/// row is matched by a plain byte search over a key prepared once per row — fast enough for a
/// keystroke over 100,000 orders.
public struct QueueSearch: Sendable, Hashable {
  public let text: String
  let needle: [UInt8]
  let digitsOnly: Bool

  public init(_ typed: String) {
    let normalized = typed.precomposedStringWithCompatibilityMapping
      .trimmingCharacters(in: .whitespaces).lowercased()
    text = normalized
    needle = Array(normalized.utf8)
    digitsOnly = !needle.isEmpty && needle.allSatisfy { $0 >= 48 && $0 <= 57 }
  }

  public var isEmpty: Bool { needle.isEmpty }

  /// Whether a search for `other` can only match rows this one matches (it extends this text). Never
  /// for digits that can be a phone's tail: "567" does not end "5678", and "56" did not look at phones.
  public func narrows(to other: QueueSearch) -> Bool {
    !needle.isEmpty && !(other.digitsOnly && other.needle.count >= 3) && other.needle.count >= needle.count
      && other.needle.starts(with: needle)
  }

  /// The searchable bytes of a row: order number, full customer name and account, lowercased. The
  /// name is matched whole but never shown (lists show it masked).
  public static func key(number: String, fullName: String, account: String) -> [UInt8] {
    guard Validation.isPlain(number), Validation.isPlain(fullName), Validation.isPlain(account) else {
      return Array((number + "\u{1}" + fullName + "\u{1}" + account).lowercased().utf8)
    }
    // Only ASCII letters have a case here: lowered byte by byte, as `lowercased()` would.
    var key: [UInt8] = []
    key.reserveCapacity(number.utf8.count + fullName.utf8.count + account.utf8.count + 2)
    for (i, part) in [number, fullName, account].enumerated() {
      if i > 0 { key.append(1) }
      for b in part.utf8 { key.append(b >= 0x41 && b <= 0x5A ? b + 32 : b) }
    }
    return key
  }

  /// Order number, customer name or account containing the text, or the phone ending in it (from 3
  /// digits typed, up to the whole number).
  public func matches(key: [UInt8], phoneTail: String) -> Bool {
    matches(key: key, phoneTail: Array(phoneTail.utf8))
  }

  /// The same, with the phone's last digits already as UTF-8 bytes (what a list prepares once per row).
  public func matches(key: [UInt8], phoneTail tail: [UInt8]) -> Bool {
    if needle.isEmpty { return true }
    if QueueSearch.contains(key, needle) { return true }
    if digitsOnly && needle.count >= 3 {
      return tail.count >= needle.count && tail.suffix(needle.count).elementsEqual(needle)
    }
    return false
  }

  static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    let n = needle.count
    let h = haystack.count
    guard n <= h else { return false }
    return haystack.withUnsafeBufferPointer { hay in
      needle.withUnsafeBufferPointer { nee in
        let first = nee[0]
        var i = 0
        while i <= h - n {
          if hay[i] == first {
            var j = 1
            while j < n && hay[i + j] == nee[j] { j += 1 }
            if j == n { return true }
          }
          i += 1
        }
        return false
      }
    }
  }
}
