import GRDB

/// Failed credential checks per sign-in name (group and email), whether or not an
/// account has that name: a lock then reads the same for an unknown email as for a real one.
public struct SQLiteSignInThrottleStore {
    let db: Database

    /// The failures counted for the name and when it is locked until (unix ms); `nil` when none are counted.
    public func state(groupID: String, email: String) throws -> (failures: Int, lockedUntil: Int64?)? {
        try StoreError.mapping {
            try Row.fetchOne(
                cached: self.db,
                sql: "SELECT failures, locked_until FROM sign_in_throttle WHERE group_id = ? AND email = ?",
                arguments: [groupID, email]
            ).map { row in (try row.decode(forColumn: "failures"), try row.decode(forColumn: "locked_until")) }
        }
    }

    /// Counts one more failure and returns the new count; `lock` maps the count to a lock end (or none).
    public func recordFailure(
        groupID: String, email: String, now: Int64, lock: (Int) -> Int64?
    ) throws -> Int {
        try StoreError.mapping {
            let failures =
                try Int.fetchOne(
                    cached: self.db,
                    sql: """
                        INSERT INTO sign_in_throttle (group_id, email, failures, locked_until, updated_at)
                        VALUES (?, ?, 1, NULL, ?)
                        ON CONFLICT (group_id, email) DO UPDATE SET failures = failures + 1, updated_at = excluded.updated_at
                        RETURNING failures
                        """,
                    arguments: [groupID, email, now]) ?? 1
            if let until = lock(failures) {
                try self.db.execute(
                    cached: "UPDATE sign_in_throttle SET locked_until = ? WHERE group_id = ? AND email = ?",
                    arguments: [until, groupID, email])
            }
            return failures
        }
    }

    /// Forgets the failures of a name (after a successful check).
    public func clear(groupID: String, email: String) throws {
        try StoreError.mapping {
            try self.db.execute(
                cached: "DELETE FROM sign_in_throttle WHERE group_id = ? AND email = ?", arguments: [groupID, email])
        }
    }

    /// Drops the rows whose last failure is older than `before` and that hold no lock past it.
    public func prune(before: Int64) throws {
        try StoreError.mapping {
            try self.db.execute(
                sql: "DELETE FROM sign_in_throttle WHERE updated_at < ? AND coalesce(locked_until, 0) < ?",
                arguments: [before, before])
        }
    }
}

@available(*, unavailable)
extension SQLiteSignInThrottleStore: Sendable {}

extension SQLiteSignInThrottleStore: SignInThrottleStore {}
