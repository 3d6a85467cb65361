import Foundation

// The messages of the process rules, in one table. Each says what happened and what to do next.
// Validation messages live in DomainError+Validation.swift.

extension DomainError {
  // MARK: Identity and permissions

  static func unknownAccount(_ login: String, admins: [String]) -> DomainError {
    let who = admins.isEmpty ? "" : admins.joined(separator: ", ")
    return DomainError(
      .authUnknownAccount,
      "账号 \(login) 未登记为员工, 请联系管理员\(who.isEmpty ? "" : " \(who) ")登记后再用",
      "The account \(login) is not registered as staff: ask an admin\(who.isEmpty ? "" : " (\(who))") to register it")
  }
  static func accountDisabled(_ login: String) -> DomainError {
    DomainError(.authDisabled, "账号 \(login) 已停用, 请联系管理员", "The account \(login) is disabled: ask an admin")
  }
  static func roleNotAllowed(command: Localized, roles: [Role]) -> DomainError {
    DomainError(
      .authRole, "您的角色不能\(command.zh), 需要: \(roles.map(\.title.zh).joined(separator: "/")); 请交有此角色的同事办理",
      "Your role may not \(command.en); it needs: \(roles.map(\.title.en).joined(separator: "/")); ask a colleague who has it"
    )
  }
  static let alreadyBootstrapped = DomainError(
    .authBootstrapped, "本库已有管理员, 不能再初始化", "This store already has an admin")
  static let lastAdmin = DomainError(
    .staffLastAdmin, "不能移除最后一位管理员, 请先登记另一位管理员",
    "Cannot remove the last admin: register another admin first")

  // MARK: Commands

  static func unknownCommand(_ name: String) -> DomainError {
    DomainError(
      .commandUnknown, "未知命令「\(name)」, 见 docs/commands.md", "Unknown command \"\(name)\": see docs/commands.md")
  }
  static func badCommandJSON(_ detail: String) -> DomainError {
    DomainError(.commandJson, "命令格式有误: \(detail)", "Malformed command: \(detail)")
  }
  static func unknownEventType(_ type: String) -> DomainError {
    DomainError(
      .eventUnknown, "日志中有本版本不认识的事件「\(type)」, 请升级 GridDesk",
      "Unknown event type \"\(type)\" in the log: upgrade GridDesk")
  }

  // MARK: Staff and equipment

  static func badLogin(_ text: String) -> DomainError {
    DomainError(
      .staffLogin, "登录名「\(text)」无效: 只能用字母、数字和 . _ -", "Login \"\(text)\" is invalid: use letters, digits, . _ - only")
  }
  static func staffExists(_ login: String) -> DomainError {
    DomainError(.staffExists, "员工 \(login) 已登记", "Staff \(login) is already registered")
  }
  static func staffNotFound(_ login: String) -> DomainError {
    DomainError(.staffNotFound, "没有员工 \(login), 请检查登录名", "No staff member \(login): check the login")
  }
  static let noRoles = DomainError(.staffRoles, "至少要有一个角色", "Give at least one role")
  static func badTrainingDays(_ days: Int) -> DomainError {
    DomainError(.staffTrainingDays, "培训天数 \(days) 无效, 应为 1–365", "Training days \(days) invalid: use 1–365")
  }
  static func unknownCertificateKind(_ kind: String, known: [String]) -> DomainError {
    DomainError(
      .staffCertificateKind, "未知证书类别「\(kind)」, 可用: \(known.joined(separator: ", "))",
      "Unknown certificate kind \"\(kind)\"; known: \(known.joined(separator: ", "))")
  }
  static func notQualified(_ name: String, stage: Localized, gaps: [QualificationGap]) -> DomainError {
    DomainError(
      .assignNotQualified, "\(name) 不具备「\(stage.zh)」资质: \(gaps.map(\.message.zh).joined(separator: "; "))",
      "\(name) is not qualified for \(stage.en): \(gaps.map(\.message.en).joined(separator: "; "))")
  }
  static let reassignNeedsReason = DomainError(
    .assignReason, "改派需要填写原因", "Reassigning needs a reason")
  static func equipmentExists(_ asset: String) -> DomainError {
    DomainError(.equipmentExists, "设备 \(asset) 已登记", "Equipment \(asset) is already registered")
  }
  static func equipmentNotFound(_ asset: String) -> DomainError {
    DomainError(.equipmentNotFound, "没有设备 \(asset)", "No equipment \(asset)")
  }
  static func equipmentUnusable(_ asset: String, why: Localized) -> DomainError {
    DomainError(
      .equipmentUnusable, "设备 \(asset) 不可用: \(why.zh), 请选用已校验的仪器",
      "Equipment \(asset) cannot be used: \(why.en); choose a calibrated instrument")
  }
  static let calibrationDates = DomainError(
    .equipmentDates, "校验到期日应晚于校验日, 误差应为数字",
    "The due date must follow the calibration date; the error must be a number")
  static let calendarEmpty = DomainError(.calendarEmpty, "日历文件没有年份", "The calendar file names no year")

