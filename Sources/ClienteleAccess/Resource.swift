/// What the policy needs to know about the thing acted on, loaded by the caller of `Policy.decide`.
public struct Resource: Hashable, Sendable {
    /// The tenant that owns it.
    public var groupID: String
    /// The client it belongs to, if any.
    public var clientID: String?
    /// The client's assigned manager (a user id), if any.
    public var managerUserID: String?
    /// The linked account it is, if any.
    public var accountID: String?

    public init(groupID: String, clientID: String? = nil, managerUserID: String? = nil, accountID: String? = nil) {
        self.groupID = groupID
        self.clientID = clientID
        self.managerUserID = managerUserID
        self.accountID = accountID
    }

    public static func group(_ id: String) -> Resource { Resource(groupID: id) }
}
