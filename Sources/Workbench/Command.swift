import Domain

/// The name of a command: what the `:` line accepts and what screens list in `Screen.commands`.
public struct CommandID: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
  public let rawValue: String

  public init(rawValue: String) { self.rawValue = rawValue }
  public init(_ rawValue: String) { self.rawValue = rawValue }
  public init(stringLiteral value: String) { rawValue = value }

  public var description: String { rawValue }

  // Commands of the shell itself.
  public static let help: CommandID = "help"
  public static let quit: CommandID = "quit"
  public static let back: CommandID = "back"
  public static let commandLine: CommandID = "command"
  public static let redraw: CommandID = "redraw"

  // Commands many screens share; each screen decides what they mean for it.
  public static let move: CommandID = "move"
  public static let page: CommandID = "page"
  public static let open: CommandID = "open"
  public static let filter: CommandID = "filter"
  public static let confirm: CommandID = "confirm"
  public static let cancel: CommandID = "cancel"
  public static let nextTab: CommandID = "next-tab"
  public static let previousTab: CommandID = "previous-tab"
}

/// One entry of the command table: the single source of the keymap, the key bar, the help overlay and
/// the `:` command line.
public struct CommandSpec: Hashable, Sendable {
  public var id: CommandID
  /// Short title for the key bar and the help (`帮助`/`Help`).
  public var title: Localized
  /// One sentence for the help overlay.
  public var help: Localized
  /// Default keys; the first is the one the key bar shows.
  public var keys: [Key]
  /// Whether the key bar lists it (navigation keys are only in the help).
  public var inKeyBar: Bool
  /// Whether it records something in the store (or opens a form to): refused, with the reason, while
  /// nothing can be recorded (`App.recordingRefusal`).
  public var records: Bool

  public init(
    id: CommandID, title: Localized, help: Localized, keys: [Key], inKeyBar: Bool = true, records: Bool = false
  ) {
    self.id = id
    self.title = title
    self.help = help
    self.keys = keys
    self.inKeyBar = inKeyBar
    self.records = records
  }

  /// How the keys read in the help: `F1/?`.
  public func keyLabels(_ lang: Lang) -> String {
    keys.map { $0.label(lang) }.joined(separator: "/")
  }
}

/// A command to run, with the key that triggered it (if any) and the text after its name on the `:` line.
public struct Invocation: Hashable, Sendable {
  public var id: CommandID
  public var key: Key?
  public var argument: String?

  public init(_ id: CommandID, key: Key? = nil, argument: String? = nil) {
    self.id = id
    self.key = key
    self.argument = argument
  }
}

/// All commands, in the order they were registered.
public struct CommandTable: Hashable, Sendable {
  public private(set) var specs: [CommandSpec] = []

  public init(_ specs: [CommandSpec] = []) {
    for spec in specs { register(spec) }
  }

  /// Adds a command, or replaces the one with the same id.
  public mutating func register(_ spec: CommandSpec) {
    if let i = specs.firstIndex(where: { $0.id == spec.id }) {
      specs[i] = spec
    } else {
      specs.append(spec)
    }
  }

  public subscript(id: CommandID) -> CommandSpec? {
    specs.first { $0.id == id }
  }

  /// The first of `ids` bound to `key` (compared after `Key.normalized`).
  public func command(for key: Key, among ids: [CommandID]) -> CommandID? {
    let key = key.normalized
    for id in ids {
      if let spec = self[id], spec.keys.contains(key) { return id }
    }
    return nil
  }

  /// The command called `name` on the `:` line: its id, or its title in either language.
  public func resolve(_ name: String, among ids: [CommandID]) -> CommandID? {
    let lower = name.lowercased()
    for id in ids {
      guard let spec = self[id] else { continue }
      if id.rawValue == lower || spec.title.zh == name || spec.title.en.lowercased() == lower { return id }
    }
    return nil
  }

