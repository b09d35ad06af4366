public import ClienteleStore

/// One page of the audit trail, newest first.
public struct AuditPage: Sendable, Equatable {
    public var entries: [AuditEntryRecord]
    /// Empty on the last page.
    public var nextPageToken: String
}
