/// Accounts, each owned by one group and unique there by email (compared case-insensitively).
/// Every lookup a caller can steer names the group: no query here crosses tenants by email.
public protocol UserStore {
    /// Throws `.duplicate(field: "group_id, email")` for an email the group already has (in any letter case).
    func insert(_ user: UserRecord) throws

    /// The account with this id, in any group: for ids the store itself holds (a session's,
    /// an invitation's). Ids a caller sends are looked up with `fetch(id:inGroup:)`.
    func fetch(id: String) throws -> UserRecord?

    /// The account with this id if `groupID` owns it.
    func fetch(id: String, inGroup groupID: String) throws -> UserRecord?

    /// The group's account with this email in any letter case.
    func fetch(email: String, inGroup groupID: String) throws -> UserRecord?

    /// Stores every field as given, `version` and `updatedAt` included: the caller bumps them.
    /// The owning group never changes. Throws `.notFound` when there is no user with this id.
    func update(_ user: UserRecord) throws

    /// The users with these ids (missing ones are left out), by email.
    func list(ids: [String]) throws -> [UserRecord]
}
