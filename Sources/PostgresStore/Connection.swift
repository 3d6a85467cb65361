import CLibPQ
import Foundation
import Store

/// A value bound to a query parameter; sent in PostgreSQL's binary format.
enum SQLValue {
  case int(Int64)
  case text(String)
  case bytes([UInt8])
  case bool(Bool)

  var oid: Oid {
    switch self {
    case .int: 20  // int8
    case .text: 25  // text
    case .bytes: 17  // bytea
    case .bool: 16  // bool
    }
  }

  var encoded: [UInt8] {
    switch self {
    case .int(let value): withUnsafeBytes(of: value.bigEndian) { Array($0) }
    case .text(let value): Array(value.utf8)
    case .bytes(let value): value
    case .bool(let value): [value ? 1 : 0]
    }
  }
}

/// The rows of a query, in binary format (integers big-endian, text UTF-8, bytea as is).
final class Rows {
  let result: OpaquePointer

  init(_ result: OpaquePointer) { self.result = result }
  deinit { PQclear(result) }

  var count: Int { Int(PQntuples(result)) }
  func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(result, Int32(row), Int32(column)) == 1 }

  func bytes(_ row: Int, _ column: Int) -> [UInt8] {
    let length = Int(PQgetlength(result, Int32(row), Int32(column)))
    guard length > 0, let value = PQgetvalue(result, Int32(row), Int32(column)) else { return [] }
    return value.withMemoryRebound(to: UInt8.self, capacity: length) {
      Array(UnsafeBufferPointer(start: $0, count: length))
    }
  }

  func text(_ row: Int, _ column: Int) -> String { String(decoding: bytes(row, column), as: UTF8.self) }

  /// An int8, int4 or int2 column.
  func int(_ row: Int, _ column: Int) -> Int64 {
    let raw = bytes(row, column)
    var value: Int64 = 0
    for byte in raw { value = value << 8 | Int64(byte) }
    switch raw.count {
    case 4: return Int64(Int32(truncatingIfNeeded: value))
    case 2: return Int64(Int16(truncatingIfNeeded: value))
    default: return value
    }
  }

  func bool(_ row: Int, _ column: Int) -> Bool { bytes(row, column).first == 1 }

  func hash(_ row: Int, _ column: Int) -> ChainHash? { ChainHash(bytes: bytes(row, column)) }
}

/// Where a hall is kept: a `postgresql://USER@HOST:PORT/DB` address and the hall's name.
public struct PostgresAddress: Sendable, Hashable, CustomStringConvertible {
  /// The address as given (libpq reads it, with any `?host=/socket/dir` or `sslmode=` parameters).
  public var url: String
  public var hall: String

  public init(url: String, hall: String) {
    self.url = url
    self.hall = hall
  }

  /// Whether `text` is a PostgreSQL address rather than a directory.
  public static func isAddress(_ text: String) -> Bool {
    text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
  }

  /// The address without a password (for messages and the status bar).
  public var display: String {
    guard var components = URLComponents(string: url) else { return url }
    if components.password != nil { components.password = "***" }
    return components.string ?? url
  }

  /// Host and port as libpq will use them, for messages (the socket directory when given as `host=`).
  var hostAndPort: String {
    let components = URLComponents(string: url)
    let query = components?.queryItems ?? []
    let host =
      query.first { $0.name == "host" }?.value ?? components?.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
    let port = query.first { $0.name == "port" }?.value ?? components?.port.map(String.init) ?? "5432"
    return "\(host):\(port)"
  }

  public var description: String { "\(display) hall \(hall)" }
}

/// One libpq connection, used from one thread at a time (the caller locks).
final class Connection {
  private(set) var conn: OpaquePointer?
  let address: PostgresAddress

  /// Connects; the errors say what to check (server unreachable, credentials, database missing).
  init(_ address: PostgresAddress) throws {
    self.address = address
    conn = try Self.connect(address)
  }

  deinit { if let conn { PQfinish(conn) } }

