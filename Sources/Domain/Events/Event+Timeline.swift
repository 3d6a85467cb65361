import Foundation

/// One line of an order's timeline as the order file shows it: what happened (the registry's title for
/// the entry's type and variant) and its details, each language in its own words.
public struct TimelineLine: Sendable, Hashable {
  public var title: Localized
  public var detail: Localized
}

extension TimelineEntry {
  /// `checklist-item-marked`: the item was marked not applicable (`detail` holds the reason).
  public static let notApplicable = 1
  /// `confirmation-recorded`: the customer rejected the scheme.
  public static let rejected = 1
}

extension DomainState {
  /// How an order's timeline tells `entry`: the title from `Event.registry` and the details from the
  /// entry (checklist items and milestones by name, people by name). Free text (reasons, comments, notes)
  /// is masked as on screen (`Masking.freeText`: an ID or a phone typed into it).
  public func timelineLine(_ entry: TimelineEntry, of order: Order) -> TimelineLine {
    let title = Event.timelineTitle(entry.type, variant: entry.variant)
    let note = entry.note
    let detail = Masking.freeText(entry.detail)
    let text: Localized
    switch entry.type {
    case "checklist-item-marked", "checklist-item-cleared":
      let item = checklistTitle(note, of: order)
      if entry.variant == TimelineEntry.notApplicable {
        text = Localized("\(item.zh)，原因：\(detail)", "\(item.en), because: \(detail)")
      } else {
        text = item
      }
    case "stage-assigned":
      let name = staff[note]?.name ?? note
      text = Localized(name, name)
    case "follow-up-recorded":
      text = Localized("评分 \(note)", "score \(note)")
    case "confirmation-recorded":
      text = Localized(
        "第 \(note) 轮" + (detail.isEmpty ? "" : "：\(detail)"), "round \(note)" + (detail.isEmpty ? "" : ": \(detail)"))
    case "scheme-revised":
      text = Localized(
        "第 \(note) 版" + (detail.isEmpty ? "" : "：\(detail)"), "version \(note)" + (detail.isEmpty ? "" : ": \(detail)"))
    case "milestone-planned":
      let name = Masking.freeText(note)
      text = Localized(
        name + (detail.isEmpty ? "" : "（原因：\(detail)）"), name + (detail.isEmpty ? "" : " (reason: \(detail))"))
    case "milestone-reached":
      let name = Masking.freeText(note)
      text = Localized(name + (detail.isEmpty ? "" : "：\(detail)"), name + (detail.isEmpty ? "" : ": \(detail)"))
    default:
      let plain = Masking.freeText(note)
      text = Localized(plain, plain)
    }
    return TimelineLine(title: title, detail: text)
  }

  /// A checklist item's title in the order's business type (its id when the standard no longer has it).
  func checklistTitle(_ id: String, of order: Order) -> Localized {
    for stage in businessType(of: order)?.stages ?? [] {
      if let item = stage.checklist.first(where: { $0.id == id }) { return item.title }
    }
    return Localized(id, id)
  }
}
