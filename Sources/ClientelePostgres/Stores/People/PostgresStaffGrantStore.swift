public import ClienteleStore
import PostgresNIO

/// Partner staff grants, on PostgreSQL: the same operations and answers as `StaffGrantStore`.
public struct PostgresStaffGrantStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    private static let columns = "id, group_id, client_id, account_id, user_id, granted_by, created_at, expires_at"

    public func insert(_ grant: StaffGrantRecord) throws {
        try StoreError.mappingPostgres(missing: "client \(grant.clientID), account or user \(grant.userID)") {
            _ = try self.session.execute(
                "INSERT INTO staff_grants (\(Self.columns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                [
                    grant.id, grant.groupID, grant.clientID, grant.accountID, grant.userID, grant.grantedBy,
                    grant.createdAt, grant.expiresAt,
                ]
            )
        }
    }

    @discardableResult
    public func delete(id: String) throws -> Bool {
        try StoreError.mappingPostgres {
            try self.session.execute("DELETE FROM staff_grants WHERE id = $1", [id]) > 0
        }
    }

    public func fetch(id: String) throws -> StaffGrantRecord? {
        try self.fetchAll("WHERE id = $1", [id]).first
    }

    public func forClient(_ clientID: String) throws -> [StaffGrantRecord] {
        try self.fetchAll("WHERE client_id = $1 ORDER BY created_at, id", [clientID])
    }

    /// A user's grants on single accounts (whole-client grants are role assignments).
    public func accountGrants(userID: String) throws -> [StaffGrantRecord] {
        try self.fetchAll(
            "WHERE user_id = $1 AND account_id IS NOT NULL ORDER BY created_at, id", [userID])
    }

    private func fetchAll(
        _ filter: String, _ arguments: [(any PostgresDynamicTypeEncodable)?]
    ) throws -> [StaffGrantRecord] {
        try StoreError.mappingPostgres {
            try self.session.rows("SELECT \(Self.columns) FROM staff_grants \(filter)", arguments).map { row in
                StaffGrantRecord(
                    id: try row.decode("id", as: String.self),
                    groupID: try row.decode("group_id", as: String.self),
                    clientID: try row.decode("client_id", as: String.self),
                    accountID: try row.optional("account_id", as: String.self),
                    userID: try row.decode("user_id", as: String.self),
                    grantedBy: try row.decode("granted_by", as: String.self),
                    createdAt: try row.decode("created_at", as: Int64.self),
                    expiresAt: try row.optional("expires_at", as: Int64.self)
                )
            }
        }
    }
}

@available(*, unavailable)
extension PostgresStaffGrantStore: Sendable {}

extension PostgresStaffGrantStore: StaffGrantStore {}
