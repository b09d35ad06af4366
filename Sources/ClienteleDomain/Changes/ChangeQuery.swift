/// A `Changes/Follow` request, as received; 0 and empty mean the defaults.
public struct ChangeQuery: Sendable {
    public var groupID = ""
    public var afterCursor = ""
    /// The contract's `ChangeKind` numbers; empty for every kind.
    public var kinds: [Int] = []
    public var waitMillis: Int32 = 0
    public var pageSize: Int32 = 0
    public var fromNow = false

    public init() {}
}
