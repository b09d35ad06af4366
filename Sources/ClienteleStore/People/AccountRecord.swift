/// A linked account: a product account held by a client, or unlinked in its group.
public struct AccountRecord: Sendable, Equatable {
    public var id: String
    public var groupID: String
    /// `nil` while unlinked.
    public var clientID: String?
    public var product: String
    public var name: String
    /// Unique within the group when set.
    public var externalID: String?
    public var createdAt: Int64

    public init(
        id: String, groupID: String, clientID: String?, product: String, name: String, externalID: String?,
        createdAt: Int64
    ) {
        self.id = id
        self.groupID = groupID
        self.clientID = clientID
        self.product = product
        self.name = name
        self.externalID = externalID
        self.createdAt = createdAt
    }
}
