import GRDB

/// Billing accounts and their append-only ledgers (triggers refuse UPDATE and DELETE of entries).
public struct SQLiteBillingStore {
    let db: Database

    private static let entryColumns = """
        id, client_id, sequence, kind, amount_minor, balance_after_minor, currency, actor, on_behalf_of, comment, \
        idempotency_key, at, payment_method, payment_reference, payment_payer, corrects_entry_id, package_name
        """

    public func insertAccount(_ account: BillingAccountRecord) throws {
        try StoreError.mapping(missing: "client \(account.clientID)") {
            try self.db.execute(
                cached: """
                    INSERT INTO billing_accounts (client_id, group_id, balance_minor, entry_count) VALUES (?, ?, ?, ?)
                    """,
                arguments: [account.clientID, account.groupID, account.balanceMinor, account.entryCount]
            )
        }
    }

    public func account(clientID: String) throws -> BillingAccountRecord? {
        try StoreError.mapping {
            try Row.fetchOne(
                cached: self.db, sql: "SELECT * FROM billing_accounts WHERE client_id = ?", arguments: [clientID]
            )
            .map { row in
                BillingAccountRecord(
                    clientID: try row.decode(forColumn: "client_id"),
                    groupID: try row.decode(forColumn: "group_id"),
                    balanceMinor: try row.decode(forColumn: "balance_minor"),
                    entryCount: try row.decode(forColumn: "entry_count")
                )
            }
        }
    }

