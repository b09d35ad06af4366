import Foundation
import GRDB

/// API keys, found by the hash of their secret.
public struct SQLiteAPIKeyStore {
    let db: Database

    private static let columns = """
        id, key_hash, prefix, name, group_id, role, scope_kind, scope_id, created_by, created_at, last_used_at, \
        revoked_at
        """

    /// Throws `.notFound` when the group does not exist.
    public func insert(_ key: APIKeyRecord) throws {
        try StoreError.mapping(missing: "group \(key.groupID)") {
            try self.db.execute(
                cached: "INSERT INTO api_keys (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    key.id, Data(key.keyHash), key.prefix, key.name, key.groupID, key.role, key.scopeKind,
                    key.scopeID, key.createdBy, key.createdAt, key.lastUsedAt, key.revokedAt,
                ]
            )
        }
    }

    /// The key with this secret hash, revoked ones included.
    public func fetch(keyHash: [UInt8]) throws -> APIKeyRecord? {
        try self.fetchOne("WHERE key_hash = ?", [Data(keyHash)])
    }

    public func fetch(id: String) throws -> APIKeyRecord? {
        try self.fetchOne("WHERE id = ?", [id])
    }

    /// The group's keys, newest first, revoked ones included.
    public func list(groupID: String) throws -> [APIKeyRecord] {
        try StoreError.mapping {
            try Row.fetchAll(
                cached: self.db,
                sql: "SELECT \(Self.columns) FROM api_keys WHERE group_id = ? ORDER BY created_at DESC, id DESC",
                arguments: [groupID]
            ).map(Self.record)
        }
    }

    /// Whether there is a key with this id. One already revoked keeps its first revocation time.
    @discardableResult
    public func revoke(id: String, at time: Int64) throws -> Bool {
        try StoreError.mapping {
            try self.db.execute(
                cached: "UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?",
                arguments: [time, id]
            )
            return self.db.changesCount > 0
        }
    }

    /// Records a use of the key; never moves `lastUsedAt` back.
    public func touch(id: String, at time: Int64) throws {
        try StoreError.mapping {
            try self.db.execute(
                cached:
                    "UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                arguments: [time, id, time]
            )
        }
    }

    private func fetchOne(_ filter: String, _ arguments: StatementArguments) throws -> APIKeyRecord? {
        try StoreError.mapping {
            try Row.fetchOne(
                cached: self.db, sql: "SELECT \(Self.columns) FROM api_keys \(filter)", arguments: arguments
            )
            .map(Self.record)
        }
    }

    private static func record(_ row: Row) throws -> APIKeyRecord {
        APIKeyRecord(
            id: try row.decode(forColumn: "id"),
            keyHash: try row.bytes("key_hash"),
            prefix: try row.decode(forColumn: "prefix"),
            name: try row.decode(forColumn: "name"),
            groupID: try row.decode(forColumn: "group_id"),
            role: try row.decode(forColumn: "role"),
            scopeKind: try row.decode(forColumn: "scope_kind"),
            scopeID: try row.decode(forColumn: "scope_id"),
            createdBy: try row.decode(forColumn: "created_by"),
            createdAt: try row.decode(forColumn: "created_at"),
            lastUsedAt: try row.decode(forColumn: "last_used_at"),
            revokedAt: try row.decode(forColumn: "revoked_at")
        )
    }
}

@available(*, unavailable)
extension SQLiteAPIKeyStore: Sendable {}

extension SQLiteAPIKeyStore: APIKeyStore {}
