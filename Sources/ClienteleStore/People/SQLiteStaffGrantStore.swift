import GRDB

/// Partner staff grants.
public struct SQLiteStaffGrantStore {
    let db: Database

    public func insert(_ grant: StaffGrantRecord) throws {
        try StoreError.mapping(missing: "client \(grant.clientID), account or user \(grant.userID)") {
            try self.db.execute(
                cached: """
                    INSERT INTO staff_grants
                        (id, group_id, client_id, account_id, user_id, granted_by, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    grant.id, grant.groupID, grant.clientID, grant.accountID, grant.userID, grant.grantedBy,
                    grant.createdAt, grant.expiresAt,
                ]
            )
        }
    }

    @discardableResult
    public func delete(id: String) throws -> Bool {
        try StoreError.mapping {
            try self.db.execute(cached: "DELETE FROM staff_grants WHERE id = ?", arguments: [id])
            return self.db.changesCount > 0
        }
    }

    public func fetch(id: String) throws -> StaffGrantRecord? {
        try self.fetchAll("WHERE id = ?", [id]).first
    }

    public func forClient(_ clientID: String) throws -> [StaffGrantRecord] {
        try self.fetchAll("WHERE client_id = ? ORDER BY created_at, id", [clientID])
    }

    /// A user's grants on single accounts (whole-client grants are role assignments).
    public func accountGrants(userID: String) throws -> [StaffGrantRecord] {
        try self.fetchAll("WHERE user_id = ? AND account_id IS NOT NULL ORDER BY created_at, id", [userID])
    }

    private func fetchAll(_ filter: String, _ arguments: StatementArguments) throws -> [StaffGrantRecord] {
        try StoreError.mapping {
            try Row.fetchAll(cached: self.db, sql: "SELECT * FROM staff_grants \(filter)", arguments: arguments).map {
                row in
                StaffGrantRecord(
                    id: try row.decode(forColumn: "id"),
                    groupID: try row.decode(forColumn: "group_id"),
                    clientID: try row.decode(forColumn: "client_id"),
                    accountID: try row.decode(forColumn: "account_id"),
                    userID: try row.decode(forColumn: "user_id"),
                    grantedBy: try row.decode(forColumn: "granted_by"),
                    createdAt: try row.decode(forColumn: "created_at"),
                    expiresAt: try row.decode(forColumn: "expires_at")
                )
            }
        }
    }
}

@available(*, unavailable)
extension SQLiteStaffGrantStore: Sendable {}

extension SQLiteStaffGrantStore: StaffGrantStore {}
