import ClientelePostgres
import ClienteleStore
import Foundation
import Testing

/// Records with sensible defaults for the identity parity tests (after ClienteleStoreTests' Fixtures).
enum IdentityRecords {
    static func group(_ id: String = "grp_1", name: String = "Acme", createdAt: Int64 = 1_000) -> GroupRecord {
        GroupRecord(id: id, name: name, createdAt: createdAt, version: 1)
    }

    static func user(_ id: String = "usr_1", email: String = "ann@example.com", groupID: String = "grp_1") -> UserRecord
    {
        UserRecord(
            id: id, groupID: groupID, email: email, name: "Ann", passwordHash: [1, 2, 3], passwordSalt: [4, 5],
            disabled: false, mustChangePassword: true, createdAt: 1_000, updatedAt: 1_000, version: 1
        )
    }

    static func role(
        _ id: String = "ra_1",
        userID: String = "usr_1",
        role: String = "owner",
        scopeKind: String = "group",
        scopeID: String = "grp_1",
        groupID: String = "grp_1",
        createdAt: Int64 = 1_000
    ) -> RoleAssignmentRecord {
        RoleAssignmentRecord(
            id: id, userID: userID, role: role, scopeKind: scopeKind, scopeID: scopeID, groupID: groupID,
            createdAt: createdAt, createdBy: "operator", expiresAt: 9_000
        )
    }

    static func session(
        _ id: String = "ses_1", tokenHash: [UInt8] = [9, 9, 9], userID: String = "usr_1",
        createdAt: Int64 = 1_000, impersonatedClientID: String? = "cli_1"
    ) -> SessionRecord {
        SessionRecord(
            id: id, tokenHash: tokenHash, userID: userID, createdAt: createdAt, expiresAt: 5_000, revokedAt: nil,
            impersonatedClientID: impersonatedClientID, actorUserID: impersonatedClientID == nil ? nil : "usr_2"
        )
    }

    static func apiKey(
        _ id: String = "key_1", keyHash: [UInt8] = [7, 7], groupID: String = "grp_1", createdAt: Int64 = 1_000
    ) -> APIKeyRecord {
        APIKeyRecord(
            id: id, keyHash: keyHash, prefix: "ck_abcdefgh", name: "billing sync", groupID: groupID, role: "manager",
            scopeKind: "group", scopeID: groupID, createdBy: "usr_1", createdAt: createdAt, lastUsedAt: nil,
            revokedAt: nil
        )
    }

    static func member(
        clientID: String = "cli_1", userID: String = "usr_1", role: String = "member", portalAccess: Bool = true,
        createdAt: Int64 = 1_000
    ) -> MemberRecord {
        MemberRecord(clientID: clientID, userID: userID, role: role, portalAccess: portalAccess, createdAt: createdAt)
    }

    static func account(
        _ id: String = "acc_1", groupID: String = "grp_1", clientID: String? = "cli_1", externalID: String? = nil,
        createdAt: Int64 = 1_000
    ) -> AccountRecord {
        AccountRecord(
            id: id, groupID: groupID, clientID: clientID, product: "hosting", name: "Account \(id)",
            externalID: externalID, createdAt: createdAt)
    }

    static func grant(
        _ id: String = "sg_1", clientID: String = "cli_1", accountID: String? = nil, userID: String = "usr_1",
        createdAt: Int64 = 1_000, expiresAt: Int64? = nil
    ) -> StaffGrantRecord {
        StaffGrantRecord(
            id: id, groupID: "grp_1", clientID: clientID, accountID: accountID, userID: userID, grantedBy: "usr_0",
            createdAt: createdAt, expiresAt: expiresAt)
    }
}

/// What a store call gave: its value, a store error, or another error (described by its type only:
/// a PostgreSQL error and an SQLite error for the same broken rule are not comparable).
enum IdentityOutcome<Value: Equatable & Sendable>: Equatable, Sendable, CustomStringConvertible {
    case value(Value)
    case storeError(StoreError)
    case otherError(String)

    init(catching body: () async throws -> Value) async {
        do {
            self = .value(try await body())
        } catch let error as StoreError {
            self = .storeError(error)
        } catch {
            self = .otherError("\(type(of: error))")
        }
    }

    var description: String {
        switch self {
        case .value(let value): "value(\(value))"
        case .storeError(let error): "storeError(\(error) — \(String(reflecting: error)))"
        case .otherError(let type): "otherError(\(type))"
        }
    }

