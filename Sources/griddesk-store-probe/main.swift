// Test helper for StoreTests (not shipped). Usage:
//   griddesk-store-probe append DIR COUNT ID [BATCH]   append COUNT records (BATCH per call), print "ack SEQ ID-I"
//   griddesk-store-probe decide DIR COUNT ID           as the engine does, COUNT times: under DIR/DECIDE catch up,
//                                                      write one record "ID-I@HEAD" expecting the head HEAD, let
//                                                      DECIDE go, wait until durable; print "ack SEQ ID-I@HEAD"
//   griddesk-store-probe fsize DIR LIMIT COUNT ID      same with RLIMIT_FSIZE = LIMIT bytes; print "error CODE" on failure
//   griddesk-store-probe follow DIR SEQ                poll catchUp until head >= SEQ; print "seen SEQ"
//   griddesk-store-probe create DIR                    open (creating the store if missing); print "created" or "opened"
//   griddesk-store-probe snapshot DIR                  append a record, write a snapshot at the head, take DECIDE; "ok"
//   griddesk-store-probe fill DIR COUNT SIZE           append COUNT records of SIZE payload bytes (batches of 1,000)
//   griddesk-store-probe open-check DIR                open, wait for the check of the earlier segments; print
//                                                      "open SECONDS check SECONDS segments N damage none|SEGMENT:OFFSET"
// With GRIDDESK_PROBE_GO=PATH, append prints "opened" once the store is open and waits for PATH to exist;
// create waits for PATH before opening (several start together).
// GRIDDESK_PROBE_UMASK=OCTAL sets the umask first; GRIDDESK_PROBE_FSIZE=BYTES a file size limit;
// GRIDDESK_PROBE_UID=N (when run as root) drops to that uid and gid, with no supplementary groups.
import Foundation
import Store

#if canImport(Glibc)
  import Glibc
#endif

func say(_ line: String) {
  let bytes = Array((line + "\n").utf8)
  bytes.withUnsafeBytes { raw in
    var done = 0
    while done < raw.count {
      let n = write(1, raw.baseAddress! + done, raw.count - done)
      if n <= 0 { exit(3) }
      done += n
    }
  }
}

let environment = ProcessInfo.processInfo.environment
if let mask = environment["GRIDDESK_PROBE_UMASK"].flatMap({ mode_t($0, radix: 8) }) { umask(mask) }
if let bytes = environment["GRIDDESK_PROBE_FSIZE"].flatMap({ rlim_t($0) }) {
  var limit = rlimit(rlim_cur: bytes, rlim_max: rlim_t.max)
  setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit)
  signal(SIGXFSZ, SIG_IGN)
}
if let uid = environment["GRIDDESK_PROBE_UID"].flatMap({ uid_t($0) }), getuid() == 0 {
  guard setgroups(0, nil) == 0, setgid(gid_t(uid)) == 0, setuid(uid) == 0 else {
    say("error other cannot drop to uid \(uid)")
    exit(2)
  }
}

/// Waits for the file GRIDDESK_PROBE_GO names, if any (so that several probes start together).
func waitForGo() {
  guard let go = environment["GRIDDESK_PROBE_GO"] else { return }
  while access(go, F_OK) != 0 { usleep(1_000) }
}

/// Prints a store error as "error CODE MESSAGE" and exits 1.
func fail(_ error: Error) -> Never {
  // The file size limit applies to standard output (a file) too: lift it to say what went wrong.
  var unlimited = rlimit(rlim_cur: rlim_t.max, rlim_max: rlim_t.max)
  setrlimit(Int32(RLIMIT_FSIZE.rawValue), &unlimited)
  if let error = error as? StoreError {
    say("error \(error.code.rawValue) \(error.en)")
  } else {
    say("error other \(error)")
  }
  exit(1)
}

let args = CommandLine.arguments
guard args.count >= 3 else {
  say("usage: griddesk-store-probe append|decide|fsize|follow|create|snapshot|fill|open-check DIR ...")
  exit(2)
}
let command = args[1]
let directory = args[2]
let actor = StoreActor(login: "probe", uid: UInt32(getuid()), tty: "", sshClient: "")

func appendLoop(count: Int, id: String, batch: Int) -> Int32 {
  let store: LogStore
  do {
    store = try LogStore.open(directory: directory)
  } catch let error as StoreError {
    say("error \(error.code.rawValue) \(error.en)")
    return 1
  } catch {
    say("error other \(error)")
    return 1
  }
  if let go = ProcessInfo.processInfo.environment["GRIDDESK_PROBE_GO"] {
    // Opened: wait for the test to say go (it takes the lock in between, so that the appends stage).
    say("opened")
    while access(go, F_OK) != 0 { usleep(1_000) }
  }
  var index = 0
  while index < count {
    let records = (index..<min(count, index + batch)).map { item in
      PendingRecord(time: Date(), actor: actor, type: "probe", payload: Array("\(id)-\(item)".utf8))
    }
    do {
      let done = try store.append(records)
      for record in done { say("ack \(record.seq) \(String(decoding: record.payload, as: UTF8.self))") }
    } catch let error as StoreError {
      say("error \(error.code.rawValue) \(error.en)")
      return 1
    } catch {
      say("error other \(error)")
      return 1
    }
    index += batch
  }
  return 0
}

