import Foundation

/// A training course a staff member attended (guide ch. 1.1: at least 7 days and a passed assessment).
public struct TrainingRecord: Sendable, Hashable, Codable {
  public var topic: String
  public var days: Int
  public var passed: Bool
  public var on: Day

  public init(topic: String, days: Int, passed: Bool, on: Day) {
    self.topic = topic
    self.days = days
    self.passed = passed
    self.on = on
  }
}

/// A certificate such as 电力营销员证 or 安全作业证; `kind` is an id from the standard.
public struct Certificate: Sendable, Hashable, Codable {
  public var kind: String
  public var number: String
  public var validUntil: Day

  public init(kind: String, number: String, validUntil: Day) {
    self.kind = kind
    self.number = number
    self.validUntil = validUntil
  }
}

/// A person who works in the hall, identified by an operating-system login.
public struct StaffMember: Sendable, Hashable, Codable {
  public var login: String
  public var name: String
  public var roles: [Role]
  public var team: String
  public var active: Bool
  public var training: [TrainingRecord]
  public var certificates: [Certificate]
  /// When the account was registered (bootstrapped or `register-staff`); nil only for records made in
  /// memory. A month's per-person KPIs leave out anyone registered after the month ended.
  public var registered: Date? = nil

  public init(login: String, name: String, roles: [Role], team: String) {
    self.login = login
    self.name = name
    self.roles = roles.sorted()
    self.team = team
    self.active = true
    self.training = []
    self.certificates = []
  }

  public func has(_ role: Role) -> Bool { roles.contains(role) }

  /// The role shown in the status bar: the most senior one held.
  public var primaryRole: Role { roles.last ?? .clerk }

  public var trainingDays: Int { training.reduce(0) { $0 + $1.days } }
  public var passedAssessment: Bool { training.contains { $0.passed } }

  /// Days of training that had taken place by a day (a course dated later does not count yet).
  public func trainingDays(by day: Day) -> Int { training.filter { $0.on <= day }.reduce(0) { $0 + $1.days } }
  /// Whether an assessment had been passed by a day.
  public func passedAssessment(by day: Day) -> Bool { training.contains { $0.passed && $0.on <= day } }

  /// The newest valid certificate of a kind on a day, if any.
  public func certificate(_ kind: String, validOn day: Day) -> Certificate? {
    certificates.filter { $0.kind == kind && $0.validUntil >= day }.max { $0.validUntil < $1.validUntil }
  }
}

/// Why a person may not take a stage that needs a qualification (guide ch. 1.1).
public enum QualificationGap: Sendable, Hashable {
  case inactive
  case missingRole(Role)
  case trainingDays(have: Int, need: Int)
  case assessmentNotPassed
  case noCertificate(kind: Localized)
  case certificateExpired(kind: Localized, on: Day)

  public var message: Localized {
    switch self {
    case .inactive: Localized("账号已停用", "account disabled")
    case .missingRole(let r): Localized("无\(r.title.zh)角色", "not a \(r.title.en.lowercased())")
    case .trainingDays(let have, let need): Localized("培训\(have)天, 需≥\(need)天", "trained \(have) d, needs ≥ \(need) d")
    case .assessmentNotPassed: Localized("考核未通过", "assessment not passed")
    case .noCertificate(let kind): Localized("无\(kind.zh)", "no \(kind.en)")
    case .certificateExpired(let kind, let day): Localized("\(kind.zh)已于\(day)过期", "\(kind.en) expired \(day)")
    }
  }
}
