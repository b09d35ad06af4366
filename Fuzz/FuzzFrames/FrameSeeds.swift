import ClienteleFuzzSupport
import ClienteleProto
import ClienteleWire
import Foundation
import NIOCore
import SwiftProtobuf

/// The seed corpus: byte streams a real client sends, and the edge cases of the header.
enum FrameSeeds {
    static func write(to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var request = Ttrpc_Request()
        request.service = "clientele.v1.Health"
        request.method = "Check"
        request.timeoutNano = 2_000_000_000
        var pair = Ttrpc_KeyValue()
        pair.key = "authorization"
        pair.value = "Bearer 0123456789abcdef"
        request.metadata = [pair]
        let call = try request.serializedBytes() as [UInt8]
        var create = Ttrpc_Request()
        create.service = "clientele.v1.Clients"
        create.method = "CreateClient"
        create.payload = Data([0x0A, 0x03, 0x67, 0x72, 0x70, 0x12, 0x05, 0x0A, 0x03, 0x41, 0x63, 0x6D])
        var key = Ttrpc_KeyValue()
        key.key = "idempotency-key"
        key.value = "k-1"
        create.metadata = [pair, key]
        let createBytes = try create.serializedBytes() as [UInt8]

        func frame(
            _ payload: [UInt8], stream: UInt32, type: UInt8 = 1, flags: UInt8 = 0, length: UInt32? = nil
        )
            -> [UInt8]
        {
            var buffer = ByteBuffer()
            buffer.writeMultipleIntegers(length ?? UInt32(payload.count), stream, type, flags)
            buffer.writeBytes(payload)
            return Array(buffer.readableBytesView)
        }
        let health: [UInt8] = frame(call, stream: 1)
        var seeds: [String: [UInt8]] = [:]
        seeds["health-call"] = [0, 0] + health
        seeds["pipelined"] = [0, 7] + health + frame(createBytes, stream: 3) + frame(call, stream: 5)
        seeds["oversized-then-call"] =
            [16, 3] + frame(Array(repeating: 0xAB, count: 40), stream: 1) + frame([], stream: 3)
        seeds["oversized-declared-4mib-plus-1"] = [0, 1] + frame([], stream: 1, length: 4_194_305) + [1, 2, 3]
        seeds["half-frame"] = [0, 2] + Array(health.prefix(17))
        seeds["half-header"] = [0, 2, 0, 0, 0]
        seeds["even-stream-response-type"] = [0, 5] + frame(call, stream: 2, type: 2, flags: 1)
        seeds["empty-payload"] = [0, 9] + frame([], stream: 1, flags: 4)
        seeds["data-frame"] = [0, 4] + frame(createBytes, stream: 7, type: 3, flags: 2)
        // Every recorded contract request, enveloped and framed as the client sent it.
        for contract in try ContractCase.all() {
            var envelope = Ttrpc_Request()
            envelope.service = contract.service
            envelope.method = contract.method
            envelope.payload = Data(contract.request)
            envelope.metadata = contract.metadata.map { pair in
                var keyValue = Ttrpc_KeyValue()
                keyValue.key = pair.key
                keyValue.value = pair.value
                return keyValue
            }
            seeds["contract-\(contract.name)"] = [0, 0] + frame(try envelope.serializedBytes(), stream: 1)
        }
        for (name, bytes) in seeds {
            try Data(bytes).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
        }
        print("clientele-fuzz-frames: wrote \(seeds.count) seeds to \(folder)")
    }
}
