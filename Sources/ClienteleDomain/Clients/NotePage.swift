public import ClienteleStore

/// One page of a client's notes, newest first.
public struct NotePage: Sendable, Equatable {
    public var notes: [NoteRecord]
    /// Empty on the last page.
    public var nextPageToken: String
}
