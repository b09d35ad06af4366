public import ClienteleAccess
public import ClienteleStore
import Synchronization

/// Turns the `authorization` metadata and the peer's uid into a `Principal`.
///
/// A principal is cached by token hash for `principalCacheMillis`, so a
/// revoked session, key or role stops working within that time. A connection's
/// `CredentialMemo` may answer a repeated header without hashing it; its entries
/// expire with the cache entry they copy and whenever the generation moves.
public final class Authenticator: Sendable {
    private struct Entry {
        var principal: Principal
        var cachedAt: Int64
    }

    private let database: any StoreDatabase
    private let clock: any Clock
    private let settings: IdentitySettings
    private let operatorUIDs: Set<UInt32>
    private let cache = Mutex<[SecretToken.Digest: Entry]>([:])
    /// Moves on every `invalidate()` and `forget(token:)`, after the cache is cleared: memos copied before are void.
    private let generation = Atomic<UInt64>(0)

    public init(database: any StoreDatabase, clock: any Clock, settings: IdentitySettings, daemonUID: UInt32) {
        self.database = database
        self.clock = clock
        self.settings = settings
        self.operatorUIDs = settings.operatorUIDs.union([0, daemonUID])
        // A revocation on another daemon sharing the store empties this cache too.
        database.onAccessRevokedElsewhere { [weak self] in self?.forgetEveryPrincipal() }
    }

    /// The principal for a call; throws `.unauthenticated` for missing, invalid, expired or revoked credentials.
    /// With a `memo` (one per connection), a header the connection sent before is answered from it while valid.
    public func authenticate(
        authorization: String?, peerUID: UInt32, memo: CredentialMemo? = nil
    ) async throws(DomainError) -> Principal {
        let now = self.clock.nowMillis()
        switch try self.resolve(authorization: authorization, peerUID: peerUID, now: now, memo: memo) {
        case .known(let principal): return principal
        case .lookUp(let kind, let digest, let generation):
            let principal = try await self.lookUp(kind, digest, generation: generation, now: now)
            if let memo, var header = authorization {
                header.withUTF8 { bytes in
                    memo.remember(
                        principal, for: UnsafeRawBufferPointer(bytes), authenticator: ObjectIdentifier(self),
                        generation: generation, cachedAt: now)
                }
            }
            return principal
        }
    }

    /// The principal when it is known without reading the store (the local operator, the
    /// connection's memo, the shared cache); `nil` when `authenticate` must read the store.
    /// Throws as `authenticate` does for missing or malformed credentials.
    public func knownPrincipal(
        authorization: String?, peerUID: UInt32, memo: CredentialMemo?
    ) throws(DomainError) -> Principal? {
        let now = self.clock.nowMillis()
        switch try self.resolve(authorization: authorization, peerUID: peerUID, now: now, memo: memo) {
        case .known(let principal): return principal
        case .lookUp: return nil
        }
    }

    /// What the credentials say without reading the store: the operator, a remembered or cached
    /// principal, or which token to look up. Parses the header in place: no copy of the token is made.
    private func resolve(
        authorization: String?, peerUID: UInt32, now: Int64, memo: CredentialMemo?
    ) throws(DomainError) -> Resolution {
        guard var header = authorization else {
            if self.operatorUIDs.contains(peerUID) {
                return .known(Principal(kind: .localOperator(uid: peerUID), grants: []))
            }
            throw .unauthenticated("missing credentials: send metadata authorization: Bearer <token>")
        }
        // Read before the cache: a memo filled from an entry that `invalidate()` then clears is void.
        let generation = self.generation.load(ordering: .acquiring)
        let lifetime = self.settings.principalCacheMillis
        let resolution = header.withUTF8 { utf8 -> Resolution? in
            let bytes = UnsafeRawBufferPointer(utf8)
            if let memo,
                let principal = memo.principal(
                    for: bytes, authenticator: ObjectIdentifier(self), generation: generation, now: now,
                    lifetime: lifetime)
            {
                return .known(principal)
            }
            guard let token = Self.bearerToken(bytes), let kind = SecretToken.kind(of: token) else { return nil }
            let digest = SecretToken.digest(token)
            guard let entry = self.cache.withLock({ $0[digest] }), now - entry.cachedAt < lifetime else {
                return .lookUp(kind, digest, generation: generation)
            }
            memo?.remember(
                entry.principal, for: bytes, authenticator: ObjectIdentifier(self), generation: generation,
                cachedAt: entry.cachedAt)
            return .known(entry.principal)
        }
        guard let resolution else {
            throw .unauthenticated("invalid credentials: expected authorization: Bearer <token>")
        }
        return resolution
    }

    private enum Resolution {
        case known(Principal)
        case lookUp(SecretToken.Kind, SecretToken.Digest, generation: UInt64)
    }

    /// Reads the session or key behind a token and caches the principal.
    private func lookUp(
        _ kind: SecretToken.Kind, _ digest: SecretToken.Digest, generation: UInt64, now: Int64
    ) async throws(DomainError)
        -> Principal
    {
        let hash = digest.bytes
        let principal: Principal
        do {
            principal = try await self.database.readByKey { store in
                switch kind {
                case .session: try Self.sessionPrincipal(hash, store: store, now: now)
                case .apiKey: try Self.apiKeyPrincipal(hash, store: store, now: now)
                }
            }
        } catch let error as DomainError {
            self.cache.withLock { _ = $0.removeValue(forKey: digest) }
            throw error
        } catch {
            throw .unavailable("the store cannot be read right now")
        }
        // When concurrent calls looked the same token up, only the first to finish notes the key's use.
        // A principal read before an `invalidate()` that came after is not cached: the revocation
        // may have committed after the read, and the next call must see it.
        let first = self.cache.withLock { cache in
            guard self.generation.load(ordering: .acquiring) == generation else { return false }
            if cache.count > 10_000 { cache.removeAll(keepingCapacity: true) }
            let first = cache[digest].map { now - $0.cachedAt >= self.settings.principalCacheMillis } ?? true
            cache[digest] = Entry(principal: principal, cachedAt: now)
            return first
        }
        if first, case .apiKey(let id, _) = principal.kind { self.recordUse(ofKey: id, now: now) }
        return principal
    }

