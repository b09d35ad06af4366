import ClienteleAccess
public import ClienteleStore

/// Members, portal invitations, ownership, staff access, linked accounts,
/// sub-clients and "sign in as" around a client. Every write is one transaction
/// with its audit entries and idempotency key.
public struct PeopleService: Sendable {
    let database: any StoreDatabase
    let clock: any Clock
    let ids: any IDGenerator
    let settings: PeopleSettings
    let hasher: PasswordHasher
    let writer: AuditedWriter

    public init(database: any StoreDatabase, clock: any Clock, ids: any IDGenerator, settings: PeopleSettings) {
        self.database = database
        self.clock = clock
        self.ids = ids
        self.settings = settings
        self.hasher = PasswordHasher(cost: settings.passwordCost)
        self.writer = AuditedWriter(database: database, clock: clock, ids: ids)
    }

    public func replay(_ origin: WriteOrigin) async throws(DomainError) -> [UInt8]? {
        try await self.writer.replay(origin)
    }

    // MARK: Members

    /// Adds a member: the user with that email (created without a password if new),
    /// with the member role on the client.
    public func addMember(
        _ clientID: String, firstName: String, lastName: String, email: String, role: Int, portalAccess: Bool,
        _ write: Write<MemberView>
    ) async throws(DomainError) -> MemberView {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let email = try Validate.email(email, "email")
        let name = try Self.name(firstName, lastName, field: "first_name")
        let role = try Self.memberRole(role)
        let newUserID = self.ids.make("usr")
        let assignmentID = self.ids.make("ra")
        return try await self.writer.commit(write) { store, trail, now in
            let view = try ClientService.changeable(id, expectedVersion: 0, store: store)
            let user = try Self.user(
                email: email, name: name, inGroup: view.client.groupID, newID: newUserID, now: now, store: store)
            guard view.client.ownerUserID != user.id else {
                throw DomainError.failedPrecondition("\(email) owns client \(id) and cannot also be its member")
            }
            guard try store.members.fetch(clientID: id, userID: user.id) == nil else {
                throw DomainError.alreadyExists(field: "email")
            }
            let member = MemberRecord(
                clientID: id, userID: user.id, role: role.rawValue, portalAccess: portalAccess, createdAt: now)
            try store.members.save(member)
            try Self.setMemberRole(
                member, assignmentID: assignmentID, groupID: view.client.groupID, by: write.origin.actor, now: now,
                store: store)
            trail.record(
                group: view.client.groupID, client: id, resource: "member:\(user.id)",
                changed: ["role", "portal_access"], detail: role.rawValue)
            return MemberView(member: member, user: user)
        }
    }

    /// Changes a member's role and/or portal access (`paths`: "role", "portal_access").
    public func updateMember(
        _ clientID: String, userID: String, role: Int, portalAccess: Bool, paths: [String], _ write: Write<MemberView>
    ) async throws(DomainError) -> MemberView {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let userID = try Validate.required(userID, "user_id", maxLength: 64)
        guard !paths.isEmpty else { throw .invalidArgument(field: "update_paths", reason: "names no field") }
        if let unknown = paths.first(where: { $0 != "role" && $0 != "portal_access" }) {
            throw .invalidArgument(field: "update_paths", reason: "\(unknown) is not role or portal_access")
        }
        let newRole = paths.contains("role") ? try Self.memberRole(role) : nil
        let assignmentID = self.ids.make("ra")
        return try await self.writer.commit(write) { store, trail, now in
            let view = try ClientService.changeable(id, expectedVersion: 0, store: store)
            guard var member = try store.members.fetch(clientID: id, userID: userID),
                let user = try store.users.fetch(id: userID, inGroup: view.client.groupID)
            else { throw DomainError.notFound("member \(userID)") }
            var changed: [String] = []
            if let newRole, newRole.rawValue != member.role {
                try Self.dropMemberRole(member, store: store)
                member.role = newRole.rawValue
                try Self.setMemberRole(
                    member, assignmentID: assignmentID, groupID: view.client.groupID, by: write.origin.actor, now: now,
                    store: store)
                changed.append("role")
            }
            if paths.contains("portal_access") && member.portalAccess != portalAccess {
                member.portalAccess = portalAccess
                changed.append("portal_access")
            }
            guard !changed.isEmpty else { return MemberView(member: member, user: user) }
            try store.members.save(member)
            trail.record(group: view.client.groupID, client: id, resource: "member:\(userID)", changed: changed)
            return MemberView(member: member, user: user)
        }
    }

