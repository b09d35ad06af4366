import GRDB

/// Statements of billing accounts and the ledger entries each lists. Both tables are
/// append-only (triggers refuse UPDATE and DELETE).
public struct SQLiteStatementStore {
    let db: Database

    private static let columns = """
        id, group_id, client_id, number, period_start, period_end, currency, opening_minor, credits_minor, \
        debits_minor, closing_minor, entry_count, recipient_email, message_id, created_at, created_by
        """

    /// The number the group's next statement takes: one more than its highest (1 for the first).
    /// Read in the transaction that inserts it, so that numbers stay gap-free.
    public func nextNumber(groupID: String) throws -> Int64 {
        try StoreError.mapping {
            try Int64.fetchOne(
                cached: self.db, sql: "SELECT coalesce(max(number), 0) + 1 FROM statements WHERE group_id = ?",
                arguments: [groupID]
            ) ?? 1
        }
    }

    /// Writes `statement` listing `entryIDs` (entries of its client). Throws `.duplicate`
    /// when its number is taken in the group.
    public func insert(_ statement: StatementRecord, entryIDs: [String]) throws {
        try StoreError.mapping(missing: "client \(statement.clientID)") {
            try self.db.execute(
                cached:
                    "INSERT INTO statements (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    statement.id, statement.groupID, statement.clientID, statement.number, statement.periodStart,
                    statement.periodEnd, statement.currency, statement.openingMinor, statement.creditsMinor,
                    statement.debitsMinor, statement.closingMinor, statement.entryCount, statement.recipientEmail,
                    statement.messageID, statement.createdAt, statement.createdBy,
                ]
            )
            for entryID in entryIDs {
                try self.db.execute(
                    cached: "INSERT INTO statement_entries (statement_id, entry_id) VALUES (?, ?)",
                    arguments: [statement.id, entryID]
                )
            }
        }
    }

    public func fetch(id: String) throws -> StatementRecord? {
        try StoreError.mapping {
            try Row.fetchOne(
                cached: self.db, sql: "SELECT \(Self.columns) FROM statements WHERE id = ?", arguments: [id]
            )
            .map(Self.record)
        }
    }

    /// A client's statements, highest number first, below `beforeNumber` when given.
    public func list(clientID: String, beforeNumber: Int64?, limit: Int) throws -> [StatementRecord] {
        try StoreError.mapping {
            var sql = "SELECT \(Self.columns) FROM statements WHERE client_id = ?"
            var arguments: StatementArguments = [clientID]
            if let beforeNumber {
                sql += " AND number < ?"
                arguments += [beforeNumber]
            }
            sql += " ORDER BY number DESC LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(cached: self.db, sql: sql, arguments: arguments).map(Self.record)
        }
    }

    private static func record(_ row: Row) throws -> StatementRecord {
        StatementRecord(
            id: try row.decode(forColumn: "id"),
            groupID: try row.decode(forColumn: "group_id"),
            clientID: try row.decode(forColumn: "client_id"),
            number: try row.decode(forColumn: "number"),
            periodStart: try row.decode(forColumn: "period_start"),
            periodEnd: try row.decode(forColumn: "period_end"),
            currency: try row.decode(forColumn: "currency"),
            openingMinor: try row.decode(forColumn: "opening_minor"),
            creditsMinor: try row.decode(forColumn: "credits_minor"),
            debitsMinor: try row.decode(forColumn: "debits_minor"),
            closingMinor: try row.decode(forColumn: "closing_minor"),
            entryCount: try row.decode(forColumn: "entry_count"),
            recipientEmail: try row.decode(forColumn: "recipient_email"),
            messageID: try row.decode(forColumn: "message_id"),
            createdAt: try row.decode(forColumn: "created_at"),
            createdBy: try row.decode(forColumn: "created_by")
        )
    }
}

@available(*, unavailable)
extension SQLiteStatementStore: Sendable {}

extension SQLiteStatementStore: StatementStore {}
