import ClienteleStore
import Logging
import PostgresNIO

/// Applies `PostgresSchema.migrations` that a database lacks, in order, and refuses a database
/// whose schema is newer than this daemon knows (a migration applied there that it has not).
///
/// Daemons starting together on one database take turns: the migration holds a transaction-level
/// advisory lock, so the second daemon finds the schema migrated when it gets the lock.
enum PostgresMigrator {
    /// The advisory lock key of schema migrations (any fixed 64-bit number, the same in every daemon).
    static let lockKey: Int64 = 0x636c_6965_6e74_0001

    static func migrate(
        _ database: PostgresDatabase, migrations: [PostgresMigration] = PostgresSchema.migrations
    )
        async throws
    {
        let applied = try await database.writeBeforeSchema { session in
            try session.execute("SELECT pg_advisory_xact_lock($1)", [Self.lockKey])
            try session.execute(
                """
                CREATE TABLE IF NOT EXISTS clientele_migrations (
                    position BIGINT NOT NULL PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """)
            let known = try session.rows("SELECT position, name FROM clientele_migrations ORDER BY position")
                .map { (try $0.decode("position", as: Int64.self), try $0.decode("name", as: String.self)) }
            for (position, name) in known {
                guard position >= 1, Int(position) <= migrations.count, migrations[Int(position) - 1].name == name
                else {
                    throw StoreError.unavailable(
                        "the database's schema is newer than this clienteled knows (it has migration \(position) "
                            + "\"\(name)\"); run a clienteled at least as new as the one that migrated it")
                }
            }
            var applied: [String] = []
            for (index, migration) in migrations.enumerated().dropFirst(known.count) {
                try session.execute(migration.sql)
                try session.execute(
                    "INSERT INTO clientele_migrations (position, name) VALUES ($1, $2)",
                    [Int64(index + 1), migration.name])
                applied.append(migration.name)
            }
            return applied
        }
        if !applied.isEmpty {
            database.logger.info("database migrated", metadata: ["migrations": "\(applied.joined(separator: ", "))"])
        }
    }
}
