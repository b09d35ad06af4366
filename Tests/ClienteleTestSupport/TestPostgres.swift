public import ClientelePostgres
import Foundation
public import Logging

/// The test PostgreSQL server and its throw-away databases, for every test target.
///
/// The server is `$CLIENTELE_TEST_POSTGRES` (a `--store` URL), or else a private cluster this
/// package starts in `.build-postgres/` with scripts/postgres-cluster (once per process; it is
/// left running for the next run, `scripts/postgres-cluster stop .build-postgres` stops it).
///
/// Databases are named `ct_<unix seconds>_<random>`. A process keeps the migrated databases its
/// tests let go of, emptied, for its next tests (creating and dropping a database costs far
/// more than emptying one); they, and any others left behind, are dropped by a later run
/// once they are three hours old.
public enum TestPostgres {
    /// Warnings and errors only: a test database opens and migrates once per test.
    public static let logger: Logger = {
        var logger = Logger(label: "clientele.test.postgres")
        logger.logLevel = .warning
        return logger
    }()

    /// The server's location, starting the private cluster once if no URL is given.
    public static func server() throws -> PostgresLocation {
        if let url = ProcessInfo.processInfo.environment["CLIENTELE_TEST_POSTGRES"], !url.isEmpty {
            return try PostgresLocation(parsing: url)
        }
        return try PostgresLocation(parsing: try Self.privateCluster.get())
    }

    /// A new, empty database (not migrated) of `poolSize` connections.
    public static func emptyDatabase(poolSize: Int = 4) async throws -> PostgresLocation {
        let name = Self.newName()
        try await Self.admin().creator.autocommit("CREATE DATABASE \(name)")
        return try Self.location(of: name, poolSize: poolSize)
    }

    /// A database with the current schema and nothing else, as freshly migrated, for one user
    /// at a time: give it back with `recycle` once nothing is connected to it. It is one this
    /// process used before and emptied (see `Template.reset`), or else a copy of the template.
    public static func takeDatabase(poolSize: Int = 4) async throws -> PostgresLocation {
        let template = try await Self.template.value
        let name: String
        if let idle = await Self.idle.pop() {
            name = idle
        } else {
            name = Self.newName()
            try await Self.admin().creator.autocommit("CREATE DATABASE \(name) TEMPLATE \(template.name)")
            do {
                _ = try await Self.withSession(name) { session in
                    try session.execute(Template.newCursorKey)
                }
            } catch {
                await Self.drop(name)
                throw error
            }
        }
        return try Self.location(of: name, poolSize: poolSize)
    }

    /// Empties a database from `takeDatabase` (nothing may be connected to it any more) for the
    /// next `takeDatabase`; one that cannot be emptied is dropped.
    public static func recycle(_ name: String) async {
        do {
            let template = try await Self.template.value
            try await Self.withSession(name) { session in try template.reset(session) }
            await Self.idle.push(name)
        } catch {
            Self.logger.warning("cannot empty the test database \(name); dropping it", metadata: ["error": "\(error)"])
            await Self.drop(name)
        }
    }

