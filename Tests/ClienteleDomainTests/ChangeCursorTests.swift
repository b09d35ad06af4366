import ClienteleAccess
import ClienteleTestSupport
import Foundation
import GRDB
import Testing

@testable import ClienteleDomain
@testable import ClienteleStore

/// Cursors are opaque and bound to their group (issue 20): the daemon-wide sequence inside
/// them must not show, and a cursor of one group must not be served to another.
@Suite("Change cursors")
struct ChangeCursorTests {
    static let invalid = DomainError.invalidArgument(
        field: "after_cursor", reason: "is not a cursor of this change feed")

    static func legacy(_ sequence: Int64) -> String {
        Data(#"{"c":\#(sequence)}"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test("a cursor round-trips for its group, and is refused, like garbage, for another group")
    func roundTripAndGroupBinding() throws {
        let codec = ChangeCursorCodec(key: (0..<32).map { UInt8($0) })
        for sequence: Int64 in [0, 1, 42, 1_000_000, Int64.max] {
            let cursor = codec.encode(sequence, group: "grp_a")
            #expect(cursor.count == 22 && !cursor.contains("=") && !cursor.contains("+") && !cursor.contains("/"))
            #expect(try codec.decode(cursor, group: "grp_a") == sequence)
            #expect(throws: Self.invalid) { try codec.decode(cursor, group: "grp_b") }
        }
        #expect(try codec.decode("", group: "grp_a") == nil)
        // Another key (another data folder) reads nothing either.
        let other = ChangeCursorCodec(key: (0..<32).map { UInt8(255 - $0) })
        #expect(throws: Self.invalid) { try other.decode(codec.encode(7, group: "grp_a"), group: "grp_a") }
    }

    @Test("a forged or damaged cursor is INVALID_ARGUMENT")
    func forged() async throws {
        let fixture = try await FeedFixture.make(try await TestStore.fresh())
        let client = try await fixture.create("Acme").client.id
        _ = try await fixture.rename(client, "Acme 2")
        let good = try await fixture.follow().nextCursor
        #expect(try await fixture.follow(after: good).changes.isEmpty)
        var flipped = Array(
            Data(
                base64Encoded: good.replacingOccurrences(of: "-", with: "+")
                    .replacingOccurrences(of: "_", with: "/") + "==")!)
        flipped[3] ^= 1
        let damaged = Data(flipped).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let random = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        // A legacy cursor past the head at the upgrade (this database was made with the key: 0).
        for forged in [damaged, random, "garbage!", "AAAAAAAAAAAAAAAAAAAAAA", Self.legacy(1), Self.legacy(-1)] {
            await #expect(throws: Self.invalid, "\(forged)") { _ = try await fixture.follow(after: forged) }
        }
    }

    @Test("group B's cursor followed on group A is INVALID_ARGUMENT, as garbage is")
    func otherGroupsCursor() async throws {
        let database = try await TestStore.fresh()
        let a = try await FeedFixture.make(database)
        let client = try await a.create("Acme").client.id
        _ = try await a.rename(client, "Acme 2")
        let cursorOfA = try await a.follow().nextCursor
        #expect(try await a.follow(after: cursorOfA).changes.isEmpty)
        // What group B's follower at the same position holds (any group id: the tag is of its hash).
        let position = try #require(try a.feed.cursors.decode(cursorOfA, group: a.group))
        let cursorOfB = a.feed.cursors.encode(position, group: "grp_someone_else")
        #expect(cursorOfB != cursorOfA)
        await #expect(throws: Self.invalid) { _ = try await a.follow(after: cursorOfB) }
    }

    @Test("two consecutive changes' cursors share no visible structure")
    func consecutiveCursorsLookUnrelated() async throws {
        let fixture = try await FeedFixture.make(try await TestStore.fresh())
        let client = try await fixture.create("Acme").client.id
        for round in 0..<8 { _ = try await fixture.rename(client, "round \(round)") }
        let cursors = try await fixture.follow().changes.map(\.cursor)
        #expect(cursors.count == 9 && Set(cursors).count == 9)
        for (earlier, later) in zip(cursors, cursors.dropFirst()) {
            let prefix = zip(earlier, later).prefix { $0 == $1 }.count
            #expect(prefix <= 3, "\(earlier) and \(later) share \(prefix) leading characters")
            let differing = zip(earlier, later).filter { $0 != $1 }.count
            #expect(differing >= 12, "\(earlier) and \(later) differ in only \(differing) characters")
            #expect(!earlier.hasPrefix("eyJjIj"), "a legacy (JSON) cursor was issued")
        }
    }

    @Test("the key persists: a cursor taken before a restart is followed after it")
    func keyPersistsAcrossReopen() async throws {
        try await withDataFolder { folder in
            var group: (id: String, owner: String)
            var cursor: String
            var client: String
            var key: [UInt8]
            do {
                let database = try AppDatabase.open(dataDirectory: folder, logger: FeedFixture.logger)
                key = database.changeCursorSecret.key
                let fixture = try await FeedFixture.make(database)
                group = (fixture.group, fixture.owner)
                client = try await fixture.create("Acme").client.id
                cursor = try await fixture.follow().nextCursor
            }
            let database = try AppDatabase.open(dataDirectory: folder, logger: FeedFixture.logger)
            #expect(database.changeCursorSecret.key == key && key.count == 32)
            let fixture = try await FeedFixture.make(database, group: group)
            _ = try await fixture.rename(client, "after the restart")
            let page = try await fixture.follow(after: cursor)
            #expect(page.changes.map(\.change.version) == [2])
            // Another database has another key: the cursor is not one of its feed.
            #expect(try AppDatabase.inMemory().changeCursorSecret.key != key)
        }
    }

    @Test(
        "a legacy cursor saved before the upgrade is followed, answered with new cursors; one past the head then is refused"
    )
    func legacyCursors() async throws {
        try await withDataFolder { folder in
            var group: (id: String, owner: String)
            var client: String
            do {
                let database = try AppDatabase.open(dataDirectory: folder, logger: FeedFixture.logger)
                let fixture = try await FeedFixture.make(database)
                group = (fixture.group, fixture.owner)
                client = try await fixture.create("Acme").client.id
                for round in 0..<3 { _ = try await fixture.rename(client, "before \(round)") }
                // Back to the schema before v11, as a daemon of the previous release left it.
                try await database.writer.write { db in
                    try db.execute(
                        sql: """
                            DROP TABLE server_secrets;
                            ALTER TABLE change_feed DROP COLUMN legacy_cursor_limit;
                            DELETE FROM grdb_migrations WHERE identifier = 'v11 change cursor key';
                            """)
                }
            }
            let database = try AppDatabase.open(dataDirectory: folder, logger: FeedFixture.logger)
            let fixture = try await FeedFixture.make(database, group: group)
            let head = database.changeCursorSecret.legacyLimit
            #expect(head >= 4)
            _ = try await fixture.rename(client, "after the upgrade")
            // The follower had read the first two changes (client made, first rename).
            let all = try await fixture.follow().changes
            let second = all[1].change.sequence
            let page = try await fixture.follow(after: Self.legacy(second))
            #expect(page.changes.map(\.change.version) == [3, 4, 5])
            #expect(page.changes.map(\.cursor) == Array(all.dropFirst(2).map(\.cursor)))
            #expect(!page.nextCursor.hasPrefix("eyJjIj") && page.nextCursor.count == 22)
            #expect(try await fixture.follow(after: page.nextCursor).changes.isEmpty)
            // The head at the upgrade is the last legacy cursor there can be.
            #expect(try await fixture.follow(after: Self.legacy(head)).changes.map(\.change.version) == [5])
            await #expect(throws: Self.invalid) { _ = try await fixture.follow(after: Self.legacy(head + 1)) }
        }
    }

    @Test("FAILED_PRECONDITION names the oldest cursor served in the group's new form")
    func expiredNamesNewForm() async throws {
        var settings = ChangeFeedSettings()
        settings.retentionMillis = 3_600_000
        let fixture = try await FeedFixture.make(try await TestStore.fresh(), settings: settings)
        let origin = try await fixture.follow(fromNow: true).nextCursor
        let client = try await fixture.create("Acme").client.id
        fixture.clock.advance(millis: 3_600_001)
        _ = try await fixture.rename(client, "new")
        #expect(try await fixture.feed.prune() == 1)
        do {
            _ = try await fixture.follow(after: origin)
            Issue.record("an expired cursor was served")
        } catch DomainError.failedPrecondition(let message) {
            let pruned = try await fixture.database.read { try $0.changes.bounds() }.prunedThrough
            let named = fixture.feed.cursors.encode(pruned, group: fixture.group)
            #expect(message.contains(named), "\(message) does not name \(named)")
            #expect(!message.contains("eyJjIj"))
        }
    }
}
