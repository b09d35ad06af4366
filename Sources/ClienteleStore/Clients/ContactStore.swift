import GRDB

/// Contacts of clients, in order of addition.
public struct ContactStore {
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
            try Row.decodeAll(
                cached: self.db, sql: "SELECT \(Self.columns) FROM contacts WHERE client_id = ? ORDER BY position",
                arguments: [clientID], Self.record)
        }
    }

    /// The contacts of several clients, by client.
    public func forClients(_ clientIDs: [String]) throws -> [String: [ContactRecord]] {
        guard !clientIDs.isEmpty else { return [:] }
        return try StoreError.mapping {
            let placeholders = Array(repeating: "?", count: clientIDs.count).joined(separator: ", ")
            let contacts = try Row.decodeAll(
                cached: self.db,
                sql: """
                    SELECT \(Self.columns) FROM contacts WHERE client_id IN (\(placeholders))
                    ORDER BY client_id, position
                    """,
                arguments: StatementArguments(clientIDs), Self.record)
            return Dictionary(grouping: contacts, by: \.clientID)
        }
    }

    /// A row of `columns`, read by position (a lookup by name lower-cases the name on every read).
    private static func record(_ row: Row) throws -> ContactRecord {
        ContactRecord(
            id: try row.decode(atIndex: 0),
            clientID: try row.decode(atIndex: 1),
            position: try row.decode(atIndex: 2),
            firstName: try row.decode(atIndex: 3),
            lastName: try row.decode(atIndex: 4),
            email: try row.decode(atIndex: 5),
            phone: try row.decode(atIndex: 6),
            isPrimary: try row.decode(atIndex: 7),
            address: AddressRecord(
                country: try row.decode(atIndex: 8),
                region: try row.decode(atIndex: 9),
                city: try row.decode(atIndex: 10),
                lines: ListColumn.decode(try row.decode(atIndex: 11)),
                postalCode: try row.decode(atIndex: 12)
            )
        )
    }
}

@available(*, unavailable)
extension ContactStore: Sendable {}
