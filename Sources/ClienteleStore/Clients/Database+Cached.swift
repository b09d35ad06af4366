import GRDB

/// Statements through the connection's statement cache: each SQL text is prepared
/// (and passed through GRDB's authorizer, a callback per column read) once per
/// connection instead of on every call. The hot paths of the client stores
/// (GetClient, ListClients, CreateClient) run a dozen statements each.
extension Database {
    func execute(cached sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try self.cachedStatement(sql: sql).execute(arguments: arguments)
    }
}

extension Row {
    static func fetchAll(
        cached db: Database, sql: String, arguments: StatementArguments = StatementArguments()
    )
        throws -> [Row]
    {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }

    static func fetchOne(
        cached db: Database, sql: String, arguments: StatementArguments = StatementArguments()
    )
        throws -> Row?
    {
        try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }
}

extension DatabaseValueConvertible where Self: StatementColumnConvertible {
    static func fetchOne(
        cached db: Database, sql: String, arguments: StatementArguments = StatementArguments()
    )
        throws -> Self?
    {
        try Self.fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    static func fetchAll(
        cached db: Database, sql: String, arguments: StatementArguments = StatementArguments()
    )
        throws -> [Self]
    {
        try Self.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }
}

extension Row {
    /// The first row, read by `decode` in place: GRDB copies every row that `fetchOne`
    /// and `fetchAll` return (each value, strings included), a cursor's rows are not.
    /// `decode` must not run statements of its own.
    static func decodeFirst<T>(
        cached db: Database, sql: String, arguments: StatementArguments = StatementArguments(),
        _ decode: (Row) throws -> T
    ) throws -> T? {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        // A cursor's row reads the statement: the cursor (which resets it when freed) must outlive the decoding.
        return try withExtendedLifetime(rows) { try rows.next().map(decode) }
    }

    /// Every row, read by `decode` in place (see `decodeFirst`).
    static func decodeAll<T>(
        cached db: Database, sql: String, arguments: StatementArguments = StatementArguments(),
        _ decode: (Row) throws -> T
    ) throws -> [T] {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        return try withExtendedLifetime(rows) {
            var values: [T] = []
            while let row = try rows.next() { values.append(try decode(row)) }
            return values
        }
    }
}
