import ClienteleAccess
import ClienteleDomain
import ClienteleStore
import Testing

@Suite("Billing ledger")
struct BillingServiceTests {
    static func billing(_ fixture: ClientFixture) -> BillingService {
        BillingService(database: fixture.database, clock: fixture.clock, ids: RandomIDGenerator())
    }

    static func draft(_ kind: EntryKind, _ amount: Int64, corrects: String = "") -> EntryDraft {
        var draft = EntryDraft(kind: kind, amountMinor: amount)
        draft.correctsEntryID = corrects
        return draft
    }

    @Test("a prepaid account never goes below zero; a postpaid one not below minus its limit")
    func floors() async throws {
        let fixture = try await ClientFixture()
        let billing = Self.billing(fixture)
        let id = try await fixture.create("Acme").client.id
        _ = try await billing.post(id, Self.draft(.credit, 1_000), try fixture.write())
        await #expect(throws: DomainError.self) {
            _ = try await billing.post(id, Self.draft(.charge, 1_001), try fixture.write())
        }
        let charged = try await billing.post(id, Self.draft(.charge, 1_000), try fixture.write())
        #expect(charged.balance.account.balanceMinor == 0 && charged.entry.amountMinor == -1_000)
        _ = try await billing.changeTerms(id, mode: 2, creditLimitMinor: 500, reason: "trusted", try fixture.write())
        let debt = try await billing.post(id, Self.draft(.charge, 500), try fixture.write())
        #expect(debt.balance.debtMinor == 500 && debt.balance.availableMinor == 0)
        do {
            _ = try await billing.post(id, Self.draft(.charge, 1), try fixture.write())
            Issue.record("a charge crossed the credit limit")
        } catch DomainError.failedPrecondition(let why) {
            #expect(
                why == "the balance of -5.00 EUR would fall to -5.01 EUR, below the credit limit floor of -5.00 EUR")
        }
        // The terms cannot leave the balance beyond the new floor.
        await #expect(throws: DomainError.self) {
            _ = try await billing.changeTerms(id, mode: 1, creditLimitMinor: 0, reason: "", try fixture.write())
        }
        await #expect(throws: DomainError.self) {
            _ = try await billing.post(id, Self.draft(.debtSettlement, 501), try fixture.write())
        }
        _ = try await billing.post(id, Self.draft(.debtSettlement, 500), try fixture.write())
        #expect(try await billing.balance(id).account.balanceMinor == 0)
    }

    @Test("a payment is corrected once, by at most its amount; a correction is never corrected")
    func corrections() async throws {
        let fixture = try await ClientFixture()
        let billing = Self.billing(fixture)
        let id = try await fixture.create("Acme").client.id
        let payment = try await billing.post(id, Self.draft(.credit, 1_000), try fixture.write()).entry
        await #expect(throws: DomainError.self) {
            _ = try await billing.post(
                id, Self.draft(.paymentCorrection, 1_001, corrects: payment.id), try fixture.write())
        }
        let correction = try await billing.post(
            id, Self.draft(.paymentCorrection, 400, corrects: payment.id), try fixture.write()
        ).entry
        #expect(correction.correctsEntryID == payment.id && correction.amountMinor == -400)
        await #expect(
            throws: DomainError.failedPrecondition(
                "entry \(payment.id) was already corrected by entry \(correction.id)")
        ) {
            _ = try await billing.post(
                id, Self.draft(.paymentCorrection, 100, corrects: payment.id), try fixture.write())
        }
        await #expect(throws: DomainError.self) {
            _ = try await billing.post(
                id, Self.draft(.paymentCorrection, 100, corrects: correction.id), try fixture.write())
        }
        // Another client's entry reads as missing.
        let other = try await fixture.create("Other").client.id
        await #expect(throws: DomainError.notFound("entry \(payment.id)")) {
            _ = try await billing.post(
                other, Self.draft(.paymentCorrection, 1, corrects: payment.id), try fixture.write())
        }
    }

    @Test("amounts are positive minor units and never overflow; money keeps its currency's decimals")
    func amounts() async throws {
        let fixture = try await ClientFixture()
        let billing = Self.billing(fixture)
        let id = try await fixture.create("Tokyo") { $0.currency = "JPY" }.client.id
        await #expect(
            throws: DomainError.invalidArgument(field: "amount_minor", reason: "must be greater than 0 (minor units)")
        ) {
            _ = try await billing.post(id, Self.draft(.credit, 0), try fixture.write())
        }
        _ = try await billing.post(id, Self.draft(.credit, .max), try fixture.write())
        await #expect(
            throws: DomainError.invalidArgument(
                field: "amount_minor", reason: "would overflow the balance of 9223372036854775807 JPY")
        ) {
            _ = try await billing.post(id, Self.draft(.credit, 1), try fixture.write())
        }
        #expect(try await billing.balance(id).exponent == 0)
    }

    @Test("the currency changes only at zero; closing waits for credits withdrawn and debts settled")
    func currencyAndClosing() async throws {
        let fixture = try await ClientFixture()
        let billing = Self.billing(fixture)
        let id = try await fixture.create("Acme").client.id
        _ = try await billing.post(id, Self.draft(.credit, 1_250), try fixture.write())
        await #expect(throws: DomainError.self) {
            _ = try await billing.changeCurrency(id, currency: "USD", reason: "", try fixture.write())
        }
        let dryRun = try await fixture.clients.close(
            id, dryRun: true, reason: "", expectedVersion: 0, try fixture.write())
        #expect(dryRun.blockers == ["a balance of 12.50 EUR in credits; withdraw it first"])
        await #expect(throws: DomainError.self) {
            _ = try await billing.post(id, Self.draft(.withdrawal, 1_251), try fixture.write())
        }
        _ = try await billing.post(id, Self.draft(.withdrawal, 1_250), try fixture.write())
        #expect(
            try await billing.changeCurrency(id, currency: "usd", reason: "", try fixture.write()).currency == "USD")
        #expect(
            try await fixture.clients.close(id, dryRun: false, reason: "", expectedVersion: 0, try fixture.write())
                .closable)
        await #expect(throws: DomainError.failedPrecondition("client \(id) is closed")) {
            _ = try await billing.post(id, Self.draft(.credit, 1), try fixture.write())
        }
        await #expect(throws: DomainError.self) {
            _ = try await fixture.clients.update(
                id, fields: ClientFieldsInput(), paths: ["currency"], expectedVersion: 0, try fixture.write())
        }
    }

    @Test("64 concurrent charges on a prepaid account never overdraw it")
    func concurrentCharges() async throws {
        let fixture = try await ClientFixture()
        let billing = Self.billing(fixture)
        let id = try await fixture.create("Acme").client.id
        _ = try await billing.post(id, Self.draft(.credit, 1_000), try fixture.write())
        let write: Write<LedgerPosting> = try fixture.write()
        let accepted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 {
                group.addTask { (try? await billing.post(id, Self.draft(.charge, 30), write)) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(accepted == 33)  // 33 × 30 = 990 ≤ 1000 < 34 × 30
        let balance = try await billing.balance(id)
        #expect(balance.account.balanceMinor == 10)
        #expect(try await fixture.database.read { try $0.billing.ledgerSum(clientID: id) } == 10)
    }

    @Test("entries cannot be changed or removed, even by SQL")
    func appendOnly() async throws {
        let fixture = try await ClientFixture()
        let id = try await fixture.create("Acme").client.id
        _ = try await Self.billing(fixture).post(id, Self.draft(.credit, 5), try fixture.write())
        await #expect(throws: (any Error).self) {
            try await fixture.database.write { store in
                var entry = try store.billing.entries(LedgerQuery(clientID: id))[0]
                entry.amountMinor = 500
                try store.billing.append(entry)
            }
        }
        #expect(try await fixture.database.read { try $0.billing.ledgerSum(clientID: id) } == 5)
    }
}
