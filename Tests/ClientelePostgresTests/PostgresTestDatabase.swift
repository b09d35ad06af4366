import ClientelePostgres
import Foundation
import Logging

/// A fresh, migrated database on the test PostgreSQL server for each test.
///
/// The server is `$CLIENTELE_TEST_POSTGRES` (a `--store` URL; scripts/test sets it), or else
/// a private cluster this package starts in `.build-postgres/` with scripts/postgres-cluster.
enum PostgresTestDatabase {
    /// A new empty database, migrated; dropped by nobody (the cluster is private and temporary).
    static func fresh(poolSize: Int = 4) async throws -> PostgresDatabase {
        let server = try self.server()
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        let admin = PostgresDatabase(location: server, logger: Self.logger)
        defer { Task { await admin.close() } }
        try await admin.autocommit("CREATE DATABASE \(name)")
        var location = server
        location.database = String(name)
        location.poolSize = poolSize
        return try await PostgresDatabase.open(location: location, logger: Self.logger)
    }

    static let logger = Logger(label: "clientele.test.postgres")

    /// The server's location, starting the private cluster once if no URL is given.
    static func server() throws -> PostgresLocation {
        if let url = ProcessInfo.processInfo.environment["CLIENTELE_TEST_POSTGRES"], !url.isEmpty {
            return try PostgresLocation(parsing: url)
        }
        return try PostgresLocation(parsing: try Self.privateCluster.get())
    }

    private static let privateCluster: Result<String, any Error> = Result {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent("scripts/postgres-cluster").path, "start", root.appendingPathComponent(".build-postgres").path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let url = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, !url.isEmpty else {
            throw ClusterUnavailable(
                description: "scripts/postgres-cluster could not start a private PostgreSQL (run scripts/install-deps, or set CLIENTELE_TEST_POSTGRES)")
        }
        return url
    }

    struct ClusterUnavailable: Error, CustomStringConvertible {
        let description: String
    }
}
