public import ClienteleStore

/// A posted entry and the account after it.
public struct LedgerPosting: Sendable, Equatable {
    public var entry: LedgerEntryRecord
    public var balance: BalanceView
}