    /// Appends `entry` (its sequence must be the account's next) and moves the
    /// account's balance to the entry's resulting balance. Throws `.duplicate` for a
    /// second correction of the same payment.
    public func append(_ entry: LedgerEntryRecord) throws {
        try StoreError.mapping(missing: "billing account of client \(entry.clientID)") {
            try self.db.execute(
                cached:
                    "INSERT INTO ledger_entries (\(Self.entryColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    entry.id, entry.clientID, entry.sequence, entry.kind, entry.amountMinor, entry.balanceAfterMinor,
                    entry.currency, entry.actor, entry.onBehalfOf, entry.comment, entry.idempotencyKey, entry.at,
                    entry.paymentMethod, entry.paymentReference, entry.paymentPayer, entry.correctsEntryID,
                    entry.packageName,
                ]
            )
            try self.db.execute(
                cached: """
                    UPDATE billing_accounts SET balance_minor = ?, entry_count = ?
                    WHERE client_id = ? AND entry_count = ?
                    """,
                arguments: [entry.balanceAfterMinor, entry.sequence, entry.clientID, entry.sequence - 1]
            )
            guard self.db.changesCount == 1 else {
                throw StoreError.notFound("billing account of client \(entry.clientID) at entry \(entry.sequence - 1)")
            }
        }
    }

    public func entry(id: String) throws -> LedgerEntryRecord? {
        try StoreError.mapping {
            try Row.fetchOne(
                cached: self.db, sql: "SELECT \(Self.entryColumns) FROM ledger_entries WHERE id = ?", arguments: [id]
            )
            .map(Self.entry)
        }
    }

    /// The correction of a payment entry, if there is one.
    public func correction(of entryID: String) throws -> LedgerEntryRecord? {
        try StoreError.mapping {
            try Row.fetchOne(
                cached: self.db, sql: "SELECT \(Self.entryColumns) FROM ledger_entries WHERE corrects_entry_id = ?",
                arguments: [entryID]
            )
            .map(Self.entry)
        }
    }

    /// The sum of an account's entries, computed from the ledger itself (for checks).
    public func ledgerSum(clientID: String) throws -> Int64 {
        try StoreError.mapping {
            try Int64.fetchOne(
                cached: self.db, sql: "SELECT coalesce(sum(amount_minor), 0) FROM ledger_entries WHERE client_id = ?",
                arguments: [clientID]
            ) ?? 0
        }
    }

    public func entries(_ query: LedgerQuery) throws -> [LedgerEntryRecord] {
        try StoreError.mapping {
            var conditions = ["client_id = ?"]
            var arguments: StatementArguments = [query.clientID]
            if !query.kinds.isEmpty {
                conditions.append(
                    "kind IN (\(Array(repeating: "?", count: query.kinds.count).joined(separator: ", ")))")
                arguments += StatementArguments(query.kinds)
            }
            if let since = query.since {
                conditions.append("at >= ?")
                arguments += [since]
            }
            if let until = query.until {
                conditions.append("at < ?")
                arguments += [until]
            }
            if let before = query.beforeSequence {
                conditions.append("sequence < ?")
                arguments += [before]
            }
            arguments += [query.limit]
            return try Row.fetchAll(
                self.db,
                sql: """
                    SELECT \(Self.entryColumns) FROM ledger_entries WHERE \(conditions.joined(separator: " AND "))
                    ORDER BY sequence DESC LIMIT ?
                    """,
                arguments: arguments
            )
            .map(Self.entry)
        }
    }

    /// The balance of a client's account at `time`: the sum of its entries before then.
    public func balance(clientID: String, before time: Int64) throws -> Int64 {
        try StoreError.mapping {
            try Int64.fetchOne(
                cached: self.db,
                sql: "SELECT coalesce(sum(amount_minor), 0) FROM ledger_entries WHERE client_id = ? AND at < ?",
                arguments: [clientID, time]
            ) ?? 0
        }
    }

    /// A client's latest entry before `time`, if any.
    public func lastEntry(clientID: String, before time: Int64) throws -> LedgerEntryRecord? {
        try StoreError.mapping {
            try Row.fetchOne(
                cached: self.db,
                sql: """
                    SELECT \(Self.entryColumns) FROM ledger_entries WHERE client_id = ? AND at < ?
                    ORDER BY at DESC, sequence DESC LIMIT 1
                    """,
                arguments: [clientID, time]
            )
            .map(Self.entry)
        }
    }

    /// A client's entries from `start` (inclusive) to `end` (exclusive), oldest first, at most `limit`.
    public func entries(clientID: String, from start: Int64, to end: Int64, limit: Int) throws -> [LedgerEntryRecord] {
        try StoreError.mapping {
            try Row.fetchAll(
                cached: self.db,
                sql: """
                    SELECT \(Self.entryColumns) FROM ledger_entries WHERE client_id = ? AND at >= ? AND at < ?
                    ORDER BY at, sequence LIMIT ?
                    """,
                arguments: [clientID, start, end, limit]
            )
            .map(Self.entry)
        }
    }

    /// The entries a statement lists (see `StatementStore`), oldest first.
    public func entries(listedIn statementID: String) throws -> [LedgerEntryRecord] {
        try StoreError.mapping {
            try Row.fetchAll(
                cached: self.db,
                sql: """
                    SELECT \(Self.entryColumns) FROM ledger_entries
                    WHERE id IN (SELECT entry_id FROM statement_entries WHERE statement_id = ?)
                    ORDER BY at, sequence
                    """,
                arguments: [statementID]
            )
            .map(Self.entry)
        }
    }

    private static func entry(_ row: Row) throws -> LedgerEntryRecord {
        LedgerEntryRecord(
            id: try row.decode(forColumn: "id"),
            clientID: try row.decode(forColumn: "client_id"),
            sequence: try row.decode(forColumn: "sequence"),
            kind: try row.decode(forColumn: "kind"),
            amountMinor: try row.decode(forColumn: "amount_minor"),
            balanceAfterMinor: try row.decode(forColumn: "balance_after_minor"),
            currency: try row.decode(forColumn: "currency"),
            actor: try row.decode(forColumn: "actor"),
            onBehalfOf: try row.decode(forColumn: "on_behalf_of"),
            comment: try row.decode(forColumn: "comment"),
            idempotencyKey: try row.decode(forColumn: "idempotency_key"),
            at: try row.decode(forColumn: "at"),
            paymentMethod: try row.decode(forColumn: "payment_method"),
            paymentReference: try row.decode(forColumn: "payment_reference"),
            paymentPayer: try row.decode(forColumn: "payment_payer"),
            correctsEntryID: try row.decode(forColumn: "corrects_entry_id"),
            packageName: try row.decode(forColumn: "package_name")
        )
    }
}

@available(*, unavailable)
extension SQLiteBillingStore: Sendable {}

extension SQLiteBillingStore: BillingStore {}
