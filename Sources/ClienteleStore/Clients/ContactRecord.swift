/// A person on a client's record. At most one contact of a client is primary (an index enforces it).
public struct ContactRecord: Sendable, Equatable {
    public var id: String
    public var clientID: String
    /// Order of addition.
    public var position: Int
    public var firstName: String
    public var lastName: String
    public var email: String
    public var phone: String
    public var isPrimary: Bool
    public var address: AddressRecord

    public init(
        id: String, clientID: String, position: Int, firstName: String, lastName: String, email: String,
        phone: String, isPrimary: Bool, address: AddressRecord
    ) {
        self.id = id
        self.clientID = clientID
        self.position = position
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phone = phone
        self.isPrimary = isPrimary
        self.address = address
    }
}
