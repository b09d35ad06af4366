public import ClienteleStore

/// A page of a ledger, newest first.
public struct LedgerPage: Sendable, Equatable {
    public var entries: [LedgerEntryRecord]
    public var nextPageToken: String
}
