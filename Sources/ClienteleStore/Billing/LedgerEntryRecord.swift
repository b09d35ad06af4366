/// One ledger entry: never changed or removed once written.
public struct LedgerEntryRecord: Sendable, Equatable {
    public var id: String
    public var clientID: String
    /// 1, 2, 3… per account.
    public var sequence: Int64
    /// The contract's `EntryKind` number.
    public var kind: Int
    /// Signed minor units: credits positive, debits negative.
    public var amountMinor: Int64
    public var balanceAfterMinor: Int64
    public var currency: String
    public var actor: String
    public var onBehalfOf: String?
    public var comment: String
    public var idempotencyKey: String?
    public var at: Int64
    public var paymentMethod: String
    public var paymentReference: String
    public var paymentPayer: String
    public var correctsEntryID: String?
    public var packageName: String

    public init(
        id: String, clientID: String, sequence: Int64, kind: Int, amountMinor: Int64, balanceAfterMinor: Int64,
        currency: String, actor: String, onBehalfOf: String?, comment: String, idempotencyKey: String?, at: Int64,
        paymentMethod: String = "", paymentReference: String = "", paymentPayer: String = "",
        correctsEntryID: String? = nil, packageName: String = ""
    ) {
        self.id = id
        self.clientID = clientID
        self.sequence = sequence
        self.kind = kind
        self.amountMinor = amountMinor
        self.balanceAfterMinor = balanceAfterMinor
        self.currency = currency
        self.actor = actor
        self.onBehalfOf = onBehalfOf
        self.comment = comment
        self.idempotencyKey = idempotencyKey
        self.at = at
        self.paymentMethod = paymentMethod
        self.paymentReference = paymentReference
        self.paymentPayer = paymentPayer
        self.correctsEntryID = correctsEntryID
        self.packageName = packageName
    }
}
