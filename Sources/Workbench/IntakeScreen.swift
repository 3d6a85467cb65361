import Domain
import Engine
import Foundation

/// 受理 (F3): find the customer (or register a new one), then the business type, channel, needs and
/// appointment; submitting records `ReceiveOrder` and reports the new order number.
///
/// Three steps on one screen: the search (type a name, account, ID number or phone; Enter picks, F7
/// registers a new customer, F8 opens the file), then a `Form` for the order — with the customer's
/// fields too when the customer is new.
public final class IntakeScreen: Screen {
  public enum Step: Equatable {
    case search
    /// A known customer was picked: only the order's fields.
    case known(account: String)
    /// A new customer: the customer's fields and the order's.
    case new
  }

  public let title = Localized("受理", "Intake")
  public private(set) var step: Step = .search
  public private(set) var searchField = TextField(maxLength: 40)
  public private(set) var results: [Customer] = []
  public private(set) var form: Form?
  /// The number of the last order received here (shown under the search).
  public private(set) var lastReceived: Localized?
  private var list = ListView()
  private var caret: Position?
  private let engine: Engine
  /// What happens after an order is received: by default the message stays on this screen; the
  /// registration returns to the queue (or opens the order, once the order file exists).
  var onReceived: ((_ number: String, _ message: Localized) -> Outcome)?
  /// Opens a customer file from the search (F8).
  var openCustomer: ((String) -> any Screen)?

  public init(engine: Engine) {
    self.engine = engine
  }

  public var helpIntro: Localized? {
    Localized(
      "先按姓名、户号、证件号或电话查找客户, 回车选中; 找不到时按 F7 登记新客户。然后选业务类型与渠道, 填写需求, F9 提交。",
      "Find the customer by name, account, ID number or phone and press Enter; F7 registers a new one. "
        + "Then choose the business type and channel, describe the needs, and press F9.")
  }

  public var hasUnsavedInput: Bool { form?.isDirty ?? false }

  public var commands: [CommandID] {
    switch step {
    case .search: [.open, .newCustomer, .customerFile, .move, .page]
    case .known, .new: [.submit, .nextField, .previousField, .chooseOption]
    }
  }

  private var today: Day { Day(containing: engine.now) }

  // MARK: Steps

  /// Refreshes the search results from the current text.
  func search() {
    results = CustomerSearch.find(searchField.text, in: engine.state)
    list = ListView(count: results.count)
  }

  /// Picks a known customer: the order's form follows.
  public func pick(account: String) {
    step = .known(account: account)
    form = Form(Self.orderFields(state: engine.state, today: today, now: engine.now))
  }

  /// Starts a new customer, with what was typed in the search put in the field it looks like.
  public func startNewCustomer() {
    step = .new
    let engine = self.engine
    var fields: [FormField] = [.section(Localized("新客户", "New customer"))]
    fields += CustomerFields.fields(state: { engine.state }, today: today)
    fields += Self.orderFields(state: engine.state, today: today, now: engine.now)
    var form = Form(fields)
    let query = Validation.normalizeText(searchField.text)
    if !query.isEmpty {
      let guess = CustomerSearch.fieldForQuery(query)
      let field =
        guess == "id" ? CustomerFields.idNumber : guess == "phone" ? CustomerFields.phone : CustomerFields.name
      form.setText(field, query)
      form.markTouched(field)
      form.markClean()
    }
    self.form = form
  }

  /// Back to the search, keeping what was typed there.
  func backToSearch() {
    step = .search
    form = nil
    search()
  }

  static let typeField = "type"
  static let channelField = "channel"
  static let needsField = "needs"
  static let appointmentField = "appointment"

  /// The order's fields: business type (from the standard in force, grouped), channel, needs, appointment.
  static func orderFields(state: DomainState, today: Day, now: Date) -> [FormField] {
    let types = state.standard(on: today).businessTypes
    return [
      .section(Localized("业务", "Request")),
      .choice(
        typeField, Localized("业务类型", "Business type"),
        options: types.map { FormOption($0.id, $0.short, detail: groupTitle($0.group)) }),
      .choice(
        channelField, Localized("受理渠道", "Channel"), options: Channel.allCases.map { FormOption($0.rawValue, $0.title) }),
      .text(
        needsField, Localized("客户需求", "Needs"), required: true, maxLength: Validation.textMaxLength,
        check: FormRule.domain { _ = try Validation.required($0, field: .needs) }),
      .dateTime(appointmentField, Localized("预约时间", "Appointment"), now: now),
    ]
  }

  /// The group a business type belongs to, in words (the standard names groups by id).
  static func groupTitle(_ group: String) -> Localized {
    switch group {
    case "new-connection": Localized("业扩报装", "connection")
    case "change": Localized("变更用电", "change")
    case "repair": Localized("故障报修", "repair")
    case "service": Localized("客户服务", "service")
    default: Localized(group, group)
    }
  }

  // MARK: Keys

