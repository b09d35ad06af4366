public import ClienteleProto

/// The key–value pairs of a call (`ttrpc.KeyValue`). Keys are lower case and may repeat.
/// Kept as the request envelope decoded them: reading a call's metadata copies nothing.
public struct Metadata: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public struct Entry: Hashable, Sendable {
        public var key: String
        public var value: String
    }

    private var pairs: [Ttrpc_KeyValue]

    public init() {
        self.pairs = []
    }

    /// Metadata from a request envelope; keys are lower-cased (copied only when one is not).
    public init(_ keyValues: [Ttrpc_KeyValue]) {
        self.pairs = keyValues
        if self.pairs.contains(where: { Self.hasUppercase($0.key) }) {
            for index in self.pairs.indices { self.pairs[index].key = Self.lowercased(self.pairs[index].key) }
        }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init()
        for (key, value) in elements { self.append(key, value) }
    }

    public var isEmpty: Bool { self.pairs.isEmpty }
    public var count: Int { self.pairs.count }

    /// The envelope form.
    public var keyValues: [Ttrpc_KeyValue] { self.pairs }

    /// Adds a pair; the key is lower-cased.
    public mutating func append(_ key: String, _ value: String) {
        var pair = Ttrpc_KeyValue()
        pair.key = Self.lowercased(key)
        pair.value = value
        self.pairs.append(pair)
    }

    /// Replaces every value of `key` with `value`.
    public mutating func replace(_ key: String, with value: String) {
        let lowered = Self.lowercased(key)
        self.pairs.removeAll { $0.key == lowered }
        self.append(lowered, value)
    }

    /// Every value of `key`, in order.
    public func values(_ key: String) -> [String] {
        let key = Self.lowercased(key)
        return self.pairs.compactMap { $0.key == key ? $0.value : nil }
    }

    /// The first value of `key`.
    public subscript(_ key: String) -> String? {
        // Stored keys are lower case: look the key up as given first, and lower-case it only when that fails.
        if let pair = self.pairs.first(where: { $0.key == key }) { return pair.value }
        guard !self.pairs.isEmpty, Self.hasUppercase(key) else { return nil }
        let key = key.lowercased()
        return self.pairs.first { $0.key == key }?.value
    }

    public func makeIterator() -> some IteratorProtocol<Entry> {
        self.pairs.lazy.map { Entry(key: $0.key, value: $0.value) }.makeIterator()
    }

    /// Keys are nearly always lower case already; only copy when they are not.
    private static func lowercased(_ key: String) -> String {
        Self.hasUppercase(key) ? key.lowercased() : key
    }

    private static func hasUppercase(_ key: String) -> Bool {
        let isUpper = { (byte: UInt8) in byte &- UInt8(ascii: "A") < 26 }
        return key.utf8.withContiguousStorageIfAvailable { $0.contains(where: isUpper) }
            ?? key.utf8.contains(where: isUpper)
    }
}
