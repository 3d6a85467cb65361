import Foundation
import TOMLKit

/// The stages of a work order, in their canonical order (guide ch. 2–3). A business type uses a subset,
/// always in this order and always starting with intake.
public enum StageKind: String, Codable, CaseIterable, Sendable, Hashable, Comparable {
  case intake
  case survey
  case scheme
  case confirmation
  case execution
  case feedback
  case followUp = "follow-up"
  case archive

  /// 受理 勘查 方案 确认 执行 反馈 回访 归档.
  public func title(_ lang: Lang) -> String {
    switch self {
    case .intake: lang == .zh ? "受理" : "Intake"
    case .survey: lang == .zh ? "勘查" : "Survey"
    case .scheme: lang == .zh ? "方案" : "Scheme"
    case .confirmation: lang == .zh ? "确认" : "Confirmation"
    case .execution: lang == .zh ? "执行" : "Execution"
    case .feedback: lang == .zh ? "反馈" : "Feedback"
    case .followUp: lang == .zh ? "回访" : "Follow-up"
    case .archive: lang == .zh ? "归档" : "Archive"
    }
  }

  /// Position in the canonical order.
  public var order: Int { Self.allCases.firstIndex(of: self)! }

  public static func < (a: StageKind, b: StageKind) -> Bool { a.order < b.order }
}

/// Where a stage's time limit is counted from.
public enum ClockStart: String, Codable, Sendable, Hashable {
  /// From the moment the stage began.
  case stageStart = "stage-start"
  /// From the moment the order was received: commitments such as "方案答复 within 15 working days of
  /// 受理" or "crew on site within 45 minutes of the call".
  case orderReceived = "order-received"
}

public struct ChecklistItemTemplate: Codable, Hashable, Sendable {
  /// Unique within its stage, kebab-case.
  public var id: String
  public var title: Localized
  /// A stage cannot be completed with a required item unchecked.
  public var required: Bool

  public init(id: String, title: Localized, required: Bool) {
    self.id = id
    self.title = title
    self.required = required
  }
}

/// One stage of a business type's process template (guide ch. 1.4): who does it, how long it may take,
/// what it must produce, the qualification needed and the checklist.
public struct StageTemplate: Codable, Hashable, Sendable {
  public var kind: StageKind
  /// The stage's name in this business type, e.g. 装表接电 for the execution of a new connection.
  public var name: Localized
  public var role: Role
  public var limit: TimeLimit?
  public var clockStart: ClockStart
  public var outcome: Localized
  /// The certificate kind (`CertificateKind.id`) the assignee must hold, if any.
  public var qualification: String?
  public var checklist: [ChecklistItemTemplate]

  public init(
    kind: StageKind, name: Localized, role: Role, limit: TimeLimit? = nil, clockStart: ClockStart = .stageStart,
    outcome: Localized, qualification: String? = nil, checklist: [ChecklistItemTemplate] = []
  ) {
    self.kind = kind
    self.name = name
    self.role = role
    self.limit = limit
    self.clockStart = clockStart
    self.outcome = outcome
    self.qualification = qualification
    self.checklist = checklist
  }

  private enum CodingKeys: String, CodingKey {
    case kind, name, role, limit
    case clockStart = "clock-start"
    case outcome, qualification, checklist
  }
}

/// A kind of service request with its process template.
public struct BusinessType: Codable, Hashable, Sendable {
  /// Stable, kebab-case: `new-low-resident`.
  public var id: String
  /// 新装.
  public var name: Localized
  /// For a queue column: `新装 低压`.
  public var short: Localized
  /// Business types that belong together in reports: `new-connection`, `change`, `repair`, …
  public var group: String
  /// `low` or `high` where the type depends on the supply voltage.
  public var voltage: String?
  public var stages: [StageTemplate]
  /// The limit for the whole order, counted from its receipt.
  public var totalLimit: TimeLimit?

  public init(
    id: String, name: Localized, short: Localized, group: String, voltage: String? = nil, stages: [StageTemplate],
    totalLimit: TimeLimit? = nil
  ) {
    self.id = id
    self.name = name
    self.short = short
    self.group = group
    self.voltage = voltage
    self.stages = stages
    self.totalLimit = totalLimit
  }

