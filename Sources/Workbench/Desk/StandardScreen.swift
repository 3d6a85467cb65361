import Domain
import Engine
import Foundation

/// 标准 (F9): the standard in force — business types with their stages and limits, the KPI targets —
/// the versions with their effective dates, and the difference between a draft file and the standard
/// in force. Ctrl-K compares a draft file; Ins publishes a file with an effective date (errors from
/// `Standard.parse` are shown as they come).
final class StandardScreen: DeskListScreen {
  /// The last draft compared: its path and the changes from the standard in force.
  var draft: (path: String, changes: [StandardChange])?

  init(engine: Engine) {
    super.init(engine: engine, title: Localized("标准", "Standard"))
    detailHeight = 4
  }

  override var tabs: [Localized] {
    [
      Localized("业务与时限", "Types and limits"), Localized("考核目标", "Targets"), Localized("版本", "Versions"),
      Localized("草稿差异", "Draft diff"),
    ]
  }

  override var actions: [CommandID] { [.deskCompare, .deskPublish] }

  override var helpIntro: Localized? {
    Localized(
      "现行标准的业务类型、环节时限与考核目标; 各版本及生效日期。Ctrl-K 输入草稿文件路径比较差异, Ins 发布新版本 (须指定生效日期)。",
      "The standard in force: business types, stage limits and KPI targets; the versions and their effective dates. "
        + "Ctrl-K compares a draft file; Ins publishes a file as the next version from an effective date.")
  }

  var current: Standard { engine.state.standard(on: today) }

  override func heading(_ lang: Lang) -> String {
    let s = current
    let latest = engine.state.standards.map(\.version).max() ?? s.version
    let pending = latest > s.version ? (lang == .zh ? "  (v\(latest) 待生效)" : "  (v\(latest) pending)") : ""
    return lang == .zh
      ? "现行标准 v\(s.version) \(s.title.zh)  自 \(s.effective) 起\(pending)"
      : "In force: v\(s.version) \(s.title.en) since \(s.effective)\(pending)"
  }

  override func columns() -> [TableColumn] {
    switch tab {
    case 0:
      [
        TableColumn(Localized("业务类型", "Business type"), width: 16),
        TableColumn(Localized("全流程", "Total"), width: 10),
        TableColumn(Localized("环节与时限", "Stages and limits"), width: 30, flex: 1),
      ]
    case 1:
      [
        TableColumn(Localized("指标", "KPI"), width: 26, flex: 1),
        TableColumn(Localized("目标", "Target"), width: 10, alignment: .right),
        TableColumn(Localized("方向", "Better"), width: 10),
        TableColumn(Localized("编号", "Id"), width: 24),
      ]
    case 2:
      [
        TableColumn(Localized("版本", "Version"), width: 8),
        TableColumn(Localized("生效日期", "Effective"), width: 12),
        TableColumn(Localized("名称", "Title"), width: 20, flex: 1),
        TableColumn(Localized("业务类型", "Types"), width: 10, alignment: .right),
        TableColumn(Localized("状态", "Status"), width: 10),
      ]
    default:
      [
        TableColumn(Localized("变化", "Change"), width: 18),
        TableColumn(Localized("对象", "Subject"), width: 26, flex: 1),
        TableColumn(Localized("原", "Old"), width: 14, flex: 1),
        TableColumn(Localized("新", "New"), width: 14, flex: 1),
      ]
    }
  }

  static func kindTitle(_ kind: StandardChange.Kind) -> Localized {
    switch kind {
    case .typeAdded: Localized("新增业务", "type added")
    case .typeRemoved: Localized("删除业务", "type removed")
    case .stageAdded: Localized("新增环节", "stage added")
    case .stageRemoved: Localized("删除环节", "stage removed")
    case .limitChanged: Localized("环节时限", "stage limit")
    case .totalLimitChanged: Localized("全流程时限", "total limit")
    case .checklistAdded: Localized("新增检查项", "check added")
    case .checklistRemoved: Localized("删除检查项", "check removed")
    case .targetChanged: Localized("目标变更", "target changed")
    case .targetAdded: Localized("新增目标", "target added")
    case .targetRemoved: Localized("删除目标", "target removed")
    case .settingChanged: Localized("设置变更", "setting changed")
    }
  }

  override var emptyText: Localized {
    tab == 3
      ? (draft == nil
        ? Localized("按 Ctrl-K 输入草稿文件路径, 比较与现行标准的差异", "Ctrl-K: type a draft file's path to compare it")
        : Localized("草稿与现行标准没有差异", "The draft does not differ from the standard in force"))
      : Localized("没有记录", "Nothing here")
  }

