/// Where the feed starts: every change up to `prunedThrough` is pruned, every later one kept.
public struct ChangeBounds: Sendable, Equatable {
    public var prunedThrough: Int64
    /// The last sequence ever assigned (0 for none).
    public var head: Int64

    public init(prunedThrough: Int64, head: Int64) {
        self.prunedThrough = prunedThrough
        self.head = head
    }
}
