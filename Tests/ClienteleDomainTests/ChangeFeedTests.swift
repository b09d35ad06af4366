import ClienteleAccess
import ClienteleTestSupport
import Foundation
import Logging
import Synchronization
import Testing

@testable import ClienteleDomain
@testable import ClienteleStore

/// The services of one group over a store (`TestStore.fresh()`, or a data folder that outlives it),
/// its owner acting, and the change feed.
struct FeedFixture {
    let clock: TestClock
    let database: any StoreDatabase
    let clients: ClientService
    let people: PeopleService
    let billing: BillingService
    let feed: ChangeFeed
    let group: String
    let owner: String

    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A fixture over `database`; bootstraps a group unless `group` (and its owner) are given.
    static func make(
        _ database: any StoreDatabase, clock: TestClock = TestClock(), group: (id: String, owner: String)? = nil,
        settings: ChangeFeedSettings = ChangeFeedSettings()
    ) async throws -> FeedFixture {
        let ids = RandomIDGenerator()
        var identitySettings = IdentitySettings()
        identitySettings.passwordCost = .fastForTests
        let identity = IdentityService(
            database: database, clock: clock, ids: ids, settings: identitySettings, logger: Self.logger)
        var peopleSettings = PeopleSettings()
        peopleSettings.passwordCost = .fastForTests
        let bootstrapped: (id: String, owner: String)
        if let group {
            bootstrapped = group
        } else {
            let (made, owner) = try await identity.bootstrapGroup(
                name: "Acme", ownerEmail: "owner@example.com", ownerName: "Olga", ownerPassword: "a long password",
                .test())
            bootstrapped = (made.id, owner.id)
        }
        return FeedFixture(
            clock: clock, database: database,
            clients: ClientService(
                database: database, clock: clock, ids: ids, settings: ClientSettings(), logger: Self.logger),
            people: PeopleService(database: database, clock: clock, ids: ids, settings: peopleSettings),
            billing: BillingService(database: database, clock: clock, ids: ids),
            feed: ChangeFeed(database: database, clock: clock, settings: settings, logger: Self.logger),
            group: bootstrapped.id, owner: bootstrapped.owner)
    }

    var ownerPrincipal: Principal {
        Principal(
            kind: .user(id: self.owner),
            grants: [Grant(role: .owner, scope: .group(self.group), groupID: self.group, source: .assignment("ra"))])
    }

    func write<Answer>() -> Write<Answer> {
        Write(origin: WriteOrigin(principal: self.ownerPrincipal, action: "test/Write", requestID: "r")) { _ in [] }
    }

    func create(_ name: String, contacts: [ContactInput] = []) async throws -> ClientView {
        var fields = ClientFieldsInput()
        fields.accountName = name
        return try await self.clients.create(
            groupID: self.group, fields: fields, contacts: contacts, owner: nil, by: self.ownerPrincipal, self.write())
    }

    func rename(_ clientID: String, _ company: String, expectedVersion: Int64 = 0) async throws -> ClientView {
        var fields = ClientFieldsInput()
        fields.companyName = company
        return try await self.clients.update(
            clientID, fields: fields, paths: ["company_name"], expectedVersion: expectedVersion, self.write())
    }

    /// One follow as the group's owner.
    func follow(
        after cursor: String = "", kinds: [ChangeKind] = [], waitMillis: Int32 = 0, pageSize: Int32 = 0,
        fromNow: Bool = false, as principal: Principal? = nil, deadline: ContinuousClock.Instant? = nil
    ) async throws -> ChangePage {
        var query = ChangeQuery()
        query.groupID = self.group
        query.afterCursor = cursor
        query.kinds = kinds.map(\.rawValue)
        query.waitMillis = waitMillis
        query.pageSize = pageSize
        query.fromNow = fromNow
        return try await self.feed.follow(query, for: principal ?? self.ownerPrincipal, deadline: deadline)
    }

