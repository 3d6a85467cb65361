import Domain
import Engine
import Foundation

extension SessionInfo {
  /// The session of `engine`'s account as the status bar shows it: its name and role, and the hall's
  /// name, which every account sees — the creator of the store (who has no team) and field staff (whose
  /// team is a crew, not the hall) included.
  public init(engine: Engine, storePath: String, isSSH: Bool = false, lang: Lang) {
    let me = engine.me
    self.init(
      userName: me?.name, roleTitle: me?.primaryRole.title,
      site: SessionInfo.hallName(engine.state).map { Localized($0, $0) }, storePath: storePath, isSSH: isSSH,
      lang: lang)
  }

  /// Follows changes on the staff screen: this account's name and role, and the hall's name (the
  /// creator of a new store sees it once the first staff are registered).
  public mutating func follow(_ engine: Engine) {
    if let me = engine.me {
      userName = me.name
      roleTitle = me.primaryRole.title
    }
    let hall = SessionInfo.hallName(engine.state)
    if hall != site?.zh { site = hall.map { Localized($0, $0) } }
  }

  /// The hall's name: the team its counter clerks belong to (the one most active clerks share), else the
  /// team most active staff share; the first by name on a tie. nil while nobody has a team.
  public static func hallName(_ state: DomainState) -> String? {
    func commonest(_ staff: [StaffMember]) -> String? {
      var counts: [String: Int] = [:]
      for member in staff where !member.team.trimmingCharacters(in: .whitespaces).isEmpty {
        counts[member.team, default: 0] += 1
      }
      return counts.min { a, b in a.value != b.value ? a.value > b.value : a.key < b.key }?.key
    }
    let active = state.staff.values.filter(\.active)
    return commonest(active.filter { $0.has(.clerk) }) ?? commonest(Array(active))
  }
}