  /// Names among `ids` that start with `prefix`, sorted, without duplicates: in Chinese the titles
  /// (and, once something is typed, the ids too); in English the ids, which are English words.
  public func completions(for prefix: String, among ids: [CommandID], lang: Lang) -> [String] {
    var names: Set<String> = []
    let lower = prefix.lowercased()
    for id in ids {
      guard let spec = self[id] else { continue }
      let title = spec.title.text(lang)
      let titleUsable = lang == .zh && !title.contains(" ")
      if id.rawValue.hasPrefix(lower) && (!prefix.isEmpty || !titleUsable) { names.insert(id.rawValue) }
      if titleUsable, title.hasPrefix(prefix) { names.insert(title) }
    }
    return names.sorted()
  }

  /// The shell's own commands and the shared screen commands.
  public static let standard = CommandTable([
    CommandSpec(
      id: .help, title: Localized("帮助", "Help"),
      help: Localized("显示本屏的按键与命令", "Show the keys and commands of this screen"),
      keys: [.function(1), .character("?")]),
    CommandSpec(
      id: .quit, title: Localized("退出", "Quit"),
      help: Localized("退出工作台 (q 只在首屏有效)", "Leave the workbench (q works on the first screen only)"),
      keys: [.function(10), .character("q")]),
    CommandSpec(
      id: .back, title: Localized("返回", "Back"),
      help: Localized("回到上一屏", "Go back to the previous screen"), keys: [.escape]),
    CommandSpec(
      id: .commandLine, title: Localized("命令", "Command"),
      help: Localized("打开命令行, Tab 补全命令名", "Open the command line; Tab completes command names"),
      keys: [.character(":")], inKeyBar: false),
    CommandSpec(
      id: .redraw, title: Localized("重绘", "Redraw"),
      help: Localized("重新绘制整个屏幕 (画面错乱时)", "Repaint the whole screen (when it looks garbled)"),
      keys: [.control("l")], inKeyBar: false),
    CommandSpec(
      id: .move, title: Localized("移动", "Move"),
      help: Localized("上下移动一行", "Move up or down one line"),
      keys: [.up, .down, .character("k"), .character("j")], inKeyBar: false),
    CommandSpec(
      id: .page, title: Localized("翻页", "Page"),
      help: Localized("翻页, 到第一行或最后一行", "Page up or down, jump to the first or last line"),
      keys: [.pageUp, .pageDown, .home, .end], inKeyBar: false),
    CommandSpec(
      id: .open, title: Localized("打开", "Open"), help: Localized("打开选中的一项", "Open the selected item"),
      keys: [.enter]),
    CommandSpec(
      id: .filter, title: Localized("筛选", "Filter"),
      help: Localized("输入文字筛选列表, 回车确认, Esc 清除", "Type to filter the list; Enter keeps it, Esc clears it"),
      keys: [.character("/")]),
    CommandSpec(
      id: .confirm, title: Localized("确认", "OK"), help: Localized("确认输入", "Accept what was typed"),
      keys: [.enter]),
    CommandSpec(
      id: .cancel, title: Localized("取消", "Cancel"), help: Localized("放弃输入", "Drop what was typed"),
      keys: [.escape]),
    CommandSpec(
      id: .nextTab, title: Localized("下一页签", "Next tab"),
      help: Localized("切换到下一个页签", "Switch to the next tab"), keys: [.tab, .right], inKeyBar: false),
    CommandSpec(
      id: .previousTab, title: Localized("上一页签", "Previous tab"),
      help: Localized("切换到上一个页签", "Switch to the previous tab"), keys: [.backTab, .left], inKeyBar: false),
    // The queue and the order file (branch orders).
    CommandSpec(
      id: .sortColumn, title: Localized("排序", "Sort"),
      help: Localized(
        "换下一个排序列 (紧急程度 工单号 客户 等); :sort 客户 直接指定",
        "Sort by the next column (urgency, order, customer, ...); :sort customer names one"),
      keys: [.control("t"), .character("s")]),
    CommandSpec(
      id: .sortReverse, title: Localized("倒序", "Reverse"),
      help: Localized("反转排序方向", "Reverse the sort direction"), keys: [.control("r"), .character("r")],
      inKeyBar: false),
    CommandSpec(
      id: .orderTick, title: Localized("勾选", "Tick"),
      help: Localized(
        "勾选或取消选中的检查项; 选中节点时标记完成, 选中反馈时登记处理结果",
        "Tick or untick the selected checklist item; on a milestone mark it reached, on feedback handle it"),
      keys: [.character(" ")], records: true),
    CommandSpec(
      id: .orderNotApplicable, title: Localized("不适用", "N/A"),
      help: Localized("把选中的检查项标记为不适用 (需说明原因)", "Mark the selected checklist item not applicable (with a reason)"),
      keys: [.function(7)], records: true),
    CommandSpec(
      id: .orderAssign, title: Localized("指派", "Assign"),
      help: Localized(
        "把当前环节指派给人员; 资格不符的人员显示原因, 不能选", "Assign the current stage; unqualified staff are shown with why"),
      keys: [.function(8)], records: true),
    CommandSpec(
      id: .orderAdvance, title: Localized("推进", "Advance"),
      help: Localized(
        "完成当前环节进入下一环节; 在归档环节则归档 (之后只读)",
        "Complete the current stage and start the next; at the archive stage, archive the order (read-only)"),
      keys: [.function(9)], records: true),
    CommandSpec(
      id: .orderRecord, title: Localized("记录", "Record"),
      help: Localized(
        "记录本环节: 勘查记录与仪器, 方案与预算, 客户确认, 执行节点, 客户反馈, 回访评分",
        "Record the stage: survey and instruments, scheme and budget, confirmation, milestone, feedback, follow-up"),
      keys: [.function(6)], records: true),
    CommandSpec(
      id: .orderReviseScheme, title: Localized("修订方案", "Revise"),
      help: Localized(
        "客户不同意后修订方案: 新版本 (方案、预算、进度与修订说明) 供下一轮确认, 旧版本留档",
        "After the customer rejects the scheme, revise it: a new version (plan, budget, timetable, what changed) for the next round; earlier versions stay on file"
      ),
      keys: [.control("r")], records: true),
    CommandSpec(
      id: .orderAppointment, title: Localized("预约", "Appt."),
      help: Localized(
        "与客户确认预约时间 (受理后3个工作日内), 也可改约; 输入法开着时用 Ctrl-Y",
        "Confirm the appointment with the customer (within 3 working days), or move it; Ctrl-Y with an input method on"),
      keys: [.character("a"), .control("y")], records: true),
    CommandSpec(
      id: .orderSuspend, title: Localized("挂起", "Suspend"),
      help: Localized(
        "因客户原因挂起工单 (停止计时), 再按一次恢复; 都需说明", "Suspend the order for a customer's cause (the clock stops); again to resume"),
      keys: [.function(5)], records: true),
    CommandSpec(
      id: .orderResume, title: Localized("恢复", "Resume"),
      help: Localized("恢复已挂起的工单 (重新计时), 需说明", "Resume a suspended order (the clock runs again), with a note"),
      keys: [.function(5)], records: true),
    CommandSpec(
      id: .orderTimeline, title: Localized("时间线", "Timeline"),
      help: Localized("在流程计划与事件时间线之间切换", "Switch between the stage plan and the timeline of events"),
      keys: [.tab, .backTab]),
  ])
}

