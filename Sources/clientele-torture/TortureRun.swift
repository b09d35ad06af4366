import ClienteleAPI
import ClienteleProto
import ClienteleRPC
import Foundation
import SwiftProtobuf

/// The figures of a run.
struct TortureReport: Sendable {
    var cycles = 0
    var attempts = 0
    var acknowledged = 0
    /// Acknowledged writes checked after restarts, summed over cycles (each cycle checks all so far).
    var checks = 0
    var replays = 0
    var clientsChecked = 0
    /// Changes of the change feed checked after the last restart.
    var feedChanges = 0
    var integrityChecks = 0
    /// PostgreSQL: the database checked directly against the journal after each kill (instead of integrity_check).
    var databaseChecks = 0
    var databaseRowsChecked = 0
    var postgres = false
    var failures = 0
    var seconds = 0.0
    var seed: UInt64 = 0

    var summary: String {
        """
        crash-test: \(self.cycles) cycles (kill -9 each), seed \(self.seed), \(String(format: "%.1f", self.seconds)) s
          writes attempted: \(self.attempts), acknowledged: \(self.acknowledged)
          acknowledged writes checked after restart: \(self.checks) (idempotent replays byte-compared: \(self.replays))
          clients checked whole (contacts all or nothing): \(self.clientsChecked); \(self.storeChecks)
          change feed: \(self.feedChanges) changes, every client version and acknowledged write once
          failures: \(self.failures)
        """
    }

    private var storeChecks: String {
        guard self.postgres else { return "integrity_check runs: \(self.integrityChecks)" }
        return
            "integrity_check: skipped (SQLite only; the store is PostgreSQL, which kept running); database checked against the journal after each kill: \(self.databaseChecks) times, \(self.databaseRowsChecked) acknowledged writes found in PostgreSQL"
    }
}

/// Runs the cycles: load, kill, integrity check, restart, verify.
struct TortureRun {
    var settings: TortureSettings

    func run() async throws -> TortureReport {
        let started = ContinuousClock.now
        var report = TortureReport(seed: self.settings.seed)
        report.postgres = self.settings.isPostgres
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: self.settings.workDirectory, withIntermediateDirectories: true)
        guard !fileManager.fileExists(atPath: self.settings.dataDirectory + "/clientele.sqlite") else {
            throw TortureError("\(self.settings.dataDirectory) already holds a database; give an empty --work-dir")
        }
        let postgres = self.settings.isPostgres ? PostgresCheck(settings: self.settings) : nil
        if let postgres {
            print(
                "crash-test: store PostgreSQL; integrity_check is SQLite-only and skipped: "
                    + "after each kill the journal's writes are read from the database instead")
            try postgres.requireEmpty()
        }
        let journal = try Journal(path: self.settings.journalPath)
        let registry = ClientRegistry()
        var generator = SeededGenerator(state: self.settings.seed)

        var daemon = try await DaemonProcess.start(self.settings)
        defer { daemon.kill() }
        let (token, groupID, ledgerClients) = try await self.setUp(journal: journal)

