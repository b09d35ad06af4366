public import ClienteleStore

/// One page of pending outbox messages, oldest first.
public struct OutboxPage: Sendable, Equatable {
    public var messages: [OutboxMessageRecord]
    /// Empty on the last page.
    public var nextPageToken: String
}
