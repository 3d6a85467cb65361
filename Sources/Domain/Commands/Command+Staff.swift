import Foundation

/// The first account to open a new store becomes its admin (and supervisor); recorded like any event.
public struct BootstrapAdmin: CommandBody {
  public static let name = "bootstrap-admin"
  public static let roles: [Role] = []
  public var name: String

  public init(name: String) { self.name = name }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard state.staff.isEmpty else { throw .alreadyBootstrapped }
    let name = try FreeText.required(self.name.isEmpty ? ctx.login : self.name, field: Fields.name)
    return [.adminBootstrapped(AdminBootstrapped(login: ctx.login, name: name))]
  }
}

public struct RegisterStaff: CommandBody {
  public static let name = "register-staff"
  public static let roles: [Role] = [.admin]
  public var login: String
  public var name: String
  public var roles: [Role]
  public var team: String

  public init(login: String, name: String, roles: [Role], team: String) {
    self.login = login
    self.name = name
    self.roles = roles
    self.team = team
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let login = try Fields.login(self.login)
    guard state.staff[login] == nil else { throw .staffExists(login) }
    guard !roles.isEmpty else { throw .noRoles }
    let name = try FreeText.required(self.name, field: Fields.name)
    return [.staffRegistered(StaffRegistered(login: login, name: name, roles: roles.sorted(), team: team))]
  }
}

public struct UpdateStaff: CommandBody {
  public static let name = "update-staff"
  public static let roles: [Role] = [.admin]
  public var login: String
  public var name: String
  public var roles: [Role]
  public var team: String

  public init(login: String, name: String, roles: [Role], team: String) {
    self.login = login
    self.name = name
    self.roles = roles
    self.team = team
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard state.staff[login] != nil else { throw .staffNotFound(login) }
    guard !roles.isEmpty else { throw .noRoles }
    if login == ctx.login && !roles.contains(.admin) && state.admins.count <= 1 { throw .lastAdmin }
    let name = try FreeText.required(self.name, field: Fields.name)
    return [.staffUpdated(StaffUpdated(login: login, name: name, roles: roles.sorted(), team: team))]
  }
}

/// Disables (or re-enables) an account; a disabled account can no longer issue commands.
public struct SetStaffActive: CommandBody {
  public static let name = "set-staff-active"
  public static let roles: [Role] = [.admin]
  public var login: String
  public var active: Bool
  public var reason: String

  public init(login: String, active: Bool, reason: String) {
    self.login = login
    self.active = active
    self.reason = reason
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard let member = state.staff[login] else { throw .staffNotFound(login) }
    if !active && member.has(.admin) && state.admins.count <= 1 { throw .lastAdmin }
    let reason = try FreeText.required(self.reason, field: Fields.reason)
    return [.staffActivationChanged(StaffActivationChanged(login: login, active: active, reason: reason))]
  }
}

public struct RecordTraining: CommandBody {
  public static let name = "record-training"
  public static let roles: [Role] = [.admin, .supervisor]
  public var login: String
  public var topic: String
  public var days: Int
  public var passed: Bool
  public var on: Day

  public init(login: String, topic: String, days: Int, passed: Bool, on: Day) {
    self.login = login
    self.topic = topic
    self.days = days
    self.passed = passed
    self.on = on
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard state.staff[login] != nil else { throw .staffNotFound(login) }
    guard (1...365).contains(days) else { throw .badTrainingDays(days) }
    let topic = try FreeText.required(self.topic, field: Fields.topic)
    return [
      .trainingRecorded(
        TrainingRecorded(login: login, record: TrainingRecord(topic: topic, days: days, passed: passed, on: on)))
    ]
  }
}

public struct RecordCertificate: CommandBody {
  public static let name = "record-certificate"
  public static let roles: [Role] = [.admin, .supervisor]
  public var login: String
  public var kind: String
  public var number: String
  public var validUntil: Day

