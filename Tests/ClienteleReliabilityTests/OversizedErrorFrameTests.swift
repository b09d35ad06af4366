import ClienteleProto
import ClienteleRPC
import ClienteleWire
import NIOCore
import Testing

/// Found while writing the frame fuzzer's response round trip: an error message quotes the
/// caller's service or method name, which may be almost 4 MiB long, so the error frame could
/// exceed the 4 MiB limit that no frame we send may pass (the Go client panics on one).
@Suite struct OversizedErrorFrameTests {
    static let limit = FrameLimits.maximumPayloadSize

    /// The worst case on the wire: a 4 MiB request whose only field is a 4,194,299-byte service name
    /// was answered `UNIMPLEMENTED "service xxx…"` in a 4,194,319-byte frame (seen against a daemon
    /// built from e1e38e8).
    @Test func unknownHugeServiceIsAnsweredWithinTheLimit() throws {
        var request = Ttrpc_Request()
        request.service = String(repeating: "x", count: Self.limit - 5)
        let bytes: [UInt8] = try request.serializedBytes()
        #expect(bytes.count == Self.limit)

        let router = RPCRouter()
        let method = MethodDescriptor(service: request.service, method: request.method)
        let error = try #require(throws: RPCError.self) { try router.handler(for: method) }
        #expect(error.message.utf8.count > Self.limit)

        let response = try Self.decode(ResponseFrame.failure(streamID: 7, error: error, allocator: .init()))
        #expect(response.status.code == RPCError.Code.unimplemented.rawValue)
        #expect(response.status.message.hasPrefix("service xxxx"))
        #expect(response.status.message.hasSuffix("…"))
    }

    @Test func shortenedMessageKeepsWholeCharacters() throws {
        // 3-byte characters, so that a cut at a byte count falls inside one unless it backs off.
        let message = String(repeating: "€", count: Self.limit / 3 + 1)
        let error = RPCError(.invalidArgument, message)
        let response = try Self.decode(ResponseFrame.failure(streamID: 1, error: error, allocator: .init()))
        #expect(response.status.code == RPCError.Code.invalidArgument.rawValue)
        #expect(response.status.message.dropLast().allSatisfy { $0 == "€" })
        #expect(response.status.message.utf8.count <= 4096 + 3)
    }

    @Test func messagesThatFitAreUntouched() throws {
        let message = "fields.billing_emails[1]: is not an email address"
        let response = try Self.decode(
            ResponseFrame.failure(streamID: 3, error: RPCError(.invalidArgument, message), allocator: .init()))
        #expect(response.status.message == message)
    }

    /// Decodes one response frame, failing when it is oversized or not a `ttrpc.Response`.
    static func decode(_ frame: ByteBuffer) throws -> Ttrpc_Response {
        var buffer = frame
        var decoder = FrameDecoder()
        let next = decoder.next(from: &buffer)
        let inbound = try #require(next)
        guard case .frame(let decoded) = inbound else {
            Issue.record("the error frame is over the limit: \(inbound)")
            throw RPCError(.resourceExhausted, "oversized")
        }
        #expect(buffer.readableBytes == 0)
        #expect(decoded.header.type == .response)
        return try Ttrpc_Response(serializedBytes: Array(decoded.payload.readableBytesView))
    }
}