        for cycle in 1...self.settings.cycles {
            let stop = StopFlag()
            let writers = (0..<self.settings.writers).map { index in
                Writer(
                    index: index, cycle: cycle, socketPath: self.settings.socketPath, token: token, groupID: groupID,
                    ledgerClients: ledgerClients, journal: journal, registry: registry, stop: stop,
                    seed: generator.next()
                )
            }
            let delay = Double.random(in: 0.2...1.0, using: &generator) * self.settings.secondsPerCycle
            let counts = await withTaskGroup(of: (attempts: Int, acks: Int).self) { group in
                for writer in writers { group.addTask { await writer.run() } }
                try? await Task.sleep(for: .milliseconds(Int64(delay * 1000)))
                // The kill comes while writes are in flight; the writers stop once their calls fail.
                daemon.kill()
                stop.set()
                var total = (attempts: 0, acks: 0)
                for await count in group {
                    total.attempts += count.attempts
                    total.acks += count.acks
                }
                return total
            }
            report.attempts += counts.attempts
            report.cycles = cycle

            var failures: [String] = []
            if let postgres {
                let check = postgres.check(acked: journal.all, groupID: groupID, ledgerClients: ledgerClients)
                failures += check.failures
                report.databaseChecks += 1
                report.databaseRowsChecked = check.checked
            } else {
                failures += self.integrityCheck()
                report.integrityChecks += 1
            }
            daemon = try await DaemonProcess.start(self.settings)

            let verifier = Verifier(socketPath: self.settings.socketPath, token: token, groupID: groupID)
            let acked = journal.all
            let outcome = await verifier.verify(acked: acked, cycle: cycle, ledgerClients: ledgerClients)
            failures += outcome.failures
            report.checks += outcome.checked
            report.replays += outcome.replays
            report.clientsChecked += outcome.clients
            report.feedChanges = outcome.changes
            report.acknowledged = acked.count
            report.failures += failures.count
            let line =
                "cycle \(cycle): killed after \(String(format: "%.2f", delay)) s, \(counts.acks)/\(counts.attempts) writes acknowledged, \(outcome.checked) checked, \(failures.count) failures"
            print(line)
            for failure in failures.prefix(20) { print("  FAIL \(failure)") }
            fflush(nil)  // every C stream; `stdout` itself is not concurrency-safe in Swift 6
        }
        report.seconds =
            Double((ContinuousClock.now - started).components.seconds)
            + Double((ContinuousClock.now - started).components.attoseconds) / 1e18
        return report
    }

    /// Bootstraps a group as the local operator, logs in, creates the shared ledger clients.
    private func setUp(journal: Journal) async throws -> (token: String, groupID: String, ledgerClients: [String]) {
        let client = RPCClient(socketPath: self.settings.socketPath)
        defer { Task { await client.close() } }
        let password = "torture password \(self.settings.seed)"
        var bootstrap = Clientele_V1_BootstrapGroupRequest()
        bootstrap.groupName = "Torture Group"
        bootstrap.ownerEmail = "owner@torture.example"
        bootstrap.ownerName = "Torture Owner"
        bootstrap.ownerPassword = password
        let group: Clientele_V1_BootstrapGroupResponse = try await client.unary(
            AccessMethods.bootstrapGroup, request: bootstrap)
        var login = Clientele_V1_LoginRequest()
        login.groupID = group.group.id
        login.email = bootstrap.ownerEmail
        login.password = password
        let session: Clientele_V1_LoginResponse = try await client.unary(AccessMethods.login, request: login)
        var ledgerClients: [String] = []
        for n in 0..<self.settings.ledgerClients {
            var request = Clientele_V1_CreateClientRequest()
            request.groupID = group.group.id
            request.fields.accountName = "ledger-\(n)-k0"
            request.fields.billingMode = .postpaid
            request.fields.creditLimitMinor = 1_000_000_000_000
            var options = CallOptions(timeout: .seconds(10))
            options.metadata.append("authorization", "Bearer \(session.token)")
            let made: Clientele_V1_Client = try await client.unary(
                ClientsMethods.createClient, request: request, options: options)
            ledgerClients.append(made.id)
        }
        return (session.token, group.group.id, ledgerClients)
    }

    /// PRAGMA integrity_check and foreign_key_check on a copy of the files the killed daemon left.
    private func integrityCheck() -> [String] {
        let fileManager = FileManager.default
        let copy = self.settings.workDirectory + "/check"
        try? fileManager.removeItem(atPath: copy)
        do {
            try fileManager.createDirectory(atPath: copy, withIntermediateDirectories: true)
            for suffix in ["", "-wal"] {
                let source = self.settings.dataDirectory + "/clientele.sqlite" + suffix
                if fileManager.fileExists(atPath: source) {
                    try fileManager.copyItem(atPath: source, toPath: copy + "/clientele.sqlite" + suffix)
                }
            }
        } catch {
            return ["cannot copy the data files: \(error)"]
        }
        let output = Self.runTool(
            self.settings.sqlite3, [copy + "/clientele.sqlite", "PRAGMA integrity_check;", "PRAGMA foreign_key_check;"])
        guard let output else { return ["cannot run \(self.settings.sqlite3)"] }
        let text = output.trimmingCharacters(in: .whitespacesAndNewlines)
        return text == "ok" ? [] : ["integrity_check / foreign_key_check: \(text.prefix(500))"]
    }

    private static func runTool(_ tool: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
