public import ClienteleStore

extension IdentityService {
    /// Accepts an invitation: sets the invitee's password (or checks it, for a user who
    /// already has one), activates a pending client the invitee owns, and signs in.
    public func acceptInvitation(
        token: String, password: String
    ) async throws(DomainError)
        -> (token: String, session: SessionRecord, user: UserRecord)
    {
        let token = try Validate.required(token, "token", maxLength: 128)
        let password = try Validate.password(password, "password")
        let (hash, salt) = try self.hashPassword(password)
        let hasher = self.hasher
        let now = self.clock.nowMillis()
        let auditID = self.ids.make("aud")
        let user = try await self.database.change { store -> UserRecord in
            guard let invitation = try store.invitations.fetch(tokenHash: SecretToken.hash(token)) else {
                throw DomainError.notFound("invitation")
            }
            guard invitation.kind != "portal_password" else { throw DomainError.notFound("invitation") }
            guard invitation.isOpen(at: now) else {
                throw DomainError.failedPrecondition("this invitation has expired, was revoked or was already used")
            }
            guard var user = try store.users.fetch(id: invitation.userID) else {
                throw DomainError.notFound("invitation")
            }
            if let existing = user.passwordHash, let existingSalt = user.passwordSalt {
                guard hasher.verify(password, hash: existing, salt: existingSalt) else {
                    throw DomainError.unauthenticated(
                        "this account already has a password; accept with that password")
                }
            } else {
                user.passwordHash = hash
                user.passwordSalt = salt
            }
            user.mustChangePassword = false
            user.updatedAt = now
            user.version += 1
            try store.users.update(user)
            try store.invitations.markAccepted(id: invitation.id, at: now)
            if var client = try store.clients.fetch(id: invitation.clientID), client.ownerUserID == user.id,
                client.activationDeadline != nil
            {
                if client.status == ClientStatus.pending.rawValue { client.status = ClientStatus.active.rawValue }
                client.activationDeadline = nil
                try ClientService.save(
                    &client, contacts: try store.contacts.forClient(client.id), now: now, store: store)
            }
            try store.audit.append(
                AuditEntryRecord(
                    id: auditID, groupID: invitation.groupID, clientID: invitation.clientID, actor: user.id,
                    onBehalfOf: nil, action: "clientele.v1.Access/AcceptInvitation",
                    resource: "invitation:\(invitation.id)", requestID: "", changedFields: ["accepted"],
                    detail: invitation.kind, at: now
                )
            )
            return user
        }
        return try await self.login(email: user.email, password: password)
    }

    /// Replaces a password and signs in. A temporary password (from a portal invitation)
    /// must be changed this way, before its invitation expires.
    public func changePassword(
        email: String, current: String, new: String
    ) async throws(DomainError)
        -> (token: String, session: SessionRecord, user: UserRecord)
    {
        let email = try Validate.email(email, "email")
        let new = try Validate.password(new, "new_password")
        guard new != current else {
            throw .invalidArgument(field: "new_password", reason: "must differ from the current password")
        }
        let (hash, salt) = try self.hashPassword(new)
        let now = self.clock.nowMillis()
        guard let user = try await self.database.look({ try $0.users.fetch(email: email) }),
            let currentHash = user.passwordHash, let currentSalt = user.passwordSalt,
            self.hasher.verify(current, hash: currentHash, salt: currentSalt)
        else {
            self.hasher.burnVerification(current)
            throw .unauthenticated("wrong email or password")
        }
        guard !user.disabled else { throw .unauthenticated("this user is disabled") }
        let temporaryHash = SecretToken.hash(current)
        let changed = try await self.database.change { store -> UserRecord in
            guard var user = try store.users.fetch(id: user.id) else { throw DomainError.notFound("user") }
            if user.mustChangePassword {
                guard let invitation = try store.invitations.fetch(tokenHash: temporaryHash),
                    invitation.userID == user.id, invitation.kind == "portal_password"
                else { throw DomainError.unauthenticated("wrong email or password") }
                guard invitation.isOpen(at: now) else {
                    throw DomainError.failedPrecondition(
                        "the temporary password has expired or was replaced; ask for a new invitation")
                }
                try store.invitations.markAccepted(id: invitation.id, at: now)
            }
            user.passwordHash = hash
            user.passwordSalt = salt
            user.mustChangePassword = false
            user.failedLogins = 0
            user.lockedUntil = nil
            user.updatedAt = now
            user.version += 1
            try store.users.update(user)
            try store.sessions.revokeAll(userID: user.id, at: now)
            return user
        }
        return try await self.login(email: changed.email, password: new)
    }
}