  override func rows(_ lang: Lang) -> [DeskRow] {
    let s = current
    switch tab {
    case 0:
      return s.businessTypes.map { type in
        let stages = type.stages.map { stage in
          stage.kind.title(lang) + (stage.limit.map { " " + $0.text(lang) } ?? "")
        }
        return DeskRow(
          id: type.id,
          cells: [type.short.text(lang), type.totalLimit?.text(lang) ?? "-", stages.joined(separator: ", ")])
      }
    case 1:
      return s.targets.map { t in
        DeskRow(
          id: t.id,
          cells: [
            t.name.text(lang), Desk.target(t.target, unit: t.unit) + (t.unit == "%" ? "" : " " + t.unit),
            t.higherIsBetter ? (lang == .zh ? "越高越好" : "higher") : (lang == .zh ? "越低越好" : "lower"), t.id,
          ])
      }
    case 2:
      return engine.state.standards.sorted { $0.version > $1.version }.map { v in
        let status: Localized =
          v.version == s.version
          ? Localized("现行", "in force")
          : (v.version > s.version ? Localized("待生效", "pending") : Localized("已替代", "replaced"))
        return DeskRow(
          id: "\(v.version)",
          cells: [
            "v\(v.version)", v.effective.description, v.title.text(lang), "\(v.businessTypes.count)", status.text(lang),
          ],
          style: v.version == s.version ? .normal : .muted,
          cellStyles: [nil, nil, nil, nil, v.version == s.version ? .ok : nil])
      }
    default:
      return (draft?.changes ?? []).enumerated().map { i, c in
        DeskRow(id: "\(i)", cells: [Self.kindTitle(c.kind).text(lang), c.subject, c.old, c.new])
      }
    }
  }

  override func detail(_ row: DeskRow, _ lang: Lang) -> [(String, StyleRole)] {
    switch tab {
    case 0:
      guard let type = current.businessType(row.id) else { return [] }
      return type.stages.prefix(4).map { stage in
        let qualification = stage.qualification.map { " " + engine.state.certificateName($0) } ?? ""
        let text =
          "\(stage.name.text(lang)): \(stage.role.title.text(lang))\(qualification)  "
          + (stage.limit?.text(lang) ?? "-") + "  "
          + (lang == .zh ? "检查项 \(stage.checklist.count)  " : "\(stage.checklist.count) checks  ")
          + stage.outcome.text(lang)
        return (text, .normal)
      }
    case 3:
      guard let draft else { return [] }
      return [
        ((lang == .zh ? "草稿: " : "Draft: ") + draft.path + "  " + (lang == .zh ? "Ins 发布" : "Ins publishes"), .muted)
      ]
    default:
      return []
    }
  }

  static func read(_ path: String) throws(DomainError) -> Standard {
    let expanded = (path as NSString).expandingTildeInPath
    guard let text = try? String(contentsOfFile: expanded, encoding: .utf8) else {
      throw DomainError.standardSyntax("cannot read \(path)")
    }
    return try Standard.parse(toml: text)
  }

  override func commandType(for id: CommandID) -> (any CommandBody.Type)? {
    switch id {
    case .deskPublish: PublishStandard.self
    default: nil
    }
  }

  override func act(_ id: CommandID, row: DeskRow?, context: ScreenContext) -> Outcome {
    switch id {
    case .deskCompare:
      // Comparing changes nothing: allowed in read-only mode too.
      let base = current
      return .push(
        FormScreen(
          title: Localized("比较草稿", "Compare a draft"),
          intro: [(Localized("草稿文件 (TOML, 格式同 standard-v1.toml)", "Draft file (TOML, as standard-v1.toml)"), .muted)],
          form: Form([.text("path", Localized("文件路径", "File path"), value: draft?.path ?? "", required: true)])
        ) { [weak self] form in
          let path = form.text("path")
          do throws(DomainError) {
            let standard = try Self.read(path)
            self?.draft = (path, base.diff(to: standard))
            self?.tab = 3
            self?.table = DeskTable()
            let n = self?.draft?.changes.count ?? 0
            self?.result = Localized("草稿有 \(n) 处变化", "The draft has \(n) changes")
            return .done(.pop)
          } catch {
            return .refused(error.message, field: "path")
          }
        })
    case .deskPublish:
      let now = engine.now
      let next = (engine.state.standards.map(\.version).max() ?? 0) + 1
      return Desk.form(
        engine, readOnly: readOnly, title: Localized("发布标准 v\(next)", "Publish standard v\(next)"),
        intro: [
          (
            Localized(
              "文件中的 version 须为 \(next); 已受理的工单仍按受理时的版本办理。",
              "The file's version must be \(next); orders already received keep their version."), .muted
          )
        ],
        fields: [
          .text("path", Localized("文件路径", "File path"), value: draft?.path ?? "", required: true),
          .day("effective", Localized("生效日期", "Effective from"), value: today.adding(days: 1), now: now),
        ], report: { [weak self] in self?.result = $0 }
      ) { [engine, readOnly] form in
        let text: String
        do {
          text = try String(contentsOfFile: (form.text("path") as NSString).expandingTildeInPath, encoding: .utf8)
        } catch {
          return .refused(Localized("读不到文件 \(form.text("path"))", "Cannot read \(form.text("path"))"), field: "path")
        }
        guard let day = form.day("effective", now: now) else {
          return .refused(Localized("请填写生效日期", "Type the effective day"), field: "effective")
        }
        return Desk.submit(
          engine, readOnly: readOnly, PublishStandard(toml: text, effective: day),
          done: Localized("已发布 v\(next), \(day) 起生效", "v\(next) published, in force from \(day)"))
      }
    default:
      return .ignored
    }
  }
}
