import Foundation
import GRDB

/// Users: global, unique by email compared case-insensitively.
public struct UserStore {
    let db: Database

    private static let columns = """
        id, email, name, password_hash, password_salt, disabled, must_change_password, failed_logins, \
        locked_until, created_at, updated_at, version
        """

    /// Throws `.duplicate(field: "email")` for an email in use (in any letter case).
    public func insert(_ user: UserRecord) throws {
        try StoreError.mapping {
            try self.db.execute(
                cached: "INSERT INTO users (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: StatementArguments(Self.values(user))
            )
        }
    }

    public func fetch(id: String) throws -> UserRecord? {
        try StoreError.mapping {
            try Row.fetchOne(cached: self.db, sql: "SELECT \(Self.columns) FROM users WHERE id = ?", arguments: [id])
                .map(Self.record)
        }
    }

    /// The user with this email in any letter case.
    public func fetch(email: String) throws -> UserRecord? {
        try StoreError.mapping {
            try Row.fetchOne(
                cached: self.db, sql: "SELECT \(Self.columns) FROM users WHERE email = ?", arguments: [email]
            )
            .map(Self.record)
        }
    }

    /// Stores every field as given, `version` and `updatedAt` included: the caller bumps them.
    /// Throws `.notFound` when there is no user with this id.
    public func update(_ user: UserRecord) throws {
        try StoreError.mapping {
            try self.db.execute(
                cached: """
                    UPDATE users SET email = ?, name = ?, password_hash = ?, password_salt = ?, disabled = ?,
                        must_change_password = ?, failed_logins = ?, locked_until = ?, created_at = ?,
                        updated_at = ?, version = ?
                    WHERE id = ?
                    """,
                arguments: StatementArguments(Self.values(user).dropFirst() + [user.id])
            )
            guard self.db.changesCount > 0 else { throw StoreError.notFound("user \(user.id)") }
        }
    }

    /// The users with these ids (missing ones are left out), by email.
    public func list(ids: [String]) throws -> [UserRecord] {
        let ids = Array(Set(ids))
        var users: [UserRecord] = []
        users.reserveCapacity(ids.count)
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = ids[start..<min(start + 500, ids.count)]
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            try StoreError.mapping {
                users += try Row.fetchAll(
                    self.db,
                    sql: "SELECT \(Self.columns) FROM users WHERE id IN (\(marks))",
                    arguments: StatementArguments(Array(chunk))
                ).map(Self.record)
            }
        }
        return users.sorted { ($0.email.lowercased(), $0.id) < ($1.email.lowercased(), $1.id) }
    }

    /// Column values in the order of `columns`.
    private static func values(_ user: UserRecord) -> [(any DatabaseValueConvertible)?] {
        [
            user.id, user.email, user.name, user.passwordHash.map { Data($0) }, user.passwordSalt.map { Data($0) },
            user.disabled, user.mustChangePassword, user.failedLogins, user.lockedUntil, user.createdAt,
            user.updatedAt, user.version,
        ]
    }

    private static func record(_ row: Row) throws -> UserRecord {
        UserRecord(
            id: try row.decode(forColumn: "id"),
            email: try row.decode(forColumn: "email"),
            name: try row.decode(forColumn: "name"),
            passwordHash: try row.optionalBytes("password_hash"),
            passwordSalt: try row.optionalBytes("password_salt"),
            disabled: try row.decode(forColumn: "disabled"),
            mustChangePassword: try row.decode(forColumn: "must_change_password"),
            failedLogins: try row.decode(forColumn: "failed_logins"),
            lockedUntil: try row.decode(forColumn: "locked_until"),
            createdAt: try row.decode(forColumn: "created_at"),
            updatedAt: try row.decode(forColumn: "updated_at"),
            version: try row.decode(forColumn: "version")
        )
    }
}

@available(*, unavailable)
extension UserStore: Sendable {}
