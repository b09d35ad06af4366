import Foundation
import GRDB
import Logging
import Testing

@testable import ClienteleStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The data folder holds tokens, temporary passwords and personal data: only its owner may read it,
/// and a secret the mail service acknowledged does not stay on disk.
@Suite("Data folder privacy")
struct DataFolderPrivacyTests {
    @Test("a folder and files left readable by others are made private to their owner, each with a warning")
    func tightensExistingModes() async throws {
        try await withTemporaryDirectory { directory in
            // As `mkdir -p` and a umask of 022 leave them.
            #expect(chmod(directory, 0o755) == 0)
            let names = [
                "clientele.sqlite", "clientele.sqlite-wal", "clientele.sqlite-shm", "clienteled.lock", "notes",
            ]
            for name in names {
                #expect(
                    FileManager.default.createFile(
                        atPath: directory + "/" + name, contents: Data(), attributes: [.posixPermissions: 0o644]))
            }
            let messages = RecordedMessages()
            let logger = Logger(label: "test", factory: { _ in RecordingLogHandler(messages: messages) })
            let database = try AppDatabase.open(dataDirectory: directory, logger: logger)
            try await database.write { try $0.groups.insert(Fixtures.group()) }

            #expect(try Self.mode(directory) == 0o700)
            for name in names {
                #expect(try Self.mode(directory + "/" + name) == 0o600, "\(name)")
            }
            let warnings = messages.all.filter { $0.level == .warning }.map(\.text)
            // Each names the path and its old mode (the folder's path is also in its files' warnings).
            for (path, old) in [(directory, "0755")] + names.map({ (directory + "/" + $0, "0644") }) {
                #expect(warnings.contains { $0.contains(path) && $0.contains(old) }, "\(path): \(warnings)")
            }
            #expect(warnings.count == names.count + 1)
        }
    }

    @Test("the files SQLite makes later are private too: after a checkpoint and after a reopen")
    func filesMadeLaterArePrivate() async throws {
        try await withTemporaryDirectory { parent in
            let directory = parent + "/data"
            do {
                let database = try AppDatabase.open(dataDirectory: directory, logger: Fixtures.quietLogger)
                try await database.write { try $0.groups.insert(Fixtures.group()) }
                try database.checkpoint()
                try await database.write { try $0.groups.insert(Fixtures.group("grp_2")) }
                try Self.expectPrivate(directory, expecting: ["clientele.sqlite", "clientele.sqlite-wal"])
            }
            // Closed, SQLite removed the WAL; the next open makes it anew.
            let database = try AppDatabase.open(dataDirectory: directory, logger: Fixtures.quietLogger)
            try await database.write { try $0.groups.insert(Fixtures.group("grp_3")) }
            try Self.expectPrivate(directory, expecting: ["clientele.sqlite", "clientele.sqlite-wal"])
        }
    }

    @Test("an acknowledged message's secrets are gone from the database file and the WAL")
    func acknowledgedSecretsLeaveTheDisk() async throws {
        try await withTemporaryDirectory { directory in
            let database = try AppDatabase.open(dataDirectory: directory, logger: Fixtures.quietLogger)
            try await database.write { try $0.groups.insert(Fixtures.group()) }
            // Enough messages to fill several pages, so that acknowledging them reshapes the tree.
            let secrets = (0..<40).map { "S3CRET-\($0)-\(UUID().uuidString)" }
            let kept = "K3PT-\(UUID().uuidString)"
            try await database.write { store in
                for (index, secret) in secrets.enumerated() {
                    try store.outbox.insert(Self.message("msg_\(index)", secret: secret))
                }
                try store.outbox.insert(Self.message("msg_kept", secret: kept))
            }
            // The control: before the acknowledgement every secret is on disk, where the search finds it.
            let before = try Self.files(directory)
            for secret in secrets + [kept] {
                #expect(before.contains { $0.bytes.range(of: Data(secret.utf8)) != nil }, "\(secret) not on disk")
            }

            let acknowledged = try await database.write { store in
                try store.outbox.markDelivered(groupID: "grp_1", ids: secrets.indices.map { "msg_\($0)" }, at: 2_000)
            }
            #expect(acknowledged == secrets.count)

            let after = try Self.files(directory)
            for file in after {
                for secret in secrets {
                    #expect(file.bytes.range(of: Data(secret.utf8)) == nil, "\(secret) is still in \(file.name)")
                }
            }
            #expect(after.contains { $0.bytes.range(of: Data(kept.utf8)) != nil }, "the pending message's secret")
            #expect(after.first { $0.name == "clientele.sqlite-wal" }?.bytes.count == 0)
            let check = try await database.writer.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
            #expect(check == "ok")
        }
    }

    @Test("a write that erases no secret leaves the WAL to SQLite's own checkpoints")
    func otherWritesDoNotCheckpoint() async throws {
        try await withTemporaryDirectory { directory in
            let database = try AppDatabase.open(dataDirectory: directory, logger: Fixtures.quietLogger)
            try await database.write { store in
                try store.groups.insert(Fixtures.group())
                try store.outbox.insert(Self.message("msg_1", secret: "not yet"))
            }
            // Acknowledging an unknown id erases nothing.
            #expect(
                try await database.write { try $0.outbox.markDelivered(groupID: "grp_1", ids: ["msg_2"], at: 1) } == 0)
            let wal = try Self.files(directory).first { $0.name == "clientele.sqlite-wal" }
            #expect((wal?.bytes.count ?? 0) > 0)
        }
    }

    private static func message(_ id: String, secret: String) -> OutboxMessageRecord {
        OutboxMessageRecord(
            id: id, groupID: "grp_1", clientID: "cli_1", kind: 1, recipientEmail: "ann@example.com",
            recipientName: "Ann", subject: "Your access",
            body: "Sign in with the temporary password \(secret); you will choose your own at first sign-in.",
            data: ["temporary_password": secret, "expires_at_millis": "9000"], createdAt: 1_000)
    }

    /// The bytes of the database file and of the WAL.
    private static func files(_ directory: String) throws -> [(name: String, bytes: Data)] {
        try ["clientele.sqlite", "clientele.sqlite-wal"].map { name in
            (name, try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
        }
    }

    private static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o7777
    }

    /// The folder is 0700 and every file in it, among them `expecting`, is 0600.
    private static func expectPrivate(_ directory: String, expecting: [String]) throws {
        #expect(try Self.mode(directory) == 0o700)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        for name in expecting { #expect(names.contains(name)) }
        for name in names {
            #expect(try Self.mode(directory + "/" + name) == 0o600, "\(name)")
        }
    }
}
