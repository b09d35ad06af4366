import Foundation
import GRDB

/// Accounts, each owned by one group and unique there by email (compared case-insensitively).
/// Every lookup a caller can steer names the group: no query here crosses tenants by email.
public struct SQLiteUserStore {
    let db: Database

    private static let columns = """
        id, group_id, email, name, password_hash, password_salt, disabled, must_change_password, \
        created_at, updated_at, version
        """

    /// Throws `.duplicate(field: "group_id, email")` for an email the group already has (in any letter case).
    public func insert(_ user: UserRecord) throws {
        try StoreError.mapping(missing: "group \(user.groupID)") {
            try self.db.execute(
                cached: "INSERT INTO users (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: StatementArguments(Self.values(user))
            )
        }
    }

    /// The account with this id, in any group: for ids the store itself holds (a session's,
    /// an invitation's). Ids a caller sends are looked up with `fetch(id:inGroup:)`.
    public func fetch(id: String) throws -> UserRecord? {
        try StoreError.mapping {
            try Row.fetchOne(cached: self.db, sql: "SELECT \(Self.columns) FROM users WHERE id = ?", arguments: [id])
                .map(Self.record)
        }
    }

    /// The account with this id if `groupID` owns it.
    public func fetch(id: String, inGroup groupID: String) throws -> UserRecord? {
        try StoreError.mapping {
            try Row.fetchOne(
                cached: self.db, sql: "SELECT \(Self.columns) FROM users WHERE id = ? AND group_id = ?",
                arguments: [id, groupID]
            )
            .map(Self.record)
        }
    }

    /// The group's account with this email in any letter case.
    public func fetch(email: String, inGroup groupID: String) throws -> UserRecord? {
        try StoreError.mapping {
            try Row.fetchOne(
                cached: self.db, sql: "SELECT \(Self.columns) FROM users WHERE group_id = ? AND email = ?",
                arguments: [groupID, email]
            )
            .map(Self.record)
        }
    }

    /// Stores every field as given, `version` and `updatedAt` included: the caller bumps them.
    /// The owning group never changes. Throws `.notFound` when there is no user with this id.
    public func update(_ user: UserRecord) throws {
        try StoreError.mapping {
            try self.db.execute(
                cached: """
                    UPDATE users SET email = ?, name = ?, password_hash = ?, password_salt = ?, disabled = ?,
                        must_change_password = ?, created_at = ?, updated_at = ?, version = ?
                    WHERE id = ? AND group_id = ?
                    """,
                arguments: StatementArguments(Self.values(user).dropFirst(2) + [user.id, user.groupID])
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
            user.id, user.groupID, user.email, user.name, user.passwordHash.map { Data($0) },
            user.passwordSalt.map { Data($0) }, user.disabled, user.mustChangePassword, user.createdAt,
            user.updatedAt, user.version,
        ]
    }

    private static func record(_ row: Row) throws -> UserRecord {
        UserRecord(
            id: try row.decode(forColumn: "id"),
            groupID: try row.decode(forColumn: "group_id"),
            email: try row.decode(forColumn: "email"),
            name: try row.decode(forColumn: "name"),
            passwordHash: try row.optionalBytes("password_hash"),
            passwordSalt: try row.optionalBytes("password_salt"),
            disabled: try row.decode(forColumn: "disabled"),
            mustChangePassword: try row.decode(forColumn: "must_change_password"),
            createdAt: try row.decode(forColumn: "created_at"),
            updatedAt: try row.decode(forColumn: "updated_at"),
            version: try row.decode(forColumn: "version")
        )
    }
}

@available(*, unavailable)
extension SQLiteUserStore: Sendable {}

extension SQLiteUserStore: UserStore {}
