import ClientelePostgres
import ClienteleStore
import Foundation

/// Both engines, empty but for the groups and users the clients refer to, and a way to run
/// one store operation on each and compare what came out.
struct ClientEngines {
    let sqlite: AppDatabase
    let postgres: PostgresDatabase

    /// `users`: (id, group). Groups and users are written by the stores on SQLite and with
    /// plain SQL on PostgreSQL (its GroupStore and UserStore are another port's).
    static func make(
        groups: [String] = ["grp_1", "grp_2"], users: [(String, String)] = ClientRecords.users
    )
        async throws -> ClientEngines
    {
        let sqlite = try AppDatabase.inMemory()
        try await sqlite.write { store in
            for group in groups {
                try store.groups.insert(GroupRecord(id: group, name: group, createdAt: 1_000, version: 1))
            }
            for (id, group) in users {
                try store.users.insert(
                    UserRecord(
                        id: id, groupID: group, email: "\(id)@example.com", name: id, passwordHash: nil,
                        passwordSalt: nil, disabled: false, mustChangePassword: false, createdAt: 1_000,
                        updatedAt: 1_000, version: 1))
            }
        }
        let postgres = try await PostgresTestDatabase.fresh()
        try await postgres.write { session in
            for group in groups {
                try session.execute(
                    "INSERT INTO groups (id, name, created_at, version) VALUES ($1, $1, 1000, 1)", [group])
            }
            for (id, group) in users {
                try session.execute(
                    """
                    INSERT INTO users (id, group_id, email, name, disabled, must_change_password, created_at,
                        updated_at, version)
                    VALUES ($1, $2, $1 || '@example.com', $1, 0, 0, 1000, 1000, 1)
                    """, [id, group])
            }
        }
        return ClientEngines(sqlite: sqlite, postgres: postgres)
    }

    func close() async { await self.postgres.close() }

    /// What an operation gave: its value, or the store error it threw (any other error is a bug
    /// on both engines alike, compared only as such).
    enum Outcome<Value: Equatable & Sendable>: Equatable, Sendable, CustomStringConvertible {
        case value(Value)
        case storeError(StoreError)
        case otherError

        var description: String {
            switch self {
            case .value(let value): "value \(value)"
            case .storeError(let error): "StoreError.\(error)"
            case .otherError: "another error"
            }
        }
    }

    /// Runs `operation` in a write transaction of each engine.
    func write<Value: Equatable & Sendable>(
        _ operation: @escaping @Sendable (any ClientStore, any ContactStore) throws -> Value
    ) async -> (sqlite: Outcome<Value>, postgres: Outcome<Value>) {
        let sqlite = await Self.outcome { try await self.sqlite.write { try operation($0.clients, $0.contacts) } }
        let postgres = await Self.outcome {
            try await self.postgres.write {
                try operation(PostgresClientStore(session: $0), PostgresContactStore(session: $0))
            }
        }
        return (sqlite, postgres)
    }

    /// Runs `operation` in a read transaction of each engine.
    func read<Value: Equatable & Sendable>(
        _ operation: @escaping @Sendable (any ClientStore, any ContactStore) throws -> Value
    ) async -> (sqlite: Outcome<Value>, postgres: Outcome<Value>) {
        let sqlite = await Self.outcome { try await self.sqlite.read { try operation($0.clients, $0.contacts) } }
        let postgres = await Self.outcome {
            try await self.postgres.read {
                try operation(PostgresClientStore(session: $0), PostgresContactStore(session: $0))
            }
        }
        return (sqlite, postgres)
    }

    private static func outcome<Value>(_ body: () async throws -> Value) async -> Outcome<Value> {
        do {
            return .value(try await body())
        } catch let error as StoreError {
            return .storeError(error)
        } catch {
            return .otherError
        }
    }
}

/// Records for the client store tests.
enum ClientRecords {
    static let users: [(String, String)] = [
        ("usr_1", "grp_1"), ("usr_2", "grp_1"), ("usr_3", "grp_1"), ("usr_4", "grp_2"),
    ]

    /// A client with every field set to something other than its default.
    static func client(_ id: String, group: String = "grp_1", name: String, login: String? = nil) -> ClientRecord {
        var client = ClientRecord(id: id, groupID: group, accountName: name, createdAt: 1_000)
        client.login = login
        client.companyName = "\(name) GmbH"
        client.billingName = "Billing \(name)"
        client.billingEmails = ["\(id)@example.com", "Billing.\(id)@Example.COM"]
        client.address = AddressRecord(
            country: "DE", region: "Berlin", city: "Berlin", lines: ["Line 1", "", "Line 3"], postalCode: "10115")
        client.currency = "EUR"
        client.billingMode = 2
        client.creditLimitMinor = 12_345
        client.pricingModel = 3
        client.taxRegion = "DE-BE"
        client.timezone = "Europe/Berlin"
        client.serviceLevels = [
            ServiceLevelRecord(priority: 2, responseMinutes: 60, resolutionMinutes: 600),
            ServiceLevelRecord(priority: -1, responseMinutes: 0, resolutionMinutes: 1),
        ]
        client.phone = "+49 30 1234"
        client.blocked = StateFlagRecord(reason: "unpaid", by: "usr_1", at: 5)
        client.moderation = true
        client.connectionKind = 2
        client.connectionStatus = 3
        client.activationDeadline = 9_000
        client.updatedAt = 2_000
        return client
    }

    static func contact(
        _ id: String, client: String, position: Int, email: String = "", phone: String = "", primary: Bool = false
    ) -> ContactRecord {
        ContactRecord(
            id: id, clientID: client, position: position, firstName: "First \(id)", lastName: "Last \(id)",
            email: email, phone: phone, isPrimary: primary,
            address: AddressRecord(country: "FR", region: "IDF", city: "Paris", lines: ["1 rue X"], postalCode: "75001")
        )
    }
}

/// A small deterministic random number generator (SplitMix64), so a failing query can be rerun.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { self.state = seed }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
