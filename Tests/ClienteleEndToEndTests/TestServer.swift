import ClienteleAPI
import ClienteleProto
import ClienteleRPC
import ClienteleServer
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle
import SwiftProtobuf

/// A real server on a temporary socket, with Health plus test methods:
/// `test.Test/Echo` (StringValue), `test.Test/Sleep` (Duration; records
/// cancellation), `test.Test/Whoami` (metadata and peer credentials) and
/// `test.Test/Blob` (UInt32Value n → BytesValue of n bytes: a small request, a large answer) and
/// `test.Test/Where` (StringValue s → "s@<the event loop that ran it>", after 100 µs of work).
final class TestServer: Sendable {
    static let echo = MethodDescriptor(service: "test.Test", method: "Echo")
    static let sleep = MethodDescriptor(service: "test.Test", method: "Sleep")
    static let whoami = MethodDescriptor(service: "test.Test", method: "Whoami")
    static let blob = MethodDescriptor(service: "test.Test", method: "Blob")
    static let whereRun = MethodDescriptor(service: "test.Test", method: "Where")

    let folder: String
    let socketPath: String
    let server: RPCServer
    let serviceGroup: ServiceGroup
    let startedSleeps = NIOLockedValueBox(0)
    let cancelledSleeps = NIOLockedValueBox(0)
    let finishedSleeps = NIOLockedValueBox(0)
    /// The most Sleep calls that ran at the same time (running now, peak).
    let concurrentSleeps = NIOLockedValueBox((running: 0, peak: 0))
    private let runTask: NIOLockedValueBox<Task<Void, any Error>?> = NIOLockedValueBox(nil)

    /// `group`: the server's event loops (by default NIO's singleton, one per core).
    init(
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) {
        self.folder =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("clientele-e2e-\(UUID().uuidString.prefix(8))").path
        self.socketPath = self.folder + "/run/test.sock"
        var configuration = ServerConfiguration(socketPath: self.socketPath)
        configure(&configuration)

        var router = RPCRouter()
        let health = HealthService(storeStatus: { .init() })
        router.register(HealthMethods.check) { (request: Clientele_V1_HealthCheckRequest, context) in
            health.check(request, context: context)
        }
        router.register(Self.echo) { (request: Google_Protobuf_StringValue, _) in request }
        router.register(Self.blob) { (request: Google_Protobuf_UInt32Value, _) in
            Google_Protobuf_BytesValue(Data(count: Int(request.value)))
        }
        router.register(Self.whereRun) { (request: Google_Protobuf_StringValue, _) in
            // Work that does not suspend: the call stays on the loop its task was given.
            let until = ContinuousClock.now + .microseconds(100)
            while ContinuousClock.now < until {}
            let loop = MultiThreadedEventLoopGroup.currentEventLoop.map { "\(ObjectIdentifier($0).hashValue)" }
            return Google_Protobuf_StringValue("\(request.value)@\(loop ?? "none")")
        }
        let started = self.startedSleeps
        let cancelled = self.cancelledSleeps
        let finished = self.finishedSleeps
        let concurrent = self.concurrentSleeps
        router.register(Self.sleep) { (request: Google_Protobuf_Duration, _) in
            started.withLockedValue { $0 += 1 }
            concurrent.withLockedValue {
                $0.running += 1
                $0.peak = max($0.peak, $0.running)
            }
            defer { concurrent.withLockedValue { $0.running -= 1 } }
            do {
                try await Task.sleep(for: .milliseconds(request.seconds * 1000 + Int64(request.nanos / 1_000_000)))
            } catch {
                cancelled.withLockedValue { $0 += 1 }
                throw error
            }
            finished.withLockedValue { $0 += 1 }
            return Google_Protobuf_Empty()
        }
        router.register(Self.whoami) { (_: Google_Protobuf_Empty, context) in
            Google_Protobuf_Struct(fields: [
                "uid": Google_Protobuf_Value(numberValue: Double(context.peer.uid)),
                "pid": Google_Protobuf_Value(numberValue: Double(context.peer.pid)),
                "tag": Google_Protobuf_Value(stringValue: context.metadata.values("x-tag").joined(separator: ",")),
                "has_deadline": Google_Protobuf_Value(boolValue: context.deadline != nil),
            ])
        }
        var logger = Logger(label: "test-server")
        logger.logLevel = .critical
        self.server = RPCServer(
            configuration: configuration,
            dispatcher: CallDispatcher(router: router),
            group: group,
            logger: logger
        )
        self.serviceGroup = ServiceGroup(services: [self.server], logger: logger)
    }

    /// Starts the server and waits until it accepts connections.
    func start() async throws -> Self {
        let group = self.serviceGroup
        self.runTask.withLockedValue { $0 = Task { try await group.run() } }
        try await self.server.waitUntilListening()
        return self
    }

    /// Waits (up to 5 s) until `count` Sleep calls have reached their handler.
    func waitForSleeps(_ count: Int) async throws {
        for _ in 0..<500 where self.startedSleeps.withLockedValue({ $0 }) < count {
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Graceful shutdown; returns when the server has stopped.
    func stop() async throws {
        await self.serviceGroup.triggerGracefulShutdown()
        try await self.runTask.withLockedValue { $0 }?.value
    }

    func client() -> RPCClient {
        RPCClient(socketPath: self.socketPath)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: self.folder)
    }
}
