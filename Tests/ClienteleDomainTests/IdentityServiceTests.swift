import ClienteleAccess
import ClienteleDomain
import ClienteleStore
import ClienteleTestSupport
import Testing

@Suite("Identity: sign-in, sessions, keys")
struct IdentityServiceTests {
    @Test("bootstrap makes the owner; login is case-insensitive on the email and gives a working token")
    func bootstrapAndLogin() async throws {
        let fixture = try await IdentityFixture()
        let (group, owner) = try await fixture.bootstrap()
        let (token, session, user) = try await fixture.identity.login(
            groupID: group, email: "owner@EXAMPLE.com", password: IdentityFixture.password)
        #expect(user.id == owner)
        #expect(token.hasPrefix("clt_s_") && token.count > 50)
        #expect(session.tokenHash == SecretToken.hash(token))
        #expect(session.tokenHash != Array(token.utf8))
        let principal = try await fixture.authenticator.authenticate(authorization: "Bearer \(token)", peerUID: 1000)
        #expect(principal.kind == .user(id: owner))
        #expect(principal.grants.map(\.role) == [.owner])
        #expect(principal.grants.first?.scope == .group(group))
    }

    @Test("a bootstrap is audited in its group as the operator: the group, a new owner and the owner role")
    func bootstrapAudited() async throws {
        let fixture = try await IdentityFixture()
        let operatorOrigin = WriteOrigin(
            actor: "operator:0", userID: nil, action: "clientele.v1.Access/BootstrapGroup", requestID: "r1")
        let (group, owner) = try await fixture.identity.bootstrapGroup(
            name: "Acme", ownerEmail: "olga@example.com", ownerName: "Olga", ownerPassword: IdentityFixture.password,
            Write(origin: operatorOrigin) { _ in [] })
        var query = AuditQuery()
        query.groupID = group.id
        let entries = try await AuditLog(database: fixture.database).list(query).entries.reversed()
        #expect(entries.map(\.resource).prefix(2) == ["group:\(group.id)", "user:\(owner.id)"])
        #expect(entries.last?.resource.hasPrefix("role_assignment:") == true)
        #expect(entries.last?.detail == "assigned: owner on group \(group.id) for \(owner.id)")
        #expect(entries.allSatisfy { $0.actor == "operator:0" && $0.requestID == "r1" })
        // The same email bootstrapping a second group gets a new account there, owned by that group.
        let (second, secondOwner) = try await fixture.identity.bootstrapGroup(
            name: "Beta", ownerEmail: "olga@example.com", ownerName: "Olga", ownerPassword: IdentityFixture.password,
            Write(origin: operatorOrigin) { _ in [] })
        #expect(secondOwner.id != owner.id && secondOwner.groupID == second.id && owner.groupID == group.id)
        query.groupID = second.id
        #expect(try await AuditLog(database: fixture.database).list(query).entries.count == 3)
    }