    /// Returns once the store has signalled every commit made so far to its followers, so that
    /// none of them wakes a follower that starts waiting now. SQLite signals at commit; PostgreSQL
    /// when the commit's notification comes back from the server, in commit order: a change in
    /// a group of its own (bootstrapped here), once signalled, proves every earlier one was.
    func settleSignals() async throws {
        let barrier = try await FeedFixture.make(self.database, clock: self.clock)
        let signal = self.database.changeSignal
        let before = signal.generation(of: barrier.group)
        _ = try await barrier.create("Barrier")
        let limit = ContinuousClock.now + .seconds(120)
        while signal.generation(of: barrier.group) == before && ContinuousClock.now < limit {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(signal.generation(of: barrier.group) != before, "the barrier's commit was never signalled")
    }

    /// Every change after `cursor` up to now, following page by page; with the cursor to go on from.
    func drain(after cursor: String, pageSize: Int32 = 0) async throws -> (changes: [ChangeView], cursor: String) {
        var cursor = cursor
        var changes: [ChangeView] = []
        while true {
            let page = try await self.follow(after: cursor, pageSize: pageSize)
            changes += page.changes
            cursor = page.nextCursor
            if page.changes.isEmpty && !page.more { return (changes, cursor) }
        }
    }
}

/// A fresh data folder, removed afterwards.
func withDataFolder<T>(_ body: (String) async throws -> T) async throws -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("clientele-feed-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

@Suite("Change feed")
struct ChangeFeedTests {
    @Test("under 64 concurrent writers a follower sees every acknowledged write once, in commit order")
    func concurrentWriters() async throws {
        try await withDataFolder { folder in
            let database = try AppDatabase.open(dataDirectory: folder, logger: FeedFixture.logger)
            let fixture = try await FeedFixture.make(database)
            var ids: [String] = []
            for index in 0..<64 { ids.append(try await fixture.create("client-\(index)").client.id) }
            let start = try await fixture.follow(fromNow: true).nextCursor
            let writesEach = 5
            let expected = ids.count * writesEach

            // The follower runs while the writers write: long polls that wake on their commits.
            let follower = Task { () throws -> [ChangeView] in
                var seen: [ChangeView] = []
                var cursor = start
                let giveUp = ContinuousClock.now + .seconds(120)
                while seen.count < expected && ContinuousClock.now < giveUp {
                    let page = try await fixture.follow(after: cursor, waitMillis: 2_000, pageSize: 37)
                    seen += page.changes
                    cursor = page.nextCursor
                }
                return seen
            }
            let acknowledged = try await withThrowingTaskGroup(of: [String].self) { group in
                for id in ids {
                    group.addTask {
                        var versions: [String] = []
                        for round in 0..<writesEach {
                            let view = try await fixture.rename(id, "round \(round)")
                            versions.append("\(id)@\(view.client.version)")
                        }
                        return versions
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            let seen = try await follower.value
            let seenKeys = seen.map { "\($0.change.objectID)@\($0.change.version)" }
            #expect(seen.count == expected, "the follower saw \(seen.count) of \(expected) changes")
            #expect(Set(seenKeys).count == seenKeys.count, "a change was seen twice")
            #expect(Set(seenKeys) == Set(acknowledged))
            #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.change.sequence < $1.change.sequence })
            #expect(seen.allSatisfy { $0.kind == .clientUpdated && $0.change.changedFields == ["company_name"] })
            // Commit order is the audit trail's order (appended in the same transactions).
            let trail = try await database.read { store in
                var filter = AuditStore.Filter(groupID: fixture.group)
                filter.actionPrefix = "test/Write"
                filter.limit = 10_000
                return try store.audit.list(filter).reversed().suffix(expected).map(\.resource)
            }
            #expect(trail == seen.map { "client:\($0.change.objectID)" })
            // Nothing more than the writes.
            #expect(try await fixture.follow(after: seen.last?.cursor ?? start).changes.isEmpty)
            let batches = database.groupCommitStatistics
            print("64 writers × \(writesEach): largest batch \(batches.largestBatch), \(batches.commits) commits")
        }
    }

    @Test("a write rolled back in a shared batch leaves no change, and the others' changes are all there")
    func rolledBackWrite() async throws {
        try await withDataFolder { folder in
            let database = try AppDatabase.open(dataDirectory: folder, logger: FeedFixture.logger)
            let fixture = try await FeedFixture.make(database)
            let client = try await fixture.create("Acme")
            let start = try await fixture.follow(fromNow: true).nextCursor
            struct Refused: Error {}
            // The writer is held until the whole burst (16 + 2 writes) is queued: it is then one batch.
            let holding = Task {
                try await database.write { _ in
                    let limit = ContinuousClock.now + .seconds(60)
                    while database.committer.pendingCount < 18 && ContinuousClock.now < limit { usleep(1_000) }
                }
            }
            try await Task.sleep(for: .milliseconds(50))
            let outcomes = await withTaskGroup(of: String?.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        let answer = try? await fixture.rename(client.client.id, "good \(index)")
                        return answer.map { "\($0.client.version)" }
                    }
                }
                // Appends a change, then fails: its savepoint is rolled back with the change.
                group.addTask {
                    let failed: Void? = try? await database.write { store in
                        try store.changes.append(
                            ChangeRecord(
                                groupID: fixture.group, clientID: client.client.id, kind: ChangeKind.contact.rawValue,
                                objectID: "con_rolled_back", version: 99, deleted: false, changedFields: [],
                                at: fixture.clock.nowMillis()))
                        throw Refused()
                    }
                    return failed == nil ? nil : "the failing write succeeded"
                }
                // Fails in the domain (a stale version) before anything is written.
                group.addTask {
                    let stale = try? await fixture.rename(client.client.id, "stale", expectedVersion: 1_000)
                    return stale == nil ? nil : "the stale write succeeded"
                }
                return await group.reduce(into: [String?]()) { $0.append($1) }
            }
            try await holding.value
            #expect(!outcomes.contains { $0?.hasPrefix("the ") == true })
            // The batch's 16 writes that committed (its statistics count no failed write).
            #expect(database.groupCommitStatistics.largestBatch >= 16, "the burst was not one batch")
            let (changes, _) = try await fixture.drain(after: start)
            #expect(changes.count == 16)
            #expect(!changes.contains { $0.change.objectID == "con_rolled_back" })
            #expect(Set(changes.map(\.change.version)) == Set(outcomes.compactMap { $0.flatMap { Int64($0) } }))
        }
    }

    @Test("a follower restarted from its last cursor, after the daemon restarted too, misses nothing")
    func restartedFollower() async throws {
        try await withDataFolder { folder in
            let clock = TestClock()
            var group: (id: String, owner: String)
            var cursor: String
            var before: [String] = []
            var client: String
            do {
                let fixture = try await FeedFixture.make(
                    try AppDatabase.open(dataDirectory: folder, logger: FeedFixture.logger), clock: clock)
                group = (fixture.group, fixture.owner)
                client = try await fixture.create("Acme").client.id
                for round in 0..<10 { _ = try await fixture.rename(client, "before \(round)") }
                // The follower takes two pages of 4 of the 11 changes, then stops.
                var page = try await fixture.follow(pageSize: 4)
                before += page.changes.map { "\($0.change.objectID)@\($0.change.version)" }
                page = try await fixture.follow(after: page.nextCursor, pageSize: 4)
                before += page.changes.map { "\($0.change.objectID)@\($0.change.version)" }
                cursor = page.nextCursor
                #expect(before.count == 8)
            }
            // The daemon comes back on the same folder; writes go on before the follower returns.
            let fixture = try await FeedFixture.make(
                try AppDatabase.open(dataDirectory: folder, logger: FeedFixture.logger), clock: clock, group: group)
            for round in 0..<5 { _ = try await fixture.rename(client, "after \(round)") }
            let (after, _) = try await fixture.drain(after: cursor, pageSize: 4)
            let keys = before + after.map { "\($0.change.objectID)@\($0.change.version)" }
            #expect(keys == (1...16).map { "\(client)@\($0)" })
        }
    }

    @Test("a long poll answers within milliseconds of a commit, and with nothing once its wait is over")
    func longPoll() async throws {
        // Waits of 10 minutes and bounds of 5: the bounds prove that a commit (or the stop) answered,
        // not a wait's end, even when a full parallel test run holds the 2-core pool for minutes.
        var settings = ChangeFeedSettings()
        settings.maximumWaitMillis = 600_000
        let fixture = try await FeedFixture.make(try await TestStore.fresh(), settings: settings)
        let client = try await fixture.create("Acme").client.id
        let cursor = try await fixture.follow(fromNow: true).nextCursor
        let answered = Mutex<ContinuousClock.Instant?>(nil)
        let waiting = Task {
            let page = try await fixture.follow(after: cursor, waitMillis: 600_000)
            answered.withLock { $0 = .now }
            return page
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(answered.withLock { $0 } == nil, "the follow answered before any change")
        _ = try await fixture.rename(client, "now")
        let acknowledged = ContinuousClock.now
        let page = try await waiting.value
        let delay = try #require(answered.withLock { $0 }) - acknowledged
        print("long poll: answered \(delay) after the write's acknowledgement")
        #expect(page.changes.map(\.change.objectID) == [client])
        // Typically 1–3 ms (printed above; scripts/bench-changes measures it).
        #expect(delay < .seconds(300))

        // Nothing happens: empty after the wait, at the same position.
        let quiet = ContinuousClock.now
        let empty = try await fixture.follow(after: page.nextCursor, waitMillis: 300)
        let waited = ContinuousClock.now - quiet
        #expect(empty.changes.isEmpty && !empty.more)
        #expect(empty.nextCursor == page.nextCursor)
        #expect(waited >= .milliseconds(300) && waited < .seconds(300), "waited \(waited)")

        // The call's deadline comes first: answered a little before it.
        let capped = ContinuousClock.now
        _ = try await fixture.follow(
            after: page.nextCursor, waitMillis: 600_000, deadline: capped + .milliseconds(400))
        let held = ContinuousClock.now - capped
        #expect(held >= .milliseconds(300) && held < .seconds(300), "held \(held)")

        // A stopping daemon answers its waiting followers at once.
        let stopped = Task { try await fixture.follow(after: page.nextCursor, waitMillis: 600_000) }
        try await Task.sleep(for: .milliseconds(100))
        let stopping = ContinuousClock.now
        fixture.feed.stopWaiting()
        _ = try await stopped.value
        #expect(ContinuousClock.now - stopping < .seconds(300), "its 10-minute wait was not cut short")
    }

    @Test("a cursor older than the oldest change kept is FAILED_PRECONDITION naming the oldest cursor served")
    func expiredCursor() async throws {
        var settings = ChangeFeedSettings()
        settings.retentionMillis = 3_600_000
        settings.pruneBatch = 2
        let fixture = try await FeedFixture.make(try await TestStore.fresh(), settings: settings)
        let origin = try await fixture.follow(fromNow: true).nextCursor
        let client = try await fixture.create("Acme").client.id
        for round in 0..<4 { _ = try await fixture.rename(client, "old \(round)") }
        let afterOld = try await fixture.drain(after: origin).cursor
        fixture.clock.advance(millis: 3_600_001)
        _ = try await fixture.rename(client, "new")
        #expect(try await fixture.feed.prune() == 5)

        do {
            _ = try await fixture.follow(after: origin)
            Issue.record("an expired cursor was served")
        } catch DomainError.failedPrecondition(let message) {
            #expect(message.contains(afterOld), "\(message) does not name \(afterOld)")
            #expect(message.contains("--changes-retention-hours"))
        }
        // From the oldest cursor served, or from the start, only what is kept.
        #expect(try await fixture.follow(after: afterOld).changes.map(\.change.version) == [6])
        #expect(try await fixture.follow().changes.map(\.change.version) == [6])
        // A cursor that is no cursor, or one from another folder's longer feed.
        await #expect(
            throws: DomainError.invalidArgument(field: "after_cursor", reason: "is not a cursor of this change feed")
        ) {
            _ = try await fixture.follow(after: "garbage!")
        }
        let ahead = try await fixture.follow().nextCursor
        _ = try await fixture.rename(client, "newer")
        let other = try await FeedFixture.make(try await TestStore.fresh())
        await #expect(throws: DomainError.self) { _ = try await other.follow(after: ahead) }
    }

    @Test("each kind of change, what it carries, and a kinds filter that still moves the cursor")
    func kinds() async throws {
        let fixture = try await FeedFixture.make(try await TestStore.fresh())
        var first = ContactInput()
        first.firstName = "Ann"
        let client = try await fixture.create("Acme", contacts: [first]).client.id
        let id = client
        _ = try await fixture.rename(id, "Acme GmbH")
        _ = try await fixture.clients.change(id, .block, reason: "unpaid", expectedVersion: 0, fixture.write())
        var second = ContactInput()
        second.firstName = "Bob"
        let added = try await fixture.clients.addContact(id, second, expectedVersion: 0, fixture.write())
        let bob = try #require(added.contacts.last?.id)
        _ = try await fixture.clients.removeContact(
            id, contactID: bob, newPrimaryID: "", expectedVersion: 0, fixture.write())
        let member = try await fixture.people.addMember(
            id, firstName: "Mia", lastName: "Member", email: "mia@example.com", role: 2, portalAccess: false,
            fixture.write())
        try await fixture.people.removeMember(id, userID: member.user.id, fixture.write())
        let account = try await fixture.people.createAccount(
            clientID: id, groupID: "", product: "hosting", name: "acme.example", externalID: "", fixture.write())
        let grant = try await fixture.people.grantStaff(
            id, userID: fixture.owner, accountID: "", expiresAt: 0, fixture.write())
        try await fixture.people.revokeStaff(id, grantID: grant.id, fixture.write())
        let other = try await fixture.create("Other").client.id
        let posted = try await fixture.billing.post(
            other, EntryDraft(kind: .credit, amountMinor: 500), fixture.write())
        _ = try await fixture.clients.close(id, dryRun: false, reason: "done", expectedVersion: 0, fixture.write())

        let (changes, end) = try await fixture.drain(after: "")
        let lines = changes.map {
            "\($0.kind.map { "\($0)" } ?? "?") \($0.change.objectID)\($0.change.deleted ? " deleted" : "")"
        }
        #expect(
            lines == [
                "clientCreated \(id)", "clientUpdated \(id)", "clientStateChanged \(id)", "contact \(bob)",
                "contact \(bob) deleted", "member \(member.user.id)", "member \(member.user.id) deleted",
                "account \(account.id)", "grant \(grant.id)", "grant \(grant.id) deleted", "clientCreated \(other)",
                "ledgerEntry \(posted.entry.id)", "clientClosed \(id)",
            ])
        #expect(changes.map(\.change.version) == [1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 1, 0, 6])
        // The client kinds and contacts carry the client as it is now (closed, version 6).
        for change in changes {
            let carries = change.kind?.carriesClient == true
            #expect((change.client != nil) == carries, "\(change.kind.map { "\($0)" } ?? "?")")
            if carries && change.change.clientID == id { #expect(change.client?.client.version == 6) }
        }
        #expect(
            changes.allSatisfy {
                $0.change.clientID == ($0.change.objectID == other || $0.kind == .ledgerEntry ? other : id)
            })

        // Only contacts: the two contact changes, and the cursor past everything read.
        let contacts = try await fixture.follow(kinds: [.contact])
        #expect(contacts.changes.map(\.change.objectID) == [bob, bob])
        #expect(contacts.nextCursor == end)
        let none = try await fixture.follow(after: contacts.nextCursor, kinds: [.statement])
        #expect(none.changes.isEmpty && none.nextCursor == end)
        await #expect(throws: DomainError.invalidArgument(field: "kinds", reason: "has no kind numbered 99")) {
            var query = ChangeQuery()
            query.groupID = fixture.group
            query.kinds = [99]
            _ = try await fixture.feed.follow(query, for: fixture.ownerPrincipal)
        }
    }

    @Test("an owner accepting the activation invitation (outside the audited writer) is a change of state")
    func activation() async throws {
        let fixture = try await ClientFixture()
        let feed = ChangeFeed(
            database: fixture.database, clock: fixture.clock, settings: ChangeFeedSettings(), logger: FeedFixture.logger
        )
        let view = try await fixture.create("Acme", owner: ClientOwnerTests.owner)
        let token = try #require(
            try await fixture.outbox.pending(groupID: fixture.group, pageSize: 0, pageToken: "").messages.first?
                .data["activation_token"])
        _ = try await fixture.base.identity.acceptInvitation(token: token, password: IdentityFixture.password)
        var query = ChangeQuery()
        query.groupID = fixture.group
        let changes = try await feed.follow(query, for: fixture.ownerPrincipal).changes
        #expect(changes.map(\.kind) == [.clientCreated, .clientStateChanged])
        #expect(changes.last?.change.changedFields == ["status", "activation_deadline"])
        #expect(changes.last?.change.version == 2 && changes.last?.client?.status == .active)
        #expect(changes.allSatisfy { $0.change.objectID == view.client.id })
    }

