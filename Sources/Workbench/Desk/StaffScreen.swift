import Domain
import Engine
import Foundation

/// 人员与设备 (guide ch. 1.1, 1.2): each person's training days, assessment, certificates with their
/// expiry (yellow 30 days before, red after) and the stages they are qualified for; each instrument's
/// calibration, measured error and whether it may be used (yellow 15 days before due, red when overdue
/// or out of tolerance). Read from the Domain's warnings and qualification rules.
final class StaffScreen: DeskListScreen {
  init(engine: Engine) {
    super.init(engine: engine, title: Localized("人员与设备", "Staff and equipment"))
    detailHeight = 4
  }

  override var tabs: [Localized] { [Localized("人员资质", "Staff"), Localized("设备校验", "Equipment")] }

  /// An admin registers staff and equipment here; training and calibrations are recorded on the
  /// selected row (the domain refuses anyone whose role may not).
  override var actions: [CommandID] { [.deskNew, .deskRecord] }

  override func act(_ id: CommandID, row: DeskRow?, context: ScreenContext) -> Outcome {
    let now = engine.now
    func day(_ form: Form, _ field: String) -> Day? { try? FormParse.day(form.text(field), now: now) }
    switch (id, tab) {
    case (.deskNew, 0):
      let roles = Role.allCases.map { FormOption($0.rawValue, $0.title) }
      return form(
        Localized("登记员工", "Register staff"),
        [
          .text("login", Localized("登录名", "Login"), required: true, maxLength: 32),
          .text("name", Localized("姓名", "Name"), required: true, maxLength: 60),
          .choice("role", Localized("角色", "Role"), options: roles),
          .choice(
            "role2", Localized("第二角色", "Second role"),
            options: [FormOption("", Localized("无", "none"))] + roles),
          .text("team", Localized("班组", "Team"), maxLength: 40),
        ],
        submit: { form in
          let roles = [form.choice("role"), form.choice("role2")].compactMap { $0 }.compactMap(Role.init(rawValue:))
          return RegisterStaff(
            login: form.text("login"), name: form.text("name"), roles: Array(Set(roles)).sorted(),
            team: form.text("team"))
        }, done: Localized("已登记员工", "Staff registered"))
    case (.deskRecord, 0):
      guard let row else { return Desk.need(Localized("一名员工", "a staff member")) }
      return form(
        Localized("培训记录: \(row.cells.first ?? row.id)", "Training: \(row.cells.first ?? row.id)"),
        [
          .text("topic", Localized("培训内容", "Topic"), required: true, maxLength: 100),
          .text(
            "days", Localized("天数", "Days"), required: true, maxLength: 3,
            check: { text, _ in
              Int(Validation.normalize(text)).map { (1...365).contains($0) } == true
                ? nil : Localized("请填 1–365 的天数", "Type a number of days, 1–365")
            }),
          .toggle("passed", Localized("考核通过", "Assessment passed"), isOn: true),
          .date("on", Localized("日期", "Date"), value: Day(containing: now).description, required: true, now: now),
        ],
        submit: { form in
          guard let on = day(form, "on"), let days = Int(Validation.normalize(form.text("days"))) else { return nil }
          return RecordTraining(
            login: row.id, topic: form.text("topic"), days: days, passed: form.flag("passed"), on: on)
        }, done: Localized("已记录培训", "Training recorded"))
    case (.deskNew, _):
      return form(
        Localized("登记设备", "Register equipment"),
        [
          .text("asset", Localized("资产号", "Asset no."), required: true, maxLength: 20),
          .text("name", Localized("名称", "Name"), required: true, maxLength: 40),
          .text("kind", Localized("类别", "Kind"), maxLength: 30),
          .date("calibrated", Localized("校验日", "Calibrated on"), required: true, now: now),
          .date("due", Localized("到期日", "Due on"), required: true, now: now),
          .text("error", Localized("误差 %", "Error %"), value: "0", required: true, maxLength: 8),
        ],
        submit: { form in
          guard let calibrated = day(form, "calibrated"), let due = day(form, "due"),
            let error = Double(Validation.normalize(form.text("error")))
          else { return nil }
          return RegisterEquipment(
            assetNo: form.text("asset"), kind: form.text("kind"), name: form.text("name"), calibratedOn: calibrated,
            dueOn: due, errorPercent: error)
        }, done: Localized("已登记设备", "Equipment registered"))
    case (.deskRecord, _):
      guard let row else { return Desk.need(Localized("一台设备", "an instrument")) }
      return form(
        Localized("校验记录: \(row.id)", "Calibration: \(row.id)"),
        [
          .date(
            "calibrated", Localized("校验日", "Calibrated on"), value: Day(containing: now).description,
            required: true, now: now),
          .date("due", Localized("到期日", "Due on"), required: true, now: now),
          .text("error", Localized("误差 %", "Error %"), value: "0", required: true, maxLength: 8),
        ],
        submit: { form in
          guard let calibrated = day(form, "calibrated"), let due = day(form, "due"),
            let error = Double(Validation.normalize(form.text("error")))
          else { return nil }
          return CalibrateEquipment(assetNo: row.id, calibratedOn: calibrated, dueOn: due, errorPercent: error)
        }, done: Localized("已记录校验", "Calibration recorded"))
    default:
      return .ignored
    }
  }

