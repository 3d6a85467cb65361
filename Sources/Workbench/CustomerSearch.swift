import Domain
import Foundation

/// Finds customers by name, account number, identity number or phone, and shows them masked.
public enum CustomerSearch {
  /// Customers matching `query`, best first, at most `limit`.
  ///
  /// An account number, a whole identity number or a whole phone number matches exactly; a name
  /// matches when it contains the query. Part of an identity or phone number matches only from 4
  /// characters, so that a single digit does not list the hall.
  public static func find(_ query: String, in state: DomainState, limit: Int = 200) -> [Customer] {
    let text = Validation.normalizeText(query)
    guard !text.isEmpty else { return [] }
    let key = Validation.normalize(text).uppercased()
    let phoneDigits = (try? Validation.phone(text))?.digits
    var scored: [(Int, Customer)] = []
    for customer in state.customers.values {
      var score = 0
      if customer.account == key {
        score = 100
      } else if customer.idNumber == key {
        score = 90
      } else if let phoneDigits, customer.phone == phoneDigits {
        score = 80
      } else if customer.name == text {
        score = 70
      } else if customer.name.contains(text) {
        score = 50
      } else if key.count >= 4, customer.account.hasPrefix(key) || customer.idNumber.contains(key) {
        score = 30
      } else if key.count >= 4, key.allSatisfy(\.isASCII), customer.phone.contains(key) {
        score = 20
      }
      if score > 0 { scored.append((score, customer)) }
    }
    scored.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1.account < $1.1.account }
    return scored.prefix(limit).map(\.1)
  }

  /// Guesses which field of a new customer the search text belongs in: `"id"`, `"phone"` or `"name"`.
  public static func fieldForQuery(_ query: String) -> String {
    let text = Validation.normalize(query)
    if text.count == 18, (try? Validation.residentID(text)) != nil || text.allSatisfy(\.isASCII) {
      return "id"
    }
    if (try? Validation.phone(text)) != nil { return "phone" }
    return "name"
  }
}

/// How a customer's fields look on screen: masked unless revealed.
public struct CustomerDisplay: Sendable, Hashable {
  public var account: String
  public var name: String
  public var idNumber: String
  public var phone: String
  public var address: String

  /// The customer as a clerk sees it (`revealed: false`) or after an accepted reveal.
  public init(_ customer: Customer, revealed: Bool = false) {
    account = customer.account
    if revealed {
      name = customer.name
      idNumber = customer.idNumber
      phone = customer.phone
      address = customer.address
    } else {
      name =
        customer.kind == .organisation ? Masking.organisation(customer.name) : Masking.name(customer.name)
      idNumber = Masking.idNumber(customer.idNumber)
      phone = Masking.phone(customer.phone)
      address = Masking.address(customer.address)
    }
  }
}
