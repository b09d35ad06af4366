/// Client accounts, with the lookup rows (emails, phones) and the search text
/// kept in step on every write.
public protocol ClientStore {
    /// Throws `.duplicate(field: "group_id, login")` or `.duplicate(field: "group_id, legal_id")` for a taken
    /// login or legal identifier, `.notFound` when the group, manager or owner does not exist.
    func insert(_ client: ClientRecord, contacts: [ContactRecord]) throws

    /// Stores every field as given; the caller bumps `version` and `updatedAt`.
    /// `contacts` are the client's contacts after the change, for the lookup rows.
    func update(_ client: ClientRecord, contacts: [ContactRecord]) throws

    func fetch(id: String) throws -> ClientRecord?

    /// Group, client and manager of a client, for the authorization check, without the rest of the row.
    func ownership(id: String) throws -> (groupID: String, managerUserID: String?)?

    /// One client of the group assigned to `managerUserID` (the first by account name), if any.
    func anyManaged(by managerUserID: String, inGroup groupID: String) throws -> String?

    /// Clients whose owner's activation deadline has passed, oldest first.
    func pendingActivation(before deadline: Int64, limit: Int) throws -> [ClientRecord]

    /// One page of `query`, at most `query.limit` rows.
    func list(_ query: ClientQuery) throws -> [ClientRecord]

    func count(groupID: String) throws -> Int

    /// Lets this connection keep up to `mebibytes` of pages in memory, for a bulk load
    /// (benchmark seeding): inserts into the indexes then rarely read pages back.
    /// Lasts as long as the connection.
    func reservePageCache(mebibytes: Int) throws

    /// Runs `body` with room for `mebibytes` of pages in the connection's cache, then restores
    /// the size: a large commit (CSV import) then neither spills dirty pages to the WAL before
    /// its end nor reads them back. Shrinking the cache afterwards frees the pages.
    func withPageCache<T>(mebibytes: Int, _ body: () throws -> T) throws -> T

    /// Whether a client of `groupID` already has `legalID`.
    func hasClient(groupID: String, legalID: String) throws -> Bool

    /// Whether a client of `groupID` has `login`, compared case-insensitively. Logins are
    /// unique per group: another group's logins are neither seen nor in the way.
    func hasClient(groupID: String, login: String) throws -> Bool
}
