/// Role assignments: a user's role on a scope, unique per (user, role, scope).
public protocol RoleStore {
    /// Throws `.duplicate(field: "user_id, role, scope_kind, scope_id")` when the user already
    /// holds the role on the scope, `.notFound` when the user or the group does not exist.
    func insert(_ assignment: RoleAssignmentRecord) throws

    /// Whether there was an assignment with this id.
    @discardableResult func delete(id: String) throws -> Bool

    func fetch(id: String) throws -> RoleAssignmentRecord?

    /// Every role of a user, in every group, oldest first.
    func forUser(_ userID: String) throws -> [RoleAssignmentRecord]

    /// Every assignment in a group (its own scope and its clients'), by user.
    func inGroup(_ groupID: String) throws -> [RoleAssignmentRecord]

    func find(userID: String, role: String, scopeKind: String, scopeID: String) throws -> RoleAssignmentRecord?
}
