public import ClienteleStore
import PostgresNIO

/// Failed credential checks per sign-in name (group and email), whether or not an account has
/// that name, on PostgreSQL: the same operations and answers as `SignInThrottleStore`.
///
/// SQLite keys the rows by (group_id, email COLLATE NOCASE); here a unique index on
/// (group_id, lower(email)) does, `lower` folding A–Z only on the "C" column, so names differing
/// only in ASCII letter case share a row (see `PostgresUserStore.folded`).
public struct PostgresSignInThrottleStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    private static var sameName: String {
        "group_id = $1 AND lower(email) = \(PostgresUserStore.folded("$2"))"
    }

    /// The failures counted for the name and when it is locked until (unix ms); `nil` when none are counted.
    public func state(groupID: String, email: String) throws -> (failures: Int, lockedUntil: Int64?)? {
        try StoreError.mappingPostgres {
            try self.session.row(
                "SELECT failures, locked_until FROM sign_in_throttle WHERE \(Self.sameName)", [groupID, email]
            ).map { row in
                (Int(try row.decode("failures", as: Int64.self)), try row.optional("locked_until", as: Int64.self))
            }
        }
    }

    /// Counts one more failure and returns the new count; `lock` maps the count to a lock end (or none).
    public func recordFailure(
        groupID: String, email: String, now: Int64, lock: (Int) -> Int64?
    ) throws -> Int {
        try StoreError.mappingPostgres {
            let failures =
                try self.session.value(
                    Int64.self,
                    """
                    INSERT INTO sign_in_throttle AS t (group_id, email, failures, locked_until, updated_at)
                    VALUES ($1, $2, 1, NULL, $3)
                    ON CONFLICT (group_id, lower(email)) DO UPDATE
                        SET failures = t.failures + 1, updated_at = excluded.updated_at
                    RETURNING failures
                    """,
                    [groupID, email, now]
                ).map { Int($0) } ?? 1
            if let until = lock(failures) {
                try self.session.execute(
                    "UPDATE sign_in_throttle SET locked_until = $3 WHERE \(Self.sameName)", [groupID, email, until])
            }
            return failures
        }
    }

    /// Forgets the failures of a name (after a successful check).
    public func clear(groupID: String, email: String) throws {
        try StoreError.mappingPostgres {
            _ = try self.session.execute("DELETE FROM sign_in_throttle WHERE \(Self.sameName)", [groupID, email])
        }
    }

    /// Drops the rows whose last failure is older than `before` and that hold no lock past it.
    public func prune(before: Int64) throws {
        try StoreError.mappingPostgres {
            _ = try self.session.execute(
                "DELETE FROM sign_in_throttle WHERE updated_at < $1 AND coalesce(locked_until, 0) < $1", [before])
        }
    }
}

@available(*, unavailable)
extension PostgresSignInThrottleStore: Sendable {}

extension PostgresSignInThrottleStore: SignInThrottleStore {}
