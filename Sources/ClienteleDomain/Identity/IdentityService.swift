public import ClienteleAccess
public import ClienteleStore
public import Logging

/// Groups, users, sessions, API keys and role assignments. Every write is one
/// store transaction. Callers have already been authorized by the RPC layer
/// for the resource the method names; the checks here are the rules of the
/// domain itself (uniqueness, password policy, lockout).
public struct IdentityService: Sendable {
    let database: any StoreDatabase
    let clock: any Clock
    let ids: any IDGenerator
    let settings: IdentitySettings
    let hasher: PasswordHasher
    let logger: Logger
    let writer: AuditedWriter
    /// The throttled password check every sign-in path goes through.
    let credentials: CredentialCheck

    public init(
        database: any StoreDatabase,
        clock: any Clock,
        ids: any IDGenerator,
        settings: IdentitySettings,
        logger: Logger
    ) {
        self.database = database
        self.clock = clock
        self.ids = ids
        self.settings = settings
        self.hasher = PasswordHasher(cost: settings.passwordCost)
        self.logger = logger
        self.writer = AuditedWriter(database: database, clock: clock, ids: ids)
        self.credentials = CredentialCheck(
            database: database, clock: clock, settings: settings, hasher: self.hasher, logger: logger)
    }

    /// The stored answer when `origin` replays an idempotency key (see `AuditedWriter`).
    public func replay(_ origin: WriteOrigin) async throws(DomainError) -> [UInt8]? {
        try await self.writer.replay(origin)
    }

    // MARK: Groups

    /// A new group and its first owner, a new account of the group.
    public func bootstrapGroup(
        name: String, ownerEmail: String, ownerName: String, ownerPassword: String,
        _ write: Write<(GroupRecord, UserRecord)>
    )
        async throws(DomainError) -> (GroupRecord, UserRecord)
    {
        let name = try Validate.required(name, "group_name")
        let email = try Validate.email(ownerEmail, "owner_email")
        let ownerName = try Validate.required(ownerName, "owner_name")
        let password = try Validate.password(ownerPassword, "owner_password")
        let (hash, salt) = try self.hashPassword(password)
        let now = self.clock.nowMillis()
        let group = GroupRecord(id: self.ids.make("grp"), name: name, createdAt: now, version: 1)
        let newUserID = self.ids.make("usr")
        let assignmentID = self.ids.make("ra")
        let (_, owner) = try await self.writer.commit(write) { store, trail, _ in
            try store.groups.insert(group)
            let owner = Self.newUser(
                id: newUserID, groupID: group.id, email: email, name: ownerName, secret: (hash, salt), now: now)
            try store.users.insert(owner)
            let assignment = RoleAssignmentRecord(
                id: assignmentID, userID: owner.id, role: Role.owner.rawValue, scopeKind: "group",
                scopeID: group.id, groupID: group.id, createdAt: now, createdBy: write.origin.userID, expiresAt: nil
            )
            try store.roles.insert(assignment)
            trail.record(group: group.id, client: nil, resource: "group:\(group.id)", changed: ["name"])
            Self.recordNewUser(owner, group: group.id, in: trail)
            Self.record(assignment, "assigned", in: trail)
            return (group, owner)
        }
        self.logger.info("group bootstrapped", metadata: ["group": "\(group.id)", "owner": "\(owner.id)"])
        return (group, owner)
    }

    /// The resource standing for a group; NOT_FOUND when there is none.
    public func groupResource(_ groupID: String) async throws(DomainError) -> Resource {
        let id = try Validate.required(groupID, "group_id")
        guard try await self.database.lookByKey({ try $0.groups.fetch(id: id) }) != nil else {
            throw .notFound("group \(id)")
        }
        return .group(id)
    }

    /// The groups with these ids that exist, in id order (for WhoAmI: the groups a caller
    /// holds grants in).
    public func groups(_ ids: Set<String>) async throws(DomainError) -> [GroupRecord] {
        try await self.database.lookByKey { store in
            try ids.sorted().compactMap { try store.groups.fetch(id: $0) }
        }
    }

