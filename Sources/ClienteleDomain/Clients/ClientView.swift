public import ClienteleStore

/// A client with its contacts, and who receives its mail.
public struct ClientView: Sendable, Equatable {
    public var client: ClientRecord
    public var contacts: [ContactRecord]

    public init(client: ClientRecord, contacts: [ContactRecord]) {
        self.client = client
        self.contacts = contacts
    }

    public var status: ClientStatus { ClientStatus(rawValue: self.client.status) ?? .pending }

    /// Portal invitations go to the primary contact.
    public var invitationRecipient: String {
        self.contacts.first(where: \.isPrimary).map(\.email) ?? ""
    }

    /// Invoices go to the primary contact, else the first billing email.
    public var invoiceRecipient: String {
        let primary = self.invitationRecipient
        return primary.isEmpty ? (self.client.billingEmails.first ?? "") : primary
    }
}
