import Foundation
import Testing

@testable import Domain

/// Decides and applies commands in memory, with an injected clock, as the engine does with a log.
struct Harness {
  var state = DomainState()
  var seq: UInt64 = 0
  var now: Date
  /// Every event applied, with its frame, for replay tests.
  var log: [(Event, EventMeta)] = []
  /// The log head handed to decisions, as the engine hands its store's head (audits record it).
  var head: String?

  static let start = Day(2026, 11, 23).start.addingTimeInterval(9 * 3600)  // Monday 09:00 CST

  init(now: Date = Harness.start) {
    self.now = now
  }

  @discardableResult
  mutating func run(_ body: any CommandBody, as login: String) throws(DomainError) -> [Event] {
    let events = try decide(Command(body), state: state, login: login, now: now, head: head)
    for event in events {
      seq += 1
      let meta = EventMeta(seq: seq, at: now, by: login)
      state.apply(event, meta)
      log.append((event, meta))
    }
    state.checkInvariants()
    return events
  }

  mutating func advance(hours: Double) { now = now.addingTimeInterval(hours * 3600) }

  /// 10:00 on the next working day: a time within the default service hours.
  func nextServiceTime() -> Date {
    var day = Day(containing: now).adding(days: 1)
    while !state.calendar.isWorkingDay(day) { day = day.adding(days: 1) }
    return day.start.addingTimeInterval(10 * 3600)
  }

  /// A hall with an admin, a supervisor, two clerks, qualified and unqualified field staff, and instruments.
  static func hall() throws -> Harness {
    var h = Harness()
    try h.run(BootstrapAdmin(name: "管理员"), as: "admin")
    let today = Day(containing: h.now)
    let staff: [(String, String, [Role])] = [
      ("zhaomin", "赵敏", [.supervisor]), ("wangli", "王丽", [.clerk]), ("liuyang", "刘洋", [.clerk]),
      ("liqiang", "李强", [.field]), ("zhoupeng", "周鹏", [.field]), ("sunhao", "孙浩", [.auditor]),
      ("oldcert", "钱老", [.field]),
    ]
    for (login, name, roles) in staff {
      try h.run(RegisterStaff(login: login, name: name, roles: roles, team: "城东"), as: "admin")
    }
    for login in ["zhaomin", "wangli", "liuyang", "liqiang", "sunhao", "oldcert"] {
      try h.run(
        RecordTraining(login: login, topic: "规范", days: 8, passed: true, on: today.adding(days: -100)), as: "admin")
      for kind in ["marketing", "safety", "electrician"] {
        let until = login == "oldcert" ? today.adding(days: -1) : today.adding(days: 365)
        try h.run(RecordCertificate(login: login, kind: kind, number: "Z-\(login)", validUntil: until), as: "admin")
      }
    }
    try h.run(
      RecordTraining(login: "zhoupeng", topic: "规范", days: 3, passed: false, on: today.adding(days: -5)), as: "admin")
    try h.run(
      RegisterEquipment(
        assetNo: "M-0031", kind: "meter-tester", name: "表计校验仪", calibratedOn: today.adding(days: -10),
        dueOn: today.adding(days: 300), errorPercent: 0.3), as: "admin")
    try h.run(
      RegisterEquipment(
        assetNo: "M-0033", kind: "multimeter", name: "数字万用表", calibratedOn: today.adding(days: -10),
        dueOn: today.adding(days: 300), errorPercent: 1.6), as: "admin")
    try h.run(
      RegisterEquipment(
        assetNo: "M-0035", kind: "insulation", name: "绝缘电阻表", calibratedOn: today.adding(days: -400),
        dueOn: today.adding(days: -3), errorPercent: 0.2), as: "admin")
    return h
  }

  static let person = CustomerForm(
    name: "张三明", kind: .individual, idKind: .resident, idNumber: "11010519491231002X", phone: "13812345678",
    address: "城东区解放路1号", useCategory: .residential)

  /// The low-voltage residential new-connection type of the default standard (the richest process).
  func newConnectionType() -> BusinessType {
    let types = state.standard(on: Day(containing: now)).businessTypes
    return types.first { $0.name.zh.contains("新装") && $0.voltage == "low" && $0.stages.count >= 6 } ?? types[0]
  }

  /// Receives an order for the standard person; returns its number.
  mutating func receive(type: BusinessType? = nil, customer: CustomerForm = Harness.person) throws -> String {
    let type = type ?? newConnectionType()
    let events = try run(
      ReceiveOrder(newCustomer: customer, type: type.id, channel: .counter, needs: "新装一户"), as: "wangli")
    for case .orderReceived(let e) in events { return e.number }
    Issue.record("no order received")
    return ""
  }

  /// Completes whatever the current stage needs and advances it, as a diligent crew would.
  mutating func completeCurrentStage(_ number: String) throws {
    guard let order = state.orders[number], !order.isArchived,
      let template = state.template(of: order, stage: order.current)
    else { return }
    var worker = order.currentStage?.assignee ?? "wangli"
    if template.role != .clerk {
      worker = template.role == .supervisor ? "zhaomin" : "liqiang"
      try run(AssignStage(number: number, assignee: worker), as: "zhaomin")
    }
    // The appointment item is ticked by confirming the appointment (the one fact), not by hand.
    if template.checklist.contains(where: { $0.id == DomainState.appointmentItem }) && order.appointmentConfirmed == nil
    {
      try run(
        ConfirmAppointment(number: number, appointment: order.appointment ?? nextServiceTime()), as: worker)
    }
    for item in template.checklist where state.orders[number]?.currentStage?.mark(item.id) == nil {
      try run(MarkChecklistItem(number: number, item: item.id), as: worker)
    }
    switch template.kind {
    case .survey where !state.isSiteVisit(order, stage: order.current):
      try run(
        RecordContact(
          number: number, contacted: now, method: .phone, person: "客户本人",
          findings: "情况属实"), as: worker)
    case .survey:
      try run(
        RecordSurvey(
          number: number, started: now.addingTimeInterval(-3600), ended: now, findings: "具备条件", hazards: "",
          instruments: ["M-0031"]), as: worker)
    case .scheme:
      try run(
        RecordScheme(
          number: number, plan: "低压接入", advice: "", budget: [BudgetItem(name: "表箱", fen: 50_000)],
          timetable: [TimetableEntry(step: "接电", due: Day(containing: now).adding(days: 3))]), as: worker)
    case .confirmation:
      try run(RecordConfirmation(number: number, accepted: true, comment: "同意"), as: "wangli")
    case .execution:
      // The scheme's timetable is planned already; the crew adds one and reaches them all.
      try run(PlanMilestone(number: number, title: "装表", planned: Day(containing: now)), as: worker)
      for m in state.orders[number]!.milestones where m.reached == nil {
        try run(ReachMilestone(number: number, id: m.id, note: "完成"), as: worker)
      }
    case .followUp:
      try run(RecordFollowUp(number: number, method: .phone, score: 5, comment: "满意"), as: "wangli")
    case .archive:
      try run(ArchiveOrder(number: number), as: "wangli")
      return
    case .intake, .feedback:
      break
    }
    try run(AdvanceStage(number: number), as: worker)
  }
}
