/// A flag set on a client (blocked, suspended): why, by whom, when.
public struct StateFlagRecord: Sendable, Equatable {
    public var reason: String
    public var by: String
    /// Unix milliseconds.
    public var at: Int64

    public init(reason: String, by: String, at: Int64) {
        self.reason = reason
        self.by = by
        self.at = at
    }
}
