import Domain
import Foundation

/// Builds a believable service hall on a demo store, through the same command path as everyone
/// else: staff with qualifications (some expiring, one unqualified), equipment (one out of tolerance),
/// customers with synthetic identity numbers that pass their check digits, and orders of every
/// business type in every stage — some suspended, some overdue, a dissatisfied follow-up with its
/// problem. Deterministic for a seed and a clock; safe to run from several processes at once (every
/// command is decided on the newest state, and what already exists is reused).
public struct DemoHall {
  public var orders: Int
  public var seed: UInt64
  public var now: Date
  /// Told (orders so far, orders asked for) after every order, for a progress line on a terminal.
  public var progress: (@Sendable (Int, Int) -> Void)?

  public init(orders: Int = 120, seed: UInt64 = 1, now: Date) {
    self.orders = orders
    self.seed = seed
    self.now = now
  }

  /// The logins of the demo staff.
  public static let clerk = "wangli"
  public static let supervisor = "zhaomin"
  public static let field = "liqiang"
  /// The business-type group whose field crews work around the clock; everyone else works in service hours.
  public static let repairGroup = "repair"

  struct Person {
    var login: String
    var name: String
    var roles: [Role]
    var team: String
    var trainingDays: Int
    var passed: Bool
    var certificates: [(kind: String, validFor: Int)]
  }

  static let people: [Person] = [
    Person(
      login: "zhaomin", name: "赵敏", roles: [.supervisor], team: "城东营业厅", trainingDays: 10, passed: true,
      certificates: [("marketing", 700), ("safety", 500), ("electrician", 600)]),
    Person(
      login: "wangli", name: "王丽", roles: [.clerk], team: "城东营业厅", trainingDays: 8, passed: true,
      certificates: [("marketing", 400)]),
    Person(
      login: "liuyang", name: "刘洋", roles: [.clerk], team: "城东营业厅", trainingDays: 7, passed: true,
      certificates: [("marketing", 300)]),
    Person(
      login: "liqiang", name: "李强", roles: [.field], team: "城东外勤班", trainingDays: 9, passed: true,
      certificates: [("safety", 19), ("electrician", 400)]),
    Person(
      login: "chenfang", name: "陈芳", roles: [.field], team: "城东外勤班", trainingDays: 12, passed: true,
      certificates: [("safety", 300), ("electrician", 500), ("marketing", 200)]),
    Person(
      login: "zhaojun", name: "赵军", roles: [.field], team: "城东外勤班", trainingDays: 8, passed: true,
      certificates: [("safety", 250), ("electrician", 26)]),
    Person(
      login: "zhoupeng", name: "周鹏", roles: [.field], team: "城东外勤班", trainingDays: 3, passed: false,
      certificates: []),
    Person(
      login: "sunhao", name: "孙浩", roles: [.auditor], team: "稽查组", trainingDays: 7, passed: true,
      certificates: [("marketing", 365)]),
  ]

