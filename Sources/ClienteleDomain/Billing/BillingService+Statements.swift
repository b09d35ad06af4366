import ClienteleStore
import Foundation

/// Statements: a client's account over a period, stored unchangeable, numbered per group
/// and mailed to the client's invoice recipient — all in the issuing transaction.
extension BillingService {
    /// The most entries one statement lists, so that its answer (and the answer stored with an
    /// idempotency key) stays well below the 4 MiB frame: a longer period is refused.
    public static let maximumStatementEntries = 1000
    /// How many entries the mail lists line by line; it counts the rest.
    static let mailedEntryLines = 50

    private struct StatementPosition: Codable {
        var number: Int64
    }

    /// Issues the statement of `clientID` for [periodStartMillis, periodEndMillis): its opening balance
    /// (the sum of every entry before the start), the period's entries and its closing balance. The
    /// period must have ended; periods may overlap, each call issues a new statement with the group's
    /// next number. A closed client still gets statements of its past.
    public func issueStatement(
        _ clientID: String, periodStartMillis: Int64, periodEndMillis: Int64, _ write: Write<StatementView>
    ) async throws(DomainError) -> StatementView {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        guard periodStartMillis > 0 else {
            throw .invalidArgument(field: "period_start_millis", reason: "is required (Unix milliseconds, > 0)")
        }
        guard periodEndMillis > periodStartMillis else {
            throw .invalidArgument(field: "period_end_millis", reason: "must be after period_start_millis")
        }
        guard periodEndMillis <= self.clock.nowMillis() else {
            throw .invalidArgument(
                field: "period_end_millis", reason: "is in the future: a statement covers a period that has ended")
        }
        let statementID = self.ids.make("stm")
        let messageID = self.ids.make("msg")
        let origin = write.origin
        return try await self.writer.commit(write) { store, trail, now in
            let view = try ClientService.view(id, store: store)
            let client = view.client
            let recipient = view.invoiceRecipient
            guard !recipient.isEmpty else {
                throw DomainError.failedPrecondition(
                    "client \(id) has no invoice recipient: give it a primary contact with an email, or a billing email"
                )
            }
            let entries = try store.billing.entries(
                clientID: id, from: periodStartMillis, to: periodEndMillis, limit: Self.maximumStatementEntries + 1)
            guard entries.count <= Self.maximumStatementEntries else {
                throw DomainError.failedPrecondition(
                    "the period holds more than \(Self.maximumStatementEntries) ledger entries; issue statements for shorter periods"
                )
            }
            let opening = try store.billing.balance(clientID: id, before: periodStartMillis)
            var currencies = Set(entries.map(\.currency))
            if opening != 0, let last = try store.billing.lastEntry(clientID: id, before: periodStartMillis) {
                currencies.insert(last.currency)
            }
            guard currencies.count <= 1 else {
                throw DomainError.failedPrecondition(
                    "the account's currency changed during the period (\(currencies.sorted().joined(separator: ", "))); issue one statement up to the change and one after it"
                )
            }
            let currency = currencies.first ?? client.currency
            let totals = try Self.totals(entries, opening: opening)
            let number = try store.statements.nextNumber(groupID: client.groupID)
            let statement = StatementRecord(
                id: statementID, groupID: client.groupID, clientID: id, number: number,
                periodStart: periodStartMillis, periodEnd: periodEndMillis, currency: currency, openingMinor: opening,
                creditsMinor: totals.credits, debitsMinor: totals.debits, closingMinor: totals.closing,
                entryCount: entries.count, recipientEmail: recipient, messageID: messageID, createdAt: now,
                createdBy: origin.actor)
            try store.statements.insert(statement, entryIDs: entries.map(\.id))
            try store.outbox.insert(Self.mail(statement, entries: entries, view: view))
            trail.record(
                group: client.groupID, client: id, resource: "statement:\(statementID)",
                detail: "statement \(number) for \(Self.day(periodStartMillis)) to \(Self.day(periodEndMillis)), "
                    + "closing at \(Money.format(totals.closing, currency)), sent to \(recipient)")
            return StatementView(statement: statement, entries: entries, resource: client.resource)
        }
    }

    /// One statement with its entries.
    public func statement(_ statementID: String) async throws(DomainError) -> StatementView {
        let id = try Validate.required(statementID, "statement_id", maxLength: 64)
        return try await self.database.lookByKey { store in
            guard let statement = try store.statements.fetch(id: id),
                let resource = try ClientService.resource(statement.clientID, store: store)
            else { throw DomainError.notFound("statement \(id)") }
            return StatementView(
                statement: statement, entries: try store.billing.entries(listedIn: id), resource: resource)
        }
    }

