/// A client account of a group, as stored. Enumerations are stored as the
/// numbers of the contract's enums; lists as `ListColumn` text.
public struct ClientRecord: Sendable, Equatable {
    public var id: String
    public var groupID: String
    public var version: Int
    /// 1 pending, 2 active, 3 inactive, 4 closed: the lifecycle order, which status sorting follows.
    public var status: Int
    public var blocked: StateFlagRecord?
    public var suspended: StateFlagRecord?
    public var accountName: String
    public var companyName: String
    /// `nil` when absent; unique within the group.
    public var legalID: String?
    /// `nil` when absent; unique within the group, compared case-insensitively.
    public var login: String?
    public var billingName: String
    public var billingEmails: [String]
    public var address: AddressRecord
    public var currency: String
    public var billingMode: Int
    public var creditLimitMinor: Int64
    public var pricingModel: Int
    public var taxRegion: String
    public var timezone: String
    public var managerUserID: String?
    public var moderation: Bool
    public var connectionKind: Int
    public var serviceLevels: [ServiceLevelRecord]
    public var phone: String
    public var ownerUserID: String?
    /// Unix milliseconds by which the owner must activate; `nil` when nothing is pending.
    public var activationDeadline: Int64?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var closedAt: Int64?
    /// The parent client when this one is a sub-client.
    public var parentClientID: String?
    /// 1 connected, 2 suspended, 3 disconnected: the state of its connection of `connectionKind`.
    public var connectionStatus: Int
    /// How many clients have this one as parent; kept by `People/SetParentClient`.
    public var subClientCount: Int

    public init(id: String, groupID: String, accountName: String, createdAt: Int64) {
        self.id = id
        self.groupID = groupID
        self.version = 1
        self.status = 2
        self.accountName = accountName
        self.companyName = ""
        self.billingName = accountName
        self.billingEmails = []
        self.address = AddressRecord()
        self.currency = "EUR"
        self.billingMode = 1
        self.creditLimitMinor = 0
        self.pricingModel = 1
        self.taxRegion = ""
        self.timezone = "UTC"
        self.moderation = false
        self.connectionKind = 1
        self.connectionStatus = 1
        self.subClientCount = 0
        self.serviceLevels = []
        self.phone = ""
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}