  public init(login: String, kind: String, number: String, validUntil: Day) {
    self.login = login
    self.kind = kind
    self.number = number
    self.validUntil = validUntil
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard state.staff[login] != nil else { throw .staffNotFound(login) }
    let standard = state.standard(on: ctx.today)
    guard standard.certificateKinds.contains(where: { $0.id == kind }) else {
      throw .unknownCertificateKind(kind, known: standard.certificateKinds.map(\.id))
    }
    let number = try Validation.required(self.number, field: Fields.certificateNumber)
    return [
      .certificateRecorded(
        CertificateRecorded(login: login, certificate: Certificate(kind: kind, number: number, validUntil: validUntil)))
    ]
  }
}

public struct RegisterEquipment: CommandBody {
  public static let name = "register-equipment"
  public static let roles: [Role] = [.admin]
  public var assetNo: String
  public var kind: String
  public var name: String
  public var calibratedOn: Day
  public var dueOn: Day
  public var errorPercent: Double

  public init(assetNo: String, kind: String, name: String, calibratedOn: Day, dueOn: Day, errorPercent: Double) {
    self.assetNo = assetNo
    self.kind = kind
    self.name = name
    self.calibratedOn = calibratedOn
    self.dueOn = dueOn
    self.errorPercent = errorPercent
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let asset = try Validation.required(Validation.normalize(assetNo), field: Fields.assetNo)
    guard state.equipment[asset] == nil else { throw .equipmentExists(asset) }
    try Validation.calibration(
      calibratedOn: calibratedOn, dueOn: dueOn, errorPercent: errorPercent, today: ctx.today)
    let name = try FreeText.required(self.name, field: Fields.name)
    return [
      .equipmentRegistered(
        EquipmentRegistered(
          equipment: Equipment(
            assetNo: asset, kind: kind, name: name, calibratedOn: calibratedOn, dueOn: dueOn,
            errorPercent: errorPercent)))
    ]
  }
}

public struct CalibrateEquipment: CommandBody {
  public static let name = "calibrate-equipment"
  public static let roles: [Role] = [.admin, .supervisor]
  public var assetNo: String
  public var calibratedOn: Day
  public var dueOn: Day
  public var errorPercent: Double

  public init(assetNo: String, calibratedOn: Day, dueOn: Day, errorPercent: Double) {
    self.assetNo = assetNo
    self.calibratedOn = calibratedOn
    self.dueOn = dueOn
    self.errorPercent = errorPercent
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    guard state.equipment[assetNo] != nil else { throw .equipmentNotFound(assetNo) }
    try Validation.calibration(
      calibratedOn: calibratedOn, dueOn: dueOn, errorPercent: errorPercent, today: ctx.today)
    return [
      .equipmentCalibrated(
        EquipmentCalibrated(assetNo: assetNo, calibratedOn: calibratedOn, dueOn: dueOn, errorPercent: errorPercent))
    ]
  }
}

/// Loads one year of the working-day calendar (`griddesk calendar load FILE`).
public struct LoadCalendar: CommandBody {
  public static let name = "load-calendar"
  public static let roles: [Role] = [.admin, .supervisor]
  public var toml: String

  public init(toml: String) {
    self.toml = toml
  }

  public func decide(_ state: DomainState, _ ctx: DecisionContext) throws(DomainError) -> [Event] {
    let calendar = try WorkCalendar.parse(toml: toml)
    guard let year = calendar.years.keys.min() else { throw .calendarEmpty }
    return [.calendarLoaded(CalendarLoaded(year: year, toml: toml))]
  }
}

/// Names of the fields that error messages point at.
enum Fields {
  static let name = Localized("姓名/名称", "name")
  static let reason = Localized("原因", "reason")
  static let topic = Localized("培训内容", "training topic")
  static let certificateNumber = Localized("证书编号", "certificate number")
  static let assetNo = Localized("资产编号", "asset number")
  static let address = Localized("地址", "address")
  static let comment = Localized("意见", "comment")
  static let text = Localized("内容", "text")
  static let title = Localized("标题", "title")

  static func login(_ text: String) throws(DomainError) -> String {
    let login = Validation.normalize(text)
    guard !login.isEmpty, login.count <= 32,
      login.unicodeScalars.allSatisfy({
        $0.isASCII && ($0.properties.isAlphabetic || "0123456789._-".unicodeScalars.contains($0))
      })
    else { throw .badLogin(text) }
    return login
  }
}
