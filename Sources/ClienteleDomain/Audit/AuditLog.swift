public import ClienteleStore

/// Reads the audit trail (the writes append to it through `AuditedWriter`).
public struct AuditLog: Sendable {
    let database: any StoreDatabase
    /// The page tokens: the last entry's sequence, shared by every tenant, bound to the group and
    /// permuted under the database's secret key like the change feed's cursors, so that a
    /// tenant reads nothing of the others' write volume in them and cannot make one.
    let tokens: ChangeCursorCodec

    /// `tokenKey`: 32 bytes for `--test-deterministic` (recordings hold page tokens); `nil`: the
    /// database's secret key.
    public init(database: any StoreDatabase, tokenKey: [UInt8]? = nil) {
        self.database = database
        self.tokens = ChangeCursorCodec(key: tokenKey ?? database.changeCursorSecret.key)
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
        // Tagged apart from the group's change cursors: one is never taken for the other.
        let tokens = self.tokens.group("audit\u{0}" + filter.groupID)
        filter.beforeSequence = try self.tokens.decodeBound(
            query.pageToken, group: tokens, field: "page_token",
            reason: "is not a token from a previous page of this listing")
        let page = filter
        return try await self.database.look { store in
            var entries = try store.audit.list(page)
            guard entries.count > limit else { return AuditPage(entries: entries, nextPageToken: "") }
            entries.removeLast(entries.count - limit)
            return AuditPage(entries: entries, nextPageToken: tokens.encode(entries[entries.count - 1].sequence))
        }
    }
}
