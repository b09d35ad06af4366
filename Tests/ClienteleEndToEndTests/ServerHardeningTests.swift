import ClienteleClient
import ClienteleProto
import ClienteleRPC
import ClienteleWire
import Foundation
import NIOCore
import SwiftProtobuf
import Testing

@Suite("Server limits and lifecycle")
struct ServerHardeningTests {
    @Test("the socket file is created with mode 0660 by default and a custom mode on request")
    func socketMode() async throws {
        let standard = try await TestServer().start()
        let attributes = try FileManager.default.attributesOfItem(atPath: standard.socketPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o660)
        try await standard.stop()
        #expect(!FileManager.default.fileExists(atPath: standard.socketPath))

        let strict = try await TestServer { $0.socketMode = 0o600 }.start()
        let strictAttributes = try FileManager.default.attributesOfItem(atPath: strict.socketPath)
        #expect((strictAttributes[.posixPermissions] as? Int) == 0o600)
        try await strict.stop()
    }

    @Test("a second server on a live socket refuses to start; a stale socket file is replaced")
    func secondServerAndStaleSocket() async throws {
        let first = try await TestServer().start()
        let second = TestServer { $0.socketPath = first.socketPath }
        await #expect(throws: RPCServerError.self) { try await second.server.run() }
        // The first one still answers.
        _ = try await ClienteleClient(socketPath: first.socketPath).health.check()
        try await first.stop()

        // A socket file nobody listens on, as a crash leaves it.
        let path = first.socketPath
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        close(fd)
        #expect(bound == 0)
        #expect(FileManager.default.fileExists(atPath: path))
        let third = try await TestServer { $0.socketPath = path }.start()
        _ = try await ClienteleClient(socketPath: path).health.check()
        try await third.stop()
    }