    public func removeMember(_ clientID: String, userID: String, _ write: Write<Bool>) async throws(DomainError) {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let userID = try Validate.required(userID, "user_id", maxLength: 64)
        _ = try await self.writer.commit(write) { store, trail, now in
            let view = try ClientService.changeable(id, expectedVersion: 0, store: store)
            guard let member = try store.members.fetch(clientID: id, userID: userID) else {
                throw DomainError.notFound("member \(userID)")
            }
            try Self.dropMemberRole(member, store: store)
            try store.members.delete(clientID: id, userID: userID)
            try store.invitations.revokeOpen(clientID: id, userID: userID, at: now)
            trail.record(group: view.client.groupID, client: id, resource: "member:\(userID)", detail: "removed")
            return true
        }
    }

    public func members(_ clientID: String) async throws(DomainError) -> [MemberView] {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        return try await self.database.look { store in
            guard try store.clients.ownership(id: id) != nil else { throw DomainError.notFound("client \(id)") }
            let members = try store.members.forClient(id)
            let users = Dictionary(
                uniqueKeysWithValues: try store.users.list(ids: members.map(\.userID)).map { ($0.id, $0) })
            return members.compactMap { member in users[member.userID].map { MemberView(member: member, user: $0) } }
        }
    }

    // MARK: Shared steps

    static func name(_ first: String, _ last: String, field: String) throws(DomainError) -> String {
        let first = try Validate.optional(first, field, maxLength: 100)
        let last = try Validate.optional(last, "last_name", maxLength: 100)
        let name = [first, last].filter { !$0.isEmpty }.joined(separator: " ")
        guard !name.isEmpty else { throw .invalidArgument(field: field, reason: "a first or last name is required") }
        return name
    }

    /// The contract's `MemberRole` number as a role.
    static func memberRole(_ value: Int) throws(DomainError) -> Role {
        switch value {
        case 1: return .memberAdmin
        case 2: return .member
        default: throw .invalidArgument(field: "role", reason: "must be admin or member (got \(value))")
        }
    }

    /// The group's account with `email`, created without a password when the group has none.
    /// Another group's account with that email is neither seen nor reused.
    static func user(
        email: String, name: String, inGroup groupID: String, newID: String, now: Int64, store: StoreContext
    ) throws -> UserRecord {
        if let existing = try store.users.fetch(email: email, inGroup: groupID) { return existing }
        let user = UserRecord.invited(id: newID, groupID: groupID, email: email, name: name, now: now)
        try store.users.insert(user)
        return user
    }

    static func setMemberRole(
        _ member: MemberRecord, assignmentID: String, groupID: String, by actor: String, now: Int64, store: StoreContext
    ) throws {
        try store.roles.insert(
            RoleAssignmentRecord(
                id: assignmentID, userID: member.userID, role: member.role, scopeKind: "client",
                scopeID: member.clientID, groupID: groupID, createdAt: now, createdBy: actor, expiresAt: nil))
    }

    static func dropMemberRole(_ member: MemberRecord, store: StoreContext) throws {
        if let role = try store.roles.find(
            userID: member.userID, role: member.role, scopeKind: "client", scopeID: member.clientID)
        {
            try store.roles.delete(id: role.id)
        }
    }
}
