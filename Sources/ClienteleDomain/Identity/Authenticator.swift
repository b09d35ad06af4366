public import ClienteleAccess
public import ClienteleStore
import Synchronization

/// Turns the `authorization` metadata and the peer's uid into a `Principal`.
///
/// A principal is cached by token hash for `principalCacheMillis`, so a
/// revoked session, key or role stops working within that time.
public final class Authenticator: Sendable {
    private struct Entry {
        var principal: Principal
        var cachedAt: Int64
    }

    private let database: AppDatabase
    private let clock: any Clock
    private let settings: IdentitySettings
    private let operatorUIDs: Set<UInt32>
    private let cache = Mutex<[SecretToken.Digest: Entry]>([:])

    public init(database: AppDatabase, clock: any Clock, settings: IdentitySettings, daemonUID: UInt32) {
        self.database = database
        self.clock = clock
        self.settings = settings
        self.operatorUIDs = settings.operatorUIDs.union([0, daemonUID])
    }

    /// The principal for a call; throws `.unauthenticated` for missing, invalid, expired or revoked credentials.
    public func authenticate(authorization: String?, peerUID: UInt32) async throws(DomainError) -> Principal {
        guard let authorization else {
            if self.operatorUIDs.contains(peerUID) {
                return Principal(kind: .localOperator(uid: peerUID), grants: [])
            }
            throw .unauthenticated("missing credentials: send metadata authorization: Bearer <token>")
        }
        guard let token = Self.bearerToken(authorization), let kind = SecretToken.kind(of: token) else {
            throw .unauthenticated("invalid credentials: expected authorization: Bearer <token>")
        }
        let digest = SecretToken.digest(token)
        let now = self.clock.nowMillis()
        if let entry = self.cache.withLock({ $0[digest] }), now - entry.cachedAt < self.settings.principalCacheMillis {
            return entry.principal
        }
        let hash = digest.bytes
        let principal: Principal
        do {
            principal = try await self.database.read { store in
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
        self.cache.withLock { cache in
            if cache.count > 10_000 { cache.removeAll(keepingCapacity: true) }
            cache[digest] = Entry(principal: principal, cachedAt: now)
        }
        if case .apiKey(let id, _) = principal.kind { self.recordUse(ofKey: id, now: now) }
        return principal
    }

    /// Forgets every cached principal: after a revocation in this process, so that it takes effect at once.
    public func invalidate() {
        self.cache.withLock { $0.removeAll() }
    }

    /// Forgets the cached principal of one token (after logout).
    public func forget(token: String) {
        let digest = SecretToken.digest(token)
        self.cache.withLock { _ = $0.removeValue(forKey: digest) }
    }

    /// The token of `Bearer <token>` (the scheme in any case).
    public static func bearerToken(_ value: String) -> String? {
        let scheme = "bearer "
        guard value.utf8.count > scheme.utf8.count,
            value.utf8.prefix(scheme.utf8.count).elementsEqual(scheme.utf8, by: { $0 | 0x20 == $1 })
        else { return nil }
        return String(value.utf8.dropFirst(scheme.utf8.count))
    }

    private static let invalid = DomainError.unauthenticated("invalid, expired or revoked credentials")

    private static func sessionPrincipal(_ hash: [UInt8], store: StoreContext, now: Int64) throws -> Principal {
        guard let session = try store.sessions.fetch(tokenHash: hash),
            SecretToken.constantTimeEquals(session.tokenHash, hash),
            session.revokedAt == nil, session.expiresAt > now,
            let user = try store.users.fetch(id: session.userID), !user.disabled
        else { throw Self.invalid }
        let grants = try store.roles.forUser(user.id).compactMap(\.grant)
        return Principal(kind: .user(id: user.id), grants: grants)
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
