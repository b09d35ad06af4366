import ArgumentParser
import ClienteleProto

/// The options of a contact (`NewContact`), for `contacts add` and `contacts update`.
struct ContactFieldOptions: ParsableArguments {
    @Option(help: "First name.") var firstName: String?
    @Option(help: "Last name.") var lastName: String?
    @Option(help: "Email.") var email: String?
    @Option(help: "Phone.") var phone: String?
    @Flag(help: "Make this the primary contact (it receives invitations and invoices).") var primary = false
    @OptionGroup var address: AddressOptions

    /// The contact's given fields, and their mask paths.
    func contact() -> (contact: Clientele_V1_NewContact, paths: [String]) {
        var setter = FieldSetter(target: Clientele_V1_NewContact())
        setter.set(self.firstName, "first_name", \.firstName)
        setter.set(self.lastName, "last_name", \.lastName)
        setter.set(self.email, "email", \.email)
        setter.set(self.phone, "phone", \.phone)
        setter.set(self.primary ? true : nil, "primary", \.primary)
        let addressPaths = self.address.apply(to: &setter.target.address)
        setter.add(addressPaths)
        return (setter.target, setter.paths)
    }
}