  /// Runs the demo on an engine whose store is a demo store.
  /// - Returns: the number of orders received.
  @discardableResult
  public func populate(_ engine: Engine) throws(EngineError) -> Int {
    guard engine.isDemo else { throw .demoOnly }
    var rng = DemoRandom(seed: seed)
    let admin = engine.state.admins.first?.login ?? engine.login
    let today = Day(containing: now)
    let setupTime = today.adding(days: -45).start.addingTimeInterval(9 * 3600)
    let standard = engine.state.standard(on: today)
    let hours = standard.hours

    /// Orders this process received (others running a demo on the same store add theirs meanwhile).
    var mine = 0
    func run(_ body: any CommandBody, as login: String, at time: Date) throws(EngineError) {
      // On whole seconds, as a clock's times are recorded (the planned durations are fractions).
      let at = min(time, now).timeIntervalSince1970.rounded(.down)
      try engine.execute(Command(body), as: login, at: Date(timeIntervalSince1970: at))
      if engine.lastEvents.contains(where: { if case .orderReceived = $0 { true } else { false } }) { mine += 1 }
    }
    /// Runs a command whose only likely refusal is "already there" (another demo process did it).
    func ensure(_ body: any CommandBody, as login: String, at time: Date) throws(EngineError) {
      do {
        try run(body, as: login, at: time)
      } catch .domain(let e) where [.staffExists, .equipmentExists, .customerExists].contains(e.code) {
      }
    }

    // Staff, training and certificates.
    for p in DemoHall.people where engine.state.staff[p.login] == nil {
      try ensure(RegisterStaff(login: p.login, name: p.name, roles: p.roles, team: p.team), as: admin, at: setupTime)
      guard engine.state.staff[p.login]?.training.isEmpty ?? false else { continue }
      try run(
        RecordTraining(
          login: p.login, topic: "电力营销服务规范与安全规程", days: p.trainingDays, passed: p.passed,
          on: today.adding(days: -200)), as: admin, at: setupTime)
      for (i, cert) in p.certificates.enumerated() {
        try run(
          RecordCertificate(
            login: p.login, kind: cert.kind, number: "ZS\(p.login.count)\(1000 + i)",
            validUntil: today.adding(days: cert.validFor)), as: admin, at: setupTime)
      }
    }
    // Equipment: two good instruments, one due soon, one out of tolerance, one overdue.
    let equipment: [(String, String, String, Int, Int, Double)] = [
      ("M-0031", "meter-tester", "表计校验仪", -100, 265, 0.3),
      ("M-0032", "inspection", "用电检查仪", -60, 305, 0.5),
      ("M-0033", "multimeter", "数字万用表", -30, 335, 1.6),
      ("M-0034", "clamp-meter", "钳形电流表", -355, 10, 0.4),
      ("M-0035", "insulation", "绝缘电阻表", -400, -35, 0.2),
    ]
    for (asset, kind, name, cal, due, err) in equipment where engine.state.equipment[asset] == nil {
      try ensure(
        RegisterEquipment(
          assetNo: asset, kind: kind, name: name, calibratedOn: today.adding(days: cal),
          dueOn: today.adding(days: due), errorPercent: err), as: admin,
        // Registered once calibrated: a calibration cannot be recorded before it is done.
        at: max(setupTime, today.adding(days: cal).start.addingTimeInterval(9 * 3600)))
    }

    // Orders: exactly `orders` of them, counting the repeat complaint the supervisor's desk adds.
    let types = standard.businessTypes
    guard !types.isEmpty else {
      try populateSupervision(engine, run: run)
      return 0
    }
    var i = 0
    // The first moment an order may be received: the staff are registered at `setupTime`.
    let earliest = setupTime.addingTimeInterval(86400)
    /// Receives the next order of the spread; false when the domain refused it (a drawn customer clashed).
    func receiveOne() throws(EngineError) -> Bool {
      defer { i += 1 }
      // Every type in turn, and each type's orders spread evenly over its stages (the last "stage" is
      // archived): the k-th order of a type stands one stage further on than the (k-1)-th, the first
      // three stages on from the type before's, so that even a small hall has orders at every stage.
      let typeIndex = i % types.count
      let type = types[typeIndex]
      let target = (3 * typeIndex + i / types.count) % (type.stages.count + 1)
      // The time each stage up to the target took, and how long the order has been at the target (or
      // archived); the order is received that long before now, counted back in the time its staff work.
      var plan = DemoHall.plan(type, to: target, hours: hours, rng: &rng)
      func begun(_ plan: (durations: [Double], elapsed: Double)) -> Date {
        let atTarget =
          target < type.stages.count ? DemoHall.aroundClock(type, stage: target) : false
        var t = earlier(plan.elapsed, than: now.addingTimeInterval(-60), aroundClock: atTarget, engine)
        for (index, duration) in plan.durations.enumerated().reversed() {
          t = earlier(duration, than: t, aroundClock: DemoHall.aroundClock(type, stage: index), engine)
        }
        return t
      }
      var start = begun(plan)
      // A process longer than the demo's history is compressed into it (received after the staff were registered).
      for _ in 0..<6 where start < earliest {
        plan = (plan.durations.map { ($0 * 0.7 / 60).rounded() * 60 }, (plan.elapsed * 0.7 / 60).rounded() * 60)
        start = begun(plan)
      }
      if start < earliest { start = hours.nextOpen(atOrAfter: earliest, calendar: engine.state.calendar) }
      let day = Day(containing: start)
      let form = DemoHall.customer(&rng, organisation: i % 7 == 3, highVoltage: type.voltage == "high")
      let channel = Channel.allCases[Int(rng.next() % UInt64(Channel.allCases.count))]
      let clerk = i % 3 == 0 ? "liuyang" : "wangli"
      // An appointment one to three working days on, within the service hours (9:00–16:00).
      let pick = rng.next()
      var appointmentDay = day
      for _ in 0..<(1 + pick % 3) {
        appointmentDay = appointmentDay.adding(days: 1)
        while !engine.state.calendar.isWorkingDay(appointmentDay) { appointmentDay = appointmentDay.adding(days: 1) }
      }
      let appointment = appointmentDay.start.addingTimeInterval(Double(9 * 3600 + Int((pick / 3) % 7) * 3600))
      do {
        try run(
          ReceiveOrder(
            newCustomer: form, type: type.id, channel: channel, needs: DemoHall.needs(type, &rng),
            appointment: type.stages.count > 2 ? appointment : nil), as: clerk, at: start)
      } catch .domain {
        return false
      }
      guard
        let number = engine.lastEvents.lazy.compactMap({ event -> String? in
          if case .orderReceived(let e) = event { return e.number }
          return nil
        }).first
      else { return true }
      try drive(engine, number: number, durations: plan.durations, from: start, rng: &rng, run: run)
      try dispatch(engine, number: number, rng: &rng, run: run)
      if let order = engine.state.orders[number], !order.isArchived, order.currentStage != nil, i % 11 == 5 {
        // try? is safe: a demo order the rules do not let be suspended now simply stays unsuspended.
        try? run(
          SuspendOrder(number: number, reason: "客户资料不全, 等待补充"), as: clerk,
          at: max(start, lastWorkingMoment(engine, before: now.addingTimeInterval(-3600))))
      }
      return true
    }
    // One order is left for the desk's repeat complaint; whatever is still missing after it is topped up.
    // A refused draw is drawn again, within a bound, so that a stubborn refusal cannot loop for ever.
    var attempts = 0
    let limit = orders * 3 + 100
    while mine < max(0, orders - 1), attempts < limit {
      attempts += 1
      if try receiveOne() { progress?(mine, orders) }
    }
    try populateSupervision(engine, run: run)
    if orders > 0 { progress?(mine, orders) }
    while mine < orders, attempts < limit {
      attempts += 1
      if try receiveOne() { progress?(mine, orders) }
    }
    return mine
  }

