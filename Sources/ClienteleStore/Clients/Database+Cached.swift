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
