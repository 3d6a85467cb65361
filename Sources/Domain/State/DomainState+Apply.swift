import Foundation

extension DomainState {
  /// Applies one recorded event. Events were decided against the same state, so apply never refuses;
  /// an event that names something unknown (possible only in a damaged or hand-made log) is skipped.
  public mutating func apply(_ event: Event, _ meta: EventMeta) {
    seq = meta.seq
    version &+= 1
    switch event {
    case .adminBootstrapped(let e):
      var member = StaffMember(login: e.login, name: e.name, roles: [.admin, .supervisor], team: "")
      member.active = true
      member.registered = meta.at
      staff[e.login] = member

    case .staffRegistered(let e):
      var member = StaffMember(login: e.login, name: e.name, roles: e.roles, team: e.team)
      member.registered = meta.at
      staff[e.login] = member

    case .staffUpdated(let e):
      staff[e.login]?.name = e.name
      staff[e.login]?.roles = e.roles.sorted()
      staff[e.login]?.team = e.team

    case .staffActivationChanged(let e):
      staff[e.login]?.active = e.active

    case .trainingRecorded(let e):
      staff[e.login]?.training.append(e.record)

    case .certificateRecorded(let e):
      staff[e.login]?.certificates.append(e.certificate)

    case .equipmentRegistered(let e):
      equipment[e.equipment.assetNo] = e.equipment

    case .equipmentCalibrated(let e):
      equipment[e.assetNo]?.calibratedOn = e.calibratedOn
      equipment[e.assetNo]?.dueOn = e.dueOn
      equipment[e.assetNo]?.errorPercent = e.errorPercent

    case .calendarLoaded(let e):
      do {
        calendar = calendar.merging(try WorkCalendar.parse(toml: e.toml, checkKeys: false))
        calendarFiles.append(e.toml)
      } catch {
        // Never silent: `report warnings` and the status bar name the record (`unreadableRecords`).
        unreadableRecords.append(UnreadableRecord(seq: meta.seq, event: event.type, error: error))
      }

    case .customerRegistered(let e):
      customers[e.customer.account] = e.customer
      if !e.customer.idNumber.isEmpty { customerByID[e.customer.idNumber] = e.customer.account }
      customerCount += 1

    case .customerUpdated(let e):
      guard let old = customers[e.customer.account] else { break }
      if old.idNumber != e.customer.idNumber {
        customerByID[old.idNumber] = nil
        if !e.customer.idNumber.isEmpty { customerByID[e.customer.idNumber] = e.customer.account }
      }
      var updated = e.customer
      updated.orders = old.orders
      customers[e.customer.account] = updated

    case .personalDataRevealed(let e):
      reveals.append(
        RevealRecord(seq: meta.seq, at: meta.at, by: meta.by, account: e.account, fields: e.fields, reason: e.reason))

    case .orderReceived(let e):
      applyOrderReceived(e, meta)

    case .appointmentConfirmed(let e):
      updateOrder(e.number, event.type, meta, note: "") { $0.appointmentConfirmed = e.appointment }

    case .stageAssigned(let e):
      updateOrder(e.number, event.type, meta, note: e.assignee) { order in
        guard e.stage < order.stages.count else { return }
        order.stages[e.stage].assignee = e.assignee
      }

    case .checklistItemMarked(let e):
      updateOrder(
        e.number, event.type, meta, variant: e.notApplicable == nil ? 0 : TimelineEntry.notApplicable, note: e.item,
        detail: e.notApplicable ?? ""
      ) { order in
        guard e.stage < order.stages.count else { return }
        order.stages[e.stage].marks.removeAll { $0.item == e.item }
        order.stages[e.stage].marks.append(
          CheckMark(item: e.item, by: meta.by, at: meta.at, notApplicable: e.notApplicable))
      }

    case .checklistItemCleared(let e):
      updateOrder(e.number, event.type, meta, note: e.item) { order in
        guard e.stage < order.stages.count else { return }
        order.stages[e.stage].marks.removeAll { $0.item == e.item }
      }

    case .surveyRecorded(let e):
      updateOrder(e.number, event.type, meta, note: e.instruments.joined(separator: ",")) {
        $0.survey = SurveyRecord(
          started: e.started, ended: e.ended, findings: e.findings, hazards: e.hazards, instruments: e.instruments,
          by: meta.by, at: meta.at, calibrations: e.calibrations)
      }

    case .contactRecorded(let e):
      updateOrder(e.number, event.type, meta, note: e.method.rawValue) {
        $0.contact = ContactRecord(
          contacted: e.contacted, method: e.method, person: e.person, findings: e.findings, by: meta.by, at: meta.at)
      }

    case .schemeRecorded(let e):
      updateOrder(e.number, event.type, meta, note: "") {
        $0.scheme = Scheme(
          plan: e.plan, advice: e.advice, budget: e.budget, timetable: e.timetable, by: meta.by, at: meta.at)
      }

    case .schemeRevised(let e):
      updateOrder(e.number, event.type, meta, note: "\(e.version)", detail: e.note) { order in
        if let old = order.scheme { order.earlierSchemes.append(old) }
        order.scheme = Scheme(
          plan: e.plan, advice: e.advice, budget: e.budget, timetable: e.timetable, by: meta.by, at: meta.at,
          version: e.version, note: e.note)
      }

    case .confirmationRecorded(let e):
      // A round answers the version on file when it is recorded (the command may insist on the version the
      // customer was shown, `RecordConfirmation.schemeVersion`).
      let round = (orders[e.number]?.rounds.count ?? 0) + 1
      updateOrder(
        e.number, event.type, meta, variant: e.accepted ? 0 : TimelineEntry.rejected, note: "\(round)",
        detail: e.comment
      ) { order in
        order.rounds.append(
          ConfirmationRound(
            round: order.rounds.count + 1, accepted: e.accepted, comment: e.comment, by: meta.by, at: meta.at,
            schemeVersion: order.scheme?.version ?? 1))
      }

    case .milestonePlanned(let e):
      // A reason for planning past the deadline stays in the timeline beside the title.
      updateOrder(e.number, event.type, meta, note: e.title, detail: e.reason ?? "") { order in
        order.milestones.append(
          Milestone(id: order.milestones.count + 1, title: e.title, planned: e.planned, reached: nil, note: ""))
      }

    case .milestoneReached(let e):
      let title = orders[e.number]?.milestones.first { $0.id == e.id }?.title ?? "#\(e.id)"
      updateOrder(e.number, event.type, meta, note: title, detail: e.note) { order in
        guard let i = order.milestones.firstIndex(where: { $0.id == e.id }) else { return }
        order.milestones[i].reached = meta.at
        order.milestones[i].note = e.note
      }

    case .feedbackReceived(let e):
      updateOrder(e.number, event.type, meta, note: e.text) { order in
        order.feedback.append(
          FeedbackItem(id: order.feedback.count + 1, text: e.text, received: meta.at, handled: nil, response: nil))
      }

    case .feedbackHandled(let e):
      updateOrder(e.number, event.type, meta, note: e.response) { order in
        guard let i = order.feedback.firstIndex(where: { $0.id == e.id }) else { return }
        order.feedback[i].handled = meta.at
        order.feedback[i].response = e.response
      }

    case .followUpRecorded(let e):
      updateOrder(e.number, event.type, meta, note: "\(e.score)") {
        $0.followUp = FollowUp(method: e.method, score: e.score, comment: e.comment, by: meta.by, at: meta.at)
      }

    case .stageAdvanced(let e):
      updateOrder(e.number, event.type, meta, note: "") { order in
        guard e.stage == order.current, e.stage < order.stages.count else { return }
        order.stages[e.stage].completed = meta.at
        order.current += 1
        if order.current < order.stages.count { order.stages[order.current].started = meta.at }
      }

    case .orderSuspended(let e):
      updateOrder(e.number, event.type, meta, note: e.reason) {
        $0.suspensions.append(OrderSuspension(from: meta.at, to: nil, reason: e.reason, by: meta.by))
      }

    case .orderResumed(let e):
      updateOrder(e.number, event.type, meta, note: e.note) { order in
        guard !order.suspensions.isEmpty else { return }
        order.suspensions[order.suspensions.count - 1].to = meta.at
      }

    case .orderArchived(let e):
      updateOrder(e.number, event.type, meta, note: "") { $0.archived = meta.at }

    case .orderPrioritySet(let e):
      updateOrder(e.number, event.type, meta, note: e.priority ? "+" : "-") { $0.priority = e.priority }

    case .problemOpened(let e):
      problems[e.id] = Problem(
        id: e.id, source: e.source, order: e.order, title: e.title, owner: e.owner, due: e.due, cause: nil,
        action: nil, verification: nil, verifiedBy: nil, status: .open, opened: meta.at, closed: nil)
      problemCount += 1
      if let number = e.order { updateOrder(number, event.type, meta, note: e.id) { $0.problems.append(e.id) } }

    case .problemActionRecorded(let e):
      problems[e.id]?.cause = e.cause
      problems[e.id]?.action = e.action
      if problems[e.id]?.status == .open { problems[e.id]?.status = .actionTaken }

    case .problemVerified(let e):
      problems[e.id]?.verification = e.verification
      problems[e.id]?.verifiedBy = meta.by
      problems[e.id]?.status = .verified

    case .problemClosed(let e):
      problems[e.id]?.status = .closed
      problems[e.id]?.closed = meta.at

    case .readinessChecked(let e):
      readiness["\(e.check.login)|\(e.check.day)"] = e.check

    case .riskRegistered, .riskUpdated, .riskClosed, .riskResponseRecorded, .violationRecorded,
      .violationStatementRecorded, .auditStarted, .auditCheckRecorded, .auditFindingRecorded, .auditClosed,
      .standardPublished, .noticeSent, .noticeAcknowledged, .planCreated, .planActionRecorded, .planPhaseChanged,
      .planEvaluated, .pointsAwarded, .planPromoted, .kpisPublished:
      applySupervision(event, meta)

    case .personalDataKeyAdded(let e):
      keyVersions.append(e)
    }
  }

