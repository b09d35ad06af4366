/// Messages waiting for the mail service.
public protocol OutboxStore {
    func insert(_ message: OutboxMessageRecord) throws

    /// Undelivered messages of a group, oldest first, after (created_at, id) of the previous page.
    func pending(groupID: String, after: (createdAt: Int64, id: String)?, limit: Int) throws -> [OutboxMessageRecord]

    /// How many undelivered messages a client has.
    func pendingCount(clientID: String) throws -> Int

    /// How many undelivered messages all groups have (the metrics' outbox depth; counted on
    /// the partial index of undelivered messages).
    func pendingTotal() throws -> Int

    /// Marks the group's pending messages with these ids delivered and erases their
    /// body and data (which may hold one-time tokens). Returns how many were pending.
    func markDelivered(groupID: String, ids: [String], at: Int64) throws -> Int
}