    // MARK: Sessions

    /// Checks the group's account with this email and password and opens a session. Every
    /// failure answers alike, whether the group, the account or a password exists (see
    /// `CredentialCheck`); repeated failures lock the name for a time that doubles with each.
    public func login(
        groupID: String, email: String, password: String
    ) async throws(DomainError) -> (token: String, session: SessionRecord, user: UserRecord) {
        let groupID = try Validate.required(groupID, "group_id", maxLength: 64)
        let email = try Validate.email(email, "email")
        let user = try await self.credentials.verify(groupID: groupID, email: email, password: password)
        guard !user.disabled else { throw .unauthenticated("this user is disabled") }
        guard !user.mustChangePassword else {
            throw .failedPrecondition("this is a temporary password; choose your own with Access/ChangePassword")
        }
        try await self.checkPortalAccess(user)
        let now = self.clock.nowMillis()
        let (token, session) = self.newSession(for: user, now: now)
        try await self.database.change { store in try store.sessions.insert(session) }
        return (token, session, user)
    }

    /// Refuses a portal user whose every membership has portal access turned off (and who
    /// holds no other grant): signing in would open a session that can do nothing.
    func checkPortalAccess(_ user: UserRecord) async throws(DomainError) {
        let shut = try await self.database.look { store in
            try AccountGrants.isPortalShut(user, grants: try AccountGrants.of(user, store: store), store: store)
        }
        if shut {
            throw .permissionDenied(
                "portal access is turned off for this account; a client admin can turn it on with People/UpdateMember")
        }
    }

    /// A new session of `user` and its token, not yet stored.
    func newSession(for user: UserRecord, now: Int64) -> (token: String, session: SessionRecord) {
        let token = SecretToken.make(.session, using: self.ids)
        let session = SessionRecord(
            id: self.ids.make("ses"), tokenHash: SecretToken.hash(token), userID: user.id, createdAt: now,
            expiresAt: now + self.settings.sessionLifetimeMillis, revokedAt: nil, impersonatedClientID: nil,
            actorUserID: nil
        )
        return (token, session)
    }

    /// Revokes the session that `token` opened.
    public func logout(token: String) async throws(DomainError) {
        let hash = SecretToken.hash(token)
        let now = self.clock.nowMillis()
        try await self.database.change { store in
            guard let session = try store.sessions.fetch(tokenHash: hash) else { throw DomainError.notFound("session") }
            _ = try store.sessions.revoke(id: session.id, at: now)
        }
    }

    // MARK: Users

    public func user(_ id: String) async throws(DomainError) -> UserRecord {
        _ = try Validate.required(id, "user_id", maxLength: 64)
        guard let user = try await self.database.look({ try $0.users.fetch(id: id) }) else {
            throw .notFound("user \(id)")
        }
        return user
    }

    /// An account of the group with a first role; the group's own account with that email, if
    /// it has one, gets the role. Another group's accounts are never seen or reused.
    public func createUser(
        groupID: String,
        email: String,
        name: String,
        password: String?,
        role: Role,
        scope: Scope,
        _ write: Write<UserRecord>
    ) async throws(DomainError) -> UserRecord {
        let email = try Validate.email(email, "email")
        let name = try Validate.required(name, "name")
        let secret = try password.map { p throws(DomainError) in
            try self.hashPassword(try Validate.password(p, "password"))
        }
        try await self.checkScope(scope, groupID: groupID)
        let now = self.clock.nowMillis()
        let userID = self.ids.make("usr")
        let assignmentID = self.ids.make("ra")
        return try await self.writer.commit(write) { store, trail, _ in
            let (user, created) = try Self.user(
                email: email, in: store,
                orNew: Self.newUser(id: userID, groupID: groupID, email: email, name: name, secret: secret, now: now)
            )
            let assignment = RoleAssignmentRecord(
                id: assignmentID, userID: user.id, role: role.rawValue, scopeKind: scope.kind.rawValue,
                scopeID: scope.id, groupID: groupID, createdAt: now, createdBy: write.origin.userID, expiresAt: nil
            )
            try store.roles.insert(assignment)
            if created { Self.recordNewUser(user, group: groupID, in: trail) }
            Self.record(assignment, "assigned", in: trail)
            return user
        }
    }

