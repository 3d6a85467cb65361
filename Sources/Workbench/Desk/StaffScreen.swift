import Domain
import Engine
import Foundation

/// 人员与设备 (guide ch. 1.1, 1.2): each person's training days, assessment, certificates with their
/// expiry (yellow 30 days before, red after) and the stages they are qualified for; each instrument's
/// calibration, measured error and whether it may be used (yellow 15 days before due, red when overdue
/// or out of tolerance). Read from the Domain's warnings and qualification rules. An admin registers and
/// edits staff, disables or re-enables accounts; training and certificates are recorded on the selected
/// person (admin or supervisor). Every refusal is the Domain's.
final class StaffScreen: DeskListScreen {
  init(engine: Engine) {
    super.init(engine: engine, title: Localized("人员与设备", "Staff and equipment"))
  }

  /// The staff tab's detail holds the account, the training and one line per certificate.
  override var detailHeight: Int {
    get { tab == 0 ? 6 : 4 }
    set {}
  }

  override var tabs: [Localized] { [Localized("人员资质", "Staff"), Localized("设备校验", "Equipment")] }

  /// An admin registers staff and equipment here; training and calibrations are recorded on the
  /// selected row (the domain refuses anyone whose role may not). People are also edited, given
  /// certificates and disabled or enabled; instruments have no such commands.
  override var actions: [CommandID] {
    tab == 0 ? [.deskNew, .deskEdit, .deskRecord, .deskCertificate, .deskActive] : [.deskNew, .deskRecord]
  }

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
    case (.deskEdit, 0), (.deskCertificate, 0), (.deskActive, 0):
      guard let row, let member = engine.state.staff[row.id] else {
        return Desk.need(Localized("一名员工", "a staff member"))
      }
      switch id {
      case .deskEdit: return edit(member)
      case .deskCertificate: return certificate(member)
      default: return activation(member)
      }
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
      "需要资质的环节只能指派给培训满 \(engine.state.standard(on: today).minimumTrainingDays) 天、考核通过且持有效证书的人员。证书 30 天内到期标黄; 仪器 15 天内到期校验标黄, 过期或误差超限不可用。"
        + "管理员: Ins 登记员工, 回车修改姓名、角色与班组, Ctrl-D 停用或重新启用账号 (须说明原因, 最后一位管理员不能停用); "
        + "管理员或班长: Ctrl-E 记录培训, Ctrl-Y 记录证书。",
      "A stage that needs a qualification goes only to staff with enough training days, a passed assessment and a "
        + "valid certificate. Certificates expiring within 30 days are yellow; instruments due within 15 days are "
        + "yellow, overdue or out of tolerance cannot be used. Admins: Ins registers staff, Enter changes a name, "
        + "roles and team, Ctrl-D disables an account or enables it again (with a reason; the last admin stays). "
        + "Admins or supervisors: Ctrl-E records training, Ctrl-Y a certificate.")
  }

  override func heading(_ lang: Lang) -> String {
    let state = engine.state
    let disabled = state.staff.values.filter { !$0.active }.count
    let standard = state.standard(on: today)
    let equipment = state.equipment.values.filter(\.active).count
    return lang == .zh
      ? "人员 \(state.staff.count - disabled) 名\(disabled > 0 ? " (停用 \(disabled))" : "")  设备 \(equipment) 台  最少培训 \(standard.minimumTrainingDays) 天  误差限 \(standard.calibrationTolerancePercent)%"
      : "Staff \(state.staff.count - disabled)\(disabled > 0 ? " (\(disabled) disabled)" : "")  equipment \(equipment)  training >= \(standard.minimumTrainingDays) d  tolerance \(standard.calibrationTolerancePercent)%"
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
      let newest = Self.newestCertificates(m)
      // The day first: a narrow column cuts the name, not the date.
      let first = newest.first.map { "\($0.validUntil) \(certificateTitle($0.kind).text(lang))" } ?? "-"
      let more = newest.count > 1 ? " +\(newest.count - 1)" : ""
      let subjects = m.certificates.map { "\(m.login)/\($0.kind)" }
      let certStyle = subjects.compactMap(level).max { a, _ in a == .warning }
      // A disabled account holds no stage: say so where the stages would be.
      let stages =
        m.active
        ? qualifiedStages(m).filter { $0 != .archive }.map { $0.title(lang) }.joined(separator: " ")
        : (lang == .zh ? "已停用" : "disabled")
      return DeskRow(
        id: m.login,
        cells: [
          m.name, m.roles.map { $0.title.text(lang) }.joined(separator: "/"), "\(m.trainingDays)",
          DeskStaffText.passed(m.passedAssessment, lang), first + more, stages,
        ], style: m.active ? .normal : .muted,
        cellStyles: [
          nil, nil, m.trainingDays < state.standard(on: today).minimumTrainingDays ? .warning : nil,
          m.passedAssessment ? nil : .warning, certStyle,
        ])
    }
  }

  override func detail(_ row: DeskRow, _ lang: Lang) -> [(String, StyleRole)] {
    if tab == 0 {
      return engine.state.staff[row.id].map { staffDetail($0, lang) } ?? []
    }
    return currentWarnings.filter { $0.subject == row.id }.map { w in
      (
        (lang == .zh ? (w.level == .red ? "红 " : "黄 ") : (w.level == .red ? "red " : "yellow ")) + w.detail.text(lang)
          + "  " + (lang == .zh ? "规则: " : "rule: ") + w.ruleText.text(lang),
        w.level == .red ? StyleRole.overdue : .warning
      )
    }
  }

  /// The account (login, name, roles, team, disabled), the training, then one line per certificate: the
  /// newest of each kind, soonest to expire first (red once expired, yellow within the warning days, as
  /// the Domain's early warning), then the older ones they replaced on one muted line.
  func staffDetail(_ m: StaffMember, _ lang: Lang) -> [(String, StyleRole)] {
    let zh = lang == .zh
    let roles = m.roles.map { $0.title.text(lang) }.joined(separator: "/")
    let team = m.team.isEmpty ? "-" : m.team
    var account =
      zh
      ? "账号 \(m.login)  \(m.name)  \(roles)  班组 \(team)" : "Login \(m.login)  \(m.name)  \(roles)  team \(team)"
    if !m.active { account += zh ? "  已停用, 不能办理业务" : "  disabled: may not work" }
    let training = m.training.map {
      "\($0.topic) \($0.days)\(zh ? "天" : "d")\($0.passed ? (zh ? " 考核通过" : " passed") : "")"
    }
    var lines: [(String, StyleRole)] = [
      (account, m.active ? .normal : .warning),
      ((zh ? "培训: " : "Training: ") + (training.isEmpty ? "-" : training.joined(separator: ", ")), .normal),
    ]
    let newest = Self.newestCertificates(m)
    if newest.isEmpty { lines.append((zh ? "证书: - (Ctrl-Y 记录)" : "Certificates: - (Ctrl-Y records one)", .muted)) }
    for c in newest {
      let days = c.validUntil.daysSinceEpoch - today.daysSinceEpoch
      let (state, style): (String, StyleRole) =
        if days < 0 {
          (zh ? "已过期 \(-days) 天" : "expired \(-days) d ago", .overdue)
        } else if days <= DomainState.certificateWarningDays {
          (zh ? "\(days) 天后到期" : "expires in \(days) d", .warning)
        } else {
          (zh ? "有效" : "valid", .normal)
        }
      lines.append(((zh ? "证书 " : "") + certificateText(c, lang) + "  " + state, style))
    }
    // Older certificates of a kind held anew, on one line: the history, not a warning.
    let older = m.certificates.filter { !newest.contains($0) }.sorted { $0.validUntil > $1.validUntil }
    if !older.isEmpty {
      lines.append(
        ((zh ? "已换新: " : "Renewed: ") + older.map { certificateText($0, lang) }.joined(separator: ", "), .muted))
    }
    return lines
  }

  /// `安全作业证 ZS71000 至 2026-12-18`.
  func certificateText(_ c: Certificate, _ lang: Lang) -> String {
    "\(certificateTitle(c.kind).text(lang)) \(c.number) \(lang == .zh ? "至" : "until") \(c.validUntil)"
  }

  /// The newest certificate of each kind a person holds, the soonest to expire first.
  static func newestCertificates(_ m: StaffMember) -> [Certificate] {
    Set(m.certificates.map(\.kind)).compactMap { kind in
      m.certificates.filter { $0.kind == kind }.max { $0.validUntil < $1.validUntil }
    }.sorted { ($0.validUntil, $0.kind) < ($1.validUntil, $1.kind) }
  }

  /// A certificate kind's name in both languages, from the standards (the id when none knows it).
  func certificateTitle(_ kind: String) -> Localized {
    engine.state.standards.lazy.flatMap(\.certificateKinds).first { $0.id == kind }?.name ?? Localized(kind, kind)
  }

  // MARK: Forms

  /// Name, team and roles (one yes/no per role, so any set can be given), filled with what the person
  /// has now. Admins only; the Domain refuses no role at all, and the last admin dropping admin.
  func edit(_ m: StaffMember) -> Outcome {
    form(
      Localized("修改员工: \(m.name) \(m.login)", "Edit staff: \(m.name) \(m.login)"),
      [
        .info("login", Localized("登录名", "Login"), value: Localized(m.login, m.login), style: .muted),
        .text("name", Localized("姓名", "Name"), value: m.name, required: true, maxLength: 60),
        .text("team", Localized("班组", "Team"), value: m.team, maxLength: 40),
        .section(Localized("角色 (至少一个)", "Roles (at least one)")),
      ] + Role.allCases.map { .toggle("role-\($0.rawValue)", $0.title, isOn: m.has($0)) },
      submit: { form in
        UpdateStaff(
          login: m.login, name: form.text("name"), roles: Role.allCases.filter { form.flag("role-\($0.rawValue)") },
          team: form.text("team"))
      }, done: Localized("已修改员工 \(m.login)", "Staff \(m.login) updated"))
  }

  /// A certificate of a kind the standard in force names, with its number and last valid day.
  func certificate(_ m: StaffMember) -> Outcome {
    let kinds = engine.state.standard(on: today).certificateKinds.map { FormOption($0.id, $0.name) }
    let held = Self.newestCertificates(m).map {
      Localized(
        "\(certificateTitle($0.kind).zh) 至 \($0.validUntil)", "\(certificateTitle($0.kind).en) until \($0.validUntil)")
    }
    return form(
      Localized("记录证书: \(m.name) \(m.login)", "Certificate: \(m.name) \(m.login)"),
      intro: [
        (
          Localized(
            "现有证书: " + (held.isEmpty ? "无" : held.map(\.zh).joined(separator: ", ")),
            "Held now: " + (held.isEmpty ? "none" : held.map(\.en).joined(separator: ", "))), .muted
        )
      ],
      [
        .choice("kind", Localized("证书类别", "Kind"), options: kinds),
        .text("number", Localized("证书编号", "Number"), required: true, maxLength: 40),
        .date("until", Localized("有效期至", "Valid until"), required: true, now: engine.now),
      ],
      submit: { [engine] form in
        guard let until = form.day("until", now: engine.now) else { return nil }
        return RecordCertificate(
          login: m.login, kind: form.choice("kind") ?? "", number: form.text("number"), validUntil: until)
      }, done: Localized("已记录 \(m.name) 的证书", "Certificate of \(m.name) recorded"))
  }

  /// Disables an active account or enables a disabled one, with a reason. Admins only; the Domain keeps
  /// the last admin from being disabled.
  func activation(_ m: StaffMember) -> Outcome {
    let disable = m.active
    return form(
      disable
        ? Localized("停用账号: \(m.name) \(m.login)", "Disable account: \(m.name) \(m.login)")
        : Localized("启用账号: \(m.name) \(m.login)", "Enable account: \(m.name) \(m.login)"),
      intro: [
        disable
          ? (
            Localized(
              "停用后该账号不能再办理任何业务, 已指派的工单需另行改派; 之后可以重新启用。",
              "A disabled account can do nothing more; reassign its orders. It can be enabled again later."), .warning
          )
          : (Localized("重新启用后该账号可以再办理业务。", "Once enabled, the account can work again."), .normal)
      ],
      [.text("reason", Localized("原因", "Reason"), required: true, maxLength: 200)],
      submit: { form in SetStaffActive(login: m.login, active: !disable, reason: form.text("reason")) },
      done: disable
        ? Localized("已停用 \(m.name) (\(m.login))", "\(m.name) (\(m.login)) disabled")
        : Localized("已启用 \(m.name) (\(m.login))", "\(m.name) (\(m.login)) enabled"))
  }
}

enum DeskStaffText {
  static func passed(_ passed: Bool, _ lang: Lang) -> String {
    lang == .zh ? (passed ? "通过" : "未过") : (passed ? "pass" : "no")
  }
}
