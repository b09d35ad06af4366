public import ClienteleStore
import PostgresNIO

/// Contacts of clients, in order of addition, on PostgreSQL: the same operations and answers
/// as `SQLiteContactStore`. Contacts with the same position (the domain never makes two) come
/// by id here, in the order they were inserted on SQLite (its rowids).
public struct PostgresContactStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    private static let columns = """
        id, client_id, position, first_name, last_name, email, phone, is_primary, country, region, city, \
        address_lines, postal_code
        """

    /// Replaces the contacts of a client with `contacts` (demotions first, so the
    /// one-primary index holds at every step).
    public func replace(clientID: String, with contacts: [ContactRecord]) throws {
        try StoreError.mappingPostgres(missing: "client \(clientID)") {
            self.session.enqueue("DELETE FROM contacts WHERE client_id = $1", [clientID])
            for contact in contacts { try self.insert(contact) }
        }
    }

    /// Throws `.duplicate(field: "client_id")` for a second primary contact, `.duplicate(field: "id")`
    /// for a taken id, `.notFound` when the client does not exist.
    public func insert(_ contact: ContactRecord) throws {
        try StoreError.mappingPostgres(missing: "client \(contact.clientID)") {
            // Nothing inserted: a key is taken. SQLite checks the one-primary index before the
            // id (the reverse order of their creation), PostgreSQL the other way round: the
            // store asks which one, as `PostgresClientStore.insert` does.
            guard try self.session.execute(Self.insertSQL + " ON CONFLICT DO NOTHING", Self.values(contact)) == 0
            else { return }
            let taken = try self.session.row(
                """
                SELECT
                    EXISTS (SELECT 1 FROM contacts WHERE client_id = $1 AND is_primary = 1 AND $2) AS primary_taken,
                    EXISTS (SELECT 1 FROM contacts WHERE id = $3) AS id
                """, [contact.clientID, contact.isPrimary, contact.id])
            if let taken {
                if try taken.decode("primary_taken", as: Bool.self) { throw StoreError.duplicate(field: "client_id") }
                if try taken.decode("id", as: Bool.self) { throw StoreError.duplicate(field: "id") }
            }
            // No conflicting row visible (a concurrent writer's): the server reports it itself.
            try self.session.execute(Self.insertSQL, Self.values(contact))
        }
    }

    private static let insertSQL =
        "INSERT INTO contacts (\(columns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"

    private static func values(_ contact: ContactRecord) -> [(any PostgresDynamicTypeEncodable)?] {
        [
            contact.id, contact.clientID, Int64(contact.position), contact.firstName, contact.lastName,
            contact.email, contact.phone, Int64(contact.isPrimary ? 1 : 0), contact.address.country,
            contact.address.region, contact.address.city, ListColumn.encode(contact.address.lines),
            contact.address.postalCode,
        ]
    }

    public func forClient(_ clientID: String) throws -> [ContactRecord] {
        try StoreError.mappingPostgres {
            try self.session.rows(
                "SELECT \(Self.columns) FROM contacts WHERE client_id = $1 ORDER BY position, id", [clientID]
            ).map(Self.record)
        }
    }

    /// The contacts of several clients, by client.
    public func forClients(_ clientIDs: [String]) throws -> [String: [ContactRecord]] {
        guard !clientIDs.isEmpty else { return [:] }
        return try StoreError.mappingPostgres {
            let contacts = try self.session.rows(
                """
                SELECT \(Self.columns) FROM contacts WHERE client_id = ANY($1::text[])
                ORDER BY client_id, position, id
                """,
                [clientIDs]
            ).map(Self.record)
            return Dictionary(grouping: contacts, by: \.clientID)
        }
    }

    /// A row of `columns`.
    private static func record(_ row: PostgresRandomAccessRow) throws -> ContactRecord {
        ContactRecord(
            id: try row.decode("id", as: String.self),
            clientID: try row.decode("client_id", as: String.self),
            position: Int(try row.decode("position", as: Int64.self)),
            firstName: try row.decode("first_name", as: String.self),
            lastName: try row.decode("last_name", as: String.self),
            email: try row.decode("email", as: String.self),
            phone: try row.decode("phone", as: String.self),
            isPrimary: try row.decode("is_primary", as: Int64.self) != 0,
            address: AddressRecord(
                country: try row.decode("country", as: String.self),
                region: try row.decode("region", as: String.self),
                city: try row.decode("city", as: String.self),
                lines: ListColumn.decode(try row.decode("address_lines", as: String.self)),
                postalCode: try row.decode("postal_code", as: String.self)
            )
        )
    }
}

@available(*, unavailable)
extension PostgresContactStore: Sendable {}

extension PostgresContactStore: ContactStore {}
