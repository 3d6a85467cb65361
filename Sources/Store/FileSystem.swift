import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Thin, error-checked wrappers over the POSIX calls the store needs. Files are created 0666 and
/// directories 0777 so that the umask (002 in a hall) decides group access; a setgid directory gives
/// them its group.
enum FS {
  static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o666) throws -> Int32 {
    while true {
      let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
      if fd >= 0 { return fd }
      if errno == EINTR { continue }
      throw StoreError.system("open", path: path, errno: errno)
    }
  }

  static func close(_ fd: Int32) {
    if fd >= 0 { _ = Glibc.close(fd) }
  }

  static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  static func mkdir(_ path: String) throws {
    if Glibc.mkdir(path, 0o777) != 0 && errno != EEXIST {
      throw StoreError.system("mkdir", path: path, errno: errno)
    }
  }

  /// The directory part of a path, by its last "/" ("" for a bare name). Foundation's
  /// `deletingLastPathComponent` traps on some one-character relative paths on Linux.
  static func parent(of path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return "" }
    return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
  }

  static func mkdirs(_ path: String) throws {
    if isDirectory(path) { return }
    let parent = self.parent(of: path)
    if !parent.isEmpty && parent != path && !isDirectory(parent) { try mkdirs(parent) }
    try mkdir(path)
  }

  static func size(_ fd: Int32, path: String) throws -> Int {
    var info = stat()
    if fstat(fd, &info) != 0 { throw StoreError.system("fstat", path: path, errno: errno) }
    return Int(info.st_size)
  }

  static func size(path: String) -> Int? {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : nil
  }

  /// Reads up to `buffer.count` bytes at `offset`; fewer only at end of file.
  static func pread(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, offset: Int, path: String) throws -> Int {
    var done = 0
    while done < buffer.count {
      let n = Glibc.pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
      if n < 0 {
        if errno == EINTR { continue }
        throw StoreError.system("read", path: path, errno: errno)
      }
      if n == 0 { break }
      done += n
    }
    return done
  }

  static func pwrite(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, offset: Int, path: String) throws {
    var done = 0
    while done < bytes.count {
      let n = Glibc.pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
      if n < 0 {
        if errno == EINTR { continue }
        throw StoreError.system("write", path: path, errno: errno)
      }
      done += n
    }
  }

  static func fdatasync(_ fd: Int32, path: String) throws {
    // Never retried: after a failed writeback the kernel may drop the dirty pages (fsyncgate).
    if Glibc.fdatasync(fd) != 0 { throw StoreError.system("fdatasync", path: path, errno: errno) }
  }

  static func fsync(_ fd: Int32, path: String) throws {
    if Glibc.fsync(fd) != 0 { throw StoreError.system("fsync", path: path, errno: errno) }
  }

  static func fsyncDirectory(_ path: String) throws {
    let fd = try open(path, O_RDONLY | O_DIRECTORY)
    defer { close(fd) }
    try fsync(fd, path: path)
  }

  /// Allocates the file's blocks from `from` to `to` (zeros, the size grows to `to`), so that later writes
  /// there change no file size. Best effort: false when the file system cannot (the writes then simply
  /// grow the file).
  static func preallocate(_ fd: Int32, from: Int, to: Int) -> Bool {
    guard to > from else { return true }
    return posix_fallocate(fd, off_t(from), off_t(to - from)) == 0
  }

  static func truncate(_ fd: Int32, to size: Int, path: String) throws {
    if ftruncate(fd, off_t(size)) != 0 { throw StoreError.system("ftruncate", path: path, errno: errno) }
  }

  static func rename(_ from: String, _ to: String) throws {
    if Glibc.rename(from, to) != 0 { throw StoreError.system("rename", path: to, errno: errno) }
  }

  static func list(_ path: String) throws -> [String] {
    guard let dir = opendir(path) else { throw StoreError.system("opendir", path: path, errno: errno) }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  /// Writes a whole new file durably: temp file, fsync, rename, directory fsync.
  static func writeAtomically(_ path: String, _ bytes: [UInt8]) throws {
    let dir = parent(of: path).isEmpty ? "." : parent(of: path)
    let temp = path + ".tmp-\(getpid())"
    let fd = try open(temp, O_WRONLY | O_CREAT | O_TRUNC)
    do {
      try bytes.withUnsafeBytes { try pwrite(fd, $0, offset: 0, path: temp) }
      try fsync(fd, path: temp)
      close(fd)
    } catch {
      close(fd)
      unlink(temp)
      throw error
    }
    do {
      try rename(temp, path)
    } catch {
      unlink(temp)
      throw error
    }
    try fsyncDirectory(dir)
  }

  static func readAll(_ path: String) throws -> [UInt8] {
    let fd = try open(path, O_RDONLY)
    defer { close(fd) }
    let size = try size(fd, path: path)
    var bytes = [UInt8](repeating: 0, count: size)
    let n = try bytes.withUnsafeMutableBytes { try pread(fd, $0, offset: 0, path: path) }
    bytes.removeLast(size - n)
    return bytes
  }

  /// Tries to take the exclusive `flock` lock without waiting; false when another holds it.
  static func tryLock(_ fd: Int32, path: String) throws -> Bool {
    while systemFlock(fd, LOCK_EX | LOCK_NB) != 0 {
      if errno == EINTR { continue }
      if errno == EWOULDBLOCK { return false }
      throw StoreError.system("flock", path: path, errno: errno)
    }
    return true
  }

  /// Takes or releases a `flock` lock, retrying only on EINTR.
  static func flock(_ fd: Int32, _ operation: Int32, path: String) throws {
    while systemFlock(fd, operation) != 0 {
      if errno == EINTR { continue }
      throw StoreError.system("flock", path: path, errno: errno)
    }
  }
}

/// `flock(2)`; the Swift overlay's `struct flock` hides the function's name.
@_silgen_name("flock") private func systemFlock(_ fd: Int32, _ operation: Int32) -> Int32