    var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }
}

/// What a store call returning nothing gives.
struct IdentityDone: Equatable, Sendable, CustomStringConvertible {
    var description: String { "done" }
}

extension IdentityOutcome where Value == IdentityDone {
    static var done: Self { .value(IdentityDone()) }
}

/// The same data on both engines: an in-memory SQLite database and a fresh PostgreSQL one.
struct IdentityParity {
    let sqlite: AppDatabase
    let postgres: PostgresDatabase

    /// Both databases with `groups` and, in grp_1, the user usr_1 (ann@example.com), written through the stores.
    static func make(groups: [String] = ["grp_1"], users: [UserRecord] = [IdentityRecords.user()]) async throws -> Self
    {
        let parity = Self(sqlite: try AppDatabase.inMemory(), postgres: try await PostgresTestDatabase.fresh())
        let groupRecords = groups.map { IdentityRecords.group($0) }
        try await parity.sqlite.write { store in
            for group in groupRecords { try store.groups.insert(group) }
            for user in users { try store.users.insert(user) }
        }
        try await parity.postgres.write { session in
            for group in groupRecords { try PostgresGroupStore(session: session).insert(group) }
            for user in users { try PostgresUserStore(session: session).insert(user) }
        }
        return parity
    }

    func close() async { await self.postgres.close() }

    /// Runs the write on each engine (its own transaction each), expects the same outcome, and returns it.
    @discardableResult
    func write<T: Equatable & Sendable>(
        _ what: String,
        sqlite: @escaping @Sendable (StoreContext) throws -> T,
        postgres: @escaping @Sendable (PostgresSession) throws -> T,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> IdentityOutcome<T> {
        let lite = await IdentityOutcome { try await self.sqlite.write(sqlite) }
        let pg = await IdentityOutcome { try await self.postgres.write(postgres) }
        #expect(lite == pg, "\(what): SQLite gave \(lite), PostgreSQL \(pg)", sourceLocation: sourceLocation)
        return lite
    }

    /// A write returning nothing: `IdentityOutcome<IdentityDone>`.
    @discardableResult
    func write(
        _ what: String,
        sqlite: @escaping @Sendable (StoreContext) throws -> Void,
        postgres: @escaping @Sendable (PostgresSession) throws -> Void,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> IdentityOutcome<IdentityDone> {
        await self.write(
            what,
            sqlite: {
                try sqlite($0); return IdentityDone()
            },
            postgres: {
                try postgres($0); return IdentityDone()
            },
            sourceLocation: sourceLocation)
    }

    /// Runs the read on each engine, expects the same outcome, and returns it.
    @discardableResult
    func read<T: Equatable & Sendable>(
        _ what: String,
        sqlite: @escaping @Sendable (StoreContext) throws -> T,
        postgres: @escaping @Sendable (PostgresSession) throws -> T,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> IdentityOutcome<T> {
        let lite = await IdentityOutcome { try await self.sqlite.read(sqlite) }
        let pg = await IdentityOutcome { try await self.postgres.read(postgres) }
        #expect(lite == pg, "\(what): SQLite gave \(lite), PostgreSQL \(pg)", sourceLocation: sourceLocation)
        return lite
    }

    /// Inserts a bare client on both engines (SQLite through its store; PostgreSQL with plain SQL,
    /// the client store being another's).
    func insertClient(_ id: String, groupID: String = "grp_1") async throws {
        try await self.sqlite.write { store in
            try store.clients.insert(
                ClientRecord(id: id, groupID: groupID, accountName: id, createdAt: 1_000), contacts: [])
        }
        try await self.postgres.write { session in
            try session.execute(
                """
                INSERT INTO clients (
                    id, group_id, version, status, blocked, suspended, account_name, company_name, billing_name,
                    billing_emails, country, region, city, address_lines, postal_code, currency, billing_mode,
                    credit_limit_minor, pricing_model, tax_region, timezone, moderation, connection_kind,
                    service_levels, phone, created_at, updated_at
                ) VALUES ($1, $2, 1, 2, 0, 0, $1, '', $1, '', '', '', '', '', '', 'EUR', 1, 0, 1, '', 'UTC', 0, 1, '', '',
                    1000, 1000)
                """,
                [id, groupID]
            )
        }
    }
}
