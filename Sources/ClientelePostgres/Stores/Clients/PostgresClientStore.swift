public import ClienteleStore
import Foundation
import Logging
import PostgresNIO

/// Client accounts, with the lookup rows (emails, phones) and the search text kept in step on
/// every write, on PostgreSQL: the same operations and answers as `SQLiteClientStore`.
///
/// The search row is written in the same transaction as the client, at once: SQLite's
/// `SearchUpdates` queue (search rows written at the end of a group commit, so that FTS5 makes
/// one index segment per batch) answers a cost FTS5 has and a plain table does not, so this
/// store takes no such queue. Names and logins compare as SQLite's `COLLATE NOCASE` compares
/// them (see `PostgresClientListSQL`); the search is `PostgresSearchText`'s.
public struct PostgresClientStore {
    let session: PostgresSession

    public init(session: PostgresSession) {
        self.session = session
    }

    static let columns = """
        id, group_id, version, status, blocked, blocked_reason, blocked_by, blocked_at, suspended, \
        suspended_reason, suspended_by, suspended_at, account_name, company_name, legal_id, login, billing_name, \
        billing_emails, country, region, city, address_lines, postal_code, currency, billing_mode, \
        credit_limit_minor, pricing_model, tax_region, timezone, manager_user_id, moderation, connection_kind, \
        service_levels, phone, owner_user_id, activation_deadline, created_at, updated_at, closed_at, \
        parent_client_id, connection_status, sub_client_count
        """

