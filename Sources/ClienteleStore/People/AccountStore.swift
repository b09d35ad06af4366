/// Linked accounts.
public protocol AccountStore {
    /// Throws `.duplicate(field: "group_id, external_id")` for a taken external id.
    func insert(_ account: AccountRecord) throws

    /// Moves the account to `clientID` (or unlinks it with `nil`).
    func link(id: String, to clientID: String?) throws

    func fetch(id: String) throws -> AccountRecord?

    func forClient(_ clientID: String) throws -> [AccountRecord]

    func unlinked(groupID: String) throws -> [AccountRecord]
}