  override var helpIntro: Localized? {
    Localized(
      "需要资质的环节只能指派给培训满 \(engine.state.standard(on: today).minimumTrainingDays) 天、考核通过且持有效证书的人员。证书 30 天内到期标黄; 仪器 15 天内到期校验标黄, 过期或误差超限不可用。",
      "A stage that needs a qualification goes only to staff with enough training days, a passed assessment and a "
        + "valid certificate. Certificates expiring within 30 days are yellow; instruments due within 15 days are "
        + "yellow, overdue or out of tolerance cannot be used.")
  }

  override func heading(_ lang: Lang) -> String {
    let state = engine.state
    return lang == .zh
      ? "人员 \(state.staff.values.filter(\.active).count) 名  设备 \(state.equipment.values.filter(\.active).count) 台  最少培训 \(state.standard(on: today).minimumTrainingDays) 天  误差限 \(state.standard(on: today).calibrationTolerancePercent)%"
      : "Staff \(state.staff.values.filter(\.active).count)  equipment \(state.equipment.values.filter(\.active).count)  training >= \(state.standard(on: today).minimumTrainingDays) d  tolerance \(state.standard(on: today).calibrationTolerancePercent)%"
  }

  override func columns() -> [TableColumn] {
    if tab == 1 {
      return [
        TableColumn(Localized("资产号", "Asset"), width: 8),
        TableColumn(Localized("名称", "Name"), width: 12, flex: 1),
        TableColumn(Localized("校验日", "Calibrated"), width: 11),
        TableColumn(Localized("到期日", "Due"), width: 11),
        TableColumn(Localized("误差", "Error"), width: 7, alignment: .right),
        TableColumn(Localized("状态", "Status"), width: 20, flex: 1),
      ]
    }
    return [
      TableColumn(Localized("姓名", "Name"), width: 7),
      TableColumn(Localized("角色", "Role"), width: 10),
      TableColumn(Localized("培训", "Train"), width: 6, alignment: .right),
      TableColumn(Localized("考核", "Exam"), width: 5),
      TableColumn(Localized("最早到期证书", "First to expire"), width: 22, flex: 1),
      TableColumn(Localized("可承担环节", "Qualified for"), width: 14, flex: 2),
    ]
  }

  /// The stages a person may hold under the standard in force: every kind of stage for which some
  /// business type's template leaves no qualification gap.
  func qualifiedStages(_ member: StaffMember) -> [StageKind] {
    let state = engine.state
    let standard = state.standard(on: today)
    return StageKind.allCases.filter { kind in
      standard.businessTypes.contains { type in
        guard let template = type.stage(kind) else { return false }
        return state.qualificationGaps(member, for: template, on: today).isEmpty
      }
    }
  }