  /// The latest moment at or before `date` within the service hours of a working day: when the demo's
  /// staff last worked (the afternoon before when `now` falls on a day off or before opening).
  func lastWorkingMoment(_ engine: Engine, before date: Date) -> Date {
    let hours = engine.state.standard(on: Day(containing: date)).hours
    var day = Day(containing: date)
    for _ in 0..<400 {
      if let opening = hours.opening(on: day, calendar: engine.state.calendar), opening <= date {
        return min(date, opening.addingTimeInterval(hours.length))
      }
      day = day.adding(days: -1)
    }
    return date
  }

  /// Whether the staff of a type's stage work around the clock: a fault's crew (and the intake that
  /// dispatches it); everyone else, and a repair's follow-up and archive, work in the service hours.
  static func aroundClock(_ type: BusinessType, stage index: Int) -> Bool {
    type.group == DemoHall.repairGroup && index < type.stages.count
      && ![.followUp, .archive].contains(type.stages[index].kind)
  }

  /// How long each stage before `target` takes, and how long the order has stood at `target` (or been
  /// archived, when `target` is past the last stage), in the time its staff work. Each stage takes 15-80 %
  /// of its limit, but one order in eight has a stage that runs late; a stage without a limit takes a few minutes (a repair's
  /// intake) or a few hours. Where the type has a whole-process limit, the stages mostly fit in it too
  /// (one order in eight runs over). An order at a stage is part of the way through that stage's time,
  /// or (one in six) past its limit.
  static func plan(_ type: BusinessType, to target: Int, hours: ServiceHours, rng: inout DemoRandom)
    -> (durations: [Double], elapsed: Double)
  {
    func workday(_ index: Int) -> Double { DemoHall.aroundClock(type, stage: index) ? 86400 : hours.length }
    func late() -> Bool { rng.next() % 8 == 0 }
    // One order in eight has a stage that runs late; the others keep every stage's limit.
    let lateStage = late() ? Int(rng.next() % UInt64(max(1, type.stages.count))) : nil
    var planned = type.stages.indices.map { index -> Double in
      let template = type.stages[index]
      let aroundClock = DemoHall.aroundClock(type, stage: index)
      let share = index == lateStage ? 1.1 + Double(rng.next() % 50) / 100 : 0.15 + Double(rng.next() % 65) / 100
      switch template.limit {
      case .some(let limit) where limit.unit == .workingDays: return Double(limit.amount) * workday(index) * share
      case .some(let limit): return limit.seconds * share * (aroundClock ? 1 : hours.length / 86400)
      case .none where aroundClock && template.kind == .intake: return Double(120 + rng.next() % 480)
      case .none: return Double(3600 + rng.next() % (4 * 3600))
      }
    }
    if let total = type.totalLimit, total.unit == .workingDays {
      let share = late() ? 1.05 + Double(rng.next() % 25) / 100 : 0.5 + Double(rng.next() % 45) / 100
      let budget = Double(total.amount) * hours.length * share
      let sum = planned.reduce(0, +)
      if sum > budget { planned = planned.map { $0 * budget / sum } }
    }
    // In whole minutes: every time the demo records (a survey's start and end, an appointment) is then
    // one its log keeps exactly.
    func minutes(_ seconds: Double) -> Double { max(60, (seconds / 60).rounded() * 60) }
    let durations = planned.prefix(target).map(minutes)
    // One order in six at a stage with a limit has run over it; the others are part of the way through.
    let elapsed: Double
    if target >= planned.count {
      elapsed = Double(1800 + rng.next() % UInt64(max(1, 20 * hours.length)))
    } else if rng.next() % 6 == 0, let limit = type.stages[target].limit {
      let over = 1.05 + Double(rng.next() % 50) / 100
      elapsed =
        limit.unit == .workingDays
        ? Double(limit.amount) * workday(target) * over
        : limit.seconds * over * (DemoHall.aroundClock(type, stage: target) ? 1 : hours.length / 86400)
    } else {
      elapsed = planned[target] * (0.1 + Double(rng.next() % 85) / 100)
    }
    return (durations, minutes(elapsed))
  }

