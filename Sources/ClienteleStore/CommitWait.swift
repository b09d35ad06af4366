/// What a writer does around waiting for its group commit, which needs none of the
/// cores: the daemon lends the call's running slot back meanwhile (`CallSlot`).
public struct CommitWait: Sendable {
    public var willWait: @Sendable () -> Void
    public var didWait: @Sendable () async -> Void

    public init(willWait: @escaping @Sendable () -> Void, didWait: @escaping @Sendable () async -> Void) {
        self.willWait = willWait
        self.didWait = didWait
    }
}
