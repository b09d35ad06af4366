import GRDB

/// Members of clients.
public struct SQLiteMemberStore {
    let db: Database

    /// Inserts or replaces the membership.
    public func save(_ member: MemberRecord) throws {
        try StoreError.mapping(missing: "client \(member.clientID) or user \(member.userID)") {
            try self.db.execute(
                cached: """
                    INSERT OR REPLACE INTO client_members (client_id, user_id, role, portal_access, created_at)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [member.clientID, member.userID, member.role, member.portalAccess, member.createdAt]
            )
        }
    }

    @discardableResult
    public func delete(clientID: String, userID: String) throws -> Bool {
        try StoreError.mapping {
            try self.db.execute(
                cached: "DELETE FROM client_members WHERE client_id = ? AND user_id = ?", arguments: [clientID, userID])
            return self.db.changesCount > 0
        }
    }

    public func fetch(clientID: String, userID: String) throws -> MemberRecord? {
        try self.fetchAll("WHERE client_id = ? AND user_id = ?", [clientID, userID]).first
    }

    /// The clients where this user is a member with portal access turned off.
    public func clientsWithoutPortalAccess(userID: String) throws -> Set<String> {
        Set(try self.fetchAll("WHERE user_id = ? AND portal_access = 0", [userID]).map(\.clientID))
    }

    /// Oldest first.
    public func forClient(_ clientID: String) throws -> [MemberRecord] {
        try self.fetchAll("WHERE client_id = ? ORDER BY created_at, user_id", [clientID])
    }

    private func fetchAll(_ filter: String, _ arguments: StatementArguments) throws -> [MemberRecord] {
        try StoreError.mapping {
            try Row.fetchAll(cached: self.db, sql: "SELECT * FROM client_members \(filter)", arguments: arguments).map {
                row in
                MemberRecord(
                    clientID: try row.decode(forColumn: "client_id"),
                    userID: try row.decode(forColumn: "user_id"),
                    role: try row.decode(forColumn: "role"),
                    portalAccess: try row.decode(forColumn: "portal_access"),
                    createdAt: try row.decode(forColumn: "created_at")
                )
            }
        }
    }
}

@available(*, unavailable)
extension SQLiteMemberStore: Sendable {}

extension SQLiteMemberStore: MemberStore {}
