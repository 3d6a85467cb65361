import Foundation

extension DomainState {
  /// Applies an event of the supervisor's desk. Like `apply`, never refuses: an event naming something
  /// unknown is skipped.
  mutating func applySupervision(_ event: Event, _ meta: EventMeta) {
    switch event {
    case .riskRegistered(let e):
      supervision.risks.append(
        Risk(
          id: e.id, source: e.source, category: e.category, title: e.title, likelihood: e.likelihood,
          impact: e.impact, owner: e.owner, plan: e.plan, status: .open, opened: meta.at, closed: nil,
          closingNote: nil, responses: []))

    case .riskUpdated(let e):
      guard let i = supervision.risks.firstIndex(where: { $0.id == e.id }) else { return }
      supervision.risks[i].likelihood = e.likelihood
      supervision.risks[i].impact = e.impact
      supervision.risks[i].owner = e.owner
      supervision.risks[i].plan = e.plan
      supervision.risks[i].status = e.status

    case .riskClosed(let e):
      guard let i = supervision.risks.firstIndex(where: { $0.id == e.id }) else { return }
      supervision.risks[i].status = .closed
      supervision.risks[i].closed = meta.at
      supervision.risks[i].closingNote = e.note

    case .riskResponseRecorded(let e):
      let response = RiskResponse(action: e.action, by: meta.by, at: meta.at)
      if let id = e.risk, let i = supervision.risks.firstIndex(where: { $0.id == id }) {
        supervision.risks[i].responses.append(response)
        if supervision.risks[i].status == .open { supervision.risks[i].status = .mitigating }
      } else if let warning = e.warning {
        if let i = supervision.warningResponses.firstIndex(where: { $0.warning == warning }) {
          supervision.warningResponses[i].responses.append(response)
        } else {
          supervision.warningResponses.append(WarningResponses(warning: warning, responses: [response]))
        }
      }

    case .violationRecorded(let e):
      supervision.violations.append(
        Violation(
          id: e.id, staff: e.staff, category: e.category, severity: e.severity, description: e.description,
          shares: e.shares, decision: e.decision, order: e.order, audit: e.audit, recorded: meta.at,
          recordedBy: meta.by, statements: []))

    case .violationStatementRecorded(let e):
      guard let i = supervision.violations.firstIndex(where: { $0.id == e.id }) else { return }
      supervision.violations[i].statements.append(ViolationStatement(by: meta.by, at: meta.at, text: e.text))

    case .auditStarted(let e):
      supervision.audits.append(
        Audit(
          id: e.id, from: e.from, to: e.to, sampleSize: e.sampleSize, seed: e.seed, sample: e.sample, checks: [],
          findings: [], status: .open, started: meta.at, startedBy: meta.by, conclusion: nil, closed: nil,
          startHead: e.head))

    case .auditCheckRecorded(let e):
      guard let i = supervision.audits.firstIndex(where: { $0.id == e.id }) else { return }
      supervision.audits[i].checks.removeAll { $0.order == e.order }
      supervision.audits[i].checks.append(
        AuditCheck(
          order: e.order, deadlinesMet: e.deadlinesMet, checklistsComplete: e.checklistsComplete,
          followUpDone: e.followUpDone, dataComplete: e.dataComplete, revealsJustified: e.revealsJustified,
          note: e.note, by: meta.by, at: meta.at))

    case .auditFindingRecorded(let e):
      guard let i = supervision.audits.firstIndex(where: { $0.id == e.id }) else { return }
      supervision.audits[i].findings.append(AuditFinding(kind: e.kind, order: e.order, text: e.text, ref: e.ref))

    case .auditClosed(let e):
      guard let i = supervision.audits.firstIndex(where: { $0.id == e.id }) else { return }
      supervision.audits[i].status = .closed
      supervision.audits[i].conclusion = e.conclusion
      supervision.audits[i].closed = meta.at
      supervision.audits[i].closeHead = e.head

    case .standardPublished(let e):
      do {
        var standard = try Standard.parse(toml: e.toml, checkKeys: false)
        if standard.version == e.version, !standards.contains(where: { $0.version == e.version }) {
          standard.effective = e.effective
          standards.append(standard)
        }
      } catch {
        // Never silent: `report warnings` names the record (`unreadableRecords`).
        unreadableRecords.append(UnreadableRecord(seq: meta.seq, event: event.type, error: error))
      }

    case .noticeSent(let e):
      supervision.notices.append(
        Notice(
          id: e.id, team: e.team, recipients: e.recipients, text: e.text, sent: meta.at, by: meta.by,
          acknowledged: []))

    case .noticeAcknowledged(let e):
      guard let i = supervision.notices.firstIndex(where: { $0.id == e.id }),
        !supervision.notices[i].acknowledged.contains(meta.by)
      else { return }
      supervision.notices[i].acknowledged.append(meta.by)

    case .planCreated(let e):
      supervision.plans.append(
        ImprovementPlan(
          id: e.id, title: e.title, problems: e.problems, kpi: e.kpi, owner: e.owner, target: e.target,
          actions: e.actions, phase: .plan, created: meta.at, evaluations: [], promotion: nil))

    case .planActionRecorded(let e):
      guard let i = supervision.plans.firstIndex(where: { $0.id == e.id }) else { return }
      if let a = supervision.plans[i].actions.firstIndex(where: { $0.title == e.title }) {
        supervision.plans[i].actions[a].due = e.due
        if !e.note.isEmpty { supervision.plans[i].actions[a].note = e.note }
        if e.done && supervision.plans[i].actions[a].done == nil { supervision.plans[i].actions[a].done = meta.at }
      } else {
        supervision.plans[i].actions.append(
          PlanAction(title: e.title, due: e.due, done: e.done ? meta.at : nil, note: e.note))
      }

    case .planPhaseChanged(let e):
      guard let i = supervision.plans.firstIndex(where: { $0.id == e.id }) else { return }
      supervision.plans[i].phase = e.phase

    case .planEvaluated(let e):
      guard let i = supervision.plans.firstIndex(where: { $0.id == e.id }) else { return }
      supervision.plans[i].evaluations.append(
        PlanEvaluation(
          kpi: e.kpi, beforeFrom: e.beforeFrom, beforeTo: e.beforeTo, afterFrom: e.afterFrom, afterTo: e.afterTo,
          before: e.before, after: e.after, met: e.met, at: meta.at))

    case .pointsAwarded(let e):
      supervision.points.append(
        PointsAward(login: e.login, points: e.points, reason: e.reason, plan: e.plan, by: meta.by, at: meta.at))

    case .planPromoted(let e):
      guard let i = supervision.plans.firstIndex(where: { $0.id == e.id }) else { return }
      supervision.plans[i].promotion = e.text

    case .kpisPublished(let e):
      guard let month = e.month else { return }
      supervision.kpiPublications.append(
        KPIPublication(month: month, head: e.head, figures: e.figures ?? [], at: meta.at, by: meta.by))

    default:
      return
    }
  }
}

