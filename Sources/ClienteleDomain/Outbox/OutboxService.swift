public import ClienteleStore

/// The outbox of a group, for the mail service: list what is pending, acknowledge what was delivered.
public struct OutboxService: Sendable {
    let database: any StoreDatabase
    let writer: AuditedWriter

    private struct Position: Codable {
        var createdAt: Int64
        var id: String
    }

    public init(database: any StoreDatabase, clock: any Clock, ids: any IDGenerator) {
        self.database = database
        self.writer = AuditedWriter(database: database, clock: clock, ids: ids)
    }

    public func replay(_ origin: WriteOrigin) async throws(DomainError) -> [UInt8]? {
        try await self.writer.replay(origin)
    }

    public func pending(groupID: String, pageSize: Int32, pageToken: String) async throws(DomainError) -> OutboxPage {
        let groupID = try Validate.required(groupID, "group_id", maxLength: 64)
        let limit = try Validate.pageSize(pageSize)
        let position = try PageToken.decode(pageToken, as: Position.self)
        return try await self.database.look { store in
            var messages = try store.outbox.pending(
                groupID: groupID, after: position.map { ($0.createdAt, $0.id) }, limit: limit + 1)
            let next = PageToken.trim(&messages, limit: limit) { Position(createdAt: $0.createdAt, id: $0.id) }
            return OutboxPage(messages: messages, nextPageToken: next)
        }
    }

    /// Marks delivered the group's pending messages among `ids` (others are ignored) and
    /// erases their body and data. Returns how many were pending.
    public func acknowledge(groupID: String, ids: [String], _ write: Write<Int>) async throws(DomainError) -> Int {
        let groupID = try Validate.required(groupID, "group_id", maxLength: 64)
        guard !ids.isEmpty else { throw .invalidArgument(field: "message_ids", reason: "is required") }
        guard ids.count <= 500 else { throw .invalidArgument(field: "message_ids", reason: "holds more than 500 ids") }
        for (index, id) in ids.enumerated() {
            _ = try Validate.required(id, "message_ids[\(index)]", maxLength: 64)
        }
        return try await self.writer.commit(write) { store, trail, now in
            let count = try store.outbox.markDelivered(groupID: groupID, ids: ids, at: now)
            if count > 0 {
                trail.record(
                    group: groupID, client: nil, resource: "outbox:\(groupID)", detail: "\(count) delivered")
            }
            return count
        }
    }
}
