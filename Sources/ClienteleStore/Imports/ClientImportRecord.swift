/// A CSV import of clients, from its begin until it expires.
public struct ClientImportRecord: Sendable, Equatable {
    public var id: String
    public var groupID: String
    /// Who began it (`WriteOrigin.caller`); only they may add rows and commit.
    public var caller: String
    /// The file's header, in order.
    public var columns: [String]
    /// 1 all or nothing, 2 row by row (the contract's `ClientImportMode`).
    public var mode: Int
    public var dryRun: Bool
    public var createdAt: Int64
    public var expiresAt: Int64
    /// Set by the commit; a committed import takes no more rows nor a second commit.
    public var committedAt: Int64?

    public init(
        id: String, groupID: String, caller: String, columns: [String], mode: Int, dryRun: Bool, createdAt: Int64,
        expiresAt: Int64, committedAt: Int64? = nil
    ) {
        self.id = id
        self.groupID = groupID
        self.caller = caller
        self.columns = columns
        self.mode = mode
        self.dryRun = dryRun
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.committedAt = committedAt
    }
}