  private mutating func applyOrderReceived(_ e: OrderReceived, _ meta: EventMeta) {
    let day = Day(containing: meta.at)
    ordersPerDay[day.daysSinceEpoch, default: 0] += 1
    let kinds = standard(version: e.standardVersion)?.businessType(e.type)?.stages.map(\.kind) ?? [.intake]
    var stages = kinds.map { StageRecord(kind: $0) }
    stages[0].started = meta.at
    stages[0].assignee = meta.by
    let order = Order(
      number: e.number, customer: e.account, type: e.type, standardVersion: e.standardVersion, channel: e.channel,
      needs: e.needs, appointment: e.appointment, appointmentConfirmed: nil, received: meta.at, receivedBy: meta.by,
      priority: false, stages: stages, current: 0, suspensions: [], archived: nil, survey: nil, scheme: nil,
      rounds: [], milestones: [], feedback: [], followUp: nil, problems: [],
      timeline: [TimelineEntry(seq: meta.seq, at: meta.at, by: meta.by, type: "order-received", note: e.needs)])
    orders[e.number] = order
    customers[e.account]?.orders.append(e.number)
  }

  private mutating func updateOrder(
    _ number: String, _ type: String, _ meta: EventMeta, variant: Int = 0, note: String, detail: String = "",
    _ body: (inout Order) -> Void
  ) {
    guard orders[number] != nil else { return }
    body(&orders[number]!)
    orders[number]!.timeline.append(
      TimelineEntry(seq: meta.seq, at: meta.at, by: meta.by, type: type, variant: variant, note: note, detail: detail))
  }
}
