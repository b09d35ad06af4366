import GRDB

/// Role assignments: a user's role on a scope, unique per (user, role, scope).
public struct SQLiteRoleStore {
    let db: Database

    private static let columns = "id, user_id, role, scope_kind, scope_id, group_id, created_at, created_by, expires_at"

    /// Throws `.duplicate(field: "user_id, role, scope_kind, scope_id")` when the user already
    /// holds the role on the scope, `.notFound` when the user or the group does not exist.
    public func insert(_ assignment: RoleAssignmentRecord) throws {
        try StoreError.mapping(missing: "user \(assignment.userID) or group \(assignment.groupID)") {
            try self.db.execute(
                cached: "INSERT INTO role_assignments (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    assignment.id, assignment.userID, assignment.role, assignment.scopeKind, assignment.scopeID,
                    assignment.groupID, assignment.createdAt, assignment.createdBy, assignment.expiresAt,
                ]
            )
        }
    }

    /// Whether there was an assignment with this id.
    @discardableResult
    public func delete(id: String) throws -> Bool {
        try StoreError.mapping {
            try self.db.execute(cached: "DELETE FROM role_assignments WHERE id = ?", arguments: [id])
            return self.db.changesCount > 0
        }
    }

    public func fetch(id: String) throws -> RoleAssignmentRecord? {
        try self.fetchOne("WHERE id = ?", [id])
    }

    /// Every role of a user, in every group, oldest first.
    public func forUser(_ userID: String) throws -> [RoleAssignmentRecord] {
        try self.fetchAll("WHERE user_id = ? ORDER BY created_at, id", [userID])
    }

    /// Every assignment in a group (its own scope and its clients'), by user.
    public func inGroup(_ groupID: String) throws -> [RoleAssignmentRecord] {
        try self.fetchAll("WHERE group_id = ? ORDER BY user_id, created_at, id", [groupID])
    }

    public func find(userID: String, role: String, scopeKind: String, scopeID: String) throws -> RoleAssignmentRecord? {
        try self.fetchOne(
            "WHERE user_id = ? AND role = ? AND scope_kind = ? AND scope_id = ?",
            [userID, role, scopeKind, scopeID]
        )
    }

    private func fetchOne(_ filter: String, _ arguments: StatementArguments) throws -> RoleAssignmentRecord? {
        try StoreError.mapping {
            try Row.fetchOne(
                cached: self.db, sql: "SELECT \(Self.columns) FROM role_assignments \(filter)", arguments: arguments
            )
            .map(Self.record)
        }
    }

    private func fetchAll(_ filter: String, _ arguments: StatementArguments) throws -> [RoleAssignmentRecord] {
        try StoreError.mapping {
            try Row.fetchAll(
                cached: self.db, sql: "SELECT \(Self.columns) FROM role_assignments \(filter)", arguments: arguments
            )
            .map(Self.record)
        }
    }

    private static func record(_ row: Row) throws -> RoleAssignmentRecord {
        RoleAssignmentRecord(
            id: try row.decode(forColumn: "id"),
            userID: try row.decode(forColumn: "user_id"),
            role: try row.decode(forColumn: "role"),
            scopeKind: try row.decode(forColumn: "scope_kind"),
            scopeID: try row.decode(forColumn: "scope_id"),
            groupID: try row.decode(forColumn: "group_id"),
            createdAt: try row.decode(forColumn: "created_at"),
            createdBy: try row.decode(forColumn: "created_by"),
            expiresAt: try row.decode(forColumn: "expires_at")
        )
    }
}

@available(*, unavailable)
extension SQLiteRoleStore: Sendable {}

extension SQLiteRoleStore: RoleStore {}
