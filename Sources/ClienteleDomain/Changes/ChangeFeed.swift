public import ClienteleAccess
public import ClienteleStore
public import Logging

/// The change feed (`clientele.v1.Changes`): every write appends its changes in its own
/// transaction (see `record`, called by `AuditedWriter`); followers read them after a cursor
/// and, when there is none yet, wait for the next commit of their group (`ChangeSignal`).
/// Changes older than the retention are pruned (`prune`, `runPruning`).
public struct ChangeFeed: Sendable {
    let database: any StoreDatabase
    let clock: any Clock
    let settings: ChangeFeedSettings
    let logger: Logger
    /// The reads shared by the followers woken by the same commit.
    let shared = SharedFeedReads()
    /// Makes and reads the cursors (opaque, bound to their group), with the key read at open.
    let cursors: ChangeCursorCodec

    public init(database: any StoreDatabase, clock: any Clock, settings: ChangeFeedSettings, logger: Logger) {
        self.database = database
        self.clock = clock
        self.settings = settings
        self.logger = logger
        self.cursors = ChangeCursorCodec(
            key: settings.cursorKey ?? database.changeCursorSecret.key,
            legacyLimit: database.changeCursorSecret.legacyLimit)
    }

    // MARK: Following

    /// Which changes of the group a follower may see.
    enum Visibility: Sendable {
        /// All of them (a group grant whose role may follow).
        case group
        /// Those of these clients (client grants whose role may follow), read by client.
        case clients(Set<String>)
        /// Those whose client the policy lets `principal` follow as the client is now (a manager:
        /// the clients assigned to it, with any client grant of its own). The group's changes are
        /// read and filtered; the cursor moves past the others, as it does past kinds not asked for.
        case decided(Principal, now: Int64)

        var readsByClient: Bool {
            if case .clients = self { true } else { false }
        }

        func allows(_ entry: FeedRead.Entry) -> Bool {
            switch self {
            case .group: return true
            case .clients(let clients): return entry.change.clientID.map(clients.contains) ?? false
            case .decided(let principal, let now):
                guard let resource = entry.resource else { return false }
                return Policy.decide(principal, .changesFollow, on: resource, now: now).allowed
            }
        }
    }