  // MARK: Customers

  static func customerExists(_ account: String) -> DomainError {
    DomainError(
      .customerExists, "该证件号码已有客户档案 (户号 \(account)), 请直接使用该档案",
      "A customer with this ID number exists (account \(account)): use that file", field: .idNumber)
  }
  static func customerNotFound(_ account: String) -> DomainError {
    DomainError(.customerNotFound, "没有户号 \(account) 的客户", "No customer with account \(account)")
  }
  static func creditCodeNeedsOverride(_ code: String) -> DomainError {
    DomainError(
      .idCreditCodeOverride, "信用代码 \(code) 校验位不符; 若为早期试点代码, 请班长填写原因后确认",
      "Credit code \(code) fails its check digit; if it is a legacy pilot code, a supervisor must confirm with a reason",
      field: .overrideReason
    )
  }
  static func creditCodeCheckDigit(_ code: String) -> DomainError {
    DomainError(
      .idCreditCodeCheck, "信用代码 \(code) 校验位不符: 请对照营业执照逐位核对, 多为录入错误; 确与执照一致时再请班长放行",
      "Credit code \(code) fails its check digit: compare it with the licence character by character (usually a typing mistake); only if it is as printed, ask a supervisor to accept it",
      field: .idNumber
    )
  }
  static let overrideNeedsSupervisor = DomainError(
    .idOverrideRole, "只有班长可以确认校验位不符的信用代码", "Only a supervisor may accept a credit code that fails its check",
    field: .overrideReason)
  static func badCapacity(_ v: Double) -> DomainError {
    DomainError(.customerCapacity, "容量应为大于 0 的 kVA 数", "Capacity must be a positive number of kVA", field: .capacity)
  }
  static let revealNeedsReason = DomainError(
    .privacyReason, "查看完整个人信息需要填写原因 (将被记录)", "Revealing personal data needs a reason (it is recorded)")
  static func revealUnknownField(_ field: String?, known: [String]) -> DomainError {
    let list = known.joined(separator: ", ")
    guard let field else {
      return DomainError(
        .privacyField, "请写明要查看哪些个人信息: \(list)", "Name the personal data to reveal: \(list)")
    }
    return DomainError(
      .privacyField, "没有可查看的个人信息「\(field)」; 可用: \(list)",
      "There is no personal data \"\(field)\" to reveal; use: \(list)")
  }

  // MARK: Orders

