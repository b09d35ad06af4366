public import ClienteleStore

/// Billing accounts: posting ledger entries under the limits, reading balances
/// and ledgers, changing terms. Each post is one transaction: the limit check,
/// the entry, the new balance, the audit entry and the idempotency key.
public struct BillingService: Sendable {
    let database: any StoreDatabase
    let clock: any Clock
    let ids: any IDGenerator
    let writer: AuditedWriter

    private struct Position: Codable {
        var sequence: Int64
        var filters: String
    }

    public init(database: any StoreDatabase, clock: any Clock, ids: any IDGenerator) {
        self.database = database
        self.clock = clock
        self.ids = ids
        self.writer = AuditedWriter(database: database, clock: clock, ids: ids)
    }

    public func replay(_ origin: WriteOrigin) async throws(DomainError) -> [UInt8]? {
        try await self.writer.replay(origin)
    }

    public func post(
        _ clientID: String, _ draft: EntryDraft, _ write: Write<LedgerPosting>
    ) async throws(DomainError)
        -> LedgerPosting
    {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let draft = try Self.validated(draft)
        let entryID = self.ids.make("ent")
        let origin = write.origin
        return try await self.writer.commit(write) { store, trail, now in
            try Self.post(draft, to: id, entryID: entryID, origin: origin, store: store, trail: trail, now: now)
        }
    }

    /// Posts a validated entry inside the caller's transaction: `post` above, and the
    /// opening credit of `ClientService.create`.
    static func post(
        _ draft: EntryDraft, to id: String, entryID: String, origin: WriteOrigin, store: StoreContext,
        trail: AuditTrail, now: Int64
    ) throws -> LedgerPosting {
        let client = try ClientService.open(id, store: store)
        let balance = try Self.balance(client, store: store)
        var corrected: LedgerEntryRecord?
        if draft.kind == .paymentCorrection {
            corrected = try store.billing.entry(id: draft.correctsEntryID).flatMap { $0.clientID == id ? $0 : nil }
            if corrected != nil, let earlier = try store.billing.correction(of: draft.correctsEntryID) {
                throw DomainError.failedPrecondition(
                    "entry \(draft.correctsEntryID) was already corrected by entry \(earlier.id)")
            }
        }
        let (amount, after) = try BillingRules.apply(draft, to: balance, corrected: corrected)
        let entry = LedgerEntryRecord(
            id: entryID, clientID: id, sequence: balance.account.entryCount + 1, kind: draft.kind.rawValue,
            amountMinor: amount, balanceAfterMinor: after, currency: balance.currency, actor: origin.actor,
            onBehalfOf: origin.onBehalfOf, comment: draft.comment, idempotencyKey: origin.idempotency?.key,
            at: now, paymentMethod: draft.paymentMethod, paymentReference: draft.paymentReference,
            paymentPayer: draft.paymentPayer, correctsEntryID: corrected?.id, packageName: draft.packageName)
        try store.billing.append(entry)
        var account = balance.account
        account.balanceMinor = after
        account.entryCount = entry.sequence
        trail.record(
            group: client.groupID, client: id, resource: "entry:\(entryID)", changed: ["balance"],
            detail: "\(draft.kind.name) \(Money.format(amount, balance.currency))")
        return LedgerPosting(entry: entry, balance: BalanceView(account: account, client: client))
    }

    public func balance(_ clientID: String) async throws(DomainError) -> BalanceView {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        return try await self.database.lookByKey { store in
            guard let client = try store.clients.fetch(id: id) else { throw DomainError.notFound("client \(id)") }
            return try Self.balance(client, store: store)
        }
    }

    public func entries(
        _ clientID: String, kinds: [Int], sinceMillis: Int64, untilMillis: Int64, pageSize: Int32, pageToken: String
    ) async throws(DomainError) -> LedgerPage {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        var query = LedgerQuery(clientID: id)
        for (index, kind) in kinds.enumerated() where EntryKind(rawValue: kind) == nil {
            throw .invalidArgument(field: "kinds[\(index)]", reason: "has no entry kind numbered \(kind)")
        }
        query.kinds = Array(Set(kinds)).sorted()
        guard sinceMillis >= 0, untilMillis >= 0 else {
            throw .invalidArgument(field: "since_millis", reason: "must not be negative")
        }
        query.since = sinceMillis == 0 ? nil : sinceMillis
        query.until = untilMillis == 0 ? nil : untilMillis
        let limit = try Validate.pageSize(pageSize)
        query.limit = limit + 1
        let filters = "\(query.kinds)|\(sinceMillis)|\(untilMillis)"
        if let position = try PageToken.decode(pageToken, as: Position.self) {
            guard position.filters == filters else {
                throw .invalidArgument(
                    field: "page_token", reason: "was made for other filters; start again without it")
            }
            query.beforeSequence = position.sequence
        }
        let page = query
        return try await self.database.look { store in
            guard try store.clients.ownership(id: id) != nil else { throw DomainError.notFound("client \(id)") }
            var entries = try store.billing.entries(page)
            let next = PageToken.trim(&entries, limit: limit) { Position(sequence: $0.sequence, filters: filters) }
            return LedgerPage(entries: entries, nextPageToken: next)
        }
    }

