import ClienteleStore
import Foundation
import Synchronization
import Testing

@testable import ClientelePostgres

/// Builders and a pair of engines for the billing and change-feed parity tests: one in-memory
/// SQLite database and one fresh PostgreSQL database, seeded with the same group and clients.
enum BillingRecords {
    static let group = "grp_1"

    static func client(_ id: String, group: String = Self.group) -> ClientRecord {
        ClientRecord(id: id, groupID: group, accountName: "Account \(id)", createdAt: 1_000)
    }

    static func entry(
        _ id: String, client: String = "cli_1", sequence: Int64, amount: Int64, balanceAfter: Int64, at: Int64,
        kind: Int = 1, idempotencyKey: String? = nil, corrects: String? = nil
    ) -> LedgerEntryRecord {
        LedgerEntryRecord(
            id: id, clientID: client, sequence: sequence, kind: kind, amountMinor: amount,
            balanceAfterMinor: balanceAfter, currency: "EUR", actor: "usr_1",
            onBehalfOf: sequence % 2 == 0 ? "cli_x" : nil,
            comment: "entry \(id) — ü", idempotencyKey: idempotencyKey, at: at,
            paymentMethod: kind == 2 ? "sepa" : "", paymentReference: kind == 2 ? "ref-\(id)" : "",
            paymentPayer: kind == 2 ? "Payer" : "", correctsEntryID: corrects, packageName: kind == 3 ? "Gold" : "")
    }

    static func statement(
        _ id: String, client: String = "cli_1", group: String = Self.group, number: Int64, start: Int64 = 1_000,
        end: Int64 = 9_000, entryCount: Int = 0
    ) -> StatementRecord {
        StatementRecord(
            id: id, groupID: group, clientID: client, number: number, periodStart: start, periodEnd: end,
            currency: "EUR", openingMinor: 100, creditsMinor: 50, debitsMinor: -20, closingMinor: 130,
            entryCount: entryCount, recipientEmail: "bill@example.com", messageID: "msg_\(id)", createdAt: 10_000,
            createdBy: "usr_1")
    }

    static func change(
        _ group: String, _ object: String, client: String? = nil, at: Int64 = 1_000, deleted: Bool = false,
        fields: [String] = ["a", "b"]
    ) -> ChangeRecord {
        ChangeRecord(
            groupID: group, clientID: client ?? "cli_\(object)", kind: 2, objectID: object, version: 1,
            deleted: deleted, changedFields: fields, at: at)
    }

    /// Inserts a group and clients on PostgreSQL with plain SQL (the rows the billing and change
    /// stores refer to), as the SQLite stores insert them there.
    static func seedPostgres(_ session: PostgresSession, groups: [String], clients: [ClientRecord]) throws {
        for group in groups {
            try session.execute(
                "INSERT INTO groups (id, name, created_at, version) VALUES ($1, $2, 1000, 1)",
                [group, "Group \(group)"])
        }
        for client in clients {
            try session.execute(
                """
                INSERT INTO clients (
                    id, group_id, version, status, blocked, suspended, account_name, company_name, billing_name,
                    billing_emails, country, region, city, address_lines, postal_code, currency, billing_mode,
                    credit_limit_minor, pricing_model, tax_region, timezone, moderation, connection_kind,
                    service_levels, phone, created_at, updated_at, connection_status, sub_client_count
                ) VALUES ($1, $2, $3, $4, 0, 0, $5, '', $5, '', '', '', '', '', '', 'EUR', 1, 0, 1, '', 'UTC', 0, 1, '',
                    '', $6, $6, 1, 0)
                """,
                [
                    client.id, client.groupID, Int64(client.version), Int64(client.status), client.accountName,
                    client.createdAt,
                ]
            )
        }
    }

    /// Both engines, seeded with `groups` and clients `clients` (ids), each client with a billing account
    /// when `accounts` is set.
    static func engines(
        groups: [String] = [Self.group], clients: [String] = ["cli_1", "cli_2"], accounts: Bool = true
    ) async throws -> BillingEngines {
        let sqlite = try AppDatabase.inMemory()
        let postgres = try await PostgresTestDatabase.fresh()
        let records = clients.map { Self.client($0) }
        try await sqlite.write { store in
            for group in groups {
                try store.groups.insert(GroupRecord(id: group, name: "Group \(group)", createdAt: 1_000, version: 1))
            }
            for client in records { try store.clients.insert(client, contacts: []) }
            if accounts {
                for client in records {
                    try store.billing.insertAccount(BillingAccountRecord(clientID: client.id, groupID: client.groupID))
                }
            }
        }
        try await postgres.write { session in
            try Self.seedPostgres(session, groups: groups, clients: records)
            if accounts {
                for client in records {
                    try PostgresBillingStore(session: session).insertAccount(
                        BillingAccountRecord(clientID: client.id, groupID: client.groupID))
                }
            }
        }
        return BillingEngines(sqlite: sqlite, postgres: postgres)
    }
}

/// What one engine answered: a value, a store error, or another error (by its description).
enum BillingOutcome<T: Equatable & Sendable>: Equatable, Sendable, CustomStringConvertible {
    case value(T)
    case storeError(StoreError)
    case otherError(String)

    var description: String {
        switch self {
        case .value(let value): "value \(value)"
        case .storeError(let error): "StoreError.\(error)"
        case .otherError(let error): "error \(error)"
        }
    }
}

/// SQLite and PostgreSQL side by side: each operation runs in one write on both, and the
/// answers (values or errors) must be the same.
struct BillingEngines: Sendable {
    let sqlite: AppDatabase
    let postgres: PostgresDatabase

    /// Runs `body` on both engines' stores (`store` picks the store of a context) and expects the same outcome.
    @discardableResult
    func same<Store, T: Equatable & Sendable>(
        _ label: Comment,
        _ store: @escaping @Sendable (StoreContext) -> Store,
        _ postgresStore: @escaping @Sendable (PostgresSession) -> Store,
        _ body: @escaping @Sendable (Store) throws -> T,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> BillingOutcome<T> {
        let sqlite = await Self.outcome { try await self.sqlite.write { try body(store($0)) } }
        let postgres = await Self.outcome { try await self.postgres.write { try body(postgresStore($0)) } }
        #expect(
            sqlite == postgres, "\(label): SQLite \(sqlite), PostgreSQL \(postgres)", sourceLocation: sourceLocation)
        return postgres
    }

    static func outcome<T>(_ body: () async throws -> T) async -> BillingOutcome<T> {
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

/// `Void` is not `Equatable`: operations without an answer answer this.
struct BillingDone: Equatable, Sendable {}

/// A count shared by concurrent tasks (transaction runs, including retried ones).
final class BillingCounter: Sendable {
    private let count = Atomic<Int>(0)

    func add() { self.count.add(1, ordering: .relaxed) }

    var value: Int { self.count.load(ordering: .relaxed) }
}

/// A flag shared by concurrent tasks.
final class BillingFlag: Sendable {
    private let state: Atomic<Bool>

    init(_ value: Bool) { self.state = Atomic(value) }

    var value: Bool {
        get { self.state.load(ordering: .acquiring) }
        set { self.state.store(newValue, ordering: .releasing) }
    }
}

extension PostgresDatabase {
    /// A write with the write-order lock (`write`), or without it (as the migrations write), to
    /// test what the stores guarantee by themselves when writes overlap.
    func write<T: Sendable>(
        orderLock: Bool, _ body: @escaping @Sendable (PostgresSession) throws -> T
    ) async throws -> T {
        orderLock ? try await self.write(body) : try await self.writeBeforeSchema(body)
    }
}
