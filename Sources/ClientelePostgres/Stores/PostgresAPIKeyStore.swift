public import ClienteleStore
import PostgresNIO

/// API keys, found by the hash of their secret, on PostgreSQL: the same operations and answers
/// as `APIKeyStore`.
public struct PostgresAPIKeyStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    private static let columns = """
        id, key_hash, prefix, name, group_id, role, scope_kind, scope_id, created_by, created_at, last_used_at, \
        revoked_at
        """

    /// Throws `.notFound` when the group does not exist.
    public func insert(_ key: APIKeyRecord) throws {
        try StoreError.mappingPostgres(missing: "group \(key.groupID)") {
            _ = try self.session.execute(
                "INSERT INTO api_keys (\(Self.columns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                [
                    key.id, ByteBuffer(bytes: key.keyHash), key.prefix, key.name, key.groupID, key.role, key.scopeKind,
                    key.scopeID, key.createdBy, key.createdAt, key.lastUsedAt, key.revokedAt,
                ]
            )
        }
    }

    /// The key with this secret hash, revoked ones included.
    public func fetch(keyHash: [UInt8]) throws -> APIKeyRecord? {
        try self.fetchAll("WHERE key_hash = $1", [ByteBuffer(bytes: keyHash)]).first
    }

    public func fetch(id: String) throws -> APIKeyRecord? {
        try self.fetchAll("WHERE id = $1", [id]).first
    }

    /// The group's keys, newest first, revoked ones included.
    public func list(groupID: String) throws -> [APIKeyRecord] {
        try self.fetchAll("WHERE group_id = $1 ORDER BY created_at DESC, id DESC", [groupID])
    }

    /// Whether there is a key with this id. One already revoked keeps its first revocation time.
    @discardableResult
    public func revoke(id: String, at time: Int64) throws -> Bool {
        try StoreError.mappingPostgres {
            try self.session.execute(
                "UPDATE api_keys SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2", [time, id]) > 0
        }
    }

    /// Records a use of the key; never moves `lastUsedAt` back.
    public func touch(id: String, at time: Int64) throws {
        try StoreError.mappingPostgres {
            _ = try self.session.execute(
                "UPDATE api_keys SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)",
                [time, id]
            )
        }
    }

    private func fetchAll(_ filter: String, _ arguments: [(any PostgresDynamicTypeEncodable)?]) throws -> [APIKeyRecord]
    {
        try StoreError.mappingPostgres {
            try self.session.rows("SELECT \(Self.columns) FROM api_keys \(filter)", arguments).map(Self.record)
        }
    }

    private static func record(_ row: PostgresRandomAccessRow) throws -> APIKeyRecord {
        APIKeyRecord(
            id: try row.decode("id", as: String.self),
            keyHash: try row.bytes("key_hash"),
            prefix: try row.decode("prefix", as: String.self),
            name: try row.decode("name", as: String.self),
            groupID: try row.decode("group_id", as: String.self),
            role: try row.decode("role", as: String.self),
            scopeKind: try row.decode("scope_kind", as: String.self),
            scopeID: try row.decode("scope_id", as: String.self),
            createdBy: try row.decode("created_by", as: String.self),
            createdAt: try row.decode("created_at", as: Int64.self),
            lastUsedAt: try row.optional("last_used_at", as: Int64.self),
            revokedAt: try row.optional("revoked_at", as: Int64.self)
        )
    }
}

@available(*, unavailable)
extension PostgresAPIKeyStore: Sendable {}

extension PostgresAPIKeyStore: APIKeyStore {}
