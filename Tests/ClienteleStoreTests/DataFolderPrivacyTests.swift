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

/// The data folder holds tokens, temporary passwords and personal data: only its owner may read it.
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
