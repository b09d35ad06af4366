import ClienteleAccess
public import ClienteleStore
import Synchronization

/// One read of a group's feed after a position, in one snapshot: the rows, with each one's
/// cursor, client (for the kinds that carry it), client resource (for the policy) and
/// encoding memo. Read once after a commit and handed to every follower of the group whose
/// position is at or past `from` (`SharedFeedReads`).
struct FeedRead: Sendable {
    struct Entry: Sendable {
        var change: ChangeRecord
        var cursor: String
        var client: ClientView?
        /// The change's client as the policy sees it now (group, id, assigned manager); `nil`
        /// for a change of the group alone or of a client that no longer exists.
        var resource: Resource?
        var memo: ChangeMemo
    }

    var from: Int64
    var bounds: ChangeStore.Bounds
    var entries: [Entry]
    /// The read stopped at its limit: more rows may follow the last one.
    var truncated: Bool

    /// The group's changes after `from` (at most `limit`), each with its client and resource.
    static func load(
        groupID: String, from: Int64, limit: Int, cursors: ChangeCursorCodec.Group, store: StoreContext
    ) throws -> FeedRead {
        let bounds = try store.changes.bounds()
        let rows = try store.changes.list(groupID: groupID, after: from, clients: nil, limit: limit)
        var views: [String: ClientView?] = [:]
        var resources: [String: Resource?] = [:]
        var entries: [Entry] = []
        entries.reserveCapacity(rows.count)
        for row in rows {
            var client: ClientView?
            var resource: Resource?
            if let clientID = row.clientID {
                if ChangeKind(rawValue: row.kind)?.carriesClient == true {
                    if let known = views[clientID] {
                        client = known
                    } else {
                        client = try store.clients.fetch(id: clientID).map {
                            ClientView(client: $0, contacts: try store.contacts.forClient(clientID))
                        }
                        views[clientID] = .some(client)
                    }
                }
                if let known = resources[clientID] {
                    resource = known
                } else if let client {
                    resource = Resource(
                        groupID: client.client.groupID, clientID: clientID, managerUserID: client.client.managerUserID)
                    resources[clientID] = .some(resource)
                } else {
                    resource = try ClientService.resource(clientID, store: store)
                    resources[clientID] = .some(resource)
                }
            }
            entries.append(
                Entry(
                    change: row, cursor: cursors.encode(row.sequence), client: client, resource: resource,
                    memo: ChangeMemo()))
        }
        return FeedRead(from: from, bounds: bounds, entries: entries, truncated: rows.count == limit)
    }
}

/// The followers of a group woken by the same commit read the feed once: the first to ask
/// reads (inline, by key), the others wait for its read and take what is past their own
/// position from it, each filtering it for what it may see. A read serves a follower only
/// when it starts at or before the follower's position and its snapshot is at least as new
/// as the follower's wake-up (`ChangeSignal.generation(of:)`); otherwise the follower starts
/// a new read, which later followers then share. Only the group's latest read is kept.
final class SharedFeedReads: Sendable {
    private final class Pending: Sendable {
        let from: Int64
        let generation: UInt64
        let limit: Int
        private let state = Mutex<
            (result: Result<FeedRead, DomainError>?, waiters: [CheckedContinuation<Void, Never>])
        >(
            (nil, []))

        init(from: Int64, generation: UInt64, limit: Int) {
            self.from = from
            self.generation = generation
            self.limit = limit
        }

        func finish(_ result: Result<FeedRead, DomainError>) {
            let waiters = self.state.withLock { state in
                state.result = result
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }

        func result() async -> Result<FeedRead, DomainError> {
            if let done = self.state.withLock({ $0.result }) { return done }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = self.state.withLock { state in
                    if state.result != nil { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if now { continuation.resume() }
            }
            return self.state.withLock { $0.result! }
        }
    }

    private let latest = Mutex<[String: Pending]>([:])
    /// Reads made and reads shared, for tests.
    private let counts = Atomic<Int>(0)
    private let joins = Atomic<Int>(0)

    var reads: Int { self.counts.load(ordering: .relaxed) }
    var joined: Int { self.joins.load(ordering: .relaxed) }

    /// The group's changes after a position at or past `after`, read in a snapshot holding every
    /// commit notified up to `generation`; `nil` when the read could not be made or shared (the
    /// caller then reads alone).
    func read(
        group: String, after: Int64, generation: UInt64, limit: Int, signal: ChangeSignal,
        load: @escaping @Sendable (_ from: Int64) async throws(DomainError) -> FeedRead
    ) async -> FeedRead? {
        let (pending, leads) = self.latest.withLock { latest -> (Pending, Bool) in
            if let current = latest[group], current.from <= after, current.generation >= generation,
                current.limit == limit
            {
                return (current, false)
            }
            // Taken before the read's snapshot begins: every commit counted in it is in the snapshot.
            let pending = Pending(from: after, generation: signal.generation(of: group), limit: limit)
            latest[group] = pending
            return (pending, true)
        }
        if leads {
            self.counts.add(1, ordering: .relaxed)
            do {
                pending.finish(.success(try await load(after)))
            } catch {
                pending.finish(.failure(error))
            }
        } else {
            self.joins.add(1, ordering: .relaxed)
        }
        guard case .success(let read) = await pending.result() else { return nil }
        // A read that stopped at its limit says nothing of what follows it: past its start, read alone.
        if read.truncated && read.from != after { return nil }
        return read
    }
}

/// What the server layer made of one change for one read (its encoding, say): shared by every
/// follower answered with that change from the same read, made once.
public final class ChangeMemo: Sendable {
    private let value = Mutex<(any Sendable)?>(nil)

    init() {}

    /// The value made for this change, `make` the first time.
    public func value<T: Sendable>(_ make: () throws -> T) rethrows -> T {
        if let made = self.value.withLock({ $0 }) as? T { return made }
        let made = try make()
        self.value.withLock { $0 = made }
        return made
    }
}
