public import ClienteleStore

/// A contact as received, not yet validated.
public struct ContactInput: Sendable {
    public var firstName = ""
    public var lastName = ""
    public var email = ""
    public var phone = ""
    public var primary = false
    public var address = AddressRecord()

    public init() {}
}
