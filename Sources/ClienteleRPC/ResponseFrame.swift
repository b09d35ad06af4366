import ClienteleWire
public import Foundation
public import NIOCore
import SwiftProtobuf

/// Encodes `ttrpc.Response` frames straight into a `ByteBuffer`.
///
/// The envelope is two optional fields, so it is written by hand: this avoids
/// building and serialising a `Ttrpc_Response` (and a copy of the payload) on
/// every call.
public enum ResponseFrame {
    /// A success frame carrying `payload`, or a RESOURCE_EXHAUSTED frame when it would not fit in 4 MiB.
    public static func success(
        streamID: UInt32,
        payload: Data,
        allocator: ByteBufferAllocator
    ) -> ByteBuffer {
        let bodySize = payload.isEmpty ? 0 : 1 + Self.varintSize(UInt64(payload.count)) + payload.count
        guard bodySize <= FrameLimits.maximumPayloadSize else {
            return Self.failure(
                streamID: streamID,
                error: RPCError(
                    .resourceExhausted,
                    "response of \(bodySize) bytes exceeds the maximum message size of \(FrameLimits.maximumPayloadSize)"
                ),
                allocator: allocator
            )
        }
        var buffer = allocator.buffer(capacity: FrameHeader.size + bodySize)
        buffer.writeFrameHeader(FrameHeader(length: UInt32(bodySize), streamID: streamID, type: .response))
        if !payload.isEmpty {
            buffer.writeInteger(UInt8(0x12))  // field 2 (payload), wire type 2 (length-delimited)
            Self.writeVarint(UInt64(payload.count), to: &buffer)
            buffer.writeBytes(payload)
        }
        return buffer
    }

    /// A frame whose response carries `error` as its status.
    /// A message that would not fit (it can quote a caller's 4 MiB method name) is cut short.
    public static func failure(streamID: UInt32, error: RPCError, allocator: ByteBufferAllocator) -> ByteBuffer {
        var status: Data = (try? error.status.serializedData()) ?? Data()
        var bodySize = 1 + Self.varintSize(UInt64(status.count)) + status.count
        if bodySize > FrameLimits.maximumPayloadSize {
            let shortened = RPCError(
                error.code, Self.prefix(of: error.message, utf8Count: Self.maximumMessageBytes) + "…")
            status = (try? shortened.status.serializedData()) ?? Data()
            bodySize = 1 + Self.varintSize(UInt64(status.count)) + status.count
        }
        var buffer = allocator.buffer(capacity: FrameHeader.size + bodySize)
        buffer.writeFrameHeader(FrameHeader(length: UInt32(bodySize), streamID: streamID, type: .response))
        buffer.writeInteger(UInt8(0x0A))  // field 1 (status), wire type 2
        Self.writeVarint(UInt64(status.count), to: &buffer)
        buffer.writeBytes(status)
        return buffer
    }

    /// The most message bytes kept when a message is cut short: far below the frame limit.
    static let maximumMessageBytes = 4096

    /// The longest prefix of `text` of at most `utf8Count` bytes that ends on a character boundary.
    static func prefix(of text: String, utf8Count: Int) -> String {
        let bytes = Array(text.utf8.prefix(utf8Count + 1))
        var end = min(utf8Count, bytes.count)
        // Back off continuation bytes (10xxxxxx) so that no scalar is split.
        while end > 0, end < bytes.count, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    static func varintSize(_ value: UInt64) -> Int {
        var value = value
        var size = 1
        while value >= 0x80 {
            value >>= 7
            size += 1
        }
        return size
    }

    static func writeVarint(_ value: UInt64, to buffer: inout ByteBuffer) {
        var value = value
        while value >= 0x80 {
            buffer.writeInteger(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        buffer.writeInteger(UInt8(value))
    }
}
