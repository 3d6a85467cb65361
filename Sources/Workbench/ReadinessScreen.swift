import Domain
import Engine
import Foundation

/// 班前检查 (F5): the daily readiness checklist of guide ch. 1.2 — equipment, network, login rights and
/// data backup — once per clerk per day. Shows today's result when it is recorded, else the form.
///
/// The backup line is read from the store (`engine.store.lastBackup`), never typed; a note is needed
/// when something is not ready (the Domain's rule, checked as the form changes).
public final class ReadinessScreen: Screen {
  public let title = Localized("班前检查", "Readiness check")
  private let engine: Engine
  public private(set) var form: Form?
  private var caret: Position?

  static let equipmentOK = "equipment"
  static let networkOK = "network"
  static let rightsOK = "rights"
  static let note = "note"
  /// Calibration due within this many days is a warning (DESIGN §2, early-warning rules).
  static let dueSoonDays = 15

  public init(engine: Engine) {
    self.engine = engine
    // Nothing can be recorded (read-only by choice, damage): the screen shows, no form opens.
    if Self.isDue(engine: engine), !engine.isReadOnly { form = makeForm() }
  }

  /// Whether the user at the keyboard has not yet recorded today's check (the integrator opens this
  /// screen at start-up when it is due).
  public static func isDue(engine: Engine) -> Bool {
    guard engine.me != nil else { return false }
    return engine.state.readiness(login: engine.login, day: Day(containing: engine.now)) == nil
  }

  public var helpIntro: Localized? {
    let intro = Localized(
      "每日开工前检查设备、网络、登录权限与数据备份 (指南 1.2)。设备校验与最近备份取自系统, 无需填写; 不可用的设备不能报可用, "
        + "从未备份或备份早于上一个工作日时不显示「全部正常」。有未通过项时须填写说明。",
      "Before work each day (guide 1.2): equipment, network, login rights and data backup. Calibration and the last "
        + "backup are read from the system, not typed; unusable equipment cannot be reported ready, and without a "
        + "backup since the previous working day the check is not \"all ready\". Explain anything not ready.")
    let keys =
      form == nil
      ? Localized(" F8 重新检查 (从今日已记录的回答开始)。", " F8 checks again, starting from today's answers.")
      : Localized(
        " Tab/上下键 换栏, 空格 切换是否, F9 或 Ctrl-S 提交, Esc 返回 (有改动时先询问)。",
        " Tab or Up/Down move between fields, Space switches yes/no, F9 or Ctrl-S submits, Esc goes back (asking first if changed)."
      )
    return Localized(intro.zh + keys.zh, intro.en + keys.en)
  }

  public var hasUnsavedInput: Bool { form?.isDirty ?? false }

  public var commands: [CommandID] {
    form == nil ? [.recheck] : [.submit, .nextField, .previousField, .chooseOption]
  }

  private var today: Day { Day(containing: engine.now) }

  // MARK: Facts shown, not typed

  /// Each piece of equipment with whether it can be used today and why not.
  func equipmentLines() -> [(asset: String, text: Localized, style: StyleRole)] {
    let tolerance = engine.state.standard(on: today).calibrationTolerancePercent
    return engine.state.equipment.values.filter(\.active).sorted { $0.assetNo < $1.assetNo }.map { item in
      if let reason = item.unusableReason(on: today, tolerancePercent: tolerance) {
        return (
          item.assetNo,
          Localized("\(item.name) 不可用: \(reason.zh)", "\(item.name): not usable, \(reason.en)"), .overdue
        )
      }
      if item.dueOn <= today.adding(days: Self.dueSoonDays) {
        return (
          item.assetNo,
          Localized(
            "\(item.name) 可用, \(Self.dueSoonDays)天内到期 (\(item.dueOn))",
            "\(item.name): usable, calibration due \(item.dueOn)"), .warning
        )
      }
      return (item.assetNo, Localized("\(item.name) 可用", "\(item.name): usable"), .ok)
    }
  }

  /// The last verified backup, as recorded with the check: never, too old (before the previous working
  /// day, the Domain's rule), or current.
  func backupText() -> (text: Localized, style: StyleRole) {
    guard let backup = engine.store.lastBackup else {
      return (
        Localized("从未备份: 请班长执行 griddesk backup", "never backed up: ask a supervisor to run griddesk backup"), .overdue
      )
    }
    let time = FormParse.format(backup.time)
    if !ReadinessCheck.isBackupCurrent(backupRecord(), on: today, calendar: engine.state.calendar) {
      return (
        Localized(
          "\(time) 已过期 (早于上一个工作日): 请班长执行 griddesk backup",
          "\(time): out of date (before the previous working day); ask a supervisor to run griddesk backup"),
        .overdue
      )
    }
    return (Localized("\(time) 已校验, 头 \(backup.head)", "\(time), verified, head \(backup.head)"), .ok)
  }

