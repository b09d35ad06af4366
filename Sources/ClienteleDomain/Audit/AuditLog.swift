public import ClienteleStore

/// Reads the audit trail (the writes append to it through `AuditedWriter`).
public struct AuditLog: Sendable {
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    public func list(_ query: AuditQuery) async throws(DomainError) -> AuditPage {
        var filter = AuditStore.Filter(groupID: try Validate.required(query.groupID, "group_id", maxLength: 64))
        let client = try Validate.optional(query.clientID, "client_id", maxLength: 64)
        filter.clientID = client.isEmpty ? nil : client
        let actor = try Validate.optional(query.actor, "actor", maxLength: 100)
        filter.actor = actor.isEmpty ? nil : actor
        let prefix = try Validate.optional(query.actionPrefix, "action_prefix", maxLength: 100)
        filter.actionPrefix = prefix.isEmpty ? nil : prefix
        guard query.sinceMillis >= 0, query.untilMillis >= 0 else {
            throw .invalidArgument(field: "since_millis", reason: "must not be negative")
        }
        filter.since = query.sinceMillis == 0 ? nil : query.sinceMillis
        filter.until = query.untilMillis == 0 ? nil : query.untilMillis
        let limit = try Validate.pageSize(query.pageSize)
        filter.limit = limit + 1
        filter.beforeSequence = try PageToken.decode(query.pageToken, as: Int64.self)
        let page = filter
        return try await self.database.look { store in
            var entries = try store.audit.list(page)
            let next = PageToken.trim(&entries, limit: limit) { $0.sequence }
            return AuditPage(entries: entries, nextPageToken: next)
        }
    }
}