  /// The moment `seconds` of work before `date`: clock time around the clock, else service time (time
  /// while the hall is closed does not count), ending within the service hours.
  func earlier(_ seconds: Double, than date: Date, aroundClock: Bool, _ engine: Engine) -> Date {
    if aroundClock { return date.addingTimeInterval(-seconds) }
    var t = lastWorkingMoment(engine, before: date)
    var left = max(0, seconds)
    // A calendar has working days in every year; the bound only guards against one without any.
    for _ in 0..<100_000 {
      let day = Day(containing: t)
      guard let opening = engine.state.standard(on: day).hours.opening(on: day, calendar: engine.state.calendar)
      else { return t.addingTimeInterval(-left) }
      if t.addingTimeInterval(-left) >= opening { return t.addingTimeInterval(-left) }
      left -= t.timeIntervalSince(opening)
      t = lastWorkingMoment(engine, before: opening.addingTimeInterval(-1))
    }
    return t
  }

  /// The supervisor dispatches most field and supervisory stages an order now stands at, soon after the
  /// stage began, to someone qualified for it (one in four waits unassigned, as in a real hall).
  private func dispatch(
    _ engine: Engine, number: String, rng: inout DemoRandom,
    run: (any CommandBody, String, Date) throws(EngineError) -> Void
  ) throws(EngineError) {
    guard let order = engine.state.orders[number], !order.isArchived, let stage = order.currentStage,
      stage.assignee == nil, let started = stage.started,
      let template = engine.state.template(of: order, stage: order.current), template.role != .clerk,
      rng.next() % 4 != 0
    else { return }
    let at = min(started.addingTimeInterval(600), now.addingTimeInterval(-60))
    let candidates = DemoHall.people.filter { p in
      guard let m = engine.state.staff[p.login] else { return false }
      return m.has(template.role) && engine.state.qualificationGaps(m, for: template, on: Day(containing: at)).isEmpty
    }
    guard !candidates.isEmpty else { return }
    let pick = candidates[Int(rng.next() % UInt64(candidates.count))]
    try run(AssignStage(number: number, assignee: pick.login, reason: "派工"), DemoHall.supervisor, at)
  }

