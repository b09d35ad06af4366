public import ClienteleStore

/// One change as a follower receives it.
public struct ChangeView: Sendable {
    public var change: ChangeRecord
    /// Follow from here for the changes after this one.
    public var cursor: String
    /// For the kinds that carry it (`ChangeKind.carriesClient`): the client as it is now;
    /// `nil` otherwise or when the client no longer exists.
    public var client: ClientView?
    /// What the server layer makes of this change (its encoding), made once for every follower
    /// answered with it from the same read of the feed.
    public var memo: ChangeMemo

    public var kind: ChangeKind? { ChangeKind(rawValue: self.change.kind) }
}

/// An answer of `ChangeFeed.follow`: changes oldest first and where to follow from next.
public struct ChangePage: Sendable {
    public var changes: [ChangeView]
    public var nextCursor: String
    /// More changes are already waiting.
    public var more: Bool
}
