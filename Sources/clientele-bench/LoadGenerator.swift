import ClienteleRPC
import Foundation
import NIOCore
import NIOPosix

/// Drives one server with `concurrency` callers spread over `connections`
/// connections, each caller making one call at a time, and records every latency.
struct LoadGenerator {
    var socketPath: String
    var method: MethodDescriptor
    var metadata: Metadata
    var payload: Data
    var concurrency: Int
    var connections: Int
    var threads: Int
    var duration: Duration?
    var totalCalls: Int?
    var warmup: Duration

    private var options: CallOptions { CallOptions(metadata: self.metadata) }

    func run() async throws -> LoadResult {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: self.threads)
        // Each connection lives on one event loop, and its callers run there too.
        let lanes = (0..<self.connections).map { _ -> (RPCClient, EventLoopTaskExecutor) in
            let loop = group.next()
            return (RPCClient(socketPath: self.socketPath, group: loop), EventLoopTaskExecutor(loop))
        }
        for (client, _) in lanes {
            _ = try await client.call(self.method, payload: self.payload, options: self.options)
        }
        if self.warmup > .zero {
            _ = await self.drive(lanes, until: .now + self.warmup, callsPerCaller: nil)
        }
        let start = ContinuousClock.now
        let until = self.duration.map { start + $0 }
        let perCaller = self.totalCalls.map { max(1, $0 / self.concurrency) }
        let (latencies, errors, firstError) = await self.drive(lanes, until: until, callsPerCaller: perCaller)
        let elapsed = ContinuousClock.now - start
        for (client, _) in lanes { await client.close() }
        try await group.shutdownGracefully()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return LoadResult(latencies: latencies, errors: errors, seconds: seconds, firstError: firstError)
    }

    private func drive(
        _ lanes: [(RPCClient, EventLoopTaskExecutor)],
        until: ContinuousClock.Instant?,
        callsPerCaller: Int?
    ) async -> ([UInt64], Int, String?) {
        await withTaskGroup(of: ([UInt64], Int, String?).self) { group in
            for caller in 0..<self.concurrency {
                let (client, executor) = lanes[caller % lanes.count]
                group.addTask(executorPreference: executor) {
                    var latencies: [UInt64] = []
                    latencies.reserveCapacity(callsPerCaller ?? 100_000)
                    var errors = 0
                    var firstError: String?
                    var made = 0
                    while true {
                        if let callsPerCaller, made >= callsPerCaller { break }
                        if let until, ContinuousClock.now >= until { break }
                        let began = DispatchTime.now().uptimeNanoseconds
                        do {
                            _ = try await client.call(self.method, payload: self.payload, options: self.options)
                            latencies.append(DispatchTime.now().uptimeNanoseconds - began)
                        } catch {
                            errors += 1
                            if firstError == nil { firstError = "\(error)" }
                        }
                        made += 1
                    }
                    return (latencies, errors, firstError)
                }
            }
            var all: [UInt64] = []
            var errors = 0
            var firstError: String?
            for await (latencies, failed, error) in group {
                all.append(contentsOf: latencies)
                errors += failed
                firstError = firstError ?? error
            }
            return (all, errors, firstError)
        }
    }
}