  public func stage(_ kind: StageKind) -> StageTemplate? { stages.first { $0.kind == kind } }

  private enum CodingKeys: String, CodingKey {
    case id, name, short, group, voltage, stages
    case totalLimit = "total-limit"
  }
}

/// A kind of certificate staff may hold (guide ch. 1.1).
public struct CertificateKind: Codable, Hashable, Sendable {
  public var id: String
  public var name: Localized

  public init(id: String, name: Localized) {
    self.id = id
    self.name = name
  }
}

/// A KPI and its target (guide ch. 6.4, 7.2).
public struct KPITarget: Codable, Hashable, Sendable {
  public var id: String
  public var name: Localized
  public var target: Double
  public var higherIsBetter: Bool
  /// `%`, `件/万户`, `工作日`.
  public var unit: String

  public init(id: String, name: Localized, target: Double, higherIsBetter: Bool, unit: String) {
    self.id = id
    self.name = name
    self.target = target
    self.higherIsBetter = higherIsBetter
    self.unit = unit
  }

  /// Whether a measured value meets the target.
  public func isMet(by value: Double) -> Bool { higherIsBetter ? value >= target : value <= target }

  private enum CodingKeys: String, CodingKey {
    case id, name, target
    case higherIsBetter = "higher-is-better"
    case unit
  }
}

/// A version of the service standard (guide ch. 6.1): process templates, qualifications and targets.
/// A supervisor drafts a new version (export with `toTOML()`, edit, `parse(toml:)`) and publishes it with
/// an effective date; an order keeps the version it was received under.
public struct Standard: Codable, Hashable, Sendable {
  public var version: Int
  public var effective: Day
  public var title: Localized
  public var certificateKinds: [CertificateKind]
  public var businessTypes: [BusinessType]
  public var targets: [KPITarget]
  /// Follow-up visit after the service is done.
  public var followUpLimit: TimeLimit
  /// The appointment must be confirmed within 3 working days (guide 2.1).
  public var appointmentConfirmLimit: TimeLimit
  /// Time on site for a survey, 2 hours (guide 2.2).
  public var surveyOnSiteLimit: TimeLimit
  /// Largest measurement error of a usable instrument, ±1 % (guide 1.2).
  public var calibrationTolerancePercent: Double
  /// Training before a qualified task may be assigned, 7 days (guide 1.1).
  public var minimumTrainingDays: Int
  /// The hall's service hours for appointments (`service-hours`); nil: `ServiceHours.default`.
  public var serviceHours: ServiceHours? = nil

  /// The service hours in force under this standard.
  public var hours: ServiceHours { serviceHours ?? .default }

  public init(
    version: Int, effective: Day, title: Localized, certificateKinds: [CertificateKind],
    businessTypes: [BusinessType], targets: [KPITarget], followUpLimit: TimeLimit, appointmentConfirmLimit: TimeLimit,
    surveyOnSiteLimit: TimeLimit, calibrationTolerancePercent: Double, minimumTrainingDays: Int
  ) {
    self.version = version
    self.effective = effective
    self.title = title
    self.certificateKinds = certificateKinds
    self.businessTypes = businessTypes
    self.targets = targets
    self.followUpLimit = followUpLimit
    self.appointmentConfirmLimit = appointmentConfirmLimit
    self.surveyOnSiteLimit = surveyOnSiteLimit
    self.calibrationTolerancePercent = calibrationTolerancePercent
    self.minimumTrainingDays = minimumTrainingDays
  }

  public func businessType(_ id: String) -> BusinessType? { businessTypes.first { $0.id == id } }
  public func certificateKind(_ id: String) -> CertificateKind? { certificateKinds.first { $0.id == id } }
  public func target(_ id: String) -> KPITarget? { targets.first { $0.id == id } }