// MARK: Clerk screens: forms, intake, customer files, checklists
// (one block: ids and specs of the commands the clerk screens add; registered by `ClerkScreens.register`)

extension CommandID {
  /// Submits the focused form (F9, Ctrl-S; Enter on the last field).
  public static let submit: CommandID = "submit"
  /// Moves to the next or previous field of a form.
  public static let nextField: CommandID = "next-field"
  public static let previousField: CommandID = "previous-field"
  /// Cycles the options of a choice field.
  public static let chooseOption: CommandID = "choose"
  /// Creates a new customer at intake instead of picking a known one.
  public static let newCustomer: CommandID = "new-customer"
  /// Opens the selected customer's file.
  public static let customerFile: CommandID = "customer-file"
  /// Shows a customer's personal data unmasked, for a stated reason.
  public static let reveal: CommandID = "reveal"
  /// Edits the customer file.
  public static let edit: CommandID = "edit"
  /// Checks today's readiness again, starting from today's answers.
  public static let recheck: CommandID = "recheck"
}

extension CommandSpec {
  /// The commands the clerk screens add to the standard table.
  public static let clerkCommands: [CommandSpec] = [
    CommandSpec(
      id: .submit, title: Localized("提交", "Submit"),
      help: Localized("检查并提交表单 (最后一栏按回车也可提交)", "Check and submit the form (Enter on the last field too)"),
      keys: [.function(9), .control("s")], records: true),
    CommandSpec(
      id: .nextField, title: Localized("下一栏", "Next field"),
      help: Localized("移到下一栏", "Move to the next field"), keys: [.tab, .down], inKeyBar: false),
    CommandSpec(
      id: .previousField, title: Localized("上一栏", "Previous field"),
      help: Localized("移到上一栏", "Move to the previous field"), keys: [.backTab, .up], inKeyBar: false),
    CommandSpec(
      id: .chooseOption, title: Localized("选择", "Choose"),
      help: Localized(
        "左右键或空格切换选项; 也可直接输入选项的文字查找", "Left/Right or Space cycle the options; or type part of one to find it"),
      keys: [.left, .right, .character(" ")], inKeyBar: false),
    CommandSpec(
      id: .newCustomer, title: Localized("新客户", "New customer"),
      help: Localized("找不到客户时, 登记新客户并受理", "Register a new customer when the search finds none"),
      keys: [.function(7)], records: true),
    CommandSpec(
      id: .customerFile, title: Localized("档案", "File"),
      help: Localized("打开选中客户的档案", "Open the selected customer's file"), keys: [.function(8)]),
    CommandSpec(
      id: .reveal, title: Localized("查看明文", "Reveal"),
      help: Localized(
        "说明理由后查看未遮蔽的个人信息 (记录在案)", "Show the personal data unmasked, for a stated reason (recorded)"),
      keys: [.function(7)], records: true),
    CommandSpec(
      id: .edit, title: Localized("修改", "Edit"),
      help: Localized("修改客户档案 (与受理相同的检查)", "Edit the customer file (same checks as at intake)"),
      keys: [.function(8)], records: true),
    CommandSpec(
      id: .recheck, title: Localized("重新检查", "Re-check"),
      help: Localized(
        "重新做今日班前检查: 从今日已记录的回答开始, 设备与备份按现在的情况",
        "Check again today: starts from today's answers, with equipment and backup as they are now"),
      keys: [.function(8)], records: true),
  ]
}

