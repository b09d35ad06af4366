import ClientelePostgres
import ClienteleStore
import Foundation
import Synchronization
import Testing

extension RecordStoreParityTests {
    @Test("audit: sequences 1, 2, 3…, duplicate id, newest-first lists under every filter, pages, limits")
    func audit() async throws {
        let engines = try await R.engines()
        let entries = [
            R.audit("aud_1", at: 1_000),
            R.audit("aud_2", client: nil, actor: "usr_2", action: "groups.update", at: 1_500, fields: []),
            R.audit("aud_3", client: "cli_2", action: "clients.émission", at: 2_000, fields: [""]),
            R.audit("aud_4", group: "grp_2", client: "cli_3", at: 2_000),
            R.audit("aud_5", actor: "usr_2", action: "clients.create", at: 3_000, fields: ["a", "", "b"]),
            R.audit("aud_6", client: "cli_2", action: "clientsX", at: 3_500),
            R.audit("aud_7", action: "clients.émission.sent", at: 4_000),
        ]
        for entry in entries {
            await engines.perform(
                "append \(entry.id)", sqlite: { try $0.audit.append(entry) },
                postgres: { try PostgresAuditStore(session: $0).append(entry) })
        }
        let again = R.audit("aud_1", group: "grp_2")
        #expect(
            await engines.perform(
                "duplicate id", sqlite: { try $0.audit.append(again) },
                postgres: { try PostgresAuditStore(session: $0).append(again) }) == .storeError(.duplicate(field: "id"))
        )

