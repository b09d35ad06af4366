import ClienteleStore
import Foundation
import GRDB
import Logging
import Synchronization

/// Records with sensible defaults for tests.
enum Fixtures {
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
        _ id: String = "ses_1", tokenHash: [UInt8] = [9, 9, 9], userID: String = "usr_1"
    ) -> SessionRecord {
        SessionRecord(
            id: id, tokenHash: tokenHash, userID: userID, createdAt: 1_000, expiresAt: 5_000, revokedAt: nil,
            impersonatedClientID: "cli_1", actorUserID: "usr_2"
        )
    }

    static func apiKey(
        _ id: String = "key_1", keyHash: [UInt8] = [7, 7], groupID: String = "grp_1", createdAt: Int64 = 1_000
    )
        -> APIKeyRecord
    {
        APIKeyRecord(
            id: id, keyHash: keyHash, prefix: "ck_abcdefgh", name: "billing sync", groupID: groupID, role: "manager",
            scopeKind: "group", scopeID: groupID, createdBy: "usr_1", createdAt: createdAt, lastUsedAt: nil,
            revokedAt: nil
        )
    }

    /// An in-memory database with one group and one user.
    static func seededDatabase() async throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        try await database.write { store in
            try store.groups.insert(Fixtures.group())
            try store.users.insert(Fixtures.user())
        }
        return database
    }

    static let quietLogger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
}

/// A fresh folder under the temporary directory, removed afterwards.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("clientele-store-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await body(path)
}

/// Counts the transactions committed on the writer connection; can make commits fail.
final class CommitCounter: TransactionObserver, Sendable {
    private let state = Mutex((commits: 0, failCommits: false))

    var commits: Int { self.state.withLock { $0.commits } }

    func failCommits(_ fail: Bool) { self.state.withLock { $0.failCommits = fail } }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseWillCommit() throws {
        if self.state.withLock({ $0.failCommits }) { throw CommitRefused() }
    }
    func databaseDidCommit(_ db: Database) { self.state.withLock { $0.commits += 1 } }
    func databaseDidRollback(_ db: Database) {}
}

struct CommitRefused: Error {}

/// An error thrown by a test's write body.
struct Boom: Error, Equatable {
    var index: Int
}
