import Foundation
import GRDB

/// First answers to keyed writes, for replays.
public struct SQLiteIdempotencyStore {
    let db: Database

    /// Throws `.duplicate(field: "caller, key")` when the caller already used the key.
    public func insert(_ record: IdempotencyRecord) throws {
        try StoreError.mapping {
            try self.db.execute(
                cached: """
                    INSERT INTO idempotency_keys (caller, key, method, request_hash, response, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.caller, record.key, record.method, Data(record.requestHash), Data(record.response),
                    record.createdAt,
                ]
            )
        }
    }

    public func fetch(caller: String, key: String) throws -> IdempotencyRecord? {
        try StoreError.mapping {
            try Row.fetchOne(
                cached: self.db, sql: "SELECT * FROM idempotency_keys WHERE caller = ? AND key = ?",
                arguments: [caller, key]
            )
            .map { row in
                IdempotencyRecord(
                    caller: try row.decode(forColumn: "caller"),
                    key: try row.decode(forColumn: "key"),
                    method: try row.decode(forColumn: "method"),
                    requestHash: try row.bytes("request_hash"),
                    response: try row.bytes("response"),
                    createdAt: try row.decode(forColumn: "created_at")
                )
            }
        }
    }

    /// Forgets keys stored before `cutoff`; returns how many.
    public func deleteOlder(than cutoff: Int64) throws -> Int {
        try StoreError.mapping {
            try self.db.execute(cached: "DELETE FROM idempotency_keys WHERE created_at < ?", arguments: [cutoff])
            return self.db.changesCount
        }
    }
}

@available(*, unavailable)
extension SQLiteIdempotencyStore: Sendable {}

extension SQLiteIdempotencyStore {
    /// Forgets one caller's key if it was stored before `before` (its replay window is over).
    public func deleteExpired(caller: String, key: String, before: Int64) throws {
        try StoreError.mapping {
            try self.db.execute(
                cached: "DELETE FROM idempotency_keys WHERE caller = ? AND key = ? AND created_at < ?",
                arguments: [caller, key, before]
            )
        }
    }
}

extension SQLiteIdempotencyStore: IdempotencyStore {}
