import Foundation

/// Chinese names in the order people look them up: by pinyin (安 华 刘 卢 吕 史 王 张 赵 周), not by code
/// point (华 卢 史 吕 周 …). Each character's pinyin is worked out once (ICU's Mandarin transliteration)
/// and kept, so sorting a long list costs a dictionary look-up per character.
public enum PinyinOrder {
  /// Readings found so far (guarded by `lock`; sorting may run on several threads).
  nonisolated(unsafe) private static var cache: [Character: String] = [:]
  private static let lock = NSLock()

  /// A key that sorts as the name's pinyin, syllable by syllable; characters without a reading keep
  /// their own (lower-cased) text, and the character itself breaks ties between homophones.
  public static func key(_ text: String) -> String {
    var key = ""
    var tie = ""
    for ch in text {
      key += reading(ch)
      key += "\u{1}"
      tie.append(ch)
    }
    return key + "\u{2}" + tie
  }

  /// Whether `a` sorts before `b`; nil when they are the same text.
  public static func precedes(_ a: String, _ b: String) -> Bool? {
    if a == b { return nil }
    if a.allSatisfy(\.isASCII) && b.allSatisfy(\.isASCII) { return a.lowercased() < b.lowercased() }
    return key(a) < key(b)
  }

  static func reading(_ ch: Character) -> String {
    if ch.isASCII { return String(ch).lowercased() }
    if let known = lock.withLock({ cache[ch] }) { return known }
    let latin = String(ch).applyingTransform(.mandarinToLatin, reverse: false)
    let plain = latin?.applyingTransform(.stripDiacritics, reverse: false)?.lowercased() ?? String(ch)
    // ü keeps its place after u (lu, lü): the stripped form would make 卢 and 吕 equal.
    let reading = latin?.contains("ü") == true ? plain + "~" : plain
    lock.withLock { cache[ch] = reading }
    return reading
  }
}