extension CommandTable {
  /// Adds the clerk screens' commands (`CommandSpec.clerkCommands`).
  public mutating func registerClerkCommands() {
    for spec in CommandSpec.clerkCommands { register(spec) }
  }

  /// The standard table with the clerk screens' commands.
  public static let clerk: CommandTable = {
    var table = CommandTable.standard
    table.registerClerkCommands()
    return table
  }()
}

// MARK: Supervisor's desk: dashboard, oversight, risk, audit, standards, KPIs, notices, improvement
// (one block: ids and specs of the commands the desk screens add; registered by `SupervisorScreens`)

extension CommandID {
  /// Creates a new record on the current desk screen (a risk, a violation, an audit, a notice, a plan).
  public static let deskNew: CommandID = "desk-new"
  /// Marks or unmarks the selected row for a bulk action.
  public static let deskMark: CommandID = "desk-mark"
  /// Reassigns the marked orders (or the selected one) to a qualified person, with a reason.
  public static let deskReassign: CommandID = "reassign"
  /// Suspends the selected order, or resumes it when suspended.
  public static let deskSuspend: CommandID = "suspend-resume"
  /// Sets or clears the priority flag of the marked orders (or the selected one).
  public static let deskPriority: CommandID = "priority"
  /// Records an action on the selected item: a risk response, a problem action, a statement, a plan action.
  public static let deskRecord: CommandID = "record-action"
  /// Verifies the selected problem, or evaluates the selected plan.
  public static let deskVerify: CommandID = "verify"
  /// Closes the selected item (a risk, a problem, an audit) or acknowledges a notice.
  public static let deskClose: CommandID = "close"
  /// Records a finding of the audit (problem or violation).
  public static let deskFinding: CommandID = "finding"
  /// Awards incentive points (for an improvement plan).
  public static let deskPoints: CommandID = "points"
  /// Promotes an improvement plan into the next standard draft.
  public static let deskPromote: CommandID = "promote"
  /// Moves an improvement plan to another PDCA phase.
  public static let deskPhase: CommandID = "phase"
  /// Compares a draft standard file with the standard in force.
  public static let deskCompare: CommandID = "compare"
  /// Publishes a standard file as the next version.
  public static let deskPublish: CommandID = "publish"
  /// Edits the selected record: a risk's rating, owner, plan and status; a person's name, roles and team.
  public static let deskEdit: CommandID = "desk-edit"
  /// Records a certificate (kind, number, valid until) for the selected person.
  public static let deskCertificate: CommandID = "certificate"
  /// Disables the selected account, or enables it again; with a reason either way.
  public static let deskActive: CommandID = "disable-enable"
  /// Opens the list of the supervisor's screens.
  public static let deskMenu: CommandID = "desk"
  /// Opens a supervisor screen by name from the `:` line (`:oversight`, `:督办`).
  public static let deskOversight: CommandID = "oversight"
  public static let deskStaff: CommandID = "staff"
  public static let deskViolations: CommandID = "violations"
  public static let deskProblems: CommandID = "problems"
  public static let deskKPIs: CommandID = "kpis"
  public static let deskNotices: CommandID = "notices"
  public static let deskPlans: CommandID = "plans"
}