  static func orderNotFound(_ number: String) -> DomainError {
    DomainError(.orderNotFound, "没有工单 \(number)", "No order \(number)")
  }
  static func orderArchived(_ number: String) -> DomainError {
    DomainError(.orderArchived, "工单 \(number) 已归档, 只读", "Order \(number) is archived and read-only")
  }
  static func orderComplete(_ number: String) -> DomainError {
    DomainError(.orderComplete, "工单 \(number) 各环节已完成", "Every stage of order \(number) is done")
  }
  static let orderNeedsCustomer = DomainError(
    .orderCustomer, "请先查找或新建客户", "Find or create the customer first")
  static func unknownBusinessType(_ type: String, known: [String]) -> DomainError {
    DomainError(
      .orderType, "未知业务类型「\(type)」, 可用: \(known.joined(separator: ", "))",
      "Unknown business type \"\(type)\"; known: \(known.joined(separator: ", "))", field: .type)
  }
  static let appointmentInPast = DomainError(
    .orderAppointment, "预约时间已过, 请选择今后的时间", "The appointment is in the past: choose a later time", field: .appointment)
  static func wrongStage(_ number: String, expected: StageKind, actual: StageKind?) -> DomainError {
    DomainError(
      .orderStage, "工单 \(number) 当前环节是「\(actual?.title(.zh) ?? "无")」, 不是「\(expected.title(.zh))」",
      "Order \(number) is at \(actual?.title(.en) ?? "no stage"), not \(expected.title(.en))")
  }
  static func notYourStage(_ number: String, stage: Localized, assignee: String?) -> DomainError {
    DomainError(
      .orderNotYours, "「\(stage.zh)」由 \(assignee ?? "未指派") 负责, 您不能处理; 请联系班长改派",
      "\(stage.en) belongs to \(assignee ?? "nobody yet"); ask a supervisor to reassign it")
  }
  static func unknownChecklistItem(_ item: String) -> DomainError {
    DomainError(.checklistItem, "当前环节没有检查项「\(item)」", "The current stage has no checklist item \"\(item)\"")
  }
  static let notApplicableNeedsReason = DomainError(
    .checklistNaReason, "标记不适用需要填写原因", "Marking an item not applicable needs a reason")
  static func checklistIncomplete(_ item: Localized) -> DomainError {
    DomainError(
      .checklistIncomplete, "必填项「\(item.zh)」未完成, 不能进入下一环节",
      "Required item \"\(item.en)\" is not done: the order cannot advance")
  }
  static func stageNeeds(_ kind: StageKind) -> DomainError {
    switch kind {
    case .survey: DomainError(.stageSurvey, "请先录入勘查记录", "Record the survey first")
    case .scheme: DomainError(.stageScheme, "请先录入供电方案", "Record the scheme first")
    case .confirmation: DomainError(.stageConfirmation, "客户尚未确认方案", "The customer has not accepted the scheme yet")
    case .execution: DomainError(.stageExecution, "请先计划并完成执行里程碑", "Plan and complete the execution milestones first")
    case .followUp: DomainError(.stageFollowUp, "请先录入回访结果", "Record the follow-up first")
    default: DomainError(.stageIncomplete, "本环节尚未完成", "This stage is not complete")
    }
  }
  static let useArchive = DomainError(.stageArchive, "请用「归档」完成最后一步", "Use Archive for the last step")
  static func archiveIncomplete(_ gap: Localized) -> DomainError {
    DomainError(.archiveIncomplete, "资料不完整, 不能归档: \(gap.zh)", "Incomplete, cannot archive: \(gap.en)")
  }
  static func orderSuspended(_ number: String) -> DomainError {
    DomainError(.orderSuspended, "工单 \(number) 已挂起, 请先恢复", "Order \(number) is suspended: resume it first")
  }
  static func orderNotSuspended(_ number: String) -> DomainError {
    DomainError(.orderNotSuspended, "工单 \(number) 未挂起", "Order \(number) is not suspended")
  }
  static let surveyTimes = DomainError(
    .surveyTimes, "勘查结束时间应晚于开始时间, 且不晚于现在", "The survey must end after it starts and not in the future")
  static let surveyNeedsInstrument = DomainError(
    .surveyInstrument, "请选择使用的已校验仪器", "Choose the calibrated instruments used")
  static let schemeNeedsBudget = DomainError(
    .schemeBudget, "方案需要分项费用预算", "The scheme needs an itemised budget")
  static let schemeNeedsTimetable = DomainError(
    .schemeTimetable, "方案需要实施时间表", "The scheme needs a timetable")
  static func badBudgetItem(_ name: String) -> DomainError {
    DomainError(
      .schemeBudgetItem, "预算项「\(name)」需要名称和不小于 0 的金额", "Budget item \"\(name)\" needs a name and an amount ≥ 0")
  }
  static let confirmationNeedsScheme = DomainError(
    .confirmationScheme, "还没有可确认的方案", "There is no scheme to confirm yet")
  static let rejectionNeedsComment = DomainError(
    .confirmationComment, "客户不同意时请记录意见", "Record the customer's comments when they reject")
  static func milestoneNotFound(_ id: Int) -> DomainError {
    DomainError(.milestoneNotFound, "没有里程碑 \(id)", "No milestone \(id)")
  }
  static func milestoneAlreadyReached(_ title: String) -> DomainError {
    DomainError(.milestoneReached, "里程碑「\(title)」已完成", "Milestone \"\(title)\" is already reached")
  }
  static func milestoneOpen(_ title: String) -> DomainError {
    DomainError(.milestoneOpen, "里程碑「\(title)」尚未完成", "Milestone \"\(title)\" is not reached yet")
  }
  static func feedbackNotFound(_ id: Int) -> DomainError {
    DomainError(.feedbackNotFound, "没有反馈 \(id)", "No feedback item \(id)")
  }
  static func feedbackAlreadyHandled(_ id: Int) -> DomainError {
    DomainError(.feedbackHandled, "反馈 \(id) 已处理", "Feedback \(id) is already handled")
  }
  static func feedbackOpen(_ text: String) -> DomainError {
    DomainError(.feedbackOpen, "反馈「\(text)」尚未处理", "Feedback \"\(text)\" is not handled yet")
  }
  static func badScore(_ score: Int) -> DomainError {
    DomainError(.followUpScore, "满意度应为 1–5 分 (收到 \(score))", "The satisfaction score must be 1–5 (got \(score))")
  }
  static let dissatisfiedNeedsComment = DomainError(
    .followUpComment, "客户不满意时请记录原因", "Record why the customer is dissatisfied")

  // MARK: Problems and readiness

  static func problemNotFound(_ id: String) -> DomainError {
    DomainError(.problemNotFound, "没有问题 \(id)", "No problem \(id)")
  }
  static func problemClosed(_ id: String) -> DomainError {
    DomainError(.problemClosed, "问题 \(id) 已闭环", "Problem \(id) is closed")
  }
  static func notProblemOwner(_ id: String) -> DomainError {
    DomainError(.problemOwner, "只有责任人或班长可以处理问题 \(id)", "Only the owner or a supervisor may work on problem \(id)")
  }
  static func problemNeedsAction(_ id: String) -> DomainError {
    DomainError(.problemAction, "问题 \(id) 需要先记录原因和整改措施", "Problem \(id) needs its cause and corrective action first")
  }
  static func problemNeedsVerification(_ id: String) -> DomainError {
    DomainError(.problemVerify, "问题 \(id) 需要先验证整改效果", "Problem \(id) needs verification first")
  }
  static let readinessNeedsNote = DomainError(
    .readinessNote, "有未通过的检查项时请说明情况", "Explain what is not ready")
}
