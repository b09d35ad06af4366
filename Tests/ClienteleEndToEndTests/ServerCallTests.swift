import ClienteleAPI
import ClienteleClient
import ClienteleProto
import ClienteleRPC
import ClienteleWire
import Foundation
import NIOCore
import NIOPosix
import SwiftProtobuf
import Testing

@Suite("Calls over a real socket")
struct ServerCallTests {
    @Test("Health/Check answers through the Swift client")
    func health() async throws {
        let server = try await TestServer().start()
        let client = ClienteleClient(socketPath: server.socketPath)
        let answer = try await client.health.check()
        #expect(answer.status == .serving)
        #expect(answer.serverVersion == ClienteleVersion.current)
        #expect(answer.serverCommit == ClienteleVersion.commit && !answer.serverCommit.isEmpty)
        await client.close()
        try await server.stop()
    }

    @Test("many calls on one connection are answered out of order")
    func outOfOrder() async throws {
        let server = try await TestServer().start()
        let raw = try await RawConnection.connect(server.socketPath)
        // Stream 1 sleeps 800 ms, stream 3 sleeps 400 ms, stream 5 answers at once.
        for (stream, millis) in [(UInt32(1), 800), (3, 400)] {
            let payload = try Google_Protobuf_Duration(seconds: 0, nanos: Int32(millis) * 1_000_000).serializedData()
            try await raw.sendRequest(streamID: stream, service: "test.Test", method: "Sleep", payload: payload)
        }
        try await raw.sendRequest(
            streamID: 5, service: "test.Test", method: "Echo",
            payload: try Google_Protobuf_StringValue("now").serializedData()
        )
        let order = try await raw.responses(3).map(\.0)
        #expect(order == [5, 3, 1])
        await raw.close()
        try await server.stop()
    }

