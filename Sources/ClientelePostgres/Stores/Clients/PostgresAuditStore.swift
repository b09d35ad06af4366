public import ClienteleStore
import PostgresNIO

/// The append-only audit trail, on PostgreSQL: the same operations and answers as `AuditStore`.
///
/// `sequence` is assigned as SQLite assigns it: one more than the largest in the table, in the
/// inserting statement. With several daemons writing, that stays gap-free and in commit order
/// because every write transaction runs SERIALIZABLE (see `PostgresDatabase.write`): of two
/// transactions that read the same largest sequence, the second to insert fails with a
/// serialization failure (PostgreSQL reports the clash at the unique index on `sequence` as
/// one too, never as a duplicate) and is run again, then reading the first one's entry. An
/// entry with sequence n therefore commits only after n − 1 has committed, and nothing is lost
/// to a rollback. A sequence object (`GENERATED … AS IDENTITY`) would leave a gap at every
/// rollback or retry and number in the order of the inserts, not of the commits, so a reader
/// could see n + 1 before n; it is not used.
///
/// The cost: audited writes whose transactions overlap in time conflict, whatever they write
/// (each read the largest sequence in its own snapshot), so under concurrent writers most of
/// them run more than once. `SELECT … FOR UPDATE` on a counter row would not help: a
/// SERIALIZABLE transaction's snapshot is older than the lock it waits for. What does help is
/// `LOCK TABLE audit_entries IN SHARE ROW EXCLUSIVE MODE` as the first statement of an audited
/// write, before its snapshot is taken: audited writers then queue instead of retrying.
/// Measured here, 800 one-entry writes from two daemons of 8 connections each: 6.6 s, about
/// 6,500 retries, 64 writes failed after `PostgresDatabase.maxAttempts`; with the LOCK first:
/// 2.6 s, no retry. That LOCK belongs to the write path (`PostgresDatabase`), not to this store.
public struct PostgresAuditStore: AuditStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    private static let columns = """
        id, sequence, group_id, client_id, actor, on_behalf_of, action, resource, request_id, changed_fields, \
        detail, at
        """

    /// Appends `entry`, giving it the next sequence number.
    public func append(_ entry: AuditEntryRecord) throws {
        self.session.enqueue(
            """
            INSERT INTO audit_entries (\(Self.columns))
            VALUES ($1, (SELECT coalesce(max(sequence), 0) + 1 FROM audit_entries), $2, $3, $4, $5, $6, $7, $8,
                $9, $10, $11)
            """,
            [
                entry.id, entry.groupID, entry.clientID, entry.actor, entry.onBehalfOf, entry.action,
                entry.resource, entry.requestID, ListColumn.encode(entry.changedFields), entry.detail, entry.at,
            ]
        )
    }

    /// Newest first.
    public func list(_ filter: AuditFilter) throws -> [AuditEntryRecord] {
        try StoreError.mappingPostgres {
            var conditions = ["group_id = $1"]
            var arguments: [(any PostgresDynamicTypeEncodable)?] = [filter.groupID]
            func bind(_ value: any PostgresDynamicTypeEncodable) -> String {
                arguments.append(value)
                return "$\(arguments.count)"
            }
            if let clientID = filter.clientID {
                conditions.append("client_id = \(bind(clientID))")
            }
            if let actor = filter.actor {
                conditions.append("actor = \(bind(actor))")
            }
            if let prefix = filter.actionPrefix {
                // The same comparison as SQLite's, with the same length (Swift's count of the prefix).
                conditions.append("substr(action, 1, \(bind(Int64(prefix.count)))::integer) = \(bind(prefix))")
            }
            if let since = filter.since {
                conditions.append("at >= \(bind(since))")
            }
            if let until = filter.until {
                conditions.append("at < \(bind(until))")
            }
            if let before = filter.beforeSequence {
                conditions.append("sequence < \(bind(before))")
            }
            // SQLite takes a negative LIMIT as no limit; PostgreSQL takes NULL so, and refuses a negative one.
            arguments.append(filter.limit < 0 ? nil : Int64(filter.limit))
            return try self.session.rows(
                """
                SELECT \(Self.columns) FROM audit_entries WHERE \(conditions.joined(separator: " AND "))
                ORDER BY sequence DESC LIMIT $\(arguments.count)
                """,
                arguments
            )
            .map(Self.record)
        }
    }

    private static func record(_ row: PostgresRandomAccessRow) throws -> AuditEntryRecord {
        var entry = AuditEntryRecord(
            id: try row.decode("id", as: String.self),
            groupID: try row.decode("group_id", as: String.self),
            clientID: try row.optional("client_id", as: String.self),
            actor: try row.decode("actor", as: String.self),
            onBehalfOf: try row.optional("on_behalf_of", as: String.self),
            action: try row.decode("action", as: String.self),
            resource: try row.decode("resource", as: String.self),
            requestID: try row.decode("request_id", as: String.self),
            changedFields: ListColumn.decode(try row.decode("changed_fields", as: String.self)),
            detail: try row.decode("detail", as: String.self),
            at: try row.decode("at", as: Int64.self)
        )
        entry.sequence = try row.decode("sequence", as: Int64.self)
        return entry
    }
}

@available(*, unavailable)
extension PostgresAuditStore: Sendable {}
