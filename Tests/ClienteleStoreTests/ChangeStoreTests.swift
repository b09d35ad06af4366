import Foundation
import GRDB
import Synchronization
import Testing

@testable import ClienteleStore

@Suite("Change store")
struct ChangeStoreTests {
    static func change(_ group: String, _ object: String, at: Int64 = 1_000) -> ChangeRecord {
        ChangeRecord(
            groupID: group, clientID: "cli_\(object)", kind: 2, objectID: object, version: 1, deleted: false,
            changedFields: ["a", "b"], at: at)
    }

    @Test("changes get increasing sequences, list by group or client, and prune from the oldest")
    func appendListPrune() async throws {
        let database = try AppDatabase.inMemory()
        try await database.write { store in
            for (index, group) in ["g1", "g2", "g1", "g1"].enumerated() {
                try store.changes.append(Self.change(group, "o\(index)", at: index < 2 ? 1_000 : 5_000))
            }
        }
        let (all, g2, client, bounds) = try await database.read { store in
            (
                try store.changes.list(groupID: "g1", after: 0, clients: nil, limit: 10),
                try store.changes.list(groupID: "g2", after: 0, clients: nil, limit: 10),
                try store.changes.list(groupID: "g1", after: 1, clients: ["cli_o3", "cli_o1"], limit: 10),
                try store.changes.bounds()
            )
        }
        #expect(all.map(\.sequence) == [1, 3, 4] && all.map(\.objectID) == ["o0", "o2", "o3"])
        #expect(all.first?.changedFields == ["a", "b"] && all.first?.clientID == "cli_o0")
        #expect(g2.map(\.objectID) == ["o1"])
        #expect(client.map(\.objectID) == ["o3"])
        #expect(bounds == ChangeStore.Bounds(prunedThrough: 0, head: 4))

        // The two old ones go (one per batch), the first newer one stops the prune.
        #expect(try await database.write { try $0.changes.prune(before: 2_000, limit: 1) } == 1)
        #expect(try await database.write { try $0.changes.prune(before: 2_000, limit: 10) } == 1)
        #expect(try await database.write { try $0.changes.prune(before: 2_000, limit: 10) } == 0)
        #expect(try await database.read { try $0.changes.bounds() } == ChangeStore.Bounds(prunedThrough: 2, head: 4))
        // Everything pruned: the next change still gets a new sequence (AUTOINCREMENT).
        #expect(try await database.write { try $0.changes.prune(before: 9_000, limit: 10) } == 2)
        try await database.write { try $0.changes.append(Self.change("g1", "o4")) }
        let after = try await database.read { try $0.changes.list(groupID: "g1", after: 0, clients: nil, limit: 10) }
        #expect(after.map(\.sequence) == [5])
    }

    @Test("a waiter is woken after the commit of its group's change, not by a rolled-back one or another group")
    func signal() async throws {
        let database = try AppDatabase.inMemory()
        let signal = database.changeSignal
        let mine = signal.watch("g1")
        let other = signal.watch("g2")
        defer {
            signal.end(mine)
            signal.end(other)
        }
        struct Refused: Error {}
        _ = try? await database.write { store in
            try store.changes.append(Self.change("g1", "rolled-back"))
            throw Refused()
        }
        #expect(!signal.isWoken(mine), "a rolled-back change woke its group")
        try await database.write { try $0.changes.append(Self.change("g1", "kept")) }
        #expect(signal.isWoken(mine))
        #expect(!signal.isWoken(other))
        // Already woken: the wait returns at once.
        let start = ContinuousClock.now
        await signal.wait(mine, until: start + .seconds(600))
        // Well before the deadline: generous, since a full parallel test run on 2 cores has held
        // the cooperative pool for over 100 s.
        #expect(ContinuousClock.now - start < .seconds(300))
        // Not woken: the wait ends at its deadline; closing wakes it (and every later one) at once.
        await signal.wait(other, until: .now + .milliseconds(50))
        #expect(!signal.isWoken(other))
        let waiting = Task { await signal.wait(other, until: .now + .seconds(30)) }
        try await Task.sleep(for: .milliseconds(50))
        signal.close()
        await waiting.value
        #expect(signal.isWoken(signal.watch("g3")))
    }

    @Test("a group's head is known from this daemon's commits only, and forgotten by a prune or an unknown commit")
    func heads() async throws {
        let database = try AppDatabase.inMemory()
        let signal = database.changeSignal
        #expect(signal.head(of: "g1") == nil, "no commit since the start: the head is unknown")
        struct Refused: Error {}
        try await database.write { store in
            try store.changes.append(Self.change("g1", "a"))
            try store.changes.append(Self.change("g2", "b"))
            try store.changes.append(Self.change("g1", "c"))
        }
        _ = try? await database.write { store in
            try store.changes.append(Self.change("g1", "rolled-back"))
            throw Refused()
        }
        // A rolled-back change is no head; the feed's head is the last of any group.
        #expect(signal.head(of: "g1")?.group == 3 && signal.head(of: "g2")?.group == 2 && signal.head(of: "g3") == nil)
        #expect(signal.head(of: "g1")?.feed == 3 && signal.head(of: "g2")?.feed == 3)
        try await database.write { try $0.changes.append(Self.change("g1", "d")) }
        let last = try await database.read { try $0.changes.bounds().head }
        #expect(signal.head(of: "g1")?.group == last && last > 3)

        // Another daemon's commit (no sequence): that group's head and the feed's are unknown
        // until the next commit of ours; the other groups' heads are known again then.
        signal.notify(["g1"])
        #expect(signal.head(of: "g1") == nil && signal.head(of: "g2") == nil)
        try await database.write { try $0.changes.append(Self.change("g3", "e")) }
        #expect(signal.head(of: "g1") == nil && signal.head(of: "g2")?.group == 2)
        #expect(signal.head(of: "g3")?.group == last + 1 && signal.head(of: "g2")?.feed == last + 1)
        signal.forgetHeads()
        #expect(signal.head(of: "g2") == nil && signal.head(of: "g3") == nil)
        try await database.write { try $0.changes.append(Self.change("g2", "f")) }
        #expect(signal.head(of: "g2")?.group == last + 2)
        signal.notifyEveryGroup()
        #expect(signal.head(of: "g2") == nil)
    }
}
