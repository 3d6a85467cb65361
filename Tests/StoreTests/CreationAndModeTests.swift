import Foundation
import Testing

@testable import Store

#if canImport(Glibc)
  import Glibc
#endif

/// Creating a store, and the modes of what it creates, in child processes (the umask, a file size limit
/// and the account are the process's own, so each case runs in a probe of its own).
@Suite struct CreationAndModeTests {
  /// Runs the probe to its end; its output lines.
  func run(_ arguments: [String], _ environment: [String: String] = [:]) throws -> [String] {
    let probe = try Probe(arguments, environment: environment)
    #expect(probe.finish(seconds: 60))
    return probe.lines
  }

  /// Every file and directory under `path` (the path itself included) with its mode bits.
  func modes(under path: String) -> [(String, mode_t, Bool)] {
    var found: [(String, mode_t, Bool)] = []
    var info = stat()
    guard lstat(path, &info) == 0 else { return [] }
    let isDirectory = info.st_mode & S_IFMT == S_IFDIR
    found.append((path, info.st_mode & 0o7777, isDirectory))
    if isDirectory {
      for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
        found += modes(under: path + "/" + name)
      }
    }
    return found
  }

  /// Whatever the umask of the process that creates them, files are 0660 and directories 2770: the hall's
  /// group reads and writes everything, nobody else reads anything (segments, a rotated segment, the
  /// snapshot, LOCK, DECIDE, RING, the manifest, a torn tail's side file, the directories).
  @Test(arguments: ["077", "022", "002", "000"]) func modesDoNotDependOnTheUmask(mask: String) throws {
    let dir = TempDir()
    let environment = ["GRIDDESK_PROBE_UMASK": mask]
    #expect(try run(["fill", dir.store, "4", "\(3 << 20)"], environment).first?.hasPrefix("head 4:") == true)
    #expect(try run(["snapshot", dir.store], environment) == ["ok"])
    #expect(segmentPaths(dir.store).count == 2)
    // A torn tail, cut by the next writer into a side file.
    let last = try #require(segmentPaths(dir.store).last)
    let fd = open(last, O_WRONLY)  // in place: the file keeps the mode the probe gave it
    let torn: [UInt8] = [1, 1, 0, 0, 200, 0, 0, 0, 9]
    #expect(torn.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(segmentData(last).count)) } == torn.count)
    close(fd)
    #expect(try run(["create", dir.store], environment) == ["opened"])
    let all = modes(under: dir.store)
    #expect(all.contains { $0.0.hasSuffix(".broken") })
    for name in ["LOCK", "DECIDE", "FLUSH", "manifest.json", "snapshots", "log"] {
      #expect(all.contains { $0.0 == dir.store + "/" + name }, "\(name) missing")
    }
    #expect(all.count >= 11)
    for (path, mode, isDirectory) in all {
      #expect(mode == (isDirectory ? 0o2770 : 0o660), "\(path): \(String(mode, radix: 8)) under umask \(mask)")
    }
  }

  /// An account outside the store's group is told it lacks permission and whom to ask, not that the
  /// directory is no store. (Run as root, the probe drops to the unprivileged `nobody`.)
  @Test(.enabled(if: getuid() == 0)) func anAccountOutsideTheGroupIsToldToAskForIt() throws {
    let dir = TempDir()
    _ = try LogStore.open(directory: dir.store).append([pending(1)])
    chmod(dir.path, 0o755)  // the store's parent is open to all; the store itself is not
    for command in ["create", "open-check"] {
      let lines = try run([command, dir.store], ["GRIDDESK_PROBE_UID": "65534"])
      let line = try #require(lines.first)
      #expect(line.hasPrefix("error permission"), "\(line)")
      #expect(line.contains("ask the administrator to add your account to group root"), "\(line)")
      #expect(!line.contains("not a GridDesk store"))
    }
  }

  /// Four processes creating one store at once: exactly one creates it, the others open it; no errors.
  @Test func fourProcessesCreatingOneStore() throws {
    for _ in 0..<8 {
      let dir = TempDir()
      let go = dir.path + "/go"
      let probes = try (0..<4).map { _ in try Probe(["create", dir.store], environment: ["GRIDDESK_PROBE_GO": go]) }
      writeBytes([], to: go)
      var answers: [String] = []
      for probe in probes {
        #expect(probe.finish(seconds: 30))
        answers += probe.lines
      }
      #expect(answers.sorted() == ["created", "opened", "opened", "opened"], "\(answers)")
      #expect(LogStore.verify(directory: dir.store).ok)
      #expect(segmentPaths(dir.store).count == 1)
    }
  }

  /// A creation that fails half-way (here a file size limit makes a write fail: before the first segment
  /// is written, or after it but before the manifest) leaves no store: commands that do not create say
  /// there is none, and the next creation succeeds.
  @Test(arguments: [10, 70]) func aFailedCreationLeavesNoStore(limit: Int) throws {
    let dir = TempDir()
    let failed = try run(["create", dir.store], ["GRIDDESK_PROBE_FSIZE": String(limit)])
    #expect(failed.first?.hasPrefix("error fileTooLarge") == true, "\(failed)")
    #expect(!FileManager.default.fileExists(atPath: dir.store + "/manifest.json"))
    if limit == 70 { #expect(segmentPaths(dir.store).count == 1, "the segment was made, the manifest not") }
    for readOnly in [true, false] {
      do {
        _ = try LogStore.open(directory: dir.store, createIfMissing: false, readOnly: readOnly)
        Issue.record("an unfinished creation was taken for a store")
      } catch let error as StoreError {
        #expect(error.code == .notAStore)
      }
    }
    #expect(try run(["create", dir.store]) == ["created"])
    let store = try LogStore.open(directory: dir.store)
    #expect(try store.append([pending(1)])[0].seq == 1)
    #expect(store.verify().ok)
  }

  /// Log files with records but no manifest are not a creation's leftovers: refused, nothing removed.
  @Test func recordsWithoutAManifestAreRefused() throws {
    let dir = TempDir()
    _ = try LogStore.open(directory: dir.store).append([pending(1)])
    try FileManager.default.removeItem(atPath: dir.store + "/manifest.json")
    let segment = try #require(segmentPaths(dir.store).first)
    let bytes = fileBytes(segment)
    #expect(throws: StoreError.self) { try LogStore.open(directory: dir.store) }
    #expect(fileBytes(segment) == bytes)
  }
}
