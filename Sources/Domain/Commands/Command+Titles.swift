import Foundation

// What each command is called in the clerk's words: refusals, the workbench's greyed actions and
// docs/commands.md name a command by its title, never by its id (`record-survey`).
extension Command {
  /// Every command's title by its id (`CommandBody.name`).
  static let titles: [String: Localized] = [
    "bootstrap-admin": Localized("初始化管理员", "set up the first admin"),
    "register-staff": Localized("登记员工", "register staff"),
    "update-staff": Localized("修改员工信息", "update staff"),
    "set-staff-active": Localized("停用或启用账号", "disable or enable an account"),
    "record-training": Localized("记录培训考核", "record training"),
    "record-certificate": Localized("记录证书", "record a certificate"),
    "register-equipment": Localized("登记设备", "register equipment"),
    "calibrate-equipment": Localized("记录设备校验", "record a calibration"),
    "load-calendar": Localized("载入工作日历", "load the working calendar"),
    "register-customer": Localized("登记客户", "register a customer"),
    "update-customer": Localized("修改客户档案", "edit a customer file"),
    "reveal-personal-data": Localized("查看明文", "reveal personal data"),
    "add-personal-data-key": Localized("添加个人信息密钥", "add a personal-data key"),
    "receive-order": Localized("受理工单", "receive an order"),
    "confirm-appointment": Localized("确认预约", "confirm the appointment"),
    "assign-stage": Localized("指派环节", "assign a stage"),
    "mark-checklist-item": Localized("勾选检查项", "tick a checklist item"),
    "clear-checklist-item": Localized("取消检查项", "clear a checklist item"),
    "record-survey": Localized("记录勘查", "record the survey"),
    "record-contact": Localized("记录联系与调查", "record the contact"),
    "record-scheme": Localized("记录方案", "record the scheme"),
    "record-confirmation": Localized("记录客户确认", "record the confirmation"),
    "plan-milestone": Localized("计划执行节点", "plan a milestone"),
    "reach-milestone": Localized("完成执行节点", "reach a milestone"),
    "receive-feedback": Localized("登记反馈", "record feedback"),
    "handle-feedback": Localized("处理反馈", "handle feedback"),
    "record-follow-up": Localized("记录回访", "record the follow-up"),
    "advance-stage": Localized("推进环节", "complete the stage"),
    "suspend-order": Localized("挂起工单", "suspend an order"),
    "resume-order": Localized("恢复工单", "resume an order"),
    "archive-order": Localized("归档", "archive an order"),
    "set-priority": Localized("加急", "set the priority"),
    "reassign-orders": Localized("改派工单", "reassign orders"),
    "open-problem": Localized("登记问题", "open a problem"),
    "record-problem-action": Localized("记录整改", "record a problem action"),
    "verify-problem": Localized("验证问题", "verify a problem"),
    "close-problem": Localized("关闭问题", "close a problem"),
    "record-readiness": Localized("记录班前检查", "record the readiness check"),
    "register-risk": Localized("登记风险", "register a risk"),
    "update-risk": Localized("修改风险", "update a risk"),
    "close-risk": Localized("关闭风险", "close a risk"),
    "record-risk-response": Localized("记录风险应对", "record a risk response"),
    "record-violation": Localized("记录违规", "record a violation"),
    "record-violation-statement": Localized("记录违规陈述", "record a statement"),
    "start-audit": Localized("开始稽查", "start an audit"),
    "record-audit-check": Localized("记录合规检查", "record a compliance check"),
    "record-audit-finding": Localized("记录稽查发现", "record an audit finding"),
    "close-audit": Localized("结束稽查", "close an audit"),
    "publish-standard": Localized("发布标准", "publish a standard"),
    "publish-kpis": Localized("发布考核指标", "publish the KPIs"),
    "send-notice": Localized("发送督办通知", "send a notice"),
    "acknowledge-notice": Localized("确认通知", "acknowledge a notice"),
    "create-improvement-plan": Localized("新建改进计划", "create an improvement plan"),
    "record-plan-action": Localized("记录计划措施", "record a plan action"),
    "update-plan-status": Localized("改变计划阶段", "change a plan's phase"),
    "evaluate-plan": Localized("评估改进计划", "evaluate a plan"),
    "award-points": Localized("奖励积分", "award points"),
    "promote-plan": Localized("纳入标准", "promote a plan"),
  ]

  /// The title of the command called `name` (the id itself only for a name no build knows).
  public static func title(of name: String) -> Localized { titles[name] ?? Localized(name, name) }
}

extension CommandBody {
  /// The command's title in both languages (`记录勘查` / `record the survey`).
  public static var title: Localized { Command.title(of: name) }
}

// Who may issue a command at all, before its own rules: registered, active, holding one of its roles,
// and, for an account that is only an auditor, one of the auditor's commands. `decide` applies it, and
// the workbench asks it before it opens a form, so that no one fills in a form that cannot be recorded.
extension DomainState {
  /// Why `login` may not issue commands of `type` at all, in the command's title; nil when they may
  /// (the command's own rules still apply when it is decided).
  public func permissionRefusal(_ type: any CommandBody.Type, for login: String) -> DomainError? {
    guard type != BootstrapAdmin.self else { return nil }
    guard let member = staff[login] else {
      return .unknownAccount(login, admins: admins.map { "\($0.name) (\($0.login))" })
    }
    guard member.active else { return .accountDisabled(login) }
    let allowed = type.roles
    if !allowed.isEmpty && !member.roles.contains(where: allowed.contains) {
      return .roleNotAllowed(command: type.title, roles: allowed)
    }
    if member.roles == [.auditor] && !Command.auditorCommands.contains(type.name) {
      return .auditorMayNot(type.title)
    }
    return nil
  }

  /// Whether `login` may issue commands of `type` (see `permissionRefusal`).
  public func mayIssue(_ type: any CommandBody.Type, _ login: String) -> Bool {
    permissionRefusal(type, for: login) == nil
  }
}
