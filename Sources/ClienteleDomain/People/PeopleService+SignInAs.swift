public import ClienteleAccess
public import ClienteleStore

extension PeopleService {
    /// Opens a short-lived session acting as the client's owner inside that client
    /// only, for the signed-in `principal`. Returns the token (shown once), so the write
    /// refuses an idempotency key: the answer a key stores would hold the token.
    public func signInAs(
        _ clientID: String, by principal: Principal, origin: WriteOrigin
    )
        async throws(DomainError) -> (token: String, session: SessionRecord)
    {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        guard let actor = principal.userID, principal.impersonator == nil else {
            throw .permissionDenied("only a signed-in user may sign in as a client")
        }
        let token = SecretToken.make(.session, using: self.ids)
        let sessionID = self.ids.make("ses")
        let lifetime = self.settings.signInAsLifetimeMillis
        let session = try await self.writer.commit(secretBearing: origin) { store, trail, now in
            let view = try ClientService.changeable(id, expectedVersion: 0, store: store)
            guard let owner = view.client.ownerUserID else {
                throw DomainError.failedPrecondition("client \(id) has no owner to sign in as")
            }
            guard owner != actor else { throw DomainError.failedPrecondition("you own client \(id); sign in directly") }
            let session = SessionRecord(
                id: sessionID, tokenHash: SecretToken.hash(token), userID: owner, createdAt: now,
                expiresAt: now + lifetime, revokedAt: nil, impersonatedClientID: id, actorUserID: actor)
            try store.sessions.insert(session)
            trail.record(
                group: view.client.groupID, client: id, resource: "session:\(sessionID)",
                detail: "\(actor) signed in as \(owner) until \(session.expiresAt)")
            return session
        }
        return (token, session)
    }

    public func signInAsSessions(_ clientID: String) async throws(DomainError) -> [SessionRecord] {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        return try await self.database.look { store in
            guard try store.clients.ownership(id: id) != nil else { throw DomainError.notFound("client \(id)") }
            return try store.sessions.impersonations(clientID: id)
        }
    }

    /// Records a call made under a "sign in as" session, with both identities.
    public func recordSignedInAsCall(_ principal: Principal, method: String, requestID: String, refusal: String?) async
    {
        guard let actor = principal.impersonator, let grant = principal.grants.first,
            case .client = grant.scope.kind
        else { return }
        let origin = WriteOrigin(principal: principal, action: method, requestID: requestID)
        let write = Write<Bool>(origin: origin, encode: { _ in [] })
        _ = try? await self.writer.commit(write) { _, trail, _ in
            trail.record(
                group: grant.groupID, client: grant.scope.id, resource: "client:\(grant.scope.id)",
                detail: "call by \(actor) signed in as \(principal.userID ?? "-")"
                    + (refusal.map { "; refused: \($0)" } ?? ""))
            return true
        }
    }
}