    /// Runs `body` in a write transaction on database `name`, over a connection of its own.
    private static func withSession<T: Sendable>(
        _ name: String, _ body: @escaping @Sendable (PostgresSession) throws -> T
    ) async throws -> T {
        let database = PostgresDatabase(location: try Self.location(of: name, poolSize: 1), logger: Self.logger)
        do {
            let result = try await database.write(body)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }

    private actor Idle {
        var names: [String] = []
        func pop() -> String? { self.names.popLast() }
        func push(_ name: String) { self.names.append(name) }
    }

    private static let idle = Idle()

    /// Drops the database (its connections, if any are left, are ended); errors are only logged.
    public static func drop(_ name: String) async {
        do {
            try await Self.admin().dropper.autocommit("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        } catch {
            Self.logger.warning("cannot drop the test database \(name)", metadata: ["error": "\(error)"])
        }
    }

    // MARK: - Connections to the server

    private struct Admin: Sendable {
        /// Creates databases; dropping waits for a checkpoint, so it has its own connection.
        let creator: PostgresDatabase
        let dropper: PostgresDatabase
    }

    /// The maintenance connections, made once; the first use also drops stale test databases.
    private static func admin() throws -> Admin { try Self.adminConnections.get() }

    private static let adminConnections: Result<Admin, any Error> = Result {
        var location = try Self.server()
        location.poolSize = 2
        let creator = PostgresDatabase(location: location, logger: Self.logger)
        location.poolSize = 1
        let admin = Admin(creator: creator, dropper: PostgresDatabase(location: location, logger: Self.logger))
        Task.detached { await Self.dropStale(admin.dropper) }
        return admin
    }

    /// Drops the test databases of earlier runs older than three hours.
    private static func dropStale(_ dropper: PostgresDatabase) async {
        let limit = Int64(Date().timeIntervalSince1970) - 3 * 3600
        do {
            let names = try await dropper.read { session in
                try session.rows("SELECT datname FROM pg_database WHERE datname LIKE 'ct\\_%'")
                    .map { try $0.decode("datname", as: String.self) }
            }
            for name in names {
                let parts = name.split(separator: "_")
                guard parts.count >= 3, let seconds = Int64(parts[1]), seconds < limit else { continue }
                await Self.drop(name)
            }
        } catch {
            Self.logger.warning("cannot list stale test databases", metadata: ["error": "\(error)"])
        }
    }

    private static func newName() -> String {
        let random = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        return "ct_\(Int64(Date().timeIntervalSince1970))_\(random)"
    }

    private static func location(of name: String, poolSize: Int) throws -> PostgresLocation {
        var location = try Self.server()
        location.database = name
        location.poolSize = poolSize
        return location
    }

    /// This process's template: a database migrated by `PostgresDatabase.open`, then left
    /// unconnected, and what emptying a used copy takes to make it equal to the template again.
    struct Template: Sendable {
        let name: String
        /// Tables with triggers of the schema's own (the append-only ones refuse TRUNCATE).
        let triggered: [String]
        /// Every table but the migrations' own.
        let tables: [String]
        /// The rows the migrations put in, per table, as JSON (`json_agg`).
        let seeds: [(table: String, rows: String)]
        /// Each sequence and its last value (nil: never used).
        let sequences: [(name: String, last: Int64?)]

        static let newCursorKey =
            "UPDATE server_secrets SET value = gen_random_bytes(32) WHERE name = 'change_cursor_key'"

        static func read(_ name: String, _ session: PostgresSession) throws -> Template {
            let tables = try session.rows(
                """
                SELECT format('%I', c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> 'clientele_migrations'
                ORDER BY c.relname
                """
            ).map { try $0.decode("name", as: String.self) }
            let triggered = try session.rows(
                """
                SELECT DISTINCT format('%I', c.relname) AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND NOT t.tgisinternal ORDER BY 1
                """
            ).map { try $0.decode("name", as: String.self) }
            var seeds: [(table: String, rows: String)] = []
            for table in tables {
                if let rows = try session.row("SELECT json_agg(t)::text AS rows FROM \(table) t")?
                    .optional("rows", as: String.self)
                {
                    seeds.append((table, rows))
                }
            }
            let sequences = try session.rows(
                """
                SELECT format('%I', sequencename) AS name, last_value FROM pg_sequences
                WHERE schemaname = current_schema() ORDER BY 1
                """
            ).map { (try $0.decode("name", as: String.self), try $0.optional("last_value", as: Int64.self)) }
            return Template(name: name, triggered: triggered, tables: tables, seeds: seeds, sequences: sequences)
        }

        /// Makes a copy of the template that tests wrote to equal to the template again (with a
        /// new cursor key): every table emptied and refilled with the migrations' rows, every
        /// sequence back where the template left it. One transaction: the append-only triggers
        /// are off only inside it.
        func reset(_ session: PostgresSession) throws {
            for table in self.triggered { try session.execute("ALTER TABLE \(table) DISABLE TRIGGER USER") }
            try session.execute("TRUNCATE \(self.tables.joined(separator: ", ")) RESTART IDENTITY")
            for (table, rows) in self.seeds {
                try session.execute(
                    "INSERT INTO \(table) SELECT * FROM json_populate_recordset(NULL::\(table), $1::json)", [rows])
            }
            for (sequence, last) in self.sequences {
                if let last {
                    try session.execute("SELECT setval('\(sequence)', $1, true)", [last])
                } else {
                    try session.execute("ALTER SEQUENCE \(sequence) RESTART")
                }
            }
            try session.execute(Self.newCursorKey)
            for table in self.triggered { try session.execute("ALTER TABLE \(table) ENABLE TRIGGER USER") }
        }
    }

    private static let template = Task<Template, any Error> {
        let name = Self.newName() + "_template"
        try await Self.admin().creator.autocommit("CREATE DATABASE \(name)")
        let database = try await PostgresDatabase.open(
            location: try Self.location(of: name, poolSize: 1), logger: Self.logger)
        do {
            let template = try await database.read { session in try Template.read(name, session) }
            await database.close()
            return template
        } catch {
            await database.close()
            throw error
        }
    }

    private static let privateCluster: Result<String, any Error> = Result {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = root.appendingPathComponent(".build-postgres").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let urlFile = folder + "/started.url"
        // Through system(3), not Foundation's Process: its waitUntilExit was seen never to return
        // once pg_ctl had started the server. The script's output goes to a file, so no pipe
        // is left open by the server it starts.
        let command =
            "/bin/bash '\(root.appendingPathComponent("scripts/postgres-cluster").path)' start '\(folder)' "
            + "</dev/null >'\(urlFile)' 2>'\(folder)/started.log'"
        let status = system(command)
        let url = ((try? String(contentsOfFile: urlFile, encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard status == 0, !url.isEmpty else {
            throw ClusterUnavailable(
                description:
                    "scripts/postgres-cluster could not start a private PostgreSQL (run scripts/install-deps, or set CLIENTELE_TEST_POSTGRES)"
            )
        }
        return url
    }

    public struct ClusterUnavailable: Error, CustomStringConvertible {
        public let description: String
    }
}
