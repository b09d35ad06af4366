public import ClienteleStore
import PostgresNIO

/// Accounts, each owned by one group and unique there by email (compared case-insensitively),
/// on PostgreSQL: the same operations and answers as `UserStore`.
///
/// SQLite compares `users.email` with `COLLATE NOCASE` (ASCII letters only); here the column is
/// `COLLATE "C"` and compared as `lower(email)`, which folds A–Z only, as NOCASE does (see
/// `PostgresSchema`), against `PostgresUserStore.folded` of the argument.
public struct PostgresUserStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    private static let columns = """
        id, group_id, email, name, password_hash, password_salt, disabled, must_change_password, \
        created_at, updated_at, version
        """

    /// Throws `.duplicate(field: "group_id, email")` for an email the group already has (in any letter case).
    public func insert(_ user: UserRecord) throws {
        try StoreError.mappingPostgres(missing: "group \(user.groupID)") {
            _ = try self.session.execute(
                "INSERT INTO users (\(Self.columns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                Self.values(user)
            )
        }
    }

    /// The account with this id, in any group: for ids the store itself holds (a session's,
    /// an invitation's). Ids a caller sends are looked up with `fetch(id:inGroup:)`.
    public func fetch(id: String) throws -> UserRecord? {
        try StoreError.mappingPostgres {
            try self.session.row("SELECT \(Self.columns) FROM users WHERE id = $1", [id]).map(Self.record)
        }
    }

    /// The account with this id if `groupID` owns it.
    public func fetch(id: String, inGroup groupID: String) throws -> UserRecord? {
        try StoreError.mappingPostgres {
            try self.session.row(
                "SELECT \(Self.columns) FROM users WHERE id = $1 AND group_id = $2", [id, groupID]
            ).map(Self.record)
        }
    }

    /// The group's account with this email in any letter case.
    public func fetch(email: String, inGroup groupID: String) throws -> UserRecord? {
        try StoreError.mappingPostgres {
            try self.session.row(
                "SELECT \(Self.columns) FROM users WHERE group_id = $1 AND lower(email) = \(Self.folded("$2"))",
                [groupID, email]
            ).map(Self.record)
        }
    }

    /// Stores every field as given, `version` and `updatedAt` included: the caller bumps them.
    /// The owning group never changes. Throws `.notFound` when there is no user with this id.
    public func update(_ user: UserRecord) throws {
        try StoreError.mappingPostgres {
            let changed = try self.session.execute(
                """
                UPDATE users SET email = $1, name = $2, password_hash = $3, password_salt = $4, disabled = $5,
                    must_change_password = $6, created_at = $7, updated_at = $8, version = $9
                WHERE id = $10 AND group_id = $11
                """,
                Array(Self.values(user).dropFirst(2)) + [user.id, user.groupID]
            )
            guard changed > 0 else { throw StoreError.notFound("user \(user.id)") }
        }
    }

    /// The users with these ids (missing ones are left out), by email.
    public func list(ids: [String]) throws -> [UserRecord] {
        let ids = Array(Set(ids))
        guard !ids.isEmpty else { return [] }
        let users = try StoreError.mappingPostgres {
            try self.session.rows("SELECT \(Self.columns) FROM users WHERE id = ANY($1)", [ids]).map(Self.record)
        }
        return users.sorted { ($0.email.lowercased(), $0.id) < ($1.email.lowercased(), $1.id) }
    }

    /// The SQL folding a text argument as `lower(email)` folds the "C" column: ASCII A–Z only.
    /// A bare `lower($1)` folds under the database's locale (É → é under C.UTF-8 or en_US.UTF-8)
    /// and then misses `lower(email)` of the very same text. The column side stays `lower(email)`,
    /// the expression of the unique index, so that the index serves the lookup.
    static func folded(_ parameter: String) -> String {
        "lower(\(parameter) COLLATE \"C\")"
    }

    /// Column values in the order of `columns`.
    private static func values(_ user: UserRecord) -> [(any PostgresDynamicTypeEncodable)?] {
        let hash: ByteBuffer? = user.passwordHash.map { ByteBuffer(bytes: $0) }
        let salt: ByteBuffer? = user.passwordSalt.map { ByteBuffer(bytes: $0) }
        let disabled: Int64 = user.disabled ? 1 : 0
        let mustChangePassword: Int64 = user.mustChangePassword ? 1 : 0
        return [
            user.id, user.groupID, user.email, user.name, hash, salt, disabled, mustChangePassword, user.createdAt,
            user.updatedAt, Int64(user.version),
        ]
    }

    private static func record(_ row: PostgresRandomAccessRow) throws -> UserRecord {
        UserRecord(
            id: try row.decode("id", as: String.self),
            groupID: try row.decode("group_id", as: String.self),
            email: try row.decode("email", as: String.self),
            name: try row.decode("name", as: String.self),
            passwordHash: try row.optionalBytes("password_hash"),
            passwordSalt: try row.optionalBytes("password_salt"),
            disabled: try row.decode("disabled", as: Int64.self) != 0,
            mustChangePassword: try row.decode("must_change_password", as: Int64.self) != 0,
            createdAt: try row.decode("created_at", as: Int64.self),
            updatedAt: try row.decode("updated_at", as: Int64.self),
            version: Int(try row.decode("version", as: Int64.self))
        )
    }
}

@available(*, unavailable)
extension PostgresUserStore: Sendable {}

extension PostgresUserStore: UserStore {}
