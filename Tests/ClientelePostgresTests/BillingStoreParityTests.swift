import ClienteleStore
import Foundation
import Synchronization
import Testing

@testable import ClientelePostgres

@Suite("Billing and statement stores: PostgreSQL answers as SQLite does")
struct BillingStoreParityTests {
    typealias R = BillingRecords

    static func billing(_ store: StoreContext) -> any BillingStore { store.billing }
    static func postgresBilling(_ session: PostgresSession) -> any BillingStore {
        PostgresBillingStore(session: session)
    }
    static func statements(_ store: StoreContext) -> any StatementStore { store.statements }
    static func postgresStatements(_ session: PostgresSession) -> any StatementStore {
        PostgresStatementStore(session: session)
    }

    /// Runs a billing-store operation on both engines, expecting the same outcome.
    @discardableResult
    static func billing<T: Equatable & Sendable>(
        _ engines: BillingEngines, _ label: Comment, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: @escaping @Sendable (any BillingStore) throws -> T
    ) async -> BillingOutcome<T> {
        await engines.same(label, Self.billing, Self.postgresBilling, body, sourceLocation: sourceLocation)
    }

    @discardableResult
    static func statements<T: Equatable & Sendable>(
        _ engines: BillingEngines, _ label: Comment, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: @escaping @Sendable (any StatementStore) throws -> T
    ) async -> BillingOutcome<T> {
        await engines.same(label, Self.statements, Self.postgresStatements, body, sourceLocation: sourceLocation)
    }

