import ClienteleAccess
public import ClienteleStore

extension PeopleService {
    /// Grants a user partner staff access to the whole client, or to one of its
    /// linked accounts, optionally until `expiresAt` (unix ms, 0 for never).
    public func grantStaff(
        _ clientID: String, userID: String, accountID: String, expiresAt: Int64, _ write: Write<StaffGrantRecord>
    ) async throws(DomainError) -> StaffGrantRecord {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let userID = try Validate.required(userID, "user_id", maxLength: 64)
        let accountID = try Validate.optional(accountID, "account_id", maxLength: 64)
        guard expiresAt >= 0 else { throw .invalidArgument(field: "expires_at_millis", reason: "must not be negative") }
        guard expiresAt == 0 || expiresAt > self.clock.nowMillis() else {
            throw .invalidArgument(field: "expires_at_millis", reason: "is in the past")
        }
        let grantID = self.ids.make("sg")
        return try await self.writer.commit(write) { store, trail, now in
            let view = try ClientService.changeable(id, expectedVersion: 0, store: store)
            guard try store.users.fetch(id: userID, inGroup: view.client.groupID) != nil else {
                throw DomainError.notFound("user \(userID)")
            }
            if !accountID.isEmpty {
                guard let account = try store.accounts.fetch(id: accountID), account.clientID == id else {
                    throw DomainError.notFound("account \(accountID)")
                }
            }
            // A lapsed grant for the same user and target gives way to the new one; the audit
            // keeps both. A live one is a duplicate.
            for old in try store.staffGrants.forClient(id)
            where old.userID == userID && old.accountID == (accountID.isEmpty ? nil : accountID) {
                guard let lapsed = old.expiresAt, lapsed <= now else {
                    throw DomainError.alreadyExists(field: "user_id")
                }
                _ = try store.staffGrants.delete(id: old.id)
                _ = try store.roles.delete(id: old.id)
                trail.record(
                    group: old.groupID, client: id, resource: "staff_grant:\(old.id)",
                    detail: "lapsed at \(lapsed); replaced by \(grantID)")
            }
            let grant = StaffGrantRecord(
                id: grantID, groupID: view.client.groupID, clientID: id, accountID: accountID.isEmpty ? nil : accountID,
                userID: userID, grantedBy: write.origin.actor, createdAt: now,
                expiresAt: expiresAt == 0 ? nil : expiresAt)
            try store.staffGrants.insert(grant)
            if accountID.isEmpty {
                // The whole client: a role assignment the policy reads like any other.
                try store.roles.insert(
                    RoleAssignmentRecord(
                        id: grantID, userID: userID, role: Role.partnerStaff.rawValue, scopeKind: "client", scopeID: id,
                        groupID: view.client.groupID, createdAt: now, createdBy: write.origin.actor,
                        expiresAt: grant.expiresAt))
            }
            trail.record(
                group: view.client.groupID, client: id, resource: "staff_grant:\(grantID)",
                detail: "\(userID) on \(accountID.isEmpty ? "the client" : "account \(accountID)")")
            return grant
        }
    }

    public func revokeStaff(_ clientID: String, grantID: String, _ write: Write<Bool>) async throws(DomainError) {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let grantID = try Validate.required(grantID, "grant_id", maxLength: 64)
        _ = try await self.writer.commit(write) { store, trail, _ in
            guard let grant = try store.staffGrants.fetch(id: grantID), grant.clientID == id else {
                throw DomainError.notFound("staff grant \(grantID)")
            }
            try store.staffGrants.delete(id: grantID)
            try store.roles.delete(id: grantID)
            trail.record(group: grant.groupID, client: id, resource: "staff_grant:\(grantID)", detail: "revoked")
            return true
        }
    }

    /// The "Staff" panel: everyone who can reach the client, and through what.
    public func access(_ clientID: String) async throws(DomainError) -> [AccessEntryView] {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let now = self.clock.nowMillis()
        return try await self.database.look { store in
            guard let client = try store.clients.fetch(id: id) else { throw DomainError.notFound("client \(id)") }
            var lines: [(userID: String, role: String, through: String, expiresAt: Int64?)] = []
            for role in try store.roles.inGroup(client.groupID) where role.expiresAt.map({ $0 > now }) ?? true {
                if role.scopeKind == "group" && (role.role == Role.owner.rawValue || role.role == Role.manager.rawValue)
                {
                    let assigned = role.role == Role.manager.rawValue && client.managerUserID == role.userID
                    lines.append((role.userID, role.role, assigned ? "assigned" : "group", role.expiresAt))
                } else if role.scopeKind == "client" && role.scopeID == id {
                    lines.append((role.userID, role.role, "client", role.expiresAt))
                }
            }
            for grant in try store.staffGrants.forClient(id) where grant.accountID != nil {
                if grant.expiresAt.map({ $0 > now }) ?? true {
                    lines.append(
                        (grant.userID, Role.partnerStaff.rawValue, "account:\(grant.accountID!)", grant.expiresAt))
                }
            }
            let users = Dictionary(
                uniqueKeysWithValues: try store.users.list(ids: lines.map(\.userID)).map { ($0.id, $0) })
            return lines.compactMap { line in
                users[line.userID].map {
                    AccessEntryView(
                        userID: $0.id, email: $0.email, name: $0.name, role: line.role, through: line.through,
                        expiresAt: line.expiresAt)
                }
            }
        }
    }
}