    /// Changes billing mode and credit limit; refused when the balance would be below the new floor.
    public func changeTerms(
        _ clientID: String, mode: Int, creditLimitMinor: Int64, reason: String, _ write: Write<BalanceView>
    ) async throws(DomainError) -> BalanceView {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        guard mode == 1 || mode == 2 else {
            throw .invalidArgument(field: "billing_mode", reason: "must be prepaid or postpaid (got \(mode))")
        }
        guard creditLimitMinor >= 0 else {
            throw .invalidArgument(field: "credit_limit_minor", reason: "must not be negative")
        }
        guard mode == 2 || creditLimitMinor == 0 else {
            throw .invalidArgument(
                field: "credit_limit_minor", reason: "applies to postpaid accounts only; a prepaid limit is 0")
        }
        let reason = try Validate.optional(reason, "reason", maxLength: 500)
        return try await self.writer.commit(write) { store, trail, now in
            var view = try ClientService.changeable(id, expectedVersion: 0, store: store)
            let before = try Self.balance(view.client, store: store)
            try BillingRules.checkTerms(
                mode: mode, limit: creditLimitMinor, balance: before.account.balanceMinor, currency: before.currency)
            var changed: [String] = []
            if view.client.billingMode != mode { changed.append("billing_mode") }
            if view.client.creditLimitMinor != creditLimitMinor { changed.append("credit_limit_minor") }
            guard !changed.isEmpty else { return before }
            view.client.billingMode = mode
            view.client.creditLimitMinor = creditLimitMinor
            try ClientService.save(&view.client, contacts: view.contacts, now: now, store: store)
            trail.record(
                group: view.client.groupID, client: id, resource: "client:\(id)", changed: changed, detail: reason)
            return BalanceView(account: before.account, client: view.client)
        }
    }

    /// Changes the account's currency; only at a zero balance.
    public func changeCurrency(
        _ clientID: String, currency: String, reason: String, _ write: Write<BalanceView>
    )
        async throws(DomainError) -> BalanceView
    {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let code = try Validate.required(currency, "currency", maxLength: 3).uppercased()
        guard Currency.exponent(of: code) != nil else {
            throw .invalidArgument(field: "currency", reason: "\(currency) is not an ISO 4217 currency code")
        }
        let reason = try Validate.optional(reason, "reason", maxLength: 500)
        return try await self.writer.commit(write) { store, trail, now in
            var view = try ClientService.changeable(id, expectedVersion: 0, store: store)
            let before = try Self.balance(view.client, store: store)
            guard before.account.balanceMinor == 0 else {
                throw DomainError.failedPrecondition(
                    "the currency changes only at a zero balance; the balance is \(Money.format(before.account.balanceMinor, before.currency))"
                )
            }
            guard view.client.currency != code else { return before }
            view.client.currency = code
            try ClientService.save(&view.client, contacts: view.contacts, now: now, store: store)
            trail.record(
                group: view.client.groupID, client: id, resource: "client:\(id)", changed: ["currency"], detail: reason)
            return BalanceView(account: before.account, client: view.client)
        }
    }

    static func balance(_ client: ClientRecord, store: StoreContext) throws -> BalanceView {
        let account =
            try store.billing.account(clientID: client.id)
            ?? BillingAccountRecord(clientID: client.id, groupID: client.groupID)
        return BalanceView(account: account, client: client)
    }

    /// Checks the amount (positive) and the text fields; turns a negative package into a credit note.
    static func validated(_ draft: EntryDraft) throws(DomainError) -> EntryDraft {
        var draft = draft
        guard draft.amountMinor > 0 else {
            throw .invalidArgument(field: "amount_minor", reason: "must be greater than 0 (minor units)")
        }
        draft.comment = try Validate.optional(draft.comment, "comment", maxLength: 500)
        draft.paymentMethod = try Validate.optional(draft.paymentMethod, "payment.method", maxLength: 64)
        draft.paymentReference = try Validate.optional(draft.paymentReference, "payment.reference", maxLength: 200)
        draft.paymentPayer = try Validate.optional(draft.paymentPayer, "payment.payer", maxLength: 200)
        draft.packageName = try Validate.optional(draft.packageName, "package_name", maxLength: 200)
        if draft.kind == .paymentCorrection {
            draft.correctsEntryID = try Validate.required(draft.correctsEntryID, "entry_id", maxLength: 64)
        }
        return draft
    }
}
