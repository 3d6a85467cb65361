import Domain
import Foundation

// The frame around the screens: status bar, key bar, message line, `:` command line and help overlay.
extension App {
  // MARK: Status bar

  /// `HH:mm` of `date` in the app's time zone.
  func clockText(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let parts = calendar.dateComponents([.hour, .minute], from: date)
    let hour = parts.hour ?? 0
    let minute = parts.minute ?? 0
    return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
  }

  /// The store as the status bar names it: the head once known, else the end of the path.
  func storeLabel() -> String {
    let word = lang == .zh ? "库" : "store"
    if let storeHead { return "\(word) \(storeHead)" }
    let path = session.storePath
    let room = 20
    if path.displayWidth <= room { return "\(word) \(path)" }
    var tail = ""
    for ch in path.reversed() {
      if tail.displayWidth + DisplayWidth.of(ch) > room - 1 { break }
      tail = String(ch) + tail
    }
    return "\(word) …\(tail)"
  }

  func drawStatusBar(into canvas: inout Canvas, now: Date) {
    let width = canvas.width
    canvas.fill(Rect(x: 0, y: 0, width: width, height: 1), style: .status)
    let user: String
    if let name = session.userName {
      user = [name, session.roleTitle?.text(lang)].compactMap { $0 }.joined(separator: " ")
    } else {
      user = lang == .zh ? "未登记用户" : "unregistered"
    }
    let ssh = session.isSSH ? " (SSH)" : ""
    let count = warningCount.map(String.init) ?? "…"
    // An account that may see no orders is not told how many warnings the hall has either.
    let warnings =
      areaRefusal?(.orders) != nil
      ? (lang == .zh ? "预警 -" : "warnings -")
      : lang == .zh ? "预警 \(count)" : "warnings \(count)"
    let title = top.title.text(lang)
    let site = session.site.map { "  " + $0.text(lang) } ?? ""
    let clock = clockText(now)
    let notice = statusNotice.map { "  " + $0.text(lang) } ?? ""
    // Drop the least useful parts first when the line is too narrow: the store, then the site. A store
    // warning is never dropped: the site and the user go first.
    let candidates: [(left: String, right: String)]
    // A store warning, else the read-only mark, leads the right part and is never dropped.
    let lead = storeWarning ?? modeMark
    if let lead {
      let alert = lead.text(lang)
      candidates = [
        (" GridDesk \(title)\(site)", "\(alert)  \(user)\(ssh)  \(warnings)  \(clock) "),
        (" GridDesk \(title)", "\(alert)  \(warnings)  \(clock) "),
        (" GridDesk", "\(alert)  \(clock) "),
        (" GridDesk", "\(alert)  \(clock) "),
      ]
    } else {
      candidates = [
        (" GridDesk \(title)\(site)", "\(user)\(ssh)  \(storeLabel())\(notice)  \(warnings)  \(clock) "),
        (" GridDesk \(title)\(site)", "\(user)\(ssh)\(notice)  \(warnings)  \(clock) "),
        (" GridDesk \(title)", "\(user)\(ssh)\(notice)  \(warnings)  \(clock) "),
        (" GridDesk \(title)", "\(user)\(ssh)  \(warnings)  \(clock) "),
      ]
    }
    let chosen =
      candidates.first { $0.left.displayWidth + 2 + $0.right.displayWidth <= width } ?? candidates[3]
    let right = chosen.right.truncated(toWidth: width)
    let rightX = width - right.displayWidth
    canvas.write(chosen.left, x: 0, y: 0, style: .status, maxWidth: max(0, rightX - 1))
    canvas.write(right, x: rightX, y: 0, style: .status)
    if let lead {
      // The warning leads the right part, in the error style (the read-only mark in the warning style).
      canvas.write(
        lead.text(lang), x: rightX, y: 0, style: storeWarning != nil ? .error : .warning, maxWidth: width - rightX)
    }
  }

  // MARK: Bottom line

  func drawBottomLine(into canvas: inout Canvas) {
    let y = canvas.height - 1
    let width = canvas.width
    canvas.fill(Rect(x: 0, y: y, width: width, height: 1), style: .keybar)
    if var line = commandLine {
      canvas.write(":", x: 0, y: y, style: .fieldFocus)
      line.caretColumn = line.field.render(into: &canvas, x: 1, y: y, width: width - 1, style: .fieldFocus)
      if !line.candidates.isEmpty {
        let text = " " + line.candidates.joined(separator: "  ")
        canvas.fill(Rect(x: 0, y: y - 1, width: width, height: 1), style: .overlay)
        canvas.write(text, x: 0, y: y - 1, style: .overlay, maxWidth: width)
      }
      commandLine = line
      return
    }
    if let message {
      drawMessage(message, into: &canvas, bottom: y)
      return
    }
    drawKeyBar(into: &canvas, y: y)
  }