    /// The changes after the query's cursor that `principal` may see, oldest first. With none,
    /// waits up to the query's wait (capped at `maximumWaitMillis` and a little before
    /// `deadline`) for one to commit. The caller has been authorized for the group (a group
    /// grant), for some of its clients (their changes only), or as a manager of the group (the
    /// changes of the clients assigned to it when each is read).
    public func follow(
        _ query: ChangeQuery, for principal: Principal, deadline: ContinuousClock.Instant? = nil
    ) async throws(DomainError) -> ChangePage {
        let groupID = try Validate.required(query.groupID, "group_id", maxLength: 64)
        let after = try self.cursors.decode(query.afterCursor, group: groupID)
        let cursors = self.cursors.group(groupID)
        if after != nil && query.fromNow {
            throw .invalidArgument(field: "from_now", reason: "is for an empty after_cursor only")
        }
        let kinds = try Self.kinds(query.kinds)
        guard query.waitMillis >= 0 else {
            throw .invalidArgument(field: "wait_millis", reason: "must not be negative")
        }
        let pageSize = try Validate.pageSize(query.pageSize, defaultSize: 100, maximum: 500)
        let visibility = try Self.visibility(principal, group: groupID, now: self.clock.nowMillis())

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
            // How far behind the group's last commit it is (`nil`: not known, or past the feed's head).
            let behind = position.flatMap { from in
                signal.head(of: groupID).flatMap { from <= $0.feed ? $0.group - from : nil }
            }
            // Back where its last answer ended, at the group's last change: nothing to read
            // until the group's next commit wakes the wait (then, or at its end, it reads).
            if !woken, let behind, behind <= 0, ContinuousClock.now < until {
                await self.database.commitWait.around { await signal.wait(ticket, until: until) }
                woken = true
                continue
            }
            let page: (page: ChangePage, position: Int64)
            // Woken, or back a few changes behind (the commits made while it was away): the
            // group's followers share reads.
            if woken || (behind ?? .max) <= Self.nearChanges, let from = position,
                let shared = await self.shared.read(
                    group: groupID, after: from, generation: ticket.generation, limit: scanLimit, signal: signal,
                    load: { [database] from throws(DomainError) in
                        // Woken at the feed's end, the read finds what the last commits added, a
                        // few rows by key: inline, without the pool's two thread switches.
                        try await database.lookByKey {
                            try FeedRead.load(
                                groupID: groupID, from: from, limit: scanLimit, cursors: cursors, store: $0)
                        }
                    }),
                // Client grants read by client: a group read cut at its limit may hold too few of theirs.
                !(shared.truncated && visibility.readsByClient)
            {
                // The followers of the group woken by a commit (or back near it) take their pages from one read.
                page = try Self.page(
                    shared, after: from, visibility: visibility, kinds: kinds, pageSize: pageSize, cursors: cursors)
            } else {
                let fromNow = query.fromNow
                let from = position
                let read = { @Sendable (store: StoreContext) in
                    try Self.read(
                        groupID: groupID, after: from, fromNow: fromNow, visibility: visibility, kinds: kinds,
                        pageSize: pageSize, scanLimit: scanLimit, cursors: cursors, store: store)
                }
                // A first read may catch up on a long feed: pooled.
                page = woken ? try await self.database.lookByKey(read) : try await self.database.look(read)
            }
            position = page.position
            if !page.page.changes.isEmpty || page.page.more || ContinuousClock.now >= until || signal.isClosed
                || Task.isCancelled
            {
                return page.page
            }
            // The wait needs none of the cores: the call's running slot is lent back meanwhile.
            await self.database.commitWait.around { await signal.wait(ticket, until: until) }
            woken = true
        }
    }

    /// How far behind the group's last change (in the daemon-wide sequence) a follower may come
    /// back and still share reads: the rows it misses are at most these, read inline.
    static let nearChanges: Int64 = 64

    /// One read of the feed by one follower, in one snapshot: the cursor checked against what
    /// is kept, then the rows (by client for client grants), then the clients of those it answers.
    private static func read(
        groupID: String, after: Int64?, fromNow: Bool, visibility: Visibility, kinds: Set<Int>?, pageSize: Int,
        scanLimit: Int, cursors: ChangeCursorCodec.Group, store: StoreContext
    ) throws -> (page: ChangePage, position: Int64) {
        let bounds = try store.changes.bounds()
        let from = try Self.start(after: after, fromNow: fromNow, bounds: bounds, cursors: cursors)
        var clients: Set<String>?
        if case .clients(let granted) = visibility { clients = granted }
        let rows = try store.changes.list(groupID: groupID, after: from, clients: clients, limit: scanLimit)
        // Only a manager's filter needs each row's client as the policy sees it; the others need
        // the clients of the rows answered alone.
        var resources: [String: Resource?] = [:]
        var entries: [FeedRead.Entry] = []
        entries.reserveCapacity(rows.count)
        for row in rows {
            var resource: Resource?
            if case .decided = visibility, let clientID = row.clientID {
                if let known = resources[clientID] {
                    resource = known
                } else {
                    resource = try ClientService.resource(clientID, store: store)
                    resources[clientID] = .some(resource)
                }
            }
            entries.append(
                FeedRead.Entry(change: row, cursor: "", client: nil, resource: resource, memo: ChangeMemo()))
        }
        let selected = Self.select(
            entries, from: from, truncated: rows.count == scanLimit, visibility: visibility, kinds: kinds,
            pageSize: pageSize)
        // Each client the page carries, read once, as it is now.
        var views: [String: ClientView] = [:]
        var changes: [ChangeView] = []
        changes.reserveCapacity(selected.taken.count)
        for entry in selected.taken {
            var client: ClientView?
            if ChangeKind(rawValue: entry.change.kind)?.carriesClient == true, let clientID = entry.change.clientID {
                if let known = views[clientID] {
                    client = known
                } else if let record = try store.clients.fetch(id: clientID) {
                    client = ClientView(client: record, contacts: try store.contacts.forClient(clientID))
                    views[clientID] = client
                }
            }
            changes.append(
                ChangeView(
                    change: entry.change, cursor: cursors.encode(entry.change.sequence), client: client,
                    memo: entry.memo))
        }
        return (
            ChangePage(changes: changes, nextCursor: cursors.encode(selected.position), more: selected.more),
            selected.position
        )
    }

    /// A follower's page out of a read shared with the other followers of its group.
    static func page(
        _ read: FeedRead, after: Int64, visibility: Visibility, kinds: Set<Int>?, pageSize: Int,
        cursors: ChangeCursorCodec.Group
    ) throws(DomainError) -> (page: ChangePage, position: Int64) {
        let from = try Self.start(after: after, fromNow: false, bounds: read.bounds, cursors: cursors)
        var entries = read.entries.drop(while: { $0.change.sequence <= from })
        // As the client index would have answered: the rows of the granted clients alone.
        if case .clients = visibility { entries = entries.filter(visibility.allows)[...] }
        let selected = Self.select(
            entries, from: from, truncated: read.truncated, visibility: visibility, kinds: kinds, pageSize: pageSize)
        let changes = selected.taken.map {
            ChangeView(change: $0.change, cursor: $0.cursor, client: $0.client, memo: $0.memo)
        }
        return (
            ChangePage(changes: changes, nextCursor: cursors.encode(selected.position), more: selected.more),
            selected.position
        )
    }

    /// Where a read starts: after the cursor, checked against what is kept; with none, at the
    /// oldest change kept (or, `fromNow`, after the last one).
    /// The cursors the errors name are the group's: they tell its follower nothing of the others.
    private static func start(
        after: Int64?, fromNow: Bool, bounds: ChangeStore.Bounds, cursors: ChangeCursorCodec.Group
    ) throws(DomainError) -> Int64 {
        guard let after else { return fromNow ? bounds.head : bounds.prunedThrough }
        guard after >= bounds.prunedThrough else {
            throw DomainError.failedPrecondition(
                "after_cursor is older than the oldest change kept (changes are kept for the daemon's "
                    + "--changes-retention-hours); the oldest cursor still served is "
                    + "\(cursors.encode(bounds.prunedThrough)): follow from it after reading "
                    + "again what the changes in between would have told")
        }
        guard after <= bounds.head else {
            throw DomainError.failedPrecondition(
                "after_cursor is ahead of this change feed, whose last cursor is "
                    + "\(cursors.encode(bounds.head)): it comes from another copy of this data folder (a cursor of "
                    + "another folder is not a cursor of this feed: its key differs)")
        }
        return after
    }

    /// The entries a page answers, oldest first, and the position after it: entries of kinds not
    /// asked for, and (for a manager) of clients it may not follow, are passed over.
    private static func select<Entries: Collection<FeedRead.Entry>>(
        _ entries: Entries, from: Int64, truncated: Bool, visibility: Visibility, kinds: Set<Int>?, pageSize: Int
    ) -> (taken: [FeedRead.Entry], position: Int64, more: Bool) {
        var taken: [FeedRead.Entry] = []
        var position = from
        var more = truncated
        let decided: Bool
        if case .decided = visibility { decided = true } else { decided = false }
        for entry in entries {
            if let kinds, !kinds.contains(entry.change.kind) {
                position = entry.change.sequence
                continue
            }
            if decided && !visibility.allows(entry) {
                position = entry.change.sequence
                continue
            }
            guard taken.count < pageSize else {
                more = true
                break
            }
            taken.append(entry)
            position = entry.change.sequence
        }
        return (taken, position, more)
    }

    /// What `principal` may follow in the group: the whole group (a group grant whose role may),
    /// the changes the policy lets it follow client by client (a manager's group grant: the clients
    /// assigned to it), or those of its client grants whose role may. PERMISSION_DENIED when none.
    static func visibility(_ principal: Principal, group: String, now: Int64) throws(DomainError) -> Visibility {
        if Policy.decide(principal, .changesFollow, on: .group(group), now: now).allowed { return .group }
        if Self.followsAssignedClients(principal, group: group, now: now) { return .decided(principal, now: now) }
        let clients = principal.grants.filter { $0.groupID == group && $0.scope.kind == .client }.map(\.scope.id)
            .filter {
                Policy.decide(principal, .changesFollow, on: Resource(groupID: group, clientID: $0), now: now).allowed
            }
        guard !clients.isEmpty else {
            throw .permissionDenied("denied: no grant allows \(Action.changesFollow.rawValue) in group \(group)")
        }
        return .clients(Set(clients))
    }

    /// Whether `principal` holds a live grant on the group whose role may follow the clients
    /// assigned to it (a manager).
    public static func followsAssignedClients(_ principal: Principal, group: String, now: Int64) -> Bool {
        principal.grants.contains {
            $0.groupID == group && $0.scope == .group(group) && $0.isLive(at: now)
                && Policy.actions(of: $0.role)[.changesFollow]?.contains(.assignedClient) == true
        }
    }

    /// The daemon's clock, for the gate's decisions about following.
    public var nowMillis: Int64 { self.clock.nowMillis() }

    /// One client of the group assigned to the user (a manager), as the policy sees it; `nil`
    /// when none is. The gate lets a manager follow the group through it.
    public func anyClientAssigned(to userID: String, in groupID: String) async throws(DomainError) -> Resource? {
        try await self.database.lookByKey { store in
            try store.clients.anyManaged(by: userID, inGroup: groupID).flatMap {
                try ClientService.resource($0, store: store)
            }
        }
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
            if deleted > 0 { self.database.changeSignal.forgetHeads() }
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
                // One daemon of those sharing the store prunes.
                if await self.database.runsPeriodicJobs() { try await self.prune() }
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
