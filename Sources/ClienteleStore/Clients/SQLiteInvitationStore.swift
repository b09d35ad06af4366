import Foundation
import GRDB

/// One-time invitations (owner activations, portal invitations), found by token hash.
public struct SQLiteInvitationStore {
    let db: Database

    private static let columns = """
        id, token_hash, kind, group_id, client_id, user_id, created_by, created_at, expires_at, accepted_at, \
        revoked_at, email
        """

    public func insert(_ invitation: InvitationRecord) throws {
        try StoreError.mapping(missing: "client \(invitation.clientID) or user \(invitation.userID)") {
            try self.db.execute(
                cached: "INSERT INTO invitations (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    invitation.id, Data(invitation.tokenHash), invitation.kind, invitation.groupID, invitation.clientID,
                    invitation.userID, invitation.createdBy, invitation.createdAt, invitation.expiresAt,
                    invitation.acceptedAt, invitation.revokedAt, invitation.email,
                ]
            )
        }
    }

    public func fetch(tokenHash: [UInt8]) throws -> InvitationRecord? {
        try self.fetchAll("WHERE token_hash = ?", [Data(tokenHash)]).first
    }

    /// Every invitation of a client, oldest first.
    public func forClient(_ clientID: String) throws -> [InvitationRecord] {
        try self.fetchAll("WHERE client_id = ? ORDER BY created_at, id", [clientID])
    }

    public func fetch(id: String) throws -> InvitationRecord? {
        try self.fetchAll("WHERE id = ?", [id]).first
    }

    public func revoke(id: String, at: Int64) throws {
        try StoreError.mapping {
            try self.db.execute(
                cached: "UPDATE invitations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                arguments: [at, id])
        }
    }

    public func markAccepted(id: String, at: Int64) throws {
        try StoreError.mapping {
            try self.db.execute(cached: "UPDATE invitations SET accepted_at = ? WHERE id = ?", arguments: [at, id])
        }
    }

    /// Revokes the open invitations of a user on a client; returns how many.
    @discardableResult
    public func revokeOpen(clientID: String, userID: String, at: Int64) throws -> Int {
        try StoreError.mapping {
            try self.db.execute(
                cached: """
                    UPDATE invitations SET revoked_at = ?
                    WHERE client_id = ? AND user_id = ? AND accepted_at IS NULL AND revoked_at IS NULL
                    """,
                arguments: [at, clientID, userID]
            )
            return self.db.changesCount
        }
    }

    private func fetchAll(_ filter: String, _ arguments: StatementArguments) throws -> [InvitationRecord] {
        try StoreError.mapping {
            try Row.fetchAll(
                cached: self.db, sql: "SELECT \(Self.columns) FROM invitations \(filter)", arguments: arguments
            )
            .map { row in
                InvitationRecord(
                    id: try row.decode(forColumn: "id"),
                    tokenHash: try row.bytes("token_hash"),
                    kind: try row.decode(forColumn: "kind"),
                    groupID: try row.decode(forColumn: "group_id"),
                    clientID: try row.decode(forColumn: "client_id"),
                    userID: try row.decode(forColumn: "user_id"),
                    createdBy: try row.decode(forColumn: "created_by"),
                    createdAt: try row.decode(forColumn: "created_at"),
                    expiresAt: try row.decode(forColumn: "expires_at"),
                    acceptedAt: try row.decode(forColumn: "accepted_at"),
                    revokedAt: try row.decode(forColumn: "revoked_at"),
                    email: try row.decode(forColumn: "email")
                )
            }
        }
    }
}

@available(*, unavailable)
extension SQLiteInvitationStore: Sendable {}

extension SQLiteInvitationStore: InvitationStore {}
