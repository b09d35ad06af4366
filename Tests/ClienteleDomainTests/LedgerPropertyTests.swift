import ClienteleAccess
import ClienteleDomain
import ClienteleStore
import Testing

/// Random sequences of every entry kind, rejected ones included, against a
/// simple model of the rules: the balance always equals the sum of the
/// entries, never crosses the floor, and every replayed key answers the same bytes.
@Suite("Ledger against a model")
struct LedgerPropertyTests {
    /// A small deterministic generator (SplitMix64), so a failure reproduces from its seed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            self.state &+= 0x9E37_79B9_7F4A_7C15
            var z = self.state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The rules, restated independently of the service.
    struct Model {
        var balance: Int64 = 0
        var floor: Int64
        var credits: [String: Int64] = [:]
        var corrected: Set<String> = []

        func accepts(_ kind: EntryKind, _ amount: Int64, corrects: String?) -> Bool {
            switch kind {
            case .credit, .creditNote: return true
            case .charge: return self.balance - amount >= self.floor
            case .withdrawal: return amount <= max(self.balance, 0) && self.balance - amount >= self.floor
            case .debtSettlement: return amount <= max(-self.balance, 0)
            case .paymentCorrection:
                guard let corrects, let paid = self.credits[corrects], !self.corrected.contains(corrects) else {
                    return false
                }
                return amount <= paid && self.balance - amount >= self.floor
            }
        }
    }

    @Test("random sequences keep the model's balance", arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func randomSequences(seed: UInt64) async throws {
        var random = SplitMix(state: seed)
        let fixture = try await ClientFixture()
        let billing = BillingService(database: fixture.database, clock: fixture.clock, ids: RandomIDGenerator())
        let postpaid = seed % 2 == 0
        let id = try await fixture.create("Acme") {
            $0.billingMode = postpaid ? 2 : 1
            $0.creditLimitMinor = postpaid ? 5_000 : 0
        }.client.id
        var model = Model(floor: postpaid ? -5_000 : 0)
        var entryIDs: [String] = []
        var answers: [(origin: WriteOrigin, bytes: [UInt8])] = []
        for step in 0..<150 {
            let kind = EntryKind.allCases.randomElement(using: &random)!
            let amount = Int64.random(in: 1...3_000, using: &random)
            let corrects = kind == .paymentCorrection ? entryIDs.randomElement(using: &random) : nil
            let key = "step-\(step)"
            let request = Array("\(kind)\(amount)\(corrects ?? "")".utf8)
            var draft = EntryDraft(kind: kind, amountMinor: amount)
            draft.correctsEntryID = corrects ?? "ent_none"
            let write: Write<LedgerPosting> = try fixture.write(
                "billing/Post", key: key, request: request,
                encode: { Array("\($0.entry.id)|\($0.entry.sequence)|\($0.balance.account.balanceMinor)".utf8) })
            let expected = model.accepts(kind, amount, corrects: corrects)
            do {
                let posting = try await billing.post(id, draft, write)
                #expect(expected, "seed \(seed) step \(step): \(kind) \(amount) was accepted")
                model.balance += posting.entry.amountMinor
                if kind == .credit { model.credits[posting.entry.id] = amount }
                if let corrects { model.corrected.insert(corrects) }
                entryIDs.append(posting.entry.id)
                let stored = try await billing.replay(write.origin)
                #expect(stored == (try write.encode(posting)))
                answers.append((write.origin, stored ?? []))
            } catch {
                #expect(!expected, "seed \(seed) step \(step): \(kind) \(amount) was refused: \(error)")
                #expect(try await billing.replay(write.origin) == nil, "a refused post kept its key")
            }
            let balance = try await billing.balance(id).account.balanceMinor
            #expect(balance == model.balance)
            #expect(balance >= model.floor)
            #expect(try await fixture.database.read { try $0.billing.ledgerSum(clientID: id) } == balance)
        }
        // Every key, replayed after the whole sequence, still answers its first bytes;
        // the same key with other parameters is refused.
        for (origin, bytes) in answers {
            #expect(try await billing.replay(origin) == bytes)
            var other = origin
            other.idempotency = try IdempotencyClaim(key: origin.idempotency!.key, method: "billing/Post", request: [0])
            await #expect(throws: DomainError.self) { _ = try await billing.replay(other) }
        }
    }
}