    /// Changes a user's name and/or password; empty values leave a field as it is. Recorded
    /// in the audit of the account's group.
    public func updateUser(
        _ id: String, name: String?, password: String?, _ write: Write<UserRecord>
    ) async throws(DomainError) -> UserRecord {
        let name = try name.map { n throws(DomainError) in try Validate.required(n, "name") }
        let secret = try password.map { p throws(DomainError) in
            try self.hashPassword(try Validate.password(p, "password"))
        }
        let now = self.clock.nowMillis()
        return try await self.writer.commit(write) { store, trail, _ in
            guard var user = try store.users.fetch(id: id) else { throw DomainError.notFound("user \(id)") }
            if let name { user.name = name }
            if let secret {
                user.passwordHash = secret.hash
                user.passwordSalt = secret.salt
                user.mustChangePassword = false
            }
            user.updatedAt = now
            user.version += 1
            try store.users.update(user)
            let changed = (name == nil ? [] : ["name"]) + (secret == nil ? [] : ["password"])
            trail.record(group: user.groupID, client: nil, resource: "user:\(id)", changed: changed)
            return user
        }
    }

    /// Disables (revoking every session) or re-enables an account of `groupID`; NOT_FOUND
    /// for an account of another group, as for one that does not exist.
    public func setDisabled(
        _ id: String, disabled: Bool, groupID: String, _ write: Write<UserRecord>
    ) async throws(DomainError) -> UserRecord {
        let id = try Validate.required(id, "user_id", maxLength: 64)
        return try await self.writer.commit(write) { store, trail, now in
            guard var user = try store.users.fetch(id: id, inGroup: groupID) else {
                throw DomainError.notFound("user \(id)")
            }
            user.disabled = disabled
            user.updatedAt = now
            user.version += 1
            try store.users.update(user)
            if disabled { try store.sessions.revokeAll(userID: id, at: now) }
            trail.record(
                group: groupID, client: nil, resource: "user:\(id)", changed: ["disabled"],
                detail: disabled ? "disabled" : "enabled")
            return user
        }
    }

    /// The group that owns an account: where it may be managed. NOT_FOUND when there is none.
    public func accountGroup(_ userID: String) async throws(DomainError) -> String {
        _ = try Validate.required(userID, "user_id", maxLength: 64)
        guard let user = try await self.database.lookByKey({ try $0.users.fetch(id: userID) }) else {
            throw .notFound("user \(userID)")
        }
        return user.groupID
    }

    // MARK: Roles

    public func assignRole(
        userID: String, role: Role, scope: Scope, groupID: String, expiresAt: Int64?,
        _ write: Write<RoleAssignmentRecord>
    )
        async throws(DomainError) -> RoleAssignmentRecord
    {
        _ = try Validate.required(userID, "user_id", maxLength: 64)
        try await self.checkScope(scope, groupID: groupID)
        let id = self.ids.make("ra")
        return try await self.writer.commit(write) { store, trail, now in
            guard try store.users.fetch(id: userID, inGroup: groupID) != nil else {
                throw DomainError.notFound("user \(userID)")
            }
            let record = RoleAssignmentRecord(
                id: id, userID: userID, role: role.rawValue, scopeKind: scope.kind.rawValue, scopeID: scope.id,
                groupID: groupID, createdAt: now, createdBy: write.origin.userID, expiresAt: expiresAt
            )
            try store.roles.insert(record)
            Self.record(record, "assigned", in: trail)
            return record
        }
    }

    public func assignment(_ id: String) async throws(DomainError) -> RoleAssignmentRecord {
        _ = try Validate.required(id, "assignment_id", maxLength: 64)
        guard let record = try await self.database.look({ try $0.roles.fetch(id: id) }) else {
            throw .notFound("role assignment \(id)")
        }
        return record
    }

