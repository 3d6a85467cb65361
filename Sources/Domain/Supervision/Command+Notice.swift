import Foundation

/// Sends a supervision notice (督办通知, guide ch. 7.3) to one login or to every active member of a team.
public struct SendNotice: CommandBody {
  public static let name = "send-notice"
  public static let roles: [Role] = [.supervisor]
  public var to: String?
  public var team: String?
  public var text: String

  public init(to: String? = nil, team: String? = nil, text: String) {
    self.to = to
    self.team = team
    self.text = text
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let text = try FreeText.required(text, field: Fields.text, maxLength: 1000)
    let recipients: [String]
    switch (to, team) {
    case (let login?, nil):
      guard let member = state.staff[login] else { throw .staffNotFound(login) }
      guard member.active else { throw .accountDisabled(login) }
      recipients = [login]
    case (nil, let team?):
      recipients = state.staff.values.filter { $0.team == team && $0.active && $0.login != ctx.login }.map(\.login)
        .sorted()
      guard !recipients.isEmpty else { throw .teamEmpty(team) }
    default:
      throw .noticeNeedsOneRecipient
    }
    return [.noticeSent(NoticeSent(id: state.supervision.nextNoticeID, team: team, recipients: recipients, text: text))]
  }
}

/// Acknowledges a notice; only a recipient, once.
public struct AcknowledgeNotice: CommandBody {
  public static let name = "acknowledge-notice"
  public static let roles: [Role] = []
  public var id: String

  public init(id: String) { self.id = id }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard let notice = state.supervision.notice(id) else { throw .noticeNotFound(id) }
    guard notice.recipients.contains(ctx.login) else { throw .notRecipient(id) }
    guard !notice.acknowledged.contains(ctx.login) else { throw .alreadyAcknowledged(id) }
    return [.noticeAcknowledged(NoticeAcknowledged(id: id))]
  }
}

/// Reassigns the current stage of several orders to one person (queue oversight). Refuses as a whole
/// when the person is not qualified for any one of them, naming which.
public struct ReassignOrders: CommandBody {
  public static let name = "reassign-orders"
  public static let roles: [Role] = [.supervisor]
  public var numbers: [String]
  public var assignee: String
  public var reason: String

  public init(numbers: [String], assignee: String, reason: String) {
    self.numbers = numbers
    self.assignee = assignee
    self.reason = reason
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard !numbers.isEmpty else { throw .fieldRequired(SupervisionFields.orders) }
    try state.requireTrained(.assign, ctx)
    let reason = try FreeText.required(reason, field: Fields.reason)
    guard let member = state.staff[assignee] else { throw .staffNotFound(assignee) }
    var events: [Event] = []
    var refusals: [String] = []
    var seen: [String] = []
    for number in numbers where !seen.contains(number) {
      seen.append(number)
      let order = try state.openOrder(number)
      guard let template = state.template(of: order, stage: order.current) else { throw .orderComplete(number) }
      let gaps = state.qualificationGaps(member, for: template, on: ctx.today)
      if !gaps.isEmpty {
        refusals.append("\(number) \(template.name.zh): \(gaps.map(\.message.zh).joined(separator: ", "))")
        continue
      }
      events.append(
        .stageAssigned(StageAssigned(number: number, stage: order.current, assignee: assignee, reason: reason)))
    }
    guard refusals.isEmpty else { throw .bulkNotQualified(member.name, refusals) }
    return events
  }
}
