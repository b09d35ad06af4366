import ArgumentParser
import ClienteleAccess
import ClienteleDomain
import ClientelePostgres
import ClienteleStore
import Foundation
import Logging

/// Seeds a store for benchmarks (a SQLite data folder, or a PostgreSQL database): one group
/// with an owner and managers, then N clients written straight through the store in large
/// transactions.
@main
struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clientele-seed",
        abstract: "Fill a store with one group, its owner, managers and N clients; print JSON.",
        discussion: """
            Clients are generated deterministically from --seed with a realistic spread (managers, \
            countries, currencies, statuses, blocked, connection kinds, billing emails, contacts) and \
            inserted through ClienteleStore, --batch per transaction. Run it on a folder no daemon has open, \
            or on an empty PostgreSQL database (--store postgres://…; the schema is made here).
            """
    )

    @Option(help: "Data folder (created), for --store sqlite.")
    var dataDir: String?

    @Option(help: "sqlite (the data folder) or postgres://USER@HOST[:PORT]/DATABASE (as clienteled's --store).")
    var store = "sqlite"

    @Option(help: "Clients to insert.")
    var clients = 1_000_000

    @Option(help: "Managers of the group; clients are spread over them.")
    var managers = 100

    @Option(help: "Clients per transaction (large: each commit rewrites the index pages it touched).")
    var batch = 100_000

    @Option(help: "Email of the group's owner.")
    var ownerEmail = "owner@bench.example"

    @Option(help: "Password of the owner and of the first manager (12+ characters).")
    var password: String

    @Option(help: "Seed of the generator.")
    var seed: UInt64 = 1

    func validate() throws {
        guard self.clients >= 0, self.managers >= 1, self.batch >= 1 else {
            throw ValidationError("--clients must be ≥ 0, --managers and --batch ≥ 1")
        }
        if !PostgresLocation.isPostgres(self.store) {
            guard self.store == "sqlite" else { throw ValidationError("--store takes sqlite or postgres://…") }
            guard self.dataDir != nil else { throw ValidationError("--store sqlite needs --data-dir") }
        }
    }

    private func open(logger: Logger) async throws -> any StoreDatabase {
        if PostgresLocation.isPostgres(self.store) {
            return try await PostgresStore.open(location: try PostgresLocation(parsing: self.store), logger: logger)
        }
        return try AppDatabase.open(dataDirectory: self.dataDir ?? "", logger: logger)
    }

    func run() async throws {
        var logger = Logger(label: "clientele.seed")
        logger.logLevel = .warning
        let started = ContinuousClock.now
        let database = try await self.open(logger: logger)
        let identity = IdentityService(
            database: database, clock: SystemClock(), ids: TimeOrderedIDGenerator(), settings: IdentitySettings(),
            logger: logger)
        let (group, owner) = try await identity.bootstrapGroup(
            name: "Bench Group", ownerEmail: self.ownerEmail, ownerName: "Bench Owner", ownerPassword: self.password,
            Write(origin: .system("clientele-seed")) { _ in [] })
        var managerIDs: [String] = []
        for index in 0..<self.managers {
            // Only the first manager signs in; hashing a password per manager would take seconds.
            let manager = try await identity.createUser(
                groupID: group.id, email: "manager\(index)@bench.example", name: "Manager \(index)",
                password: index == 0 ? self.password : nil, role: .manager, scope: .group(group.id),
                Write(
                    origin: WriteOrigin(actor: owner.id, userID: owner.id, action: "clientele-seed", requestID: "seed")
                ) { _ in [] })
            managerIDs.append(manager.id)
        }
        let people = ContinuousClock.now
        var factory = ClientFactory(groupID: group.id, managerIDs: managerIDs, ownerID: owner.id, seed: self.seed)
        try await database.write { store in try store.clients.reservePageCache(mebibytes: 4096) }
        var inserted = 0
        var contacts = 0
        while inserted < self.clients {
            let count = min(self.batch, self.clients - inserted)
            let rows = (0..<count).map { _ in factory.next() }
            contacts += rows.reduce(0) { $0 + $1.contacts.count }
            try await database.write { store in
                for row in rows {
                    try store.clients.insert(row.client, contacts: row.contacts)
                    for contact in row.contacts { try store.contacts.insert(contact) }
                }
            }
            inserted += count
            if inserted % 100_000 == 0 || inserted == self.clients {
                let seconds = Self.seconds(ContinuousClock.now - people)
                FileHandle.standardError.write(
                    Data("seeded \(inserted) clients in \(String(format: "%.1f", seconds)) s\n".utf8))
            }
        }
        let done = ContinuousClock.now
        switch database {
        case let sqlite as AppDatabase:
            // The folder is copied for every benchmark run: without its stale WAL.
            try sqlite.checkpoint()
        case let postgres as PostgresStore:
            // The planner's statistics, as autovacuum would gather them some time later.
            try await postgres.database.autocommit("ANALYZE")
            await postgres.close()
        default:
            break
        }
        let report: [String: any Sendable] = [
            "group_id": group.id,
            "owner_email": self.ownerEmail,
            "owner_user_id": owner.id,
            "manager_user_id": managerIDs[0],
            "manager_email": "manager0@bench.example",
            "managers": managerIDs.count,
            "clients": inserted,
            "contacts": contacts,
            "samples": factory.samples,
            "people_seconds": Self.seconds(people - started),
            "clients_seconds": Self.seconds(done - people),
            "clients_per_second": Double(inserted) / max(Self.seconds(done - people), 1e-9),
        ]
        let json = try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
        FileHandle.standardOutput.write(json + Data("\n".utf8))
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
