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

extension StatementRow {
    /// The first row, read by `decode` in place: GRDB copies every row that `fetchOne`
    /// and `fetchAll` return (each value, strings included) and builds a column-name
    /// table for each cursor; a `StatementRow` is read from the statement itself.
    /// `decode` must not run statements of its own.
    static func first<T>(
        cached db: Database, sql: String, arguments: StatementArguments = StatementArguments(),
        _ decode: @escaping (inout StatementRow) throws -> T
    ) throws -> T? {
        let rows = try StatementRowCursor(statement: db.cachedStatement(sql: sql), arguments: arguments, decode: decode)
        return try rows.next()
    }

    /// Every row, read by `decode` in place (see `first`).
    static func all<T>(
        cached db: Database, sql: String, arguments: StatementArguments = StatementArguments(),
        _ decode: @escaping (inout StatementRow) throws -> T
    ) throws -> [T] {
        let rows = try StatementRowCursor(statement: db.cachedStatement(sql: sql), arguments: arguments, decode: decode)
        var values: [T] = []
        while let value = try rows.next() { values.append(value) }
        return values
    }
}
