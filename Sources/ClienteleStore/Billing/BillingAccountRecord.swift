/// A client's billing account: the running balance of its ledger.
public struct BillingAccountRecord: Sendable, Equatable {
    public var clientID: String
    public var groupID: String
    /// Minor units of the client's currency; the sum of the ledger's amounts.
    public var balanceMinor: Int64
    public var entryCount: Int64

    public init(clientID: String, groupID: String, balanceMinor: Int64 = 0, entryCount: Int64 = 0) {
        self.clientID = clientID
        self.groupID = groupID
        self.balanceMinor = balanceMinor
        self.entryCount = entryCount
    }
}
