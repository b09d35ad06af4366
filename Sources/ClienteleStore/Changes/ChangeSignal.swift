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
        /// Per group: the sequence of its last change notified, when every commit since the
        /// daemon started was notified with its sequences (see `head(of:)`).
        var heads: [String: Int64] = [:]
        /// The last sequence notified, of any group, under the same rule.
        var feedHead: Int64?

        mutating func forgetHeads() {
            self.heads.removeAll()
            self.feedHead = nil
        }
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

    /// The sequence of the last change of `group` notified, and the last of the feed: a follower
    /// at or past the first (and not past the second: that cursor is not this feed's) has nothing
    /// to read until the group's next commit, which wakes its ticket (taken before asking).
    /// `nil` when not known: nothing of the group committed since the daemon started, a commit
    /// notified without its sequences (another daemon's), or a prune since.
    public func head(of group: String) -> (group: Int64, feed: Int64)? {
        self.state.withLock { state in
            guard let head = state.heads[group], let feed = state.feedHead else { return nil }
            return (head, feed)
        }
    }

    /// Forgets the groups' heads: a prune may have taken a head's change away, and a follower
    /// there must read to learn it (its cursor is no longer served).
    package func forgetHeads() {
        self.state.withLock { $0.forgetHeads() }
    }

    /// After a commit of this daemon: wakes the waiters of the groups, and notes each one's last
    /// sequence (`head(of:)`).
    package func notify(heads: [String: Int64]) {
        self.notify(Set(heads.keys)) { state in
            state.heads.merge(heads, uniquingKeysWith: max)
            if let last = heads.values.max() { state.feedHead = max(state.feedHead ?? last, last) }
        }
    }

    /// After a commit whose sequences are not known here (another daemon's): wakes the waiters
    /// of `groups`, whose heads are then unknown.
    package func notify(_ groups: Set<String>) {
        self.notify(groups) { state in
            for group in groups { state.heads[group] = nil }
            state.feedHead = nil
        }
    }

    private func notify(_ groups: Set<String>, noting: (inout State) -> Void) {
        guard !groups.isEmpty else { return }
        let continuations = self.state.withLock { state in
            noting(&state)
            for group in groups { state.generations[group, default: 0] += 1 }
            let ids = state.waiters.compactMap { id, waiter in groups.contains(waiter.group) ? id : nil }
            return ids.compactMap { id in Self.wake(id, in: &state) }
        }
        for continuation in continuations { continuation.resume() }
    }

    /// Wakes every waiter, whatever its group (after the store may have missed notifications).
    package func notifyEveryGroup() {
        let continuations = self.state.withLock { state in
            state.forgetHeads()
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
