import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The modes the store gives every file and directory it creates, set explicitly (`fchmod`, `chmod`), so
/// that they do not depend on the umask of whoever happened to create them (docs/operations.md): the
/// hall's group reads and writes, nobody else reads anything. Directories are setgid, so that what is
/// created in them gets their group (the hall's) whoever creates it.
enum FileModes {
  static let file: mode_t = 0o660
  static let directory: mode_t = 0o2770
}

/// Thin, error-checked wrappers over the POSIX calls the store needs. A file or directory they create gets
/// its mode from `FileModes`, not from the umask.
enum FS {
  /// Opens `path`; with `O_CREAT`, a file this call creates gets `mode` exactly (whatever the umask).
  static func open(_ path: String, _ flags: Int32, mode: mode_t = FileModes.file) throws -> Int32 {
    let creating = flags & O_CREAT != 0
    while true {
      // To know whether this call creates the file (only then is its mode set), try to create it
      // exclusively first, then open what another process created.
      let exclusive = creating && flags & O_EXCL == 0
      var fd = Glibc.open(path, flags | O_CLOEXEC | (creating ? O_EXCL : 0), mode)
      if fd >= 0 {
        if creating { setMode(fd, mode) }
        return fd
      }
      if exclusive && errno == EEXIST {
        fd = Glibc.open(path, (flags & ~O_CREAT) | O_CLOEXEC)
        if fd >= 0 { return fd }
        if errno == ENOENT { continue }  // removed in between: create it after all
      }
      if errno == EINTR { continue }
      throw StoreError.system("open", path: path, errno: errno)
    }
  }

  /// Sets the mode of a file just created. A file system that keeps no modes refuses; the file is usable
  /// all the same, so that is not an error (the store belongs on ext4 or xfs, docs/operations.md).
  private static func setMode(_ fd: Int32, _ mode: mode_t) {
    _ = fchmod(fd, mode)
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

  /// Creates a directory of the store (nothing when it exists); one this call creates gets `mode` exactly.
  static func mkdir(_ path: String, mode: mode_t = FileModes.directory) throws {
    if Glibc.mkdir(path, mode & 0o777) != 0 {
      if errno == EEXIST { return }
      throw StoreError.system("mkdir", path: path, errno: errno)
    }
    // Not an error when refused, as for files (a file system without modes).
    _ = chmod(path, mode)
  }

  /// The directory part of a path, by its last "/" ("" for a bare name). Foundation's
  /// `deletingLastPathComponent` traps on some one-character relative paths on Linux.
  static func parent(of path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return "" }
    return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
  }

  /// Creates `path` with the store's mode, and its missing parents with the usual 0777 minus the umask
  /// (they are not the store's: `~/.local/share`, say).
  static func mkdirs(_ path: String, mode: mode_t = FileModes.directory) throws {
    if isDirectory(path) { return }
    let parent = self.parent(of: path)
    if !parent.isEmpty && parent != path && !isDirectory(parent) { try mkdirs(parent, mode: 0o777) }
    if mode == 0o777 {
      if Glibc.mkdir(path, 0o777) != 0 && errno != EEXIST { throw StoreError.system("mkdir", path: path, errno: errno) }
    } else {
      try mkdir(path, mode: mode)
    }
  }

  /// The name of the group that owns `path` (or, when it cannot be looked at, the nearest directory above
  /// it that can), for a message that says which group an account must be in.
  static func groupName(of path: String) -> String? {
    var current = path
    for _ in 0..<4 {
      var info = stat()
      if stat(current, &info) == 0 {
        var group = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 4096)
        if getgrgid_r(info.st_gid, &group, &buffer, buffer.count, &result) == 0, let found = result {
          return String(cString: found.pointee.gr_name)
        }
        return String(info.st_gid)
      }
      current = parent(of: current)
      if current.isEmpty { current = "." }
    }
    return nil
  }

  /// Whether this account may use the directory (read and search; and write, with `write`): an account
  /// outside the hall's group is told so, not that the directory "is not a store".
  static func checkAccess(_ path: String, write: Bool) throws {
    if access(path, write ? (R_OK | W_OK | X_OK) : (R_OK | X_OK)) != 0, errno == EACCES || errno == EPERM {
      throw StoreError.system("access", path: path, errno: errno)
    }
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
