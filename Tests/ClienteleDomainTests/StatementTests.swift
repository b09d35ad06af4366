import ClienteleAccess
import ClienteleDomain
import ClienteleStore
import ClienteleTestSupport
import Synchronization
import Testing

@Suite("Billing statements")
struct StatementTests {
    static let hour: Int64 = 3_600_000

    static func billing(_ fixture: ClientFixture, ids: any IDGenerator = RandomIDGenerator()) -> BillingService {
        BillingService(database: fixture.database, clock: fixture.clock, ids: ids)
    }

    /// A client whose primary contact receives invoices.
    static func invoiced(_ fixture: ClientFixture, _ name: String = "Acme") async throws -> String {
        try await fixture.create(
            name, contacts: [ClientFixture.contact("Nina", email: "nina@acme.example", primary: true)]
        ).client.id
    }

    static func post(
        _ billing: BillingService, _ fixture: ClientFixture, _ client: String, _ kind: EntryKind, _ amount: Int64
    ) async throws -> LedgerEntryRecord {
        try await billing.post(client, EntryDraft(kind: kind, amountMinor: amount), try fixture.write()).entry
    }

    static func invoices(_ fixture: ClientFixture) async throws -> [OutboxMessageRecord] {
        try await fixture.outbox.pending(groupID: fixture.group, pageSize: 500, pageToken: "").messages.filter {
            $0.kind == 3
        }
    }

    @Test("opening, entries and closing: entries before the period open it, entries after it stay out")
    func balances() async throws {
        let fixture = try await ClientFixture()
        let billing = Self.billing(fixture)
        let client = try await Self.invoiced(fixture)
        // Before the period: 100.00 in, 30.00 out.
        _ = try await Self.post(billing, fixture, client, .credit, 10_000)
        fixture.clock.advance(millis: Self.hour)
        _ = try await Self.post(billing, fixture, client, .charge, 3_000)
        fixture.clock.advance(millis: Self.hour)
        let start = fixture.clock.nowMillis()
        // Inside: one entry exactly at the start (included), three more.
        let first = try await Self.post(billing, fixture, client, .charge, 2_500)
        fixture.clock.advance(millis: Self.hour)
        let second = try await Self.post(billing, fixture, client, .creditNote, 500)
        let third = try await Self.post(billing, fixture, client, .credit, 1_000)
        fixture.clock.advance(millis: Self.hour)
        let fourth = try await Self.post(billing, fixture, client, .withdrawal, 200)
        fixture.clock.advance(millis: Self.hour)
        let end = fixture.clock.nowMillis()
        // Exactly at the end (excluded) and after it.
        _ = try await Self.post(billing, fixture, client, .charge, 100)
        fixture.clock.advance(millis: Self.hour)
        _ = try await Self.post(billing, fixture, client, .credit, 7_000)

        let view = try await billing.issueStatement(
            client, periodStartMillis: start, periodEndMillis: end, try fixture.write())
        let statement = view.statement
        #expect(statement.openingMinor == 7_000)
        #expect(view.entries.map(\.id) == [first.id, second.id, third.id, fourth.id])
        #expect(statement.creditsMinor == 1_500)
        #expect(statement.debitsMinor == -2_700)
        #expect(statement.closingMinor == 5_800)
        #expect(statement.closingMinor == fourth.balanceAfterMinor, "the ledger's own balance at the end")
        #expect(statement.entryCount == 4 && statement.currency == "EUR" && statement.number == 1)
        #expect(statement.recipientEmail == "nina@acme.example")
        #expect(view.resource.clientID == client && view.resource.groupID == fixture.group)

        // Stored as issued: read back with its entries, and later entries change nothing.
        let read = try await billing.statement(statement.id)
        #expect(read == view)

        // A period before any entry opens and closes at zero; one covering everything closes at the balance.
        let empty = try await billing.issueStatement(
            client, periodStartMillis: 1, periodEndMillis: start - 2 * Self.hour, try fixture.write())
        #expect(empty.statement.openingMinor == 0 && empty.statement.closingMinor == 0 && empty.entries.isEmpty)
        fixture.clock.advance(millis: 1)
        let all = try await billing.issueStatement(
            client, periodStartMillis: 1, periodEndMillis: fixture.clock.nowMillis(), try fixture.write())
        #expect(all.statement.closingMinor == (try await billing.balance(client)).account.balanceMinor)
        #expect(all.entries.count == 8 && all.statement.number == 3)
    }

