public import ClienteleProto

extension Metadata {
    /// Metadata from a request envelope; keys are lower-cased.
    public init(_ keyValues: [Ttrpc_KeyValue]) {
        self.init()
        self.reserveCapacity(keyValues.count)
        for pair in keyValues { self.append(pair.key, pair.value) }
    }

    /// The envelope form.
    public var keyValues: [Ttrpc_KeyValue] {
        self.map { entry in
            var pair = Ttrpc_KeyValue()
            pair.key = entry.key
            pair.value = entry.value
            return pair
        }
    }
}
