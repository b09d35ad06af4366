public import ClienteleStore
import PostgresNIO

/// Members of clients, on PostgreSQL: the same operations and answers as `MemberStore`.
public struct PostgresMemberStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    /// Inserts or replaces the membership.
    public func save(_ member: MemberRecord) throws {
        // SQLite's INSERT OR REPLACE: the row keyed (client_id, user_id) takes every value given.
        try StoreError.mappingPostgres(missing: "client \(member.clientID) or user \(member.userID)") {
            _ = try self.session.execute(
                """
                INSERT INTO client_members (client_id, user_id, role, portal_access, created_at)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (client_id, user_id) DO UPDATE
                    SET role = excluded.role, portal_access = excluded.portal_access, created_at = excluded.created_at
                """,
                [member.clientID, member.userID, member.role, Int64(member.portalAccess ? 1 : 0), member.createdAt]
            )
        }
    }

    @discardableResult
    public func delete(clientID: String, userID: String) throws -> Bool {
        try StoreError.mappingPostgres {
            try self.session.execute(
                "DELETE FROM client_members WHERE client_id = $1 AND user_id = $2", [clientID, userID]) > 0
        }
    }

    public func fetch(clientID: String, userID: String) throws -> MemberRecord? {
        try self.fetchAll("WHERE client_id = $1 AND user_id = $2", [clientID, userID]).first
    }

    /// The clients where this user is a member with portal access turned off.
    public func clientsWithoutPortalAccess(userID: String) throws -> Set<String> {
        Set(try self.fetchAll("WHERE user_id = $1 AND portal_access = 0", [userID]).map(\.clientID))
    }

    /// Oldest first.
    public func forClient(_ clientID: String) throws -> [MemberRecord] {
        try self.fetchAll("WHERE client_id = $1 ORDER BY created_at, user_id", [clientID])
    }

    private func fetchAll(_ filter: String, _ arguments: [(any PostgresDynamicTypeEncodable)?]) throws -> [MemberRecord]
    {
        try StoreError.mappingPostgres {
            try self.session.rows(
                "SELECT client_id, user_id, role, portal_access, created_at FROM client_members \(filter)", arguments
            ).map { row in
                MemberRecord(
                    clientID: try row.decode("client_id", as: String.self),
                    userID: try row.decode("user_id", as: String.self),
                    role: try row.decode("role", as: String.self),
                    portalAccess: try row.decode("portal_access", as: Int64.self) != 0,
                    createdAt: try row.decode("created_at", as: Int64.self)
                )
            }
        }
    }
}

@available(*, unavailable)
extension PostgresMemberStore: Sendable {}

extension PostgresMemberStore: MemberStore {}
