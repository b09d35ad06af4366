import ClientelePostgres
import ClienteleStore
import Foundation
import Testing

/// Records with defaults for the record-store parity tests (notes, invitations, outbox, audit,
/// idempotency keys, client imports), and the seed both engines start from: groups grp_1 and
/// grp_2, users usr_1 and usr_2 (grp_1), clients cli_1 and cli_2 (grp_1) and cli_3 (grp_2).
enum RecordBuilders {
    static func note(
        _ id: String, client: String = "cli_1", at createdAt: Int64 = 1_000, text: String = "called"
    )
        -> NoteRecord
    {
        NoteRecord(id: id, clientID: client, authorUserID: "usr_1", text: text, createdAt: createdAt)
    }

    static func invitation(
        _ id: String, token: [UInt8], client: String = "cli_1", user: String = "usr_1", at createdAt: Int64 = 1_000,
        group: String = "grp_1"
    ) -> InvitationRecord {
        InvitationRecord(
            id: id, tokenHash: token, kind: "portal_link", groupID: group, clientID: client, userID: user,
            createdBy: "usr_2", createdAt: createdAt, expiresAt: createdAt + 10_000, email: "ann@example.com")
    }

    static func message(
        _ id: String, group: String = "grp_1", client: String = "cli_1", at createdAt: Int64 = 1_000,
        data: [String: String] = ["token": "t-1", "name": "Zoë"]
    ) -> OutboxMessageRecord {
        OutboxMessageRecord(
            id: id, groupID: group, clientID: client, kind: 2, recipientEmail: "ann@example.com",
            recipientName: "Ann Émile", subject: "Welcome", body: "Hello, Ann", data: data, createdAt: createdAt)
    }

    static func audit(
        _ id: String, group: String = "grp_1", client: String? = "cli_1", actor: String = "usr_1",
        action: String = "clients.update", at: Int64 = 1_000, fields: [String] = ["account_name", "login"]
    ) -> AuditEntryRecord {
        AuditEntryRecord(
            id: id, groupID: group, clientID: client, actor: actor, onBehalfOf: client == nil ? nil : "usr_2",
            action: action, resource: "clients/\(client ?? "-")", requestID: "req-\(id)", changedFields: fields,
            detail: "detail of \(id)", at: at)
    }

    static func key(
        _ key: String, caller: String = "usr_1", at createdAt: Int64 = 1_000, response: [UInt8] = [0, 1, 2, 255]
    ) -> IdempotencyRecord {
        IdempotencyRecord(
            caller: caller, key: key, method: "CreateClient", requestHash: Array(repeating: 7, count: 32),
            response: response, createdAt: createdAt)
    }

    static func clientImport(
        _ id: String, group: String = "grp_1", mode: Int = 2, dryRun: Bool = false, expiresAt: Int64 = 5_000
    ) -> ClientImportRecord {
        ClientImportRecord(
            id: id, groupID: group, caller: "usr_1", columns: ["account_name", "login", "légal"], mode: mode,
            dryRun: dryRun, createdAt: 1_000, expiresAt: expiresAt)
    }

    static func importRow(
        _ importID: String, _ number: Int, legalID: String? = nil, login: String? = nil,
        problems: [ClientImportRowRecord.Problem] = []
    ) -> ClientImportRowRecord {
        ClientImportRowRecord(
            importID: importID, rowNumber: number, values: ["Acme \(number)", login ?? "", "\"quoted\", ü"],
            problems: problems, legalID: legalID, login: login)
    }

