/// API keys, found by the hash of their secret.
public protocol APIKeyStore {
    /// Throws `.notFound` when the group does not exist.
    func insert(_ key: APIKeyRecord) throws

    /// The key with this secret hash, revoked ones included.
    func fetch(keyHash: [UInt8]) throws -> APIKeyRecord?

    func fetch(id: String) throws -> APIKeyRecord?

    /// The group's keys, newest first, revoked ones included.
    func list(groupID: String) throws -> [APIKeyRecord]

    /// Whether there is a key with this id. One already revoked keeps its first revocation time.
    @discardableResult func revoke(id: String, at time: Int64) throws -> Bool

    /// Records a use of the key; never moves `lastUsedAt` back.
    func touch(id: String, at time: Int64) throws
}