extension CommandSpec {
  /// The commands the supervisor's desk adds to the standard table.
  public static let deskCommands: [CommandSpec] = [
    CommandSpec(
      id: .deskNew, title: Localized("新建", "New"),
      help: Localized("新建一条记录 (风险、违规、稽查、通知、计划)", "Create a record (risk, violation, audit, notice, plan)"),
      keys: [.insert, .control("n")], records: true),
    CommandSpec(
      id: .deskMark, title: Localized("选中", "Mark"),
      help: Localized("选中或取消选中本行, 用于批量操作", "Mark or unmark this row for a bulk action"),
      keys: [.character(" ")]),
    CommandSpec(
      id: .deskReassign, title: Localized("改派", "Reassign"),
      help: Localized(
        "把选中的工单改派给一位有资格的人员, 须说明理由", "Reassign the marked orders to a qualified person, with a reason"),
      keys: [.control("r")], records: true),
    CommandSpec(
      id: .deskSuspend, title: Localized("挂起/恢复", "Suspend"),
      help: Localized("挂起选中的工单, 已挂起则恢复 (须说明理由)", "Suspend the selected order, or resume it (with a reason)"),
      keys: [.control("u")], records: true),
    CommandSpec(
      id: .deskPriority, title: Localized("加急", "Priority"),
      help: Localized("标记或取消选中工单的加急", "Set or clear the priority of the marked orders"),
      keys: [.control("g")], records: true),
    CommandSpec(
      id: .deskRecord, title: Localized("记录", "Record"),
      help: Localized(
        "对选中项记录处置: 风险应对、问题整改、违规陈述、计划措施", "Record on the selected item: a response, an action, a statement"),
      keys: [.control("e")], records: true),
    CommandSpec(
      id: .deskVerify, title: Localized("验证", "Verify"),
      help: Localized("验证选中的问题, 或评估选中的改进计划", "Verify the selected problem, or evaluate the selected plan"),
      keys: [.control("v")], records: true),
    CommandSpec(
      id: .deskClose, title: Localized("关闭", "Close"),
      help: Localized("关闭选中项 (风险、问题、稽查), 或确认收到通知", "Close the selected item, or acknowledge a notice"),
      keys: [.control("d")], records: true),
    CommandSpec(
      id: .deskFinding, title: Localized("发现", "Finding"),
      help: Localized("把稽查发现记为问题或违规", "Record an audit finding as a problem or a violation"),
      keys: [.control("f")], records: true),
    CommandSpec(
      id: .deskPoints, title: Localized("积分", "Points"),
      help: Localized("为改进计划的参与人员奖励积分", "Award incentive points for an improvement plan"),
      keys: [.control("w")], records: true),
    CommandSpec(
      id: .deskPromote, title: Localized("纳入标准", "Promote"),
      help: Localized("把改进计划的成果写入下一版标准草稿", "Promote the plan's result into the next standard draft"),
      keys: [.control("t")], records: true),
    CommandSpec(
      id: .deskPhase, title: Localized("阶段", "Phase"),
      help: Localized("改变改进计划的 PDCA 阶段", "Move the plan to another PDCA phase"), keys: [.control("p")], records: true),
    CommandSpec(
      id: .deskCompare, title: Localized("比较草稿", "Compare"),
      help: Localized("输入草稿文件路径, 与现行标准比较", "Compare a draft file with the standard in force"),
      keys: [.control("k")]),
    CommandSpec(
      id: .deskPublish, title: Localized("发布", "Publish"),
      help: Localized("把标准文件发布为下一版, 指定生效日期", "Publish a standard file as the next version from a day"),
      keys: [.insert, .control("b")], records: true),
    CommandSpec(
      id: .deskEdit, title: Localized("修改", "Edit"),
      help: Localized(
        "修改选中项: 风险的可能性、影响、责任人、计划与状态; 员工的姓名、角色与班组",
        "Edit the selected item: a risk's likelihood, impact, owner, plan and status; a person's name, roles and team"),
      keys: [.enter, .character("e")], records: true),
    CommandSpec(
      id: .deskCertificate, title: Localized("证书", "Cert"),
      help: Localized(
        "为选中的员工记录证书 (类别、编号、有效期)", "Record a certificate for the selected person (kind, number, valid until)"),
      keys: [.control("y")], records: true),
    CommandSpec(
      id: .deskActive, title: Localized("停用/启用", "Disable"),
      help: Localized(
        "停用选中的账号, 已停用则重新启用 (须说明原因)", "Disable the selected account, or enable it again (with a reason)"),
      keys: [.control("d")], records: true),
    CommandSpec(
      id: .deskMenu, title: Localized("更多", "More"),
      help: Localized("班长工作台的其他屏: 督办、人员设备、违规、问题、指标、通知、改进", "The other desk screens"),
      keys: [.control("o")]),
    CommandSpec(
      id: .deskOversight, title: Localized("督办", "Oversight"),
      help: Localized(
        "在办工单的时限、批量改派、挂起、加急 (:oversight)", "Open orders with deadlines; reassign, suspend, priority (:oversight)"),
      keys: [], inKeyBar: false),
    CommandSpec(
      id: .deskStaff, title: Localized("人员设备", "Staff"),
      help: Localized(
        "人员资质与证书, 设备校验 (:staff)", "Staff qualifications and certificates; equipment calibration (:staff)"),
      keys: [], inKeyBar: false),
    CommandSpec(
      id: .deskViolations, title: Localized("违规", "Violations"),
      help: Localized("违规记录、责任划分与本人陈述 (:violations)", "Violations, responsibility split and statements (:violations)"),
      keys: [],
      inKeyBar: false),
    CommandSpec(
      id: .deskProblems, title: Localized("问题", "Problems"),
      help: Localized("问题闭环看板 (:problems)", "The problems board (closed loop) (:problems)"), keys: [], inKeyBar: false),
    CommandSpec(
      id: .deskKPIs, title: Localized("指标", "KPIs"),
      help: Localized("按月、按人员或班组的考核指标 (:kpis)", "KPIs by month, staff or team (:kpis)"), keys: [], inKeyBar: false),
    CommandSpec(
      id: .deskNotices, title: Localized("通知", "Notices"),
      help: Localized("督办通知的发送与确认 (:notices)", "Supervision notices: send and acknowledge (:notices)"), keys: [],
      inKeyBar: false),
    CommandSpec(
      id: .deskPlans, title: Localized("改进", "Plans"),
      help: Localized("改进计划 (PDCA) (:plans)", "Improvement plans (PDCA) (:plans)"), keys: [], inKeyBar: false),
  ]
}

extension CommandTable {
  /// Adds the desk screens' commands (`CommandSpec.deskCommands`).
  public mutating func registerDeskCommands() {
    for spec in CommandSpec.deskCommands { register(spec) }
  }
}
