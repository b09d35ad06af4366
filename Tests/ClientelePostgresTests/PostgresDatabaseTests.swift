import ClienteleStore
import Foundation
import Testing

@testable import ClientelePostgres

@Suite("PostgresDatabase")
struct PostgresDatabaseTests {
    @Test("a write commits; an error in the body rolls everything back")
    func transactions() async throws {
        let database = try await PostgresTestDatabase.fresh()
        try await database.write { try $0.execute("CREATE TABLE t (id BIGINT PRIMARY KEY)") }
        try await database.write { try $0.execute("INSERT INTO t VALUES ($1)", [Int64(1)]) }
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await database.write { session in
                try session.execute("INSERT INTO t VALUES ($1)", [Int64(2)])
                throw Refused()
            }
        }
        #expect(try await database.read { try $0.value(Int64.self, "SELECT count(*) FROM t") } == 1)
        await #expect(throws: StoreError.duplicate(field: "id")) {
            try await database.write { session in
                try StoreError.mappingPostgres { try session.execute("INSERT INTO t VALUES ($1)", [Int64(1)]) }
            }
        }
        await database.close()
    }

    @Test("serializable writers racing on one counter: every increment lands once (retried, not lost)")
    func racingWritersRetry() async throws {
        let database = try await PostgresTestDatabase.fresh(poolSize: 8)
        try await database.write { session in
            try session.execute("CREATE TABLE counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)")
            try session.execute("INSERT INTO counter VALUES (1, 0)")
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    try await database.write { session in
                        // read, then write what was read plus one: lost updates if not serializable
                        let n = try session.value(Int64.self, "SELECT n FROM counter WHERE id = 1") ?? 0
                        try session.execute("UPDATE counter SET n = $1 WHERE id = 1", [n + 1])
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await database.read { try $0.value(Int64.self, "SELECT n FROM counter") } == 64)
        await database.close()
    }

    @Test("the daemon refuses a database migrated by a newer one; an older one's is migrated forward")
    func refusesNewerSchema() async throws {
        let database = try await PostgresTestDatabase.fresh()
        let known = [PostgresMigration(name: "v1 a", sql: "CREATE TABLE a (x BIGINT)")]
        let newer = known + [PostgresMigration(name: "v2 b", sql: "CREATE TABLE b (x BIGINT)")]
        // the fresh database holds the real schema; start over in a schema of its own
        try await database.write { try $0.execute("DROP TABLE clientele_migrations") }
        try await PostgresMigrator.migrate(database, migrations: known)
        try await PostgresMigrator.migrate(database, migrations: newer)
        await #expect(throws: StoreError.self) { try await PostgresMigrator.migrate(database, migrations: known) }
        let names = try await database.read { session in
            try session.rows("SELECT name FROM clientele_migrations ORDER BY position").map {
                try $0.decode("name", as: String.self)
            }
        }
        #expect(names == ["v1 a", "v2 b"])
        await database.close()
    }

    @Test("a server that is not there: UNAVAILABLE with where it was looked for, no password")
    func unreachable() async throws {
        let location = try PostgresLocation(parsing: "postgres://u:secret@/db?host=/nonexistent-folder")
        let database = PostgresDatabase(location: location, logger: PostgresTestDatabase.logger)
        do {
            try await database.read { try $0.execute("SELECT 1") }
            Issue.record("a read without a server succeeded")
        } catch let error as StoreError {
            guard case .unavailable(let message) = error else { Issue.record("\(error)"); return }
            #expect(message.contains("/nonexistent-folder/.s.PGSQL.5432"))
            #expect(!message.contains("secret"))
        }
        await database.close()
    }

    @Test("store URLs: what is accepted, and what each mistake says")
    func locations() throws {
        let socket = try PostgresLocation(parsing: "postgres://ann@/clientele?host=/run/pg&pool=4", environment: [:])
        #expect(socket.endpoint == .unixSocket(path: "/run/pg/.s.PGSQL.5432"))
        #expect(
            socket.user == "ann" && socket.database == "clientele" && socket.poolSize == 4 && socket.password == nil)
        let tcp = try PostgresLocation(
            parsing: "postgresql://ann:p%40ss@db.internal:6432/c", environment: ["PGPASSWORD": "ignored"])
        #expect(tcp.endpoint == .tcp(host: "db.internal", port: 6432) && tcp.password == "p@ss")
        #expect(!"\(tcp)".contains("p@ss"))
        #expect(try PostgresLocation(parsing: "postgres://a@h/d", environment: ["PGPASSWORD": "x"]).password == "x")
        let mistakes: [(String, String)] = [
            ("postgres://h/d", "names no user"),
            ("postgres://a@h/", "names no database"),
            ("postgres://a@h/d?pool=0", "pool=0"),
            ("postgres://a@h/d?sslmode=require", "sslmode=require is not supported"),
            ("postgres://a@h/d?colour=blue", "colour is unknown"),
            ("postgres://a@h:99999/d", "not a port number"),
            ("mysql://a:pw@h/d", "--store takes sqlite or postgres://"),
        ]
        for (text, expected) in mistakes {
            #expect(throws: PostgresLocation.Invalid.self) { try PostgresLocation(parsing: text, environment: [:]) }
            do {
                _ = try PostgresLocation(parsing: text, environment: [:])
            } catch {
                #expect("\(error)".contains(expected), "\(text): \(error)")
                #expect(!"\(error)".contains(":pw@"))
            }
        }
    }
}
