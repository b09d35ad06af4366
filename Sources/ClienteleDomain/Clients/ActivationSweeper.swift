import ClienteleAccess
public import ClienteleStore
public import Logging

/// The background job that removes account owners who did not activate by their
/// deadline (audited as "system"), and forgets idempotency keys past their window.
public struct ActivationSweeper: Sendable {
    let database: any StoreDatabase
    let clock: any Clock
    let writer: AuditedWriter
    let logger: Logger

    public init(database: any StoreDatabase, clock: any Clock, ids: any IDGenerator, logger: Logger) {
        self.database = database
        self.clock = clock
        self.writer = AuditedWriter(database: database, clock: clock, ids: ids)
        self.logger = logger
    }

    /// One pass; returns how many owners were removed.
    @discardableResult
    public func sweep(batch: Int = 100) async throws(DomainError) -> Int {
        let now = self.clock.nowMillis()
        let due = try await self.database.look { try $0.clients.pendingActivation(before: now, limit: batch) }
        var removed = 0
        for client in due {
            let write = Write<Bool>(origin: .system("sweeper/activation"), encode: { _ in [] })
            let clientID = client.id
            let didRemove = try await self.writer.commit(write) { store, trail, now in
                guard var client = try store.clients.fetch(id: clientID), let deadline = client.activationDeadline,
                    deadline <= now
                else { return false }
                let owner = client.ownerUserID
                if let owner {
                    try store.invitations.revokeOpen(clientID: clientID, userID: owner, at: now)
                    if let role = try store.roles.find(
                        userID: owner, role: Role.owner.rawValue, scopeKind: "client", scopeID: clientID)
                    {
                        try store.roles.delete(id: role.id)
                    }
                }
                client.ownerUserID = nil
                client.activationDeadline = nil
                try ClientService.save(
                    &client, contacts: try store.contacts.forClient(clientID), now: now, store: store)
                trail.record(
                    group: client.groupID, client: clientID, resource: "client:\(clientID)",
                    changed: ["owner_user_id"],
                    detail: "owner \(owner ?? "-") removed: not activated by \(deadline)")
                return true
            }
            if didRemove { removed += 1 }
        }
        let cutoff = now - AuditedWriter.idempotencyWindowMillis
        let forgotten = try await self.database.change { try $0.idempotency.deleteOlder(than: cutoff) }
        if removed > 0 || forgotten > 0 {
            self.logger.info(
                "sweeper pass",
                metadata: ["owners_removed": "\(removed)", "idempotency_keys_forgotten": "\(forgotten)"])
        }
        return removed
    }

    /// Sweeps every `interval` until the task is cancelled; a failed pass is logged and retried.
    public func run(every interval: Duration) async {
        while !Task.isCancelled {
            do {
                // One daemon of those sharing the store sweeps.
                if await self.database.runsPeriodicJobs() { try await self.sweep() }
            } catch {
                self.logger.warning("sweeper pass failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
