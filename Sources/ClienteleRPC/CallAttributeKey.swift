/// A typed key for values that interceptors attach to a call (for example the
/// authenticated principal) and handlers read back.
public protocol CallAttributeKey {
    associatedtype Value: Sendable
}