    @Test("the period is validated: start > 0, end after start, end not in the future")
    func period() async throws {
        let fixture = try await ClientFixture()
        let billing = Self.billing(fixture)
        let client = try await Self.invoiced(fixture)
        let now = fixture.clock.nowMillis()
        await #expect(
            throws: DomainError.invalidArgument(
                field: "period_start_millis", reason: "is required (Unix milliseconds, > 0)")
        ) {
            _ = try await billing.issueStatement(
                client, periodStartMillis: 0, periodEndMillis: now, try fixture.write())
        }
        await #expect(
            throws: DomainError.invalidArgument(field: "period_end_millis", reason: "must be after period_start_millis")
        ) {
            _ = try await billing.issueStatement(
                client, periodStartMillis: now, periodEndMillis: now, try fixture.write())
        }
        await #expect(
            throws: DomainError.invalidArgument(
                field: "period_end_millis", reason: "is in the future: a statement covers a period that has ended")
        ) {
            _ = try await billing.issueStatement(
                client, periodStartMillis: now - Self.hour, periodEndMillis: now + 1, try fixture.write())
        }
        await #expect(throws: DomainError.notFound("client cli_missing")) {
            _ = try await billing.issueStatement(
                "cli_missing", periodStartMillis: 1, periodEndMillis: now, try fixture.write())
        }
        // Up to now is a period that has ended.
        _ = try await billing.issueStatement(client, periodStartMillis: 1, periodEndMillis: now, try fixture.write())
    }

    @Test("numbers are 1, 2, 3… per group, without gaps, when many are issued at once")
    func numberingUnderConcurrency() async throws {
        let fixture = try await ClientFixture()
        let billing = Self.billing(fixture)
        let clients = [try await Self.invoiced(fixture, "One"), try await Self.invoiced(fixture, "Two")]
        let now = fixture.clock.nowMillis()
        let write: Write<StatementView> = try fixture.write()
        let numbers = try await withThrowingTaskGroup(of: Int64.self) { group in
            for index in 0..<40 {
                group.addTask {
                    try await billing.issueStatement(
                        clients[index % 2], periodStartMillis: 1, periodEndMillis: now, write
                    ).statement.number
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(numbers.sorted() == Array(1...40))
        // Each client's list holds its own, newest first, and pages through them.
        var seen: [Int64] = []
        var token = ""
        repeat {
            let page = try await billing.statements(clients[0], pageSize: 7, pageToken: token)
            seen += page.statements.map(\.number)
            #expect(page.statements.allSatisfy { $0.clientID == clients[0] })
            token = page.nextPageToken
        } while !token.isEmpty
        #expect(seen.count == 20 && seen == seen.sorted(by: >))

        // Another group counts from 1.
        let (otherGroup, otherOwner) = try await fixture.base.bootstrap("Other", email: "other@example.com")
        let principal = Principal(
            kind: .user(id: otherOwner),
            grants: [Grant(role: .owner, scope: .group(otherGroup), groupID: otherGroup, source: .assignment("ra"))])
        var fields = ClientFieldsInput()
        fields.accountName = "Elsewhere"
        fields.billingEmails = ["billing@elsewhere.example"]
        let elsewhere = try await fixture.clients.create(
            groupID: otherGroup, fields: fields, contacts: [], owner: nil, by: principal, .test())
        let first = try await billing.issueStatement(
            elsewhere.client.id, periodStartMillis: 1, periodEndMillis: now, .test())
        #expect(first.statement.number == 1 && first.statement.groupID == otherGroup)
        #expect(first.statement.recipientEmail == "billing@elsewhere.example", "no primary contact: the billing email")
    }

    @Test("the statement goes to the invoice recipient as an INVOICE message, audited, in its transaction")
    func invoiceMessage() async throws {
        let fixture = try await ClientFixture()
        let billing = Self.billing(fixture)
        let client = try await Self.invoiced(fixture)
        _ = try await Self.post(billing, fixture, client, .credit, 1_250)
        fixture.clock.advance(millis: Self.hour)
        let view = try await billing.issueStatement(
            client, periodStartMillis: 1, periodEndMillis: fixture.clock.nowMillis(), try fixture.write())
        let messages = try await Self.invoices(fixture)
        let message = try #require(messages.first)
        #expect(messages.count == 1)
        #expect(message.id == view.statement.messageID && message.clientID == client)
        #expect(message.recipientEmail == "nina@acme.example" && message.recipientName == "Nina")
        #expect(message.subject.hasPrefix("Statement 1 of Acme"))
        #expect(message.body.contains("Opening balance: 0.00 EUR"))
        #expect(message.body.contains("+12.50 EUR"))
        #expect(message.body.contains("Closing balance: 12.50 EUR"))
        #expect(message.data["statement_id"] == view.statement.id)
        #expect(message.data["statement_number"] == "1")
        #expect(message.data["closing_balance_minor"] == "1250")
        #expect(message.data["entry_count"] == "1")

        var query = AuditQuery()
        query.groupID = fixture.group
        query.clientID = client
        let trail = try await fixture.audit.list(query).entries
        let entry = try #require(trail.first { $0.resource == "statement:\(view.statement.id)" })
        #expect(entry.detail.contains("statement 1") && entry.detail.contains("nina@acme.example"))
    }

    @Test("without an invoice recipient nothing is issued; an unknown or foreign statement is not found")
    func noRecipient() async throws {
        let fixture = try await ClientFixture()
        let billing = Self.billing(fixture)
        let client = try await fixture.create("Mute", contacts: [ClientFixture.contact("Ann")]).client.id
        let now = fixture.clock.nowMillis()
        await #expect(
            throws: DomainError.failedPrecondition(
                "client \(client) has no invoice recipient: give it a primary contact with an email, or a billing email"
            )
        ) {
            _ = try await billing.issueStatement(
                client, periodStartMillis: 1, periodEndMillis: now, try fixture.write())
        }
        #expect(try await billing.statements(client, pageSize: 0, pageToken: "").statements.isEmpty)
        #expect(try await Self.invoices(fixture).isEmpty)
        await #expect(throws: DomainError.notFound("statement stm_missing")) {
            _ = try await billing.statement("stm_missing")
        }
        await #expect(throws: DomainError.notFound("client cli_missing")) {
            _ = try await billing.statements("cli_missing", pageSize: 0, pageToken: "")
        }
        await #expect(
            throws: DomainError.invalidArgument(
                field: "page_token", reason: "is not a token from a previous page of this listing")
        ) {
            _ = try await billing.statements(client, pageSize: 0, pageToken: "garbage!")
        }
    }

    @Test("a failure after the statement is written rolls back the statement, its number, its mail and its audit")
    func rolledBackTogether() async throws {
        let fixture = try await ClientFixture()
        // Every outbox message gets the same id: the second statement's mail collides with the first's.
        let ids = FixedMessageIDs()
        let billing = Self.billing(fixture, ids: ids)
        let client = try await Self.invoiced(fixture)
        let now = fixture.clock.nowMillis()
        let first = try await billing.issueStatement(
            client, periodStartMillis: 1, periodEndMillis: now, try fixture.write())
        await #expect(throws: DomainError.self) {
            _ = try await billing.issueStatement(
                client, periodStartMillis: 1, periodEndMillis: now, try fixture.write())
        }
        let listed = try await billing.statements(client, pageSize: 0, pageToken: "").statements
        #expect(listed.map(\.id) == [first.statement.id])
        #expect(try await Self.invoices(fixture).count == 1)
        var query = AuditQuery()
        query.groupID = fixture.group
        query.clientID = client
        #expect(try await fixture.audit.list(query).entries.filter { $0.resource.hasPrefix("statement:") }.count == 1)
        // The number was not used up: the next statement is 2.
        ids.unique()
        let next = try await billing.issueStatement(
            client, periodStartMillis: 1, periodEndMillis: now, try fixture.write())
        #expect(next.statement.number == 2)
    }

    @Test("a replayed idempotency key answers the stored statement and issues no second one")
    func idempotentReplay() async throws {
        let fixture = try await ClientFixture()
        let billing = Self.billing(fixture)
        let client = try await Self.invoiced(fixture)
        let now = fixture.clock.nowMillis()
        let write: Write<StatementView> = try fixture.write(
            "clientele.v1.Billing/IssueStatement", key: "statement-1", request: [1, 2, 3],
            encode: { Array($0.statement.id.utf8) })
        #expect(try await billing.replay(write.origin) == nil)
        let view = try await billing.issueStatement(client, periodStartMillis: 1, periodEndMillis: now, write)
        #expect(try await billing.replay(write.origin) == Array(view.statement.id.utf8))
        // A second commit under the same key (a race the RPC layer answers by replaying) writes nothing.
        await #expect(throws: DomainError.alreadyExists(field: "caller, key")) {
            _ = try await billing.issueStatement(client, periodStartMillis: 1, periodEndMillis: now, write)
        }
        #expect(try await billing.statements(client, pageSize: 0, pageToken: "").statements.count == 1)
        #expect(try await Self.invoices(fixture).count == 1)
        // The same key with other parameters is refused.
        let other: Write<StatementView> = try fixture.write(
            "clientele.v1.Billing/IssueStatement", key: "statement-1", request: [9])
        await #expect(throws: DomainError.self) { _ = try await billing.replay(other.origin) }
    }

    @Test("a period across a currency change, or with too many entries, is refused")
    func refusedPeriods() async throws {
        let fixture = try await ClientFixture()
        let billing = Self.billing(fixture)
        let client = try await Self.invoiced(fixture)
        _ = try await Self.post(billing, fixture, client, .credit, 500)
        _ = try await Self.post(billing, fixture, client, .withdrawal, 500)
        fixture.clock.advance(millis: Self.hour)
        _ = try await billing.changeCurrency(client, currency: "CHF", reason: "", try fixture.write())
        _ = try await Self.post(billing, fixture, client, .credit, 700)
        fixture.clock.advance(millis: Self.hour)
        let now = fixture.clock.nowMillis()
        await #expect(
            throws: DomainError.failedPrecondition(
                "the account's currency changed during the period (CHF, EUR); issue one statement up to the change and one after it"
            )
        ) {
            _ = try await billing.issueStatement(
                client, periodStartMillis: 1, periodEndMillis: now, try fixture.write())
        }
        // After the change: in the new currency.
        let after = try await billing.issueStatement(
            client, periodStartMillis: now - Self.hour - 1, periodEndMillis: now, try fixture.write())
        #expect(after.statement.currency == "CHF" && after.statement.closingMinor == 700)

        let busy = try await Self.invoiced(fixture, "Busy")
        _ = try await Self.post(billing, fixture, busy, .credit, 1_000_000)
        for _ in 0..<BillingService.maximumStatementEntries {
            _ = try await Self.post(billing, fixture, busy, .charge, 1)
        }
        fixture.clock.advance(millis: 1)
        let end = fixture.clock.nowMillis()
        await #expect(
            throws: DomainError.failedPrecondition(
                "the period holds more than 1000 ledger entries; issue statements for shorter periods")
        ) {
            _ = try await billing.issueStatement(busy, periodStartMillis: 1, periodEndMillis: end, try fixture.write())
        }
    }
}

/// Random ids, except that every outbox message gets the same one until `unique()`.
final class FixedMessageIDs: IDGenerator {
    private let random = RandomIDGenerator()
    private let fixed = Mutex(true)

    func unique() { self.fixed.withLock { $0 = false } }

    func make(_ prefix: String) -> String {
        prefix == "msg" && self.fixed.withLock({ $0 }) ? "msg_fixed" : self.random.make(prefix)
    }

    func randomBytes(_ count: Int) -> [UInt8] { self.random.randomBytes(count) }
}
