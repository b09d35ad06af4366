public import ClienteleStore
import PostgresNIO

/// Role assignments: a user's role on a scope, unique per (user, role, scope), on PostgreSQL:
/// the same operations and answers as `RoleStore`.
public struct PostgresRoleStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    private static let columns = "id, user_id, role, scope_kind, scope_id, group_id, created_at, created_by, expires_at"

    /// Throws `.duplicate(field: "user_id, role, scope_kind, scope_id")` when the user already
    /// holds the role on the scope, `.notFound` when the user or the group does not exist.
    public func insert(_ assignment: RoleAssignmentRecord) throws {
        try StoreError.mappingPostgres(missing: "user \(assignment.userID) or group \(assignment.groupID)") {
            _ = try self.session.execute(
                "INSERT INTO role_assignments (\(Self.columns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                [
                    assignment.id, assignment.userID, assignment.role, assignment.scopeKind, assignment.scopeID,
                    assignment.groupID, assignment.createdAt, assignment.createdBy, assignment.expiresAt,
                ]
            )
        }
    }

    /// Whether there was an assignment with this id.
    @discardableResult
    public func delete(id: String) throws -> Bool {
        try StoreError.mappingPostgres {
            try self.session.execute("DELETE FROM role_assignments WHERE id = $1", [id]) > 0
        }
    }

    public func fetch(id: String) throws -> RoleAssignmentRecord? {
        try self.fetchAll("WHERE id = $1", [id]).first
    }

    /// Every role of a user, in every group, oldest first.
    public func forUser(_ userID: String) throws -> [RoleAssignmentRecord] {
        try self.fetchAll("WHERE user_id = $1 ORDER BY created_at, id", [userID])
    }

    /// Every assignment in a group (its own scope and its clients'), by user.
    public func inGroup(_ groupID: String) throws -> [RoleAssignmentRecord] {
        try self.fetchAll(
            "WHERE group_id = $1 ORDER BY user_id, created_at, id", [groupID])
    }

    public func find(userID: String, role: String, scopeKind: String, scopeID: String) throws -> RoleAssignmentRecord? {
        try self.fetchAll(
            "WHERE user_id = $1 AND role = $2 AND scope_kind = $3 AND scope_id = $4",
            [userID, role, scopeKind, scopeID]
        ).first
    }

    private func fetchAll(
        _ filter: String, _ arguments: [(any PostgresDynamicTypeEncodable)?]
    ) throws -> [RoleAssignmentRecord] {
        try StoreError.mappingPostgres {
            try self.session.rows("SELECT \(Self.columns) FROM role_assignments \(filter)", arguments)
                .map(Self.record)
        }
    }

    private static func record(_ row: PostgresRandomAccessRow) throws -> RoleAssignmentRecord {
        RoleAssignmentRecord(
            id: try row.decode("id", as: String.self),
            userID: try row.decode("user_id", as: String.self),
            role: try row.decode("role", as: String.self),
            scopeKind: try row.decode("scope_kind", as: String.self),
            scopeID: try row.decode("scope_id", as: String.self),
            groupID: try row.decode("group_id", as: String.self),
            createdAt: try row.decode("created_at", as: Int64.self),
            createdBy: try row.optional("created_by", as: String.self),
            expiresAt: try row.optional("expires_at", as: Int64.self)
        )
    }
}

@available(*, unavailable)
extension PostgresRoleStore: Sendable {}

extension PostgresRoleStore: RoleStore {}
