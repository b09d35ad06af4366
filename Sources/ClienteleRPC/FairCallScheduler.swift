import NIOCore
import Synchronization

/// Shares the server's running-call slots fairly among connections.
///
/// At most `limit` calls run at once. When more are waiting, a freed slot goes to
/// the waiting connection with the fewest calls running, then the fewest waiting
/// (the first in turn among equals), not to the oldest waiting call: a connection
/// that pipelines a thousand calls cannot queue everybody else's calls behind its
/// own, and one making a call at a time gets the next free slot.
final class FairCallScheduler: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var running = 0
        /// Calls running per connection (absent: none).
        var runningPer: [UInt64: Int] = [:]
        var nextID: UInt64 = 0
        /// Waiters per connection, oldest first.
        var queues: [UInt64: CircularBuffer<Waiter>] = [:]
        /// Connections with waiters, in the order they get the next slots.
        var turns = CircularBuffer<UInt64>()
        /// Waiters cancelled before they were queued.
        var cancelledEarly: Set<UInt64> = []
        /// Waiters given an id but not yet queued.
        var arriving: Set<UInt64> = []

        mutating func removeWaiter(_ id: UInt64, of connection: UInt64) -> Waiter? {
            guard let index = self.queues[connection]?.firstIndex(where: { $0.id == id }) else { return nil }
            let waiter = self.queues[connection]!.remove(at: index)
            if self.queues[connection]!.isEmpty {
                self.queues[connection] = nil
                if let turn = self.turns.firstIndex(of: connection) { self.turns.remove(at: turn) }
            }
            return waiter
        }
    }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        precondition(limit >= 1, "at least one call must be able to run")
        self.limit = limit
    }

    /// Calls running now.
    var running: Int { self.state.withLock { $0.running } }

    /// Calls waiting for a slot now.
    var waiting: Int { self.state.withLock { $0.queues.values.reduce(0) { $0 + $1.count } } }

    /// Waits for a slot for a call of `connection`. `true`: the slot is the caller's
    /// until it calls `release(for:)`; `false`: the task was cancelled while waiting (no slot).
    func acquire(for connection: UInt64) async -> Bool {
        let id: UInt64? = self.state.withLock { state in
            if state.running < self.limit && state.turns.isEmpty {
                state.running += 1
                state.runningPer[connection, default: 0] += 1
                return nil
            }
            state.nextID += 1
            state.arriving.insert(state.nextID)
            return state.nextID
        }
        guard let id else { return true }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                // `nil`: queued; otherwise the answer at once.
                let answer: Bool? = self.state.withLock { state in
                    state.arriving.remove(id)
                    if state.cancelledEarly.remove(id) != nil { return false }
                    if state.running < self.limit && state.turns.isEmpty {
                        // A slot was freed between taking an id and getting here.
                        state.running += 1
                        state.runningPer[connection, default: 0] += 1
                        return true
                    }
                    if state.queues[connection] == nil {
                        state.queues[connection] = CircularBuffer()
                        state.turns.append(connection)
                    }
                    state.queues[connection]!.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let answer { continuation.resume(returning: answer) }
            }
        } onCancel: {
            let waiter: Waiter? = self.state.withLock { state in
                if let waiter = state.removeWaiter(id, of: connection) { return waiter }
                if state.arriving.contains(id) { state.cancelledEarly.insert(id) }
                return nil
            }
            waiter?.continuation.resume(returning: false)
        }
    }

    /// Gives back the slot of a call of `connection`: to the waiting connection with the
    /// fewest calls running and then waiting, or to the pool.
    func release(for connection: UInt64) {
        let next: Waiter? = self.state.withLock { state in
            let left = state.runningPer[connection, default: 1] - 1
            state.runningPer[connection] = left > 0 ? left : nil
            guard !state.turns.isEmpty else {
                state.running -= 1
                return nil
            }
            var chosen = state.turns.startIndex
            var best = (Int.max, Int.max)  // (running, waiting)
            for index in state.turns.indices {
                let candidate = state.turns[index]
                let key = (state.runningPer[candidate, default: 0], state.queues[candidate]!.count)
                if key < best {
                    best = key
                    chosen = index
                    if key == (0, 1) { break }
                }
            }
            let next = state.turns.remove(at: chosen)
            let waiter = state.queues[next]!.removeFirst()
            state.runningPer[next, default: 0] += 1
            if state.queues[next]!.isEmpty {
                state.queues[next] = nil
            } else {
                state.turns.append(next)
            }
            return waiter
        }
        next?.continuation.resume(returning: true)
    }
}
