public import ClienteleStore

extension PeopleService {
    static let linkKind = "portal_link"
    static let passwordKind = "portal_password"

    /// Invites a member (by user id) or, with an empty `userID`, the primary contact
    /// (who becomes a member with portal access). `method`: 1 link, 2 temporary password.
    public func invite(
        _ clientID: String, userID: String, method: Int, expiresInHours: Int32, _ write: Write<InvitationRecord>
    ) async throws(DomainError) -> InvitationRecord {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let userID = try Validate.optional(userID, "user_id", maxLength: 64)
        let kind = try Self.invitationKind(method)
        guard expiresInHours >= 0, expiresInHours <= 24 * 90 else {
            throw .invalidArgument(field: "expires_in_hours", reason: "must be 0 (7 days) to 2160 (90 days)")
        }
        let lifetime = expiresInHours == 0 ? self.settings.invitationLifetimeMillis : Int64(expiresInHours) * 3_600_000
        let secret = try self.secret(for: kind)
        let (newUserID, assignmentID, invitationID, messageID) = (
            self.ids.make("usr"), self.ids.make("ra"), self.ids.make("inv"), self.ids.make("msg")
        )
        return try await self.writer.commit(write) { store, trail, now in
            let view = try ClientService.changeable(id, expectedVersion: 0, store: store)
            let user: UserRecord
            if userID.isEmpty {
                guard let primary = view.contacts.first(where: \.isPrimary) else {
                    throw DomainError.failedPrecondition(
                        "client \(id) has no primary contact to invite; add a contact first")
                }
                guard !primary.email.isEmpty else {
                    throw DomainError.failedPrecondition(
                        "the primary contact of client \(id) has no email; add one before inviting")
                }
                let name = [primary.firstName, primary.lastName].filter { !$0.isEmpty }.joined(separator: " ")
                user = try Self.user(
                    email: primary.email, name: name, inGroup: view.client.groupID, newID: newUserID, now: now,
                    store: store)
                if try store.members.fetch(clientID: id, userID: user.id) == nil && view.client.ownerUserID != user.id {
                    let member = MemberRecord(
                        clientID: id, userID: user.id, role: "member", portalAccess: true, createdAt: now)
                    try store.members.save(member)
                    try Self.setMemberRole(
                        member, assignmentID: assignmentID, groupID: view.client.groupID, by: write.origin.actor,
                        now: now, store: store)
                }
            } else {
                guard let member = try store.members.fetch(clientID: id, userID: userID),
                    let found = try store.users.fetch(id: userID, inGroup: view.client.groupID)
                else { throw DomainError.notFound("member \(userID)") }
                guard member.portalAccess else {
                    throw DomainError.failedPrecondition("member \(userID) has no portal access; turn it on first")
                }
                guard !found.email.isEmpty else {
                    throw DomainError.failedPrecondition("member \(userID) has no email; add one before inviting")
                }
                user = found
            }
            let invitation = try Self.open(
                kind: kind, secret: secret, id: invitationID, messageID: messageID, user: user, client: view.client,
                lifetime: lifetime, by: write.origin.actor, now: now, store: store)
            trail.record(
                group: view.client.groupID, client: id, resource: "invitation:\(invitationID)",
                detail: "\(kind) to \(user.id)")
            return invitation
        }
    }

    /// A new link or temporary password for the same person; the previous one stops working.
    public func resend(
        _ clientID: String, invitationID: String, _ write: Write<InvitationRecord>
    )
        async throws(DomainError) -> InvitationRecord
    {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let invitationID = try Validate.required(invitationID, "invitation_id", maxLength: 64)
        let lookup = try await self.database.look { try $0.invitations.fetch(id: invitationID) }
        guard let previous = lookup, previous.clientID == id, previous.kind != "activation" else {
            throw .notFound("invitation \(invitationID)")
        }
        let secret = try self.secret(for: previous.kind)
        let (newID, messageID) = (self.ids.make("inv"), self.ids.make("msg"))
        return try await self.writer.commit(write) { store, trail, now in
            let view = try ClientService.changeable(id, expectedVersion: 0, store: store)
            guard let current = try store.invitations.fetch(id: invitationID), current.acceptedAt == nil else {
                throw DomainError.failedPrecondition("invitation \(invitationID) was already accepted")
            }
            guard let user = try store.users.fetch(id: current.userID) else {
                throw DomainError.notFound("invitation \(invitationID)")
            }
            try store.invitations.revoke(id: invitationID, at: now)
            let invitation = try Self.open(
                kind: current.kind, secret: secret, id: newID, messageID: messageID, user: user, client: view.client,
                lifetime: current.expiresAt - current.createdAt, by: write.origin.actor, now: now, store: store)
            trail.record(
                group: view.client.groupID, client: id, resource: "invitation:\(newID)",
                detail: "resent; replaces \(invitationID)")
            return invitation
        }
    }