  private enum CodingKeys: String, CodingKey {
    case version, effective, title
    case certificateKinds = "certificate-kinds"
    case businessTypes = "business-types"
    case targets
    case followUpLimit = "follow-up-limit"
    case appointmentConfirmLimit = "appointment-confirm-limit"
    case surveyOnSiteLimit = "survey-on-site-limit"
    case calibrationTolerancePercent = "calibration-tolerance-percent"
    case minimumTrainingDays = "minimum-training-days"
    case serviceHours = "service-hours"
  }

  // MARK: Loading and exporting

  /// The default standard shipped with GridDesk (`Resources/standard-v1.toml`), built from the guide and
  /// the public commitments noted in that file.
  public static let defaultV1: Standard = {
    do {
      return try parse(toml: ShippedData.standardV1)
    } catch {
      // The shipped file is checked by the tests; this cannot happen in a released build.
      fatalError("The bundled standard does not load: \(error)")
    }
  }()

  /// Reads and checks a standard written in TOML (the format of `Resources/standard-v1.toml`).
  ///
  /// `checkKeys`: refuse a key the format does not have, naming it and its line. Only replay turns it off:
  /// a recorded standard is read as it was accepted when it was published.
  public static func parse(toml text: String, checkKeys: Bool = true) throws(DomainError) -> Standard {
    let parsed: (table: TOMLTable, keys: [TOMLText.Key])
    do {
      parsed = try TOMLText.parse(text)
    } catch {
      throw .standardSyntax(error)
    }
    let allowed = standardKeys
    if checkKeys, let key = TOMLText.unknownKey(in: parsed.keys, allowed: allowed) {
      throw .standardUnknownKey(key.dotted, line: key.line, suggestion: TOMLText.nearest(key.dotted, in: allowed))
    }
    var standard: Standard
    do {
      standard = try TOMLDecoder().decode(Standard.self, from: parsed.table)
    } catch let error as DecodingError {
      throw .standardField(describe(error))
    } catch {
      throw .standardField(("?", "\(error)"))
    }
    standard.applyFollowUpLimit()
    try standard.validate()
    return standard
  }

  /// `follow-up-limit` is the limit of every follow-up stage that sets no `limit` of its own.
  mutating func applyFollowUpLimit() {
    for t in businessTypes.indices {
      for s in businessTypes[t].stages.indices
      where businessTypes[t].stages[s].kind == .followUp && businessTypes[t].stages[s].limit == nil {
        businessTypes[t].stages[s].limit = followUpLimit
      }
    }
  }

  /// Every key a standard file may have: those of the shipped file (so a setting added to the type and to
  /// that file is allowed without a second list), and the optional ones the shipped file may leave out.
  static let standardKeys: Set<String> = {
    var keys: Set<String> = [
      "business-types.voltage", "business-types.total-limit", "business-types.total-limit.amount",
      "business-types.total-limit.unit", "business-types.stages.limit", "business-types.stages.limit.amount",
      "business-types.stages.limit.unit", "business-types.stages.qualification", "business-types.stages.checklist",
      "business-types.stages.checklist.id", "business-types.stages.checklist.title",
      "business-types.stages.checklist.title.zh", "business-types.stages.checklist.title.en",
      "business-types.stages.checklist.required",
      // Not in the shipped file (its default is in code), but a standard may set it.
      "service-hours", "service-hours.open", "service-hours.close",
    ]
    for text in [ShippedData.standardV1] {
      // The shipped file is checked by the tests; a syntax problem there leaves only the list above.
      if let scanned = try? TOMLText.parse(text) { keys.formUnion(scanned.keys.map(\.dotted)) }
    }
    return keys
  }()

