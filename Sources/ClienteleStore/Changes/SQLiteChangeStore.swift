import Foundation
import GRDB

/// The change feed: one row per change, appended in the transaction of the write that
/// made it, read from a position (the last sequence a follower has), pruned by age.
/// Sequences come from `AUTOINCREMENT`: never reused, even once every row is pruned.
public struct SQLiteChangeStore {
    let db: Database
    /// Where the group and sequence of an appended change are noted for `ChangeSignal`; `nil`
    /// notes nothing.
    let changed: ChangedGroups?

    private static let columns = """
        sequence, group_id, client_id, kind, object_id, version, deleted, changed_fields, at
        """

    /// Appends `change`, giving it the next sequence.
    public func append(_ change: ChangeRecord) throws {
        try StoreError.mapping {
            try self.db.execute(
                cached: """
                    INSERT INTO changes (group_id, client_id, kind, object_id, version, deleted, changed_fields, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    change.groupID, change.clientID, change.kind, change.objectID, change.version, change.deleted,
                    ListColumn.encode(change.changedFields), change.at,
                ]
            )
        }
        self.changed?.insert(change.groupID, sequence: self.db.lastInsertedRowID)
    }

    public func bounds() throws -> ChangeBounds {
        try StoreError.mapping {
            let pruned = try Int64.fetchOne(cached: self.db, sql: "SELECT pruned_through FROM change_feed WHERE id = 1")
            let head = try Int64.fetchOne(
                cached: self.db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'changes'")
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
        try StoreError.mapping {
            guard let clients else {
                return try Row.fetchAll(
                    cached: self.db,
                    sql: """
                        SELECT \(Self.columns) FROM changes INDEXED BY changes_by_group
                        WHERE group_id = ? AND sequence > ? ORDER BY sequence LIMIT ?
                        """,
                    arguments: [groupID, sequence, limit]
                ).map(Self.record)
            }
            guard !clients.isEmpty else { return [] }
            let sorted = clients.sorted()
            let marks = Array(repeating: "?", count: sorted.count).joined(separator: ", ")
            var arguments = StatementArguments(sorted)
            arguments += [groupID, sequence, limit]
            return try Row.fetchAll(
                self.db,
                sql: """
                    SELECT \(Self.columns) FROM changes INDEXED BY changes_by_client
                    WHERE client_id IN (\(marks)) AND group_id = ? AND sequence > ? ORDER BY sequence LIMIT ?
                    """,
                arguments: arguments
            ).map(Self.record)
        }
    }

    /// Deletes the oldest changes committed before `cutoff` (unix ms), at most `limit` of
    /// them, stopping at the first one that is not that old. Returns how many went.
    public func prune(before cutoff: Int64, limit: Int) throws -> Int {
        try StoreError.mapping {
            let oldest = try Row.fetchAll(
                cached: self.db, sql: "SELECT sequence, at FROM changes ORDER BY sequence LIMIT ?", arguments: [limit])
            var through: Int64?
            for row in oldest {
                guard (row["at"] as Int64) < cutoff else { break }
                through = row["sequence"]
            }
            guard let through else { return 0 }
            try self.db.execute(cached: "DELETE FROM changes WHERE sequence <= ?", arguments: [through])
            let deleted = self.db.changesCount
            try self.db.execute(
                cached: "UPDATE change_feed SET pruned_through = max(pruned_through, ?) WHERE id = 1",
                arguments: [through])
            return deleted
        }
    }

    // MARK: What a change is about, read in the write's transaction

    /// The client's version and status (the contract's number), or `nil` when there is none.
    public func clientState(_ clientID: String) throws -> (version: Int64, status: Int)? {
        try StoreError.mapping {
            try Row.fetchOne(
                cached: self.db, sql: "SELECT version, status FROM clients WHERE id = ?", arguments: [clientID]
            ).map { (version: $0[0], status: $0[1]) }
        }
    }

    public func contactExists(_ contactID: String) throws -> Bool {
        try self.exists("SELECT 1 FROM contacts WHERE id = ?", [contactID])
    }

    public func memberExists(clientID: String, userID: String) throws -> Bool {
        try self.exists("SELECT 1 FROM client_members WHERE client_id = ? AND user_id = ?", [clientID, userID])
    }

    public func staffGrantExists(_ grantID: String) throws -> Bool {
        try self.exists("SELECT 1 FROM staff_grants WHERE id = ?", [grantID])
    }

    private func exists(_ sql: String, _ arguments: StatementArguments) throws -> Bool {
        try StoreError.mapping { try Int.fetchOne(cached: self.db, sql: sql, arguments: arguments) != nil }
    }

    /// By position, in the order of `columns` (a lookup by name lower-cases it on every read).
    private static func record(_ row: Row) throws -> ChangeRecord {
        var change = ChangeRecord(
            groupID: row[1], clientID: row[2], kind: row[3], objectID: row[4], version: row[5], deleted: row[6],
            changedFields: ListColumn.decode(row[7]), at: row[8])
        change.sequence = row[0]
        return change
    }
}

@available(*, unavailable)
extension SQLiteChangeStore: Sendable {}

extension SQLiteChangeStore {
    /// The feed's tables (migration "v10 change feed").
    static func createSchema(_ db: Database) throws {
        try db.execute(
            sql: """
                -- The change feed (clientele.v1.Changes): one row per change of a client, contact,
                -- member, account, staff grant, ledger entry or statement, appended in the write's
                -- transaction. AUTOINCREMENT: a sequence is never reused, even after every row
                -- was pruned, so that a follower's cursor never points at a later change.
                CREATE TABLE changes (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    group_id TEXT NOT NULL,
                    client_id TEXT,
                    kind INTEGER NOT NULL CHECK (kind > 0),
                    object_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
                    changed_fields TEXT NOT NULL,
                    at INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX changes_by_group ON changes(group_id, sequence);
                CREATE INDEX changes_by_client ON changes(client_id, sequence);

                -- Every change up to pruned_through is gone (older than the retention), every
                -- later one is kept: a cursor before it is no longer served.
                CREATE TABLE change_feed (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    pruned_through INTEGER NOT NULL
                ) STRICT;
                INSERT INTO change_feed (id, pruned_through) VALUES (1, 0);
                """
        )
    }

    /// The key that makes the feed's cursors opaque and bound to their group, and the last
    /// sequence a legacy cursor may name (migration "v11 change cursor key"). Cursors were
    /// base64url JSON `{"c":<sequence>}` of the daemon-wide sequence before: followers may hold
    /// such cursors, all at or before the feed's head at the upgrade, which is recorded so that
    /// a legacy cursor past it (never issued: crafted to probe the head) is refused.
    static func createCursorKey(_ db: Database) throws {
        try db.execute(
            sql: """
                -- Secrets the daemon makes for itself, one per name: never shown, never sent.
                -- change_cursor_key: 32 random bytes (SQLite's randomblob, seeded from the
                -- operating system), the AES key that permutes the change feed's cursors.
                CREATE TABLE server_secrets (
                    name TEXT NOT NULL PRIMARY KEY,
                    value BLOB NOT NULL
                ) STRICT, WITHOUT ROWID;
                INSERT INTO server_secrets (name, value) VALUES ('change_cursor_key', randomblob(32));

                -- The feed's head when cursors became opaque: no legacy cursor names a later sequence.
                ALTER TABLE change_feed ADD COLUMN legacy_cursor_limit INTEGER NOT NULL DEFAULT 0;
                UPDATE change_feed
                SET legacy_cursor_limit = coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0);
                """
        )
    }

    /// The cursor key and the legacy cursor limit (read once, when the database opens).
    static func cursorSecret(_ db: Database) throws -> ChangeCursorSecret {
        guard let key = try Data.fetchOne(db, sql: "SELECT value FROM server_secrets WHERE name = 'change_cursor_key'"),
            key.count == 32
        else {
            throw StoreError.unavailable("the change feed's cursor key is missing or damaged (server_secrets)")
        }
        let limit = try Int64.fetchOne(db, sql: "SELECT legacy_cursor_limit FROM change_feed WHERE id = 1") ?? 0
        return ChangeCursorSecret(key: Array(key), legacyLimit: limit)
    }
}

extension SQLiteChangeStore: ChangeStore {}
