import ClienteleFuzzSupport
import ClienteleProto
import ClienteleRPC
import ClienteleWire
import Foundation
import NIOCore
import SwiftProtobuf

/// The frame layer under arbitrary bytes.
///
/// Input: byte 0 picks the payload limit (0 = the real 4 MiB, else 1…255 bytes, so that the
/// oversized path is reached), byte 1 seeds how the rest is split into reads; the rest is the
/// byte stream of a connection. Checked: the frames do not depend on how the stream is split;
/// each frame carries exactly its declared length; re-encoding the frames gives back the bytes
/// they came from; the request envelope, its metadata and the hand-written response encoder
/// round-trip whatever a frame holds.
enum FuzzFrames {
    static func run(_ input: [UInt8]) {
        guard input.count >= 2 else { return }
        let limit = input[0] == 0 ? FrameLimits.maximumPayloadSize : Int(input[0])
        var splitSeed = UInt64(input[1]) | 0x9E37_79B9_0000_0000
        let stream = Array(input[2...])

        // Whole stream in one read.
        var whole = ByteBuffer(bytes: stream)
        var decoder = FrameDecoder(maximumPayloadSize: limit)
        var expected: [InboundFrame] = []
        while let frame = decoder.next(from: &whole) { expected.append(frame) }
        let leftover = whole.readableBytes
        let pendingDiscard = decoder.bytesToDiscard

        // The same stream in pseudo-random reads through the FrameReader.
        var reader = FrameReader(maximumPayloadSize: limit)
        var got: [InboundFrame] = []
        var offset = 0
        while offset < stream.count {
            splitSeed = splitSeed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let size = min(stream.count - offset, 1 + Int((splitSeed >> 33) % 23))
            reader.read(ByteBuffer(bytes: stream[offset..<offset + size])) { got.append($0) }
            offset += size
        }
        check(got == expected, "frames depend on how the stream is split")
        check(reader.bufferedBytes == (pendingDiscard > 0 ? 0 : leftover), "buffered bytes differ from the leftover")
        check(reader.isMidFrame == (leftover > 0 || pendingDiscard > 0), "isMidFrame is wrong")

        // Every frame consumes exactly its header and length; complete frames re-encode to their bytes.
        var position = 0
        let encoder = FrameEncoder()
        for inbound in expected {
            switch inbound {
            case .frame(let frame):
                check(Int(frame.header.length) == frame.payload.readableBytes, "payload length differs from header")
                check(frame.payload.readableBytes <= limit, "a frame over the limit was delivered")
                var out = ByteBuffer()
                try! encoder.encode(data: frame, out: &out)
                let end = position + FrameHeader.size + frame.payload.readableBytes
                check(end <= stream.count, "frame runs past the input")
                check(Array(out.readableBytesView) == Array(stream[position..<end]), "re-encoded frame differs")
                position = end
                checkEnvelope(frame)
            case .oversized(let header):
                check(Int(header.length) > limit, "a frame within the limit was called oversized")
                position += FrameHeader.size + Int(header.length)
            }
        }
        if pendingDiscard == 0 {
            check(position + leftover == stream.count, "bytes lost between frames")
        }
    }

    /// What the server does with a request frame, and the answers it would write.
    private static func checkEnvelope(_ frame: Frame) {
        let bytes = Array(frame.payload.readableBytesView)
        guard let request = try? Ttrpc_Request(serializedBytes: bytes) else { return }
        let metadata = Metadata(request.metadata)
        check(metadata.count == request.metadata.count, "metadata entries lost")
        _ = metadata["authorization"]
        _ = metadata.keyValues

        let allocator = ByteBufferAllocator()
        var success = ResponseFrame.success(
            streamID: frame.header.streamID, payload: request.payload, allocator: allocator)
        roundTrip(&success, streamID: frame.header.streamID) { response in
            if response.hasStatus {
                check(response.status.code == RPCError.Code.resourceExhausted.rawValue, "unexpected status")
            } else {
                check(response.payload == request.payload, "response payload differs")
            }
        }
        let message = request.service + "/" + request.method
        let error = RPCError(
            RPCError.Code(rawValue: Int32(truncatingIfNeeded: request.timeoutNano)) ?? .unknown, message)
        var failure = ResponseFrame.failure(streamID: frame.header.streamID, error: error, allocator: allocator)
        roundTrip(&failure, streamID: frame.header.streamID) { response in
            check(response.status.code == error.code.rawValue, "status code differs")
            check(response.status.message == message, "status message differs")
        }
    }

    private static func roundTrip(_ buffer: inout ByteBuffer, streamID: UInt32, _ verify: (Ttrpc_Response) -> Void) {
        var decoder = FrameDecoder()
        guard case .frame(let frame)? = decoder.next(from: &buffer) else {
            return check(false, "a response frame does not decode")
        }
        check(buffer.readableBytes == 0, "bytes after a response frame")
        check(frame.header.streamID == streamID && frame.header.type == .response, "response header is wrong")
        guard let response = try? Ttrpc_Response(serializedBytes: Array(frame.payload.readableBytesView)) else {
            return check(false, "a response frame does not hold a ttrpc.Response")
        }
        verify(response)
    }

    private static func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("clientele-fuzz-frames: \(message())") }
    }
}

#if CLIENTELE_FUZZ
    /// With `CLIENTELE_FUZZ_WRITE_SEEDS=FOLDER`, writes the seed corpus there and exits.
    @_cdecl("LLVMFuzzerInitialize")
    public func fuzzFramesInitialize(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
    ) -> CInt {
        if let folder = ProcessInfo.processInfo.environment["CLIENTELE_FUZZ_WRITE_SEEDS"] {
            do { try FrameSeeds.write(to: folder) } catch { fatalError("cannot write seeds: \(error)") }
            exit(0)
        }
        return 0
    }

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzFrames(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
        FuzzFrames.run(Array(UnsafeRawBufferPointer(start: start, count: count)))
        return 0
    }
#else
    /// Without the fuzzer: runs each file (or each file of each folder) given as an argument once.
    @main
    struct FuzzFramesReplay {
        static func main() throws {
            let arguments = Array(CommandLine.arguments.dropFirst())
            if arguments.first == "--write-seeds", arguments.count == 2 {
                try FrameSeeds.write(to: arguments[1])
                return
            }
            var count = 0
            for path in FuzzInputs.files(arguments) {
                FuzzFrames.run(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
                count += 1
            }
            print("clientele-fuzz-frames: \(count) inputs passed")
        }
    }
#endif
