/// A page of one account's ledger, newest first.
public struct LedgerQuery: Sendable {
    public var clientID: String
    /// Empty: every kind.
    public var kinds: [Int] = []
    public var since: Int64?
    public var until: Int64?
    /// The sequence of the last entry of the previous page.
    public var beforeSequence: Int64?
    public var limit = 50

    public init(clientID: String) {
        self.clientID = clientID
    }
}
