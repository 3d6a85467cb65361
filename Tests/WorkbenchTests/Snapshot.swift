import Foundation
import Testing
import Workbench

/// Compares a canvas with the golden file `Snapshots/NAME.txt` (and, with `styles: true`, its style
/// letters with `Snapshots/NAME.styles.txt`). Run with `GRIDDESK_RECORD=1` to (re)write the files.
///
/// The files are found next to this source file (`#filePath`), so recording writes into the source tree;
/// the copy in the test bundle is the fallback when the sources are not where they were compiled.
func assertSnapshot(
  _ canvas: Canvas, named name: String, styles: Bool = false, filePath: String = #filePath,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(canvas.checkInvariants(), "wide-character invariant broken in \(name)", sourceLocation: sourceLocation)
  compare(canvas.lines(), file: name + ".txt", filePath: filePath, sourceLocation: sourceLocation)
  if styles {
    compare(canvas.styleLines(), file: name + ".styles.txt", filePath: filePath, sourceLocation: sourceLocation)
  }
}

/// Hash-chain heads depend on who ran the test (the actor's uid, tty and SSH address are in every
/// record): runs of 32 or more lowercase hexadecimal digits with a letter among them (a SHA-256 is 64)
/// are compared by their length only.
private func normalized(_ line: String) -> String {
  var out = ""
  var run = ""
  func flush() {
    let isHash = run.count >= 32 && run.contains { $0.isLetter }
    out += isHash ? String(repeating: "h", count: run.count) : run
    run = ""
  }
  for c in line {
    if c.isASCII && (c.isNumber || ("a"..."f").contains(c)) {
      run.append(c)
    } else {
      flush()
      out.append(c)
    }
  }
  flush()
  return out
}

private func compare(_ lines: [String], file: String, filePath: String, sourceLocation: SourceLocation) {
  let actual = lines.map(normalized).joined(separator: "\n") + "\n"
  let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
  let url = directory.appendingPathComponent(file)
  if ProcessInfo.processInfo.environment["GRIDDESK_RECORD"] == "1" {
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try? actual.write(to: url, atomically: true, encoding: .utf8)
    return
  }
  // The bundled copy is only looked up when the source tree is gone (Bundle.module traps without it).
  let expected =
    (try? String(contentsOf: url, encoding: .utf8))
    ?? Bundle.module.url(forResource: file, withExtension: nil, subdirectory: "Snapshots")
    .flatMap { try? String(contentsOf: $0, encoding: .utf8) }
  guard let expected else {
    Issue.record(
      "No snapshot \(file); record it with GRIDDESK_RECORD=1 swift test. Actual:\n\(actual)",
      sourceLocation: sourceLocation)
    return
  }
  if expected != actual {
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var diff: [String] = []
    for i in 0..<max(expectedLines.count, actualLines.count) {
      let e = i < expectedLines.count ? String(expectedLines[i]) : "<none>"
      let a = i < actualLines.count ? String(actualLines[i]) : "<none>"
      if e != a { diff.append("line \(i + 1):\n  expected: |\(e)|\n  actual:   |\(a)|") }
    }
    Issue.record(
      "Snapshot \(file) differs (GRIDDESK_RECORD=1 re-records):\n\(diff.joined(separator: "\n"))\nActual:\n\(actual)",
      sourceLocation: sourceLocation)
  }
}
