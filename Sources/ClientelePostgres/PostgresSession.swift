import Logging
import NIOCore
public import PostgresNIO

/// One PostgreSQL connection inside one transaction, used synchronously from a worker thread
/// (never an event loop: each statement waits for its answer). The PostgreSQL stores take one,
/// as the SQLite stores take GRDB's `Database`. Valid only inside the transaction's body.
public final class PostgresSession {
    let connection: PostgresConnection
    let logger: Logger

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Runs a statement; returns how many rows it inserted, updated or deleted.
    /// `arguments` bind to `$1`, `$2`, … in order; `nil` binds NULL.
    @discardableResult
    public func execute(_ sql: String, _ arguments: [(any PostgresDynamicTypeEncodable)?] = []) throws -> Int {
        try self.run(sql, arguments).metadata.rows ?? 0
    }

    /// Every row of a query.
    public func rows(
        _ sql: String, _ arguments: [(any PostgresDynamicTypeEncodable)?] = []
    ) throws
        -> [PostgresRandomAccessRow]
    {
        try self.run(sql, arguments).rows.map { $0.makeRandomAccess() }
    }

    /// The first row of a query, if any.
    public func row(
        _ sql: String, _ arguments: [(any PostgresDynamicTypeEncodable)?] = []
    ) throws
        -> PostgresRandomAccessRow?
    {
        try self.rows(sql, arguments).first
    }

    /// The first column of the first row, if there is a row and the value is not NULL.
    public func value<T: PostgresDecodable>(
        _ type: T.Type, _ sql: String, _ arguments: [(any PostgresDynamicTypeEncodable)?] = []
    ) throws -> T? {
        guard let row = try self.row(sql, arguments) else { return nil }
        return row[0].bytes == nil ? nil : try row[0].decode(T.self, context: .default)
    }

    private func run(_ sql: String, _ arguments: [(any PostgresDynamicTypeEncodable)?]) throws -> PostgresQueryResult {
        var bindings = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            if let argument { bindings.append(argument) } else { bindings.appendNull() }
        }
        return try self.connection.waitForAnswer(
            self.connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: self.logger))
    }
}

@available(*, unavailable)
extension PostgresSession: Sendable {}