    @Test("a client-scoped follower sees only its clients' changes; a grant elsewhere sees nothing")
    func clientScoped() async throws {
        let fixture = try await FeedFixture.make(try await TestStore.fresh())
        let mine = try await fixture.create("Mine").client.id
        let theirs = try await fixture.create("Theirs").client.id
        _ = try await fixture.rename(theirs, "x")
        _ = try await fixture.rename(mine, "y")
        _ = try await fixture.people.createAccount(
            clientID: "", groupID: fixture.group, product: "p", name: "unlinked", externalID: "", fixture.write())
        let clientOwner = Principal(
            kind: .user(id: "usr_client_owner"),
            grants: [Grant(role: .owner, scope: .client(mine), groupID: fixture.group, source: .assignment("ra2"))])
        let page = try await fixture.follow(as: clientOwner)
        #expect(page.changes.map(\.change.objectID) == [mine, mine])
        #expect(try await fixture.follow().changes.count == 5)
        let follower = Principal(
            kind: .apiKey(id: "key_f", issuedBy: fixture.owner),
            grants: [
                Grant(role: .follower, scope: .group(fixture.group), groupID: fixture.group, source: .apiKey("key_f"))
            ])
        #expect(try await fixture.follow(as: follower).changes.count == 5)
        let member = Principal(
            kind: .user(id: "usr_member"),
            grants: [Grant(role: .member, scope: .client(mine), groupID: fixture.group, source: .assignment("ra3"))])
        await #expect(throws: DomainError.self) { _ = try await fixture.follow(as: member) }
    }