  static func connect(_ address: PostgresAddress) throws -> OpaquePointer {
    let keywords = ["dbname", "connect_timeout", "application_name", "client_encoding", "options"]
    let values = [address.url, "5", "griddesk", "UTF8", "-c client_min_messages=warning"]
    let conn = withCStrings(keywords) { k in
      withCStrings(values) { v in PQconnectdbParams(k, v, 1) }
    }
    guard let conn else { throw PostgresError.unreachable(address, detail: "out of memory") }
    if PQstatus(conn) != CONNECTION_OK {
      let detail = String(cString: PQerrorMessage(conn)).trimmingCharacters(in: .whitespacesAndNewlines)
      PQfinish(conn)
      throw PostgresError.connectFailed(address, detail: detail)
    }
    return conn
  }

  /// Whether the connection is still up (as libpq last saw it).
  var isOK: Bool { conn.map { PQstatus($0) == CONNECTION_OK } ?? false }

  /// Drops the connection and connects again (after it was lost).
  func reconnect() throws {
    if let conn { PQfinish(conn) }
    conn = nil
    conn = try Self.connect(address)
  }

  /// Runs one statement with parameters; rows in binary format.
  @discardableResult
  func query(_ sql: String, _ parameters: [SQLValue] = []) throws -> Rows {
    guard let conn else { throw PostgresError.connectionLost(address, detail: "not connected") }
    let encoded = parameters.map(\.encoded)
    let types = parameters.map(\.oid)
    let lengths = encoded.map { Int32($0.count) }
    let formats = [Int32](repeating: 1, count: parameters.count)
    let result: OpaquePointer? = withPointers(encoded) { values in
      PQexecParams(conn, sql, Int32(parameters.count), types, values, lengths, formats, 1)
    }
    return try check(result)
  }

  /// Runs statements without parameters (a script of several is allowed).
  func execute(_ sql: String) throws {
    guard let conn else { throw PostgresError.connectionLost(address, detail: "not connected") }
    _ = try check(PQexec(conn, sql))
  }

  private func check(_ result: OpaquePointer?) throws -> Rows {
    guard let result else {
      throw PostgresError.connectionLost(address, detail: conn.map { String(cString: PQerrorMessage($0)) } ?? "")
    }
    let status = PQresultStatus(result)
    if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK { return Rows(result) }
    let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
    let message =
      PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
      ?? conn.map { String(cString: PQerrorMessage($0)) } ?? ""
    PQclear(result)
    if !isOK || state.hasPrefix("08") || state.isEmpty {
      throw PostgresError.connectionLost(address, detail: message.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    throw PostgresError.server(address, state: state, message: message)
  }

  /// Reads what the server sent without waiting, and returns the channels notified since the last call.
  func notifications() -> [String] {
    guard let conn else { return [] }
    guard PQconsumeInput(conn) == 1 else { return [] }
    var channels: [String] = []
    while let notify = PQnotifies(conn) {
      channels.append(String(cString: notify.pointee.relname))
      PQfreemem(notify)
    }
    return channels
  }

  /// The connection's socket (to wait on with `poll`), or -1.
  var socket: Int32 { conn.map { PQsocket($0) } ?? -1 }

  /// Quotes an identifier (a channel or role name).
  func quoteIdentifier(_ name: String) -> String {
    guard let conn, let quoted = PQescapeIdentifier(conn, name, name.utf8.count) else {
      return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    defer { PQfreemem(quoted) }
    return String(cString: quoted)
  }
}

private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
  let copies = strings.map { strdup($0) }
  defer { for copy in copies { free(copy) } }
  var pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
  pointers.append(nil)
  return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

private func withPointers<R>(_ arrays: [[UInt8]], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
  // Copies kept alive for the call; an empty value still needs a non-null pointer.
  let copies: [UnsafeMutablePointer<CChar>] = arrays.map { bytes in
    let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
    bytes.withUnsafeBytes { raw in
      if let base = raw.baseAddress { UnsafeMutableRawPointer(pointer).copyMemory(from: base, byteCount: bytes.count) }
    }
    return pointer
  }
  defer { for copy in copies { copy.deallocate() } }
  let pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
  return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
}