    @Test("bad input names the field")
    func validation() async throws {
        let fixture = try await IdentityFixture()
        await #expect(throws: DomainError.invalidArgument(field: "owner_email", reason: "is not an email address")) {
            _ = try await fixture.identity.bootstrapGroup(
                name: "A", ownerEmail: "nope", ownerName: "O", ownerPassword: IdentityFixture.password, .test())
        }
        await #expect(
            throws: DomainError.invalidArgument(field: "owner_password", reason: "must have at least 12 characters")
        ) {
            _ = try await fixture.identity.bootstrapGroup(
                name: "A", ownerEmail: "a@b.co", ownerName: "O", ownerPassword: "short", .test())
        }
        await #expect(throws: DomainError.invalidArgument(field: "group_name", reason: "is required")) {
            _ = try await fixture.identity.bootstrapGroup(
                name: "  ", ownerEmail: "a@b.co", ownerName: "O", ownerPassword: IdentityFixture.password, .test())
        }
    }

    @Test("empty and oversized ids are INVALID_ARGUMENT naming the field, not NOT_FOUND")
    func idValidation() async throws {
        let fixture = try await IdentityFixture()
        let (group, _) = try await fixture.bootstrap()
        await #expect(throws: DomainError.invalidArgument(field: "user_id", reason: "is required")) {
            _ = try await fixture.identity.accountGroup("")
        }
        await #expect(throws: DomainError.invalidArgument(field: "user_id", reason: "is required")) {
            _ = try await fixture.identity.user("")
        }
        await #expect(throws: DomainError.invalidArgument(field: "assignment_id", reason: "is required")) {
            _ = try await fixture.identity.assignment("")
        }
        await #expect(throws: DomainError.invalidArgument(field: "key_id", reason: "is longer than 64 characters")) {
            _ = try await fixture.identity.apiKey(String(repeating: "k", count: 100_000))
        }
        await #expect(throws: DomainError.invalidArgument(field: "client_id", reason: "contains control characters")) {
            _ = try await fixture.identity.explain(
                userID: "usr_x", action: .clientRead, resource: Resource(groupID: group, clientID: "a\u{7}b"))
        }
        await #expect(throws: DomainError.notFound("user usr_unknown")) {
            _ = try await fixture.identity.user("usr_unknown")
        }
    }

    @Test("a session token stops working when it expires and after logout")
    func expiryAndLogout() async throws {
        let fixture = try await IdentityFixture()
        let (group, _) = try await fixture.bootstrap()
        let (token, _, _) = try await fixture.identity.login(
            groupID: group, email: IdentityFixture.ownerEmail, password: IdentityFixture.password)
        _ = try await fixture.authenticator.authenticate(authorization: "Bearer \(token)", peerUID: 1)
        fixture.clock.advance(millis: fixture.settings.sessionLifetimeMillis)
        await #expect(throws: DomainError.unauthenticated("invalid, expired or revoked credentials")) {
            _ = try await fixture.authenticator.authenticate(authorization: "Bearer \(token)", peerUID: 1)
        }
        let (second, _, _) = try await fixture.identity.login(
            groupID: group, email: IdentityFixture.ownerEmail, password: IdentityFixture.password)
        try await fixture.identity.logout(token: second)
        await #expect(throws: DomainError.self) {
            _ = try await fixture.authenticator.authenticate(authorization: "Bearer \(second)", peerUID: 1)
        }
    }

    @Test("repeated failed sign-ins lock the account, with a time that doubles; success resets it")
    func loginSlowDown() async throws {
        let fixture = try await IdentityFixture()
        let (group, _) = try await fixture.bootstrap()
        for _ in 0..<fixture.settings.freeFailedLogins {
            await #expect(throws: DomainError.unauthenticated("wrong email or password")) {
                _ = try await fixture.identity.login(
                    groupID: group, email: IdentityFixture.ownerEmail, password: "wrong password!!")
            }
        }
        // Locked now, even with the right password.
        await #expect(
            throws: DomainError.resourceExhausted("too many failed sign-ins for this account; try again in 1 s")
        ) {
            _ = try await fixture.identity.login(
                groupID: group, email: IdentityFixture.ownerEmail, password: IdentityFixture.password)
        }
        fixture.clock.advance(millis: 1000)
        await #expect(throws: DomainError.unauthenticated("wrong email or password")) {
            _ = try await fixture.identity.login(
                groupID: group, email: IdentityFixture.ownerEmail, password: "wrong again!!!")
        }
        await #expect(
            throws: DomainError.resourceExhausted("too many failed sign-ins for this account; try again in 2 s")
        ) {
            _ = try await fixture.identity.login(
                groupID: group, email: IdentityFixture.ownerEmail, password: IdentityFixture.password)
        }
        fixture.clock.advance(millis: 2000)
        _ = try await fixture.identity.login(
            groupID: group, email: IdentityFixture.ownerEmail, password: IdentityFixture.password)
        // The counter is reset: one more failure does not lock.
        await #expect(throws: DomainError.unauthenticated("wrong email or password")) {
            _ = try await fixture.identity.login(
                groupID: group, email: IdentityFixture.ownerEmail, password: "wrong password!!")
        }
        _ = try await fixture.identity.login(
            groupID: group, email: IdentityFixture.ownerEmail, password: IdentityFixture.password)
    }

    @Test("an unknown email answers like a wrong password")
    func unknownEmail() async throws {
        let fixture = try await IdentityFixture()
        let (group, _) = try await fixture.bootstrap()
        await #expect(throws: DomainError.unauthenticated("wrong email or password")) {
            _ = try await fixture.identity.login(
                groupID: group, email: "nobody@example.com", password: IdentityFixture.password)
        }
        await #expect(throws: DomainError.unauthenticated("wrong email or password")) {
            _ = try await fixture.identity.login(
                groupID: "grp_nope", email: IdentityFixture.ownerEmail, password: IdentityFixture.password)
        }
        await #expect(throws: DomainError.invalidArgument(field: "group_id", reason: "is required")) {
            _ = try await fixture.identity.login(
                groupID: "", email: IdentityFixture.ownerEmail, password: IdentityFixture.password)
        }
    }

    @Test("a disabled user cannot sign in and their open sessions stop working")
    func disabledUser() async throws {
        let fixture = try await IdentityFixture()
        let (group, _) = try await fixture.bootstrap()
        let staff = try await fixture.identity.createUser(
            groupID: group, email: "sam@example.com", name: "Sam", password: IdentityFixture.password,
            role: .manager, scope: .group(group), .test()
        )
        let (token, _, _) = try await fixture.identity.login(
            groupID: group, email: "sam@example.com", password: IdentityFixture.password)
        _ = try await fixture.identity.setDisabled(staff.id, disabled: true, groupID: group, .test())
        await #expect(throws: DomainError.self) {
            _ = try await fixture.authenticator.authenticate(authorization: "Bearer \(token)", peerUID: 1)
        }
        await #expect(throws: DomainError.unauthenticated("this user is disabled")) {
            _ = try await fixture.identity.login(
                groupID: group, email: "sam@example.com", password: IdentityFixture.password)
        }
    }

    @Test("an API key acts with its role; revoked, it stops working once the cache period has passed")
    func apiKeyRevocation() async throws {
        let fixture = try await IdentityFixture(cacheMillis: 1000)
        let (group, owner) = try await fixture.bootstrap()
        let (key, secret) = try await fixture.identity.issueAPIKey(
            groupID: group, name: "billing", role: .billing, scope: .group(group), origin: .test(by: owner))
        #expect(secret.hasPrefix("clt_k_"))
        #expect(key.keyHash == SecretToken.hash(secret))
        let principal = try await fixture.authenticator.authenticate(authorization: "Bearer \(secret)", peerUID: 1)
        #expect(principal.grants.map(\.role) == [.billing])
        try await fixture.identity.revokeAPIKey(key.id, .test())
        // Within the cache period the cached principal may still answer; past it, never.
        fixture.clock.advance(millis: 1000)
        await #expect(throws: DomainError.unauthenticated("invalid, expired or revoked credentials")) {
            _ = try await fixture.authenticator.authenticate(authorization: "Bearer \(secret)", peerUID: 1)
        }
        let listed = try await fixture.identity.apiKeys(inGroup: group)
        #expect(listed.map(\.id) == [key.id])
        #expect(listed.first?.revokedAt != nil)
    }

    @Test("a revoked role stops counting once the cache period has passed")
    func roleRevocation() async throws {
        let fixture = try await IdentityFixture(cacheMillis: 1000)
        let (group, _) = try await fixture.bootstrap()
        _ = try await fixture.identity.createUser(
            groupID: group, email: "max@example.com", name: "Max", password: IdentityFixture.password,
            role: .manager, scope: .group(group), .test()
        )
        let (token, _, user) = try await fixture.identity.login(
            groupID: group, email: "max@example.com", password: IdentityFixture.password)
        let before = try await fixture.authenticator.authenticate(authorization: "Bearer \(token)", peerUID: 1)
        #expect(before.grants.count == 1)
        let assignment = try #require(
            try await fixture.identity.people(inGroup: group).first { $0.0.id == user.id }?.1.first)
        try await fixture.identity.revokeRole(assignment.id, .test())
        fixture.clock.advance(millis: 1000)
        let after = try await fixture.authenticator.authenticate(authorization: "Bearer \(token)", peerUID: 1)
        #expect(after.grants.isEmpty)
    }

    @Test("without credentials only the daemon's uid, root and configured uids are the local operator")
    func localOperator() async throws {
        let fixture = try await IdentityFixture(operatorUIDs: [77])
        for uid: UInt32 in [0, 4242, 77] {
            let principal = try await fixture.authenticator.authenticate(authorization: nil, peerUID: uid)
            #expect(principal.isLocalOperator)
        }
        await #expect(throws: DomainError.self) {
            _ = try await fixture.authenticator.authenticate(authorization: nil, peerUID: 1000)
        }
        await #expect(
            throws: DomainError.unauthenticated("invalid credentials: expected authorization: Bearer <token>")
        ) {
            _ = try await fixture.authenticator.authenticate(authorization: "Basic abc", peerUID: 0)
        }
        await #expect(throws: DomainError.self) {
            _ = try await fixture.authenticator.authenticate(authorization: "Bearer clt_s_forged", peerUID: 0)
        }
    }

    @Test("Explain names the grant that allows, denies without one, and knows no account of another group")
    func explain() async throws {
        let fixture = try await IdentityFixture()
        let (group, owner) = try await fixture.bootstrap()
        let allowed = try await fixture.identity.explain(userID: owner, action: .clientCreate, resource: .group(group))
        #expect(allowed.allowed)
        #expect(allowed.grant?.role == .owner)
        let manager = try await fixture.identity.createUser(
            groupID: group, email: "max@example.com", name: "Max", password: nil, role: .member,
            scope: .group(group), .test())
        let denied = try await fixture.identity.explain(
            userID: manager.id, action: .clientCreate, resource: .group(group))
        #expect(!denied.allowed)
        let other = try await fixture.bootstrap("Other", email: "other@example.com")
        await #expect(throws: DomainError.notFound("user \(owner)")) {
            _ = try await fixture.identity.explain(userID: owner, action: .clientCreate, resource: .group(other.group))
        }
    }

    @Test("passwords are hashed with a per-user salt and verified in constant time")
    func passwordHashing() throws {
        let hasher = PasswordHasher(cost: .fastForTests)
        let first = try hasher.hash("the same password")
        let second = try hasher.hash("the same password")
        #expect(first.salt != second.salt)
        #expect(first.hash != second.hash)
        #expect(hasher.verify("the same password", hash: first.hash, salt: first.salt))
        #expect(!hasher.verify("the same passwore", hash: first.hash, salt: first.salt))
        #expect(!hasher.verify("the same password", hash: first.hash, salt: second.salt))
    }
}
