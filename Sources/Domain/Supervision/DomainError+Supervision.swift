import Foundation

// The messages of the supervisor's desk (guide ch. 4–8). Kept beside the rules they belong to so that
// the shared table in DomainError+Messages.swift stays free of merge traffic; same style: what
// happened, then what to do.

enum SupervisionFields {
  static let category = Localized("类别", "category")
  static let responsePlan = Localized("应对方案", "response plan")
  static let likelihood = Localized("可能性", "likelihood")
  static let impact = Localized("影响程度", "impact")
  static let closingNote = Localized("关闭说明", "closing note")
  static let responseAction = Localized("应对措施", "response action")
  static let description = Localized("违规事实", "description")
  static let decision = Localized("处理决定", "decision")
  static let staff = Localized("责任人", "staff member")
  static let conclusion = Localized("稽查结论", "conclusion")
  static let orders = Localized("工单", "orders")
}

extension DomainError {
  // MARK: Auditors

  static func auditorMayNot(_ command: Localized) -> DomainError {
    DomainError(
      .authAuditor, "稽查人员只能建立和修改稽查记录, 不能\(command.zh); 请交班长办理",
      "Auditors may only create and change audit records, not \(command.en): ask a supervisor")
  }

  // MARK: Risks and warnings

  static func riskScale(_ field: Localized, _ value: Int) -> DomainError {
    DomainError(
      .riskScale, "\(field.zh) \(value) 无效, 请填 1–5", "\(field.en.capitalized) \(value) is invalid: use 1–5")
  }
  static func riskNotFound(_ id: String) -> DomainError {
    DomainError(.riskNotFound, "没有风险 \(id), 请检查编号", "No risk \(id): check the id")
  }
  static func riskClosed(_ id: String) -> DomainError {
    DomainError(.riskClosed, "风险 \(id) 已关闭, 如需跟进请另行登记", "Risk \(id) is closed: register a new one to follow up")
  }
  static let useCloseRisk = DomainError(
    .riskUseClose, "关闭风险请用「close-risk」并写明关闭说明", "To close a risk use close-risk with a closing note")
  static func notRiskOwner(_ id: String) -> DomainError {
    DomainError(
      .riskOwner, "只有风险 \(id) 的责任人或班长可以记录应对措施",
      "Only the owner of risk \(id) or a supervisor may record a response")
  }
  static func warningNotFound(_ id: String) -> DomainError {
    DomainError(
      .warningNotFound, "当前没有预警 \(id) (可能已解除), 请用 griddesk report warnings 查看",
      "No warning \(id) is raised now (it may have cleared): see griddesk report warnings")
  }
  static let responseNeedsOneSubject = DomainError(
    .riskResponseSubject, "应对措施须指明一个风险 (risk) 或一个预警 (warning), 二者选一",
    "A response names either a risk or a warning: give exactly one")

  // MARK: Violations

  static func shareTwice(_ login: String) -> DomainError {
    DomainError(
      .violationShareTwice, "\(login) 在责任划分中出现两次, 每人只写一种责任",
      "\(login) appears twice in the split: give each person one responsibility")
  }
  static let violationNeedsMain = DomainError(
    .violationMain, "责任划分中至少要有一人承担主要责任", "The split needs at least one person with main responsibility")
  static func violationNotFound(_ id: String) -> DomainError {
    DomainError(.violationNotFound, "没有违规记录 \(id), 请检查编号", "No violation \(id): check the id")
  }
  static func notConcerned(_ id: String) -> DomainError {
    DomainError(
      .violationNotConcerned, "只有违规记录 \(id) 涉及的本人可以陈述申辩",
      "Only the staff a violation (\(id)) concerns may record a statement")
  }

  // MARK: Audits

  static func periodOrder(_ from: Day, _ to: Day) -> DomainError {
    DomainError(.periodOrder, "期间起日 \(from) 晚于止日 \(to), 请对调", "Period starts \(from) after it ends \(to): swap them")
  }
  static func sampleSize(_ n: Int) -> DomainError {
    DomainError(.auditSampleSize, "抽样数 \(n) 无效, 请填 1–500", "Sample size \(n) is invalid: use 1–500")
  }
  static func nothingToAudit(_ from: Day, _ to: Day) -> DomainError {
    DomainError(
      .auditEmpty, "\(from) 至 \(to) 没有已归档工单, 请换一个期间",
      "No orders were archived from \(from) to \(to): choose another period")
  }
  static func auditNotFound(_ id: String) -> DomainError {
    DomainError(.auditNotFound, "没有稽查 \(id), 请检查编号", "No audit \(id): check the id")
  }
  static func auditClosed(_ id: String) -> DomainError {
    DomainError(.auditClosed, "稽查 \(id) 已结束, 不能再修改", "Audit \(id) is closed: it can no longer change")
  }
  static func notInSample(_ order: String, _ id: String) -> DomainError {
    DomainError(
      .auditNotInSample, "工单 \(order) 不在稽查 \(id) 的样本中", "Order \(order) is not in the sample of audit \(id)")
  }
  static func auditUnchecked(_ order: String) -> DomainError {
    DomainError(
      .auditUnchecked, "样本工单 \(order) 尚未检查, 全部检查后才能结束稽查",
      "Sampled order \(order) is not checked yet: check every sampled order before closing")
  }

