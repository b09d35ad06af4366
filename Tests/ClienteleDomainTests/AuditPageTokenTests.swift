import ClienteleDomain
import ClienteleStore
import Foundation
import Testing

/// The audit trail's page tokens name a position in a sequence every tenant shares: they are
/// bound to the group and permuted under the database's key, so a tenant learns nothing of the
/// others' write volume from them, cannot make one, and cannot use another group's.
@Suite("Audit page tokens")
struct AuditPageTokenTests {
    @Test("pages follow each other through the token; another group's, forged or legacy tokens are INVALID_ARGUMENT")
    func tokens() async throws {
        let fixture = try await IdentityFixture()
        let operatorOrigin = WriteOrigin(
            actor: "operator:0", userID: nil, action: "clientele.v1.Access/BootstrapGroup", requestID: "r1")
        let (first, _) = try await fixture.identity.bootstrapGroup(
            name: "Acme", ownerEmail: "olga@example.com", ownerName: "Olga", ownerPassword: IdentityFixture.password,
            Write(origin: operatorOrigin) { _ in [] })
        let (second, _) = try await fixture.identity.bootstrapGroup(
            name: "Beta", ownerEmail: "olga@example.com", ownerName: "Olga", ownerPassword: IdentityFixture.password,
            Write(origin: operatorOrigin) { _ in [] })
        let log = AuditLog(database: fixture.database)

        // Three entries per bootstrap, pages of one: the token leads through all of them, in order.
        var query = AuditQuery()
        query.groupID = first.id
        query.pageSize = 1
        var seen: [String] = []
        var tokens: [String] = []
        repeat {
            let page = try await log.list(query)
            seen += page.entries.map(\.resource)
            query.pageToken = page.nextPageToken
            if !page.nextPageToken.isEmpty { tokens.append(page.nextPageToken) }
        } while !query.pageToken.isEmpty
        var whole = AuditQuery()
        whole.groupID = first.id
        #expect(seen == (try await log.list(whole).entries.map(\.resource)))
        #expect(seen.count == 3 && tokens.count == 2)

        // Consecutive positions give tokens with nothing visible in common (no readable counter).
        let (a, b) = (Array(tokens[0].utf8), Array(tokens[1].utf8))
        #expect(zip(a, b).prefix { $0 == $1 }.count <= 3)
        #expect(Data(base64Encoded: tokens[0]).flatMap { String(data: $0, encoding: .utf8) } == nil)

        // The first group's token in the second group, a token of the old form (a JSON number),
        // and garbage all answer alike.
        var other = AuditQuery()
        other.groupID = second.id
        for token in [tokens[0], "OTk5", "eyJjIjo1fQ", "not-a-token"] {
            other.pageToken = token
            await #expect(
                throws: DomainError.invalidArgument(
                    field: "page_token", reason: "is not a token from a previous page of this listing")
            ) {
                _ = try await log.list(other)
            }
        }
    }
}
