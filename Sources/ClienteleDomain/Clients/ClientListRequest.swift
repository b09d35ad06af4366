/// The filters, order and page of a client listing, as received. Empty strings,
/// 0 and `nil` filter nothing; enumerations carry the contract's numbers.
public struct ClientListRequest: Sendable {
    public var groupID = ""
    public var managerUserID = ""
    /// Only the caller's own clients.
    public var own = false
    /// The contract's `BlockFilter` number: 0 any, 1 blocked, 2 not blocked.
    public var block = 0
    public var statuses: [Int] = []
    public var includeClosed = false
    public var country = ""
    public var currency = ""
    public var login = ""
    public var email = ""
    public var phone = ""
    public var connectionKind = 0
    public var connectionStatus = 0
    /// Only the sub-clients of this client; empty for any.
    public var parentClientID = ""
    /// Only clients without a parent.
    public var topLevelOnly = false
    public var search = ""
    /// The contract's `ClientSort` number; 0 sorts by account name.
    public var sort = 0
    public var descending = false
    public var pageSize: Int32 = 0
    public var pageToken = ""

    public init() {}
}
