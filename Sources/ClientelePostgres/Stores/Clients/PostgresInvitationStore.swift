public import ClienteleStore
import NIOCore
import PostgresNIO

/// One-time invitations (owner activations, portal invitations), found by token hash, on
/// PostgreSQL: the same operations and answers as `InvitationStore`.
public struct PostgresInvitationStore: InvitationStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    private static let columns = """
        id, token_hash, kind, group_id, client_id, user_id, created_by, created_at, expires_at, accepted_at, \
        revoked_at, email
        """

    public func insert(_ invitation: InvitationRecord) throws {
        try StoreError.mappingPostgres(missing: "client \(invitation.clientID) or user \(invitation.userID)") {
            try self.session.execute(
                "INSERT INTO invitations (\(Self.columns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                [
                    invitation.id, ByteBuffer(bytes: invitation.tokenHash), invitation.kind, invitation.groupID,
                    invitation.clientID,
                    invitation.userID, invitation.createdBy, invitation.createdAt, invitation.expiresAt,
                    invitation.acceptedAt, invitation.revokedAt, invitation.email,
                ]
            )
        }
    }

    public func fetch(tokenHash: [UInt8]) throws -> InvitationRecord? {
        try self.fetchAll("WHERE token_hash = $1", [ByteBuffer(bytes: tokenHash)]).first
    }

    /// Every invitation of a client, oldest first (ids compare byte by byte, as in SQLite: `COLLATE "C"`).
    public func forClient(_ clientID: String) throws -> [InvitationRecord] {
        try self.fetchAll("WHERE client_id = $1 ORDER BY created_at, id", [clientID])
    }

    public func fetch(id: String) throws -> InvitationRecord? {
        try self.fetchAll("WHERE id = $1", [id]).first
    }

    public func revoke(id: String, at: Int64) throws {
        try StoreError.mappingPostgres {
            try self.session.execute(
                "UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", [at, id])
        }
    }

    public func markAccepted(id: String, at: Int64) throws {
        try StoreError.mappingPostgres {
            try self.session.execute("UPDATE invitations SET accepted_at = $1 WHERE id = $2", [at, id])
        }
    }

    /// Revokes the open invitations of a user on a client; returns how many.
    @discardableResult
    public func revokeOpen(clientID: String, userID: String, at: Int64) throws -> Int {
        try StoreError.mappingPostgres {
            try self.session.execute(
                """
                UPDATE invitations SET revoked_at = $1
                WHERE client_id = $2 AND user_id = $3 AND accepted_at IS NULL AND revoked_at IS NULL
                """,
                [at, clientID, userID]
            )
        }
    }

    private func fetchAll(
        _ filter: String, _ arguments: [(any PostgresDynamicTypeEncodable)?]
    ) throws
        -> [InvitationRecord]
    {
        try StoreError.mappingPostgres {
            try self.session.rows("SELECT \(Self.columns) FROM invitations \(filter)", arguments).map { row in
                InvitationRecord(
                    id: try row.decode("id", as: String.self),
                    tokenHash: try row.bytes("token_hash"),
                    kind: try row.decode("kind", as: String.self),
                    groupID: try row.decode("group_id", as: String.self),
                    clientID: try row.decode("client_id", as: String.self),
                    userID: try row.decode("user_id", as: String.self),
                    createdBy: try row.decode("created_by", as: String.self),
                    createdAt: try row.decode("created_at", as: Int64.self),
                    expiresAt: try row.decode("expires_at", as: Int64.self),
                    acceptedAt: try row.optional("accepted_at", as: Int64.self),
                    revokedAt: try row.optional("revoked_at", as: Int64.self),
                    email: try row.decode("email", as: String.self)
                )
            }
        }
    }
}

@available(*, unavailable)
extension PostgresInvitationStore: Sendable {}
