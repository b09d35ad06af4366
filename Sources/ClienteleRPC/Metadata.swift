/// The key–value pairs of a call (`ttrpc.KeyValue`). Keys are lower case and may repeat.
public struct Metadata: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public struct Entry: Hashable, Sendable {
        public var key: String
        public var value: String
    }

    private var entries: [Entry]

    public init() {
        self.entries = []
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.entries = elements.map { Entry(key: Self.lowercased($0.0), value: $0.1) }
    }

    public var isEmpty: Bool { self.entries.isEmpty }
    public var count: Int { self.entries.count }

    public mutating func reserveCapacity(_ count: Int) {
        self.entries.reserveCapacity(count)
    }

    /// Adds a pair; the key is lower-cased.
    public mutating func append(_ key: String, _ value: String) {
        self.entries.append(Entry(key: Self.lowercased(key), value: value))
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

    /// Replaces every value of `key` with `value`.
    public mutating func replace(_ key: String, with value: String) {
        let key = Self.lowercased(key)
        self.entries.removeAll { $0.key == key }
        self.entries.append(Entry(key: key, value: value))
    }

    /// Every value of `key`, in order.
    public func values(_ key: String) -> [String] {
        let key = Self.lowercased(key)
        return self.entries.compactMap { $0.key == key ? $0.value : nil }
    }

    /// The first value of `key`.
    public subscript(_ key: String) -> String? {
        // Stored keys are lower case: look the key up as given first, and lower-case it only when that fails.
        if let entry = self.entries.first(where: { $0.key == key }) { return entry.value }
        guard !self.entries.isEmpty, Self.hasUppercase(key) else { return nil }
        let key = key.lowercased()
        return self.entries.first { $0.key == key }?.value
    }

    public func makeIterator() -> IndexingIterator<[Entry]> {
        self.entries.makeIterator()
    }
}