  /// A message on the bottom line; one that does not fit wraps upwards into a pane of up to half the
  /// screen (a long refusal, the reasons for each order of a bulk action), never cut at the edge. When
  /// even that is too small, the pane ends with where to read the rest (`:messages`).
  func drawMessage(_ message: (text: Localized, style: StyleRole), into canvas: inout Canvas, bottom y: Int) {
    let width = canvas.width
    var lines = message.text.text(lang).split(separator: "\n", omittingEmptySubsequences: false).flatMap {
      DisplayWidth.wrap(String($0), toWidth: max(10, width - 2))
    }
    let room = max(1, canvas.height / 2)
    if lines.count > room {
      let more = lines.count - room + 1
      lines = Array(lines.prefix(room - 1))
      lines.append(
        lang == .zh ? "… 另有 \(more) 行 (:messages 查看最近的消息)" : "… \(more) more lines (:messages shows recent ones)")
    }
    for (i, line) in lines.enumerated() {
      let row = y - (lines.count - 1) + i
      canvas.fill(Rect(x: 0, y: row, width: width, height: 1), style: message.style)
      canvas.write(" " + line, x: 0, y: row, style: message.style, maxWidth: width)
    }
  }

  /// Shows the recent messages again, newest last, in the message pane (`:messages`).
  func showRecentMessages() {
    guard !recentMessages.isEmpty else {
      message = (Localized("还没有消息", "No messages yet"), .muted)
      return
    }
    let text = Localized(
      (["最近的消息:"] + recentMessages.suffix(8).map { "· " + $0.text.zh }).joined(separator: "\n"),
      (["Recent messages:"] + recentMessages.suffix(8).map { "· " + $0.text.en }).joined(separator: "\n"))
    message = (text, .normal)
  }

  /// The key bar: `F1帮助 F2队列 … F10退出`, generated from the command table. Items that do not fit are
  /// left out, but the last one (quit or back) always stays.
  func drawKeyBar(into canvas: inout Canvas, y: Int) {
    let items: [(key: String, title: String)] = keyBarCommands.compactMap { id in
      guard let spec = commands[id], let key = spec.keys.first else { return nil }
      return (key.label(lang), spec.title.text(lang))
    }
    let gap = lang == .zh ? "" : " "
    func width(_ item: (key: String, title: String)) -> Int {
      item.key.displayWidth + gap.count + item.title.displayWidth
    }
    guard let last = items.last else { return }
    var budget = canvas.width - 1 - width(last)
    var shown: [(key: String, title: String)] = []
    for item in items.dropLast() where width(item) + 1 <= budget {
      shown.append(item)
      budget -= width(item) + 1
    }
    shown.append(last)
    var x = 1
    for item in shown {
      x = canvas.write(item.key, x: x, y: y, style: .keyHint)
      x = canvas.write(gap + item.title, x: x, y: y, style: .keybar)
      x += 1
    }
  }

  // MARK: Command line

  func handleCommandLine(_ key: Key) {
    guard var line = commandLine else { return }
    switch key {
    case .escape:
      commandLine = nil
      return
    case .enter:
      commandLine = nil
      execute(line.field.text)
      return
    case .tab:
      complete(&line)
    case .backspace where line.field.text.isEmpty:
      commandLine = nil
      return
    default:
      _ = line.field.handle(key)
      line.candidates = []
    }
    commandLine = line
  }

  private func complete(_ line: inout CommandLineState) {
    let text = line.field.text
    var names: [String]
    var head = ""
    var prefix = text
    if let space = text.firstIndex(of: " ") {
      // The argument: what the screen offers for this command (the sort columns after 排序).
      let name = String(text[..<space])
      prefix = String(text[text.index(after: space)...]).trimmingCharacters(in: .whitespaces)
      guard let id = commands.resolve(name, among: availableCommands) else { return }
      head = name + " "
      names = top.completions(for: id, argument: prefix, lang: lang)
    } else {
      // Only what this person may do here and now.
      names = commands.completions(
        for: prefix, among: availableCommands.filter { commandRefusal($0) == nil }, lang: lang)
    }
    guard let first = names.first else {
      line.candidates = [lang == .zh ? "(无匹配)" : "(no match)"]
      return
    }
    if names.count == 1 {
      line.field.setText(head + first)
      line.candidates = []
      return
    }
    var common = first
    for name in names.dropFirst() {
      while !name.lowercased().hasPrefix(common.lowercased()) { common.removeLast() }
    }
    if common.count > prefix.count { line.field.setText(head + common) }
    line.candidates = names
  }

