/// A free-text note on a client.
public struct NoteRecord: Sendable, Equatable {
    public var id: String
    public var clientID: String
    public var authorUserID: String
    public var text: String
    /// Unix milliseconds.
    public var createdAt: Int64

    public init(id: String, clientID: String, authorUserID: String, text: String, createdAt: Int64) {
        self.id = id
        self.clientID = clientID
        self.authorUserID = authorUserID
        self.text = text
        self.createdAt = createdAt
    }
}
