import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A throwaway PostgreSQL 15 server for tests: `initdb` into a temporary directory, started on a free
/// port with a private socket directory and no TCP (`listen_addresses=''`), stopped and removed when the
/// test process ends. Run as root (CI), the server runs as the `postgres` OS account, since it refuses
/// root. Tests get a database of their own each (`createDatabase`). Never a mock: when the server's
/// binaries are missing, `shared()` throws saying what to install.
public final class PostgresTestServer: @unchecked Sendable {
  public static let binaries = "/usr/lib/postgresql/15/bin"
  public let root: String
  public let dataDirectory: String
  public let socketDirectory: String
  public let port: Int
  /// The server's superuser (trusted on the socket); tests' other roles use passwords.
  public let superuser = "postgres"
  private let asPostgres: Bool
  private let counter = NSLock()
  private var databases = 0

  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  nonisolated(unsafe) private static var started: PostgresTestServer?
  nonisolated(unsafe) private static var startError: Failure?
  private static let startLock = NSLock()

  /// The server of this test process, started on first use and stopped when the process exits.
  public static func shared() throws -> PostgresTestServer {
    startLock.lock()
    defer { startLock.unlock() }
    if let started { return started }
    if let startError { throw startError }
    do {
      let server = try PostgresTestServer()
      started = server
      atexit { PostgresTestServer.stopShared() }
      return server
    } catch let failure as Failure {
      startError = failure
      throw failure
    }
  }

  private static func stopShared() {
    started?.stop()
  }

  /// Starts a new server (most tests use `shared()`; a test that stops or kills its server makes its own).
  public init() throws {
    guard FileManager.default.isExecutableFile(atPath: Self.binaries + "/initdb") else {
      throw Failure(
        description: "PostgreSQL 15 server binaries not found in \(Self.binaries): install the packages "
          + "postgresql-15 and postgresql-client-15 (.ci/run installs them); these tests need a real server")
    }
    asPostgres = getuid() == 0
    var template = Array((NSTemporaryDirectory() + "/griddesk-pg-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { throw Failure(description: "mkdtemp failed: errno \(errno)") }
    root = String(cString: made)
    dataDirectory = root + "/data"
    socketDirectory = root + "/sock"
    port = Int.random(in: 20_000...60_000)
    try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
    if asPostgres {
      // The server runs as postgres: it must own its directories (and reach them).
      chmod(root, 0o755)
      try Self.run("/bin/chown", ["-R", "postgres:postgres", root])
    }
    try runServerTool(
      "initdb",
      [
        "-D", dataDirectory, "-U", superuser, "-E", "UTF8", "--locale=C.UTF-8", "--auth-local=trust",
        "--auth-host=scram-sha-256", "--no-sync",
      ])
    // Every other role logs in with its password, so wrong credentials can be tested.
    let hba = """
      local all \(superuser) trust
      local all all scram-sha-256
      host all all 127.0.0.1/32 scram-sha-256

      """
    try hba.write(toFile: dataDirectory + "/pg_hba.conf", atomically: false, encoding: .utf8)
    try runServerTool(
      "pg_ctl",
      [
        "-D", dataDirectory, "-l", root + "/server.log", "-w", "-t", "60", "-o",
        "-p \(port) -k \(socketDirectory) -c listen_addresses='' -c fsync=off -c max_connections=200",
        "start",
      ])
  }

  /// Stops the server and removes its files.
  public func stop() {
    // Stopping a server that is already gone fails harmlessly; the files go in any case.
    _ = try? runServerTool("pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
    try? FileManager.default.removeItem(atPath: root)
  }

  /// A new, empty database owned by the superuser.
  public func createDatabase() throws -> String {
    counter.lock()
    databases += 1
    let name = "t\(databases)_\(UInt32.random(in: 0...999_999))"
    counter.unlock()
    _ = try psql("CREATE DATABASE \(name)", database: "postgres")
    return name
  }

  /// A login role with a password.
  public func createLogin(_ name: String, password: String, extra: String = "") throws {
    _ = try psql("CREATE ROLE \(name) LOGIN PASSWORD '\(password)' \(extra)", database: "postgres")
  }

  /// A `postgresql://` address for the store, through the private socket directory.
  public func url(user: String, password: String? = nil, database: String) -> String {
    let credentials = password.map { "\(user):\($0)" } ?? user
    return "postgresql://\(credentials)@/\(database)?host=\(socketDirectory)&port=\(port)"
  }

  /// Runs SQL as the superuser with psql; returns its output (unaligned, tuples only).
  @discardableResult
  public func psql(_ sql: String, database: String) throws -> String {
    try Self.run(
      "/usr/bin/psql",
      [
        "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-h", socketDirectory, "-p", String(port), "-U", superuser,
        "-d", database, "-c", sql,
      ])
  }

  private func runServerTool(_ tool: String, _ arguments: [String]) throws {
    if asPostgres {
      try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", Self.binaries + "/" + tool] + arguments)
    } else {
      try Self.run(Self.binaries + "/" + tool, arguments)
    }
  }

  @discardableResult
  static func run(_ executable: String, _ arguments: [String]) throws -> String {
    // posix_spawn and waitpid, output to a file: the server pg_ctl starts outlives it, and would keep a pipe
    // (and Foundation's child monitoring) waiting for ever.
    let outputPath = NSTemporaryDirectory() + "griddesk-pg-out-" + UUID().uuidString
    defer { unlink(outputPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard spawned == 0 else { throw Failure(description: "cannot run \(executable): errno \(spawned)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    guard status == 0 else {
      throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) failed: \(text)")
    }
    return text
  }
}
