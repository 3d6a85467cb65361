import Domain
import Engine
import Foundation
import Store
import Testing
import Workbench

/// A new store's admin is told what to do first; a hall with staff is not.
@Suite struct QueueEmptyHintTests {
  @Test(arguments: Lang.allCases) func newStoreSuggestsRegisteringStaff(lang: Lang) throws {
    let directory = NSTemporaryDirectory() + "griddesk-empty-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let engine = try Engine(store: try LogStore.open(directory: directory), login: "admin", clock: { DemoStore.now })
    try engine.bootstrapIfNew(name: "管理员")
    let app = App(
      session: SessionInfo(userName: "管理员", storePath: directory, lang: lang),
      root: QueueScreen(feed: .engine(engine)), timeZone: DemoStore.timeZone, clock: { DemoStore.now })
    let text = app.render(width: 100, height: 30).lines().joined(separator: "\n")
    #expect(text.contains(lang == .zh ? "请先登记员工" : "register the staff first"))

    try engine.execute(Command(RegisterStaff(login: "wangli", name: "王丽", roles: [.clerk], team: "城东")))
    let after = app.render(width: 100, height: 30).lines().joined(separator: "\n")
    #expect(!after.contains(lang == .zh ? "请先登记员工" : "register the staff first"))
  }
}
