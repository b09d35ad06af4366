import ClienteleAPI
import ClienteleProto
import ClienteleRPC
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One run of clienteled on the test's data folder, stopped only by SIGKILL.
final class DaemonProcess: @unchecked Sendable {
    private let process = Process()

    /// Starts the daemon and waits until it answers Health/Check.
    static func start(_ settings: TortureSettings) async throws -> DaemonProcess {
        let daemon = DaemonProcess()
        daemon.process.executableURL = URL(fileURLWithPath: settings.daemonPath)
        daemon.process.arguments = [
            "--socket", settings.socketPath, "--data-dir", settings.dataDirectory, "--log-level", "warning",
            "--sweep-interval", "3600",
        ]
        if let store = settings.store { daemon.process.arguments! += ["--store", store] }
        if !FileManager.default.fileExists(atPath: settings.daemonLogPath) {
            _ = FileManager.default.createFile(atPath: settings.daemonLogPath, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: settings.daemonLogPath))
        try log.seekToEnd()
        daemon.process.standardError = log
        daemon.process.standardOutput = log
        try daemon.process.run()
        let client = RPCClient(socketPath: settings.socketPath)
        defer { Task { await client.close() } }
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(20) {
            guard daemon.process.isRunning else {
                throw TortureError(
                    "clienteled exited at start (status \(daemon.process.terminationStatus)); see \(settings.daemonLogPath)"
                )
            }
            do {
                let _: Clientele_V1_HealthCheckResponse = try await client.unary(
                    HealthMethods.check, request: Clientele_V1_HealthCheckRequest(),
                    options: CallOptions(timeout: .seconds(1)))
                return daemon
            } catch {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        daemon.kill()
        throw TortureError("clienteled did not answer within 20 s; see \(settings.daemonLogPath)")
    }

    var pid: Int32 { self.process.processIdentifier }

    /// SIGKILL, then reap.
    func kill() {
        if self.process.isRunning { _ = Glibc.kill(self.process.processIdentifier, SIGKILL) }
        self.process.waitUntilExit()
    }
}

/// A failure of the harness itself (not of the daemon under test).
struct TortureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
