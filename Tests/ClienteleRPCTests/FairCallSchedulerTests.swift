import NIOConcurrencyHelpers
import Testing

@testable import ClienteleRPC

@Suite("Fair call scheduler")
struct FairCallSchedulerTests {
    /// Waits (up to 5 s) until `scheduler` has `count` waiters.
    private func waitForWaiters(_ scheduler: FairCallScheduler, _ count: Int) async throws {
        for _ in 0..<500 where scheduler.waiting < count { try await Task.sleep(for: .milliseconds(10)) }
        #expect(scheduler.waiting == count)
    }

    @Test("up to the limit calls get a slot at once; the next waits for a release")
    func limit() async throws {
        let scheduler = FairCallScheduler(limit: 2)
        #expect(await scheduler.acquire(for: 1))
        #expect(await scheduler.acquire(for: 2))
        #expect(scheduler.running == 2)
        let third = Task { await scheduler.acquire(for: 3) }
        try await self.waitForWaiters(scheduler, 1)
        scheduler.release(for: 1)
        #expect(await third.value)
        #expect(scheduler.running == 2)
        scheduler.release(for: 2)
        scheduler.release(for: 3)
        #expect(scheduler.running == 0)
    }

    @Test("a freed slot goes to the connection with the fewest calls waiting, not to the oldest waiting call")
    func fewestWaitingFirst() async throws {
        let scheduler = FairCallScheduler(limit: 1)
        #expect(await scheduler.acquire(for: 0))
        let order = NIOLockedValueBox<[UInt64]>([])
        var tasks: [Task<Void, Never>] = []
        // Connection 1 queues five calls, then connection 2 one.
        for (connection, count) in [(UInt64(1), 5), (2, 1)] {
            for _ in 0..<count {
                let queued = scheduler.waiting
                tasks.append(
                    Task {
                        if await scheduler.acquire(for: connection) {
                            order.withLockedValue { $0.append(connection) }
                            scheduler.release(for: connection)
                        }
                    })
                try await self.waitForWaiters(scheduler, queued + 1)
            }
        }
        scheduler.release(for: 0)
        for task in tasks { await task.value }
        #expect(order.withLockedValue { $0 } == [2, 1, 1, 1, 1, 1])
        #expect(scheduler.running == 0)
    }

    @Test("a slot freed by one connection goes to another with fewer running, though it queued later")
    func freedSlotGoesToFewerRunning() async throws {
        let scheduler = FairCallScheduler(limit: 2)
        #expect(await scheduler.acquire(for: 1))
        #expect(await scheduler.acquire(for: 2))
        // Each connection runs one call and queues one more.
        let one = Task { await scheduler.acquire(for: 1) }
        try await self.waitForWaiters(scheduler, 1)
        let two = Task { await scheduler.acquire(for: 2) }
        try await self.waitForWaiters(scheduler, 2)
        scheduler.release(for: 2)
        // Now 1 runs one and 2 none: 2's waiter goes first although 1 queued first.
        #expect(await two.value)
        scheduler.release(for: 1)
        #expect(await one.value)
        #expect(scheduler.running == 2)
        #expect(scheduler.waiting == 0)
    }

    @Test("a freed slot goes to the waiting connection with the fewest calls running")
    func fewestRunningFirst() async throws {
        let scheduler = FairCallScheduler(limit: 4)
        // Connection 1 runs three calls, connection 2 one; both then wait for more.
        for _ in 0..<3 { #expect(await scheduler.acquire(for: 1)) }
        #expect(await scheduler.acquire(for: 2))
        let first = Task { await scheduler.acquire(for: 1) }
        try await self.waitForWaiters(scheduler, 1)
        let second = Task { await scheduler.acquire(for: 2) }
        try await self.waitForWaiters(scheduler, 2)
        // Connection 1 frees a slot: connection 2 (one running, against two) gets it although 1 asked first.
        scheduler.release(for: 1)
        #expect(await second.value)
        #expect(scheduler.waiting == 1)
        scheduler.release(for: 2)
        #expect(await first.value)
        #expect(scheduler.running == 4)
    }

    @Test("a call cancelled while waiting gets no slot and leaves none taken")
    func cancelled() async throws {
        let scheduler = FairCallScheduler(limit: 1)
        #expect(await scheduler.acquire(for: 1))
        let waiting = Task { await scheduler.acquire(for: 2) }
        try await self.waitForWaiters(scheduler, 1)
        waiting.cancel()
        #expect(await waiting.value == false)
        #expect(scheduler.waiting == 0)
        scheduler.release(for: 1)
        #expect(scheduler.running == 0)
        #expect(await scheduler.acquire(for: 3))
        #expect(scheduler.running == 1)
    }

    @Test("a call cancelled before it asks gets no slot")
    func cancelledBeforeAsking() async throws {
        let scheduler = FairCallScheduler(limit: 1)
        #expect(await scheduler.acquire(for: 1))
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await scheduler.acquire(for: 2)
        }
        #expect(await task.value == false)
        #expect(scheduler.waiting == 0)
        #expect(scheduler.running == 1)
    }
}
