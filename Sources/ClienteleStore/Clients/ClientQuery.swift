/// A filtered, sorted page of a group's clients (keyset paging: `after` is the
/// sort key of the last row of the previous page).
public struct ClientQuery: Sendable {
    public enum Sort: String, Sendable, Equatable, Codable {
        case accountName = "account_name"
        case companyName = "company_name"
        case status
        case created = "created_at"
    }

    /// The sort key of one row: its sort column's value and its id (the tie-breaker).
    public enum SortValue: Sendable, Equatable, Codable {
        case text(String)
        case integer(Int64)
    }

    /// Where the previous page ended.
    public struct PageKey: Sendable, Equatable, Codable {
        public var value: SortValue
        public var id: String

        public init(value: SortValue, id: String) {
            self.value = value
            self.id = id
        }
    }

    public var groupID: String
    /// `nil`: every client of the group; otherwise only these (the caller's client-scoped grants).
    public var visibleClientIDs: [String]?
    public var managerUserID: String?
    public var blocked: Bool?
    /// Empty: every status but closed, unless `includeClosed`.
    public var statuses: [Int] = []
    public var includeClosed = false
    public var country: String?
    public var currency: String?
    public var login: String?
    public var email: String?
    public var phone: String?
    public var connectionKind: Int?
    public var connectionStatus: Int?
    /// Only the sub-clients of this client.
    public var parentClientID: String?
    /// Only clients without a parent.
    public var topLevelOnly = false
    /// An FTS5 MATCH expression over the words index (`SearchText.query`).
    public var search: String?
    public var sort: Sort = .accountName
    public var descending = false
    public var after: PageKey?
    public var limit = 50

    public init(groupID: String) {
        self.groupID = groupID
    }

}
