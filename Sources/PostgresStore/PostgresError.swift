import Foundation
import Store

/// The bilingual errors of a hall kept in PostgreSQL; each is a `StoreError` that says what to check.
enum PostgresError {
  /// Connecting failed: told apart by what libpq said (no SQLSTATE exists before a session).
  static func connectFailed(_ address: PostgresAddress, detail: String) -> StoreError {
    let lower = detail.lowercased()
    if lower.contains("authentication failed") || lower.contains("no password supplied")
      || lower.contains("password authentication") || (lower.contains("role") && lower.contains("does not exist"))
      || lower.contains("no pg_hba.conf entry") || lower.contains("certificate")
    {
      return StoreError(
        .authentication,
        zh: "数据库拒绝了登录 (\(address.display)): \(detail)。请检查用户名和密码 (PGPASSWORD 或 ~/.pgpass), "
          + "或请管理员为该账号开通登录 (pg_hba.conf, CREATE ROLE ... LOGIN)。",
        en: "The database refused the login (\(address.display)): \(detail). Check the user name and password "
          + "(PGPASSWORD or ~/.pgpass), or ask the administrator to let this account log in (pg_hba.conf, "
          + "CREATE ROLE ... LOGIN).")
    }
    if lower.contains("database") && lower.contains("does not exist") {
      return StoreError(
        .notFound,
        zh: "数据库服务器上没有这个数据库 (\(address.display)): \(detail)。请检查 --store 地址末尾的数据库名。",
        en: "No such database on the server (\(address.display)): \(detail). Check the database name at the end "
          + "of the --store address.")
    }
    return unreachable(address, detail: detail)
  }

  static func unreachable(_ address: PostgresAddress, detail: String) -> StoreError {
    let place = address.hostAndPort
    return StoreError(
      .unreachable,
      zh: "连接不上数据库服务器 \(place) (\(detail))。请检查: 服务器是否在运行 (pg_isready -h 主机 -p 端口), "
        + "--store 地址的主机和端口是否正确, 防火墙或网络是否放行; 仍不行请联系管理员。",
      en: "Cannot reach the database server at \(place) (\(detail)). Check that the server is running "
        + "(pg_isready -h HOST -p PORT), that the host and port in --store are right, and that the network or "
        + "firewall lets this machine through; otherwise call the administrator.")
  }

  static func connectionLost(_ address: PostgresAddress, detail: String) -> StoreError {
    StoreError(
      .connectionLost,
      zh: "与数据库服务器 \(address.hostAndPort) 的连接断开了 (\(detail)); 本次操作未确认记录。"
        + "恢复连接后会重新读取, 已提交的记录会显示出来; 请检查网络或服务器后重试。",
      en: "The connection to the database server at \(address.hostAndPort) was lost (\(detail)); this action was "
        + "not confirmed as recorded. Once connected again the log is read afresh and whatever was committed shows; "
        + "check the network or the server, then try again.")
  }

  /// An error the server reported for a statement.
  static func server(_ address: PostgresAddress, state: String, message: String) -> StoreError {
    if state == "42501" {
      return StoreError(
        .permission,
        zh: "数据库拒绝了这项操作 (权限不足: \(message))。请管理员授予您该营业厅的权限 (GRANT griddesk_hall_营业厅 TO 账号)。",
        en: "The database refused this (permission denied: \(message)). Ask the administrator to grant you the "
          + "hall (GRANT griddesk_hall_HALL TO LOGIN).")
    }
    return StoreError(
      .io,
      zh: "数据库报错 (\(state)): \(message)。未记录任何内容; 请联系管理员。",
      en: "The database reported an error (\(state)): \(message). Nothing was recorded; call the administrator.")
  }

  static func unknownHall(_ address: PostgresAddress, known: [String]) -> StoreError {
    let list = known.isEmpty ? "(无 none)" : known.joined(separator: ", ")
    return StoreError(
      .notFound,
      zh: "数据库 \(address.display) 中没有营业厅「\(address.hall)」(或您无权查看)。您可用的营业厅: \(list)。请检查 --hall; "
        + "新营业厅用 griddesk init 创建。",
      en: "There is no hall \"\(address.hall)\" in \(address.display) (or you may not see it). Halls you can open: "
        + "\(list). Check --hall; a new hall is made with griddesk init.")
  }

  static func noHall(_ address: PostgresAddress) -> StoreError {
    StoreError(
      .invalidArgument,
      zh: "PostgreSQL 存储需要指定营业厅: 请加 --hall 名称 (或设置 GRIDDESK_HALL)。",
      en: "A PostgreSQL store needs a hall: add --hall NAME (or set GRIDDESK_HALL).")
  }

  static func badHallName(_ name: String) -> StoreError {
    StoreError(
      .invalidArgument,
      zh: "营业厅名称「\(name)」无效: 只能用小写字母、数字和下划线, 以字母开头, 最多 40 个字符。",
      en: "Invalid hall name \"\(name)\": lower-case letters, digits and underscores, starting with a letter, "
        + "at most 40 characters.")
  }
}
