import GRDB

/// The append-only audit trail.
public struct SQLiteAuditStore {
    let db: Database

    private static let columns = """
        id, sequence, group_id, client_id, actor, on_behalf_of, action, resource, request_id, changed_fields, \
        detail, at
        """

    /// Appends `entry`, giving it the next sequence number.
    public func append(_ entry: AuditEntryRecord) throws {
        try StoreError.mapping {
            try self.db.execute(
                cached: """
                    INSERT INTO audit_entries (\(Self.columns))
                    VALUES (?, (SELECT coalesce(max(sequence), 0) + 1 FROM audit_entries), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    entry.id, entry.groupID, entry.clientID, entry.actor, entry.onBehalfOf, entry.action,
                    entry.resource, entry.requestID, ListColumn.encode(entry.changedFields), entry.detail, entry.at,
                ]
            )
        }
    }

    /// Newest first.
    public func list(_ filter: AuditFilter) throws -> [AuditEntryRecord] {
        try StoreError.mapping {
            var conditions = ["group_id = ?"]
            var arguments: StatementArguments = [filter.groupID]
            if let clientID = filter.clientID {
                conditions.append("client_id = ?")
                arguments += [clientID]
            }
            if let actor = filter.actor {
                conditions.append("actor = ?")
                arguments += [actor]
            }
            if let prefix = filter.actionPrefix {
                conditions.append("substr(action, 1, ?) = ?")
                arguments += [prefix.count, prefix]
            }
            if let since = filter.since {
                conditions.append("at >= ?")
                arguments += [since]
            }
            if let until = filter.until {
                conditions.append("at < ?")
                arguments += [until]
            }
            if let before = filter.beforeSequence {
                conditions.append("sequence < ?")
                arguments += [before]
            }
            arguments += [filter.limit]
            return try Row.fetchAll(
                cached: self.db,
                sql: """
                    SELECT \(Self.columns) FROM audit_entries WHERE \(conditions.joined(separator: " AND "))
                    ORDER BY sequence DESC LIMIT ?
                    """,
                arguments: arguments
            )
            .map(Self.record)
        }
    }

    private static func record(_ row: Row) throws -> AuditEntryRecord {
        var entry = AuditEntryRecord(
            id: try row.decode(forColumn: "id"),
            groupID: try row.decode(forColumn: "group_id"),
            clientID: try row.decode(forColumn: "client_id"),
            actor: try row.decode(forColumn: "actor"),
            onBehalfOf: try row.decode(forColumn: "on_behalf_of"),
            action: try row.decode(forColumn: "action"),
            resource: try row.decode(forColumn: "resource"),
            requestID: try row.decode(forColumn: "request_id"),
            changedFields: ListColumn.decode(try row.decode(forColumn: "changed_fields")),
            detail: try row.decode(forColumn: "detail"),
            at: try row.decode(forColumn: "at")
        )
        entry.sequence = try row.decode(forColumn: "sequence")
        return entry
    }
}

@available(*, unavailable)
extension SQLiteAuditStore: Sendable {}

extension SQLiteAuditStore: AuditStore {}
