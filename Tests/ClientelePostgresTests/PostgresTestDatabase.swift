import ClientelePostgres
import ClienteleTestSupport
import Foundation
import Logging

/// A fresh, migrated database on the test PostgreSQL server for each test.
///
/// The server is `$CLIENTELE_TEST_POSTGRES` (a `--store` URL; scripts/test sets it), or else
/// a private cluster this package starts in `.build-postgres/` with scripts/postgres-cluster:
/// see `TestPostgres` (ClienteleTestSupport), which the domain and server tests share.
enum PostgresTestDatabase {
    /// A new empty database, migrated here from nothing; dropped by a later run once stale.
    static func fresh(poolSize: Int = 4) async throws -> PostgresDatabase {
        let location = try await TestPostgres.emptyDatabase(poolSize: poolSize)
        return try await PostgresDatabase.open(location: location, logger: Self.logger)
    }

    static let logger = Logger(label: "clientele.test.postgres")

    /// The server's location, starting the private cluster once if no URL is given.
    static func server() throws -> PostgresLocation { try TestPostgres.server() }
}
