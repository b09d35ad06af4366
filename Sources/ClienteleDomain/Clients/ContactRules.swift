import ClienteleStore

/// Validation of contacts and the one-primary rule.
enum ContactRules {
    static let maximumContacts = 50
    /// Paths of `NewContact` an update mask may name.
    static let paths = [
        "first_name", "last_name", "email", "phone", "primary", "address", "address.country", "address.region",
        "address.city", "address.lines", "address.postal_code",
    ]

    /// The initial contacts of a new client: the one marked primary, else the first, is primary.
    static func newContacts(
        _ inputs: [ContactInput], clientID: String, ids: any IDGenerator
    ) throws(DomainError)
        -> [ContactRecord]
    {
        guard inputs.count <= self.maximumContacts else {
            throw .invalidArgument(field: "contacts", reason: "holds more than \(self.maximumContacts) contacts")
        }
        guard inputs.filter(\.primary).count <= 1 else {
            throw .invalidArgument(field: "contacts", reason: "only one contact can be primary")
        }
        var contacts: [ContactRecord] = []
        for (index, input) in inputs.enumerated() {
            var contact = ContactRecord(
                id: ids.make("con"), clientID: clientID, position: index, firstName: "", lastName: "", email: "",
                phone: "", isPrimary: false, address: AddressRecord())
            try self.apply(input, paths: self.paths, to: &contact, field: "contacts[\(index)]")
            contacts.append(contact)
        }
        if !contacts.isEmpty && !contacts.contains(where: \.isPrimary) { contacts[0].isPrimary = true }
        return contacts
    }

    /// Applies `input` at `paths` to `contact`; errors name `<field>.<path>`.
    static func apply(
        _ input: ContactInput, paths: [String], to contact: inout ContactRecord, field: String
    )
        throws(DomainError)
    {
        for path in paths {
            let name = "\(field).\(path)"
            switch path {
            case "first_name": contact.firstName = try Validate.optional(input.firstName, name, maxLength: 100)
            case "last_name": contact.lastName = try Validate.optional(input.lastName, name, maxLength: 100)
            case "email":
                contact.email = input.email.isEmpty ? "" : try Validate.email(input.email, name)
            case "phone": contact.phone = try Validate.phone(input.phone, name)
            case "primary": contact.isPrimary = input.primary
            case "address":
                try self.apply(
                    input, paths: self.paths.filter { $0.hasPrefix("address.") }, to: &contact, field: field)
            case "address.country": contact.address.country = try ClientFieldRules.country(input.address.country, name)
            case "address.region": contact.address.region = try Validate.optional(input.address.region, name)
            case "address.city": contact.address.city = try Validate.optional(input.address.city, name)
            case "address.lines": contact.address.lines = try ClientFieldRules.lines(input.address.lines, name)
            case "address.postal_code":
                contact.address.postalCode = try Validate.optional(input.address.postalCode, name, maxLength: 16)
            default:
                throw .invalidArgument(
                    field: "update_mask",
                    reason: "\(path) is not a field of a contact (one of \(self.paths.joined(separator: ", ")))")
            }
        }
        guard !(contact.firstName + contact.lastName).isEmpty else {
            throw .invalidArgument(field: "\(field).first_name", reason: "a contact needs a first or last name")
        }
    }

    /// Makes `primaryID` the only primary contact.
    static func makePrimary(_ primaryID: String, in contacts: inout [ContactRecord]) {
        for index in contacts.indices { contacts[index].isPrimary = contacts[index].id == primaryID }
    }
}
