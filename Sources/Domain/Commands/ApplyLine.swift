import Foundation

/// One line of `griddesk apply`: a command, and the two overrides a demo store accepts (`"as"`, who
/// the line is done as; `"at"`, when). A line that cannot be read is refused with a message naming
/// the field in plain words, never the JSON decoder's own description.
///
/// An override is read strictly: a malformed `"as"` or `"at"` (wrong type, null, a time without its
/// offset) refuses the line, so it never runs as the invoking account by mistake. Whether an override
/// is allowed at all is the engine's rule (demo stores only).
public struct ApplyLine: Sendable {
  public var command: Command
  /// `"as": LOGIN`: act as another staff member.
  public var actingAs: String?
  /// `"at": ISO-8601 time`: a clock override.
  public var at: Date?

  /// A line refused before it reaches the engine: the error, and the field it concerns (a JSON path
  /// such as `customer.idNumber` or `meters[0]`) when there is one.
  public struct Failure: Error, Sendable {
    public var error: DomainError
    public var field: String?
  }

  /// Reads one JSON object `{"command": NAME, …fields, "as"?: LOGIN, "at"?: TIME}`.
  public static func parse(_ data: Data) throws(Failure) -> ApplyLine {
    let object = try jsonObject(data)
    let command = try decodeCommand(data, object: object)
    var line = ApplyLine(command: command)
    if let value = object["as"] {
      guard case .text(let login) = value, !login.trimmingCharacters(in: .whitespaces).isEmpty else {
        throw Failure(error: .badOverrideAs(value.kind), field: "as")
      }
      line.actingAs = login
    }
    if let value = object["at"] {
      guard case .text(let text) = value, let time = parseTime(text) else {
        throw Failure(error: .badOverrideAt(value.kind == .text ? nil : value.kind), field: "at")
      }
      line.at = time
    }
    return line
  }

  /// Decodes the command alone (the overrides are not looked at).
  public static func decodeCommand(_ data: Data) throws(Failure) -> Command {
    try decodeCommand(data, object: try jsonObject(data))
  }

  private init(command: Command) { self.command = command }

  private static func jsonObject(_ data: Data) throws(Failure) -> [String: JSONValue] {
    let parsed: JSONValue
    do {
      parsed = try JSONDecoder().decode(JSONValue.self, from: data)
    } catch {
      throw Failure(error: .notAJSONObject, field: nil)
    }
    guard case .object(let object) = parsed else { throw Failure(error: .notAJSONObject, field: nil) }
    return object
  }

  private static func decodeCommand(_ data: Data, object: [String: JSONValue]) throws(Failure) -> Command {
    guard let nameValue = object["command"] else { throw Failure(error: .commandNameMissing, field: "command") }
    guard case .text(let name) = nameValue else {
      throw Failure(error: .fieldWrongType("command", expected: .text, got: nameValue.kind), field: "command")
    }
    guard let type = Command.byName[name] else {
      throw Failure(error: .unknownCommand(name), field: "command")
    }
    do {
      return Command(try type.init(from: commandDecoder(data)))
    } catch let error as DomainError {
      throw Failure(error: error, field: nil)
    } catch let error as DecodingError {
      throw describe(error, in: object)
    } catch {
      // Only `DecodingError` and `DomainError` come out of decoding; anything else is still a bad line.
      throw Failure(error: .notAJSONObject, field: nil)
    }
  }