  /// The text recorded in `RecordReadiness.backup`.
  func backupRecord() -> String {
    let backup = engine.store.lastBackup
    return ReadinessCheck.backupText(time: backup?.time, head: backup?.head ?? "")
  }

  func rightsText() -> Localized {
    guard let me = engine.me else {
      return Localized("账号 \(engine.login) 未登记为员工", "Account \(engine.login) is not registered as staff")
    }
    let roles = me.roles.map(\.title)
    let zh = roles.map(\.zh).joined(separator: "/")
    let en = roles.map(\.en).joined(separator: "/")
    let active = me.active ? Localized("账号有效", "active") : Localized("账号已停用", "deactivated")
    return Localized(
      "\(me.name) (\(engine.login)) \(zh), \(active.zh)", "\(me.name) (\(engine.login)) \(en), \(active.en)")
  }

  // MARK: The form

  /// The form; a re-check (F8) starts from today's recorded answers (`previous`), except that equipment
  /// not usable now is never offered as ready.
  func makeForm(from previous: ReadinessCheck? = nil) -> Form {
    let lines = equipmentLines()
    let backup = backupText()
    var fields: [FormField] = [.section(Localized("设备 (校验与误差)", "Equipment (calibration and error)"))]
    if lines.isEmpty {
      fields.append(.info("eq-none", Localized("设备", "Equipment"), value: Localized("没有登记的设备", "none registered")))
    }
    for (i, line) in lines.enumerated() {
      fields.append(.info("eq-\(i)", Localized(line.asset, line.asset), value: line.text, style: line.style))
    }
    let allUsable = lines.allSatisfy { $0.style != .overdue }
    fields += [
      .toggle(
        Self.equipmentOK, Localized("设备可用", "Equipment ready"), isOn: allUsable && (previous?.equipmentOK ?? true)),
      .section(Localized("网络", "Network")),
      .toggle(Self.networkOK, Localized("网络已确认正常", "Network confirmed"), isOn: previous?.networkOK ?? false),
      .section(Localized("登录权限", "Login rights")),
      .info("rights-info", Localized("当前账号", "Account"), value: rightsText()),
      .toggle(Self.rightsOK, Localized("权限无误", "Rights correct"), isOn: previous?.loginRightsOK ?? false),
      .section(Localized("数据备份", "Data backup")),
      .info("backup-info", Localized("最近备份", "Last backup"), value: backup.text, style: backup.style),
    ]
    let engine = self.engine
    var note = FormField.text(
      Self.note, Localized("说明", "Note"), value: previous?.note ?? "", maxLength: Validation.textMaxLength,
      check: { text, values in
        // The Domain's own decision, so the screen holds no rule: a note is needed when something fails.
        let command = RecordReadiness(
          equipmentOK: values.flag(Self.equipmentOK), networkOK: values.flag(Self.networkOK),
          loginRightsOK: values.flag(Self.rightsOK), backup: "", note: text)
        let result = Result { () throws(DomainError) in
          try decide(Command(command), state: engine.state, login: engine.login, now: engine.now)
        }
        if case .failure(let error) = result, error.code == .readinessNote { return error.message }
        return nil
      })
    note.placeholder = Localized("有未通过项时必填", "Required when something is not ready")
    fields.append(.section(Localized("备注", "Note")))
    fields.append(note)
    var form = Form(fields)
    form.focus(lines.isEmpty || allUsable ? Self.networkOK : Self.equipmentOK)
    return form
  }

  // MARK: Keys

  public func handle(_ key: Key, context: ScreenContext) -> Outcome {
    guard var form else { return .ignored }
    let event = form.handle(key, commands: context.commands)
    self.form = form
    return outcome(of: event)
  }

  public func perform(_ invocation: Invocation, context: ScreenContext) -> Outcome {
    switch invocation.id {
    case .recheck:
      form = makeForm(from: engine.state.readiness(login: engine.login, day: today))
      return .handled
    case .submit:
      guard var form else { return .ignored }
      let event = form.trySubmit()
      self.form = form
      return outcome(of: event)
    case .nextField, .previousField, .chooseOption:
      let key = invocation.key ?? (invocation.id == .previousField ? .backTab : .tab)
      return handle(key, context: context)
    default:
      return .ignored
    }
  }