  private func drive(
    _ engine: Engine, number: String, durations: [Double], from start: Date, rng: inout DemoRandom,
    run: (any CommandBody, String, Date) throws(EngineError) -> Void
  ) throws(EngineError) {
    let calendar = engine.state.calendar
    var t = start
    var guardCount = 0
    while let order = engine.state.orders[number], !order.isArchived,
      order.current < min(durations.count, order.stages.count)
    {
      guardCount += 1
      if guardCount > 40 { return }
      let index = order.current
      guard let template = engine.state.template(of: order, stage: index) else { return }
      let hours = engine.state.standard(on: Day(containing: order.received)).hours
      // A fault's crew (and the intake that dispatches it) works around the clock; everyone else, and a
      // repair's follow-up and archive, in the hall's service hours on working days.
      let aroundClock =
        engine.state.standard(on: Day(containing: order.received)).businessType(order.type).map {
          DemoHall.aroundClock($0, stage: index)
        } ?? false
      func later(_ seconds: Double, _ from: Date) -> Date {
        aroundClock ? from.addingTimeInterval(seconds) : hours.adding(seconds, to: from, calendar: calendar)
      }
      let duration = durations[index]
      let begin = aroundClock ? t : hours.nextOpen(atOrAfter: t, calendar: calendar)
      let end = later(duration, begin)
      if end >= now { return }
      t = later(duration / 4, begin)
      var worker = order.stages[index].assignee ?? DemoHall.clerk
      if template.role != .clerk || order.stages[index].assignee == nil {
        let candidates = DemoHall.people.filter { p in
          guard let m = engine.state.staff[p.login] else { return false }
          return m.has(template.role)
            && engine.state.qualificationGaps(m, for: template, on: Day(containing: end)).isEmpty
        }
        if let pick = candidates.isEmpty ? nil : candidates[Int(rng.next() % UInt64(candidates.count))] {
          if order.stages[index].assignee != pick.login {
            try run(AssignStage(number: number, assignee: pick.login, reason: "派工"), DemoHall.supervisor, begin)
          }
          worker = pick.login
        } else {
          worker = DemoHall.supervisor
        }
      }
      // Survey, scheme and execution records need field staff or a supervisor.
      if let m = engine.state.staff[worker], !m.has(.field) && !m.has(.supervisor),
        [.survey, .scheme, .execution].contains(template.kind)
      {
        worker = DemoHall.supervisor
      }
      // The appointment item is ticked by confirming the appointment with the customer.
      if template.kind == .intake, order.appointmentConfirmed == nil,
        order.appointment != nil || template.checklist.contains(where: { $0.id == DomainState.appointmentItem })
      {
        var day = Day(containing: t).adding(days: 1)
        while !engine.state.calendar.isWorkingDay(day) { day = day.adding(days: 1) }
        let at = order.appointment.map { max($0, t) } ?? day.start.addingTimeInterval(10 * 3600)
        try run(ConfirmAppointment(number: number, appointment: at), worker, t)
      }
      for item in template.checklist where engine.state.orders[number]?.currentStage?.mark(item.id) == nil {
        if item.required || rng.next() % 2 == 0 {
          try run(MarkChecklistItem(number: number, item: item.id), worker, t)
        } else {
          try run(MarkChecklistItem(number: number, item: item.id, notApplicable: "现场无此项"), worker, t)
        }
      }
      switch template.kind {
      case .survey where !engine.state.isSiteVisit(order, stage: index):
        // A complaint's or report's contact and investigation: no site survey, no instruments. (The draw
        // a survey makes for its hazards is made here too, so that a seed gives the same hall.)
        _ = rng.next()
        try run(
          RecordContact(
            number: number, contacted: t, method: .phone, person: "客户本人", findings: "已电话联系客户, 情况属实, 已说明处理安排"),
          worker, t)
      case .survey:
        // On site for up to an hour and a half, within the stage (and within one day's service hours).
        let ended = later(min(5400, duration / 2), t)
        let started =
          aroundClock ? t : max(t, hours.opening(on: Day(containing: ended), calendar: calendar) ?? t)
        try run(
          RecordSurvey(
            number: number, started: started, ended: ended,
            findings: "现场具备接电条件, 计量装置完好", hazards: rng.next() % 4 == 0 ? "进户线老化" : "",
            instruments: ["M-0031"]), worker, ended)
      case .scheme:
        try run(
          RecordScheme(
            number: number, plan: "由10kV城东线供电, 新装计量箱一只", advice: "建议更换进户线",
            budget: [BudgetItem(name: "计量装置", fen: 86_000), BudgetItem(name: "材料费", fen: 124_050)],
            timetable: [TimetableEntry(step: "装表接电", due: Day(containing: t).adding(days: 5))]), worker, t)
      case .confirmation:
        if rng.next() % 3 == 0 {
          try run(RecordConfirmation(number: number, accepted: false, comment: "希望降低材料费"), worker, t)
        }
        try run(RecordConfirmation(number: number, accepted: true, comment: "同意方案"), worker, t)
      case .execution:
        // The scheme's timetable is already planned (装表接电); the crew adds the delivery of materials.
        let day = Day(containing: t)
        // Planned for the days the work is done; the reason is asked (and kept) only when that is late.
        let late = "材料到货延迟, 已告知客户"
        try run(PlanMilestone(number: number, title: "材料到位", planned: day, reason: late), worker, t)
        if !(engine.state.orders[number]?.milestones.contains { $0.title == "装表接电" } ?? false) {
          try run(
            PlanMilestone(number: number, title: "装表接电", planned: Day(containing: end), reason: late), worker, t)
        }
        let open = (engine.state.orders[number]?.milestones ?? []).filter { $0.reached == nil }
        for m in open.sorted(by: { ($0.title == "装表接电" ? 1 : 0) < ($1.title == "装表接电" ? 1 : 0) }) {
          try run(ReachMilestone(number: number, id: m.id, note: m.title == "装表接电" ? "已送电" : ""), worker, t)
        }
      case .feedback:
        try run(ReceiveFeedback(number: number, text: "希望提前告知停电时间"), DemoHall.clerk, t)
        if let id = engine.state.orders[number]?.feedback.last?.id {
          try run(HandleFeedback(number: number, id: id, response: "已登记, 今后提前一天短信告知"), worker, t)
        }
      case .followUp:
        let dissatisfied = number.hasSuffix("7") && rng.next() % 2 == 0
        try run(
          RecordFollowUp(
            number: number, method: .phone, score: dissatisfied ? 2 : 4 + Int(rng.next() % 2),
            comment: dissatisfied ? "接电等待时间过长" : "满意"), worker, t)
      case .archive:
        // An order whose follow-up opened a problem waits here until that problem is closed (guide ch. 3.3).
        if let order = engine.state.orders[number], !engine.state.archiveGaps(order).isEmpty { return }
        try run(ArchiveOrder(number: number), worker, end)
        return
      case .intake:
        break
      }
      try run(AdvanceStage(number: number), worker, end)
      t = end
    }
  }