extension DomainState {
  /// Debug-only consistency checks of the supervisor's desk, run by `checkInvariants`.
  func checkSupervisionInvariants() {
    let s = supervision
    for (name, ids) in [
      ("risk", s.risks.map(\.id)), ("violation", s.violations.map(\.id)), ("audit", s.audits.map(\.id)),
      ("notice", s.notices.map(\.id)), ("plan", s.plans.map(\.id)),
    ] {
      precondition(Set(ids).count == ids.count, "duplicate \(name) id")
    }
    for r in s.risks {
      precondition((1...5).contains(r.likelihood) && (1...5).contains(r.impact), "risk \(r.id) off the scale")
      precondition((r.status == .closed) == (r.closed != nil), "risk \(r.id) closed out of step")
    }
    for a in s.audits {
      precondition(Set(a.sample).count == a.sample.count, "audit \(a.id) samples an order twice")
      precondition(a.checks.allSatisfy { a.sample.contains($0.order) }, "audit \(a.id) checks outside its sample")
      precondition(a.sample.allSatisfy { orders[$0]?.isArchived ?? false }, "audit \(a.id) samples an open order")
    }
    for n in s.notices {
      precondition(n.acknowledged.allSatisfy(n.recipients.contains), "notice \(n.id) acknowledged by a stranger")
    }
    for v in s.violations {
      precondition(v.shares.contains { $0.responsibility == .main }, "violation \(v.id) without main responsibility")
    }
    precondition(Set(standards.map(\.version)).count == standards.count, "two standards of one version")
  }
}