    @Test("200 concurrent calls from one client all get their own answer")
    func concurrent() async throws {
        let server = try await TestServer().start()
        let client = server.client()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let answer = try await client.unary(
                        TestServer.echo,
                        request: Google_Protobuf_StringValue("call \(index)"),
                        response: Google_Protobuf_StringValue.self
                    )
                    #expect(answer.value == "call \(index)")
                }
            }
            try await group.waitForAll()
        }
        await client.close()
        try await server.stop()
    }

    @Test(
        "one connection's pipelined calls spread over the loops once its own loop is backed up, each answered with its own answer; with --spread-backlog 0 they all run on its loop",
        arguments: [4, 0])
    func spreading(backlog: Int) async throws {
        let loops = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let server = try await TestServer(group: loops) { $0.spreadBacklog = backlog }.start()
        let raw = try await RawConnection.connect(server.socketPath)
        // 64 requests in one write: the daemon reads them in a few reads and starts them together.
        var burst = ByteBuffer()
        for index in 0..<64 {
            var request = Ttrpc_Request()
            request.service = "test.Test"
            request.method = "Where"
            request.payload = try Google_Protobuf_StringValue("call \(index)").serializedData()
            let payload = try request.serializedBytes() as [UInt8]
            burst.writeFrameHeader(
                FrameHeader(length: UInt32(payload.count), streamID: UInt32(2 * index + 1), type: .request))
            burst.writeBytes(payload)
        }
        try await raw.send(burst)
        var ranOn: Set<String> = []
        let answers = try await raw.responses(64)
        #expect(answers.count == 64)
        for (stream, response) in answers {
            let answer = try Google_Protobuf_StringValue(serializedBytes: response.payload)
            let parts = answer.value.split(separator: "@").map(String.init)
            try #require(parts.count == 2)
            #expect(parts[0] == "call \((stream - 1) / 2)")
            ranOn.insert(parts[1])
        }
        #expect(!ranOn.contains("none"))
        #expect(ranOn.count == (backlog == 0 ? 1 : 2))
        await raw.close()
        try await server.stop()
        try await loops.shutdownGracefully()
    }

    @Test("past timeout_nano the caller gets DEADLINE_EXCEEDED and the handler's task is cancelled")
    func deadline() async throws {
        let server = try await TestServer().start()
        let raw = try await RawConnection.connect(server.socketPath)
        var request = Ttrpc_Request()
        request.service = "test.Test"
        request.method = "Sleep"
        request.payload = try Google_Protobuf_Duration(seconds: 5).serializedData()
        request.timeoutNano = 50_000_000
        let body: [UInt8] = try request.serializedBytes()
        let started = ContinuousClock.now
        try await raw.send(header: FrameHeader(length: UInt32(body.count), streamID: 1, type: .request), payload: body)
        let answer = try #require(try await raw.responses(1).first)
        #expect(answer.1.status.code == RPCError.Code.deadlineExceeded.rawValue)
        #expect(ContinuousClock.now - started < .seconds(2))
        // The handler saw its cancellation.
        for _ in 0..<100 where server.cancelledSleeps.withLockedValue({ $0 }) == 0 {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(server.cancelledSleeps.withLockedValue { $0 } == 1)
        await raw.close()
        try await server.stop()
    }

    @Test("the client's own timeout ends the wait with DEADLINE_EXCEEDED")
    func clientDeadline() async throws {
        let server = try await TestServer().start()
        let client = server.client()
        await #expect(throws: RPCError(.deadlineExceeded, "deadline exceeded")) {
            _ = try await client.unary(
                TestServer.sleep,
                request: Google_Protobuf_Duration(seconds: 5),
                response: Google_Protobuf_Empty.self,
                options: CallOptions(timeout: .milliseconds(50))
            )
        }
        await client.close()
        try await server.stop()
    }

    @Test("metadata, deadline and peer credentials reach the handler")
    func metadataAndPeer() async throws {
        let server = try await TestServer().start()
        let client = server.client()
        var metadata = Metadata()
        metadata.append("x-tag", "a")
        metadata.append("X-Tag", "b")
        let answer = try await client.unary(
            TestServer.whoami,
            request: Google_Protobuf_Empty(),
            response: Google_Protobuf_Struct.self,
            options: CallOptions(timeout: .seconds(5), metadata: metadata)
        )
        #expect(answer.fields["tag"]?.stringValue == "a,b")
        #expect(answer.fields["has_deadline"]?.boolValue == true)
        #expect(answer.fields["uid"]?.numberValue == Double(getuid()))
        #expect(answer.fields["pid"]?.numberValue == Double(getpid()))
        // The connection encodes a call's metadata once and reuses it while it is unchanged:
        // the same, then changed, then none.
        var changed = metadata
        changed.replace("x-tag", with: "c")
        for (sent, expected) in [(metadata, "a,b"), (changed, "c"), (Metadata(), ""), (metadata, "a,b")] {
            let again = try await client.unary(
                TestServer.whoami, request: Google_Protobuf_Empty(), response: Google_Protobuf_Struct.self,
                options: CallOptions(metadata: sent))
            #expect(again.fields["tag"]?.stringValue == expected)
            #expect(again.fields["has_deadline"]?.boolValue == false)
        }
        await client.close()
        try await server.stop()
    }

    @Test("unknown service and method are UNIMPLEMENTED over the wire")
    func unimplemented() async throws {
        let server = try await TestServer().start()
        let client = server.client()
        await #expect(throws: RPCError(.unimplemented, "service test.Nope")) {
            _ = try await client.call(MethodDescriptor(service: "test.Nope", method: "X"), payload: Data())
        }
        await #expect(throws: RPCError(.unimplemented, "method Nope")) {
            _ = try await client.call(MethodDescriptor(service: "test.Test", method: "Nope"), payload: Data())
        }
        await client.close()
        try await server.stop()
    }

    @Test("an oversized frame is refused and a good call then succeeds on the same connection")
    func oversizedThenGood() async throws {
        let server = try await TestServer().start()
        let raw = try await RawConnection.connect(server.socketPath)
        let length = FrameLimits.maximumPayloadSize + 10
        var big = ByteBuffer()
        big.writeFrameHeader(FrameHeader(length: UInt32(length), streamID: 1, type: .request))
        big.writeRepeatingByte(7, count: length)
        try await raw.send(big)
        try await raw.sendRequest(
            streamID: 3, service: "test.Test", method: "Echo",
            payload: try Google_Protobuf_StringValue("still here").serializedData()
        )
        let answers = try await raw.responses(2)
        #expect(answers[0].0 == 1)
        #expect(answers[0].1.status.code == RPCError.Code.resourceExhausted.rawValue)
        #expect(answers[0].1.status.message == "message length \(length) exceed maximum message size of 4194304")
        #expect(answers[1].0 == 3)
        #expect(try Google_Protobuf_StringValue(serializedBytes: answers[1].1.payload).value == "still here")
        await raw.close()
        try await server.stop()
    }

    @Test("a client reconnects after the daemon restarts on the same socket")
    func reconnect() async throws {
        let first = try await TestServer().start()
        let client = first.client()
        _ = try await ClienteleClient(socketPath: first.socketPath).health.check()
        _ = try await HealthClient(client).check()
        try await first.stop()
        await #expect(throws: RPCError.self) { _ = try await HealthClient(client).check() }

        let second = try await TestServer { $0.socketPath = first.socketPath }.start()
        let answer = try await HealthClient(client).check()
        #expect(answer.status == .serving)
        await client.close()
        try await second.stop()
    }

    @Test("no daemon gives UNAVAILABLE with a message that says so")
    func noDaemon() async throws {
        let client = RPCClient(socketPath: "/tmp/clientele-no-such-\(UUID().uuidString.prefix(6)).sock")
        do {
            _ = try await HealthClient(client).check()
            Issue.record("a call without a daemon succeeded")
        } catch {
            #expect(error.code == .unavailable)
            #expect(error.message.contains("no daemon is listening"))
        }
    }
}