  static let surnames = Array(
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文")
  static let given = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华晓明海燕志强玉兰红梅")
  static let roads = ["解放路", "人民路", "建设路", "中山路", "城东大道", "和平路", "新华路", "青年路"]
  static let companies = ["城东商贸", "华兴电子", "恒达物流", "绿源农业", "金石建材", "天和食品", "永泰纺织"]
  static let areas = ["110105", "310101", "330106", "440305", "320102", "510104"]

  static func customer(_ rng: inout DemoRandom, organisation: Bool, highVoltage: Bool) -> CustomerForm {
    let phone = "1" + String("3456789".randomElement(using: &rng)!) + String(format: "%09d", rng.next() % 1_000_000_000)
    let address = "城东区\(roads[Int(rng.next() % UInt64(roads.count))])\(1 + rng.next() % 300)号"
    if organisation {
      let name = companies[Int(rng.next() % UInt64(companies.count))] + "有限公司"
      var body = "91330100"
      let alphabet = Validation.creditAlphabet
      for _ in 0..<9 { body.append(alphabet[Int(rng.next() % 10)]) }
      let code = body + String(Validation.creditCodeCheckCharacter(body)!)
      return CustomerForm(
        name: name, kind: .organisation, idKind: .creditCode, idNumber: code, phone: phone, address: address,
        useCategory: .commercial, voltage: highVoltage ? "10kV" : "380V", capacityKVA: highVoltage ? 630 : 50)
    }
    let name =
      String(surnames[Int(rng.next() % UInt64(surnames.count))]) + String(given[Int(rng.next() % UInt64(given.count))])
      + (rng.next() % 2 == 0 ? String(given[Int(rng.next() % UInt64(given.count))]) : "")
    let birth = Day(1950 + Int(rng.next() % 50), 1 + Int(rng.next() % 12), 1 + Int(rng.next() % 28))
    let body =
      areas[Int(rng.next() % UInt64(areas.count))]
      + String(format: "%04d%02d%02d%03d", birth.year, birth.month, birth.day, Int(rng.next() % 999) + 1)
    let id = body + String(Validation.residentIDCheckCharacter(body)!)
    return CustomerForm(
      name: name, kind: .individual, idKind: .resident, idNumber: id, phone: phone, address: address,
      useCategory: highVoltage ? .commercial : .residential, voltage: highVoltage ? "10kV" : "220V",
      capacityKVA: highVoltage ? 400 : 8)
  }

  static func needs(_ type: BusinessType, _ rng: inout DemoRandom) -> String {
    let extras = ["客户要求尽快办理", "已电话预约", "资料齐全", "需上门服务", "客户工作日白天在家"]
    return "\(type.name.zh): \(extras[Int(rng.next() % UInt64(extras.count))])"
  }
}

/// SplitMix64: small, fast and reproducible across platforms for a seed.
public struct DemoRandom: RandomNumberGenerator {
  var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
