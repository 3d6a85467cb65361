import Foundation

/// Free text — names, addresses, needs, findings, comments, reasons — is stored exactly as typed:
/// "，" stays "，" and "mm²" stays "mm²". Only identifiers (ID, phone, account, codes, asset numbers)
/// are normalised from full-width forms (`Validation.normalize`). The checks (not blank, no control
/// characters, not too long) are those of `Validation.required`; the text kept is the typed one with
/// only the blanks around it removed.
enum FreeText {
  /// Required free text, as typed.
  static func required(_ text: String, field: Localized, maxLength: Int = Validation.textMaxLength) throws(DomainError)
    -> String
  {
    _ = try Validation.required(text, field: field, maxLength: maxLength)
    let kept = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !kept.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
      throw .fieldCharacters(field)
    }
    return kept
  }

  /// Required free text of a command's field: a refusal names the field (`DomainError.field`).
  static func required(_ text: String, field: DomainField, maxLength: Int = 200) throws(DomainError) -> String {
    do {
      return try required(text, field: field.label, maxLength: maxLength)
    } catch {
      throw error.concerning(field)
    }
  }

  /// Optional free text, as typed (blanks around it removed; a line break or tab inside becomes a space,
  /// so that a record stays on one line).
  static func text(_ text: String) -> String {
    let kept = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard kept.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return kept }
    return String(
      String.UnicodeScalarView(
        kept.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
  }
}