    public func revokeInvitation(
        _ clientID: String, invitationID: String, _ write: Write<InvitationRecord>
    )
        async throws(DomainError) -> InvitationRecord
    {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let invitationID = try Validate.required(invitationID, "invitation_id", maxLength: 64)
        return try await self.writer.commit(write) { store, trail, now in
            guard var invitation = try store.invitations.fetch(id: invitationID), invitation.clientID == id,
                invitation.kind != "activation"
            else { throw DomainError.notFound("invitation \(invitationID)") }
            guard invitation.acceptedAt == nil else {
                throw DomainError.failedPrecondition("invitation \(invitationID) was already accepted")
            }
            if invitation.revokedAt == nil {
                try store.invitations.revoke(id: invitationID, at: now)
                invitation.revokedAt = now
                trail.record(
                    group: invitation.groupID, client: id, resource: "invitation:\(invitationID)", detail: "revoked")
            }
            return invitation
        }
    }

    /// Portal invitations that may still be accepted.
    public func pendingInvitations(_ clientID: String) async throws(DomainError) -> [InvitationRecord] {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let now = self.clock.nowMillis()
        return try await self.database.look { store in
            guard try store.clients.ownership(id: id) != nil else { throw DomainError.notFound("client \(id)") }
            return try store.invitations.forClient(id).filter { $0.kind != "activation" && $0.isOpen(at: now) }
        }
    }

    /// The one-time token, or the temporary password with its hash, made outside the transaction.
    struct InvitationSecret: Sendable {
        var token: String
        var password: (hash: [UInt8], salt: [UInt8])?
    }

    private func secret(for kind: String) throws(DomainError) -> InvitationSecret {
        guard kind == Self.passwordKind else {
            return InvitationSecret(token: InvitationToken.make(using: self.ids), password: nil)
        }
        let password = TemporaryPassword.make(using: self.ids)
        do {
            return InvitationSecret(token: password, password: try self.hasher.hash(password))
        } catch {
            throw .unavailable("cannot hash the temporary password")
        }
    }

    static func invitationKind(_ method: Int) throws(DomainError) -> String {
        switch method {
        case 0, 1: return Self.linkKind
        case 2: return Self.passwordKind
        default: throw .invalidArgument(field: "method", reason: "must be link or temporary password (got \(method))")
        }
    }

    /// Writes an invitation and its mail; a temporary password replaces the user's
    /// password (the user must change it at first sign-in).
    static func open(
        kind: String, secret: InvitationSecret, id: String, messageID: String, user: UserRecord, client: ClientRecord,
        lifetime: Int64, by actor: String, now: Int64, store: StoreContext
    ) throws -> InvitationRecord {
        var data = ["client_id": client.id, "user_id": user.id]
        if let password = secret.password {
            guard user.passwordHash == nil || user.mustChangePassword else {
                throw DomainError.failedPrecondition(
                    "\(user.email) already has a password; invite with a link instead")
            }
            var updated = user
            updated.passwordHash = password.hash
            updated.passwordSalt = password.salt
            updated.mustChangePassword = true
            updated.updatedAt = now
            updated.version += 1
            try store.users.update(updated)
            data["temporary_password"] = secret.token
        } else {
            data["invitation_token"] = secret.token
        }
        let invitation = InvitationRecord(
            id: id, tokenHash: SecretToken.hash(secret.token), kind: kind, groupID: client.groupID, clientID: client.id,
            userID: user.id, createdBy: actor, createdAt: now, expiresAt: now + lifetime, email: user.email)
        try store.invitations.insert(invitation)
        data["expires_at_millis"] = String(invitation.expiresAt)
        try store.outbox.insert(
            OutboxMessageRecord(
                id: messageID, groupID: client.groupID, clientID: client.id, kind: OutboxKind.invitation,
                recipientEmail: user.email, recipientName: user.name,
                subject: "Your access to the \(client.accountName) portal",
                body: secret.password == nil
                    ? "You are invited to the client portal of \(client.accountName). Open the link to set your password."
                    : "You are invited to the client portal of \(client.accountName). Sign in with the temporary password below; you will choose your own at first sign-in.",
                data: data, createdAt: now))
        return invitation
    }
}
