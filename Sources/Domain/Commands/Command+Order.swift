import Foundation

extension DomainState {
  /// The next order number of a day: GD, the date as YYMMDD, and the day's sequence.
  public func nextOrderNumber(on day: Day) -> String {
    let n = (ordersPerDay[day.daysSinceEpoch] ?? 0) + 1
    return String(format: "GD%02d%02d%02d-%04d", day.year % 100, day.month, day.day, n)
  }

  public func certificateName(_ kind: String) -> String {
    standards.lazy.flatMap(\.certificateKinds).first { $0.id == kind }?.name.zh ?? kind
  }

  /// Required checklist items of the current stage that are neither done nor marked not applicable.
  public func missingChecklistItems(_ order: Order) -> [ChecklistItemTemplate] {
    guard let stage = order.currentStage, let template = template(of: order, stage: order.current) else { return [] }
    return template.checklist.filter { $0.required && stage.mark($0.id) == nil }
  }

  func openOrder(_ number: String) throws(DomainError) -> Order {
    guard let order = orders[number] else { throw .orderNotFound(number) }
    guard !order.isArchived else { throw .orderArchived(number) }
    return order
  }

  /// An order whose current stage is `kind`, for commands that belong to one stage.
  func order(_ number: String, at kind: StageKind) throws(DomainError) -> Order {
    let order = try openOrder(number)
    guard order.currentKind == kind else {
      throw .wrongStage(number, expected: kind, actual: order.currentKind)
    }
    return order
  }
}

/// Intake (受理): an order for a known customer (by account), or for a new one whose file is created
/// in the same step. A new customer whose identity number is already on file is the known customer.
public struct ReceiveOrder: CommandBody {
  public static let name = "receive-order"
  public static let roles: [Role] = [.clerk, .supervisor]
  public var account: String?
  public var newCustomer: CustomerForm?
  public var type: String
  public var channel: Channel
  public var needs: String
  public var appointment: Date?

  public init(
    account: String? = nil, newCustomer: CustomerForm? = nil, type: String, channel: Channel, needs: String,
    appointment: Date? = nil
  ) {
    self.account = account
    self.newCustomer = newCustomer
    self.type = type
    self.channel = channel
    self.needs = needs
    self.appointment = appointment
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let standard = state.standard(on: ctx.today)
    guard let businessType = standard.businessType(type) else {
      throw .unknownBusinessType(type, known: standard.businessTypes.map(\.id))
    }
    // Whoever receives the order holds its intake: they must be qualified for it.
    if let intake = businessType.stages.first,
      let refusal = state.refusal(ctx.actor, .receive, stage: intake, assignee: ctx.login, on: ctx.today)
    {
      throw refusal
    }
    var events: [Event] = []
    let customerAccount: String
    if let account {
      guard state.customers[account] != nil else { throw .customerNotFound(account) }
      customerAccount = account
    } else if let form = newCustomer {
      let (valid, override) = try form.validated(actor: ctx.actor, today: ctx.today)
      if let known = state.customer(idNumber: valid.idNumber) {
        customerAccount = known.account
      } else {
        let customer = state.newCustomer(valid, override: override, ctx)
        customerAccount = customer.account
        events.append(.customerRegistered(CustomerRegistered(customer: customer)))
      }
    } else {
      throw .orderNeedsCustomer
    }
    let needs = try FreeText.required(self.needs, field: .needs)
    if let appointment { try state.checkAppointment(appointment, type: businessType, standard: standard, ctx) }
    events.append(
      .orderReceived(
        OrderReceived(
          number: state.nextOrderNumber(on: ctx.today), account: customerAccount, type: type,
          standardVersion: standard.version, channel: channel, needs: needs, appointment: appointment)))
    return events
  }
}

/// Confirms the appointment with the customer (guide ch. 2.1: within 3 working days).
public struct ConfirmAppointment: CommandBody {
  public static let name = "confirm-appointment"
  public static let roles: [Role] = [.clerk, .supervisor]
  public var number: String
  public var appointment: Date

