public import ClienteleAccess
public import ClienteleStore
public import Logging

/// The change feed (`clientele.v1.Changes`): every write appends its changes in its own
/// transaction (see `record`, called by `AuditedWriter`); followers read them after a cursor
/// and, when there is none yet, wait for the next commit of their group (`ChangeSignal`).
/// Changes older than the retention are pruned (`prune`, `runPruning`).
public struct ChangeFeed: Sendable {
    let database: AppDatabase
    let clock: any Clock
    let settings: ChangeFeedSettings
    let logger: Logger

    public init(database: AppDatabase, clock: any Clock, settings: ChangeFeedSettings, logger: Logger) {
        self.database = database
        self.clock = clock
        self.settings = settings
        self.logger = logger
    }

    // MARK: Following

    /// The changes after the query's cursor that `principal` may see, oldest first. With none,
    /// waits up to the query's wait (capped at `maximumWaitMillis` and a little before
    /// `deadline`) for one to commit. The caller has been authorized for the group (a group
    /// grant) or for some of its clients (their changes only).
    public func follow(
        _ query: ChangeQuery, for principal: Principal, deadline: ContinuousClock.Instant? = nil
    ) async throws(DomainError) -> ChangePage {
        let groupID = try Validate.required(query.groupID, "group_id", maxLength: 64)
        let after = try ChangeCursor.decode(query.afterCursor)
        if after != nil && query.fromNow {
            throw .invalidArgument(field: "from_now", reason: "is for an empty after_cursor only")
        }
        let kinds = try Self.kinds(query.kinds)
        guard query.waitMillis >= 0 else {
            throw .invalidArgument(field: "wait_millis", reason: "must not be negative")
        }
        let pageSize = try Validate.pageSize(query.pageSize, defaultSize: 100, maximum: 500)
        let clients = try Self.visibleClients(principal, group: groupID, now: self.clock.nowMillis())

        let start = ContinuousClock.now
        var until = start + .milliseconds(min(Int64(query.waitMillis), self.settings.maximumWaitMillis))
        if let deadline {
            // Answered before the caller gives up: a tenth of the time left, at most 100 ms, to spare.
            until = min(until, deadline - max(.zero, min(.milliseconds(100), (deadline - start) / 10)))
        }
        let signal = self.database.changeSignal
        let scanLimit = max(self.settings.scanLimit, pageSize)
        var position = after
        var woken = false
        while true {
            // Watched before the read: a commit after it wakes the wait below at once.
            let ticket = signal.watch(groupID)
            defer { signal.end(ticket) }
            let fromNow = query.fromNow
            let from = position
            let read = { @Sendable (store: StoreContext) in
                try Self.read(
                    groupID: groupID, after: from, fromNow: fromNow, clients: clients, kinds: kinds,
                    pageSize: pageSize, scanLimit: scanLimit, store: store)
            }
            // Woken at the feed's end, the read finds what the last commits added, a few rows
            // by key: inline, without the pool's two thread switches (every follower of a group
            // reads after each of its commits). A first read may catch up on a long feed: pooled.
            let page = woken ? try await self.database.lookByKey(read) : try await self.database.look(read)
            position = page.position
            if !page.page.changes.isEmpty || page.page.more || ContinuousClock.now >= until || signal.isClosed
                || Task.isCancelled
            {
                return page.page
            }
            // The wait needs none of the cores: the call's running slot is lent back meanwhile.
            self.database.commitWait?.willWait()
            await signal.wait(ticket, until: until)
            await self.database.commitWait?.didWait()
            woken = true
        }
    }

