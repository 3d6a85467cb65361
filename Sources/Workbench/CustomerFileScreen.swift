import Domain
import Engine
import Foundation

/// 客户档案 (F4, and F8 from the intake search): the customer's fields masked, a warning when the file
/// is stale, the order history; F7 reveals the personal data for a stated reason (recorded, and
/// refused by the Domain for roles that may not), F8 edits the file with the same checks as intake.
public final class CustomerFileScreen: Screen {
  public let account: String
  /// Whether a reveal was accepted: the full values show in this view only.
  public private(set) var revealed = false
  private let engine: Engine
  private var list = ListView()
  /// Opens an order from the history (the order file), when the integrator provides one.
  var openOrder: ((String) -> (any Screen)?)?
  /// A line shown until the next key: what a form pushed from here did (saved, revealed).
  public private(set) var flash: (text: Localized, style: StyleRole)?

  public init(engine: Engine, account: String) {
    self.engine = engine
    self.account = account
  }

  public var title: Localized {
    Localized("客户档案 \(account)", "Customer \(account)")
  }

  public var helpIntro: Localized? {
    Localized(
      "个人信息默认遮蔽。F7 说明理由后查看明文 (记录在案, 仅本次查看有效); 查看明文后 F8 修改档案; 回车打开工单。",
      "Personal data is masked. F7 reveals it for a stated reason (recorded; this view only); then F8 edits the file; "
        + "Enter opens an order.")
  }

  public var commands: [CommandID] { [.reveal, .edit, .open, .move, .page] }

  /// Revealing and editing only for a role that may (the Domain's `permissionRefusal`).
  public func refusal(for command: CommandID, context: ScreenContext) -> Localized? {
    switch command {
    case .reveal: engine.state.permissionRefusal(RevealPersonalData.self, for: engine.login)?.message
    case .edit: engine.state.permissionRefusal(UpdateCustomer.self, for: engine.login)?.message
    default: nil
    }
  }

  private var customer: Customer? { engine.state.customers[account] }
  private var today: Day { Day(containing: engine.now) }

  /// The customer's orders, newest first.
  var orders: [Order] {
    (customer?.orders ?? []).compactMap { engine.state.orders[$0] }.sorted { $0.received > $1.received }
  }

  // MARK: Keys

  public func handle(_ key: Key, context: ScreenContext) -> Outcome {
    if case .tick = key { return .ignored }
    flash = nil
    return .ignored
  }

  public func perform(_ invocation: Invocation, context: ScreenContext) -> Outcome {
    switch invocation.id {
    case .reveal: return .push(revealScreen())
    case .edit:
      guard let customer else { return .message(Localized("没有该客户", "No such customer"), .error) }
      // Editing shows the personal data whole: only after a recorded reveal.
      guard revealed else {
        return .message(
          Localized("修改档案前请先按 F7 说明理由查看明文", "To edit, first reveal the data with a reason (F7)"), .warning)
      }
      return .push(editScreen(customer))
    case .open:
      let orders = self.orders
      guard list.selection < orders.count else {
        return .message(Localized("没有工单", "No orders"), .warning)
      }
      guard let screen = openOrder?(orders[list.selection].number) else {
        return .message(Localized("工单详情尚未接入", "The order file is not available yet"), .warning)
      }
      return .push(screen)
    case .move, .page:
      list.setCount(orders.count)
      if let key = invocation.key { _ = list.handle(key, pageSize: 8) }
      return .handled
    default:
      return .ignored
    }
  }

  /// The form asking why the data is needed; the Domain decides (role, reason).
  func revealScreen() -> FormScreen {
    let engine = self.engine
    let account = self.account
    var reason = FormField.text("reason", Localized("查看理由", "Reason"), maxLength: Validation.textMaxLength)
    reason.placeholder = Localized("如: 核对身份办理过户", "e.g. checking identity for a transfer")
    return FormScreen(
      title: Localized("查看明文 \(account)", "Reveal \(account)"),
      intro: [
        (
          Localized(
            "证件号码、电话等属于敏感个人信息。查看明文须说明理由, 将记录查看人、时间与理由。",
            "ID and phone numbers are sensitive personal information. Revealing them needs a reason; who, when and "
              + "why are recorded."), .warning
        )
      ],
      form: Form([reason]),
      onSubmit: { [weak self] form in
        if let error = engine.attempt(Command(RevealPersonalData(account: account, reason: form.text("reason")))) {
          return .refused(error.message, field: "reason")
        }
        self?.revealed = true
        self?.flash = (
          Localized("查看已记录 (理由: \(form.text("reason")))", "Reveal recorded (reason: \(form.text("reason")))"), .ok
        )
        return .done(.pop)
      })
  }

  /// The edit form: the same fields and checks as intake; `UpdateCustomer` decides.
  func editScreen(_ customer: Customer) -> FormScreen {
    let engine = self.engine
    let account = self.account
    let form = Form(CustomerFields.fields(customer, state: { engine.state }, except: account, today: today))
    let screen = FormScreen(
      title: Localized("修改档案 \(account)", "Edit customer \(account)"),
      intro: [
        (
          Localized("保存后档案记为今日已核实。", "Saving marks the file verified today."), .muted
        )
      ],
      form: form,
      onSubmit: { [weak self] form in
        let update = UpdateCustomer(
          account: account, customer: CustomerFields.customerForm(from: form, meters: customer.meters))
        if let error = engine.attempt(Command(update)) {
          let field = if case .domain(let e) = error { CustomerFields.field(for: e) } else { String?.none }
          return .refused(error.message, field: field)
        }
        self?.flash = (Localized("档案已保存, 记为今日已核实", "The file is saved and counts as verified today"), .ok)
        return .done(.pop)
      })
    screen.onChange = CustomerFields.adjust
    return screen
  }

