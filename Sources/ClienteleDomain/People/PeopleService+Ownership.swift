import ClienteleAccess
import ClienteleStore

extension PeopleService {
    /// Gives the client to another owner: an existing user (`toUserID`, e.g. a member)
    /// or the user with `toEmail` (created and invited by link if new). The former
    /// owner stays as an admin member unless `removeFormer`. Linked accounts, ledger
    /// and sub-clients stay with the client.
    public func transferOwnership(
        _ clientID: String, toUserID: String, toEmail: String, toName: String, removeFormer: Bool,
        _ write: Write<ClientView>
    ) async throws(DomainError) -> ClientView {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let toUserID = try Validate.optional(toUserID, "to_user_id", maxLength: 64)
        let email = toEmail.isEmpty ? "" : try Validate.email(toEmail, "to_email")
        guard toUserID.isEmpty != email.isEmpty else {
            throw .invalidArgument(field: "to_user_id", reason: "give either to_user_id or to_email")
        }
        let name = try Validate.optional(toName, "to_name", maxLength: 200)
        let secret = InvitationSecret(token: InvitationToken.make(using: self.ids), password: nil)
        let (newUserID, ownerAssignment, memberAssignment, invitationID, messageID) = (
            self.ids.make("usr"), self.ids.make("ra"), self.ids.make("ra"), self.ids.make("inv"), self.ids.make("msg")
        )
        return try await self.writer.commit(write) { store, trail, now in
            var view = try ClientService.changeable(id, expectedVersion: 0, store: store)
            let newOwner: UserRecord
            if toUserID.isEmpty {
                newOwner = try Self.user(
                    email: email, name: name.isEmpty ? email : name, inGroup: view.client.groupID, newID: newUserID,
                    now: now, store: store)
            } else {
                guard let user = try store.users.fetch(id: toUserID, inGroup: view.client.groupID) else {
                    throw DomainError.notFound("user \(toUserID)")
                }
                newOwner = user
            }
            guard !newOwner.disabled else { throw DomainError.failedPrecondition("user \(newOwner.id) is disabled") }
            let former = view.client.ownerUserID
            guard former != newOwner.id else {
                throw DomainError.failedPrecondition("user \(newOwner.id) already owns client \(id)")
            }
            if let former {
                if let role = try store.roles.find(
                    userID: former, role: Role.owner.rawValue, scopeKind: "client", scopeID: id)
                {
                    try store.roles.delete(id: role.id)
                }
                try store.invitations.revokeOpen(clientID: id, userID: former, at: now)
                if !removeFormer {
                    let member = MemberRecord(
                        clientID: id, userID: former, role: Role.memberAdmin.rawValue, portalAccess: true,
                        createdAt: now)
                    if let existing = try store.members.fetch(clientID: id, userID: former) {
                        try Self.dropMemberRole(existing, store: store)
                    }
                    try store.members.save(member)
                    try Self.setMemberRole(
                        member, assignmentID: memberAssignment, groupID: view.client.groupID, by: write.origin.actor,
                        now: now, store: store)
                }
            }
            // A member who becomes the owner is a member no more.
            if let member = try store.members.fetch(clientID: id, userID: newOwner.id) {
                try Self.dropMemberRole(member, store: store)
                try store.members.delete(clientID: id, userID: newOwner.id)
            }
            try store.roles.insert(
                RoleAssignmentRecord(
                    id: ownerAssignment, userID: newOwner.id, role: Role.owner.rawValue, scopeKind: "client",
                    scopeID: id,
                    groupID: view.client.groupID, createdAt: now, createdBy: write.origin.actor, expiresAt: nil))
            view.client.ownerUserID = newOwner.id
            view.client.activationDeadline = nil
            if newOwner.passwordHash == nil {
                _ = try Self.open(
                    kind: Self.linkKind, secret: secret, id: invitationID, messageID: messageID, user: newOwner,
                    client: view.client, lifetime: 7 * 24 * 3600 * 1000, by: write.origin.actor, now: now, store: store)
            }
            try ClientService.save(&view.client, contacts: view.contacts, now: now, store: store)
            trail.record(
                group: view.client.groupID, client: id, resource: "client:\(id)", changed: ["owner_user_id"],
                detail:
                    "from \(former ?? "-") to \(newOwner.id); former owner \(former == nil ? "none" : removeFormer ? "removed" : "kept as admin member")"
            )
            return view
        }
    }
}