    public func revokeRole(_ id: String, _ write: Write<Void>) async throws(DomainError) {
        try await self.writer.commit(write) { store, trail, _ in
            guard let record = try store.roles.fetch(id: id), try store.roles.delete(id: id) else {
                throw DomainError.notFound("role assignment \(id)")
            }
            Self.record(record, "revoked", in: trail)
        }
    }

    /// Everyone holding a role in the group, with their roles, by email.
    public func people(inGroup groupID: String) async throws(DomainError) -> [(UserRecord, [RoleAssignmentRecord])] {
        try await self.database.look { store in
            let roles = try store.roles.inGroup(groupID)
            let byUser = Dictionary(grouping: roles, by: \.userID)
            return try store.users.list(ids: Array(byUser.keys))
                .sorted { $0.email < $1.email }
                .map { ($0, byUser[$0.id] ?? []) }
        }
    }

    // MARK: API keys

    /// A new key for a service, acting with `role` on `scope`, issued by the user
    /// `origin` names. The secret is returned once and stored only hashed, so the write
    /// refuses an idempotency key: the answer a key stores would hold the secret.
    public func issueAPIKey(
        groupID: String, name: String, role: Role, scope: Scope, origin: WriteOrigin
    )
        async throws(DomainError) -> (APIKeyRecord, secret: String)
    {
        let name = try Validate.required(name, "name")
        guard let issuer = origin.userID else {
            throw .permissionDenied("API keys are issued by signed-in people, not by other keys")
        }
        try await self.checkScope(scope, groupID: groupID)
        let secret = SecretToken.make(.apiKey, using: self.ids)
        let record = APIKeyRecord(
            id: self.ids.make("key"), keyHash: SecretToken.hash(secret), prefix: String(secret.prefix(12)), name: name,
            groupID: groupID, role: role.rawValue, scopeKind: scope.kind.rawValue, scopeID: scope.id,
            createdBy: issuer, createdAt: self.clock.nowMillis(), lastUsedAt: nil, revokedAt: nil
        )
        try await self.writer.commit(secretBearing: origin) { store, trail, _ in
            try store.apiKeys.insert(record)
            trail.record(
                group: groupID, client: scope.kind == .client ? scope.id : nil, resource: "api_key:\(record.id)",
                changed: ["name", "role", "scope"], detail: "\(role.rawValue) on \(scope.kind.rawValue) \(scope.id)")
        }
        self.logger.info(
            "API key issued", metadata: ["key": "\(record.id)", "group": "\(groupID)", "role": "\(role.rawValue)"])
        return (record, secret)
    }

    public func apiKeys(inGroup groupID: String) async throws(DomainError) -> [APIKeyRecord] {
        try await self.database.look { try $0.apiKeys.list(groupID: groupID) }
    }

    public func apiKey(_ id: String) async throws(DomainError) -> APIKeyRecord {
        _ = try Validate.required(id, "key_id", maxLength: 64)
        guard let key = try await self.database.look({ try $0.apiKeys.fetch(id: id) }) else {
            throw .notFound("API key \(id)")
        }
        return key
    }

    public func revokeAPIKey(_ id: String, _ write: Write<Void>) async throws(DomainError) {
        try await self.writer.commit(write) { store, trail, now in
            guard let key = try store.apiKeys.fetch(id: id), try store.apiKeys.revoke(id: id, at: now) else {
                throw DomainError.notFound("API key \(id)")
            }
            trail.record(
                group: key.groupID, client: key.scopeKind == "client" ? key.scopeID : nil, resource: "api_key:\(id)",
                detail: "revoked")
        }
    }

    // MARK: Explain