  /// A decoder for the command's fields: times are ISO 8601 with an offset (fractional seconds allowed);
  /// one that cannot be read names its field (the standard ISO 8601 strategy's error does not).
  static func commandDecoder(_ data: Data) throws -> Decoder {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .custom { decoder in
      let text = try decoder.singleValueContainer().decode(String.self)
      guard let date = parseTime(text) else {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "ISO8601 time"))
      }
      return date
    }
    return try decoder.decode(DecoderBox.self, from: data).decoder
  }

  private struct DecoderBox: Decodable {
    let decoder: Decoder
    init(from decoder: Decoder) throws { self.decoder = decoder }
  }

  /// Turns the decoder's error into the field it concerns and what was wrong with it.
  static func describe(_ error: DecodingError, in object: [String: JSONValue]) -> Failure {
    switch error {
    case .keyNotFound(let key, let context):
      let path = pathText(context.codingPath + [key])
      return Failure(error: .fieldMissing(path), field: path)
    case .valueNotFound(let type, let context):
      let path = pathText(context.codingPath)
      return Failure(error: .fieldWrongType(path, expected: ValueKind(type), got: .null), field: path)
    case .typeMismatch(let type, let context):
      let path = pathText(context.codingPath)
      let got = value(at: context.codingPath, in: object)?.kind ?? .unknown
      return Failure(error: .fieldWrongType(path, expected: ValueKind(type), got: got), field: path)
    case .dataCorrupted(let context):
      guard !context.codingPath.isEmpty else { return Failure(error: .notAJSONObject, field: nil) }
      let path = pathText(context.codingPath)
      let given = value(at: context.codingPath, in: object)?.shortText ?? ""
      // The decoder's description is only used to pick the hint; it is never shown.
      let hint: ValueHint =
        context.debugDescription.contains("ISO8601")
        ? .time : context.debugDescription.hasPrefix("not a date") ? .day : .choice
      return Failure(error: .fieldBadValue(path, given: given, hint: hint), field: path)
    @unknown default:
      return Failure(error: .notAJSONObject, field: nil)
    }
  }

  /// `customer.idNumber`, `meters[0]`.
  static func pathText(_ path: [any CodingKey]) -> String {
    var text = ""
    for key in path {
      if let index = key.intValue, key.stringValue.hasPrefix("Index") {
        text += "[\(index)]"
      } else {
        text += (text.isEmpty ? "" : ".") + key.stringValue
      }
    }
    return text.isEmpty ? "command" : text
  }

  private static func value(at path: [any CodingKey], in object: [String: JSONValue]) -> JSONValue? {
    var current: JSONValue? = .object(object)
    for key in path {
      switch current {
      case .list(let items):
        current = key.intValue.flatMap { items.indices.contains($0) ? items[$0] : nil }
      case .object(let fields):
        current = fields[key.stringValue]
      default:
        current = nil
      }
    }
    return current
  }

  /// ISO 8601 with an offset, with or without fractional seconds.
  static func parseTime(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: text)
  }
}

/// A JSON value as it was written, to say what a field held.
enum JSONValue: Decodable {
  case null, boolean(Bool), number(Double), text(String), list([JSONValue]), object([String: JSONValue])

  init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    // Each `try?` asks whether the value is of that kind; a "no" is expected and leads to the next.
    if c.decodeNil() {
      self = .null
    } else if let b = try? c.decode(Bool.self) {  // not this kind: try the next
      self = .boolean(b)
    } else if let n = try? c.decode(Double.self) {  // not this kind: try the next
      self = .number(n)
    } else if let s = try? c.decode(String.self) {  // not this kind: try the next
      self = .text(s)
    } else if let a = try? c.decode([JSONValue].self) {  // not this kind: try the next
      self = .list(a)
    } else {
      self = .object(try c.decode([String: JSONValue].self))
    }
  }

  var kind: ValueKind {
    switch self {
    case .null: .null
    case .boolean: .boolean
    case .number(let n): n == n.rounded() ? .wholeNumber : .number
    case .text: .text
    case .list: .list
    case .object: .object
    }
  }

  /// The value as typed, shortened, for a message.
  var shortText: String {
    let text: String
    switch self {
    case .null: text = "null"
    case .boolean(let b): text = b ? "true" : "false"
    case .number(let n): text = n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
    case .text(let s): text = s
    case .list: text = "[…]"
    case .object: text = "{…}"
    }
    return text.count > 40 ? String(text.prefix(40)) + "…" : text
  }
}

/// What a JSON value is, in plain words.
public enum ValueKind: Sendable {
  case text, wholeNumber, number, boolean, list, object, null, unknown

