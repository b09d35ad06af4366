/// A statement of one client's account over a period: never changed once written.
/// Its entries are the ledger entries listed in `statement_entries`.
public struct StatementRecord: Sendable, Equatable {
    public var id: String
    public var groupID: String
    public var clientID: String
    /// 1, 2, 3… per group, without gaps.
    public var number: Int64
    /// Unix milliseconds: from `periodStart` (inclusive) to `periodEnd` (exclusive).
    public var periodStart: Int64
    public var periodEnd: Int64
    public var currency: String
    /// The balance at `periodStart`.
    public var openingMinor: Int64
    /// The sums of the period's positive and negative amounts (`debitsMinor` <= 0).
    public var creditsMinor: Int64
    public var debitsMinor: Int64
    /// `openingMinor + creditsMinor + debitsMinor`.
    public var closingMinor: Int64
    public var entryCount: Int
    /// Where it was sent, and the outbox message that carries it.
    public var recipientEmail: String
    public var messageID: String
    public var createdAt: Int64
    /// The actor that issued it ("usr_…", "key:<id>").
    public var createdBy: String

    public init(
        id: String, groupID: String, clientID: String, number: Int64, periodStart: Int64, periodEnd: Int64,
        currency: String, openingMinor: Int64, creditsMinor: Int64, debitsMinor: Int64, closingMinor: Int64,
        entryCount: Int, recipientEmail: String, messageID: String, createdAt: Int64, createdBy: String
    ) {
        self.id = id
        self.groupID = groupID
        self.clientID = clientID
        self.number = number
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.currency = currency
        self.openingMinor = openingMinor
        self.creditsMinor = creditsMinor
        self.debitsMinor = debitsMinor
        self.closingMinor = closingMinor
        self.entryCount = entryCount
        self.recipientEmail = recipientEmail
        self.messageID = messageID
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}
