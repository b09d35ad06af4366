import ClienteleAccess
import ClienteleDomain
import ClienteleStore
import ClienteleTestSupport
import Foundation
import Testing

/// Every credential check (Login, ChangePassword, AcceptInvitation) under attack: one lock
/// shared by all three, honoured by all three, the same for unknown emails. (The equal time
/// is measured in `CredentialTimingTests`, with the socket tests, which run alone.)
@Suite("Credential attacks")
struct CredentialAttackTests {
    static let lockedOneSecond = DomainError.resourceExhausted(
        "too many failed sign-ins for this account; try again in 1 s")
    static let wrong = DomainError.unauthenticated("wrong email or password")

    @Test("failures of Login, ChangePassword and AcceptInvitation count toward one lock that all three honour")
    func oneLockForEveryPath() async throws {
        let fixture = try await IdentityFixture()
        let (group, _) = try await fixture.bootstrap()
        let email = IdentityFixture.ownerEmail
        // Two failed logins, two failed password changes, one failed acceptance: five in all.
        for _ in 0..<2 {
            await #expect(throws: Self.wrong) {
                _ = try await fixture.identity.login(groupID: group, email: email, password: "wrong password!!")
            }
            await #expect(throws: Self.wrong) {
                _ = try await fixture.identity.changePassword(
                    groupID: group, email: email, current: "wrong password!!", new: "a new long password")
            }
        }
        let token = try await self.invitation(for: email, in: group, fixture: fixture)
        await #expect(
            throws: DomainError.unauthenticated("this account already has a password; accept with that password")
        ) {
            _ = try await fixture.identity.acceptInvitation(token: token, password: "wrong password!!")
        }
        // Locked now: every path refuses even the right password.
        await #expect(throws: Self.lockedOneSecond) {
            _ = try await fixture.identity.login(groupID: group, email: email, password: IdentityFixture.password)
        }
        await #expect(throws: Self.lockedOneSecond) {
            _ = try await fixture.identity.changePassword(
                groupID: group, email: email, current: IdentityFixture.password, new: "a new long password")
        }
        await #expect(throws: Self.lockedOneSecond) {
            _ = try await fixture.identity.acceptInvitation(token: token, password: IdentityFixture.password)
        }
        fixture.clock.advance(millis: 1000)
        _ = try await fixture.identity.changePassword(
            groupID: group, email: email, current: IdentityFixture.password, new: "a new long password")
    }

    @Test("an unknown email and a password-less account lock exactly as a real one does")
    func unknownEmailsLockAlike() async throws {
        let fixture = try await IdentityFixture()
        let (group, _) = try await fixture.bootstrap()
        _ = try await fixture.identity.createUser(
            groupID: group, email: "nopass@example.com", name: "No Pass", password: nil, role: .member,
            scope: .group(group), .test())
        var answers: [String: [String]] = [:]
        for email in [IdentityFixture.ownerEmail, "nobody@example.com", "nopass@example.com"] {
            for _ in 0...fixture.settings.freeFailedLogins {
                do {
                    _ = try await fixture.identity.login(groupID: group, email: email, password: "wrong password!!")
                } catch {
                    answers[email, default: []].append("\(error)")
                }
            }
        }
        #expect(Set(answers.values).count == 1, "\(answers)")
        #expect(answers[IdentityFixture.ownerEmail]?.last == "\(Self.lockedOneSecond)")
    }

    /// An open activation invitation for the group's account with `email`, and its token.
    func invitation(for email: String, in group: String, fixture: IdentityFixture) async throws -> String {
        let token = "inv-token-\(UUID().uuidString)"
        try await fixture.database.write { store in
            let user = try #require(try store.users.fetch(email: email, inGroup: group))
            var client = ClientRecord(id: "cli_inv", groupID: group, accountName: "Invited", createdAt: 1)
            client.ownerUserID = user.id
            try store.clients.insert(client, contacts: [])
            try store.invitations.insert(
                InvitationRecord(
                    id: "inv_1", tokenHash: SecretToken.hash(token), kind: "activation", groupID: group,
                    clientID: client.id, userID: user.id, createdBy: "test", createdAt: 0,
                    expiresAt: Int64.max / 2))
        }
        return token
    }
}