  init(_ type: Any.Type) {
    switch type {
    case is String.Type, is Substring.Type: self = .text
    case is Int.Type, is Int64.Type, is Int32.Type, is UInt64.Type, is UInt32.Type, is UInt.Type: self = .wholeNumber
    case is Double.Type, is Float.Type, is Decimal.Type: self = .number
    case is Bool.Type: self = .boolean
    default:
      let name = String(describing: type)
      if name.hasPrefix("Array") || name.hasPrefix("[") || name.hasPrefix("Set") {
        self = .list
      } else if name.hasPrefix("Dictionary") {
        self = .object
      } else {
        self = .unknown
      }
    }
  }

  public var words: Localized {
    switch self {
    case .text: Localized("文字 (用双引号)", "text (in double quotes)")
    case .wholeNumber: Localized("整数", "a whole number")
    case .number: Localized("数字", "a number")
    case .boolean: Localized("true 或 false", "true or false")
    case .list: Localized("列表 […]", "a list […]")
    case .object: Localized("对象 {…}", "an object {…}")
    case .null: Localized("null (空值)", "null")
    case .unknown: Localized("其他取值", "another value")
    }
  }
}

/// What a field that holds an unreadable value expects.
public enum ValueHint: Sendable {
  case time, day, choice
}

extension DomainError {
  static let notAJSONObject = DomainError(
    .commandJson, "这一行不是 JSON 对象; 每行写一个 {\"command\": 命令名, …}, 见 docs/commands.md",
    "This line is not a JSON object: write one {\"command\": NAME, …} per line (see docs/commands.md)")
  static let commandNameMissing = DomainError(
    .commandMissing, "这一行缺少字段「command」(命令名), 见 docs/commands.md",
    "This line has no \"command\" field (the command's name): see docs/commands.md")
  static func fieldMissing(_ path: String) -> DomainError {
    DomainError(
      .commandField, "缺少字段「\(path)」; 请补上 (见 docs/commands.md 中该命令的示例)",
      "The field \"\(path)\" is missing: add it (see this command's example in docs/commands.md)")
  }
  static func fieldWrongType(_ path: String, expected: ValueKind, got: ValueKind) -> DomainError {
    DomainError(
      .commandField, "字段「\(path)」应为\(expected.words.zh), 而这里是\(got.words.zh)",
      "The field \"\(path)\" must be \(expected.words.en), not \(got.words.en)")
  }
  static func fieldBadValue(_ path: String, given: String, hint: ValueHint) -> DomainError {
    switch hint {
    case .time:
      return DomainError(
        .commandField, "字段「\(path)」的时间「\(given)」无法识别; 请写成带时区的 ISO 8601, 如 2026-12-01T09:30:00+08:00",
        "The field \"\(path)\" has a time \"\(given)\" that cannot be read: write ISO 8601 with its offset, e.g. 2026-12-01T09:30:00+08:00"
      )
    case .day:
      return DomainError(
        .commandField, "字段「\(path)」的日期「\(given)」无效; 请写成 年-月-日, 如 2026-12-01",
        "The field \"\(path)\" has a date \"\(given)\" that is not valid: write YYYY-MM-DD, e.g. 2026-12-01")
    case .choice:
      return DomainError(
        .commandField, "字段「\(path)」的值「\(given)」不是可用的取值; 可用的取值见 docs/commands.md",
        "The field \"\(path)\" has the value \"\(given)\", which is not one of its choices: see docs/commands.md")
    }
  }
  static func badOverrideAs(_ got: ValueKind) -> DomainError {
    DomainError(
      .overrideAs, "「as」应为员工登录名 (文字), 而这里是\(got.words.zh); 这一行没有执行",
      "\"as\" must be a staff login (text), not \(got.words.en); the line was not run")
  }
  static func badOverrideAt(_ got: ValueKind?) -> DomainError {
    let zh = got.map { "而这里是\($0.words.zh)" } ?? "这个时间无法识别"
    let en = got.map { "not \($0.words.en)" } ?? "this one cannot be read"
    return DomainError(
      .overrideAt, "「at」应为带时区的 ISO 8601 时间, 如 2026-11-29T09:30:00+08:00, \(zh); 这一行没有执行",
      "\"at\" must be an ISO 8601 time with its offset, e.g. 2026-11-29T09:30:00+08:00, \(en); the line was not run")
  }
}