    @Test("accounts: insert, read, and the errors for a second account or a missing client")
    func accounts() async throws {
        let engines = try await R.engines(clients: ["cli_1", "cli_2", "cli_3"], accounts: false)
        let account = BillingAccountRecord(clientID: "cli_1", groupID: R.group, balanceMinor: -5, entryCount: 0)
        #expect(
            await Self.billing(engines, "insert") {
                try $0.insertAccount(account); return BillingDone()
            } == .value(BillingDone()))
        #expect(
            await Self.billing(engines, "a second account") {
                try $0.insertAccount(account); return BillingDone()
            }
                == .storeError(.duplicate(field: "client_id")))
        let missing = BillingAccountRecord(clientID: "cli_9", groupID: R.group)
        #expect(
            await Self.billing(engines, "no such client") {
                try $0.insertAccount(missing); return BillingDone()
            }
                == .storeError(.notFound("client cli_9")))
        #expect(await Self.billing(engines, "read") { try $0.account(clientID: "cli_1") } == .value(account))
        #expect(await Self.billing(engines, "read none") { try $0.account(clientID: "cli_2") } == .value(nil))
        await engines.close()
    }

    @Test("appending: balances move, and every refusal is the same (gap, taken number, id, correction, no account)")
    func appending() async throws {
        let engines = try await R.engines(clients: ["cli_1", "cli_2"])
        // cli_3: a client without a billing account
        try await engines.sqlite.write { try $0.clients.insert(R.client("cli_3"), contacts: []) }
        try await engines.postgres.write { try R.seedPostgres($0, groups: [], clients: [R.client("cli_3")]) }
        let entries = [
            R.entry("ent_1", sequence: 1, amount: 1_000, balanceAfter: 1_000, at: 2_000, kind: 2),
            R.entry("ent_2", sequence: 2, amount: -300, balanceAfter: 700, at: 3_000, kind: 3),
            R.entry(
                "ent_3", sequence: 3, amount: -200, balanceAfter: 500, at: 3_000, kind: 4, idempotencyKey: "idem-1"),
            R.entry("ent_4", sequence: 4, amount: -1_000, balanceAfter: -500, at: 4_000, kind: 5, corrects: "ent_1"),
            R.entry("ent_5", sequence: 5, amount: 50, balanceAfter: -450, at: 4_000, kind: 1),
        ]
        for entry in entries {
            #expect(
                await Self.billing(engines, "append \(entry.id)") {
                    try $0.append(entry); return BillingDone()
                } == .value(BillingDone()))
        }
        #expect(
            await Self.billing(engines, "account after") { try $0.account(clientID: "cli_1") }
                == .value(BillingAccountRecord(clientID: "cli_1", groupID: R.group, balanceMinor: -450, entryCount: 5)))
        let refusals: [(LedgerEntryRecord, StoreError)] = [
            // a gap: the account is at 5, not 6
            (
                R.entry("ent_g", sequence: 7, amount: 1, balanceAfter: 1, at: 5_000),
                .notFound("billing account of client cli_1 at entry 6")
            ),
            // a number already taken
            (
                R.entry("ent_t", sequence: 3, amount: 1, balanceAfter: 1, at: 5_000),
                .duplicate(field: "client_id, sequence")
            ),
            // an id already taken
            (R.entry("ent_2", sequence: 6, amount: 1, balanceAfter: 1, at: 5_000), .duplicate(field: "id")),
            // a second correction of ent_1
            (
                R.entry("ent_c", sequence: 6, amount: 1, balanceAfter: 1, at: 5_000, kind: 5, corrects: "ent_1"),
                .duplicate(field: "corrects_entry_id")
            ),
            // a correction of an entry that is not there
            (
                R.entry("ent_m", sequence: 6, amount: 1, balanceAfter: 1, at: 5_000, kind: 5, corrects: "ent_404"),
                .notFound("billing account of client cli_1")
            ),
            // a client without an account, and no client at all
            (
                R.entry("ent_n", client: "cli_3", sequence: 1, amount: 1, balanceAfter: 1, at: 5_000),
                .notFound("billing account of client cli_3")
            ),
            (
                R.entry("ent_x", client: "cli_9", sequence: 1, amount: 1, balanceAfter: 1, at: 5_000),
                .notFound("billing account of client cli_9")
            ),
        ]
        for (entry, error) in refusals {
            #expect(
                await Self.billing(engines, "refuse \(entry.id)") {
                    try $0.append(entry); return BillingDone()
                }
                    == .storeError(error))
        }
        // A rule of the schema (no zero amounts): neither engine maps it; both report a database failure.
        let zero = R.entry("ent_0", sequence: 6, amount: 0, balanceAfter: -450, at: 5_000)
        let outcome = await Self.billing(engines, "zero amount") {
            try $0.append(zero); return BillingDone()
        }
        #expect(outcome == .storeError(.unavailable("the database failed; see the daemon's log")))
        // Nothing of the refused ones stuck.
        #expect(
            await Self.billing(engines, "account unchanged") { try $0.account(clientID: "cli_1") }
                == .value(BillingAccountRecord(clientID: "cli_1", groupID: R.group, balanceMinor: -450, entryCount: 5)))
        #expect(await Self.billing(engines, "sum") { try $0.ledgerSum(clientID: "cli_1") } == .value(-450))
        #expect(await Self.billing(engines, "sum of none") { try $0.ledgerSum(clientID: "cli_2") } == .value(0))
        await engines.close()
    }

    @Test("reading the ledger: by id, correction, pages with filters and limits, balances and periods")
    func reading() async throws {
        let engines = try await R.engines()
        // 30 entries on cli_1 (several at the same instant), 5 on cli_2.
        try await Self.seedLedger(engines, client: "cli_1", count: 30)
        try await Self.seedLedger(engines, client: "cli_2", count: 5)
        #expect(await Self.billing(engines, "entry") { try $0.entry(id: "cli_1-7") }.value??.sequence == 7)
        #expect(await Self.billing(engines, "no entry") { try $0.entry(id: "nope") } == .value(nil))
        #expect(await Self.billing(engines, "correction") { try $0.correction(of: "cli_1-3") }.value??.id == "cli_1-4")
        #expect(await Self.billing(engines, "no correction") { try $0.correction(of: "cli_1-4") } == .value(nil))

        var queries: [LedgerQuery] = []
        for kinds in [[], [1], [2, 4], [1, 2, 3, 4, 5, 6]] {
            for (since, until) in [(nil, nil), (Int64(3_000), nil), (nil, Int64(6_000)), (Int64(2_500), Int64(5_500))] {
                for before in [nil, Int64(20), Int64(1)] {
                    for limit in [1, 7, 50] {
                        var query = LedgerQuery(clientID: "cli_1")
                        query.kinds = kinds
                        query.since = since
                        query.until = until
                        query.beforeSequence = before
                        query.limit = limit
                        queries.append(query)
                    }
                }
            }
        }
        var other = LedgerQuery(clientID: "cli_2")
        other.limit = 3
        queries.append(other)
        queries.append(LedgerQuery(clientID: "cli_9"))
        let sqliteAnswers = try await engines.sqlite.read { [queries] store in
            try queries.map { try store.billing.entries($0) }
        }
        let postgresAnswers = try await engines.postgres.read { [queries] session in
            try queries.map { try PostgresBillingStore(session: session).entries($0) }
        }
        #expect(sqliteAnswers.count == postgresAnswers.count)
        for (index, (sqlite, postgres)) in zip(sqliteAnswers, postgresAnswers).enumerated() {
            #expect(sqlite == postgres, "query \(index): \(queries[index])")
        }
        #expect(sqliteAnswers.contains { $0.count > 5 } && sqliteAnswers.contains { $0.isEmpty })

        for time: Int64 in [0, 2_000, 2_001, 3_000, 4_500, 99_999] {
            #expect(
                await Self.billing(engines, "balance at \(time)") { try $0.balance(clientID: "cli_1", before: time) }
                    .isValue)
            await Self.billing(engines, "last entry before \(time)") {
                try $0.lastEntry(clientID: "cli_1", before: time)
            }
        }
        for (start, end, limit) in [
            (Int64(0), Int64(99_999), 100), (2_000, 4_000, 100), (2_500, 6_000, 4), (9_000, 9_001, 5),
        ] {
            await Self.billing(engines, "period \(start)..<\(end) limit \(limit)") {
                try $0.entries(clientID: "cli_1", from: start, to: end, limit: limit)
            }
        }
        await engines.close()
    }

    /// `count` entries on `client` on both engines: amounts and kinds vary, four entries share each
    /// instant, and entry 3 (a payment) is corrected by entry 4.
    static func seedLedger(_ engines: BillingEngines, client: String, count: Int) async throws {
        var balance: Int64 = 0
        var entries: [LedgerEntryRecord] = []
        for index in 1...count {
            let kind = index == 3 ? 2 : index == 4 ? 5 : [1, 3, 4, 6][index % 4]
            let amount: Int64 = index % 3 == 0 ? -Int64(index * 7) : Int64(index * 11)
            balance += amount
            entries.append(
                R.entry(
                    "\(client)-\(index)", client: client, sequence: Int64(index), amount: amount, balanceAfter: balance,
                    at: 2_000 + Int64(index / 4) * 500, kind: kind, corrects: index == 4 ? "\(client)-3" : nil))
        }
        let seeded = entries
        try await engines.sqlite.write { store in for entry in seeded { try store.billing.append(entry) } }
        try await engines.postgres.write { session in
            for entry in seeded { try PostgresBillingStore(session: session).append(entry) }
        }
    }

    @Test("statements: numbers per group, insert with entries, the refusals, fetch and pages")
    func statementsParity() async throws {
        let engines = try await R.engines(groups: ["grp_1", "grp_2"], clients: ["cli_1", "cli_2"])
        try await Self.seedLedger(engines, client: "cli_1", count: 8)
        // cli_3 in grp_2
        try await engines.sqlite.write { store in
            try store.clients.insert(R.client("cli_3", group: "grp_2"), contacts: [])
        }
        try await engines.postgres.write {
            try R.seedPostgres($0, groups: [], clients: [R.client("cli_3", group: "grp_2")])
        }

        #expect(await Self.statements(engines, "first number") { try $0.nextNumber(groupID: "grp_1") } == .value(1))
        for number in Int64(1)...12 {
            let statement = R.statement(
                "stm_\(number)", number: number, start: 1_000 * number, end: 1_000 * number + 500)
            let entries = number == 2 ? ["cli_1-5", "cli_1-1", "cli_1-3"] : number == 3 ? ["cli_1-8"] : []
            #expect(
                await Self.statements(engines, "insert \(number)") {
                    try $0.insert(statement, entryIDs: entries)
                    return BillingDone()
                } == .value(BillingDone()))
        }
        #expect(await Self.statements(engines, "next number") { try $0.nextNumber(groupID: "grp_1") } == .value(13))
        #expect(await Self.statements(engines, "other group") { try $0.nextNumber(groupID: "grp_2") } == .value(1))
        let other = R.statement("stm_g2", client: "cli_3", group: "grp_2", number: 1)
        #expect(
            await Self.statements(engines, "number 1 in grp_2") {
                try $0.insert(other, entryIDs: []); return BillingDone()
            }
                == .value(BillingDone()))

        let refusals: [(StatementRecord, [String], StoreError)] = [
            (R.statement("stm_dup", number: 5), [], .duplicate(field: "group_id, number")),
            (R.statement("stm_1", number: 13), [], .duplicate(field: "id")),
            (R.statement("stm_x", client: "cli_9", number: 13), [], .notFound("client cli_9")),
            (R.statement("stm_y", number: 13), ["cli_1-2", "nope"], .notFound("client cli_1")),
            (R.statement("stm_z", number: 13), ["cli_1-2", "cli_1-2"], .duplicate(field: "statement_id, entry_id")),
        ]
        for (statement, entries, error) in refusals {
            #expect(
                await Self.statements(engines, "refuse \(statement.id)") {
                    try $0.insert(statement, entryIDs: entries)
                    return BillingDone()
                } == .storeError(error))
        }
        #expect(await Self.statements(engines, "still 13") { try $0.nextNumber(groupID: "grp_1") } == .value(13))

        #expect(await Self.statements(engines, "fetch") { try $0.fetch(id: "stm_2") }.value??.number == 2)
        #expect(await Self.statements(engines, "fetch none") { try $0.fetch(id: "stm_404") } == .value(nil))
        for (before, limit) in [(nil, 5), (Int64?(7), 3), (1, 10), (nil, 100), (13, 2)] as [(Int64?, Int)] {
            await Self.statements(engines, "list before \(String(describing: before)) limit \(limit)") {
                try $0.list(clientID: "cli_1", beforeNumber: before, limit: limit)
            }
        }
        await Self.statements(engines, "list other client") {
            try $0.list(clientID: "cli_3", beforeNumber: nil, limit: 5)
        }
        // The entries a statement lists, oldest first (not in the order given).
        let listed = await Self.billing(engines, "listed in stm_2") { try $0.entries(listedIn: "stm_2") }
        #expect(listed.value?.map(\.id) == ["cli_1-1", "cli_1-3", "cli_1-5"])
        #expect(await Self.billing(engines, "listed in none") { try $0.entries(listedIn: "stm_1") } == .value([]))
        await engines.close()
    }

    // MARK: Across daemons

    /// The floor the race checks, as `BillingRules` checks a prepaid account's (no credit).
    struct BelowFloor: Error {}

    /// With `orderLock` false the writes skip `PostgresDatabase`'s write-order lock (as the
    /// migrations' writes do), so that the store's own guarantee is what is tested: the account
    /// row lock makes a racing charge run again.
    @Test(
        "charges racing from two daemons on one account: the floor holds, the losers are retried and refused",
        arguments: [true, false])
    func racingCharges(orderLock: Bool) async throws {
        let first = try await PostgresTestDatabase.fresh(poolSize: 6)
        let second = try await PostgresDatabase.open(location: first.location, logger: PostgresTestDatabase.logger)
        try await first.write { session in
            try R.seedPostgres(session, groups: [R.group], clients: [R.client("cli_1")])
            let store = PostgresBillingStore(session: session)
            try store.insertAccount(BillingAccountRecord(clientID: "cli_1", groupID: R.group))
            try store.append(R.entry("ent_0", sequence: 1, amount: 1_000, balanceAfter: 1_000, at: 1_000))
        }
        // 24 charges of 300 against 1,000 of credit: 3 fit. Each runs as `BillingService.post` does in
        // one write: read the account, check the floor on its balance, append the next entry.
        let attempts = BillingCounter()
        let outcomes = try await withThrowingTaskGroup(of: BillingOutcome<Int64>.self) { group in
            for index in 0..<24 {
                let database = index % 2 == 0 ? first : second
                group.addTask {
                    await BillingEngines.outcome {
                        try await database.write(orderLock: orderLock) { session in
                            attempts.add()
                            let store = PostgresBillingStore(session: session)
                            guard let account = try store.account(clientID: "cli_1") else {
                                throw StoreError.notFound("account")
                            }
                            let after = account.balanceMinor - 300
                            guard after >= 0 else { throw BelowFloor() }
                            try store.append(
                                R.entry(
                                    "ent_c\(index)", sequence: account.entryCount + 1, amount: -300,
                                    balanceAfter: after,
                                    at: 2_000 + Int64(index), kind: 3))
                            return after
                        }
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let charged = outcomes.compactMap(\.value).sorted()
        #expect(charged == [100, 400, 700], "\(outcomes)")
        #expect(outcomes.filter { $0 == .otherError("BelowFloor") }.count == 21, "\(outcomes)")
        let (account, sum, sequences) = try await second.read { session in
            let store = PostgresBillingStore(session: session)
            var query = LedgerQuery(clientID: "cli_1")
            query.limit = 100
            return (
                try store.account(clientID: "cli_1"), try store.ledgerSum(clientID: "cli_1"),
                try store.entries(query).map(\.sequence)
            )
        }
        #expect(account?.balanceMinor == 100 && account?.entryCount == 4 && sum == 100)
        #expect(sequences == [4, 3, 2, 1])
        #expect(attempts.value >= 24)
        print("racing charges (write-order lock \(orderLock)): 24 writes, \(attempts.value) transaction runs")
        await first.close()
        await second.close()
    }

    @Test(
        "statements of one group issued at once from two daemons: numbers 1…N, none taken twice, none refused",
        arguments: [true, false])
    func racingStatementNumbers(orderLock: Bool) async throws {
        let first = try await PostgresTestDatabase.fresh(poolSize: 4)
        let second = try await PostgresDatabase.open(location: first.location, logger: PostgresTestDatabase.logger)
        try await first.write {
            try R.seedPostgres($0, groups: [R.group], clients: [R.client("cli_1"), R.client("cli_2")])
        }
        let outcomes = try await withThrowingTaskGroup(of: BillingOutcome<Int64>.self) { group in
            for index in 0..<16 {
                let database = index % 2 == 0 ? first : second
                group.addTask {
                    await BillingEngines.outcome {
                        try await database.write(orderLock: orderLock) { session in
                            let store = PostgresStatementStore(session: session)
                            let number = try store.nextNumber(groupID: R.group)
                            try store.insert(
                                R.statement("stm_\(index)", client: index % 3 == 0 ? "cli_2" : "cli_1", number: number),
                                entryIDs: [])
                            return number
                        }
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.compactMap(\.value).sorted() == Array(1...16), "\(outcomes)")
        await first.close()
        await second.close()
    }
}

extension BillingOutcome {
    var value: T? {
        if case .value(let value) = self { value } else { nil }
    }

    var isValue: Bool { self.value != nil }
}