    /// Both engines, seeded alike: SQLite through its stores, PostgreSQL with plain SQL (the
    /// PostgreSQL group, user and client stores are other files' work).
    static func engines() async throws -> RecordEngines {
        let sqlite = try AppDatabase.inMemory()
        try await sqlite.write { store in
            try store.groups.insert(GroupRecord(id: "grp_1", name: "Acme", createdAt: 1_000, version: 1))
            try store.groups.insert(GroupRecord(id: "grp_2", name: "Beta", createdAt: 1_000, version: 1))
            for (id, email) in [("usr_1", "ann@example.com"), ("usr_2", "bob@example.com")] {
                try store.users.insert(
                    UserRecord(
                        id: id, groupID: "grp_1", email: email, name: "Ann", passwordHash: nil, passwordSalt: nil,
                        disabled: false, mustChangePassword: false, createdAt: 1_000, updatedAt: 1_000, version: 1))
            }
            for (id, group) in [("cli_1", "grp_1"), ("cli_2", "grp_1"), ("cli_3", "grp_2")] {
                try store.clients.insert(
                    ClientRecord(id: id, groupID: group, accountName: "Account \(id)", createdAt: 1_000), contacts: [])
            }
        }
        let postgres = try await PostgresTestDatabase.fresh()
        try await postgres.write { session in
            try session.execute(
                "INSERT INTO groups (id, name, created_at, version) VALUES ('grp_1', 'Acme', 1000, 1), ('grp_2', 'Beta', 1000, 1)"
            )
            try session.execute(
                """
                INSERT INTO users (id, group_id, email, name, disabled, must_change_password, created_at, updated_at, version)
                VALUES ('usr_1', 'grp_1', 'ann@example.com', 'Ann', 0, 0, 1000, 1000, 1),
                    ('usr_2', 'grp_1', 'bob@example.com', 'Ann', 0, 0, 1000, 1000, 1)
                """)
            try session.execute(
                """
                INSERT INTO clients (id, group_id, version, status, blocked, suspended, account_name, company_name,
                    billing_name, billing_emails, country, region, city, address_lines, postal_code, currency,
                    billing_mode, credit_limit_minor, pricing_model, tax_region, timezone, moderation, connection_kind,
                    service_levels, phone, created_at, updated_at)
                SELECT id, group_id, 1, 2, 0, 0, 'Account ' || id, '', '', '', '', '', '', '', '', 'EUR', 1, 0, 1, '',
                    'UTC', 0, 1, '', '', 1000, 1000
                FROM (VALUES ('cli_1', 'grp_1'), ('cli_2', 'grp_1'), ('cli_3', 'grp_2')) AS seed (id, group_id)
                """)
        }
        return RecordEngines(sqlite: sqlite, postgres: postgres)
    }
}

/// What one engine answered: a value, a store error, or another error (by its type).
enum RecordOutcome<Value: Equatable & Sendable>: Equatable, Sendable, CustomStringConvertible {
    case value(Value)
    case storeError(StoreError)
    case otherError(String)

    var description: String {
        switch self {
        case .value(let value): "\(value)"
        case .storeError(let error): "StoreError.\(error)"
        case .otherError(let error): "error \(error)"
        }
    }

    var value: Value? {
        if case .value(let value) = self { value } else { nil }
    }
}

/// `Void` is not `Equatable`: operations without an answer answer this.
struct RecordDone: Equatable, Sendable, CustomStringConvertible {
    var description: String { "done" }
}

/// SQLite and PostgreSQL side by side: each operation runs in one transaction on each, and
/// the answers (values or errors) must be the same.
struct RecordEngines: Sendable {
    let sqlite: AppDatabase
    let postgres: PostgresDatabase

    /// Runs a write on both and expects the same answer; returns it.
    @discardableResult
    func write<Value: Equatable & Sendable>(
        _ label: Comment,
        sqlite: @escaping @Sendable (StoreContext) throws -> Value,
        postgres: @escaping @Sendable (PostgresSession) throws -> Value,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> RecordOutcome<Value> {
        let expected = await Self.outcome { try await self.sqlite.write(sqlite) }
        let actual = await Self.outcome { try await self.postgres.write(postgres) }
        #expect(
            expected == actual, "\(label): SQLite \(expected), PostgreSQL \(actual)", sourceLocation: sourceLocation)
        return actual
    }

    /// A write without an answer on both; expects the same outcome (done, or the same error).
    @discardableResult
    func perform(
        _ label: Comment,
        sqlite: @escaping @Sendable (StoreContext) throws -> Void,
        postgres: @escaping @Sendable (PostgresSession) throws -> Void,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> RecordOutcome<RecordDone> {
        await self.write(
            label,
            sqlite: {
                try sqlite($0); return RecordDone()
            },
            postgres: {
                try postgres($0); return RecordDone()
            },
            sourceLocation: sourceLocation)
    }

    /// A read on both (a snapshot each); expects the same answer; returns it.
    @discardableResult
    func read<Value: Equatable & Sendable>(
        _ label: Comment,
        sqlite: @escaping @Sendable (StoreContext) throws -> Value,
        postgres: @escaping @Sendable (PostgresSession) throws -> Value,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> RecordOutcome<Value> {
        let expected = await Self.outcome { try await self.sqlite.read(sqlite) }
        let actual = await Self.outcome { try await self.postgres.read(postgres) }
        #expect(
            expected == actual, "\(label): SQLite \(expected), PostgreSQL \(actual)", sourceLocation: sourceLocation)
        return actual
    }

    static func outcome<Value>(_ body: () async throws -> Value) async -> RecordOutcome<Value> {
        do {
            return .value(try await body())
        } catch let error as StoreError {
            return .storeError(error)
        } catch {
            return .otherError(String(describing: type(of: error)))
        }
    }

    func close() async {
        await self.postgres.close()
    }
}
