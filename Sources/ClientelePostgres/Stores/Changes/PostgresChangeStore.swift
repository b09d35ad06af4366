public import ClienteleStore
import Foundation
import PostgresNIO

/// The change feed on PostgreSQL: the same operations and answers as `ChangeStore`. One row per
/// change, appended in the transaction of the write that made it, read from a position (the last
/// sequence a follower has), pruned by age.
///
/// Sequences across daemons. A follower reads "the group's changes after the sequence I have",
/// so the feed is only correct if sequences are given in commit order with no gaps: a change
/// committed after a follower read past its sequence would never be seen. SQLite gets that from
/// its single writer (`AUTOINCREMENT`, rolled back with the transaction). Here several daemons
/// write at once, and a sequence object (`nextval`) would do neither: it is not transactional (a
/// rolled-back write leaves a gap) and numbers are taken in statement order, not commit order (a
/// slow transaction holding 5 can commit after the one holding 6, after a follower read 6).
///
/// So `append` takes one more than the highest sequence it can see (or than `pruned_through`,
/// so that a pruned number is never reused), inside the write's SERIALIZABLE transaction. Two
/// writes appending at once compute the same number; the second to insert it meets the first's
/// row in the primary key (waiting for the first to end if needed) and fails with a
/// serialization failure (both read the index range the other wrote: PostgreSQL reports that,
/// not a unique violation), and `PostgresDatabase.write` runs it again, now seeing the first
/// one's row. Hence the committed sequences are always 1…N, and a transaction that takes N+1
/// commits after the one holding N has ended: any snapshot that sees N+1 also sees N, so a
/// follower's read never passes over a change still to commit.
///
/// The cost: appending writes commit one at a time across daemons (as on SQLite, where one
/// writer does everything). A transaction reads the feed's head in the snapshot taken at its
/// first statement, so two appending writes that overlap in time conflict wherever `append`
/// comes in them, and the later one runs again: under contention many times (16 writers on two
/// daemons: about 8 runs per write, and some writes ran out of attempts). So
/// `PostgresDatabase.write` takes its write-order lock before its first statement (LOCK takes
/// no snapshot): writes queue instead, each run sees every earlier append, and the feed never
/// conflicts (one run per write, measured). The primary-key conflict above stays the guarantee.
/// A lock taken here in `append` would come after the snapshot: a racing writer would wait for
/// the other's commit and then fail all the same (measured: worse than without it).
public struct PostgresChangeStore: ChangeStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    private static let columns = """
        sequence, group_id, client_id, kind, object_id, version, deleted, changed_fields, at
        """

    /// Appends `change`, giving it the next sequence (see the type's comment), and notifies the
    /// daemons' listeners (`PostgresNotifications`) of the group: PostgreSQL delivers it when (and
    /// only if) the transaction commits. It stands for SQLite's `ChangedGroups`.
    public func append(_ change: ChangeRecord) throws {
        // The notification rides in the same statement (one row from a subquery that calls it).
        self.session.enqueue(
            """
            INSERT INTO changes (\(Self.columns))
            SELECT greatest(
                (SELECT coalesce(max(sequence), 0) FROM changes),
                (SELECT coalesce(max(pruned_through), 0) FROM change_feed)
            ) + 1, $1, $2, $3, $4, $5, $6, $7, $8
            FROM (SELECT pg_notify($9, $10)) AS notified
            """,
            [
                change.groupID, change.clientID, Int64(change.kind), change.objectID, change.version,
                Int64(change.deleted ? 1 : 0), ListColumn.encode(change.changedFields), change.at,
                PostgresNotifications.channel, PostgresNotifications.changesPayload(change.groupID),
            ]
        )
    }

    public func bounds() throws -> ChangeBounds {
        try StoreError.mappingPostgres {
            let pruned = try self.session.value(Int64.self, "SELECT pruned_through FROM change_feed WHERE id = 1")
            let head = try self.session.value(Int64.self, "SELECT max(sequence) FROM changes")
            return ChangeBounds(prunedThrough: pruned ?? 0, head: max(head ?? 0, pruned ?? 0))
        }
    }

    /// The group's changes after `sequence`, oldest first, at most `limit`; with `clients`,
    /// only the changes of those clients.
    public func list(
        groupID: String, after sequence: Int64, clients: Set<String>?, limit: Int
    ) throws
        -> [ChangeRecord]
    {
        try StoreError.mappingPostgres {
            guard let clients else {
                return try self.session.rows(
                    """
                    SELECT \(Self.columns) FROM changes
                    WHERE group_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3
                    """,
                    [groupID, sequence, Int64(limit)]
                ).map(Self.record)
            }
            guard !clients.isEmpty else { return [] }
            return try self.session.rows(
                """
                SELECT \(Self.columns) FROM changes
                WHERE client_id = ANY($1::text[]) AND group_id = $2 AND sequence > $3 ORDER BY sequence LIMIT $4
                """,
                [clients.sorted(), groupID, sequence, Int64(limit)]
            ).map(Self.record)
        }
    }

    /// Deletes the oldest changes committed before `cutoff` (unix ms), at most `limit` of
    /// them, stopping at the first one that is not that old. Returns how many went.
    public func prune(before cutoff: Int64, limit: Int) throws -> Int {
        try StoreError.mappingPostgres {
            let oldest = try self.session.rows(
                "SELECT sequence, at FROM changes ORDER BY sequence LIMIT $1", [Int64(limit)])
            var through: Int64?
            for row in oldest {
                guard try row.decode("at", as: Int64.self) < cutoff else { break }
                through = try row.decode("sequence", as: Int64.self)
            }
            guard let through else { return 0 }
            let deleted = try self.session.execute("DELETE FROM changes WHERE sequence <= $1", [through])
            try self.session.execute(
                "UPDATE change_feed SET pruned_through = greatest(pruned_through, $1) WHERE id = 1", [through])
            return deleted
        }
    }

    // MARK: What a change is about, read in the write's transaction

    /// The client's version and status (the contract's number), or `nil` when there is none.
    public func clientState(_ clientID: String) throws -> (version: Int64, status: Int)? {
        try StoreError.mappingPostgres {
            try self.session.row("SELECT version, status FROM clients WHERE id = $1", [clientID]).map {
                (
                    version: try $0.decode("version", as: Int64.self),
                    status: Int(try $0.decode("status", as: Int64.self))
                )
            }
        }
    }

    public func contactExists(_ contactID: String) throws -> Bool {
        try self.exists("SELECT 1 FROM contacts WHERE id = $1", [contactID])
    }

    public func memberExists(clientID: String, userID: String) throws -> Bool {
        try self.exists("SELECT 1 FROM client_members WHERE client_id = $1 AND user_id = $2", [clientID, userID])
    }

    public func staffGrantExists(_ grantID: String) throws -> Bool {
        try self.exists("SELECT 1 FROM staff_grants WHERE id = $1", [grantID])
    }

    /// The cursor key and the legacy cursor limit (read once, when the database opens): the
    /// PostgreSQL side of `ChangeStore.cursorSecret`, from the same `server_secrets` row and
    /// `change_feed` column, which the schema's migrations create.
    public static func cursorSecret(_ session: PostgresSession) throws -> ChangeCursorSecret {
        let (key, limit) = try StoreError.mappingPostgres {
            (
                try session.row("SELECT value FROM server_secrets WHERE name = 'change_cursor_key'")?.bytes("value"),
                try session.value(Int64.self, "SELECT legacy_cursor_limit FROM change_feed WHERE id = 1") ?? 0
            )
        }
        guard let key, key.count == 32 else {
            throw StoreError.unavailable("the change feed's cursor key is missing or damaged (server_secrets)")
        }
        return ChangeCursorSecret(key: key, legacyLimit: limit)
    }

    private func exists(_ sql: String, _ arguments: [(any PostgresDynamicTypeEncodable)?]) throws -> Bool {
        try StoreError.mappingPostgres { try self.session.row(sql, arguments) != nil }
    }

    private static func record(_ row: PostgresRandomAccessRow) throws -> ChangeRecord {
        var change = ChangeRecord(
            groupID: try row.decode("group_id", as: String.self),
            clientID: try row.optional("client_id", as: String.self),
            kind: Int(try row.decode("kind", as: Int64.self)),
            objectID: try row.decode("object_id", as: String.self),
            version: try row.decode("version", as: Int64.self),
            deleted: try row.decode("deleted", as: Int64.self) != 0,
            changedFields: ListColumn.decode(try row.decode("changed_fields", as: String.self)),
            at: try row.decode("at", as: Int64.self))
        change.sequence = try row.decode("sequence", as: Int64.self)
        return change
    }
}

@available(*, unavailable)
extension PostgresChangeStore: Sendable {}
