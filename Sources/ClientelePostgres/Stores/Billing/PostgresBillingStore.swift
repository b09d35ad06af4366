public import ClienteleStore
import PostgresNIO

/// Billing accounts and their append-only ledgers, on PostgreSQL: the same operations and answers
/// as `BillingStore` (triggers refuse UPDATE and DELETE of entries).
///
/// Across daemons: the ledger's floor and credit limit are checked by the domain on the balance it
/// read in the write's transaction, then `append` writes the entry numbered `entry_count + 1`. On
/// SQLite the single writer keeps that read-check-write atomic. Here writes run SERIALIZABLE and
/// are retried on a serialization failure, and queue on `PostgresDatabase.write`'s write-order
/// lock before their snapshot; `append` also locks the account row (see there), so that even a
/// write without that lock racing on the same account runs again on the new balance instead of
/// both passing the check.
public struct PostgresBillingStore: BillingStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    private static let entryColumns = """
        id, client_id, sequence, kind, amount_minor, balance_after_minor, currency, actor, on_behalf_of, comment, \
        idempotency_key, at, payment_method, payment_reference, payment_payer, corrects_entry_id, package_name
        """

    public func insertAccount(_ account: BillingAccountRecord) throws {
        self.session.enqueue(
            "INSERT INTO billing_accounts (client_id, group_id, balance_minor, entry_count) VALUES ($1, $2, $3, $4)",
            [account.clientID, account.groupID, account.balanceMinor, account.entryCount],
            missing: "client \(account.clientID)"
        )
    }

    public func account(clientID: String) throws -> BillingAccountRecord? {
        try StoreError.mappingPostgres {
            try self.session.row(
                "SELECT client_id, group_id, balance_minor, entry_count FROM billing_accounts WHERE client_id = $1",
                [clientID]
            )
            .map { row in
                BillingAccountRecord(
                    clientID: try row.decode("client_id", as: String.self),
                    groupID: try row.decode("group_id", as: String.self),
                    balanceMinor: try row.decode("balance_minor", as: Int64.self),
                    entryCount: try row.decode("entry_count", as: Int64.self)
                )
            }
        }
    }

    /// Appends `entry` (its sequence must be the account's next) and moves the
    /// account's balance to the entry's resulting balance. Throws `.duplicate` for a
    /// second correction of the same payment.
    ///
    /// The account row is locked first (`FOR UPDATE`): a writer racing on the same account then
    /// waits here for the other's commit and fails with a serialization failure, which
    /// `PostgresDatabase.write` retries, so the domain checks its floor again on the new balance.
    /// Without the lock the race still could not break the floor, but it would surface as
    /// `.duplicate(field: "client_id, sequence")` (the other's entry took the number) instead of
    /// being retried (seen with two psql sessions). Writes that took the write-order lock before
    /// their snapshot never race here; the row lock is the guarantee that does not depend on it.
    public func append(_ entry: LedgerEntryRecord) throws {
        let missing = "billing account of client \(entry.clientID)"
        try StoreError.mappingPostgres(missing: missing) {
            self.session.enqueue(
                "SELECT 1 FROM billing_accounts WHERE client_id = $1 FOR UPDATE", [entry.clientID], missing: missing)
            self.session.enqueue(
                """
                INSERT INTO ledger_entries (\(Self.entryColumns))
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
                """,
                [
                    entry.id, entry.clientID, entry.sequence, Int64(entry.kind), entry.amountMinor,
                    entry.balanceAfterMinor, entry.currency, entry.actor, entry.onBehalfOf, entry.comment,
                    entry.idempotencyKey, entry.at, entry.paymentMethod, entry.paymentReference, entry.paymentPayer,
                    entry.correctsEntryID, entry.packageName,
                ],
                missing: missing
            )
            let updated = try self.session.execute(
                """
                UPDATE billing_accounts SET balance_minor = $1, entry_count = $2
                WHERE client_id = $3 AND entry_count = $4
                """,
                [entry.balanceAfterMinor, entry.sequence, entry.clientID, entry.sequence - 1]
            )
            guard updated == 1 else {
                throw StoreError.notFound("billing account of client \(entry.clientID) at entry \(entry.sequence - 1)")
            }
        }
    }

    public func entry(id: String) throws -> LedgerEntryRecord? {
        try StoreError.mappingPostgres {
            try self.session.row("SELECT \(Self.entryColumns) FROM ledger_entries WHERE id = $1", [id]).map(Self.entry)
        }
    }

    /// The correction of a payment entry, if there is one.
    public func correction(of entryID: String) throws -> LedgerEntryRecord? {
        try StoreError.mappingPostgres {
            try self.session.row(
                "SELECT \(Self.entryColumns) FROM ledger_entries WHERE corrects_entry_id = $1", [entryID]
            )
            .map(Self.entry)
        }
    }

    /// The sum of an account's entries, computed from the ledger itself (for checks).
    public func ledgerSum(clientID: String) throws -> Int64 {
        try StoreError.mappingPostgres {
            // sum(bigint) is numeric: back to bigint (an overflow fails, as SQLite's integer sum does).
            try self.session.value(
                Int64.self, "SELECT coalesce(sum(amount_minor), 0)::bigint FROM ledger_entries WHERE client_id = $1",
                [clientID]
            ) ?? 0
        }
    }

    public func entries(_ query: LedgerQuery) throws -> [LedgerEntryRecord] {
        try StoreError.mappingPostgres {
            var conditions = ["client_id = $1"]
            var arguments: [(any PostgresDynamicTypeEncodable)?] = [query.clientID]
            func bind(_ value: any PostgresDynamicTypeEncodable) -> String {
                arguments.append(value)
                return "$\(arguments.count)"
            }
            if !query.kinds.isEmpty {
                conditions.append("kind IN (\(query.kinds.map { bind(Int64($0)) }.joined(separator: ", ")))")
            }
            if let since = query.since {
                conditions.append("at >= \(bind(since))")
            }
            if let until = query.until {
                conditions.append("at < \(bind(until))")
            }
            if let before = query.beforeSequence {
                conditions.append("sequence < \(bind(before))")
            }
            let limit = bind(Int64(query.limit))
            return try self.session.rows(
                """
                SELECT \(Self.entryColumns) FROM ledger_entries WHERE \(conditions.joined(separator: " AND "))
                ORDER BY sequence DESC LIMIT \(limit)
                """,
                arguments
            )
            .map(Self.entry)
        }
    }

    /// The balance of a client's account at `time`: the sum of its entries before then.
    public func balance(clientID: String, before time: Int64) throws -> Int64 {
        try StoreError.mappingPostgres {
            try self.session.value(
                Int64.self,
                "SELECT coalesce(sum(amount_minor), 0)::bigint FROM ledger_entries WHERE client_id = $1 AND at < $2",
                [clientID, time]
            ) ?? 0
        }
    }

    /// A client's latest entry before `time`, if any.
    public func lastEntry(clientID: String, before time: Int64) throws -> LedgerEntryRecord? {
        try StoreError.mappingPostgres {
            try self.session.row(
                """
                SELECT \(Self.entryColumns) FROM ledger_entries WHERE client_id = $1 AND at < $2
                ORDER BY at DESC, sequence DESC LIMIT 1
                """,
                [clientID, time]
            )
            .map(Self.entry)
        }
    }

    /// A client's entries from `start` (inclusive) to `end` (exclusive), oldest first, at most `limit`.
    public func entries(clientID: String, from start: Int64, to end: Int64, limit: Int) throws -> [LedgerEntryRecord] {
        try StoreError.mappingPostgres {
            try self.session.rows(
                """
                SELECT \(Self.entryColumns) FROM ledger_entries WHERE client_id = $1 AND at >= $2 AND at < $3
                ORDER BY at, sequence LIMIT $4
                """,
                [clientID, start, end, Int64(limit)]
            )
            .map(Self.entry)
        }
    }

    /// The entries a statement lists (see `StatementStore`), oldest first.
    public func entries(listedIn statementID: String) throws -> [LedgerEntryRecord] {
        try StoreError.mappingPostgres {
            try self.session.rows(
                """
                SELECT \(Self.entryColumns) FROM ledger_entries
                WHERE id IN (SELECT entry_id FROM statement_entries WHERE statement_id = $1)
                ORDER BY at, sequence
                """,
                [statementID]
            )
            .map(Self.entry)
        }
    }

    private static func entry(_ row: PostgresRandomAccessRow) throws -> LedgerEntryRecord {
        LedgerEntryRecord(
            id: try row.decode("id", as: String.self),
            clientID: try row.decode("client_id", as: String.self),
            sequence: try row.decode("sequence", as: Int64.self),
            kind: Int(try row.decode("kind", as: Int64.self)),
            amountMinor: try row.decode("amount_minor", as: Int64.self),
            balanceAfterMinor: try row.decode("balance_after_minor", as: Int64.self),
            currency: try row.decode("currency", as: String.self),
            actor: try row.decode("actor", as: String.self),
            onBehalfOf: try row.optional("on_behalf_of", as: String.self),
            comment: try row.decode("comment", as: String.self),
            idempotencyKey: try row.optional("idempotency_key", as: String.self),
            at: try row.decode("at", as: Int64.self),
            paymentMethod: try row.decode("payment_method", as: String.self),
            paymentReference: try row.decode("payment_reference", as: String.self),
            paymentPayer: try row.decode("payment_payer", as: String.self),
            correctsEntryID: try row.optional("corrects_entry_id", as: String.self),
            packageName: try row.decode("package_name", as: String.self)
        )
    }
}

@available(*, unavailable)
extension PostgresBillingStore: Sendable {}