  private func outcome(of event: FormEvent) -> Outcome {
    switch event {
    case .handled: return .handled
    case .ignored: return .ignored
    case .leave, .discard:
      if !Self.isDue(engine: engine) { form = nil }
      return .pop
    case .refused(let message): return .message(message, .error)
    case .submit: return submit()
    }
  }

  /// Records `RecordReadiness` with the store's backup information.
  func submit() -> Outcome {
    guard var form else { return .ignored }
    let command = RecordReadiness(
      equipmentOK: form.flag(Self.equipmentOK), networkOK: form.flag(Self.networkOK),
      loginRightsOK: form.flag(Self.rightsOK), backup: backupRecord(), note: form.text(Self.note))
    if let error = engine.attempt(Command(command)) {
      if case .domain(let e) = error, e.code == .readinessNote {
        form.setError(Self.note, e.message)
        form.focus(Self.note)
        self.form = form
      } else if case .domain(let e) = error, e.code == .readinessEquipment {
        // The message (in the key bar) names the instruments; the focus goes to the answer to change.
        form.focus(Self.equipmentOK)
        self.form = form
      }
      return .message(error.message, .error)
    }
    self.form = nil
    return .message(Localized("今日班前检查已记录", "Today's readiness check is recorded"), .ok)
  }

  // MARK: Drawing

  public func cursor(context: ScreenContext) -> Position? { form == nil ? nil : caret }

  public func render(into canvas: inout Canvas, context: ScreenContext) {
    let heading = Localized("班前检查  \(today)", "Readiness check  \(today)")
    canvas.write(" " + context(heading), x: 0, y: 0, style: .title)
    if var form {
      caret = form.render(
        into: &canvas, in: Rect(x: 0, y: 1, width: canvas.width, height: canvas.height - 1), context: context)
      self.form = form
      return
    }
    caret = nil
    guard let check = engine.state.readiness(login: engine.login, day: today) else {
      canvas.write(
        " " + context(Localized("今日尚未检查; 按 F8 开始", "Not checked today; F8 starts the check")), x: 0, y: 2,
        style: .warning)
      return
    }
    let time = String(FormParse.format(check.at).suffix(5))
    // 全部正常 only when the answers are and the backup recorded with them was current (the Domain's rule).
    let ready = check.allReady(calendar: engine.state.calendar)
    let status =
      ready
      ? Localized("今日检查已完成 (\(time)), 全部正常", "Done today at \(time): all ready")
      : Localized("今日检查已完成 (\(time)), 有未通过项", "Done today at \(time): something is not ready")
    canvas.write(" " + context(status), x: 0, y: 2, style: ready ? .ok : .warning)
    canvas.write(
      " " + context(Localized("F8 重新检查", "F8 checks again")), x: 0, y: 3, style: .muted, maxWidth: canvas.width)
    func mark(_ ok: Bool) -> (String, StyleRole) {
      ok ? (context(Localized("正常", "ready")), .ok) : (context(Localized("未通过", "not ready")), .overdue)
    }
    let items: [(Localized, Bool)] = [
      (Localized("设备", "Equipment"), check.equipmentOK),
      (Localized("网络", "Network"), check.networkOK),
      (Localized("登录权限", "Login rights"), check.loginRightsOK),
    ]
    var y = 4
    for (label, ok) in items {
      let (text, style) = mark(ok)
      canvas.write(" " + context(label).padded(toWidth: 14), x: 1, y: y)
      canvas.write(text, x: 16, y: y, style: style)
      y += 1
    }
    canvas.write(" " + context(Localized("数据备份", "Data backup")).padded(toWidth: 14), x: 1, y: y)
    let current = check.backupCurrent(calendar: engine.state.calendar)
    let backup =
      check.backup == ReadinessCheck.neverBackedUp
      ? context(Localized("从未备份, 未通过", "never backed up: not ready"))
      : check.backup + (current ? "" : context(Localized("  已过期, 未通过", "  out of date: not ready")))
    canvas.write(backup, x: 16, y: y, style: current ? .normal : .overdue, maxWidth: canvas.width - 17)
    y += 1
    if !check.note.isEmpty {
      canvas.write(" " + context(Localized("说明", "Note")).padded(toWidth: 14), x: 1, y: y)
      canvas.write(check.note.truncated(toWidth: canvas.width - 17), x: 16, y: y)
      y += 1
    }
    y += 1
    canvas.write(" " + context(Localized("设备明细", "Equipment")), x: 0, y: y, style: .title)
    y += 1
    for line in equipmentLines() where y < canvas.height {
      canvas.write(" " + line.asset.padded(toWidth: 14), x: 1, y: y)
      canvas.write(context(line.text).truncated(toWidth: canvas.width - 17), x: 16, y: y, style: line.style)
      y += 1
    }
  }
}