  override func rows(_ lang: Lang) -> [DeskRow] {
    let state = engine.state
    let warnings = currentWarnings
    func level(_ subject: String) -> StyleRole? {
      guard let w = warnings.first(where: { $0.subject == subject }) else { return nil }
      return w.level == .red ? .overdue : .warning
    }
    if tab == 1 {
      let tolerance = state.standard(on: today).calibrationTolerancePercent
      return state.equipment.values.sorted { $0.assetNo < $1.assetNo }.map { item in
        let why = item.unusableReason(on: today, tolerancePercent: tolerance)
        let soon = why == nil && item.dueOn <= today.adding(days: DomainState.calibrationWarningDays)
        let status: String =
          if let why { (lang == .zh ? "不可用: " : "blocked: ") + why.text(lang) } else if soon {
            lang == .zh ? "可用, 即将到期" : "usable, due soon"
          } else { lang == .zh ? "可用" : "usable" }
        let style: StyleRole = why != nil ? .overdue : (soon ? .warning : .ok)
        return DeskRow(
          id: item.assetNo,
          cells: [
            item.assetNo, item.name, item.calibratedOn.description, item.dueOn.description,
            String(format: "%.1f%%", item.errorPercent), status,
          ], style: item.active ? .normal : .muted,
          cellStyles: [
            nil, nil, nil, soon || why != nil ? style : nil, abs(item.errorPercent) > tolerance ? .overdue : nil, style,
          ])
      }
    }
    return state.staff.values.sorted { $0.login < $1.login }.map { m in
      // The newest certificate of each kind; the one that expires first is in the table.
      let newest = Set(m.certificates.map(\.kind)).map { kind in
        (kind: kind, until: m.certificates.filter { $0.kind == kind }.map(\.validUntil).max()!)
      }.sorted { ($0.until, $0.kind) < ($1.until, $1.kind) }
      let first = newest.first.map { "\(state.certificateName($0.kind)) \($0.until)" } ?? "-"
      let more = newest.count > 1 ? " +\(newest.count - 1)" : ""
      let subjects = m.certificates.map { "\(m.login)/\($0.kind)" }
      let certStyle = subjects.compactMap(level).max { a, _ in a == .warning }
      let stages = qualifiedStages(m).filter { $0 != .archive }.map { $0.title(lang) }
      return DeskRow(
        id: m.login,
        cells: [
          m.name, m.roles.map { $0.title.text(lang) }.joined(separator: "/"), "\(m.trainingDays)",
          DeskStaffText.passed(m.passedAssessment, lang), first + more,
          stages.joined(separator: " "),
        ], style: m.active ? .normal : .muted,
        cellStyles: [
          nil, nil, m.trainingDays < state.standard(on: today).minimumTrainingDays ? .warning : nil,
          m.passedAssessment ? nil : .warning, certStyle,
        ])
    }
  }

  override func detail(_ row: DeskRow, _ lang: Lang) -> [(String, StyleRole)] {
    let state = engine.state
    let warnings = currentWarnings.filter {
      tab == 1 ? $0.subject == row.id : $0.subject.hasPrefix(row.id + "/")
    }
    var lines = warnings.map { w in
      (
        (lang == .zh ? (w.level == .red ? "红 " : "黄 ") : (w.level == .red ? "red " : "yellow ")) + w.detail.text(lang)
          + "  " + (lang == .zh ? "规则: " : "rule: ") + w.ruleText.text(lang),
        w.level == .red ? StyleRole.overdue : .warning
      )
    }
    if tab == 0, let m = state.staff[row.id] {
      let certificates = m.certificates.sorted { $0.validUntil < $1.validUntil }.map {
        "\(state.certificateName($0.kind)) \($0.number) \(lang == .zh ? "至" : "to") \($0.validUntil)"
      }
      lines.insert(
        (
          (lang == .zh ? "证书: " : "Certificates: ")
            + (certificates.isEmpty ? "-" : certificates.joined(separator: ", ")), .normal
        ),
        at: 0)
      let training = m.training.map {
        "\($0.topic) \($0.days)\(lang == .zh ? "天" : "d")\($0.passed ? (lang == .zh ? " 考核通过" : " passed") : "")"
      }
      lines.append(((lang == .zh ? "培训: " : "Training: ") + training.joined(separator: ", "), .normal))
    }
    return lines
  }
}

enum DeskStaffText {
  static func passed(_ passed: Bool, _ lang: Lang) -> String {
    lang == .zh ? (passed ? "通过" : "未过") : (passed ? "pass" : "no")
  }
}
