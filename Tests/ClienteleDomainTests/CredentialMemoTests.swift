import ClienteleAccess
import ClienteleStore
import ClienteleTestSupport
import Testing

@testable import ClienteleDomain

/// A connection's memo of its last credentials: it may spare the hash and the cache lookup,
/// never the 1 s bound on a revocation.
@Suite("Identity: a connection's credential memo")
struct CredentialMemoTests {
    static let invalid = DomainError.unauthenticated("invalid, expired or revoked credentials")

    /// A fixture with a 1 s cache, an API key and a signed-in user.
    struct World {
        let fixture: IdentityFixture
        let group: String
        let keyID: String
        let keyHeader: String
        let sessionToken: String
        let userID: String

        init() async throws {
            self.fixture = try await IdentityFixture(cacheMillis: 1000)
            let (group, owner) = try await self.fixture.bootstrap()
            let (key, secret) = try await self.fixture.identity.issueAPIKey(
                groupID: group, name: "billing", role: .billing, scope: .group(group), origin: .test(by: owner))
            _ = try await self.fixture.identity.createUser(
                groupID: group, email: "max@example.com", name: "Max", password: IdentityFixture.password,
                role: .manager, scope: .group(group), .test()
            )
            let (token, _, user) = try await self.fixture.identity.login(
                groupID: group, email: "max@example.com", password: IdentityFixture.password)
            self.group = group
            self.keyID = key.id
            self.keyHeader = "Bearer \(secret)"
            self.sessionToken = token
            self.userID = user.id
        }

        var sessionHeader: String { "Bearer \(self.sessionToken)" }

        func authenticate(_ header: String, _ memo: CredentialMemo) async throws -> Principal {
            try await self.fixture.authenticator.authenticate(authorization: header, peerUID: 1, memo: memo)
        }

        func known(_ header: String, _ memo: CredentialMemo) throws -> Principal? {
            try self.fixture.authenticator.knownPrincipal(authorization: header, peerUID: 1, memo: memo)
        }
    }

    @Test("a revoked key stops working 1 s after the store was read, however often the memo answered meanwhile")
    func keyRevocationBound() async throws {
        let world = try await World()
        let memo = CredentialMemo()
        _ = try await world.authenticate(world.keyHeader, memo)
        // Revoked by another process: no invalidate() here, only the time bound holds.
        try await world.fixture.identity.revokeAPIKey(world.keyID, .test())
        for step: Int64 in [0, 300, 300, 300, 99] {
            world.fixture.clock.advance(millis: step)
            #expect(try world.known(world.keyHeader, memo)?.grants.map(\.role) == [.billing])
        }
        world.fixture.clock.advance(millis: 1)  // 1000 ms after the store was read
        #expect(try world.known(world.keyHeader, memo) == nil)
        await #expect(throws: Self.invalid) { _ = try await world.authenticate(world.keyHeader, memo) }
    }

