import ClienteleStore
import Logging
import NIOCore
public import PostgresNIO

/// One PostgreSQL connection inside one transaction, used synchronously from a worker thread
/// (never an event loop). The PostgreSQL stores take one, as the SQLite stores take GRDB's
/// `Database`. Valid only inside the transaction's body.
///
/// A statement whose answer nobody needs (an INSERT of an audit entry, a change, a search row)
/// may be sent with `enqueue`: it goes to the connection at once, but the worker thread does
/// not wait for it. The connection runs statements in the order they were sent, so the next
/// statement that is waited for (`execute`, `rows`, `row`, `value`, `flush`) answers after
/// every enqueued one, and the worker wakes once for all of them instead of once each. An
/// enqueued statement's failure is thrown by that next wait, mapped as its store would have
/// mapped it (`missing`); the failure comes first, since it aborted the transaction.
public final class PostgresSession {
    let connection: PostgresConnection
    let logger: Logger
    private typealias Answer = EventLoopFuture<PostgresQueryResult>
    private typealias Enqueued = (answer: Answer, missing: String?)
    private var enqueued: [Enqueued] = []

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

    /// Sends a statement without waiting for its answer (see the type's comment). `missing`
    /// names what a failed foreign key refers to, as `StoreError.mappingPostgres` takes it.
    public func enqueue(
        _ sql: String, _ arguments: [(any PostgresDynamicTypeEncodable)?] = [], missing: String? = nil
    ) {
        self.enqueued.append((self.send(sql, arguments), missing))
    }

    /// Waits for every enqueued statement; throws the first failure.
    public func flush() throws {
        try self.settle(self.takeEnqueued())
    }

    /// Waits for every enqueued statement; returns the first failure rather than throwing it
    /// (before a rollback, which undoes them).
    func flushFailure() -> (any Error)? {
        do {
            try self.flush()
            return nil
        } catch {
            return error
        }
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
        let answer = self.send(sql, arguments)
        guard !self.enqueued.isEmpty else { return try self.connection.waitForAnswer(answer) }
        let enqueued = self.takeEnqueued()
        return try self.settle(enqueued, then: [answer])[enqueued.count].get()
    }

    private func send(_ sql: String, _ arguments: [(any PostgresDynamicTypeEncodable)?]) -> Answer {
        var bindings = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            if let argument { bindings.append(argument) } else { bindings.appendNull() }
        }
        return self.connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: self.logger)
    }

    private func takeEnqueued() -> [Enqueued] {
        defer { self.enqueued = [] }
        return self.enqueued
    }

    /// Waits once for `enqueued` and then `later`, sent after them; throws the first failure of
    /// `enqueued` (mapped), else returns every answer in order.
    @discardableResult
    private func settle(
        _ enqueued: [Enqueued], then later: [Answer] = []
    ) throws -> [Result<PostgresQueryResult, any Error>] {
        let answers = enqueued.map(\.answer) + later
        guard !answers.isEmpty else { return [] }
        let results = try self.connection.waitForAnswer(
            EventLoopFuture.whenAllComplete(answers, on: self.connection.eventLoop))
        for (statement, result) in zip(enqueued, results) {
            guard case .failure(let error) = result else { continue }
            guard let error = error as? PSQLError else { throw error }
            throw StoreError(postgres: error, missing: statement.missing) ?? error
        }
        return results
    }
}

@available(*, unavailable)
extension PostgresSession: Sendable {}