  private static func describe(_ error: DecodingError) -> (path: String, detail: String) {
    func path(_ keys: [CodingKey]) -> String {
      keys.map { key in key.intValue.map { "[\($0 + 1)]" } ?? ".\(key.stringValue)" }.joined()
        .trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }
    switch error {
    case .keyNotFound(let key, let context):
      var keys = context.codingPath
      if keys.last?.stringValue != key.stringValue { keys.append(key) }
      return (path(keys), "missing or of the wrong type")
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      return (path(context.codingPath), "of the wrong type")
    case .dataCorrupted(let context):
      let p = path(context.codingPath)
      if p.hasSuffix("role") { return (p, "must be one of " + Role.allCases.map(\.rawValue).joined(separator: ", ")) }
      if p.hasSuffix("kind") {
        return (p, "must be one of " + StageKind.allCases.map(\.rawValue).joined(separator: ", "))
      }
      if p.hasSuffix("unit") { return (p, "must be one of working-days, hours, minutes") }
      if p.hasSuffix("clock-start") { return (p, "must be stage-start or order-received") }
      return (p, context.debugDescription)
    @unknown default:
      return ("?", "\(error)")
    }
  }

  /// Checks the rules every standard must keep: unique ids, stages in the canonical order starting with
  /// intake, positive limits, known certificate kinds, sensible settings.
  public func validate() throws(DomainError) {
    guard version >= 1 else { throw .standardValue("version", "≥ 1") }
    try Self.checkText(title, "title")
    try Self.checkUnique(certificateKinds.map(\.id), "certificate-kinds")
    for kind in certificateKinds { try Self.checkText(kind.name, "certificate-kinds.\(kind.id).name") }
    try Self.checkUnique(targets.map(\.id), "targets")
    for t in targets {
      try Self.checkText(t.name, "targets.\(t.id).name")
      guard t.target.isFinite, t.target >= 0 else { throw .standardValue("targets.\(t.id).target", "≥ 0") }
    }
    for (name, limit) in [
      ("follow-up-limit", followUpLimit), ("appointment-confirm-limit", appointmentConfirmLimit),
      ("survey-on-site-limit", surveyOnSiteLimit),
    ] where limit.amount <= 0 {
      throw .standardLimit(name)
    }
    if let h = serviceHours, !h.isValid {
      throw .standardValue("service-hours", "open and close as \"HH:mm\", open before close")
    }
    guard calibrationTolerancePercent.isFinite, calibrationTolerancePercent > 0, calibrationTolerancePercent <= 10
    else {
      throw .standardValue("calibration-tolerance-percent", "> 0 and ≤ 10")
    }
    guard (0...365).contains(minimumTrainingDays) else { throw .standardValue("minimum-training-days", "0…365") }
    guard !businessTypes.isEmpty else { throw .standardValue("business-types", "at least one") }
    try Self.checkUnique(businessTypes.map(\.id), "business-types")
    let certificates = Set(certificateKinds.map(\.id))
    for type in businessTypes {
      let at = "business-types.\(type.id)"
      try Self.checkText(type.name, "\(at).name")
      try Self.checkText(type.short, "\(at).short")
      guard !type.group.isEmpty else { throw .standardValue("\(at).group", "not empty") }
      if let v = type.voltage, v != "low", v != "high" { throw .standardValue("\(at).voltage", "low or high") }
      if let l = type.totalLimit, l.amount <= 0 { throw .standardLimit("\(at).total-limit") }
      guard type.stages.first?.kind == .intake else { throw .standardFirstStage(type.id) }
      for (a, b) in zip(type.stages, type.stages.dropFirst()) where a.kind >= b.kind {
        throw .standardStageOrder(type.id, a.kind.rawValue, b.kind.rawValue)
      }
      for stage in type.stages {
        let here = "\(at).\(stage.kind.rawValue)"
        try Self.checkText(stage.name, "\(here).name")
        try Self.checkText(stage.outcome, "\(here).outcome")
        if let l = stage.limit, l.amount <= 0 { throw .standardLimit("\(here).limit") }
        if let q = stage.qualification, !certificates.contains(q) { throw .standardQualification(here, q) }
        try Self.checkUnique(stage.checklist.map(\.id), "\(here).checklist")
        for item in stage.checklist { try Self.checkText(item.title, "\(here).checklist.\(item.id)") }
      }
    }
  }