    /// Whether `userID` may take `action` on `resource` (a group, or one of its clients), and
    /// through which grant: the principal the authenticator would build for the user, the
    /// client as the gate reads it (with its manager), and the policy's own decision.
    /// NOT_FOUND for a user or client of another group, as for one that does not exist.
    public func explain(userID: String, action: Action, resource: Resource) async throws(DomainError) -> Decision {
        if let clientID = resource.clientID { _ = try Validate.required(clientID, "client_id", maxLength: 64) }
        _ = try Validate.required(userID, "user_id", maxLength: 64)
        let (user, grants, target) = try await self.database.look { store in
            guard let user = try store.users.fetch(id: userID, inGroup: resource.groupID) else {
                throw DomainError.notFound("user \(userID)")
            }
            var target = resource
            if let clientID = resource.clientID {
                guard let client = try ClientService.resource(clientID, store: store),
                    client.groupID == resource.groupID
                else { throw DomainError.notFound("client \(clientID)") }
                target = client
            }
            return (user, try AccountGrants.of(user, store: store), target)
        }
        if user.disabled { return .deny("denied: the user is disabled") }
        let principal = Principal(kind: .user(id: user.id), grants: grants)
        return Policy.decide(principal, action, on: target, now: self.clock.nowMillis())
    }

    // MARK: Helpers

    /// The account of `new`'s group with `email`, or `new` inserted when the group has none.
    private static func user(
        email: String, in store: StoreContext, orNew new: UserRecord
    ) throws -> (user: UserRecord, created: Bool) {
        if let existing = try store.users.fetch(email: email, inGroup: new.groupID) { return (existing, false) }
        try store.users.insert(new)
        return (new, true)
    }

    private static func recordNewUser(_ user: UserRecord, group: String, in trail: AuditTrail) {
        let changed = ["email", "name"] + (user.passwordHash == nil ? [] : ["password"])
        trail.record(group: group, client: nil, resource: "user:\(user.id)", changed: changed)
    }

    /// The audit entry of a role assignment made or revoked; one on a client is the client's too.
    private static func record(_ assignment: RoleAssignmentRecord, _ verb: String, in trail: AuditTrail) {
        trail.record(
            group: assignment.groupID, client: assignment.scopeKind == "client" ? assignment.scopeID : nil,
            resource: "role_assignment:\(assignment.id)", changed: verb == "assigned" ? ["role"] : [],
            detail:
                "\(verb): \(assignment.role) on \(assignment.scopeKind) \(assignment.scopeID) for \(assignment.userID)")
    }

    private static func newUser(
        id: String, groupID: String, email: String, name: String, secret: (hash: [UInt8], salt: [UInt8])?, now: Int64
    ) -> UserRecord {
        UserRecord(
            id: id, groupID: groupID, email: email, name: name, passwordHash: secret?.hash,
            passwordSalt: secret?.salt, disabled: false, mustChangePassword: false, createdAt: now, updatedAt: now,
            version: 1
        )
    }

    func hashPassword(_ password: String) throws(DomainError) -> (hash: [UInt8], salt: [UInt8]) {
        do { return try self.hasher.hash(password) } catch { throw .unavailable("cannot hash the password") }
    }

    /// A scope must lie in `groupID`: the group itself, or one of its clients.
    private func checkScope(_ scope: Scope, groupID: String) async throws(DomainError) {
        switch scope.kind {
        case .group:
            guard scope.id == groupID else {
                throw .invalidArgument(field: "scope.group_id", reason: "must be the group \(groupID)")
            }
        case .client:
            guard try await self.scopeGroup(scope) == groupID else { throw .notFound("client \(scope.id)") }
        case .account:
            throw .invalidArgument(field: "scope", reason: "an account is granted with People/GrantStaffAccess")
        }
    }

    /// The group a scope lies in: the group itself, or the client's group. NOT_FOUND when it does not exist.
    public func scopeGroup(_ scope: Scope) async throws(DomainError) -> String {
        switch scope.kind {
        case .group:
            return try await self.groupResource(scope.id).groupID
        case .client:
            let id = try Validate.required(scope.id, "scope.client_id", maxLength: 64)
            guard let owner = try await self.database.look({ try $0.clients.ownership(id: id) }) else {
                throw .notFound("client \(id)")
            }
            return owner.groupID
        case .account:
            throw .invalidArgument(field: "scope", reason: "an account is granted with People/GrantStaffAccess")
        }
    }
}