    @Test("a revoked role stops counting 1 s after the store was read, through the memo")
    func roleRevocationBound() async throws {
        let world = try await World()
        let memo = CredentialMemo()
        #expect(try await world.authenticate(world.sessionHeader, memo).grants.count == 1)
        let assignment = try #require(
            try await world.fixture.identity.people(inGroup: world.group).first { $0.0.id == world.userID }?.1.first)
        try await world.fixture.identity.revokeRole(assignment.id, .test())
        world.fixture.clock.advance(millis: 999)
        #expect(try world.known(world.sessionHeader, memo)?.grants.count == 1)
        world.fixture.clock.advance(millis: 1)
        #expect(try await world.authenticate(world.sessionHeader, memo).grants.isEmpty)
    }

    @Test("a disabled user is refused 1 s after the store was read, through the memo")
    func disabledUserBound() async throws {
        let world = try await World()
        let memo = CredentialMemo()
        _ = try await world.authenticate(world.sessionHeader, memo)
        _ = try await world.fixture.identity.setDisabled(world.userID, disabled: true, groupID: world.group, .test())
        world.fixture.clock.advance(millis: 500)
        _ = try await world.authenticate(world.sessionHeader, memo)
        world.fixture.clock.advance(millis: 500)
        await #expect(throws: Self.invalid) { _ = try await world.authenticate(world.sessionHeader, memo) }
    }

    @Test("invalidate() voids every memo at once")
    func invalidateVoidsMemos() async throws {
        let world = try await World()
        let memos = [CredentialMemo(), CredentialMemo()]
        for memo in memos { _ = try await world.authenticate(world.keyHeader, memo) }
        try await world.fixture.identity.revokeAPIKey(world.keyID, .test())
        world.fixture.authenticator.invalidate()
        for memo in memos {
            #expect(try world.known(world.keyHeader, memo) == nil)
            await #expect(throws: Self.invalid) { _ = try await world.authenticate(world.keyHeader, memo) }
        }
    }

    @Test("logout (forget(token:)) voids the memo at once")
    func logoutVoidsMemo() async throws {
        let world = try await World()
        let memo = CredentialMemo()
        _ = try await world.authenticate(world.sessionHeader, memo)
        try await world.fixture.identity.logout(token: world.sessionToken)
        world.fixture.authenticator.forget(token: world.sessionToken)
        await #expect(throws: Self.invalid) { _ = try await world.authenticate(world.sessionHeader, memo) }
    }

    @Test("credentials that alternate on one connection each get their own principal")
    func alternatingCredentials() async throws {
        let world = try await World()
        let memo = CredentialMemo()
        for _ in 0..<3 {
            let key = try await world.authenticate(world.keyHeader, memo)
            #expect(key.grants.map(\.role) == [.billing])
            guard case .apiKey(let id, _) = key.kind else { Issue.record("not the key: \(key.kind)"); return }
            #expect(id == world.keyID)
            #expect(try await world.authenticate(world.sessionHeader, memo).kind == .user(id: world.userID))
        }
        // A header that differs from the remembered one in one byte, or only in length, is not answered from it.
        var tampered = Array(world.keyHeader.utf8)
        tampered[tampered.count - 1] ^= 1
        await #expect(throws: Self.invalid) {
            _ = try await world.authenticate(String(decoding: tampered, as: UTF8.self), memo)
        }
        _ = try await world.authenticate(world.keyHeader, memo)
        await #expect(throws: Self.invalid) { _ = try await world.authenticate(world.keyHeader + "A", memo) }
        await #expect(throws: DomainError.self) {
            _ = try await world.authenticate(String(world.keyHeader.dropLast()), memo)
        }
    }

    @Test("an entry answers only the same bytes, generation and authenticator, within its lifetime")
    func entryRules() throws {
        let memo = CredentialMemo()
        let principal = Principal(kind: .apiKey(id: "key_1", issuedBy: "usr_1"), grants: [])
        let owner = ObjectIdentifier(memo)
        let other = ObjectIdentifier(CredentialMemo.self)
        let header = Array("Bearer clt_k_abc".utf8)
        header.withUnsafeBytes { bytes in
            memo.remember(principal, for: bytes, authenticator: owner, generation: 7, cachedAt: 1000)
        }
        func lookUp(
            _ header: [UInt8], _ authenticator: ObjectIdentifier, _ generation: UInt64, _ now: Int64
        )
            -> Principal?
        {
            header.withUnsafeBytes {
                memo.principal(for: $0, authenticator: authenticator, generation: generation, now: now, lifetime: 1000)
            }
        }
        #expect(lookUp(header, owner, 7, 1000) == principal)
        #expect(lookUp(header, owner, 7, 1999) == principal)
        #expect(lookUp(header, owner, 7, 2000) == nil)
        #expect(lookUp(header, owner, 7, 999) == nil)
        #expect(lookUp(header, owner, 8, 1500) == nil)
        #expect(lookUp(header, other, 7, 1500) == nil)
        #expect(lookUp(Array("Bearer clt_k_abd".utf8), owner, 7, 1500) == nil)
        #expect(lookUp(Array("bearer clt_k_abc".utf8), owner, 7, 1500) == nil)
        #expect(lookUp(Array("Bearer clt_k_ab".utf8), owner, 7, 1500) == nil)
    }
}
