/// Groups (tenants).
public protocol GroupStore {
    /// Throws `.duplicate(field: "id")` for an id in use.
    func insert(_ group: GroupRecord) throws

    func fetch(id: String) throws -> GroupRecord?

    /// Every group, oldest first.
    func all() throws -> [GroupRecord]
}
