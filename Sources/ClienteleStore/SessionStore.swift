/// Sessions, found by the hash of their token.
public protocol SessionStore {
    /// Throws `.notFound` when the user does not exist.
    func insert(_ session: SessionRecord) throws

    /// The session with this token hash, revoked and expired ones included.
    func fetch(tokenHash: [UInt8]) throws -> SessionRecord?

    /// The "sign in as" sessions opened on a client, newest first.
    func impersonations(clientID: String) throws -> [SessionRecord]

    /// Whether there is a session with this id. One already revoked keeps its first revocation time.
    @discardableResult func revoke(id: String, at time: Int64) throws -> Bool

    /// Revokes every session of the user that is not revoked yet.
    func revokeAll(userID: String, at time: Int64) throws
}
