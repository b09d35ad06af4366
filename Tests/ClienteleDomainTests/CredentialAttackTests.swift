import ClienteleAccess
import ClienteleDomain
import ClienteleStore
import ClienteleTestSupport
import Foundation
import Testing

/// Every credential check (Login, ChangePassword, AcceptInvitation) under attack: one lock
/// shared by all three, honoured by all three, the same for unknown emails, and the same
/// time whether or not the account exists or has a password.
@Suite("Credential attacks")
struct CredentialAttackTests {
    static let lockedOneSecond = DomainError.resourceExhausted(
        "too many failed sign-ins for this account; try again in 1 s")
    static let wrong = DomainError.unauthenticated("wrong email or password")

    @Test("failures of Login, ChangePassword and AcceptInvitation count toward one lock that all three honour")
    func oneLockForEveryPath() async throws {
        let fixture = try IdentityFixture()
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
        let fixture = try IdentityFixture()
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

    @Test("unknown, password-less and normal accounts take the same time (median of 20, within 20%)")
    func equalTime() async throws {
        // A real scrypt cost (N = 2^12, r = 8: 4 MiB), so that the hash, not the store, sets the time.
        let fixture = try IdentityFixture(passwordCost: .init(logN: 12, blockSize: 8, parallelism: 1))
        let (group, _) = try await fixture.bootstrap()
        _ = try await fixture.identity.createUser(
            groupID: group, email: "nopass@example.com", name: "No Pass", password: nil, role: .member,
            scope: .group(group), .test())
        let kinds = [
            ("normal", IdentityFixture.ownerEmail), ("unknown", "nobody@example.com"),
            ("password-less", "nopass@example.com"),
        ]
        var times: [String: [Double]] = [:]
        for round in 0..<20 {
            // Interleaved, so that a busy moment of the machine falls on every kind alike.
            for (kind, email) in kinds {
                // The clock moves past any lock, so every try is a plain wrong password.
                fixture.clock.advance(millis: 3_600_000)
                let start = ContinuousClock.now
                _ = try? await fixture.identity.login(
                    groupID: group, email: email, password: "wrong password \(round)")
                times[kind, default: []].append((ContinuousClock.now - start) / .milliseconds(1))
            }
        }
        let medians = times.mapValues { $0.sorted()[$0.count / 2] }
        let fastest = try #require(medians.values.min()), slowest = try #require(medians.values.max())
        #expect(slowest <= fastest * 1.2, "medians in ms: \(medians)")
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