    /// One read of the feed, in one snapshot: the cursor checked against what is kept, then the rows.
    private static func read(
        groupID: String, after: Int64?, fromNow: Bool, clients: Set<String>?, kinds: Set<Int>?, pageSize: Int,
        scanLimit: Int, store: StoreContext
    ) throws -> (page: ChangePage, position: Int64) {
        let bounds = try store.changes.bounds()
        let from: Int64
        if let after {
            guard after >= bounds.prunedThrough else {
                throw DomainError.failedPrecondition(
                    "after_cursor is older than the oldest change kept (changes are kept for the daemon's "
                        + "--changes-retention-hours); the oldest cursor still served is "
                        + "\(ChangeCursor.encode(bounds.prunedThrough)): follow from it after reading "
                        + "again what the changes in between would have told")
            }
            guard after <= bounds.head else {
                throw DomainError.failedPrecondition(
                    "after_cursor is ahead of this change feed, whose last cursor is "
                        + "\(ChangeCursor.encode(bounds.head)): it comes from another data folder")
            }
            from = after
        } else {
            from = fromNow ? bounds.head : bounds.prunedThrough
        }
        let rows = try store.changes.list(groupID: groupID, after: from, clients: clients, limit: scanLimit)
        var taken: [ChangeRecord] = []
        var position = from
        var more = rows.count == scanLimit
        for row in rows {
            if let kinds, !kinds.contains(row.kind) {
                position = row.sequence
                continue
            }
            guard taken.count < pageSize else {
                more = true
                break
            }
            taken.append(row)
            position = row.sequence
        }
        // Each client the page carries, read once, as it is now.
        var views: [String: ClientView] = [:]
        for row in taken where ChangeKind(rawValue: row.kind)?.carriesClient == true {
            guard let clientID = row.clientID, views[clientID] == nil,
                let client = try store.clients.fetch(id: clientID)
            else { continue }
            views[clientID] = ClientView(client: client, contacts: try store.contacts.forClient(clientID))
        }
        let changes = taken.map { row in
            ChangeView(
                change: row, cursor: ChangeCursor.encode(row.sequence),
                client: ChangeKind(rawValue: row.kind)?.carriesClient == true ? row.clientID.flatMap { views[$0] } : nil
            )
        }
        return (ChangePage(changes: changes, nextCursor: ChangeCursor.encode(position), more: more), position)
    }

    /// `nil` when the principal may follow the whole group; else the clients whose changes it
    /// may follow (a client-scoped grant). PERMISSION_DENIED when none.
    static func visibleClients(_ principal: Principal, group: String, now: Int64) throws(DomainError) -> Set<String>? {
        if Policy.decide(principal, .changesFollow, on: .group(group), now: now).allowed { return nil }
        let clients = principal.grants.filter { $0.groupID == group && $0.scope.kind == .client }.map(\.scope.id)
            .filter {
                Policy.decide(principal, .changesFollow, on: Resource(groupID: group, clientID: $0), now: now).allowed
            }
        guard !clients.isEmpty else {
            throw .permissionDenied("denied: no grant allows \(Action.changesFollow.rawValue) in group \(group)")
        }
        return Set(clients)
    }

    /// The kinds asked for; `nil` for all.
    static func kinds(_ values: [Int]) throws(DomainError) -> Set<Int>? {
        guard !values.isEmpty else { return nil }
        for value in values where ChangeKind(rawValue: value) == nil {
            throw .invalidArgument(
                field: "kinds",
                reason: value == 0 ? "must not hold CHANGE_KIND_UNSPECIFIED" : "has no kind numbered \(value)")
        }
        return Set(values)
    }

    // MARK: Retention

    /// Deletes the changes older than the retention, in batches; returns how many went.
    @discardableResult
    public func prune() async throws(DomainError) -> Int {
        let cutoff = self.clock.nowMillis() - self.settings.retentionMillis
        let batch = self.settings.pruneBatch
        var pruned = 0
        while true {
            let deleted = try await self.database.change { try $0.changes.prune(before: cutoff, limit: batch) }
            pruned += deleted
            if deleted < batch { break }
        }
        if pruned > 0 { self.logger.info("change feed pruned", metadata: ["changes": "\(pruned)"]) }
        return pruned
    }

    /// Prunes every `interval` until the task is cancelled; a failed pass is logged and retried.
    public func runPruning(every interval: Duration) async {
        while !Task.isCancelled {
            do {
                try await self.prune()
            } catch {
                self.logger.warning("change feed prune failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// Wakes every follower waiting and makes later follows answer at once (the daemon is stopping).
    public func stopWaiting() {
        self.database.changeSignal.close()
    }
}
