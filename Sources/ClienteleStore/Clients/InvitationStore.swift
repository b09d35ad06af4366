/// One-time invitations (owner activations, portal invitations), found by token hash.
public protocol InvitationStore {
    func insert(_ invitation: InvitationRecord) throws

    func fetch(tokenHash: [UInt8]) throws -> InvitationRecord?

    /// Every invitation of a client, oldest first.
    func forClient(_ clientID: String) throws -> [InvitationRecord]

    func fetch(id: String) throws -> InvitationRecord?

    func revoke(id: String, at: Int64) throws

    func markAccepted(id: String, at: Int64) throws

    /// Revokes the open invitations of a user on a client; returns how many.
    @discardableResult func revokeOpen(clientID: String, userID: String, at: Int64) throws -> Int
}
