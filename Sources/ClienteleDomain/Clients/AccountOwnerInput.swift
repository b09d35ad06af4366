/// The account owner named when a client is created.
public struct AccountOwnerInput: Sendable {
    public var firstName: String
    public var lastName: String
    public var email: String
    /// The owner's first password; empty to send an activation link instead.
    public var password: String

    public init(firstName: String, lastName: String, email: String, password: String = "") {
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.password = password
    }
}