        var filters: [(String, AuditFilter)] = []
        func filter(_ label: String, group: String = "grp_1", _ change: (inout AuditFilter) -> Void = { _ in }) {
            var filter = AuditFilter(groupID: group)
            change(&filter)
            filters.append((label, filter))
        }
        filter("group only")
        filter("another group", group: "grp_2")
        filter("no such group", group: "grp_9")
        filter("client") { $0.clientID = "cli_2" }
        filter("actor") { $0.actor = "usr_2" }
        filter("action prefix") { $0.actionPrefix = "clients." }
        filter("accented action prefix") { $0.actionPrefix = "clients.é" }
        filter("whole action as prefix") { $0.actionPrefix = "clients.émission" }
        filter("empty action prefix") { $0.actionPrefix = "" }
        filter("since") { $0.since = 2_000 }
        filter("until") { $0.until = 2_000 }
        filter("since and until") { ($0.since, $0.until) = (1_500, 3_500) }
        filter("before sequence") { $0.beforeSequence = 5 }
        filter("limit 2") { $0.limit = 2 }
        filter("limit 0") { $0.limit = 0 }
        filter("no limit") { $0.limit = -1 }
        filter("everything at once") {
            ($0.clientID, $0.actor, $0.actionPrefix, $0.since, $0.until, $0.beforeSequence, $0.limit) = (
                "cli_1", "usr_1", "clients.", 500, 5_000, 7, 1
            )
        }
        for (label, filter) in filters {
            await engines.read(
                "\(label)", sqlite: { try $0.audit.list(filter) },
                postgres: { try PostgresAuditStore(session: $0).list(filter) })
        }
        let all = await engines.read(
            "all of grp_1", sqlite: { try $0.audit.list(AuditFilter(groupID: "grp_1")) },
            postgres: { try PostgresAuditStore(session: $0).list(AuditFilter(groupID: "grp_1")) })
        #expect(all.value?.map(\.sequence) == [7, 6, 5, 3, 2, 1])
        #expect(all.value?.first(where: { $0.id == "aud_5" })?.changedFields == ["a", "", "b"])
        await engines.close()
    }

    @Test(
        "audit across two daemons, some writes rolled back: sequences 1…N without gap, and no reader ever sees one before the one below it"
    )
    func auditAcrossDaemons() async throws {
        let first = try await PostgresTestDatabase.fresh(poolSize: 4)
        let second = PostgresDatabase(location: first.location, logger: PostgresTestDatabase.logger)
        let state = AuditRace()
        let writesPerDaemon = 40
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (daemon, database) in [first, second].enumerated() {
                for index in 0..<writesPerDaemon {
                    group.addTask {
                        let id = "aud_d\(daemon)_\(index)"
                        let refused = index % 7 == 3
                        do {
                            try await database.write { session in
                                state.runs.add(1, ordering: .relaxed)
                                try PostgresAuditStore(session: session).append(
                                    RecordBuilders.audit(id, group: "grp_\(index % 3)", at: Int64(index)))
                                usleep(UInt32.random(in: 0...800))  // something else in the same transaction
                                if refused { throw AuditRace.Refused() }
                            }
                            _ = state.committed.withLock { $0.insert(id) }
                        } catch is AuditRace.Refused {
                        } catch StoreError.unavailable {
                            // Out of retries (`PostgresDatabase.maxAttempts`): rolled back like a
                            // refused write, and it must leave no gap either.
                            state.exhausted.add(1, ordering: .relaxed)
                        }
                    }
                }
            }
            // A follower meanwhile: what it sees is always 1…k, never a hole to be filled later.
            group.addTask {
                for _ in 0..<150 {
                    let seen = try await second.read { session in
                        try session.rows("SELECT sequence FROM audit_entries ORDER BY sequence").map {
                            try $0.decode("sequence", as: Int64.self)
                        }
                    }
                    #expect(seen == (0..<seen.count).map { Int64($0 + 1) })
                    try await Task.sleep(for: .milliseconds(2))
                }
            }
            try await group.waitForAll()
        }
        let rows = try await first.read { session in
            try session.rows("SELECT id, sequence FROM audit_entries ORDER BY sequence").map {
                (try $0.decode("id", as: String.self), try $0.decode("sequence", as: Int64.self))
            }
        }
        let committed = state.committed.withLock { $0 }
        #expect(rows.map(\.1) == Array(1...Int64(committed.count)))
        #expect(Set(rows.map(\.0)) == committed)
        let attempts = 2 * writesPerDaemon
        let runs = state.runs.load(ordering: .relaxed)
        let exhausted = state.exhausted.load(ordering: .relaxed)
        print(
            "audit across two daemons: \(attempts) writes, \(committed.count) committed, \(runs) runs (\(runs - attempts) retries, \(exhausted) out of retries)"
        )
        await second.close()
        await first.close()
    }

    @Test(
        "idempotency keys: insert, duplicate (caller, key), per-caller keys, fetch, expiry of one key and of all old ones"
    )
    func idempotency() async throws {
        let engines = try await R.engines()
        let records = [
            R.key("k1"), R.key("k1", caller: "usr_2", response: []), R.key("k2", at: 2_000),
            R.key("K1", at: 3_000, response: Array(0...255)),
        ]
        for record in records {
            await engines.perform(
                "insert \(record.caller)/\(record.key)", sqlite: { try $0.idempotency.insert(record) },
                postgres: { try PostgresIdempotencyStore(session: $0).insert(record) })
        }
        let again = R.key("k1", at: 9_000, response: [9])
        #expect(
            await engines.perform(
                "same caller and key", sqlite: { try $0.idempotency.insert(again) },
                postgres: { try PostgresIdempotencyStore(session: $0).insert(again) })
                == .storeError(.duplicate(field: "caller, key")))
        for (caller, key) in [("usr_1", "k1"), ("usr_2", "k1"), ("usr_1", "K1"), ("usr_1", "k9"), ("usr_9", "k2")] {
            await engines.read(
                "fetch \(caller)/\(key)", sqlite: { try $0.idempotency.fetch(caller: caller, key: key) },
                postgres: { try PostgresIdempotencyStore(session: $0).fetch(caller: caller, key: key) })
        }
        // Stored at 1000: kept with a cutoff of 1000, forgotten with 1001.
        for before in [Int64(1_000), 1_001] {
            await engines.perform(
                "forget usr_1/k1 before \(before)",
                sqlite: { try $0.idempotency.deleteExpired(caller: "usr_1", key: "k1", before: before) },
                postgres: {
                    try PostgresIdempotencyStore(session: $0).deleteExpired(caller: "usr_1", key: "k1", before: before)
                })
            await engines.read(
                "usr_1/k1 after \(before)", sqlite: { try $0.idempotency.fetch(caller: "usr_1", key: "k1") },
                postgres: { try PostgresIdempotencyStore(session: $0).fetch(caller: "usr_1", key: "k1") })
        }
        for (cutoff, expected) in [(Int64(1_000), 0), (2_500, 2), (2_500, 0), (10_000, 1)] {
            let forgotten = await engines.write(
                "forget all before \(cutoff)", sqlite: { try $0.idempotency.deleteOlder(than: cutoff) },
                postgres: { try PostgresIdempotencyStore(session: $0).deleteOlder(than: cutoff) })
            #expect(forgotten == .value(expected))
        }
        await engines.close()
    }

    @Test(
        "one key, two daemons racing: one answer is stored, the other gets duplicate(caller, key), and both read the first's answer"
    )
    func idempotencyAcrossDaemons() async throws {
        let first = try await PostgresTestDatabase.fresh(poolSize: 2)
        let second = PostgresDatabase(location: first.location, logger: PostgresTestDatabase.logger)
        for round in 0..<12 {
            let key = "race-\(round)"
            // As AuditedWriter writes a keyed answer: forget an expired one, then insert.
            let outcomes = await withTaskGroup(of: (Int, RecordOutcome<RecordDone>).self) { group in
                for (daemon, database) in [first, second].enumerated() {
                    group.addTask {
                        let outcome = await RecordEngines.outcome {
                            try await database.write { session in
                                let store = PostgresIdempotencyStore(session: session)
                                try store.deleteExpired(caller: "usr_1", key: key, before: 0)
                                usleep(500)
                                try store.insert(RecordBuilders.key(key, response: [UInt8(daemon)]))
                                return RecordDone()
                            }
                        }
                        return (daemon, outcome)
                    }
                }
                var outcomes: [Int: RecordOutcome<RecordDone>] = [:]
                for await (daemon, outcome) in group { outcomes[daemon] = outcome }
                return outcomes
            }
            let winners = outcomes.filter { $0.value == .value(RecordDone()) }.map(\.key)
            #expect(winners.count == 1, "round \(round): \(outcomes)")
            #expect(
                outcomes.values.filter { $0 == .storeError(.duplicate(field: "caller, key")) }.count == 1,
                "round \(round): \(outcomes)")
            guard let winner = winners.first else { continue }
            for database in [first, second] {
                let stored = try await database.read {
                    try PostgresIdempotencyStore(session: $0).fetch(caller: "usr_1", key: key)
                }
                #expect(stored?.response == [UInt8(winner)])
            }
        }
        await second.close()
        await first.close()
    }
}

/// What the racing audit writers share.
final class AuditRace: Sendable {
    struct Refused: Error {}
    let runs = Atomic<Int>(0)
    let exhausted = Atomic<Int>(0)
    let committed = Mutex<Set<String>>([])
}
