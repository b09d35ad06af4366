/// A message for the mail service, pending until acknowledged.
public struct OutboxMessageRecord: Sendable, Equatable {
    public var id: String
    public var groupID: String
    public var clientID: String
    /// The contract's `MessageKind` number.
    public var kind: Int
    public var recipientEmail: String
    public var recipientName: String
    public var subject: String
    public var body: String
    /// Template data; may hold a one-time token, erased on delivery.
    public var data: [String: String]
    public var createdAt: Int64
    public var deliveredAt: Int64?

    public init(
        id: String, groupID: String, clientID: String, kind: Int, recipientEmail: String, recipientName: String,
        subject: String, body: String, data: [String: String], createdAt: Int64, deliveredAt: Int64? = nil
    ) {
        self.id = id
        self.groupID = groupID
        self.clientID = clientID
        self.kind = kind
        self.recipientEmail = recipientEmail
        self.recipientName = recipientName
        self.subject = subject
        self.body = body
        self.data = data
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
    }
}
