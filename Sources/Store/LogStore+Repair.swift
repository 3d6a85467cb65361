import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension LogStore {
  /// Moves the damaged part of the log (from the first bad record to the end, later segments included)
  /// into `DIR/quarantine-<time>/` and keeps everything before it. Takes the lock, so appenders wait.
  /// Explicit and for administrators only: the caller checks who may run it.
  public static func repair(directory: String) throws -> RepairReport {
    _ = try readManifest(directory + "/manifest.json")
    let lockPath = directory + "/LOCK"
    let lockFD = try FS.open(lockPath, O_RDWR | O_CREAT)
    defer { FS.close(lockFD) }
    try FS.flock(lockFD, LOCK_EX, path: lockPath)
    defer { try? FS.flock(lockFD, LOCK_UN, path: lockPath) }
    let before = verify(directory: directory)
    guard let damage = before.firstDamage else {
      return RepairReport(damage: nil, head: before.head, quarantine: nil, bytesMoved: 0)
    }
    let logDirectory = directory + "/log"
    let quarantine = directory + "/quarantine-\(Frame.milliseconds(Date()))"
    try FS.mkdir(quarantine)
    let names = try FS.list(logDirectory).filter { SegmentHeader.firstSeq(fileName: $0) != nil }.sorted()
    var moved = 0
    var reached = false
    for name in names {
      let path = logDirectory + "/" + name
      if path == damage.segment {
        reached = true
        let size = FS.size(path: path) ?? 0
        if damage.offset <= SegmentHeader.size {
          moved += size
          try FS.rename(path, quarantine + "/" + name)
        } else {
          let fd = try FS.open(path, O_RDWR)
          defer { FS.close(fd) }
          var bytes = [UInt8](repeating: 0, count: size - damage.offset)
          let n = try bytes.withUnsafeMutableBytes { try FS.pread(fd, $0, offset: damage.offset, path: path) }
          bytes.removeLast(bytes.count - n)
          try FS.writeAtomically(quarantine + "/\(name).from-\(damage.offset)", bytes)
          try FS.truncate(fd, to: damage.offset, path: path)
          try FS.fsync(fd, path: path)
          moved += n
        }
      } else if reached {
        moved += FS.size(path: path) ?? 0
        try FS.rename(path, quarantine + "/" + name)
      }
    }
    try FS.fsyncDirectory(quarantine)
    try FS.fsyncDirectory(logDirectory)
    try FS.fsyncDirectory(directory)
    let after = verify(directory: directory)
    return RepairReport(damage: damage, head: after.head, quarantine: quarantine, bytesMoved: moved)
  }
}