    /// Forgets every cached principal: after a revocation in this process, so that it takes effect
    /// at once here, and on the other daemons sharing the store as soon as they hear of it.
    public func invalidate() {
        self.forgetEveryPrincipal()
        self.announce()
    }

    private func forgetEveryPrincipal() {
        // The generation moves under the cache's lock, so a look-up that read the store before
        // cannot insert its principal between the clearing and the move.
        self.cache.withLock { cache in
            self.generation.add(1, ordering: .releasing)
            cache.removeAll()
        }
    }

    /// Tells the other daemons sharing the store (none for SQLite) to forget theirs.
    private func announce() {
        let database = self.database
        Task { await database.announceAccessRevoked() }
    }

    /// Forgets the cached principal of one token (after logout), and every connection's memo.
    public func forget(token: String) {
        let digest = SecretToken.digest(token)
        self.cache.withLock { cache in
            self.generation.add(1, ordering: .releasing)
            _ = cache.removeValue(forKey: digest)
        }
        self.announce()
    }

    /// The token of `Bearer <token>` (the scheme in any case).
    public static func bearerToken(_ value: String) -> String? {
        var value = value
        return value.withUTF8 { bytes in
            self.bearerToken(UnsafeRawBufferPointer(bytes)).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    private static let scheme = Array("bearer ".utf8)

    /// The bytes after `Bearer ` (the scheme in any case), within `header`.
    private static func bearerToken(_ header: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard header.count > self.scheme.count,
            zip(header, self.scheme).allSatisfy({ $0 | 0x20 == $1 })
        else { return nil }
        return UnsafeRawBufferPointer(rebasing: header[self.scheme.count...])
    }

    private static let invalid = DomainError.unauthenticated("invalid, expired or revoked credentials")

    private static func sessionPrincipal(_ hash: [UInt8], store: StoreContext, now: Int64) throws -> Principal {
        guard let session = try store.sessions.fetch(tokenHash: hash),
            SecretToken.constantTimeEquals(session.tokenHash, hash),
            session.revokedAt == nil, session.expiresAt > now,
            let user = try store.users.fetch(id: session.userID), !user.disabled
        else { throw Self.invalid }
        if let clientID = session.impersonatedClientID {
            return try Self.signedInAsPrincipal(session, owner: user, clientID: clientID, store: store, now: now)
        }
        let grants = try AccountGrants.of(user, store: store)
        if try AccountGrants.isPortalShut(user, grants: grants, store: store) { throw Self.invalid }
        return Principal(kind: .user(id: user.id), grants: grants)
    }

    /// "Sign in as": the client's owner on that one client, for the signed-in actor — a right
    /// derived from the actor's, checked on every look-up: the session holds only while the
    /// actor is enabled and may still sign in as this client (staff grant live, manager still
    /// assigned and still manager, owner still owner) and the impersonated user still owns it.
    private static func signedInAsPrincipal(
        _ session: SessionRecord, owner: UserRecord, clientID: String, store: StoreContext, now: Int64
    ) throws -> Principal {
        guard let actorID = session.actorUserID, let actor = try store.users.fetch(id: actorID), !actor.disabled,
            let client = try store.clients.fetch(id: clientID), client.groupID == actor.groupID,
            client.groupID == owner.groupID, client.ownerUserID == owner.id
        else { throw Self.invalid }
        let actorPrincipal = Principal(kind: .user(id: actor.id), grants: try AccountGrants.of(actor, store: store))
        guard Policy.decide(actorPrincipal, .clientImpersonate, on: client.resource, now: now).allowed else {
            throw Self.invalid
        }
        let grant = Grant(
            role: .owner, scope: .client(clientID), groupID: client.groupID, expiresAt: session.expiresAt,
            source: .assignment(session.id))
        return Principal(kind: .user(id: owner.id), grants: [grant], impersonator: actorID)
    }

    private static func apiKeyPrincipal(_ hash: [UInt8], store: StoreContext, now: Int64) throws -> Principal {
        guard let key = try store.apiKeys.fetch(keyHash: hash),
            SecretToken.constantTimeEquals(key.keyHash, hash),
            key.revokedAt == nil,
            let role = Role(rawValue: key.role), let kind = Scope.Kind(rawValue: key.scopeKind)
        else { throw Self.invalid }
        let grant = Grant(
            role: role, scope: Scope(kind: kind, id: key.scopeID), groupID: key.groupID, source: .apiKey(key.id))
        return Principal(kind: .apiKey(id: key.id, issuedBy: key.createdBy), grants: [grant])
    }

    /// Notes the key's last use; at most about once a cache period per key, off the call's path.
    private func recordUse(ofKey id: String, now: Int64) {
        let database = self.database
        Task.detached {
            _ = try? await database.write { store in try store.apiKeys.touch(id: id, at: now) }
        }
    }
}

extension RoleAssignmentRecord {
    /// The policy's view of an assignment; `nil` for a role name this build does not know.
    var grant: Grant? {
        guard let role = Role(rawValue: self.role), let kind = Scope.Kind(rawValue: self.scopeKind) else { return nil }
        return Grant(
            role: role,
            scope: Scope(kind: kind, id: self.scopeID),
            groupID: self.groupID,
            expiresAt: self.expiresAt,
            source: .assignment(self.id)
        )
    }
}
