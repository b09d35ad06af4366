public import ClienteleStore
import PostgresNIO

/// Statements of billing accounts and the ledger entries each lists, on PostgreSQL: the same
/// operations and answers as `StatementStore`. Both tables are append-only (triggers refuse
/// UPDATE and DELETE).
public struct PostgresStatementStore: StatementStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    private static let columns = """
        id, group_id, client_id, number, period_start, period_end, currency, opening_minor, credits_minor, \
        debits_minor, closing_minor, entry_count, recipient_email, message_id, created_at, created_by
        """

    /// The number the group's next statement takes: one more than its highest (1 for the first).
    /// Read in the transaction that inserts it, so that numbers stay gap-free.
    ///
    /// Across daemons: two statements of one group issued at once both read the same highest
    /// number; the second to insert it conflicts on `UNIQUE (group_id, number)` with the first,
    /// and under SERIALIZABLE (both read the range the other wrote) PostgreSQL reports that as a
    /// serialization failure, so `PostgresDatabase.write` runs it again with the next number.
    public func nextNumber(groupID: String) throws -> Int64 {
        try StoreError.mappingPostgres {
            try self.session.value(
                Int64.self, "SELECT coalesce(max(number), 0) + 1 FROM statements WHERE group_id = $1", [groupID]
            ) ?? 1
        }
    }

    /// Writes `statement` listing `entryIDs` (entries of its client). Throws `.duplicate`
    /// when its number is taken in the group.
    public func insert(_ statement: StatementRecord, entryIDs: [String]) throws {
        try StoreError.mappingPostgres(missing: "client \(statement.clientID)") {
            try self.session.execute(
                """
                INSERT INTO statements (\(Self.columns))
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
                """,
                [
                    statement.id, statement.groupID, statement.clientID, statement.number, statement.periodStart,
                    statement.periodEnd, statement.currency, statement.openingMinor, statement.creditsMinor,
                    statement.debitsMinor, statement.closingMinor, Int64(statement.entryCount),
                    statement.recipientEmail, statement.messageID, statement.createdAt, statement.createdBy,
                ]
            )
            guard !entryIDs.isEmpty else { return }
            // One statement for up to a thousand entries (SQLite inserts them one by one, in-process).
            try self.session.execute(
                """
                INSERT INTO statement_entries (statement_id, entry_id)
                SELECT $1, entry_id FROM unnest($2::text[]) WITH ORDINALITY AS listed(entry_id, position)
                ORDER BY position
                """,
                [statement.id, entryIDs]
            )
        }
    }

    public func fetch(id: String) throws -> StatementRecord? {
        try StoreError.mappingPostgres {
            try self.session.row("SELECT \(Self.columns) FROM statements WHERE id = $1", [id]).map(Self.record)
        }
    }

    /// A client's statements, highest number first, below `beforeNumber` when given.
    public func list(clientID: String, beforeNumber: Int64?, limit: Int) throws -> [StatementRecord] {
        try StoreError.mappingPostgres {
            var sql = "SELECT \(Self.columns) FROM statements WHERE client_id = $1"
            var arguments: [(any PostgresDynamicTypeEncodable)?] = [clientID]
            if let beforeNumber {
                arguments.append(beforeNumber)
                sql += " AND number < $\(arguments.count)"
            }
            arguments.append(Int64(limit))
            sql += " ORDER BY number DESC LIMIT $\(arguments.count)"
            return try self.session.rows(sql, arguments).map(Self.record)
        }
    }

    private static func record(_ row: PostgresRandomAccessRow) throws -> StatementRecord {
        StatementRecord(
            id: try row.decode("id", as: String.self),
            groupID: try row.decode("group_id", as: String.self),
            clientID: try row.decode("client_id", as: String.self),
            number: try row.decode("number", as: Int64.self),
            periodStart: try row.decode("period_start", as: Int64.self),
            periodEnd: try row.decode("period_end", as: Int64.self),
            currency: try row.decode("currency", as: String.self),
            openingMinor: try row.decode("opening_minor", as: Int64.self),
            creditsMinor: try row.decode("credits_minor", as: Int64.self),
            debitsMinor: try row.decode("debits_minor", as: Int64.self),
            closingMinor: try row.decode("closing_minor", as: Int64.self),
            entryCount: Int(try row.decode("entry_count", as: Int64.self)),
            recipientEmail: try row.decode("recipient_email", as: String.self),
            messageID: try row.decode("message_id", as: String.self),
            createdAt: try row.decode("created_at", as: Int64.self),
            createdBy: try row.decode("created_by", as: String.self)
        )
    }
}

@available(*, unavailable)
extension PostgresStatementStore: Sendable {}
