import NIOCore
import PostgresNIO
import Synchronization

/// Statements without parameters prepared once per connection, so that the server parses and
/// plans them once: for the one every GetClient with a kept answer runs (the write generation),
/// where parsing and planning are a third of the round trip (pgbench here, one client, that
/// statement: 118 µs unnamed, 71–78 µs prepared).
final class PostgresPreparedQueries: Sendable {
    /// A connection's prepared statements; the entry holds the connection, so that no other can
    /// take its identifier while the entry is kept.
    private struct Entry {
        let connection: PostgresConnection
        var queries: [String: PreparedQuery] = [:]
    }

    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])

    /// The first column of the first row of `sql` run on `connection`, prepared there first if it
    /// is not yet; `nil` for no row or NULL. The waits are `PostgresConnection.answer`'s: bounded
    /// if the connection closes.
    func value<T: PostgresDecodable & Sendable>(
        _ type: T.Type, _ sql: String, on connection: PostgresConnection
    ) async throws -> T? {
        // `PreparedQuery` throws postgres-nio's older error type, `PostgresError`: the store's
        // checks (`StoreError.isConnectionLost`, `surfacePostgres`) know it too.
        let rows = try await connection.answer(self.query(sql, on: connection).execute())
        guard let cell = rows.first?.makeRandomAccess()[0], var bytes = cell.bytes else { return nil }
        // postgres-nio asks the server for every result in binary, but its prepared queries
        // label the columns with the format the statement's description gave (text).
        return try T(from: &bytes, type: cell.dataType, format: .binary, context: .default)
    }

    /// `sql` prepared on `connection`: kept from a previous call, or prepared now.
    private func query(_ sql: String, on connection: PostgresConnection) async throws -> PreparedQuery {
        let key = ObjectIdentifier(connection)
        let kept = self.entries.withLock { entries in
            entries[key].flatMap { $0.connection === connection ? $0.queries[sql] : nil }
        }
        if let kept { return kept }
        let prepared = try await connection.answer(connection.prepare(query: sql))
        self.entries.withLock { entries in
            // Entries of closed connections go; the statements went with their server sessions.
            entries = entries.filter { !$0.value.connection.isClosed }
            entries[key, default: Entry(connection: connection)].queries[sql] = prepared
        }
        return prepared
    }
}
