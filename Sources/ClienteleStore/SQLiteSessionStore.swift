import Foundation
import GRDB

/// Sessions, found by the hash of their token.
public struct SQLiteSessionStore {
    let db: Database

    private static let columns = """
        id, token_hash, user_id, created_at, expires_at, revoked_at, impersonated_client_id, actor_user_id
        """

    /// Throws `.notFound` when the user does not exist.
    public func insert(_ session: SessionRecord) throws {
        try StoreError.mapping(missing: "user \(session.userID)") {
            try self.db.execute(
                cached: "INSERT INTO sessions (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    session.id, Data(session.tokenHash), session.userID, session.createdAt, session.expiresAt,
                    session.revokedAt, session.impersonatedClientID, session.actorUserID,
                ]
            )
        }
    }

    /// The session with this token hash, revoked and expired ones included.
    public func fetch(tokenHash: [UInt8]) throws -> SessionRecord? {
        try StoreError.mapping {
            try Row.fetchOne(
                cached: self.db,
                sql: "SELECT \(Self.columns) FROM sessions WHERE token_hash = ?",
                arguments: [Data(tokenHash)]
            ).map(Self.record)
        }
    }

    /// The "sign in as" sessions opened on a client, newest first.
    public func impersonations(clientID: String) throws -> [SessionRecord] {
        try StoreError.mapping {
            try Row.fetchAll(
                cached: self.db,
                sql: """
                    SELECT \(Self.columns) FROM sessions WHERE impersonated_client_id = ?
                    ORDER BY created_at DESC, id DESC LIMIT 500
                    """,
                arguments: [clientID]
            ).map(Self.record)
        }
    }

    /// Whether there is a session with this id. One already revoked keeps its first revocation time.
    @discardableResult
    public func revoke(id: String, at time: Int64) throws -> Bool {
        try StoreError.mapping {
            try self.db.execute(
                cached: "UPDATE sessions SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?",
                arguments: [time, id]
            )
            return self.db.changesCount > 0
        }
    }

    /// Revokes every session of the user that is not revoked yet.
    public func revokeAll(userID: String, at time: Int64) throws {
        try StoreError.mapping {
            try self.db.execute(
                cached: "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                arguments: [time, userID]
            )
        }
    }

    private static func record(_ row: Row) throws -> SessionRecord {
        SessionRecord(
            id: try row.decode(forColumn: "id"),
            tokenHash: try row.bytes("token_hash"),
            userID: try row.decode(forColumn: "user_id"),
            createdAt: try row.decode(forColumn: "created_at"),
            expiresAt: try row.decode(forColumn: "expires_at"),
            revokedAt: try row.decode(forColumn: "revoked_at"),
            impersonatedClientID: try row.decode(forColumn: "impersonated_client_id"),
            actorUserID: try row.decode(forColumn: "actor_user_id")
        )
    }
}

@available(*, unavailable)
extension SQLiteSessionStore: Sendable {}

extension SQLiteSessionStore: SessionStore {}
