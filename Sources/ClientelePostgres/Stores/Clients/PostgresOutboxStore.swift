public import ClienteleStore
import Foundation
import PostgresNIO

/// Messages waiting for the mail service, on PostgreSQL: the same operations and answers as `OutboxStore`.
public struct PostgresOutboxStore: OutboxStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    private static let columns = """
        id, group_id, client_id, kind, recipient_email, recipient_name, subject, body, data, created_at, delivered_at
        """

    public func insert(_ message: OutboxMessageRecord) throws {
        let data = try JSONSerialization.data(withJSONObject: message.data, options: [.sortedKeys])
        self.session.enqueue(
            "INSERT INTO outbox (\(Self.columns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            [
                message.id, message.groupID, message.clientID, Int64(message.kind), message.recipientEmail,
                message.recipientName, message.subject, message.body, String(decoding: data, as: UTF8.self),
                message.createdAt, message.deliveredAt,
            ],
            missing: "group \(message.groupID)"
        )
    }

    /// Undelivered messages of a group, oldest first, after (created_at, id) of the previous page
    /// (ids compare byte by byte, as in SQLite: the column is `COLLATE "C"`).
    public func pending(
        groupID: String, after: (createdAt: Int64, id: String)?, limit: Int
    ) throws
        -> [OutboxMessageRecord]
    {
        try StoreError.mappingPostgres {
            var sql = "SELECT \(Self.columns) FROM outbox WHERE group_id = $1 AND delivered_at IS NULL"
            var arguments: [(any PostgresDynamicTypeEncodable)?] = [groupID]
            if let after {
                sql += " AND (created_at, id) > ($2, $3)"
                arguments += [after.createdAt, after.id]
            }
            sql += " ORDER BY created_at, id LIMIT $\(arguments.count + 1)"
            // SQLite takes a negative LIMIT as no limit; PostgreSQL takes NULL so, and refuses a negative one.
            arguments.append(limit < 0 ? nil : Int64(limit))
            return try self.session.rows(sql, arguments).map(Self.record)
        }
    }

    /// How many undelivered messages a client has.
    public func pendingCount(clientID: String) throws -> Int {
        try StoreError.mappingPostgres {
            Int(
                try self.session.value(
                    Int64.self, "SELECT count(*) FROM outbox WHERE client_id = $1 AND delivered_at IS NULL", [clientID]
                ) ?? 0)
        }
    }

    /// How many undelivered messages all groups have (the metrics' outbox depth; counted on
    /// the partial index of undelivered messages).
    public func pendingTotal() throws -> Int {
        try StoreError.mappingPostgres {
            Int(try self.session.value(Int64.self, "SELECT count(*) FROM outbox WHERE delivered_at IS NULL") ?? 0)
        }
    }

    /// Marks the group's pending messages with these ids delivered and erases their
    /// body and data (which may hold one-time tokens). Returns how many were pending.
    /// One statement for all the ids (SQLite runs one per id; the count is the same).
    public func markDelivered(groupID: String, ids: [String], at: Int64) throws -> Int {
        let ids = Array(Set(ids))
        guard !ids.isEmpty else { return 0 }
        return try StoreError.mappingPostgres {
            try self.session.execute(
                """
                UPDATE outbox SET delivered_at = $1, body = '', data = '{}'
                WHERE id = ANY($2) AND group_id = $3 AND delivered_at IS NULL
                """,
                [at, ids, groupID]
            )
        }
    }

    private static func record(_ row: PostgresRandomAccessRow) throws -> OutboxMessageRecord {
        let json = try row.decode("data", as: String.self)
        let data = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: String] ?? [:]
        return OutboxMessageRecord(
            id: try row.decode("id", as: String.self),
            groupID: try row.decode("group_id", as: String.self),
            clientID: try row.decode("client_id", as: String.self),
            kind: Int(try row.decode("kind", as: Int64.self)),
            recipientEmail: try row.decode("recipient_email", as: String.self),
            recipientName: try row.decode("recipient_name", as: String.self),
            subject: try row.decode("subject", as: String.self),
            body: try row.decode("body", as: String.self),
            data: data,
            createdAt: try row.decode("created_at", as: Int64.self),
            deliveredAt: try row.optional("delivered_at", as: Int64.self)
        )
    }
}

@available(*, unavailable)
extension PostgresOutboxStore: Sendable {}