  public func handle(_ key: Key, context: ScreenContext) -> Outcome {
    if step != .search { return handleForm(key, context: context) }
    switch key {
    case .enter:
      return pickSelected()
    case .up, .down, .pageUp, .pageDown:
      _ = list.handle(key, pageSize: pageSize(context))
      return .handled
    case .escape:
      guard !searchField.text.isEmpty else { return .ignored }
      searchField.setText("")
      search()
      return .handled
    default:
      var field = searchField
      guard field.handle(key) else { return .ignored }
      if field.text != searchField.text {
        searchField = field
        search()
      } else {
        searchField = field
      }
      return .handled
    }
  }

  private func handleForm(_ key: Key, context: ScreenContext) -> Outcome {
    guard var form else { return .ignored }
    let event = form.handle(key, commands: context.commands)
    if step == .new, event == .handled { CustomerFields.adjustNew(&form) }
    self.form = form
    return outcome(of: event)
  }

  private func outcome(of event: FormEvent) -> Outcome {
    switch event {
    case .handled: return .handled
    case .ignored: return .ignored
    case .leave, .discard:
      backToSearch()
      return .handled
    case .refused(let message): return .message(message, .error)
    case .submit: return submit()
    }
  }

  public func perform(_ invocation: Invocation, context: ScreenContext) -> Outcome {
    switch invocation.id {
    case .open: return pickSelected()
    case .newCustomer:
      startNewCustomer()
      return .handled
    case .customerFile:
      guard list.selection < results.count else {
        return .message(Localized("请先查找并选中客户", "Find and select a customer first"), .warning)
      }
      let account = results[list.selection].account
      return .push(openCustomer?(account) ?? CustomerFileScreen(engine: engine, account: account))
    case .move, .page:
      if let key = invocation.key { _ = list.handle(key, pageSize: pageSize(context)) }
      return .handled
    case .submit:
      guard var form else { return .ignored }
      let event = form.trySubmit()
      self.form = form
      return outcome(of: event)
    case .nextField, .previousField, .chooseOption:
      let key =
        invocation.key ?? (invocation.id == .previousField ? .backTab : invocation.id == .nextField ? .tab : .right)
      return handleForm(key, context: context)
    default:
      return .ignored
    }
  }

  private func pickSelected() -> Outcome {
    guard list.selection < results.count else {
      return .message(
        searchField.text.isEmpty
          ? Localized("请输入姓名、户号、证件号或电话查找客户", "Type a name, account, ID number or phone to find the customer")
          : Localized("没有找到客户; 按 F7 登记新客户", "No customer found; F7 registers a new one"), .warning)
    }
    pick(account: results[list.selection].account)
    return .handled
  }

  /// Records `ReceiveOrder`; a refusal goes beside the field it concerns.
  func submit() -> Outcome {
    guard var form else { return .ignored }
    var newCustomer: CustomerForm?
    var account: String?
    switch step {
    case .search: return .ignored
    case .known(let known): account = known
    case .new: newCustomer = CustomerFields.customerForm(from: form)
    }
    // An appointment that cannot be read is refused at its field, never taken as "no appointment".
    let appointmentText = form.text(Self.appointmentField)
    var appointment: Date?
    if !appointmentText.trimmingCharacters(in: .whitespaces).isEmpty {
      do {
        appointment = try FormParse.dateTime(appointmentText, now: engine.now)
      } catch {
        form.setError(Self.appointmentField, error.message)
        form.focus(Self.appointmentField)
        self.form = form
        return .message(error.message, .error)
      }
    }
    let command = ReceiveOrder(
      account: account, newCustomer: newCustomer, type: form.choice(Self.typeField) ?? "",
      channel: Channel(rawValue: form.choice(Self.channelField) ?? "") ?? .counter, needs: form.text(Self.needsField),
      appointment: appointment)
    do {
      try engine.execute(Command(command))
    } catch {
      if case .domain(let domainError) = error, let field = Self.field(for: domainError) {
        form.setError(field, domainError.message)
        form.focus(field)
        self.form = form
      }
      return .message(error.message, .error)
    }
    var number = ""
    var registered: String?
    for event in engine.lastEvents {
      if case .orderReceived(let received) = event {
        number = received.number
        account = received.account
      }
      if case .customerRegistered(let customer) = event { registered = customer.customer.account }
    }
    let acct = account ?? ""
    let message: Localized
    if let registered {
      message = Localized("已受理 \(number), 新建档案 户号 \(registered)", "Received \(number); new file, account \(registered)")
    } else if newCustomer != nil {
      message = Localized("已受理 \(number), 使用已有档案 户号 \(acct)", "Received \(number) for the known account \(acct)")
    } else {
      message = Localized("已受理 \(number)", "Received \(number)")
    }
    lastReceived = message
    searchField.setText("")
    backToSearch()
    return onReceived?(number, message) ?? .message(message, .ok)
  }

  static func field(for error: DomainError) -> String? {
    switch error.field {
    case .appointment: return appointmentField
    case .type: return typeField
    case .needs: return needsField
    default: return CustomerFields.field(for: error)
    }
  }

  // MARK: Drawing

  private func pageSize(_ context: ScreenContext) -> Int { max(1, context.height - 7) }

