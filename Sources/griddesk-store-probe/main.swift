// Test helper for StoreTests (not shipped). Usage:
//   griddesk-store-probe append DIR COUNT ID [BATCH]   append COUNT records (BATCH per call), print "ack SEQ ID-I"
//   griddesk-store-probe fsize DIR LIMIT COUNT ID      same with RLIMIT_FSIZE = LIMIT bytes; print "error CODE" on failure
//   griddesk-store-probe follow DIR SEQ                poll catchUp until head >= SEQ; print "seen SEQ"
// With GRIDDESK_PROBE_GO=PATH, append prints "opened" once the store is open and waits for PATH to exist.
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

let args = CommandLine.arguments
guard args.count >= 3 else {
  say("usage: griddesk-store-probe append|fsize|follow DIR ...")
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

switch command {
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
default:
  say("unknown command \(command)")
  exit(2)
}
