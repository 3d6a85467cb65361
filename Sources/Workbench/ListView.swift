import Domain

/// Selection and scrolling of a list of `count` rows shown `pageSize` at a time.
///
/// Pure state: the screen keeps one, feeds it keys, and asks which rows are visible.
public struct ListView: Hashable, Sendable {
  public private(set) var count: Int
  /// The selected row; 0 when the list is empty.
  public private(set) var selection: Int = 0
  /// The first visible row.
  public private(set) var top: Int = 0

  public init(count: Int = 0) {
    self.count = max(0, count)
  }

  /// Changes the number of rows (after a reload or a filter), keeping the selection in range.
  public mutating func setCount(_ newCount: Int) {
    count = max(0, newCount)
    selection = min(selection, max(0, count - 1))
    top = min(top, selection)
  }

  /// Selects row `index` (clamped).
  public mutating func select(_ index: Int, pageSize: Int) {
    selection = max(0, min(index, count - 1))
    keepVisible(pageSize: pageSize)
  }

  /// Moves for Up/Down, `k`/`j`, PgUp/PgDn, Home/End. Returns false for any other key.
  public mutating func handle(_ key: Key, pageSize: Int) -> Bool {
    let page = max(1, pageSize)
    switch key {
    case .up, .character("k"): select(selection - 1, pageSize: page)
    case .down, .character("j"): select(selection + 1, pageSize: page)
    case .pageUp:
      top = max(0, top - page)
      select(selection - page, pageSize: page)
    case .pageDown:
      top = max(0, min(top + page, count - page))
      select(selection + page, pageSize: page)
    case .home: select(0, pageSize: page)
    case .end: select(count - 1, pageSize: page)
    default: return false
    }
    return true
  }

  /// Scrolls so that the selection is on screen.
  public mutating func keepVisible(pageSize: Int) {
    let page = max(1, pageSize)
    if selection < top { top = selection }
    if selection >= top + page { top = selection - page + 1 }
    top = max(0, min(top, max(0, count - page)))
  }

  /// The rows to draw for a page of `pageSize`.
  public func visibleRows(pageSize: Int) -> Range<Int> {
    let page = max(1, pageSize)
    let start = max(0, min(top, max(0, count - 1)))
    return start..<min(count, start + page)
  }

  /// The page the selection is on and the number of pages, both at least 1.
  public func page(pageSize: Int) -> (current: Int, total: Int) {
    let page = max(1, pageSize)
    let total = max(1, (count + page - 1) / page)
    return (min(total, selection / page + 1), total)
  }
}

/// A column of a table: title, width in columns (including the gap after it) and a share of spare width.
public struct TableColumn: Hashable, Sendable {
  public var title: Localized
  public var width: Int
  /// How many shares of the spare width this column takes when the table is wider than the sum.
  public var flex: Int
  public var alignment: DisplayWidth.Alignment

  public init(_ title: Localized, width: Int, flex: Int = 0, alignment: DisplayWidth.Alignment = .left) {
    self.title = title
    self.width = width
    self.flex = flex
    self.alignment = alignment
  }
}

/// Lays out and draws rows of text in columns measured by display width.
public enum Table {
  /// The width of each column for a table `totalWidth` wide: the given widths, with the spare width
  /// shared by flex (the last flexible column takes the remainder); when narrower, the last columns shrink.
  public static func widths(_ columns: [TableColumn], totalWidth: Int) -> [Int] {
    var widths = columns.map(\.width)
    let spare = totalWidth - widths.reduce(0, +)
    let shares = columns.map(\.flex).reduce(0, +)
    if spare > 0, shares > 0 {
      var given = 0
      let lastFlex = columns.lastIndex { $0.flex > 0 }!
      for (i, column) in columns.enumerated() where column.flex > 0 {
        let extra = i == lastFlex ? spare - given : spare * column.flex / shares
        widths[i] += extra
        given += extra
      }
    } else if spare < 0 {
      var excess = -spare
      for i in widths.indices.reversed() where excess > 0 {
        let cut = min(excess, max(0, widths[i] - 1))
        widths[i] -= cut
        excess -= cut
      }
    }
    return widths
  }

  /// Draws one row: each cell padded to its column (less a one-column gap), in its own style or `style`.
  public static func drawRow(
    _ cells: [String], widths: [Int], alignments: [DisplayWidth.Alignment] = [], into canvas: inout Canvas,
    x: Int, y: Int, style: StyleRole = .normal, cellStyles: [StyleRole?] = []
  ) {
    var column = x
    for (i, text) in cells.enumerated() where i < widths.count {
      let width = widths[i]
      let alignment = i < alignments.count ? alignments[i] : .left
      let cellStyle = (i < cellStyles.count ? cellStyles[i] : nil) ?? style
      let inner = max(0, width - 1)
      canvas.write(text, x: column, y: y, width: inner, style: cellStyle, alignment: alignment)
      if width > inner { canvas.write(" ", x: column + inner, y: y, style: style) }
      column += width
    }
  }

  /// Draws the column titles in `lang`.
  public static func drawHeader(
    _ columns: [TableColumn], widths: [Int], lang: Lang, into canvas: inout Canvas, x: Int, y: Int,
    style: StyleRole = .header
  ) {
    drawRow(
      columns.map { $0.title.text(lang) }, widths: widths, alignments: columns.map(\.alignment), into: &canvas,
      x: x, y: y, style: style)
  }
}
