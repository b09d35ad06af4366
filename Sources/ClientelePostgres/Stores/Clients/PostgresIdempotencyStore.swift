public import ClienteleStore
import NIOCore
import PostgresNIO

/// First answers to keyed writes, for replays, on PostgreSQL: the same operations and answers as
/// `IdempotencyStore`.
///
/// The key is unique in the database (the primary key on caller and key), so it is unique across
/// daemons: of two daemons racing with the same key, the second's insert waits for the first's
/// transaction and then fails, with `.duplicate(field: "caller, key")` or, when its transaction
/// had already looked the key up, a serialization failure that `PostgresDatabase.write` answers by
/// running the transaction again, which then finds the first answer and replays it.
public struct PostgresIdempotencyStore: IdempotencyStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    /// Throws `.duplicate(field: "caller, key")` when the caller already used the key.
    public func insert(_ record: IdempotencyRecord) throws {
        self.session.enqueue(
            """
            INSERT INTO idempotency_keys (caller, key, method, request_hash, response, created_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            """,
            [
                record.caller, record.key, record.method, ByteBuffer(bytes: record.requestHash),
                ByteBuffer(bytes: record.response),
                record.createdAt,
            ]
        )
    }

    public func fetch(caller: String, key: String) throws -> IdempotencyRecord? {
        try StoreError.mappingPostgres {
            try self.session.row(
                """
                SELECT caller, key, method, request_hash, response, created_at FROM idempotency_keys
                WHERE caller = $1 AND key = $2
                """,
                [caller, key]
            )
            .map { row in
                IdempotencyRecord(
                    caller: try row.decode("caller", as: String.self),
                    key: try row.decode("key", as: String.self),
                    method: try row.decode("method", as: String.self),
                    requestHash: try row.bytes("request_hash"),
                    response: try row.bytes("response"),
                    createdAt: try row.decode("created_at", as: Int64.self)
                )
            }
        }
    }

    /// Forgets keys stored before `cutoff`; returns how many.
    public func deleteOlder(than cutoff: Int64) throws -> Int {
        try StoreError.mappingPostgres {
            try self.session.execute("DELETE FROM idempotency_keys WHERE created_at < $1", [cutoff])
        }
    }

    /// Forgets one caller's key if it was stored before `before` (its replay window is over).
    public func deleteExpired(caller: String, key: String, before: Int64) throws {
        try StoreError.mappingPostgres {
            try self.session.execute(
                "DELETE FROM idempotency_keys WHERE caller = $1 AND key = $2 AND created_at < $3",
                [caller, key, before]
            )
        }
    }
}

@available(*, unavailable)
extension PostgresIdempotencyStore: Sendable {}
