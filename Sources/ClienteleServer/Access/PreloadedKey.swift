import ClienteleRPC

/// What a method's access resolver read while finding its resource (see
/// `AccessRequirement.Target.preloaded`), for the handler to use instead of reading again.
enum PreloadedKey: CallAttributeKey {
    typealias Value = any Sendable
}

extension CallContext {
    /// The value the resolver preloaded, when it is a `Value`.
    func preloaded<Value>(_ type: Value.Type) -> Value? {
        self[PreloadedKey.self] as? Value
    }
}