    @Test("a path that is not a socket is never replaced")
    func notASocket() async throws {
        let server = TestServer()
        try FileManager.default.createDirectory(atPath: server.folder + "/run", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: server.socketPath, contents: Data("keep me".utf8)))
        await #expect(throws: RPCServerError.self) { try await server.server.run() }
        #expect(FileManager.default.contents(atPath: server.socketPath) == Data("keep me".utf8))
    }

    @Test("connections over the total limit are closed at once; others keep working")
    func totalConnectionLimit() async throws {
        let server = try await TestServer { $0.maxConnections = 2 }.start()
        // Each connection is admitted (it answers) before the next one is opened:
        // connections accepted together may be admitted in any order.
        let first = try await RawConnection.connect(server.socketPath)
        try await first.sendRequest(streamID: 1, service: "clientele.v1.Health", method: "Check")
        #expect(try await first.responses(1).first?.1.hasStatus == false)
        let second = try await RawConnection.connect(server.socketPath)
        try await second.sendRequest(streamID: 1, service: "clientele.v1.Health", method: "Check")
        #expect(try await second.responses(1).first?.1.hasStatus == false)
        let third = try await RawConnection.connect(server.socketPath)
        #expect(await third.isClosedByServer())
        try await first.sendRequest(streamID: 3, service: "clientele.v1.Health", method: "Check")
        #expect(try await first.responses(1).first?.1.hasStatus == false)
        await first.close()
        await second.close()
        try await server.stop()
    }

    @Test("connections over the per-uid limit are closed at once")
    func perUIDLimit() async throws {
        let server = try await TestServer { $0.maxConnectionsPerUID = 1 }.start()
        let first = try await RawConnection.connect(server.socketPath)
        try await first.sendRequest(streamID: 1, service: "clientele.v1.Health", method: "Check")
        #expect(try await first.responses(1).count == 1)
        let second = try await RawConnection.connect(server.socketPath)
        #expect(await second.isClosedByServer())
        // Once the first closes, the uid may connect again.
        await first.close()
        for _ in 0..<100 where server.server.openConnections > 0 { try await Task.sleep(for: .milliseconds(10)) }
        _ = try await ClienteleClient(socketPath: server.socketPath).health.check()
        try await server.stop()
    }

    @Test("calls past the in-flight limit get RESOURCE_EXHAUSTED; those within it succeed")
    func inFlightLimit() async throws {
        let server = try await TestServer { $0.maxCallsInFlightPerConnection = 2 }.start()
        let raw = try await RawConnection.connect(server.socketPath)
        let sleep = try Google_Protobuf_Duration(seconds: 0, nanos: 200_000_000).serializedData()
        for stream in [UInt32(1), 3, 5] {
            try await raw.sendRequest(streamID: stream, service: "test.Test", method: "Sleep", payload: sleep)
        }
        let answers = try await raw.responses(3)
        let refused = try #require(answers.first)
        #expect(refused.0 == 5)
        #expect(refused.1.status.code == RPCError.Code.resourceExhausted.rawValue)
        #expect(refused.1.status.message.contains("limit 2"))
        #expect(Set(answers.dropFirst().map(\.0)) == [1, 3])
        #expect(answers.dropFirst().allSatisfy { !$0.1.hasStatus })
        await raw.close()
        try await server.stop()
    }

    @Test("a connection with as many calls in flight as the read pause is not read until one finishes")
    func readPause() async throws {
        let server = try await TestServer {
            $0.readPauseCalls = 4
            $0.maxCallsRunning = 64
        }.start()
        let raw = try await RawConnection.connect(server.socketPath)
        // 3 KB per request (the Duration and an unknown field the handler ignores): the
        // server's reads of at most 4 KiB hold no more than two of them.
        var payload = try Google_Protobuf_Duration(seconds: 0, nanos: 200_000_000).serializedData()
        payload.append(contentsOf: [0xA2, 0x06, 0xB8, 0x17])  // field 100, length-delimited, 3,000 bytes
        payload.append(Data(count: 3_000))
        try await raw.pipeline(30, service: "test.Test", method: "Sleep", payload: payload)
        // Every call is still answered, in turn, none refused.
        let answers = try await raw.responses(30)
        // Paused at 4, plus what the last read brought: never more running at once, however
        // slowly the machine runs (30 at once without the pause).
        #expect(server.concurrentSleeps.withLockedValue { $0.peak } <= 6)
        #expect(server.concurrentSleeps.withLockedValue { $0.peak } >= 4)
        #expect(answers.count == 30)
        #expect(answers.allSatisfy { !$0.1.hasStatus })
        await raw.close()
        try await server.stop()
    }

    @Test("one connection's pipelined flood does not queue another connection's call behind it")
    func fairAcrossConnections() async throws {
        let server = try await TestServer {
            $0.maxCallsRunning = 2
            $0.maxCallsInFlightPerConnection = 1024
        }.start()
        let flood = try await RawConnection.connect(server.socketPath)
        let sleep = try Google_Protobuf_Duration(seconds: 0, nanos: 100_000_000).serializedData()
        // 40 calls of 100 ms on 2 slots: 2 s in a first-come queue.
        try await flood.pipeline(40, service: "test.Test", method: "Sleep", payload: sleep)
        try await server.waitForSleeps(2)
        let started = ContinuousClock.now
        _ = try await ClienteleClient(socketPath: server.socketPath).health.check()
        // Its turn comes at the next freed slot: about 100 ms.
        #expect(ContinuousClock.now - started < .milliseconds(600))
        await flood.close()
        try await server.stop()
    }

    @Test("a peer that never reads its answers is closed once they pass the unread limit; others go on")
    func unreadAnswers() async throws {
        let server = try await TestServer { $0.maxUnreadAnswerBytes = 5 << 20 }.start()
        let peer = try UnreadingPeer(path: server.socketPath)
        // 64 small requests read at once, answered with 64 MiB the peer never takes.
        let size = try Google_Protobuf_UInt32Value(1 << 20).serializedData()
        try peer.pipeline(64, service: "test.Test", method: "Blob", payload: size)
        #expect(peer.isHungUp(within: 5))
        for _ in 0..<100 where server.server.openConnections > 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(server.server.openConnections == 0)
        _ = try await ClienteleClient(socketPath: server.socketPath).health.check()
        try await server.stop()
    }

    @Test("a peer that reads its answers, pipelining less than the unread limit, is served in full")
    func unreadWithinLimit() async throws {
        let server = try await TestServer { $0.maxUnreadAnswerBytes = 16 << 20 }.start()
        let raw = try await RawConnection.connect(server.socketPath)
        let size = try Google_Protobuf_UInt32Value(1 << 20).serializedData()
        try await raw.pipeline(8, service: "test.Test", method: "Blob", payload: size)
        let answers = try await raw.responses(8)
        #expect(answers.count == 8)
        #expect(answers.allSatisfy { !$0.1.hasStatus && $0.1.payload.count > 1 << 20 })
        await raw.close()
        try await server.stop()
    }

    @Test("a silent half-sent frame does not block other clients and is closed after the frame timeout")
    func halfSentFrame() async throws {
        let server = try await TestServer { $0.frameTimeout = .seconds(1) }.start()
        let stalled = try await RawConnection.connect(server.socketPath)
        var partial = ByteBuffer()
        partial.writeFrameHeader(FrameHeader(length: 1000, streamID: 1, type: .request))
        partial.writeRepeatingByte(0, count: 10)
        let started = ContinuousClock.now
        try await stalled.send(partial)
        let client = ClienteleClient(socketPath: server.socketPath)
        for _ in 0..<20 { _ = try await client.health.check() }
        // Served while the stalled connection is still open, so nobody waited for it.
        #expect(stalled.channel.isActive)
        #expect(await stalled.isClosedByServer(within: .seconds(5)))
        #expect(ContinuousClock.now - started >= .milliseconds(950))
        await client.close()
        try await server.stop()
    }

    @Test("an idle connection is closed after the idle timeout")
    func idleTimeout() async throws {
        let server = try await TestServer { $0.idleTimeout = .milliseconds(200) }.start()
        // Taken before connecting: the server's timer starts at its accept, which a loaded
        // machine may finish well before `connect` returns here (52 ms was seen).
        let started = ContinuousClock.now
        let raw = try await RawConnection.connect(server.socketPath)
        #expect(await raw.isClosedByServer())
        #expect(ContinuousClock.now - started >= .milliseconds(190))
        try await server.stop()
    }

    @Test("graceful shutdown lets calls in flight finish, refuses new ones and removes the socket")
    func gracefulShutdown() async throws {
        let server = try await TestServer { $0.shutdownGracePeriod = .seconds(5) }.start()
        let client = server.client()
        let slow = Task {
            try await client.unary(
                TestServer.sleep,
                request: Google_Protobuf_Duration(seconds: 0, nanos: 300_000_000),
                response: Google_Protobuf_Empty.self
            )
        }
        // Shut down only once the call is in flight on the server.
        try await server.waitForSleeps(1)
        let stopping = Task { try await server.stop() }
        _ = try await slow.value
        try await stopping.value
        #expect(server.finishedSleeps.withLockedValue { $0 } == 1)
        #expect(!FileManager.default.fileExists(atPath: server.socketPath))
        await #expect(throws: RPCError.self) { _ = try await HealthClient(client).check() }
    }

    @Test("past the grace period calls in flight are cut off")
    func graceExpires() async throws {
        let server = try await TestServer { $0.shutdownGracePeriod = .milliseconds(100) }.start()
        let client = server.client()
        let slow = Task {
            try await client.unary(
                TestServer.sleep,
                request: Google_Protobuf_Duration(seconds: 10),
                response: Google_Protobuf_Empty.self
            )
        }
        try await server.waitForSleeps(1)
        let started = ContinuousClock.now
        try await server.stop()
        #expect(ContinuousClock.now - started < .seconds(3))
        await #expect(throws: RPCError.self) { _ = try await slow.value }
    }
}
