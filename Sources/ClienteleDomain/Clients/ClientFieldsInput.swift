public import ClienteleStore

/// The fields of a client a caller sets, as received (not yet validated).
/// Enumerations carry the contract's numbers; 0 means "not set".
public struct ClientFieldsInput: Sendable {
    public var accountName = ""
    public var companyName = ""
    public var legalID = ""
    public var login = ""
    public var billingName = ""
    public var billingEmails: [String] = []
    public var address = AddressRecord()
    public var currency = ""
    public var billingMode = 0
    public var creditLimitMinor: Int64 = 0
    public var pricingModel = 0
    public var timezone = ""
    public var managerUserID = ""
    public var moderation = false
    public var connectionKind = 0
    public var connectionStatus = 0
    public var serviceLevels: [ServiceLevelRecord] = []
    public var phone = ""

    public init() {}
}