    private static let columnNames: [String] = Self.columns.split(separator: ",").map {
        $0.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static let insertSQL: String = {
        let placeholders = (1...Self.columnNames.count).map { "$\($0)" }.joined(separator: ", ")
        return "INSERT INTO clients (\(Self.columns)) VALUES (\(placeholders))"
    }()

    private static let updateSQL: String = {
        let assignments = Self.columnNames.dropFirst().enumerated().map { "\($0.element) = $\($0.offset + 1)" }
        return "UPDATE clients SET \(assignments.joined(separator: ", ")) WHERE id = $\(Self.columnNames.count)"
    }()

    /// Throws `.duplicate(field: "group_id, login")` or `.duplicate(field: "group_id, legal_id")` for a
    /// taken login or legal identifier, `.notFound` when the group, manager or owner does not exist.
    public func insert(_ client: ClientRecord, contacts: [ContactRecord]) throws {
        let missing = "group, manager or owner of client \(client.id)"
        try StoreError.mappingPostgres(missing: missing) {
            // Nothing inserted: a key is taken. Which one is reported is SQLite's choice (below).
            if try self.session.execute(Self.insertSQL + " ON CONFLICT DO NOTHING", Self.values(client)) == 0 {
                try self.insertReportingTakenKey(client)
            }
        }
        self.index(client, contacts: contacts, replacing: false, missing: missing)
    }

    /// For a client whose insert hit a unique key: throws `.duplicate` for the key SQLite
    /// reports. SQLite checks a row's unique indexes in the reverse order of their creation, so
    /// it names the login first, then the legal id, then the id; PostgreSQL would name them
    /// the other way round (`StoreError(postgres:)` takes what the server reports).
    /// When no conflicting row is visible (a concurrent writer's), inserts again without
    /// `ON CONFLICT`: the server then reports the key itself, or a serialization failure that
    /// runs the transaction again.
    private func insertReportingTakenKey(_ client: ClientRecord) throws {
        let taken = try self.session.row(
            """
            SELECT
                EXISTS (SELECT 1 FROM clients WHERE group_id = $1 AND lower(login) = $2) AS login,
                EXISTS (SELECT 1 FROM clients WHERE group_id = $1 AND legal_id = $3) AS legal_id,
                EXISTS (SELECT 1 FROM clients WHERE id = $4) AS id
            """,
            [client.groupID, client.login.map(PostgresClientListSQL.foldingASCII), client.legalID, client.id])
        if let taken {
            if try taken.decode("login", as: Bool.self) { throw StoreError.duplicate(field: "group_id, login") }
            if try taken.decode("legal_id", as: Bool.self) { throw StoreError.duplicate(field: "group_id, legal_id") }
            if try taken.decode("id", as: Bool.self) { throw StoreError.duplicate(field: "id") }
        }
        try self.session.execute(Self.insertSQL, Self.values(client))
    }

    /// Stores every field as given; the caller bumps `version` and `updatedAt`.
    /// `contacts` are the client's contacts after the change, for the lookup rows.
    public func update(_ client: ClientRecord, contacts: [ContactRecord]) throws {
        let missing = "manager or owner of client \(client.id)"
        try StoreError.mappingPostgres(missing: missing) {
            var sql = Self.updateSQL
            var arguments = Array(Self.values(client).dropFirst()) + [client.id]
            if let login = client.login {
                // A login another client has is reported before a legal id another has, as SQLite
                // reports it (see `insertReportingTakenKey`): the row is then left alone.
                arguments.append(PostgresClientListSQL.foldingASCII(login))
                sql +=
                    " AND NOT EXISTS (SELECT 1 FROM clients AS other WHERE other.group_id = $1"
                    + " AND lower(other.login) = $\(arguments.count) AND other.id <> $\(Self.columnNames.count))"
            }
            guard try self.session.execute(sql, arguments) > 0 else {
                let exists = try self.session.value(
                    Bool.self, "SELECT EXISTS (SELECT 1 FROM clients WHERE id = $1)", [client.id])
                throw exists == true
                    ? StoreError.duplicate(field: "group_id, login") : StoreError.notFound("client \(client.id)")
            }
        }
        self.index(client, contacts: contacts, replacing: true, missing: missing)
    }

    public func fetch(id: String) throws -> ClientRecord? {
        try StoreError.mappingPostgres {
            try self.session.row("SELECT \(Self.columns) FROM clients WHERE id = $1", [id]).map(Self.record)
        }
    }

    /// Group, client and manager of a client, for the authorization check, without the rest of the row.
    public func ownership(id: String) throws -> (groupID: String, managerUserID: String?)? {
        try StoreError.mappingPostgres {
            try self.session.row("SELECT group_id, manager_user_id FROM clients WHERE id = $1", [id]).map { row in
                (try row.decode("group_id", as: String.self), try row.optional("manager_user_id", as: String.self))
            }
        }
    }

    /// One client of the group assigned to `managerUserID` (the first by account name), if any:
    /// the first of `clients_by_manager_account_name`, which SQLite walks.
    public func anyManaged(by managerUserID: String, inGroup groupID: String) throws -> String? {
        try StoreError.mappingPostgres {
            try self.session.value(
                String.self,
                """
                SELECT id FROM clients WHERE group_id = $1 AND manager_user_id = $2
                ORDER BY lower(account_name), id LIMIT 1
                """,
                [groupID, managerUserID])
        }
    }

    /// Clients whose owner's activation deadline has passed, oldest first. Equal deadlines come
    /// by id here; SQLite gives them in the order the clients were inserted (its rowids), which
    /// PostgreSQL does not keep.
    public func pendingActivation(before deadline: Int64, limit: Int) throws -> [ClientRecord] {
        try StoreError.mappingPostgres {
            try self.session.rows(
                """
                SELECT \(Self.columns) FROM clients
                WHERE activation_deadline IS NOT NULL AND activation_deadline <= $1
                ORDER BY activation_deadline, id LIMIT $2
                """,
                // SQLite takes a negative LIMIT as no limit; PostgreSQL takes NULL so.
                [deadline, limit < 0 ? nil : Int64(limit)]
            ).map(Self.record)
        }
    }

    /// One page of `query`, at most `query.limit` rows.
    public func list(_ query: ClientQuery) throws -> [ClientRecord] {
        try StoreError.mappingPostgres {
            var list = PostgresClientListSQL(query: query)
            if let search = query.search {
                let patterns: [String]?
                do {
                    patterns = try PostgresSearchText.patterns(matching: search)
                } catch {
                    // SQLite's FTS5 fails such an expression with an error its store logs and
                    // reports as this one (`StoreError.surface`): a bug of the caller's, not a condition.
                    self.session.logger.error("database error", metadata: ["message": "\(error)"])
                    throw StoreError.unavailable("the database failed; see the daemon's log")
                }
                guard let patterns else { return [] }
                list.searchPatterns = patterns
            }
            let (sql, arguments) = list.statement(columns: Self.columns)
            return try self.session.rows(sql, arguments).map(Self.record)
        }
    }

    public func count(groupID: String) throws -> Int {
        try StoreError.mappingPostgres {
            Int(try self.session.value(Int64.self, "SELECT count(*) FROM clients WHERE group_id = $1", [groupID]) ?? 0)
        }
    }

    /// Rewrites the lookup rows and the search text of a client: enqueued (see `PostgresSession`).
    private func index(_ client: ClientRecord, contacts: [ContactRecord], replacing: Bool, missing: String) {
        if replacing {
            self.session.enqueue("DELETE FROM client_lookup WHERE client_id = $1", [client.id])
        }
        var lookups = Set<[String]>()
        for email in client.billingEmails + contacts.map(\.email) where !email.isEmpty {
            lookups.insert(["email", email.lowercased()])
        }
        for phone in [client.phone] + contacts.map(\.phone) where !phone.isEmpty {
            lookups.insert(["phone", phone])
        }
        if !lookups.isEmpty {
            // One statement for all of them; a NOCASE twin among them breaks the unique index
            // on (kind, lower(value), client_id) as it breaks SQLite's key.
            self.session.enqueue(
                """
                INSERT INTO client_lookup (kind, value, client_id)
                SELECT kind, value, $3 FROM unnest($1::text[], $2::text[]) AS lookup (kind, value)
                """,
                [lookups.map { $0[0] }, lookups.map { $0[1] }, client.id], missing: missing)
        }
        let text = PostgresSearchText.document(
            [client.accountName, client.companyName, client.login ?? ""] + client.billingEmails)
        self.session.enqueue(
            """
            INSERT INTO client_search (client_id, text) VALUES ($1, $2)
            ON CONFLICT (client_id) DO UPDATE SET text = excluded.text
            """,
            [client.id, text], missing: missing)
    }

    /// Column values in the order of `columns`.
    private static func values(_ client: ClientRecord) -> [(any PostgresDynamicTypeEncodable)?] {
        [
            client.id, client.groupID, Int64(client.version), Int64(client.status), Self.flag(client.blocked != nil),
            client.blocked?.reason, client.blocked?.by, client.blocked?.at, Self.flag(client.suspended != nil),
            client.suspended?.reason, client.suspended?.by, client.suspended?.at, client.accountName,
            client.companyName, client.legalID, client.login, client.billingName,
            ListColumn.encode(client.billingEmails), client.address.country, client.address.region,
            client.address.city, ListColumn.encode(client.address.lines), client.address.postalCode,
            client.currency, Int64(client.billingMode), client.creditLimitMinor, Int64(client.pricingModel),
            client.taxRegion, client.timezone, client.managerUserID, Self.flag(client.moderation),
            Int64(client.connectionKind), ListColumn.encode(client.serviceLevels), client.phone,
            client.ownerUserID, client.activationDeadline, client.createdAt, client.updatedAt, client.closedAt,
            client.parentClientID, Int64(client.connectionStatus), Int64(client.subClientCount),
        ]
    }

    private static func flag(_ isSet: Bool) -> Int64 { isSet ? 1 : 0 }

    /// A row of `columns`.
    static func record(_ row: PostgresRandomAccessRow) throws -> ClientRecord {
        var client = ClientRecord(
            id: try row.decode("id", as: String.self), groupID: try row.decode("group_id", as: String.self),
            accountName: try row.decode("account_name", as: String.self),
            createdAt: try row.decode("created_at", as: Int64.self))
        client.version = Int(try row.decode("version", as: Int64.self))
        client.status = Int(try row.decode("status", as: Int64.self))
        client.blocked = try Self.flag(row, "blocked")
        client.suspended = try Self.flag(row, "suspended")
        client.companyName = try row.decode("company_name", as: String.self)
        client.legalID = try row.optional("legal_id", as: String.self)
        client.login = try row.optional("login", as: String.self)
        client.billingName = try row.decode("billing_name", as: String.self)
        client.billingEmails = ListColumn.decode(try row.decode("billing_emails", as: String.self))
        client.address = AddressRecord(
            country: try row.decode("country", as: String.self), region: try row.decode("region", as: String.self),
            city: try row.decode("city", as: String.self),
            lines: ListColumn.decode(try row.decode("address_lines", as: String.self)),
            postalCode: try row.decode("postal_code", as: String.self))
        client.currency = try row.decode("currency", as: String.self)
        client.billingMode = Int(try row.decode("billing_mode", as: Int64.self))
        client.creditLimitMinor = try row.decode("credit_limit_minor", as: Int64.self)
        client.pricingModel = Int(try row.decode("pricing_model", as: Int64.self))
        client.taxRegion = try row.decode("tax_region", as: String.self)
        client.timezone = try row.decode("timezone", as: String.self)
        client.managerUserID = try row.optional("manager_user_id", as: String.self)
        client.moderation = try row.decode("moderation", as: Int64.self) != 0
        client.connectionKind = Int(try row.decode("connection_kind", as: Int64.self))
        client.serviceLevels = ListColumn.decodeServiceLevels(
            try row.decode("service_levels", as: String.self))
        client.phone = try row.decode("phone", as: String.self)
        client.ownerUserID = try row.optional("owner_user_id", as: String.self)
        client.activationDeadline = try row.optional("activation_deadline", as: Int64.self)
        client.updatedAt = try row.decode("updated_at", as: Int64.self)
        client.closedAt = try row.optional("closed_at", as: Int64.self)
        client.parentClientID = try row.optional("parent_client_id", as: String.self)
        client.connectionStatus = Int(try row.decode("connection_status", as: Int64.self))
        client.subClientCount = Int(try row.decode("sub_client_count", as: Int64.self))
        return client
    }

    /// A state flag's four columns: set, reason, by, at.
    private static func flag(_ row: PostgresRandomAccessRow, _ name: String) throws -> StateFlagRecord? {
        guard try row.decode(name, as: Int64.self) != 0 else { return nil }
        return StateFlagRecord(
            reason: try row.optional("\(name)_reason", as: String.self) ?? "",
            by: try row.optional("\(name)_by", as: String.self) ?? "",
            at: try row.optional("\(name)_at", as: Int64.self) ?? 0)
    }
}

@available(*, unavailable)
extension PostgresClientStore: Sendable {}

extension PostgresClientStore: ClientStore {}
