import Synchronization
import Testing

@testable import ClientelePostgres

@Suite("A read shared by the callers that ask while one runs")
struct SharedFreshReadTests {
    /// Numbers its reads in the order they begin; each takes `pause`.
    final class CountingRead: Sendable {
        let started = Atomic<Int>(0)
        let pause: Duration
        init(pause: Duration) { self.pause = pause }

        func read() async throws -> Int {
            let number = self.started.add(1, ordering: .sequentiallyConsistent).newValue
            try await Task.sleep(for: self.pause)
            return number
        }
    }

    @Test("one caller at a time: a read each")
    func oneAtATime() async throws {
        let counting = CountingRead(pause: .milliseconds(1))
        let shared = SharedFreshRead { try await counting.read() }
        for expected in 1...5 { #expect(try await shared.value() == expected) }
    }

    @Test("64 callers at once: every value from a read begun after its caller asked, and far fewer reads")
    func concurrentCallers() async throws {
        let counting = CountingRead(pause: .milliseconds(5))
        let shared = SharedFreshRead { try await counting.read() }
        try await withThrowingTaskGroup { group in
            for _ in 0..<64 {
                group.addTask {
                    for _ in 0..<4 {
                        let begunBefore = counting.started.load(ordering: .sequentiallyConsistent)
                        let served = try await shared.value()
                        // A read already running when the caller asked would be numbered ≤ begunBefore.
                        #expect(served > begunBefore)
                    }
                }
            }
            try await group.waitForAll()
        }
        let reads = counting.started.load(ordering: .sequentiallyConsistent)
        #expect(reads < 64)
    }

    @Test("a failed read fails the callers it served; the next read is run again")
    func failure() async throws {
        struct Down: Error {}
        let calls = Atomic<Int>(0)
        let shared = SharedFreshRead { () async throws -> Int in
            if calls.add(1, ordering: .sequentiallyConsistent).newValue == 1 { throw Down() }
            return 7
        }
        await #expect(throws: Down.self) { try await shared.value() }
        #expect(try await shared.value() == 7)
    }
}
