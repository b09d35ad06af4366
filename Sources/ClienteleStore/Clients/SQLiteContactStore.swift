import GRDB

/// Contacts of clients, in order of addition.
public struct SQLiteContactStore {
    let db: Database

    private static let columns = """
        id, client_id, position, first_name, last_name, email, phone, is_primary, country, region, city, \
        address_lines, postal_code
        """

    /// Replaces the contacts of a client with `contacts` (demotions first, so the
    /// one-primary index holds at every step).
    public func replace(clientID: String, with contacts: [ContactRecord]) throws {
        try StoreError.mapping(missing: "client \(clientID)") {
            try self.db.execute(cached: "DELETE FROM contacts WHERE client_id = ?", arguments: [clientID])
            for contact in contacts { try self.insert(contact) }
        }
    }

    public func insert(_ contact: ContactRecord) throws {
        try StoreError.mapping(missing: "client \(contact.clientID)") {
            try self.db.execute(
                cached: "INSERT INTO contacts (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    contact.id, contact.clientID, contact.position, contact.firstName, contact.lastName,
                    contact.email, contact.phone, contact.isPrimary, contact.address.country, contact.address.region,
                    contact.address.city, ListColumn.encode(contact.address.lines), contact.address.postalCode,
                ]
            )
        }
    }

    public func forClient(_ clientID: String) throws -> [ContactRecord] {
        try StoreError.mapping {
            try StatementRow.all(
                cached: self.db, sql: "SELECT \(Self.columns) FROM contacts WHERE client_id = ? ORDER BY position",
                arguments: [clientID], Self.record)
        }
    }

    /// The contacts of several clients, by client.
    public func forClients(_ clientIDs: [String]) throws -> [String: [ContactRecord]] {
        guard !clientIDs.isEmpty else { return [:] }
        return try StoreError.mapping {
            let placeholders = Array(repeating: "?", count: clientIDs.count).joined(separator: ", ")
            let contacts = try StatementRow.all(
                cached: self.db,
                sql: """
                    SELECT \(Self.columns) FROM contacts WHERE client_id IN (\(placeholders))
                    ORDER BY client_id, position
                    """,
                arguments: StatementArguments(clientIDs), Self.record)
            return Dictionary(grouping: contacts, by: \.clientID)
        }
    }

    /// A row of `columns`, read in their order.
    private static func record(_ row: inout StatementRow) throws -> ContactRecord {
        ContactRecord(
            id: try row.next(),
            clientID: try row.next(),
            position: try row.next(),
            firstName: try row.next(),
            lastName: try row.next(),
            email: try row.next(),
            phone: try row.next(),
            isPrimary: try row.next(),
            address: AddressRecord(
                country: try row.next(),
                region: try row.next(),
                city: try row.next(),
                lines: ListColumn.decode(try row.next()),
                postalCode: try row.next()
            )
        )
    }
}

@available(*, unavailable)
extension SQLiteContactStore: Sendable {}

extension SQLiteContactStore: ContactStore {}
