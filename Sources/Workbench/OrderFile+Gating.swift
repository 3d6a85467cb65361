import Domain
import Engine
import Foundation

// What the order file offers the person at the keyboard: each action is asked of the Domain's acting
// rule (`DomainState.actingRefusal`) before anything opens, so the key bar, the help and `:` completion
// show only what this person may do on this order now, and a refused key says why in their words.
extension OrderFileScreen {
  /// The Domain command and act behind an order-file command for the order as it stands (and the
  /// selected line), or the reason there is nothing to do.
  enum Gate {
    case act(any CommandBody.Type, Act)
    case nothing(Localized)
  }

  func gate(_ id: CommandID, order: Order, lang: Lang) -> Gate? {
    switch id {
    case .orderTick:
      guard pane == .plan, let line = selectedLine(order, lang: lang) else {
        return .nothing(Localized("没有可勾选的项目", "Nothing to tick here"))
      }
      switch line.kind {
      case .item(_, let marked):
        return marked ? .act(ClearChecklistItem.self, .clear) : .act(MarkChecklistItem.self, .mark)
      case .milestone: return .act(ReachMilestone.self, .reachMilestone)
      case .feedback: return .act(HandleFeedback.self, .handleFeedback)
      case .info: return .nothing(Localized("没有可勾选的项目", "Nothing to tick here"))
      }
    case .orderNotApplicable:
      guard pane == .plan, let line = selectedLine(order, lang: lang), case .item = line.kind else {
        return .nothing(Localized("请先选中一个检查项", "Select a checklist item first"))
      }
      return .act(MarkChecklistItem.self, .mark)
    case .orderAssign: return .act(AssignStage.self, .assign)
    case .orderAdvance:
      return order.currentKind == .archive ? .act(ArchiveOrder.self, .archive) : .act(AdvanceStage.self, .advance)
    case .orderRecord: return recordGate(order)
    case .orderAppointment: return .act(ConfirmAppointment.self, .confirmAppointment)
    case .orderSuspend: return .act(SuspendOrder.self, .suspend)
    case .orderResume: return .act(ResumeOrder.self, .resume)
    default: return nil
    }
  }

  /// What F6 records at the order's current stage.
  func recordGate(_ order: Order) -> Gate {
    switch order.currentKind {
    case .survey where !engine.state.isSiteVisit(order, stage: order.current): .act(RecordContact.self, .contact)
    case .survey: .act(RecordSurvey.self, .survey)
    case .scheme: .act(RecordScheme.self, .scheme)
    case .confirmation: .act(RecordConfirmation.self, .confirmation)
    case .execution: .act(PlanMilestone.self, .planMilestone)
    case .feedback: .act(ReceiveFeedback.self, .receiveFeedback)
    case .followUp: .act(RecordFollowUp.self, .followUp)
    case .intake, .archive, .none:
      .nothing(
        Localized("本环节没有要记录的内容: 勾选检查单后按 F9 推进", "Nothing to record at this stage: tick the checklist, then F9"))
    }
  }

  public func refusal(for command: CommandID, context: ScreenContext) -> Localized? {
    guard dialog == nil, let order else { return nil }
    switch gate(command, order: order, lang: context.lang) {
    case .none: return nil
    case .nothing(let why): return why
    case .act(let type, let act):
      return engine.state.actingRefusal(engine.login, type, act, on: order, on: Day(containing: engine.now))?.message
    }
  }
}
