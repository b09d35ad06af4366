public import ClienteleStore

extension IdentityService {
    /// Accepts an invitation: sets the invitee's password (or checks it, through the
    /// throttled `CredentialCheck`, for an account that already has one), activates a
    /// pending client the invitee owns, and signs in. One password hash and one check
    /// are spent whatever the token names.
    public func acceptInvitation(
        token: String, password: String
    ) async throws(DomainError)
        -> (token: String, session: SessionRecord, user: UserRecord)
    {
        let token = try Validate.required(token, "token", maxLength: 128)
        let password = try Validate.password(password, "password")
        let (hash, salt) = try self.hashPassword(password)
        let now = self.clock.nowMillis()
        let found = try await self.database.look { store -> (InvitationRecord, UserRecord)? in
            guard let invitation = try store.invitations.fetch(tokenHash: SecretToken.hash(token)),
                invitation.kind != "portal_password", let user = try store.users.fetch(id: invitation.userID)
            else { return nil }
            return (invitation, user)
        }
        guard let (invitation, invitee) = found else {
            self.hasher.burnVerification(password)
            throw .notFound("invitation")
        }
        guard invitation.isOpen(at: now) else {
            self.hasher.burnVerification(password)
            throw .failedPrecondition("this invitation has expired, was revoked or was already used")
        }
        if invitee.passwordHash != nil {
            do {
                _ = try await self.credentials.verify(invitee, password: password)
            } catch .unauthenticated {
                throw .unauthenticated("this account already has a password; accept with that password")
            }
        } else {
            self.hasher.burnVerification(password)
        }
        guard !invitee.disabled else { throw .unauthenticated("this user is disabled") }
        let auditID = self.ids.make("aud")
        let (sessionToken, session) = self.newSession(for: invitee, now: now)
        let user = try await self.database.change { store -> UserRecord in
            guard let current = try store.invitations.fetch(tokenHash: SecretToken.hash(token)),
                current.id == invitation.id, current.isOpen(at: now),
                var user = try store.users.fetch(id: invitation.userID, inGroup: invitation.groupID)
            else {
                throw DomainError.failedPrecondition("this invitation has expired, was revoked or was already used")
            }
            if user.passwordHash == nil {
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
                let activated = client.status == ClientStatus.pending.rawValue
                if activated { client.status = ClientStatus.active.rawValue }
                client.activationDeadline = nil
                try ClientService.save(
                    &client, contacts: try store.contacts.forClient(client.id), now: now, store: store)
                try ChangeFeed.recordClient(
                    client, changed: activated ? ["status", "activation_deadline"] : ["activation_deadline"],
                    at: now, store: store)
            }
            try store.audit.append(
                AuditEntryRecord(
                    id: auditID, groupID: invitation.groupID, clientID: invitation.clientID, actor: user.id,
                    onBehalfOf: nil, action: "clientele.v1.Access/AcceptInvitation",
                    resource: "invitation:\(invitation.id)", requestID: "", changedFields: ["accepted"],
                    detail: invitation.kind, at: now
                )
            )
            try store.sessions.insert(session)
            return user
        }
        return (sessionToken, session, user)
    }

    /// Replaces a password and signs in. A temporary password (from a portal invitation)
    /// must be changed this way, before its invitation expires. The current password is
    /// checked through the throttled `CredentialCheck`, and the work is the same whether
    /// or not the account exists: one hash of the new password, one check.
    public func changePassword(
        groupID: String, email: String, current: String, new: String
    ) async throws(DomainError)
        -> (token: String, session: SessionRecord, user: UserRecord)
    {
        let groupID = try Validate.required(groupID, "group_id", maxLength: 64)
        let email = try Validate.email(email, "email")
        let new = try Validate.password(new, "new_password")
        guard new != current else {
            throw .invalidArgument(field: "new_password", reason: "must differ from the current password")
        }
        let (hash, salt) = try self.hashPassword(new)
        let user = try await self.credentials.verify(groupID: groupID, email: email, password: current)
        guard !user.disabled else { throw .unauthenticated("this user is disabled") }
        try await self.checkPortalAccess(user)
        let now = self.clock.nowMillis()
        let temporaryHash = SecretToken.hash(current)
        let (token, session) = self.newSession(for: user, now: now)
        let changed = try await self.database.change { store -> UserRecord in
            guard var user = try store.users.fetch(id: user.id, inGroup: groupID) else { throw CredentialCheck.wrong }
            if user.mustChangePassword {
                guard let invitation = try store.invitations.fetch(tokenHash: temporaryHash),
                    invitation.userID == user.id, invitation.kind == "portal_password"
                else { throw CredentialCheck.wrong }
                guard invitation.isOpen(at: now) else {
                    throw DomainError.failedPrecondition(
                        "the temporary password has expired or was replaced; ask for a new invitation")
                }
                try store.invitations.markAccepted(id: invitation.id, at: now)
            }
            user.passwordHash = hash
            user.passwordSalt = salt
            user.mustChangePassword = false
            user.updatedAt = now
            user.version += 1
            try store.users.update(user)
            try store.sessions.revokeAll(userID: user.id, at: now)
            try store.sessions.insert(session)
            return user
        }
        return (token, session, changed)
    }
}