    @Test(
        "followers woken by the same commit share one read of it, each answered only what it may see, with one encoding memo"
    )
    func sharedReads() async throws {
        var settings = ChangeFeedSettings()
        settings.maximumWaitMillis = 600_000
        let fixture = try await FeedFixture.make(try await TestStore.fresh(), settings: settings)
        var identitySettings = IdentitySettings()
        identitySettings.passwordCost = .fastForTests
        let identity = IdentityService(
            database: fixture.database, clock: fixture.clock, ids: RandomIDGenerator(), settings: identitySettings,
            logger: FeedFixture.logger)
        let managerUser = try await identity.createUser(
            groupID: fixture.group, email: "manager@example.com", name: "Manager", password: nil, role: .manager,
            scope: .group(fixture.group), .test())
        let mine = try await fixture.create("Mine").client.id
        let theirs = try await fixture.create("Theirs").client.id
        var fields = ClientFieldsInput()
        fields.managerUserID = managerUser.id
        _ = try await fixture.clients.update(
            mine, fields: fields, paths: ["manager_user_id"], expectedVersion: 0, fixture.write())
        let manager = Principal(
            kind: .user(id: managerUser.id),
            grants: [
                Grant(role: .manager, scope: .group(fixture.group), groupID: fixture.group, source: .assignment("m"))
            ])
        let clientOwner = Principal(
            kind: .user(id: "usr_client_owner"),
            grants: [Grant(role: .owner, scope: .client(mine), groupID: fixture.group, source: .assignment("c"))])
        // The setup's commits signalled (on PostgreSQL, their notifications can arrive late and
        // wake the followers below once more, for nothing).
        try await fixture.settleSignals()
        let end = try await fixture.follow(fromNow: true).nextCursor
        let principals = [fixture.ownerPrincipal, fixture.ownerPrincipal, fixture.ownerPrincipal, manager, clientOwner]
        let waiting = principals.map { principal in
            Task { try await fixture.follow(after: end, waitMillis: 600_000, as: principal) }
        }
        // Every follower reads the feed's end, finds nothing and waits.
        try await Task.sleep(for: .milliseconds(500))
        #expect(fixture.feed.shared.reads == 0)
        _ = try await fixture.rename(theirs, "first")
        _ = try await fixture.rename(mine, "second")
        let pages = try await waiting.asyncMap { try await $0.value }
        for page in pages.prefix(3) { #expect(page.changes.first?.change.objectID == theirs) }
        // The group's owners answered from the same read: the same memo for the same change.
        #expect(pages[0].changes[0].memo === pages[1].changes[0].memo)
        #expect(pages[1].changes[0].memo === pages[2].changes[0].memo)
        // The manager and the client's owner woke at the first commit too, saw nothing of theirs,
        // and waited for the second.
        #expect(pages[3].changes.map(\.change.objectID) == [mine])
        #expect(pages[4].changes.map(\.change.objectID) == [mine])
        #expect(pages[3].changes.first?.client?.client.companyName == "second")
        // Five followers woken by the first commit and two by the second: at most one read each
        // (one more where the client owner, whose position did not move, came first).
        let reads = fixture.feed.shared.reads
        let joined = fixture.feed.shared.joined
        print("shared reads: \(reads) read, \(joined) joined")
        #expect(reads >= 1 && reads <= 3, "\(reads) reads, \(joined) joined")
        #expect(reads + joined <= 7)
        // Each answer as if read alone.
        for (page, principal) in zip(pages, principals) {
            let alone = try await fixture.follow(after: end, as: principal)
            #expect(
                page.changes.map(\.change.sequence)
                    == Array(alone.changes.map(\.change.sequence).prefix(page.changes.count)))
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
