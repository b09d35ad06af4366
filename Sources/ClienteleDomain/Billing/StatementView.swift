public import ClienteleAccess
public import ClienteleStore

/// A statement as its readers see it.
public struct StatementView: Sendable, Equatable {
    public var statement: StatementRecord
    /// Oldest first; empty in a list of statements.
    public var entries: [LedgerEntryRecord]
    /// The client it belongs to, as the authorization policy sees it.
    public var resource: Resource

    public init(statement: StatementRecord, entries: [LedgerEntryRecord], resource: Resource) {
        self.statement = statement
        self.entries = entries
        self.resource = resource
    }

    public var exponent: Int { Currency.exponent(of: self.statement.currency) ?? 2 }
}

/// A page of a client's statements, newest first, without their entries.
public struct StatementPage: Sendable, Equatable {
    public var statements: [StatementRecord]
    public var nextPageToken: String
}