  private static func checkUnique(_ ids: [String], _ at: String) throws(DomainError) {
    var seen: Set<String> = []
    for id in ids {
      guard !id.isEmpty, id.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }) else {
        throw .standardIdentifier(at, id)
      }
      guard seen.insert(id).inserted else { throw .standardDuplicate(at, id) }
    }
  }

  private static func checkText(_ text: Localized, _ at: String) throws(DomainError) {
    guard !text.zh.trimmingCharacters(in: .whitespaces).isEmpty, !text.en.trimmingCharacters(in: .whitespaces).isEmpty
    else { throw .standardValue(at, "text in both languages") }
  }

  /// The standard as TOML, for drafting the next version: export, edit, `parse(toml:)`. The layout is
  /// that of the bundled file, without its source comments (add the source of every changed limit).
  public func toTOML() -> String {
    var out = "# GridDesk service standard, version \(version), effective \(effective).\n"
    out += "# Exported for drafting: edit, raise the version and the effective date, then import.\n\n"
    out += "version = \(version)\neffective = \(tomlString(effective.description))\ntitle = \(tomlInline(title))\n"
    out += "appointment-confirm-limit = \(tomlInline(appointmentConfirmLimit))\n"
    out += "survey-on-site-limit = \(tomlInline(surveyOnSiteLimit))\n"
    out += "follow-up-limit = \(tomlInline(followUpLimit))\n"
    out += "calibration-tolerance-percent = \(tomlNumber(calibrationTolerancePercent))\n"
    out += "minimum-training-days = \(minimumTrainingDays)\n"
    if let h = serviceHours {
      out += "service-hours = { open = \(tomlString(h.open)), close = \(tomlString(h.close)) }\n"
    }
    for kind in certificateKinds {
      out += "\n[[certificate-kinds]]\nid = \(tomlString(kind.id))\nname = \(tomlInline(kind.name))\n"
    }
    for t in targets {
      out += "\n[[targets]]\nid = \(tomlString(t.id))\nname = \(tomlInline(t.name))\n"
      out += "target = \(tomlNumber(t.target))\nhigher-is-better = \(t.higherIsBetter)\nunit = \(tomlString(t.unit))\n"
    }
    for type in businessTypes {
      out += "\n[[business-types]]\nid = \(tomlString(type.id))\nname = \(tomlInline(type.name))\n"
      out += "short = \(tomlInline(type.short))\ngroup = \(tomlString(type.group))\n"
      if let v = type.voltage { out += "voltage = \(tomlString(v))\n" }
      if let l = type.totalLimit { out += "total-limit = \(tomlInline(l))\n" }
      for stage in type.stages {
        out +=
          "\n[[business-types.stages]]\nkind = \(tomlString(stage.kind.rawValue))\nname = \(tomlInline(stage.name))\n"
        out += "role = \(tomlString(stage.role.rawValue))\n"
        if let l = stage.limit { out += "limit = \(tomlInline(l))\n" }
        out += "clock-start = \(tomlString(stage.clockStart.rawValue))\noutcome = \(tomlInline(stage.outcome))\n"
        if let q = stage.qualification { out += "qualification = \(tomlString(q))\n" }
        out += "checklist = [\n"
        for item in stage.checklist {
          out += "  { id = \(tomlString(item.id)), title = \(tomlInline(item.title)), required = \(item.required) },\n"
        }
        out += "]\n"
      }
    }
    return out
  }
}

private func tomlString(_ s: String) -> String {
  var out = "\""
  for scalar in s.unicodeScalars {
    switch scalar {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\t": out += "\\t"
    case "\r": out += "\\r"
    default:
      if scalar.value < 0x20 || scalar.value == 0x7F {
        out += String(format: "\\u%04X", scalar.value)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
  }
  return out + "\""
}

private func tomlInline(_ text: Localized) -> String {
  "{ zh = \(tomlString(text.zh)), en = \(tomlString(text.en)) }"
}

private func tomlInline(_ limit: TimeLimit) -> String {
  "{ amount = \(limit.amount), unit = \(tomlString(limit.unit.rawValue)) }"
}

/// A TOML float: always with a decimal point, so that it reads back as a float.
private func tomlNumber(_ value: Double) -> String {
  let text = "\(value)"
  return text.contains(".") || text.contains("e") || text.contains("n") ? text : text + ".0"
}