    /// A client's statements, newest (highest number) first, without their entries.
    public func statements(
        _ clientID: String, pageSize: Int32, pageToken: String
    ) async throws(DomainError) -> StatementPage {
        let id = try Validate.required(clientID, "client_id", maxLength: 64)
        let limit = try Validate.pageSize(pageSize)
        let before = try PageToken.decode(pageToken, as: StatementPosition.self)?.number
        return try await self.database.look { store in
            guard try store.clients.ownership(id: id) != nil else { throw DomainError.notFound("client \(id)") }
            var statements = try store.statements.list(clientID: id, beforeNumber: before, limit: limit + 1)
            let next = PageToken.trim(&statements, limit: limit) { StatementPosition(number: $0.number) }
            return StatementPage(statements: statements, nextPageToken: next)
        }
    }

    /// The period's credits (positive amounts), debits (negative) and the closing balance.
    static func totals(
        _ entries: [LedgerEntryRecord], opening: Int64
    ) throws -> (credits: Int64, debits: Int64, closing: Int64) {
        var credits: Int64 = 0
        var debits: Int64 = 0
        var closing = opening
        for entry in entries {
            let overflow: Bool
            if entry.amountMinor > 0 {
                (credits, overflow) = credits.addingReportingOverflow(entry.amountMinor)
            } else {
                (debits, overflow) = debits.addingReportingOverflow(entry.amountMinor)
            }
            let (sum, closingOverflow) = closing.addingReportingOverflow(entry.amountMinor)
            guard !overflow, !closingOverflow else {
                throw DomainError.failedPrecondition(
                    "the period's sums overflow 64-bit minor units; issue statements for shorter periods")
            }
            closing = sum
        }
        return (credits, debits, closing)
    }

    /// The INVOICE message carrying a statement to the client's invoice recipient.
    static func mail(
        _ statement: StatementRecord, entries: [LedgerEntryRecord], view: ClientView
    ) -> OutboxMessageRecord {
        let client = view.client
        let currency = statement.currency
        let primary = view.contacts.first { $0.isPrimary && $0.email == statement.recipientEmail }
        let name =
            primary.map { [$0.firstName, $0.lastName].filter { !$0.isEmpty }.joined(separator: " ") }
            ?? (client.billingName.isEmpty ? client.accountName : client.billingName)
        let period = "\(Self.day(statement.periodStart)) to \(Self.day(statement.periodEnd))"
        var lines = [
            "Statement \(statement.number) of the account \(client.accountName)",
            "Period: \(Self.time(statement.periodStart)) to \(Self.time(statement.periodEnd)) (end excluded)",
            "",
            "Opening balance: \(Money.format(statement.openingMinor, currency))",
        ]
        for entry in entries.prefix(Self.mailedEntryLines) {
            let kind = EntryKind(rawValue: entry.kind)?.name ?? "entry"
            let amount = (entry.amountMinor > 0 ? "+" : "") + Money.format(entry.amountMinor, currency)
            lines.append("\(Self.time(entry.at))  \(kind)  \(amount)")
        }
        if entries.count > Self.mailedEntryLines {
            lines.append("… and \(entries.count - Self.mailedEntryLines) more entries")
        }
        lines += [
            "Credits: \(Money.format(statement.creditsMinor, currency))",
            "Debits: \(Money.format(statement.debitsMinor, currency))",
            "Closing balance: \(Money.format(statement.closingMinor, currency))",
        ]
        return OutboxMessageRecord(
            id: statement.messageID, groupID: statement.groupID, clientID: statement.clientID,
            kind: OutboxKind.invoice, recipientEmail: statement.recipientEmail, recipientName: name,
            subject: "Statement \(statement.number) of \(client.accountName), \(period)",
            body: lines.joined(separator: "\n"),
            data: [
                "statement_id": statement.id, "statement_number": String(statement.number),
                "client_id": statement.clientID, "period_start_millis": String(statement.periodStart),
                "period_end_millis": String(statement.periodEnd), "currency": currency,
                "opening_balance_minor": String(statement.openingMinor),
                "credits_minor": String(statement.creditsMinor), "debits_minor": String(statement.debitsMinor),
                "closing_balance_minor": String(statement.closingMinor),
                "entry_count": String(statement.entryCount),
            ],
            createdAt: statement.createdAt)
    }

    /// "2026-11-01" (UTC).
    static func day(_ millis: Int64) -> String {
        String(Self.time(millis).prefix(10))
    }

    /// "2026-11-01T00:00:00Z".
    static func time(_ millis: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}
