/// One page of a client listing.
public struct ClientPage: Sendable, Equatable {
    public var clients: [ClientView]
    /// Empty on the last page.
    public var nextPageToken: String
}