  static let columns: [TableColumn] = [
    TableColumn(Localized("户号", "Account"), width: 12),
    TableColumn(Localized("客户", "Customer"), width: 12, flex: 1),
    TableColumn(Localized("证件号码", "ID number"), width: 20),
    TableColumn(Localized("电话", "Phone"), width: 14),
    TableColumn(Localized("地址", "Address"), width: 12, flex: 2),
  ]

  public func cursor(context: ScreenContext) -> Position? { caret }

  public func render(into canvas: inout Canvas, context: ScreenContext) {
    drawSteps(into: &canvas, context: context)
    switch step {
    case .search:
      renderSearch(into: &canvas, context: context)
    case .known(let account):
      var y = 2
      if let customer = engine.state.customers[account] {
        y = CustomerFileScreen.drawSummary(customer, into: &canvas, y: 1, context: context, today: today)
        // Open orders of this customer, so that a second order for the same request is not received.
        let open = customer.orders.compactMap { engine.state.orders[$0] }
          .filter { !$0.isArchived && $0.currentStage != nil }.map(\.number)
        if !open.isEmpty {
          let list = open.suffix(4).joined(separator: " ")
          canvas.write(
            " " + context(Localized("在办工单 \(open.count): \(list)", "Open orders \(open.count): \(list)")), x: 0, y: y,
            style: .accent, maxWidth: canvas.width)
          y += 1
        }
      }
      renderForm(into: &canvas, top: y + 1, context: context)
    case .new:
      renderForm(into: &canvas, top: 1, context: context)
    }
  }

  private func drawSteps(into canvas: inout Canvas, context: ScreenContext) {
    var x = canvas.write(" " + context(title) + "  ", x: 0, y: 0, style: .title)
    let first = step == .search
    x = canvas.write(
      context(Localized("1 客户", "1 Customer")), x: x, y: 0, style: first ? .tabActive : .tab)
    x = canvas.write(" > ", x: x, y: 0, style: .muted)
    x = canvas.write(context(Localized("2 业务", "2 Request")), x: x, y: 0, style: first ? .tab : .tabActive)
    if step == .new {
      canvas.write("  " + context(Localized("登记新客户", "new customer")), x: x, y: 0, style: .accent)
    }
  }

  private func renderForm(into canvas: inout Canvas, top: Int, context: ScreenContext) {
    guard var form else { return }
    caret = form.render(
      into: &canvas, in: Rect(x: 0, y: top, width: canvas.width, height: max(2, canvas.height - top)), context: context)
    self.form = form
  }

  private func renderSearch(into canvas: inout Canvas, context: ScreenContext) {
    let label = context(Localized(" 查找客户: ", " Find customer: "))
    let x = canvas.write(label, x: 0, y: 2, style: .accent)
    let fieldWidth = min(32, canvas.width - x - 2)
    var field = searchField
    let caretX = field.render(into: &canvas, x: x, y: 2, width: fieldWidth, style: .fieldFocus)
    searchField = field
    caret = Position(x: caretX, y: 2)
    canvas.write(
      "  " + context(Localized("姓名、户号、证件号或电话", "name, account, ID or phone")), x: x + fieldWidth, y: 2,
      style: .muted, maxWidth: canvas.width - x - fieldWidth)

    let widths = Table.widths(Self.columns, totalWidth: canvas.width - 2)
    let page = pageSize(context)
    list.setCount(results.count)
    list.keepVisible(pageSize: page)
    if !results.isEmpty {
      Table.drawHeader(Self.columns, widths: widths, lang: context.lang, into: &canvas, x: 2, y: 4)
    }
    for (line, index) in list.visibleRows(pageSize: page).enumerated() {
      let customer = results[index]
      let shown = CustomerDisplay(customer)
      let y = 5 + line
      let selected = index == list.selection
      canvas.write(selected ? "> " : "  ", x: 0, y: y, style: selected ? .selected : .normal)
      Table.drawRow(
        [shown.account, shown.name, shown.idNumber, shown.phone, shown.address], widths: widths, into: &canvas, x: 2,
        y: y)
      if selected { canvas.restyle(Rect(x: 0, y: y, width: canvas.width, height: 1), style: .selected) }
    }
    let bottom = canvas.height - 1
    if let lastReceived {
      canvas.write(" " + context(lastReceived), x: 0, y: bottom - 1, style: .ok, maxWidth: canvas.width)
    }
    let status: Localized
    if searchField.text.isEmpty {
      status = Localized(
        "输入姓名、户号、证件号或电话查找客户; 没有档案时按 F7 新建", "Type a name, account, ID or phone; F7 registers a new customer")
    } else if results.isEmpty {
      status = Localized("没有找到客户; 按 F7 登记新客户", "No customer found; F7 registers a new one")
    } else {
      status = Localized(
        "找到 \(results.count) 位客户; 回车选中, F8 查看档案", "\(results.count) found; Enter picks, F8 opens the file")
    }
    canvas.write(
      " " + context(status), x: 0, y: bottom, style: results.isEmpty ? .muted : .normal, maxWidth: canvas.width)
  }
}
