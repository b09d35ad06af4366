import ClienteleStore

/// Runs a domain write as one transaction together with its audit entries, the changes
/// they stand for (the change feed) and, when the caller sent an idempotency key, the
/// answer stored under that key.
struct AuditedWriter: Sendable {
    /// How long a key answers replays.
    static let idempotencyWindowMillis: Int64 = 24 * 3600 * 1000

    let database: any StoreDatabase
    let clock: any Clock
    let ids: any IDGenerator

    func commit<Answer: Sendable>(
        _ write: Write<Answer>,
        _ body: @escaping @Sendable (StoreContext, AuditTrail, Int64) throws -> Answer
    ) async throws(DomainError) -> Answer {
        let now = self.clock.nowMillis()
        let ids = self.ids
        return try await self.database.change { store in
            let trail = AuditTrail(origin: write.origin, now: now, ids: ids)
            let answer = try body(store, trail, now)
            for entry in trail.entries { try store.audit.append(entry) }
            try ChangeFeed.record(trail.entries, store: store)
            if let claim = write.origin.idempotency {
                try store.idempotency.deleteExpired(
                    caller: write.origin.caller, key: claim.key, before: now - Self.idempotencyWindowMillis)
                try store.idempotency.insert(
                    IdempotencyRecord(
                        caller: write.origin.caller, key: claim.key, method: write.origin.action,
                        requestHash: claim.requestHash, response: try write.encode(answer), createdAt: now
                    )
                )
            }
            return answer
        }
    }

    /// A write whose answer holds a secret (a new API key): audited like any other, but it
    /// refuses an idempotency key, since the answer a key stores would keep the secret at rest.
    func commit<Answer: Sendable>(
        secretBearing origin: WriteOrigin,
        _ body: @escaping @Sendable (StoreContext, AuditTrail, Int64) throws -> Answer
    ) async throws(DomainError) -> Answer {
        guard origin.idempotency == nil else {
            throw .invalidArgument(
                field: "idempotency-key",
                reason: "\(origin.action) takes none: its answer holds a secret, which a key would store")
        }
        return try await self.commit(Write(origin: origin) { _ in [] }, body)
    }

    /// The stored answer for a replayed key, or `nil` when the key is new (or expired).
    /// A key reused for a different method or request is refused, naming the key.
    func replay(_ origin: WriteOrigin) async throws(DomainError) -> [UInt8]? {
        guard let claim = origin.idempotency else { return nil }
        let caller = origin.caller
        guard
            let stored = try await self.database.lookByKey({ try $0.idempotency.fetch(caller: caller, key: claim.key) }
            ),
            stored.createdAt >= self.clock.nowMillis() - Self.idempotencyWindowMillis
        else { return nil }
        guard stored.method == origin.action, stored.requestHash == claim.requestHash else {
            throw .invalidArgument(
                field: "idempotency-key",
                reason: "\(claim.key) was first used with different parameters (\(stored.method))")
        }
        return stored.response
    }
}