  // MARK: Standards

  static func standardVersionNext(_ version: Int, expected: Int) -> DomainError {
    DomainError(
      .standardVersionNext, "标准版本号 \(version) 不对, 应为 \(expected) (当前最高版本 + 1)",
      "Standard version \(version) is wrong: it must be \(expected) (the current highest + 1)")
  }
  static func effectiveInPast(_ day: Day) -> DomainError {
    DomainError(
      .standardEffectivePast, "生效日期 \(day) 已过, 请选今天或以后", "Effective date \(day) is past: choose today or later")
  }
  static func effectiveBeforePrevious(_ day: Day, _ previous: Day) -> DomainError {
    DomainError(
      .standardEffectiveOrder, "生效日期 \(day) 早于上一版本的 \(previous), 请选更晚的日期",
      "Effective date \(day) is before the previous version's \(previous): choose a later date")
  }

  // MARK: Notices

  static func teamEmpty(_ team: String) -> DomainError {
    DomainError(
      .noticeTeamEmpty, "班组「\(team)」没有在岗员工, 请检查班组名", "Team \"\(team)\" has no active staff: check the name")
  }
  static let noticeNeedsOneRecipient = DomainError(
    .noticeRecipient, "督办通知须指定一名员工 (to) 或一个班组 (team), 二者选一",
    "A notice goes to one login (to) or one team (team): give exactly one")
  static func noticeNotFound(_ id: String) -> DomainError {
    DomainError(.noticeNotFound, "没有督办通知 \(id), 请检查编号", "No notice \(id): check the id")
  }
  static func notRecipient(_ id: String) -> DomainError {
    DomainError(.noticeNotRecipient, "督办通知 \(id) 不是发给您的", "Notice \(id) was not sent to you")
  }
  static func alreadyAcknowledged(_ id: String) -> DomainError {
    DomainError(.noticeAcknowledged, "督办通知 \(id) 您已确认过", "You have already acknowledged notice \(id)")
  }

  // MARK: Queue oversight

  static func bulkNotQualified(_ name: String, _ refusals: [String]) -> DomainError {
    DomainError(
      .assignBulkNotQualified, "\(name) 不具备以下工单当前环节的资质, 全部未改派: \(refusals.joined(separator: "; "))",
      "\(name) is not qualified for the current stage of these orders; none was reassigned: "
        + refusals.joined(separator: "; "))
  }

  // MARK: Improvement

  static let planNeedsLink = DomainError(
    .planLink, "改进计划须关联至少一个问题或一个指标", "A plan must link at least one problem or a KPI")
  static func unknownKPI(_ id: String) -> DomainError {
    DomainError(.kpiUnknown, "未知指标「\(id)」, 见 docs/kpis.md", "Unknown KPI \"\(id)\": see docs/kpis.md")
  }
  static let badTarget = DomainError(.planTarget, "目标值须为数字", "The target must be a number")
  static func planNotFound(_ id: String) -> DomainError {
    DomainError(.planNotFound, "没有改进计划 \(id), 请检查编号", "No improvement plan \(id): check the id")
  }
  static func planClosed(_ id: String) -> DomainError {
    DomainError(.planClosed, "改进计划 \(id) 已结束", "Improvement plan \(id) is closed")
  }
  static func notPlanOwner(_ id: String) -> DomainError {
    DomainError(
      .planOwner, "只有改进计划 \(id) 的负责人或班长可以更新", "Only the owner of plan \(id) or a supervisor may update it")
  }
  static func planAlreadyIn(_ id: String, _ phase: PlanPhase) -> DomainError {
    DomainError(
      .planPhase, "改进计划 \(id) 已处于「\(phase.title.zh)」阶段", "Plan \(id) is already in the \(phase.title.en) phase")
  }
  static func planWithoutKPI(_ id: String) -> DomainError {
    DomainError(
      .planNoKpi, "改进计划 \(id) 未关联指标, 无法做前后对比", "Plan \(id) has no KPI: there is nothing to compare")
  }
  static func badPoints(_ n: Int) -> DomainError {
    DomainError(.pointsRange, "积分 \(n) 无效, 请填 −100…100 且不为 0", "Points \(n) invalid: use −100…100, not 0")
  }
  static func planNotProven(_ id: String) -> DomainError {
    DomainError(
      .planNotProven, "改进计划 \(id) 最近一次评估未达标, 评估达标后才能纳入标准",
      "Plan \(id) did not meet its target at the last evaluation: evaluate it successfully first")
  }
}

extension Command {
  /// What an auditor may do (guide ch. 4.4): audit records, problems and violations from findings,
  /// reveals with a reason, statements and acknowledgements of their own. Everything else is refused
  /// to an account that holds no role besides auditor.
  public static let auditorCommands: [String] = [
    StartAudit.name, RecordAuditCheck.name, RecordAuditFinding.name, CloseAudit.name, RecordViolation.name,
    RecordViolationStatement.name, OpenProblem.name, VerifyProblem.name, RevealPersonalData.name,
    AcknowledgeNotice.name,
  ]
}
