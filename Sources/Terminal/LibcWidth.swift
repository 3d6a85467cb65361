import CNCurses

#if canImport(Glibc)
  import Glibc
#endif

/// The C library's own idea of character widths, for checking `DisplayWidth` against it in tests.
enum LibcWidth {
  /// Switches the process's character type to C.UTF-8 (what the terminal runs under when the
  /// session's locale is not UTF-8). Returns false when the locale is missing.
  static func useUTF8() -> Bool {
    setlocale(gd_lc_ctype(), "C.UTF-8") != nil
  }

  /// `wcwidth` of one code point: -1 for control characters and code points glibc does not assign.
  static func width(_ codePoint: UInt32) -> Int {
    Int(gd_wcwidth(wchar_t(bitPattern: codePoint)))
  }
}
