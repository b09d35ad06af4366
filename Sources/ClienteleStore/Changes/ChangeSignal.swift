import Synchronization

/// Wakes the callers waiting for a group's next change (long polls of `Changes/Follow`).
/// The group commit tells it which groups got changes once their transaction has committed,
/// never before; a rolled-back write tells it nothing.
///
/// A waiter registers (`watch`) before it reads the feed and waits (`wait`) only if the read
/// found nothing: a commit landing between the read and the wait has already marked it woken,
/// so no change slips between the two.
public final class ChangeSignal: Sendable {
    /// One registered waiter.
    public struct Ticket: Sendable, Hashable {
        fileprivate let id: UInt64
        /// How many commits had changed the group when the ticket was taken (see `generation(of:)`).
        public let generation: UInt64
    }

    private struct Waiter {
        var group: String
        var woken = false
        var continuation: CheckedContinuation<Void, Never>?
    }

    private struct State {
        var next: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
        var closed = false
        /// Per group: how many commits that changed it were notified.
        var generations: [String: UInt64] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Starts watching `group`; `end` it when done.
    public func watch(_ group: String) -> Ticket {
        self.state.withLock { state in
            state.next += 1
            state.waiters[state.next] = Waiter(group: group, woken: state.closed)
            return Ticket(id: state.next, generation: state.generations[group, default: 0])
        }
    }

    /// How many commits that changed `group` were notified so far. Taken before a read's snapshot
    /// begins, it proves the snapshot holds every change of those commits: a read begun at
    /// generation `g` serves a waiter whose ticket has a generation up to `g` (`ChangeFeed`'s
    /// shared reads); later commits wake that waiter again.
    public func generation(of group: String) -> UInt64 {
        self.state.withLock { $0.generations[group, default: 0] }
    }

    public func end(_ ticket: Ticket) {
        let continuation = self.state.withLock { $0.waiters.removeValue(forKey: ticket.id)?.continuation }
        continuation?.resume()
    }

    /// Returns once the ticket's group got a change since `watch`, at `deadline`, when the
    /// task is cancelled, or when the signal is closed, whichever comes first.
    public func wait(_ ticket: Ticket, until deadline: ContinuousClock.Instant) async {
        // Already woken: no child tasks to schedule (on a busy pool that alone can take seconds).
        if self.isWoken(ticket) { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.suspend(ticket) }
            group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
            await group.next()
            group.cancelAll()
            // The suspended waiter is resumed by the cancellation handler below.
        }
        self.state.withLock { state in state.waiters[ticket.id]?.continuation = nil }
    }

    /// Whether a change came (or the signal closed) since `watch`.
    public func isWoken(_ ticket: Ticket) -> Bool {
        self.state.withLock { $0.waiters[ticket.id]?.woken ?? true }
    }

    /// Wakes every waiter, now and from now on: the daemon is stopping.
    public func close() {
        let continuations = self.state.withLock { state in
            state.closed = true
            return Array(state.waiters.keys).compactMap { id in Self.wake(id, in: &state) }
        }
        for continuation in continuations { continuation.resume() }
    }

    public var isClosed: Bool { self.state.withLock { $0.closed } }

    /// After a commit: wakes the waiters of `groups`.
    package func notify(_ groups: Set<String>) {
        guard !groups.isEmpty else { return }
        let continuations = self.state.withLock { state in
            for group in groups { state.generations[group, default: 0] += 1 }
            let ids = state.waiters.compactMap { id, waiter in groups.contains(waiter.group) ? id : nil }
            return ids.compactMap { id in Self.wake(id, in: &state) }
        }
        for continuation in continuations { continuation.resume() }
    }

    /// Wakes every waiter, whatever its group (after the store may have missed notifications).
    package func notifyEveryGroup() {
        let continuations = self.state.withLock { state in
            for group in Set(state.waiters.values.map(\.group)) { state.generations[group, default: 0] += 1 }
            return Array(state.waiters.keys).compactMap { id in Self.wake(id, in: &state) }
        }
        for continuation in continuations { continuation.resume() }
    }

    /// Marks the waiter woken and takes its continuation, if it is suspended.
    private static func wake(_ id: UInt64, in state: inout State) -> CheckedContinuation<Void, Never>? {
        guard state.waiters[id] != nil else { return nil }
        state.waiters[id]!.woken = true
        defer { state.waiters[id]!.continuation = nil }
        return state.waiters[id]!.continuation
    }

    private func suspend(_ ticket: Ticket) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = self.state.withLock { state in
                    guard let waiter = state.waiters[ticket.id], !waiter.woken, !Task.isCancelled else { return true }
                    state.waiters[ticket.id]!.continuation = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard state.waiters[ticket.id] != nil else { return nil }
                defer { state.waiters[ticket.id]!.continuation = nil }
                return state.waiters[ticket.id]!.continuation
            }
            continuation?.resume()
        }
    }
}
