import Domain
import Engine

extension App {
  /// The status-bar warning while a newer GridDesk's records stop the engine.
  public static let upgradeWarning = Localized("只读: 请升级 GridDesk", "READ-ONLY: upgrade GridDesk")
  /// The status-bar warning while the store cannot be followed (damage): `griddesk verify` says more.
  public static let storeFailureWarning = Localized("只读: 存储库有误", "READ-ONLY: store error")
  /// The status-bar mark while the store was opened with `--read-only` (a choice, not damage).
  public static let readOnlyModeMark = Localized("只读模式", "read-only")
  /// The status-bar warning while the log is damaged (the message line names the file and offset).
  public static let damageWarning = Localized("已损坏, 只读", "damaged, read-only")

  /// Brings in what other terminals recorded and shows where the store stands: its head, and, when the
  /// engine has stopped at a record of a newer GridDesk or cannot follow the store, a warning that stays
  /// in the status bar on every screen (`storeWarning`), with the whole message on the message line when
  /// it first appears. Called when the workbench opens and on every tick.
  public func followStore(_ engine: Engine) {
    var failure: Localized?
    if engine.unreadable == nil {
      do {
        try engine.catchUp()
      } catch let error as EngineError {
        failure = error.message
      } catch {
        failure = EngineError.store(error).message
      }
    }
    storeHead = engine.store.head.description
    let warning: Localized? =
      engine.unreadable != nil
      ? App.upgradeWarning
      : engine.store.damage != nil ? App.damageWarning : failure != nil ? App.storeFailureWarning : nil
    guard warning != storeWarning else { return }
    storeWarning = warning
    if warning != nil, let text = engine.stopMessage ?? failure {
      show(text, style: .error)
    }
  }
}
