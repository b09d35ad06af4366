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

    @Option(help: "Metadata key=value sent with every call (repeatable), e.g. authorization=Bearer clt_k_…")
    var metadata: [String] = []

    @Option(help: "Method for the reference run (default: --method).")
    var referenceMethod: String?

    @Option(help: "Metadata for the reference run (repeatable; default: none).")
    var referenceMetadata: [String] = []

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

    @Flag(
        help: """
            Measure the change feed instead (clientele.v1.Changes): the delay from a write's \
            acknowledgement to a waiting follower's answer, and write throughput with and without \
            --followers following. --concurrency writers; --duration and --warmup per phase; --rounds \
            alternations of the two. The daemon must let this process bootstrap a group (local operator).
            """)
    var changeFeed = false

    @Option(help: "With --change-feed: followers waiting on the group's feed.")
    var followers = 10

    @Option(help: "With --change-feed: milliseconds between the paced writer's writes (the quiet-daemon delay).")
    var pacedMillis = 20

    func validate() throws {
        guard self.concurrency >= 1, self.connections >= 1, self.threads >= 1, self.rounds >= 1 else {
            throw ValidationError("--concurrency, --connections, --threads and --rounds must be at least 1")
        }
        for method in [self.method] + (self.referenceMethod.map { [$0] } ?? [])
        where method.split(separator: "/").count != 2 {
            throw ValidationError("\(method): a method must look like package.Service/Method")
        }
        for pair in self.metadata + self.referenceMetadata where !pair.contains("=") {
            throw ValidationError("metadata \(pair) must look like key=value")
        }
        guard self.requestHex.count % 2 == 0, self.requestHex.allSatisfy(\.isHexDigit) else {
            throw ValidationError("--request-hex must be an even number of hex digits")
        }
    }

    func run() async throws {
        if self.changeFeed {
            let report = try await ChangeFeedBench(
                socketPath: self.socket, writers: self.concurrency, followers: self.followers,
                duration: .milliseconds(Int64(self.duration * 1000)), warmup: .milliseconds(Int64(self.warmup * 1000)),
                rounds: self.rounds, pacedMillis: self.pacedMillis
            ).run()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(report) + Data("\n".utf8))
            if report.errors > 0 { throw ExitCode(1) }
            return
        }
        var payload = Data()
        var hex = Substring(self.requestHex)
        while !hex.isEmpty {
            payload.append(UInt8(hex.prefix(2), radix: 16)!)
            hex = hex.dropFirst(2)
        }
        func descriptor(_ name: String) -> MethodDescriptor {
            let parts = name.split(separator: "/").map(String.init)
            return MethodDescriptor(service: parts[0], method: parts[1])
        }
        func metadata(_ pairs: [String]) -> Metadata {
            var metadata = Metadata()
            for pair in pairs {
                let split = pair.split(separator: "=", maxSplits: 1).map(String.init)
                metadata.append(split[0], split.count > 1 ? split[1] : "")
            }
            return metadata
        }
        func generator(_ socket: String, reference: Bool) -> LoadGenerator {
            LoadGenerator(
                socketPath: socket,
                method: descriptor(reference ? self.referenceMethod ?? self.method : self.method),
                metadata: metadata(reference ? self.referenceMetadata : self.metadata),
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
            ours.append(try await generator(self.socket, reference: false).run())
            if self.referenceSocket != nil || self.referenceMethod != nil {
                reference.append(try await generator(self.referenceSocket ?? self.socket, reference: true).run())
            }
        }
        let report = BenchReport(
            method: self.method,
            referenceMethod: self.referenceMethod,
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
