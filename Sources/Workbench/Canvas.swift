/// A column and row on a canvas, 0-based from the top left.
public struct Position: Hashable, Sendable, CustomStringConvertible {
  public var x: Int
  public var y: Int

  public init(x: Int, y: Int) {
    self.x = x
    self.y = y
  }

  public var description: String { "(\(x),\(y))" }
}

/// A rectangle of cells.
public struct Rect: Hashable, Sendable {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = max(0, width)
    self.height = max(0, height)
  }

  public var maxX: Int { x + width }
  public var maxY: Int { y + height }
  public var isEmpty: Bool { width == 0 || height == 0 }

  /// This rectangle shrunk by `dx` columns on each side and `dy` rows at top and bottom.
  public func insetBy(dx: Int, dy: Int) -> Rect {
    Rect(x: x + dx, y: y + dy, width: width - 2 * dx, height: height - 2 * dy)
  }
}

/// One cell of a canvas: a grapheme and its style.
///
/// A wide character (2 columns) occupies its own cell and a *continuation* cell to its right; the
/// continuation holds no text and is never written alone.
public struct Cell: Hashable, Sendable {
  /// The grapheme drawn here; empty for a continuation.
  public var text: String
  /// Columns the grapheme takes: 1 or 2, and 0 for a continuation.
  public var width: Int
  public var style: StyleRole
  /// Whether this is the right half of the wide character to its left.
  public var isContinuation: Bool

  public init(text: String, width: Int, style: StyleRole, isContinuation: Bool = false) {
    self.text = text
    self.width = width
    self.style = style
    self.isContinuation = isContinuation
  }

  /// A space in the given style.
  public static func blank(_ style: StyleRole = .normal) -> Cell {
    Cell(text: " ", width: 1, style: style)
  }
}

/// An in-memory screen: `width × height` cells. Screens draw into it; the terminal backend copies it to
/// ncurses, and tests compare it with golden text files.
///
/// Writing keeps one invariant: every wide character is followed by its continuation cell, and no
/// continuation exists without its wide character. Overwriting either half of a wide character blanks
/// both; a wide character that would straddle the right edge (of the canvas or of a clip width) is
/// replaced by a space.
public struct Canvas: Hashable, Sendable {
  public let width: Int
  public let height: Int
  public private(set) var cells: [Cell]

  public init(width: Int, height: Int, style: StyleRole = .normal) {
    self.width = max(0, width)
    self.height = max(0, height)
    cells = Array(repeating: .blank(style), count: self.width * self.height)
  }

  /// The whole canvas as a rectangle.
  public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

  public subscript(x: Int, y: Int) -> Cell {
    cells[y * width + x]
  }

  /// Fills the canvas with blanks.
  public mutating func clear(style: StyleRole = .normal) {
    for i in cells.indices { cells[i] = .blank(style) }
  }

  /// Writes `text` at `(x, y)` in `style`, clipped to the canvas and to `maxWidth` columns.
  ///
  /// Control characters and zero-width characters standing alone are dropped.
  /// - Returns: the column after the last one written.
  @discardableResult
  public mutating func write(
    _ text: some StringProtocol, x: Int, y: Int, style: StyleRole = .normal, maxWidth: Int? = nil
  )
    -> Int
  {
    guard y >= 0, y < height else { return x }
    let limit = min(width, maxWidth.map { x + max(0, $0) } ?? width)
    var column = x
    for ch in text {
      let w = DisplayWidth.of(ch)
      if w == 0 { continue }
      if column + w > limit {
        // Only the right half would fall outside: show a space instead of half a glyph.
        if column < limit, column >= 0 { put(Cell.blank(style), x: column, y: y) }
        return limit
      }
      if column >= 0 {
        put(Cell(text: String(ch), width: w, style: style), x: column, y: y)
      } else if column + w > 0 {
        // A wide character cut by the left edge: keep the column, lose the glyph.
        put(Cell.blank(style), x: 0, y: y)
      }
      column += w
    }
    return column
  }

  /// Writes `text` padded or cut to exactly `width` columns (see `DisplayWidth.pad`).
  @discardableResult
  public mutating func write(
    _ text: String, x: Int, y: Int, width: Int, style: StyleRole = .normal,
    alignment: DisplayWidth.Alignment = .left
  ) -> Int {
    write(DisplayWidth.pad(text, toWidth: width, alignment: alignment), x: x, y: y, style: style, maxWidth: width)
  }

  /// Fills a rectangle with blanks in `style`.
  public mutating func fill(_ rect: Rect, style: StyleRole) {
    let clipped = rect.intersection(bounds)
    for y in clipped.y..<clipped.maxY {
      for x in clipped.x..<clipped.maxX { put(.blank(style), x: x, y: y) }
    }
  }

