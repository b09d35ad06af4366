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
    private struct State {
        var running = 0
        /// Calls running per connection (absent: none).
        var runningPer: [UInt64: Int] = [:]
        var nextID: UInt64 = 0
        /// The continuations of the waiting calls, by id: cancelling one is O(1).
        var waiters: [UInt64: CheckedContinuation<Bool, Never>] = [:]
        /// Waiting ids per connection, oldest first; ids of cancelled calls are skipped when met.
        var queues: [UInt64: CircularBuffer<UInt64>] = [:]
        /// Calls waiting per connection, cancelled ones not counted.
        var waitingPer: [UInt64: Int] = [:]
        /// Connections with waiters, in the order they take turns among equals.
        var turns = CircularBuffer<UInt64>()
        /// Waiters cancelled before they were queued.
        var cancelledEarly: Set<UInt64> = []
        /// Waiters given an id but not yet queued.
        var arriving: Set<UInt64> = []

        mutating func grant(_ connection: UInt64) {
            self.running += 1
            self.runningPer[connection, default: 0] += 1
        }

        /// One fewer live waiter for `connection`; drops its turn when none is left.
        mutating func dequeued(_ connection: UInt64) {
            let left = self.waitingPer[connection, default: 1] - 1
            if left > 0 {
                self.waitingPer[connection] = left
                return
            }
            self.waitingPer[connection] = nil
            self.queues[connection] = nil
            if let turn = self.turns.firstIndex(of: connection) { self.turns.remove(at: turn) }
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
    var waiting: Int { self.state.withLock { $0.waiters.count } }

    /// Waits for a slot for a call of `connection`. `true`: the slot is the caller's
    /// until it calls `release(for:)`; `false`: the task was cancelled while waiting (no slot).
    func acquire(for connection: UInt64) async -> Bool {
        let id: UInt64? = self.state.withLock { state in
            if state.running < self.limit && state.turns.isEmpty {
                state.grant(connection)
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
                        state.grant(connection)
                        return true
                    }
                    if state.waitingPer[connection] == nil { state.turns.append(connection) }
                    state.waitingPer[connection, default: 0] += 1
                    state.queues[connection, default: CircularBuffer()].append(id)
                    state.waiters[id] = continuation
                    return nil
                }
                if let answer { continuation.resume(returning: answer) }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Bool, Never>? = self.state.withLock { state in
                if let continuation = state.waiters.removeValue(forKey: id) {
                    state.dequeued(connection)
                    return continuation
                }
                if state.arriving.contains(id) { state.cancelledEarly.insert(id) }
                return nil
            }
            continuation?.resume(returning: false)
        }
    }

    /// Gives back the slot of a call of `connection`: to the waiting connection with the
    /// fewest calls running and then waiting, or to the pool.
    func release(for connection: UInt64) {
        let next: CheckedContinuation<Bool, Never>? = self.state.withLock { state in
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
                let key = (state.runningPer[candidate, default: 0], state.waitingPer[candidate, default: 0])
                if key < best {
                    best = key
                    chosen = index
                    if key == (0, 1) { break }
                }
            }
            let next = state.turns.remove(at: chosen)
            var continuation: CheckedContinuation<Bool, Never>?
            while continuation == nil, let id = state.queues[next]?.popFirst() {
                continuation = state.waiters.removeValue(forKey: id)
            }
            state.running -= 1
            state.grant(next)
            // Back in turn (at the end) if it has more waiting.
            state.turns.append(next)
            state.dequeued(next)
            return continuation
        }
        next?.resume(returning: true)
    }
}
