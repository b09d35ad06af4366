/// Partner staff grants.
public protocol StaffGrantStore {
    func insert(_ grant: StaffGrantRecord) throws

    @discardableResult func delete(id: String) throws -> Bool

    func fetch(id: String) throws -> StaffGrantRecord?

    func forClient(_ clientID: String) throws -> [StaffGrantRecord]

    /// A user's grants on single accounts (whole-client grants are role assignments).
    func accountGrants(userID: String) throws -> [StaffGrantRecord]
}
