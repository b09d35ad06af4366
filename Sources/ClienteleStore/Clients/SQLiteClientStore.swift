import Foundation
import GRDB

/// Client accounts, with the lookup rows (emails, phones) and the search text
/// kept in step on every write.
public struct SQLiteClientStore {
    let db: Database
    /// Where a group commit queues search-index rows (see `SearchUpdates`); `nil` writes them at once.
    var searchUpdates: SearchUpdates? = nil

    static let columns = """
        id, group_id, version, status, blocked, blocked_reason, blocked_by, blocked_at, suspended, \
        suspended_reason, suspended_by, suspended_at, account_name, company_name, legal_id, login, billing_name, \
        billing_emails, country, region, city, address_lines, postal_code, currency, billing_mode, \
        credit_limit_minor, pricing_model, tax_region, timezone, manager_user_id, moderation, connection_kind, \
        service_levels, phone, owner_user_id, activation_deadline, created_at, updated_at, closed_at, \
        parent_client_id, connection_status, sub_client_count
        """

    /// `columns` one by one. The statements are built once (Foundation's trimming on Linux made
    /// building them per write a tenth of the daemon's time under write load).
    private static let columnNames: [String] = columns.split(separator: ",").map {
        $0.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static let insertSQL =
        "INSERT INTO clients (\(columns)) VALUES (\(columnNames.map { _ in "?" }.joined(separator: ", ")))"

    /// Every column but `id` set from a parameter.
    private static let updateSQL =
        "UPDATE clients SET \(columnNames.dropFirst().map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?"

    /// Throws `.duplicate(field: "login")` or `.duplicate(field: "group_id, legal_id")` for a taken
    /// login or legal identifier, `.notFound` when the group, manager or owner does not exist.
    public func insert(_ client: ClientRecord, contacts: [ContactRecord]) throws {
        try StoreError.mapping(missing: "group, manager or owner of client \(client.id)") {
            try self.db.execute(
                cached: Self.insertSQL,
                arguments: StatementArguments(Self.values(client))
            )
            try self.index(client, contacts: contacts, replacing: false)
        }
    }

    /// Stores every field as given; the caller bumps `version` and `updatedAt`.
    /// `contacts` are the client's contacts after the change, for the lookup rows.
    public func update(_ client: ClientRecord, contacts: [ContactRecord]) throws {
        try StoreError.mapping(missing: "manager or owner of client \(client.id)") {
            try self.db.execute(
                cached: Self.updateSQL,
                arguments: StatementArguments(Self.values(client).dropFirst() + [client.id])
            )
            guard self.db.changesCount > 0 else { throw StoreError.notFound("client \(client.id)") }
            try self.index(client, contacts: contacts, replacing: true)
        }
    }

    public func fetch(id: String) throws -> ClientRecord? {
        try StoreError.mapping {
            try StatementRow.first(
                cached: self.db, sql: "SELECT \(Self.columns) FROM clients WHERE id = ?", arguments: [id],
                Self.record)
        }
    }

    /// Group, client and manager of a client, for the authorization check, without the rest of the row.
    public func ownership(id: String) throws -> (groupID: String, managerUserID: String?)? {
        try StoreError.mapping {
            try StatementRow.first(
                cached: self.db, sql: "SELECT group_id, manager_user_id FROM clients WHERE id = ?", arguments: [id]
            ) { row in (try row.next(), try row.next()) }
        }
    }

    /// One client of the group assigned to `managerUserID` (the first by account name), if any.
    public func anyManaged(by managerUserID: String, inGroup groupID: String) throws -> String? {
        try StoreError.mapping {
            try String.fetchOne(
                cached: self.db,
                sql: """
                    SELECT id FROM clients INDEXED BY clients_by_manager_account_name
                    WHERE group_id = ? AND manager_user_id = ? LIMIT 1
                    """,
                arguments: [groupID, managerUserID])
        }
    }

    /// Clients whose owner's activation deadline has passed, oldest first.
    public func pendingActivation(before deadline: Int64, limit: Int) throws -> [ClientRecord] {
        try StoreError.mapping {
            try StatementRow.all(
                cached: self.db,
                sql: """
                    SELECT \(Self.columns) FROM clients
                    WHERE activation_deadline IS NOT NULL AND activation_deadline <= ?
                    ORDER BY activation_deadline LIMIT ?
                    """,
                arguments: [deadline, limit], Self.record)
        }
    }

    /// One page of `query`, at most `query.limit` rows.
    public func list(_ query: ClientQuery) throws -> [ClientRecord] {
        try StoreError.mapping {
            var list = ClientListSQL(query: query)
            if let search = query.search {
                let hits = try Int64.fetchAll(cached: self.db, sql: ClientListSQL.searchHits, arguments: [search])
                if hits.isEmpty { return [] }
                if hits.count <= ClientListSQL.narrowSearch {
                    list.searchHits = hits
                } else {
                    list.searchBitmap = try Data.fetchOne(
                        cached: self.db, sql: ClientListSQL.searchBitmap, arguments: [search])
                }
            }
            let (sql, arguments) = list.statement(columns: Self.columns)
            return try StatementRow.all(cached: self.db, sql: sql, arguments: arguments, Self.record)
        }
    }

    public func count(groupID: String) throws -> Int {
        try StoreError.mapping {
            try Int.fetchOne(
                cached: self.db, sql: "SELECT count(*) FROM clients WHERE group_id = ?", arguments: [groupID]) ?? 0
        }
    }

    /// Rewrites the lookup rows and the search text of a client.
    private func index(_ client: ClientRecord, contacts: [ContactRecord], replacing: Bool) throws {
        if replacing {
            try self.db.execute(cached: "DELETE FROM client_lookup WHERE client_id = ?", arguments: [client.id])
        }
        var lookups = Set<[String]>()
        for email in client.billingEmails + contacts.map(\.email) where !email.isEmpty {
            lookups.insert(["email", email.lowercased()])
        }
        for phone in [client.phone] + contacts.map(\.phone) where !phone.isEmpty {
            lookups.insert(["phone", phone])
        }
        for lookup in lookups {
            try self.db.execute(
                cached: "INSERT INTO client_lookup (kind, value, client_id) VALUES (?, ?, ?)",
                arguments: [lookup[0], lookup[1], client.id]
            )
        }
        let text = SearchText.document(
            [client.accountName, client.companyName, client.login ?? ""] + client.billingEmails)
        if let searchUpdates = self.searchUpdates {
            searchUpdates.set(clientID: client.id, text: text)
        } else {
            try SearchUpdates.write(self.db, clientID: client.id, text: text)
        }
    }

    private static func values(_ client: ClientRecord) -> [(any DatabaseValueConvertible)?] {
        [
            client.id, client.groupID, client.version, client.status, client.blocked != nil,
            client.blocked?.reason, client.blocked?.by, client.blocked?.at, client.suspended != nil,
            client.suspended?.reason, client.suspended?.by, client.suspended?.at, client.accountName,
            client.companyName, client.legalID, client.login, client.billingName,
            ListColumn.encode(client.billingEmails), client.address.country, client.address.region,
            client.address.city, ListColumn.encode(client.address.lines), client.address.postalCode,
            client.currency, client.billingMode, client.creditLimitMinor, client.pricingModel, client.taxRegion,
            client.timezone, client.managerUserID, client.moderation, client.connectionKind,
            ListColumn.encode(client.serviceLevels), client.phone, client.ownerUserID, client.activationDeadline,
            client.createdAt, client.updatedAt, client.closedAt, client.parentClientID, client.connectionStatus,
            client.subClientCount,
        ]
    }

    /// A row of `columns`, read in their order.
    static func record(_ row: inout StatementRow) throws -> ClientRecord {
        var client = ClientRecord(id: try row.next(), groupID: try row.next(), accountName: "", createdAt: 0)
        client.version = try row.next()
        client.status = try row.next()
        client.blocked = try Self.flag(&row)
        client.suspended = try Self.flag(&row)
        client.accountName = try row.next()
        client.companyName = try row.next()
        client.legalID = try row.next()
        client.login = try row.next()
        client.billingName = try row.next()
        client.billingEmails = ListColumn.decode(try row.next())
        client.address = AddressRecord(
            country: try row.next(), region: try row.next(), city: try row.next(),
            lines: ListColumn.decode(try row.next()), postalCode: try row.next())
        client.currency = try row.next()
        client.billingMode = try row.next()
        client.creditLimitMinor = try row.next()
        client.pricingModel = try row.next()
        client.taxRegion = try row.next()
        client.timezone = try row.next()
        client.managerUserID = try row.next()
        client.moderation = try row.next()
        client.connectionKind = try row.next()
        client.serviceLevels = ListColumn.decodeServiceLevels(try row.next())
        client.phone = try row.next()
        client.ownerUserID = try row.next()
        client.activationDeadline = try row.next()
        client.createdAt = try row.next()
        client.updatedAt = try row.next()
        client.closedAt = try row.next()
        client.parentClientID = try row.next()
        client.connectionStatus = try row.next()
        client.subClientCount = try row.next()
        return client
    }

    /// A state flag's four columns: set, reason, by, at.
    private static func flag(_ row: inout StatementRow) throws -> StateFlagRecord? {
        let isSet: Bool = try row.next()
        let reason: String? = try row.next()
        let by: String? = try row.next()
        let at: Int64? = try row.next()
        return isSet ? StateFlagRecord(reason: reason ?? "", by: by ?? "", at: at ?? 0) : nil
    }

}

@available(*, unavailable)
extension SQLiteClientStore: Sendable {}

extension SQLiteClientStore: ClientStore {}