  /// Changes the style of the cells in a rectangle and keeps their text (e.g. to highlight a row).
  public mutating func restyle(_ rect: Rect, style: StyleRole) {
    let clipped = rect.intersection(bounds)
    for y in clipped.y..<clipped.maxY {
      for x in clipped.x..<clipped.maxX { cells[y * width + x].style = style }
    }
  }

  /// Copies another canvas onto this one with its top left at `origin`, clipped to this canvas.
  public mutating func draw(_ other: Canvas, at origin: Position) {
    for y in 0..<other.height {
      let ty = origin.y + y
      guard ty >= 0, ty < height else { continue }
      for x in 0..<other.width {
        let cell = other[x, y]
        if cell.isContinuation { continue }
        let tx = origin.x + x
        if tx < 0 || tx >= width { continue }
        if tx + cell.width > width {
          put(.blank(cell.style), x: tx, y: ty)
        } else {
          put(cell, x: tx, y: ty)
        }
      }
    }
  }

  /// Draws a frame around `rect` with the theme's line characters, and `title` in its top edge.
  public mutating func drawBox(
    _ rect: Rect, lines: LineSet, style: StyleRole = .border, title: String? = nil,
    titleStyle: StyleRole = .title
  ) {
    guard rect.width >= 2, rect.height >= 2 else { return }
    let horizontal = String(repeating: lines.horizontal, count: rect.width - 2)
    write(lines.topLeft + horizontal + lines.topRight, x: rect.x, y: rect.y, style: style)
    write(lines.bottomLeft + horizontal + lines.bottomRight, x: rect.x, y: rect.maxY - 1, style: style)
    for y in (rect.y + 1)..<(rect.maxY - 1) {
      write(lines.vertical, x: rect.x, y: y, style: style)
      write(lines.vertical, x: rect.maxX - 1, y: y, style: style)
    }
    if let title, rect.width > 4 {
      write(" \(title) ", x: rect.x + 2, y: rect.y, style: titleStyle, maxWidth: rect.width - 4)
    }
  }

  /// Places one cell (and, for a wide one, its continuation), blanking any wide character it cuts.
  /// Internal: `cell.width` must be the display width of `cell.text`, which `write` guarantees.
  mutating func put(_ cell: Cell, x: Int, y: Int) {
    guard x >= 0, y >= 0, y < height, x < width, !cell.isContinuation else { return }
    if cell.width == 2 && x + 1 >= width {
      put(.blank(cell.style), x: x, y: y)
      return
    }
    release(x: x, y: y)
    if cell.width == 2 { release(x: x + 1, y: y) }
    cells[y * width + x] = cell
    if cell.width == 2 {
      cells[y * width + x + 1] = Cell(text: "", width: 0, style: cell.style, isContinuation: true)
    }
  }

  /// Blanks the other half of the wide character at `(x, y)`, if any, so the cell can be reused.
  private mutating func release(x: Int, y: Int) {
    let i = y * width + x
    let old = cells[i]
    if old.isContinuation, x > 0 {
      cells[i - 1] = .blank(cells[i - 1].style)
    } else if old.width == 2, x + 1 < width {
      cells[i + 1] = .blank(cells[i + 1].style)
    }
    cells[i] = .blank(old.style)
  }

  /// The text of each row, for golden snapshots. Trailing spaces are trimmed when `trimmed` is true
  /// (the default, so snapshot files have no invisible line ends).
  public func lines(trimmed: Bool = true) -> [String] {
    (0..<height).map { y in
      var line = ""
      for x in 0..<width {
        let cell = self[x, y]
        if !cell.isContinuation { line += cell.text }
      }
      if trimmed {
        while line.last == " " { line.removeLast() }
      }
      return line
    }
  }

  /// The style of each column as one letter (`StyleRole.code`), trailing normal cells trimmed.
  public func styleLines() -> [String] {
    (0..<height).map { y in
      var line = ""
      for x in 0..<width { line.append(self[x, y].style.code) }
      while line.last == StyleRole.normal.code { line.removeLast() }
      return line
    }
  }

  /// Checks the wide-character invariant; tests call it after drawing.
  public func checkInvariants() -> Bool {
    for y in 0..<height {
      var x = 0
      while x < width {
        let cell = self[x, y]
        if cell.isContinuation { return false }
        if cell.width == 2 {
          guard x + 1 < width, self[x + 1, y].isContinuation else { return false }
          x += 2
        } else {
          guard cell.width == 1 else { return false }
          x += 1
        }
      }
    }
    return true
  }
}

extension Rect {
  /// The part of this rectangle inside `other`.
  public func intersection(_ other: Rect) -> Rect {
    let x0 = max(x, other.x)
    let y0 = max(y, other.y)
    let x1 = min(maxX, other.maxX)
    let y1 = min(maxY, other.maxY)
    return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
  }
}
