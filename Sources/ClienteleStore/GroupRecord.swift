/// A tenant: the group that owns clients, staff and keys.
public struct GroupRecord: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    /// Unix milliseconds.
    public var createdAt: Int64
    public var version: Int

    public init(id: String, name: String, createdAt: Int64, version: Int) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.version = version
    }
}
