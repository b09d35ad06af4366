import ClienteleStore

/// Turns one row of an import into a client and its contact with CreateClient's
/// rules, collecting every error of the row (each named by its column) instead of
/// stopping at the first. Pure: the duplicates against the file and the store are
/// the service's to check.
struct ClientImportRowParser: Sendable {
    typealias Problem = ClientImportRowRecord.Problem

    /// A row's outcome: the client and contacts when `problems` is empty.
    struct Parsed {
        var client: ClientRecord
        var contacts: [ContactRecord]
        var problems: [Problem]
    }

    let columns: [ClientImportColumn]
    private let position: [ClientImportColumn: Int]

    /// `columns` as the service checked them: known, each once, the required ones present.
    init(columns: [ClientImportColumn]) {
        self.columns = columns
        self.position = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
    }

    static let contactPaths = ["first_name", "last_name", "email", "phone"]

    func parse(_ values: [String], client id: String, group groupID: String, contactID: String, now: Int64) -> Parsed {
        var client = ClientRecord(id: id, groupID: groupID, accountName: "", createdAt: now)
        guard values.count == self.columns.count else {
            let problem = Problem(
                column: "", message: "has \(values.count) values; the header has \(self.columns.count) columns")
            return Parsed(client: client, contacts: [], problems: [problem])
        }
        func value(_ column: ClientImportColumn) -> String { self.position[column].map { values[$0] } ?? "" }
        var problems: [Problem] = []
        func note(_ column: ClientImportColumn?, _ message: String) {
            let problem = Problem(column: column?.rawValue ?? "", message: message)
            if !problems.contains(problem) { problems.append(problem) }
        }
        func noteError(_ error: DomainError) {
            if case .invalidArgument(let field, let reason) = error {
                note(ClientImportColumn.column(forField: field), reason)
            } else {
                note(nil, error.description)
            }
        }

        var input = ClientFieldsInput()
        input.accountName = value(.accountName)
        input.companyName = value(.companyName)
        input.legalID = value(.legalID)
        input.login = value(.login)
        input.billingName = value(.billingName)
        input.billingEmails = value(.billingEmails).split(separator: ";").map(String.init)
            .filter { !$0.allSatisfy(\.isWhitespace) }
        input.phone = value(.phone)
        input.address = AddressRecord(
            country: value(.country), region: value(.region), city: value(.city),
            lines: [value(.addressLine1), value(.addressLine2)], postalCode: value(.postalCode))
        input.currency = value(.currency)
        input.timezone = value(.timezone)
        let choices: [(ClientImportColumn, [String], WritableKeyPath<ClientFieldsInput, Int>)] = [
            (.billingMode, ["prepaid", "postpaid"], \.billingMode),
            (.pricingModel, ["flat", "package"], \.pricingModel),
            (.connectionKind, ["direct", "partner", "reseller"], \.connectionKind),
        ]
        for (column, names, key) in choices {
            let text = Self.trimmed(value(column))
            guard !text.isEmpty else { continue }
            if let index = names.firstIndex(of: text.lowercased()) {
                input[keyPath: key] = index + 1
            } else {
                note(column, "must be one of \(names.joined(separator: ", ")) (got \(text))")
            }
        }
        let limit = Self.trimmed(value(.creditLimitMinor))
        if !limit.isEmpty {
            if let minor = Int64(limit) {
                input.creditLimitMinor = minor
            } else {
                note(.creditLimitMinor, "is not a whole number of minor units (got \(limit))")
            }
        }
        switch Self.trimmed(value(.moderation)).lowercased() {
        case "", "false", "no", "0": input.moderation = false
        case "true", "yes", "1": input.moderation = true
        default: note(.moderation, "must be true or false")
        }

        for path in ClientFieldRules.leafPaths {
            do throws(DomainError) {
                try ClientFieldRules.apply(path, input, to: &client, creating: true)
            } catch {
                noteError(error)
            }
        }
        if problems.isEmpty {
            do throws(DomainError) { try ClientFieldRules.complete(&client) } catch { noteError(error) }
        }

        var contacts: [ContactRecord] = []
        let contactColumns: [ClientImportColumn] = [.contactFirstName, .contactLastName, .contactEmail, .contactPhone]
        if contactColumns.contains(where: { !Self.trimmed(value($0)).isEmpty }) {
            var contactInput = ContactInput()
            contactInput.firstName = value(.contactFirstName)
            contactInput.lastName = value(.contactLastName)
            contactInput.email = Self.trimmed(value(.contactEmail))
            contactInput.phone = value(.contactPhone)
            var contact = ContactRecord(
                id: contactID, clientID: id, position: 0, firstName: "", lastName: "", email: "", phone: "",
                isPrimary: true, address: AddressRecord())
            // Each field on its own (on a named probe, so that the name rule waits for both names),
            // then all together for the rule that a contact needs a name.
            for path in Self.contactPaths {
                var probe = contact
                probe.firstName = "n"
                probe.lastName = "n"
                do throws(DomainError) {
                    try ContactRules.apply(contactInput, paths: [path], to: &probe, field: "contacts[0]")
                } catch {
                    noteError(error)
                }
            }
            do throws(DomainError) {
                try ContactRules.apply(contactInput, paths: Self.contactPaths, to: &contact, field: "contacts[0]")
            } catch {
                noteError(error)
            }
            contacts = [contact]
        }
        problems = problems.enumerated()
            .sorted { (self.order($0.element.column), $0.offset) < (self.order($1.element.column), $1.offset) }
            .map(\.element)
        return Parsed(client: client, contacts: contacts, problems: problems)
    }

    /// Where a column's errors sort: the row's own first, then by the column's place in the file.
    func order(_ column: String) -> Int {
        ClientImportColumn(rawValue: column).flatMap { self.position[$0] }.map { $0 + 1 } ?? 0
    }

    private static func trimmed(_ value: String) -> String { Validate.trimmed(value) }
}
