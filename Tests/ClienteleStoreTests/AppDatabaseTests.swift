import Foundation
import GRDB
import Logging
import Synchronization
import Testing

@testable import ClienteleStore

@Suite("AppDatabase")
struct AppDatabaseTests {
    @Test("a file-backed database runs in WAL with synchronous FULL, foreign keys and a busy timeout")
    func fileBackedPragmas() async throws {
        try await withTemporaryDirectory { directory in
            let database = try AppDatabase.open(dataDirectory: directory, logger: Fixtures.quietLogger)
            #expect(database.writer is DatabasePool)
            #expect(FileManager.default.fileExists(atPath: directory + "/clientele.sqlite"))
            let pragmas = """
                SELECT (SELECT * FROM pragma_journal_mode) || ' ' || (SELECT * FROM pragma_synchronous) || ' '
                    || (SELECT * FROM pragma_foreign_keys) || ' ' || (SELECT * FROM pragma_busy_timeout)
                """
            let writer = try await database.writer.writeWithoutTransaction { db in try String.fetchOne(db, sql: pragmas)
            }
            #expect(writer == "wal 2 1 5000")
            let reader = try await database.writer.read { db in try String.fetchOne(db, sql: pragmas) }
            #expect(reader == "wal 2 1 5000")
        }
    }

    @Test("open logs sqlite_version() at info level")
    func logsSQLiteVersion() async throws {
        try await withTemporaryDirectory { directory in
            let messages = RecordedMessages()
            let logger = Logger(label: "test", factory: { _ in RecordingLogHandler(messages: messages) })
            let database = try AppDatabase.open(dataDirectory: directory, logger: logger)
            #expect(database.sqliteVersion.hasPrefix("3."))
            #expect(messages.all.contains { $0.level == .info && $0.text.contains(database.sqliteVersion) })
        }
    }

    @Test("data written and acknowledged is there after reopening")
    func reopen() async throws {
        try await withTemporaryDirectory { directory in
            do {
                let database = try AppDatabase.open(dataDirectory: directory, logger: Fixtures.quietLogger)
                try await database.write { try $0.groups.insert(Fixtures.group()) }
            }
            let database = try AppDatabase.open(dataDirectory: directory, logger: Fixtures.quietLogger)
            #expect(try await database.read { try $0.groups.fetch(id: "grp_1") } == Fixtures.group())
            let check = try await database.writer.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
            #expect(check == "ok")
        }
    }

    @Test("reads by key run inline, see every acknowledged write, and fall back to the pool when all are busy")
    func readsByKey() async throws {
        try await withTemporaryDirectory { directory in
            let database = try AppDatabase.open(dataDirectory: directory, logger: Fixtures.quietLogger)
            // The inline connections are read-only.
            let refused = try database.inlineReaders.read { db in
                (try? db.execute(sql: "CREATE TABLE scratch (a)")) == nil
            }
            #expect(refused == true)
            for index in 0..<20 {
                try await database.write { try $0.groups.insert(Fixtures.group("grp_\(index)")) }
                // Each read is a new snapshot: the write just acknowledged is there.
                #expect(try await database.readByKey { try $0.groups.fetch(id: "grp_\(index)") } != nil)
            }
            // 64 at once: more than the inline connections, so some take the pool's path.
            let found = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<64 {
                    group.addTask {
                        try await database.readByKey { try $0.groups.fetch(id: "grp_\(index % 20)") } != nil
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(found == 64)
            // A connection in use is not lent twice; with none idle the caller gets nil.
            let one = try InlineReaders(path: directory + "/clientele.sqlite", count: 1, configuration: Configuration())
            let nested = try one.read { _ in try one.read { _ in 1 } }
            #expect(nested == .some(nil))
            #expect(try one.read { _ in 2 } == 2)
        }
    }

    @Test("a data folder that cannot be created is unavailable")
    func unusableFolder() async throws {
        try await withTemporaryDirectory { directory in
            let file = directory + "/file"
            _ = FileManager.default.createFile(atPath: file, contents: Data())
            #expect(throws: StoreError.unavailable("the data folder \(file) is not a folder")) {
                try AppDatabase.open(dataDirectory: file, logger: Fixtures.quietLogger)
            }
        }
    }

    @Test("errors thrown by a body reach the caller unchanged")
    func bodyErrorsPassThrough() async throws {
        let database = try AppDatabase.inMemory()
        await #expect(throws: Boom(index: 1)) {
            try await database.write { _ in throw Boom(index: 1) }
        }
        await #expect(throws: Boom(index: 2)) {
            try await database.read { _ in throw Boom(index: 2) }
        }
    }
}

/// Log lines kept for inspection.
final class RecordedMessages: Sendable {
    private let lines = Mutex<[(level: Logger.Level, text: String)]>([])
    var all: [(level: Logger.Level, text: String)] { self.lines.withLock { $0 } }
    func append(_ level: Logger.Level, _ text: String) { self.lines.withLock { $0.append((level, text)) } }
}

struct RecordingLogHandler: LogHandler {
    let messages: RecordedMessages
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        self.messages.append(event.level, "\(event.message)")
    }
}
