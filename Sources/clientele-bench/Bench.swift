import ArgumentParser
import ClienteleRPC
import Foundation

/// A load generator in the spirit of ghz: loads our daemon, and in the same
/// run a reference server, with the same callers, and prints both and their ratio as JSON.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clientele-bench",
        abstract: "Load a ttrpc server with concurrent calls; print calls/s, p50 and p99 as JSON.",
        discussion: """
            With --reference-socket, the same load runs against a second server (for example the \
            Go ttrpc reference server from clients/go/refserver) and the output adds ours ÷ reference. \
            The two runs alternate --rounds times and the median of each is reported.
            """
    )

    @Option(help: "Socket of the server under test.")
    var socket: String

    @Option(help: "Socket of a reference server to load the same way.")
    var referenceSocket: String?

    @Option(help: "Full method name to call.")
    var method = "clientele.v1.Health/Check"

    @Option(help: "Request message as hex bytes (default: empty message).")
    var requestHex = ""

    @Option(help: "Callers making one call at a time each.")
    var concurrency = 1

    @Option(help: "Connections the callers share (callers are spread round-robin).")
    var connections = 1

    @Option(help: "Client event loop threads.")
    var threads = 1

    @Option(help: "Seconds to run each measurement (ignored with --calls).")
    var duration = 5.0

    @Option(help: "Total calls per measurement instead of a duration.")
    var calls: Int?

    @Option(help: "Seconds of warm-up before each measurement.")
    var warmup = 1.0

    @Option(help: "Measurements per server; the median by throughput is reported.")
    var rounds = 3

    func validate() throws {
        guard self.concurrency >= 1, self.connections >= 1, self.threads >= 1, self.rounds >= 1 else {
            throw ValidationError("--concurrency, --connections, --threads and --rounds must be at least 1")
        }
        guard self.method.split(separator: "/").count == 2 else {
            throw ValidationError("--method must look like package.Service/Method")
        }
        guard self.requestHex.count % 2 == 0, self.requestHex.allSatisfy(\.isHexDigit) else {
            throw ValidationError("--request-hex must be an even number of hex digits")
        }
    }

    func run() async throws {
        let parts = self.method.split(separator: "/").map(String.init)
        var payload = Data()
        var hex = Substring(self.requestHex)
        while !hex.isEmpty {
            payload.append(UInt8(hex.prefix(2), radix: 16)!)
            hex = hex.dropFirst(2)
        }
        func generator(_ socket: String) -> LoadGenerator {
            LoadGenerator(
                socketPath: socket,
                method: MethodDescriptor(service: parts[0], method: parts[1]),
                payload: payload,
                concurrency: self.concurrency,
                connections: self.connections,
                threads: self.threads,
                duration: self.calls == nil ? .milliseconds(Int64(self.duration * 1000)) : nil,
                totalCalls: self.calls,
                warmup: .milliseconds(Int64(self.warmup * 1000))
            )
        }
        var ours: [LoadResult] = []
        var reference: [LoadResult] = []
        for _ in 0..<self.rounds {
            ours.append(try await generator(self.socket).run())
            if let referenceSocket {
                reference.append(try await generator(referenceSocket).run())
            }
        }
        let report = BenchReport(
            method: self.method,
            concurrency: self.concurrency,
            connections: self.connections,
            ours: Self.median(ours),
            reference: reference.isEmpty ? nil : Self.median(reference)
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        FileHandle.standardOutput.write(try encoder.encode(report) + Data("\n".utf8))
        if report.ours.errors > 0 { throw ExitCode(1) }
    }

    private static func median(_ results: [LoadResult]) -> LoadResult {
        results.sorted { $0.callsPerSecond < $1.callsPerSecond }[results.count / 2]
    }
}
