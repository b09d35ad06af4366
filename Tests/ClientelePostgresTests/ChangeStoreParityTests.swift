import ClienteleStore
import Foundation
import PostgresNIO
import Synchronization
import Testing

@testable import ClientelePostgres

@Suite("Change store: PostgreSQL answers as SQLite does; one gap-free commit order across daemons")
struct ChangeStoreParityTests {
    typealias R = BillingRecords

    @discardableResult
    static func changes<T: Equatable & Sendable>(
        _ engines: BillingEngines, _ label: Comment, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: @escaping @Sendable (any ChangeStore) throws -> T
    ) async -> BillingOutcome<T> {
        await engines.same(
            label, { $0.changes }, { PostgresChangeStore(session: $0) as any ChangeStore }, body,
            sourceLocation: sourceLocation)
    }

    @Test("append, list by group or clients with limits, bounds, prune from the oldest, no reuse after a full prune")
    func appendListPrune() async throws {
        let engines = try await R.engines(groups: ["g1", "g2"], clients: [], accounts: false)
        // as ClienteleStoreTests' ChangeStoreTests, then more: group-only changes, deletions, empty field lists
        let appended: [ChangeRecord] = [
            R.change("g1", "o0", at: 1_000), R.change("g2", "o1", at: 1_000), R.change("g1", "o2", at: 5_000),
            R.change("g1", "o3", at: 5_000),
            R.change("g1", "o4", client: "cli_o3", at: 5_000, deleted: true, fields: []),
            R.change("g1", "o5", at: 6_000, fields: ["", "x", ""]),
        ]
        let groupOnly = ChangeRecord(
            groupID: "g1", clientID: nil, kind: 7, objectID: "grant_1", version: 0, deleted: false,
            changedFields: ["y"],
            at: 6_000)
        for change in appended + [groupOnly] {
            #expect(
                await Self.changes(engines, "append \(change.objectID)") {
                    try $0.append(change); return BillingDone()
                } == .value(BillingDone()))
        }
        #expect(
            await Self.changes(engines, "bounds") { try $0.bounds() } == .value(ChangeBounds(prunedThrough: 0, head: 7))
        )
        let all = await Self.changes(engines, "g1 from 0") {
            try $0.list(groupID: "g1", after: 0, clients: nil, limit: 10)
        }
        #expect(all.value?.map(\.sequence) == [1, 3, 4, 5, 6, 7])
        #expect(all.value?.first?.changedFields == ["a", "b"] && all.value?[3].deleted == true)
        #expect(all.value?[4].changedFields == ["", "x", ""] && all.value?[5].clientID == nil)
        for (after, limit) in [(Int64(0), 2), (3, 10), (7, 10), (99, 10), (1, 1)] {
            await Self.changes(engines, "g1 after \(after) limit \(limit)") {
                try $0.list(groupID: "g1", after: after, clients: nil, limit: limit)
            }
        }
        await Self.changes(engines, "g2") { try $0.list(groupID: "g2", after: 0, clients: nil, limit: 10) }
        let byClient = await Self.changes(engines, "clients") {
            try $0.list(groupID: "g1", after: 1, clients: ["cli_o3", "cli_o1", "cli_o5"], limit: 10)
        }
        #expect(byClient.value?.map(\.objectID) == ["o3", "o4", "o5"])
        await Self.changes(engines, "clients, limit") {
            try $0.list(groupID: "g1", after: 0, clients: ["cli_o3", "cli_o0"], limit: 2)
        }
        await Self.changes(engines, "clients of another group") {
            try $0.list(groupID: "g2", after: 0, clients: ["cli_o3"], limit: 10)
        }
        #expect(
            await Self.changes(engines, "no clients") { try $0.list(groupID: "g1", after: 0, clients: [], limit: 10) }
                == .value([]))

        // The two old ones go (one per batch), the first newer one stops the prune.
        #expect(await Self.changes(engines, "prune 1") { try $0.prune(before: 2_000, limit: 1) } == .value(1))
        #expect(await Self.changes(engines, "prune 2") { try $0.prune(before: 2_000, limit: 10) } == .value(1))
        #expect(await Self.changes(engines, "prune 3") { try $0.prune(before: 2_000, limit: 10) } == .value(0))
        #expect(
            await Self.changes(engines, "bounds") { try $0.bounds() } == .value(ChangeBounds(prunedThrough: 2, head: 7))
        )
        // A batch stops at the limit even when later ones are old enough.
        #expect(await Self.changes(engines, "prune 4") { try $0.prune(before: 5_500, limit: 2) } == .value(2))
        // Everything pruned: the next change still gets a new sequence.
        #expect(await Self.changes(engines, "prune all") { try $0.prune(before: 9_000, limit: 10) } == .value(3))
        #expect(
            await Self.changes(engines, "bounds") { try $0.bounds() } == .value(ChangeBounds(prunedThrough: 7, head: 7))
        )
        #expect(await Self.changes(engines, "prune none") { try $0.prune(before: 9_000, limit: 10) } == .value(0))
        await Self.changes(engines, "append after") {
            try $0.append(R.change("g1", "o8")); return BillingDone()
        }
        let after = await Self.changes(engines, "after") {
            try $0.list(groupID: "g1", after: 0, clients: nil, limit: 10)
        }
        #expect(after.value?.map(\.sequence) == [8])
        #expect(
            await Self.changes(engines, "bounds") { try $0.bounds() } == .value(ChangeBounds(prunedThrough: 7, head: 8))
        )
        await engines.close()
    }

    @Test("a rolled-back append leaves no gap: the next one takes its sequence, on both")
    func rollback() async throws {
        let engines = try await R.engines(groups: ["g1"], clients: [], accounts: false)
        struct Refused: Error {}
        await Self.changes(engines, "kept") {
            try $0.append(R.change("g1", "a")); return BillingDone()
        }
        #expect(
            await Self.changes(engines, "rolled back") { store -> BillingDone in
                try store.append(R.change("g1", "b"))
                throw Refused()
            } == .otherError("Refused"))
        await Self.changes(engines, "kept") {
            try $0.append(R.change("g1", "c")); return BillingDone()
        }
        let listed = await Self.changes(engines, "list") {
            try $0.list(groupID: "g1", after: 0, clients: nil, limit: 10)
        }
        #expect(listed.value?.map(\.sequence) == [1, 2] && listed.value?.map(\.objectID) == ["a", "c"])
        await engines.close()
    }

    @Test("what a change is about: a client's version and status, whether a contact, member or grant exists")
    func lookups() async throws {
        let engines = try await R.engines(clients: ["cli_1"], accounts: false)
        try await engines.sqlite.write { store in
            try store.users.insert(
                UserRecord(
                    id: "usr_1", groupID: R.group, email: "ann@example.com", name: "Ann", passwordHash: nil,
                    passwordSalt: nil, disabled: false, mustChangePassword: false, createdAt: 1_000, updatedAt: 1_000,
                    version: 1))
            try store.contacts.insert(
                ContactRecord(
                    id: "con_1", clientID: "cli_1", position: 0, firstName: "A", lastName: "B", email: "a@b.c",
                    phone: "", isPrimary: true, address: AddressRecord()))
            try store.members.save(
                MemberRecord(clientID: "cli_1", userID: "usr_1", role: "member", portalAccess: true, createdAt: 1_000))
            try store.staffGrants.insert(
                StaffGrantRecord(
                    id: "sg_1", groupID: R.group, clientID: "cli_1", accountID: nil, userID: "usr_1",
                    grantedBy: "usr_1",
                    createdAt: 1_000, expiresAt: nil))
        }
        try await engines.postgres.write { session in
            try session.execute(
                """
                INSERT INTO users (id, group_id, email, name, disabled, must_change_password, created_at, updated_at, version)
                VALUES ('usr_1', $1, 'ann@example.com', 'Ann', 0, 0, 1000, 1000, 1)
                """, [R.group])
            try session.execute(
                """
                INSERT INTO contacts (id, client_id, position, first_name, last_name, email, phone, is_primary, country,
                    region, city, address_lines, postal_code)
                VALUES ('con_1', 'cli_1', 0, 'A', 'B', 'a@b.c', '', 1, '', '', '', '', '')
                """)
            try session.execute(
                """
                INSERT INTO client_members (client_id, user_id, role, portal_access, created_at)
                VALUES ('cli_1', 'usr_1', 'member', 1, 1000)
                """)
            try session.execute(
                """
                INSERT INTO staff_grants (id, group_id, client_id, account_id, user_id, granted_by, created_at, expires_at)
                VALUES ('sg_1', $1, 'cli_1', NULL, 'usr_1', 'usr_1', 1000, NULL)
                """, [R.group])
        }
        struct State: Equatable, Sendable {
            var version: Int64
            var status: Int
        }
        #expect(
            await Self.changes(engines, "client") {
                try $0.clientState("cli_1").map { State(version: $0.version, status: $0.status) }
            }
                == .value(State(version: 1, status: 2)))
        #expect(
            await Self.changes(engines, "no client") {
                try $0.clientState("cli_9").map { State(version: $0.version, status: $0.status) }
            }
                == .value(nil))
        #expect(await Self.changes(engines, "contact") { try $0.contactExists("con_1") } == .value(true))
        #expect(await Self.changes(engines, "no contact") { try $0.contactExists("con_2") } == .value(false))
        #expect(
            await Self.changes(engines, "member") { try $0.memberExists(clientID: "cli_1", userID: "usr_1") }
                == .value(true))
        #expect(
            await Self.changes(engines, "no member") { try $0.memberExists(clientID: "cli_1", userID: "usr_2") }
                == .value(false))
        #expect(await Self.changes(engines, "grant") { try $0.staffGrantExists("sg_1") } == .value(true))
        #expect(await Self.changes(engines, "no grant") { try $0.staffGrantExists("sg_2") } == .value(false))
        await engines.close()
    }

    @Test("the cursor secret: 32 bytes made by the migration, the same on every read; a missing one is refused")
    func cursorSecret() async throws {
        let database = try await PostgresTestDatabase.fresh()
        let first = try await database.read { try PostgresChangeStore.cursorSecret($0) }
        let second = try await database.read { try PostgresChangeStore.cursorSecret($0) }
        #expect(first.key.count == 32 && first.key == second.key && Set(first.key).count > 8)
        #expect(first.legacyLimit == 0)
        let other = try await PostgresTestDatabase.fresh()
        #expect(try await other.read { try PostgresChangeStore.cursorSecret($0) }.key != first.key)
        try await database.write { try $0.execute("DELETE FROM server_secrets WHERE name = 'change_cursor_key'") }
        await #expect(
            throws: StoreError.unavailable("the change feed's cursor key is missing or damaged (server_secrets)")
        ) {
            try await database.read { try PostgresChangeStore.cursorSecret($0) }
        }
        await database.close()
        await other.close()
    }

    /// With `orderLock` false the writes skip `PostgresDatabase`'s write-order lock (as the
    /// migrations' writes do), so that the store's own guarantee is what is tested: overlapping
    /// appends conflict on the primary key and run again.
    @Test(
        "two daemons appending at once, some writes rolled back: sequences 1…N, no gap, no duplicate, and followers reading meanwhile never skip one",
        arguments: [true, false]
    )
    func twoDaemons(orderLock: Bool) async throws {
        let first = try await PostgresTestDatabase.fresh(poolSize: 4)
        let second = try await ClientelePostgres.PostgresDatabase.open(
            location: first.location, logger: PostgresTestDatabase.logger)
        let writesPerDaemon = 60
        let attempts = BillingCounter()
        let writing = BillingFlag(true)
        struct Refused: Error {}

        // Followers on both daemons, as `Changes/Follow` reads: from the last sequence seen.
        func follow(_ database: ClientelePostgres.PostgresDatabase, group: String) async throws -> [Int64] {
            var seen: [Int64] = []
            var cursor: Int64 = 0
            while true {
                let done = !writing.value
                let page = try await database.read { [cursor] session in
                    try PostgresChangeStore(session: session).list(
                        groupID: group, after: cursor, clients: nil, limit: 50)
                }
                seen += page.map(\.sequence)
                cursor = page.last?.sequence ?? cursor
                if done && page.isEmpty { return seen }
                if page.isEmpty { try await Task.sleep(for: .milliseconds(2)) }
            }
        }
        async let followerA = follow(first, group: "g0")
        async let followerB = follow(second, group: "g1")

        let outcomes = try await withThrowingTaskGroup(of: BillingOutcome<Int>.self) { group in
            for daemon in 0..<2 {
                let database = daemon == 0 ? first : second
                for index in 0..<writesPerDaemon {
                    group.addTask {
                        await BillingEngines.outcome {
                            let write = { @Sendable (session: PostgresSession) throws -> Int in
                                attempts.add()
                                let store = PostgresChangeStore(session: session)
                                // one to three changes per write, in both groups; every seventh write rolls back
                                let count = index % 3 + 1
                                for change in 0..<count {
                                    try store.append(
                                        R.change("g\((index + change) % 2)", "d\(daemon)-w\(index)-c\(change)"))
                                }
                                if index % 7 == 3 { throw Refused() }
                                return count
                            }
                            return try await database.write(orderLock: orderLock, write)
                        }
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        writing.value = false
        let seenA = try await followerA
        let seenB = try await followerB

        // Every write committed or was refused by its body: none ran out of retries (writes queue
        // on PostgresDatabase's write-order lock instead of conflicting on the feed's head).
        // Without the lock some may run out of retries: overlapping appends conflict.
        let refused = outcomes.filter { $0 == .otherError("Refused") }.count
        let committed = outcomes.compactMap(\.value).reduce(0, +)
        let outOfRetries = outcomes.filter { !$0.isValue && $0 != .otherError("Refused") }
        #expect(orderLock ? outOfRetries.isEmpty : outOfRetries.count < outcomes.count / 4, "\(outOfRetries)")
        // Every seventh write refused itself (unless it ran out of retries first).
        let refusing = 2 * (0..<writesPerDaemon).filter { $0 % 7 == 3 }.count
        #expect(refused <= refusing && refused + outOfRetries.count >= refusing)
        let (sequences, bounds) = try await first.read { session in
            let store = PostgresChangeStore(session: session)
            let all =
                try store.list(groupID: "g0", after: 0, clients: nil, limit: 1_000)
                + store.list(groupID: "g1", after: 0, clients: nil, limit: 1_000)
            return (all.map(\.sequence).sorted(), try store.bounds())
        }
        #expect(sequences == Array(1...Int64(committed)), "gaps or duplicates: \(sequences)")
        #expect(bounds == ChangeBounds(prunedThrough: 0, head: Int64(committed)))
        // Each follower saw its group's changes in sequence order, every one of them, none twice.
        let groupSequences = try await second.read { session in
            (
                try PostgresChangeStore(session: session).list(groupID: "g0", after: 0, clients: nil, limit: 1_000).map(
                    \.sequence),
                try PostgresChangeStore(session: session).list(groupID: "g1", after: 0, clients: nil, limit: 1_000).map(
                    \.sequence)
            )
        }
        #expect(seenA == groupSequences.0)
        #expect(seenB == groupSequences.1)
        let runs = attempts.value
        print(
            "two daemons (write-order lock \(orderLock)): \(outcomes.count) writes, \(committed) changes committed, \(runs) transaction runs (\(runs - outcomes.count) retries)"
        )
        await first.close()
        await second.close()
    }

    @Test(
        "a committed append notifies its group to every daemon, once per write and group; a rolled-back one nothing",
        .timeLimit(.minutes(1)))
    func notifies() async throws {
        let first = try await PostgresTestDatabase.fresh()
        let second = try await ClientelePostgres.PostgresDatabase.open(
            location: first.location, logger: PostgresTestDatabase.logger)
        guard case .unixSocket(let path) = first.location.endpoint else { return }
        let listener = try await PostgresConnection.connect(
            configuration: .init(
                unixSocketPath: path, username: first.location.user, password: first.location.password,
                database: first.location.database),
            id: 1, logger: PostgresTestDatabase.logger)
        struct Refused: Error {}
        let payloads = try await listener.listen(on: PostgresNotifications.channel) { notifications in
            try await first.write { try PostgresChangeStore(session: $0).append(R.change("g1", "a")) }
            _ = try? await first.write { session in
                try PostgresChangeStore(session: session).append(R.change("g2", "b"))
                throw Refused()
            }
            try await second.write { session in
                try PostgresChangeStore(session: session).append(R.change("g3", "c"))
                try PostgresChangeStore(session: session).append(R.change("g3", "d"))
                try PostgresChangeStore(session: session).append(R.change("g1", "e"))
            }
            var payloads: [String] = []
            for try await notification in notifications {
                payloads.append(notification.payload)
                if payloads.count == 3 { break }
            }
            return payloads
        }
        // In commit order; g2's write rolled back; g3 once for its two changes.
        #expect(payloads == ["changes g1", "changes g3", "changes g1"])
        try await listener.close()
        await first.close()
        await second.close()
    }
}
