import Foundation
import GRDB

/// Messages waiting for the mail service.
public struct SQLiteOutboxStore {
    let db: Database

    private static let columns = """
        id, group_id, client_id, kind, recipient_email, recipient_name, subject, body, data, created_at, delivered_at
        """

    public func insert(_ message: OutboxMessageRecord) throws {
        try StoreError.mapping(missing: "group \(message.groupID)") {
            let data = try JSONSerialization.data(withJSONObject: message.data, options: [.sortedKeys])
            try self.db.execute(
                cached: "INSERT INTO outbox (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    message.id, message.groupID, message.clientID, message.kind, message.recipientEmail,
                    message.recipientName, message.subject, message.body, String(decoding: data, as: UTF8.self),
                    message.createdAt, message.deliveredAt,
                ]
            )
        }
    }

    /// Undelivered messages of a group, oldest first, after (created_at, id) of the previous page.
    public func pending(
        groupID: String, after: (createdAt: Int64, id: String)?, limit: Int
    ) throws
        -> [OutboxMessageRecord]
    {
        try StoreError.mapping {
            var sql = "SELECT \(Self.columns) FROM outbox WHERE group_id = ? AND delivered_at IS NULL"
            var arguments: StatementArguments = [groupID]
            if let after {
                sql += " AND (created_at, id) > (?, ?)"
                arguments += [after.createdAt, after.id]
            }
            sql += " ORDER BY created_at, id LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(cached: self.db, sql: sql, arguments: arguments).map(Self.record)
        }
    }

    /// How many undelivered messages a client has.
    public func pendingCount(clientID: String) throws -> Int {
        try StoreError.mapping {
            try Int.fetchOne(
                cached: self.db, sql: "SELECT count(*) FROM outbox WHERE client_id = ? AND delivered_at IS NULL",
                arguments: [clientID]
            ) ?? 0
        }
    }

    /// How many undelivered messages all groups have (the metrics' outbox depth; counted on
    /// the partial index of undelivered messages).
    public func pendingTotal() throws -> Int {
        try StoreError.mapping {
            try Int.fetchOne(cached: self.db, sql: "SELECT count(*) FROM outbox WHERE delivered_at IS NULL") ?? 0
        }
    }

    /// Marks the group's pending messages with these ids delivered and erases their
    /// body and data (which may hold one-time tokens). Returns how many were pending.
    public func markDelivered(groupID: String, ids: [String], at: Int64) throws -> Int {
        try StoreError.mapping {
            var count = 0
            for id in Set(ids) {
                try self.db.execute(
                    cached: """
                        UPDATE outbox SET delivered_at = ?, body = '', data = '{}'
                        WHERE id = ? AND group_id = ? AND delivered_at IS NULL
                        """,
                    arguments: [at, id, groupID]
                )
                count += self.db.changesCount
            }
            return count
        }
    }

    private static func record(_ row: Row) throws -> OutboxMessageRecord {
        let json: String = try row.decode(forColumn: "data")
        let data = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: String] ?? [:]
        return OutboxMessageRecord(
            id: try row.decode(forColumn: "id"),
            groupID: try row.decode(forColumn: "group_id"),
            clientID: try row.decode(forColumn: "client_id"),
            kind: try row.decode(forColumn: "kind"),
            recipientEmail: try row.decode(forColumn: "recipient_email"),
            recipientName: try row.decode(forColumn: "recipient_name"),
            subject: try row.decode(forColumn: "subject"),
            body: try row.decode(forColumn: "body"),
            data: data,
            createdAt: try row.decode(forColumn: "created_at"),
            deliveredAt: try row.decode(forColumn: "delivered_at")
        )
    }
}

@available(*, unavailable)
extension SQLiteOutboxStore: Sendable {}

extension SQLiteOutboxStore: OutboxStore {}
