import Foundation

/// One acknowledged write, as the daemon answered it.
struct AckedWrite: Codable, Sendable {
    enum Kind: String, Codable, Sendable { case create, update, credit, charge }

    var cycle: Int
    var kind: Kind
    var service: String
    var method: String
    var idempotencyKey: String
    var request: Data
    var response: Data
    var clientID: String
    /// The client's version in the answer (create, update).
    var version: Int64 = 0
    /// Contacts sent with a create.
    var contacts: Int = 0
    /// The ledger entry in the answer and its signed amount (credit, charge).
    var entryID: String = ""
    var amountMinor: Int64 = 0
}

/// The acknowledged writes, appended one JSON line each and fsynced before the write counts.
final class Journal: @unchecked Sendable {
    private let lock = NSLock()
    private let file: FileHandle
    private var writes: [AckedWrite] = []
    private let encoder = JSONEncoder()

    init(path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        self.file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }

    func append(_ write: AckedWrite) throws {
        var line = try self.encoder.encode(write)
        line.append(0x0A)
        try self.lock.withLock {
            try self.file.write(contentsOf: line)
            try self.file.synchronize()
            self.writes.append(write)
        }
    }

    var all: [AckedWrite] { self.lock.withLock { self.writes } }
}

/// Clients created by acknowledged writes, shared by the writers as update targets.
final class ClientRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String] = []

    func add(_ id: String) { self.lock.withLock { self.ids.append(id) } }

    func random(using generator: inout some RandomNumberGenerator) -> String? {
        self.lock.withLock { self.ids.randomElement(using: &generator) }
    }
}

/// Set once, read by every writer.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false

    var isSet: Bool { self.lock.withLock { self.stopped } }
    func set() { self.lock.withLock { self.stopped = true } }
}

/// SplitMix64: repeatable from a seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