/// Decisions as the engine makes them: written under DIR/DECIDE on the head just caught up with,
/// acknowledged once durable (after DECIDE is let go, so that others' decisions share the flush).
func decideLoop(count: Int, id: String) -> Int32 {
  do {
    let store = try LogStore.open(directory: directory)
    if let go = ProcessInfo.processInfo.environment["GRIDDESK_PROBE_GO"] {
      say("opened")
      while access(go, F_OK) != 0 { usleep(1_000) }
    }
    for item in 0..<count {
      let batch = try store.withDecisionLock { () -> WrittenBatch in
        _ = try store.catchUp()
        let head = store.head.seq
        let payload = Array("\(id)-\(item)@\(head)".utf8)
        return try store.write(
          [PendingRecord(time: Date(), actor: actor, type: "probe", payload: payload)], expectingHead: head)
      }
      for record in try store.awaitDurable(batch) {
        say("ack \(record.seq) \(String(decoding: record.payload, as: UTF8.self))")
      }
    }
    return 0
  } catch let error as StoreError {
    say("error \(error.code.rawValue) \(error.en)")
    return 1
  } catch {
    say("error other \(error)")
    return 1
  }
}

switch command {
case "decide":
  exit(decideLoop(count: Int(args[3]) ?? 10, id: args.count > 4 ? args[4] : "d\(getpid())"))
case "append":
  let count = Int(args[3]) ?? 10
  let id = args.count > 4 ? args[4] : "p\(getpid())"
  let batch = args.count > 5 ? Int(args[5]) ?? 1 : 1
  exit(appendLoop(count: count, id: id, batch: batch))
case "fsize":
  // Appends under a file size limit until EFBIG, then lifts the limit and appends once more on the same
  // handle: the store must have recovered its state from disk (no gap, no duplicate).
  var limit = rlimit(rlim_cur: rlim_t(Int(args[3]) ?? 100_000), rlim_max: rlim_t.max)
  setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit)
  do {
    let store = try LogStore.open(directory: directory)
    var index = 0
    while true {
      let payload = Array("f-\(index)".utf8)
      do {
        let done = try store.append([PendingRecord(time: Date(), actor: actor, type: "probe", payload: payload)])
        say("ack \(done[0].seq) f-\(index)")
        index += 1
      } catch let error as StoreError {
        say("error \(error.code.rawValue) \(error.en)")
        break
      }
    }
    limit.rlim_cur = rlim_t.max
    setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit)
    let again = try store.append([
      PendingRecord(time: Date(), actor: actor, type: "probe", payload: Array("after".utf8))
    ])
    say("recovered \(again[0].seq)")
    exit(1)
  } catch {
    say("error other \(error)")
    exit(2)
  }
case "follow":
  let target = UInt64(args[3]) ?? 1
  do {
    let store = try LogStore.open(directory: directory)
    var seen: UInt64 = store.head.seq
    while seen < target {
      for record in try store.catchUp() { seen = max(seen, record.seq) }
      if seen < target { usleep(20_000) }
    }
    say("seen \(seen)")
  } catch {
    say("error \(error)")
    exit(1)
  }
case "create":
  waitForGo()
  do {
    let store = try LogStore.open(directory: directory)
    say(store.created ? "created" : "opened")
  } catch {
    fail(error)
  }
case "snapshot":
  do {
    let store = try LogStore.open(directory: directory)
    try store.append([PendingRecord(time: Date(), actor: actor, type: "probe", payload: Array("snap".utf8))])
    try store.writeSnapshot([1, 2, 3], covering: store.head)
    try store.withDecisionLock {}  // creates DIR/DECIDE
    say("ok")
  } catch {
    fail(error)
  }
case "fill":
  let count = args.count > 3 ? Int(args[3]) ?? 1000 : 1000
  let size = args.count > 4 ? Int(args[4]) ?? 100 : 100
  do {
    let store = try LogStore.open(directory: directory)
    var done = 0
    while done < count {
      let batch = (done..<min(count, done + 1000)).map { item in
        var payload = Array("fill-\(item)-".utf8)
        while payload.count < size { payload.append(UInt8(truncatingIfNeeded: item &* 31 &+ payload.count)) }
        return PendingRecord(time: Date(), actor: actor, type: "order-received", payload: payload)
      }
      try store.append(batch)
      done += batch.count
    }
    say("head \(store.head)")
  } catch {
    fail(error)
  }
case "open-check":
  let started = DispatchTime.now().uptimeNanoseconds
  do {
    let store = try LogStore.open(directory: directory)
    let opened = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    let damage = store.integrityDamage()
    let check = store.integrityCheck
    let segments = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/log"))?.count ?? 0
    say(
      "open \(opened) check \(check.seconds) segments \(segments) damage "
        + (damage.map { "\($0.segment):\($0.offset)" } ?? "none"))
  } catch {
    fail(error)
  }
default:
  say("unknown command \(command)")
  exit(2)
}
