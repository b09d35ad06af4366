import ClienteleStore

extension ClientService {
    /// Applies the fields named by `paths` (the update mask). With `expectedVersion`
    /// not 0 the client must be at that version.
    public func update(
        _ clientID: String, fields: ClientFieldsInput, paths: [String], expectedVersion: Int64,
        _ write: Write<ClientView>
    ) async throws(DomainError) -> ClientView {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        guard !paths.isEmpty else {
            throw .invalidArgument(field: "update_mask", reason: "names no field; list the paths to change")
        }
        if let money = paths.first(where: ClientFieldRules.billingTerms.contains) {
            throw .invalidArgument(
                field: "update_mask", reason: "\(money) changes with Billing/ChangeTerms or Billing/ChangeCurrency")
        }
        return try await self.renamingDuplicates {
            try await self.writer.commit(write) { store, trail, now in
                var view = try Self.changeable(id, expectedVersion: expectedVersion, store: store)
                let changed = try ClientFieldRules.apply(fields, paths: paths, to: &view.client, creating: false)
                guard !changed.isEmpty else { return view }
                if changed.contains("manager_user_id"), let manager = view.client.managerUserID {
                    try Self.checkManager(manager, groupID: view.client.groupID, store: store)
                }
                try Self.save(&view.client, contacts: view.contacts, now: now, store: store)
                trail.record(group: view.client.groupID, client: id, resource: "client:\(id)", changed: changed)
                return view
            }
        }
    }

    /// Sets or clears a flag (blocked, suspended) or moves the status (activate, deactivate).
    public func change(
        _ clientID: String, _ transition: ClientTransition, reason: String, expectedVersion: Int64,
        _ write: Write<ClientView>
    ) async throws(DomainError) -> ClientView {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let reason =
            transition.needsReason
            ? try Validate.required(reason, "reason", maxLength: 500)
            : try Validate.optional(reason, "reason", maxLength: 500)
        let actor = write.origin.actor
        return try await self.writer.commit(write) { store, trail, now in
            var view = try Self.changeable(id, expectedVersion: expectedVersion, store: store)
            let changed = try Self.apply(transition, to: &view.client, reason: reason, actor: actor, now: now)
            try Self.save(&view.client, contacts: view.contacts, now: now, store: store)
            trail.record(
                group: view.client.groupID, client: id, resource: "client:\(id)", changed: [changed], detail: reason)
            return view
        }
    }

    /// The changed field, or FAILED_PRECONDITION when the client is not in a state the transition leaves.
    private static func apply(
        _ transition: ClientTransition, to client: inout ClientRecord, reason: String, actor: String, now: Int64
    ) throws -> String {
        let status = ClientStatus(rawValue: client.status) ?? .pending
        func refuse(_ why: String) -> DomainError { .failedPrecondition("client \(client.id) \(why)") }
        switch transition {
        case .block:
            guard client.blocked == nil else { throw refuse("is already blocked") }
            client.blocked = StateFlagRecord(reason: reason, by: actor, at: now)
            return "blocked"
        case .unblock:
            guard client.blocked != nil else { throw refuse("is not blocked") }
            client.blocked = nil
            return "blocked"
        case .suspend:
            guard client.suspended == nil else { throw refuse("is already suspended") }
            client.suspended = StateFlagRecord(reason: reason, by: actor, at: now)
            return "suspended"
        case .resume:
            guard client.suspended != nil else { throw refuse("is not suspended") }
            client.suspended = nil
            return "suspended"
        case .activate:
            guard status == .pending || status == .inactive else {
                throw refuse("is \(status.name), not pending or inactive")
            }
            client.status = ClientStatus.active.rawValue
            return "status"
        case .deactivate:
            guard status == .active else { throw refuse("is \(status.name), not active") }
            client.status = ClientStatus.inactive.rawValue
            return "status"
        }
    }

    /// What closing the client would leave behind, one line each; empty when it may close.
    static func closingBlockers(_ view: ClientView, store: StoreContext, now: Int64) throws -> [String] {
        var blockers: [String] = []
        let undelivered = try store.outbox.pendingCount(clientID: view.client.id)
        if undelivered > 0 { blockers.append("\(undelivered) outbox message(s) not yet delivered") }
        let open = try store.invitations.forClient(view.client.id).filter { $0.isOpen(at: now) }
        if !open.isEmpty { blockers.append("\(open.count) open invitation(s); revoke them or let them be accepted") }
        blockers += BillingRules.closingBlockers(
            try store.billing.account(clientID: view.client.id), currency: view.client.currency)
        return blockers
    }

    /// Closes the client unless something blocks it; a dry run only reports.
    public func close(
        _ clientID: String, dryRun: Bool, reason: String, expectedVersion: Int64, _ write: Write<ClosingReport>
    ) async throws(DomainError) -> ClosingReport {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let reason = try Validate.optional(reason, "reason", maxLength: 500)
        if dryRun {
            let now = self.clock.nowMillis()
            return try await self.database.look { store in
                let view = try Self.changeable(id, expectedVersion: expectedVersion, store: store)
                let blockers = try Self.closingBlockers(view, store: store, now: now)
                return ClosingReport(closable: blockers.isEmpty, blockers: blockers, view: view)
            }
        }
        return try await self.writer.commit(write) { store, trail, now in
            var view = try Self.changeable(id, expectedVersion: expectedVersion, store: store)
            let blockers = try Self.closingBlockers(view, store: store, now: now)
            guard blockers.isEmpty else {
                throw DomainError.failedPrecondition(
                    "client \(id) cannot be closed: \(blockers.joined(separator: "; "))")
            }
            view.client.status = ClientStatus.closed.rawValue
            view.client.closedAt = now
            view.client.activationDeadline = nil
            try Self.save(&view.client, contacts: view.contacts, now: now, store: store)
            trail.record(
                group: view.client.groupID, client: id, resource: "client:\(id)", changed: ["status"], detail: reason)
            return ClosingReport(closable: true, blockers: [], view: view)
        }
    }
}
