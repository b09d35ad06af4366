/// Members of clients.
public protocol MemberStore {
    /// Inserts or replaces the membership.
    func save(_ member: MemberRecord) throws

    @discardableResult func delete(clientID: String, userID: String) throws -> Bool

    func fetch(clientID: String, userID: String) throws -> MemberRecord?

    /// The clients where this user is a member with portal access turned off.
    func clientsWithoutPortalAccess(userID: String) throws -> Set<String>

    /// Oldest first.
    func forClient(_ clientID: String) throws -> [MemberRecord]
}
