import Domain
import Engine
import Foundation
import Testing
import Workbench

/// An admin registers staff and equipment and records training on the staff screen; others are refused
/// by the domain, and the refusal is shown.
@Suite struct StaffAdminTests {
  typealias F = DeskFixture

  @Test func adminRegistersStaffAndRecordsTraining() throws {
    let engine = try F.engine(login: "admin")
    let app = F.app(engine)
    app.handle(.function(6))
    app.execute("staff")
    app.handle(.insert)
    F.type("chenxin", app)
    app.handle(.tab)
    F.type("陈欣", app)
    app.handle(.function(9))
    let member = try #require(engine.state.staff["chenxin"])
    #expect(member.name == "陈欣")
    #expect(member.roles == [.clerk])
    // Training on the new person's row (staff are listed by login; move to it).
    let rows = engine.state.staff.keys.sorted()
    let index = try #require(rows.firstIndex(of: "chenxin"))
    for _ in 0..<index { app.handle(.down) }
    app.handle(.control("e"))
    F.type("营销服务规范", app)
    app.handle(.tab)
    F.type("8", app)
    app.handle(.function(9))
    #expect(engine.state.staff["chenxin"]?.trainingDays == 8)
  }

  @Test func adminRegistersEquipment() throws {
    let engine = try F.engine(login: "admin")
    let app = F.app(engine)
    app.handle(.function(6))
    app.execute("staff")
    app.handle(.tab)
    app.handle(.insert)
    F.type("M-0099", app)
    app.handle(.tab)
    F.type("接地电阻测试仪", app)
    app.handle(.tab)
    app.handle(.tab)
    F.type("2026-11-01", app)
    app.handle(.tab)
    F.type("2027-11-01", app)
    app.handle(.tab)
    app.handle(.control("u"))
    F.type("0.4", app)
    app.handle(.function(9))
    let item = try #require(engine.state.equipment["M-0099"])
    #expect(item.dueOn == Day(2027, 11, 1))
    #expect(item.errorPercent == 0.4)
  }

  @Test func aClerkIsNotOfferedTheStaffScreenAndIsTold() throws {
    let engine = try F.engine(login: F.clerk)
    let app = F.app(engine)
    app.execute("staff")
    #expect(app.stack.count == 1)
    #expect(F.text(app).contains("您的角色不能查看人员与设备"))
  }

  @Test func anAuditorIsRefusedAndTold() throws {
    let engine = try F.engine(login: F.auditor)
    let app = F.app(engine)
    app.handle(.function(6))
    app.execute("staff")
    app.handle(.insert)
    F.type("someone", app)
    app.handle(.tab)
    F.type("某人", app)
    app.handle(.function(9))
    #expect(engine.state.staff["someone"] == nil)
    #expect(F.text(app).contains("不能登记员工"))
  }
}

@Suite struct NamedDeskScreensTests {
  @Test(arguments: ["staff", "oversight", "problems", "violations", "kpis", "notices", "plans"])
  func openFromTheHomeScreenByName(name: String) throws {
    let engine = try DeskFixture.engine(login: "admin")
    let app = DeskFixture.app(engine)
    app.execute(name)
    #expect(app.stack.count == 2, "\(name) did not open from the home screen")
  }
}
