/// A postal address; empty strings for absent parts.
public struct AddressRecord: Sendable, Equatable {
    /// ISO 3166-1 alpha-2, upper case.
    public var country: String
    public var region: String
    public var city: String
    public var lines: [String]
    public var postalCode: String

    public init(
        country: String = "", region: String = "", city: String = "", lines: [String] = [], postalCode: String = ""
    ) {
        self.country = country
        self.region = region
        self.city = city
        self.lines = lines
        self.postalCode = postalCode
    }
}