  public init(number: String, appointment: Date) {
    self.number = number
    self.appointment = appointment
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let order = try state.openOrder(number)
    try state.requireMayAct(.confirmAppointment, on: order, ctx)
    try state.checkAppointment(
      appointment, type: state.businessType(of: order), standard: state.standard(version: order.standardVersion), ctx)
    var events: [Event] = [.appointmentConfirmed(AppointmentConfirmed(number: number, appointment: appointment))]
    // The one fact ticks the intake item that asks for it.
    if order.currentKind == .intake, let template = state.template(of: order, stage: order.current),
      template.checklist.contains(where: { $0.id == DomainState.appointmentItem }),
      order.currentStage?.mark(DomainState.appointmentItem) == nil
    {
      events.append(
        .checklistItemMarked(
          ChecklistItemMarked(number: number, stage: order.current, item: DomainState.appointmentItem)))
    }
    return events
  }
}

/// Assigns the current (or a later) stage to a person qualified for it.
public struct AssignStage: CommandBody {
  public static let name = "assign-stage"
  public static let roles: [Role] = [.clerk, .supervisor]
  public var number: String
  /// Index of the stage; nil means the current one.
  public var stage: Int?
  public var assignee: String
  public var reason: String

  public init(number: String, stage: Int? = nil, assignee: String, reason: String = "") {
    self.number = number
    self.stage = stage
    self.assignee = assignee
    self.reason = reason
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let order = try state.openOrder(number)
    try state.requireTrained(.assign, ctx)
    let index = stage ?? order.current
    guard index >= order.current, index < order.stages.count, let template = state.template(of: order, stage: index)
    else { throw .orderComplete(number) }
    guard let member = state.staff[assignee] else { throw .staffNotFound(assignee) }
    let gaps = state.qualificationGaps(member, for: template, on: ctx.today)
    guard gaps.isEmpty else { throw .notQualified(member.name, stage: template.name, gaps: gaps) }
    if order.stages[index].assignee != nil && order.stages[index].assignee != assignee
      && FreeText.text(reason).isEmpty && !ctx.actor.has(.supervisor)
    {
      throw .reassignNeedsReason
    }
    return [
      .stageAssigned(
        StageAssigned(number: number, stage: index, assignee: assignee, reason: FreeText.text(reason)))
    ]
  }
}

/// Ticks a checklist item of the current stage, or marks it not applicable with a reason.
public struct MarkChecklistItem: CommandBody {
  public static let name = "mark-checklist-item"
  public static let roles: [Role] = []
  public var number: String
  public var item: String
  public var notApplicable: String?

  public init(number: String, item: String, notApplicable: String? = nil) {
    self.number = number
    self.item = item
    self.notApplicable = notApplicable
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let order = try state.openOrder(number)
    try state.requireMayAct(.mark, on: order, ctx)
    guard let template = state.template(of: order, stage: order.current),
      template.checklist.contains(where: { $0.id == item })
    else { throw .unknownChecklistItem(item) }
    if item == DomainState.appointmentItem && order.currentKind == .intake {
      if notApplicable == nil && order.appointmentConfirmed == nil { throw .appointmentItemNeedsConfirmation }
      if notApplicable != nil && order.appointment != nil { throw .appointmentRequested }
    }
    var reason: String?
    if let notApplicable {
      let text = FreeText.text(notApplicable)
      guard !text.isEmpty else { throw .notApplicableNeedsReason }
      reason = text
    }
    return [
      .checklistItemMarked(
        ChecklistItemMarked(number: number, stage: order.current, item: item, notApplicable: reason))
    ]
  }
}

public struct ClearChecklistItem: CommandBody {
  public static let name = "clear-checklist-item"
  public static let roles: [Role] = []
  public var number: String
  public var item: String

  public init(number: String, item: String) {
    self.number = number
    self.item = item
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let order = try state.openOrder(number)
    try state.requireMayAct(.clear, on: order, ctx)
    guard order.currentStage?.mark(item) != nil else { throw .unknownChecklistItem(item) }
    return [.checklistItemCleared(ChecklistItemCleared(number: number, stage: order.current, item: item))]
  }
}
