import ClienteleDomain
import ClientelePostgres
import ClienteleProto
import ClienteleRPC
import ClienteleServer
import ClienteleStore
import Foundation
import Logging
import NIOCore

extension Clienteled {
    /// The store `--store` names: SQLite in the data folder (locked against a second daemon), or
    /// PostgreSQL (no lock: daemons share it). Throws what to fix.
    /// `eventLoops`: the daemon's, where PostgreSQL's connections live too.
    func openStore(
        logger: Logger, eventLoops: any EventLoopGroup
    ) async throws -> (any StoreDatabase, DataDirectoryLock?) {
        // A write waiting for its commit lends its call's running slot back.
        let commitWait = CommitWait(willWait: CallSlot.lendCurrent, didWait: CallSlot.takeBackCurrent)
        if PostgresLocation.isPostgres(self.options.store) {
            let location = try PostgresLocation(parsing: self.options.store)
            let store = try await PostgresStore.open(
                location: location, logger: logger, commitWait: commitWait,
                cursorKey: self.options.changeFeedSettings().cursorKey, eventLoops: eventLoops)
            return (store, nil)
        }
        guard self.options.store == "sqlite" else {
            throw PostgresLocation.Invalid(
                "--store takes sqlite or postgres://user@host:port/database, not \(self.options.store)")
        }
        try FileManager.default.createDirectory(
            atPath: self.options.dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let lock = try DataDirectoryLock.acquire(dataDirectory: self.options.dataDir)
        do {
            var opened = try AppDatabase.open(
                dataDirectory: self.options.dataDir, logger: logger,
                commitGather: .microseconds(self.options.commitGatherMicros),
                writerCacheMebibytes: self.options.writerCacheMib, mapMebibytes: self.options.mapMib)
            opened.commitWait = commitWait
            return (opened, lock)
        } catch {
            lock.release()
            throw error
        }
    }

    /// Closes the store's connections (PostgreSQL's; SQLite's file closes with the process),
    /// waiting at most 5 s: a connection whose server vanished may never answer its close,
    /// and the process ending closes every socket anyway.
    static func closeStore(_ database: any StoreDatabase) async {
        guard let postgres = database as? PostgresStore else { return }
        // Whichever ends first: the close, or the 5 s (a task group would wait for both).
        let ended = AsyncStream<Void>.makeStream()
        Task {
            await postgres.close()
            ended.continuation.yield()
        }
        Task {
            try? await Task.sleep(for: .seconds(5))
            ended.continuation.yield()
        }
        for await _ in ended.stream { break }
    }

    /// Health's view of the store.
    static func storeStatus(_ database: any StoreDatabase) -> Clientele_V1_StoreStatus {
        var status = Clientele_V1_StoreStatus()
        status.state = .ready
        switch database {
        case let sqlite as AppDatabase:
            status.engine = "sqlite"
            status.engineVersion = sqlite.sqliteVersion
            status.detail = sqlite.groupCommitStatistics.summary
        case let postgres as PostgresStore:
            status.engine = "postgresql"
            status.engineVersion = String(postgres.engineDescription.dropFirst("PostgreSQL ".count))
            status.detail = "\(postgres.database.location); \(postgres.database.groupCommitStatistics.summary)"
        default:
            status.engine = database.engineDescription
        }
        return status
    }
}