  // MARK: Drawing

  /// Draws the customer's fields from row `y` (masked unless `revealed`) and, when stale, the warning.
  /// - Returns: the row after the last one drawn.
  @discardableResult
  static func drawSummary(
    _ customer: Customer, into canvas: inout Canvas, y: Int, context: ScreenContext, today: Day,
    revealed: Bool = false
  ) -> Int {
    let shown = CustomerDisplay(customer, revealed: revealed)
    var y = y
    func line(_ pairs: [(Localized, String)]) {
      var x = 1
      for (label, value) in pairs where x < canvas.width - 2 {
        x = canvas.write(context(label) + " ", x: x, y: y, style: .muted)
        x = canvas.write(value, x: x, y: y, maxWidth: canvas.width - x - 1)
        x += 2
      }
      y += 1
    }
    line([
      // A long name is cut here (the edit form has it whole) so that the account and the ID stay in view.
      (Localized("客户", "Name"), shown.name.truncated(toWidth: max(12, canvas.width / 6))),
      (Localized("户号", "Account"), shown.account),
      (context.lang == .zh ? customer.idKind.title : Localized("", "ID"), shown.idNumber),
      (Localized("类型", "Kind"), context(customer.kind.title)),
    ])
    line([(Localized("电话", "Phone"), shown.phone), (Localized("地址", "Address"), shown.address)])
    line([
      (Localized("用电类别", "Use"), context(customer.useCategory.title)),
      (Localized("电压", "Voltage"), customer.voltage),
      (Localized("容量", "Capacity"), CustomerFields.format(customer.capacityKVA) + " kVA"),
      (Localized("核实", "Verified"), customer.lastVerified.description),
    ])
    if customer.isStale(on: today) {
      let warning = Localized(
        "档案已超过 12 个月未核实 (上次 \(customer.lastVerified)), 请与客户核对",
        "Not verified for over 12 months (last \(customer.lastVerified)): check it with the customer")
      canvas.write(" " + context(warning), x: 0, y: y, style: .warning, maxWidth: canvas.width)
      y += 1
    }
    if customer.idOverride != nil {
      canvas.write(
        " " + context(Localized("信用代码校验位不符, 已由班长放行", "Credit code fails its check; accepted by a supervisor")),
        x: 0, y: y, style: .muted, maxWidth: canvas.width)
      y += 1
    }
    return y
  }

  static let columns: [TableColumn] = [
    TableColumn(Localized("工单号", "Order"), width: 15),
    TableColumn(Localized("业务类型", "Type"), width: 16, flex: 1),
    TableColumn(Localized("受理时间", "Received"), width: 12),
    TableColumn(Localized("渠道", "Channel"), width: 9),
    TableColumn(Localized("当前环节", "Stage"), width: 14, flex: 1),
  ]

  /// The stage or status of an order in words.
  func status(of order: Order, lang: Lang) -> (String, StyleRole) {
    if order.isArchived { return (Localized("已归档", "archived").text(lang), .muted) }
    if order.isSuspended { return (Localized("挂起", "suspended").text(lang), .muted) }
    guard let stage = order.currentStage else { return (Localized("已完成", "done").text(lang), .ok) }
    let name =
      engine.state.template(of: order, stage: order.current)?.name.text(lang) ?? stage.kind.title(lang)
    return (name, .normal)
  }

  public func render(into canvas: inout Canvas, context: ScreenContext) {
    guard let customer else {
      canvas.write(" " + context(Localized("没有该客户", "No such customer")), x: 0, y: 0, style: .error)
      return
    }
    canvas.write(" " + context(Localized("客户档案", "Customer file")), x: 0, y: 0, style: .title)
    var y = Self.drawSummary(customer, into: &canvas, y: 1, context: context, today: today, revealed: revealed)
    if let flash {
      canvas.write(" " + context(flash.text), x: 0, y: canvas.height - 1, style: flash.style, maxWidth: canvas.width)
    }
    if revealed {
      canvas.write(
        " " + context(Localized("正在显示明文 (仅本次查看, 已记录)", "Showing unmasked data (this view only; recorded)")), x: 0,
        y: y, style: .warning, maxWidth: canvas.width)
      y += 1
    }
    y += 1
    let orders = self.orders
    canvas.write(
      " " + context(Localized("工单记录 (\(orders.count))", "Orders (\(orders.count))")), x: 0, y: y, style: .title)
    y += 1
    guard !orders.isEmpty else {
      canvas.write(" " + context(Localized("暂无工单", "No orders yet")), x: 0, y: y + 1, style: .muted)
      return
    }
    let widths = Table.widths(Self.columns, totalWidth: canvas.width - 2)
    Table.drawHeader(Self.columns, widths: widths, lang: context.lang, into: &canvas, x: 2, y: y)
    y += 1
    let page = max(1, canvas.height - y)
    list.setCount(orders.count)
    list.keepVisible(pageSize: page)
    for (line, index) in list.visibleRows(pageSize: page).enumerated() {
      let order = orders[index]
      let row = y + line
      let selected = index == list.selection
      let type = engine.state.businessType(of: order)?.short.text(context.lang) ?? order.type
      let (stage, style) = status(of: order, lang: context.lang)
      let received = String(FormParse.format(order.received).dropFirst(5))
      canvas.write(selected ? "> " : "  ", x: 0, y: row, style: selected ? .selected : .normal)
      Table.drawRow(
        [order.number, type, received, context(order.channel.title), stage], widths: widths, into: &canvas, x: 2,
        y: row, cellStyles: [nil, nil, nil, nil, style])
      if selected { canvas.restyle(Rect(x: 0, y: row, width: canvas.width, height: 1), style: .selected) }
    }
  }
}
