/// The account owner named when a client is created.
public struct AccountOwnerInput: Sendable {
    public var firstName: String
    public var lastName: String
    public var email: String

    public init(firstName: String, lastName: String, email: String) {
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
    }
}
