public import ClienteleStore
import PostgresNIO

/// Sessions, found by the hash of their token, on PostgreSQL: the same operations and answers
/// as `SessionStore`.
public struct PostgresSessionStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    private static let columns = """
        id, token_hash, user_id, created_at, expires_at, revoked_at, impersonated_client_id, actor_user_id
        """

    /// Throws `.notFound` when the user does not exist.
    public func insert(_ session: SessionRecord) throws {
        try StoreError.mappingPostgres(missing: "user \(session.userID)") {
            _ = try self.session.execute(
                "INSERT INTO sessions (\(Self.columns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                [
                    session.id, ByteBuffer(bytes: session.tokenHash), session.userID, session.createdAt,
                    session.expiresAt,
                    session.revokedAt, session.impersonatedClientID, session.actorUserID,
                ]
            )
        }
    }

    /// The session with this token hash, revoked and expired ones included.
    public func fetch(tokenHash: [UInt8]) throws -> SessionRecord? {
        try StoreError.mappingPostgres {
            try self.session.row(
                "SELECT \(Self.columns) FROM sessions WHERE token_hash = $1", [ByteBuffer(bytes: tokenHash)]
            ).map(Self.record)
        }
    }

    /// The "sign in as" sessions opened on a client, newest first.
    public func impersonations(clientID: String) throws -> [SessionRecord] {
        try StoreError.mappingPostgres {
            try self.session.rows(
                """
                SELECT \(Self.columns) FROM sessions WHERE impersonated_client_id = $1
                ORDER BY created_at DESC, id DESC LIMIT 500
                """,
                [clientID]
            ).map(Self.record)
        }
    }

    /// Whether there is a session with this id. One already revoked keeps its first revocation time.
    @discardableResult
    public func revoke(id: String, at time: Int64) throws -> Bool {
        try StoreError.mappingPostgres {
            try self.session.execute(
                "UPDATE sessions SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2", [time, id]) > 0
        }
    }

    /// Revokes every session of the user that is not revoked yet.
    public func revokeAll(userID: String, at time: Int64) throws {
        try StoreError.mappingPostgres {
            _ = try self.session.execute(
                "UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL", [time, userID])
        }
    }

    private static func record(_ row: PostgresRandomAccessRow) throws -> SessionRecord {
        SessionRecord(
            id: try row.decode("id", as: String.self),
            tokenHash: try row.bytes("token_hash"),
            userID: try row.decode("user_id", as: String.self),
            createdAt: try row.decode("created_at", as: Int64.self),
            expiresAt: try row.decode("expires_at", as: Int64.self),
            revokedAt: try row.optional("revoked_at", as: Int64.self),
            impersonatedClientID: try row.optional("impersonated_client_id", as: String.self),
            actorUserID: try row.optional("actor_user_id", as: String.self)
        )
    }
}

@available(*, unavailable)
extension PostgresSessionStore: Sendable {}

extension PostgresSessionStore: SessionStore {}
