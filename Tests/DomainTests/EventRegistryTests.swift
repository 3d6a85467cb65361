import Foundation
import Testing

@testable import Domain

@Suite struct EventRegistryTests {
  /// The type names as shipped, at their index. Snapshots store a timeline entry's type as this index and
  /// the log stores the name: neither may ever change. A new type is appended to the registry (and here).
  static let shipped = [
    "admin-bootstrapped", "staff-registered", "staff-updated", "staff-activation-changed", "training-recorded",
    "certificate-recorded", "equipment-registered", "equipment-calibrated", "calendar-loaded",
    "customer-registered", "customer-updated", "personal-data-revealed", "order-received", "appointment-confirmed",
    "stage-assigned", "checklist-item-marked", "checklist-item-cleared", "survey-recorded", "scheme-recorded",
    "confirmation-recorded", "milestone-planned", "milestone-reached", "feedback-received", "feedback-handled",
    "follow-up-recorded", "stage-advanced", "order-suspended", "order-resumed", "order-archived",
    "order-priority-set", "problem-opened", "problem-action-recorded", "problem-verified", "problem-closed",
    "readiness-checked", "risk-registered", "risk-updated", "risk-closed", "risk-response-recorded",
    "violation-recorded", "violation-statement-recorded", "audit-started", "audit-check-recorded",
    "audit-finding-recorded", "audit-closed", "standard-published", "notice-sent", "notice-acknowledged",
    "plan-created", "plan-action-recorded", "plan-phase-changed", "plan-evaluated", "points-awarded",
    "plan-promoted", "personal-data-key-added", "contact-recorded", "kpis-published",
  ]

  @Test func shippedNamesKeepTheirIndex() {
    #expect(Event.allTypes.count >= Self.shipped.count)
    for (index, name) in Self.shipped.enumerated() {
      #expect(Event.allTypes[index] == name, "type \(index) must stay \(name)")
      #expect(Event.typeIndex[name] == index)
    }
  }

  @Test func everyTypeIsRegisteredExactlyOnce() throws {
    #expect(Set(Event.allTypes).count == Event.registry.count, "a name is registered twice")
    #expect(
      Set(Event.registry.map { ObjectIdentifier($0.payload) }).count == Event.registry.count,
      "a payload type is registered twice")
    // One sample per row; each sample's own type is its row, so every case of `Event` reaches the registry
    // through `body` and the enum has no case the table lacks.
    let samples = try EventSamples.all()
    #expect(samples.map(\.type) == Event.allTypes)
    for (index, event) in samples.enumerated() {
      #expect(Event.typeIndex[event.type] == index)
      #expect(ObjectIdentifier(Swift.type(of: event.body)) == ObjectIdentifier(Event.registry[index].payload))
    }
  }

  @Test func everyEventRoundTrips() throws {
    let encoder = JSONEncoder()
    for event in try EventSamples.all() {
      let bytes = try event.payload()
      #expect(try Event(type: event.type, payload: bytes) == event, "\(event.type)")
      // The JSON export carries every field too.
      let json = try JSONSerialization.jsonObject(with: event.jsonData(encoder)) as? [String: Any]
      #expect(json?.isEmpty == false, "\(event.type)")
      // Masking keeps the type and decodes through the same table.
      #expect(try event.masked().type == event.type)
    }
  }

  @Test func anUnknownTypeIsRefusedWithItsCode() {
    #expect(throws: DomainError.self) { try Event(type: "no-such-event", payload: []) }
    do {
      _ = try Event(type: "no-such-event", payload: [])
    } catch let error as DomainError {
      #expect(error.code == .eventUnknown)
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test func timelineTitlesComeFromTheRegistry() {
    #expect(Event.timelineTitle("order-received") == Localized("受理工单", "order received"))
    #expect(Event.timelineTitle("no-such-event") == Localized("no-such-event", "no-such-event"))
    for row in Event.registry {
      for title in row.timeline { #expect(!title.zh.isEmpty && !title.en.isEmpty) }
    }
  }
}

@Suite struct DomainErrorCodeTests {
  @Test func codesAreUniqueAndStable() {
    let raw = DomainError.Code.allCases.map(\.rawValue)
    #expect(Set(raw).count == raw.count)
    #expect(DomainError.Code.idCheckDigit.rawValue == "id.check-digit")
    #expect(DomainError.Code.fieldRequired.rawValue == "field.required")
  }

  @Test func validationNamesTheFieldItConcerns() {
    do {
      _ = try Validation.required("  ", field: .needs)
      Issue.record("blank needs accepted")
    } catch {
      #expect(error.code == .fieldRequired)
      #expect(error.field == .needs)
    }
    do {
      _ = try Validation.residentID("110105194912310021", today: Day(2026, 12, 1))
      Issue.record("bad check digit accepted")
    } catch {
      #expect(error.field == .idNumber)
    }
    do {
      _ = try Validation.phone("12")
      Issue.record("bad phone accepted")
    } catch {
      #expect(error.field == .phone)
    }
  }
}