  /// Runs a `:` line: a command name (id, or title in either language) and an optional argument.
  public func execute(_ text: String) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty else { return }
    let parts = trimmed.split(separator: " ", maxSplits: 1)
    let name = String(parts[0])
    let argument = parts.count > 1 ? String(parts[1]).trimmingCharacters(in: .whitespaces) : nil
    if ["messages", "消息"].contains(name.lowercased()) {
      showRecentMessages()
      return
    }
    guard let id = commands.resolve(name, among: availableCommands) else {
      // A screen this person may not see says so, rather than that it does not exist.
      if let hidden = commands.resolve(name, among: mainScreens.map(\.id)), let refusal = refusal(for: hidden) {
        show(refusal, style: .error)
        return
      }
      show(Localized("未知命令: \(name) (按 Tab 补全)", "Unknown command: \(name) (Tab completes)"), style: .error)
      return
    }
    run(Invocation(id, argument: argument))
  }

  // MARK: Help overlay

  /// One line per command of the current screen: keys, title, help text; a command the person may not
  /// run now says why instead, greyed (`refused`).
  func helpRows() -> [(keys: String, title: String, help: String, refused: Bool)] {
    let rows: [(keys: String, title: String, help: String, refused: Bool)] = availableCommands.compactMap { id in
      guard let spec = commands[id] else { return nil }
      var keys = spec.keyLabels(lang)
      if id == .quit, stack.count > 1 {
        keys = spec.keys.filter { $0 != .character("q") }.map { $0.label(lang) }.joined(separator: "/")
      }
      if let refusal = commandRefusal(id) {
        let why = (lang == .zh ? "现在不能用: " : "Not now: ") + refusal.text(lang)
        return (keys, spec.title.text(lang), why, true)
      }
      return (keys, spec.title.text(lang), spec.help.text(lang), false)
    }
    // What may be done comes first; the greyed rows after, each with its reason.
    return rows.filter { !$0.refused } + rows.filter(\.refused)
  }

  func handleHelp(_ key: Key) {
    guard var overlay = helpOverlay else { return }
    switch key.normalized {
    case .escape, .function(1), .character("?"), .character("q"), .enter:
      helpOverlay = nil
      return
    case .up, .character("k"): overlay.scroll -= 1
    case .down, .character("j"): overlay.scroll += 1
    case .pageUp: overlay.scroll -= 10
    case .pageDown, .character(" "): overlay.scroll += 10
    case .home: overlay.scroll = 0
    case .end: overlay.scroll = Int.max / 2
    default: break
    }
    helpOverlay = overlay
  }

  func drawHelp(into canvas: inout Canvas) {
    guard var overlay = helpOverlay else { return }
    let lines = theme.lines
    let rows = helpRows()
    let boxWidth = min(canvas.width - 2, 100)
    let innerWidth = boxWidth - 4
    let keyWidth = min(innerWidth / 3, (rows.map { $0.keys.displayWidth }.max() ?? 0) + 2)
    let titleWidth = min(14, (rows.map { $0.title.displayWidth }.max() ?? 0) + 2)
    let helpWidth = max(1, innerWidth - keyWidth - titleWidth)
    // Body lines: the intro wrapped, a gap, then each command with its help wrapped under itself.
    var body: [(keys: String, title: String, text: String, refused: Bool)] = []
    if let intro = top.helpIntro?.text(lang) {
      body += DisplayWidth.wrap(intro, toWidth: innerWidth).map { ("", "", $0, false) }
      body.append(("", "", "", false))
    }
    let introCount = body.count
    for row in rows {
      for (i, text) in DisplayWidth.wrap(row.help, toWidth: helpWidth).enumerated() {
        body.append(i == 0 ? (row.keys, row.title, text, row.refused) : ("", "", text, row.refused))
      }
    }
    // The help covers the whole screen area (status and key bars stay), so no half-hidden text shows
    // around it; the box is centred in it.
    let area = Rect(x: 0, y: 1, width: canvas.width, height: canvas.height - 2)
    let boxHeight = min(area.height, body.count + 2)
    let box = Rect(
      x: (canvas.width - boxWidth) / 2, y: area.y + (area.height - boxHeight) / 2, width: boxWidth,
      height: boxHeight)
    canvas.fill(area, style: .overlay)
    let title = lang == .zh ? "帮助: \(top.title.zh)" : "Help: \(top.title.en)"
    canvas.drawBox(box, lines: lines, title: title)
    let footer = lang == .zh ? " Esc 关闭  上下键滚动 " : " Esc closes  Up/Down scroll "
    canvas.write(footer, x: box.maxX - 2 - footer.displayWidth, y: box.maxY - 1, style: .border)

    let visible = max(1, box.height - 2)
    overlay.scroll = max(0, min(overlay.scroll, body.count - visible))
    helpOverlay = overlay
    let x = box.x + 2
    for (i, line) in body.dropFirst(overlay.scroll).prefix(visible).enumerated() {
      let y = box.y + 1 + i
      if overlay.scroll + i < introCount {
        canvas.write(line.text, x: x, y: y, style: .overlay, maxWidth: innerWidth)
        continue
      }
      canvas.write(line.keys, x: x, y: y, width: keyWidth - 1, style: line.refused ? .muted : .keyHint)
      canvas.write(line.title, x: x + keyWidth, y: y, width: titleWidth - 1, style: line.refused ? .muted : .accent)
      canvas.write(
        line.text, x: x + keyWidth + titleWidth, y: y, style: line.refused ? .muted : .overlay, maxWidth: helpWidth)
    }
  }
}
